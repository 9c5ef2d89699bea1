//! `quire watch --serve`: the output folder served on 127.0.0.1 only, and a
//! reload pushed to every open page after each rebuild (server-sent
//! events), as Typst's watch does it: tiny_http on plain threads, no async
//! runtime. The reload script goes into served HTML responses only, never
//! into a file on disk. A failed rebuild leaves the last good files in place
//! and its diagnostics are shown over the page.
//!
//! The library never prints: the CLI prints the URL and each rebuild.

mod pages;

use crate::diag::Diagnostic;
use crate::files::{self, Confined};
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// The preview's own pages live under this prefix, out of the way of the
/// outputs' names (a document's stem never starts with `_quire`).
const OWN: &str = "/_quire/";
/// The event stream's path.
const EVENTS: &str = "/_quire/events";
/// A PDF's wrapper page: `/_quire/view/NAME.pdf`.
const VIEW: &str = "/_quire/view/";
/// An idle event stream sends a comment this often, so a closed tab is
/// noticed (the write fails) and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How long a browser waits before it reconnects a dropped event stream
/// (the SSE `retry:` field), so a restarted watch is found again quickly.
const RETRY_MS: u32 = 1000;

/// Why the preview could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} on 127.0.0.1 is taken (another server, or another `quire watch --serve`?): choose another with --port N, or --port 0 for any free port")]
    PortTaken { port: u16 },
    #[error("cannot serve on 127.0.0.1:{port}: {reason}")]
    Cannot { port: u16, reason: String },
}

/// The running preview server. Dropping it without `stop` leaves its
/// threads to end with the process.
pub struct Preview {
    shared: Arc<Shared>,
    server: Arc<tiny_http::Server>,
    address: SocketAddr,
    acceptor: Option<JoinHandle<()>>,
}

/// What every request handler reads: the folder served and the last build.
struct Shared {
    output: PathBuf,
    state: Mutex<State>,
    /// Signalled when `state` changes, waking the event streams.
    changed: Condvar,
    /// Event streams open, and responses being written, each on a thread
    /// of its own.
    streams: AtomicUsize,
    responses: AtomicUsize,
}

/// At most this many event streams at once (a preview has a few tabs
/// open), and this many responses being written, so a client that opens
/// connections without end, or stops reading, can neither use up the
/// machine's threads nor stall the other pages.
const MAX_STREAMS: usize = 32;
const MAX_RESPONSES: usize = 16;

/// A place among `MAX_STREAMS` or `MAX_RESPONSES`, given back when dropped.
struct Place {
    shared: Arc<Shared>,
    stream: bool,
}

impl Place {
    fn take(shared: &Arc<Shared>, stream: bool) -> Option<Place> {
        let (count, max) = if stream {
            (&shared.streams, MAX_STREAMS)
        } else {
            (&shared.responses, MAX_RESPONSES)
        };
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()?;
        Some(Place {
            shared: shared.clone(),
            stream,
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let count = if self.stream {
            &self.shared.streams
        } else {
            &self.shared.responses
        };
        count.fetch_sub(1, Ordering::AcqRel);
    }
}

#[derive(Clone)]
struct State {
    /// Bumped by each rebuild that wrote files: pages older than it reload,
    /// and a PDF is fetched again as `NAME.pdf?v=VERSION`.
    version: u64,
    /// The last rebuild's errors (empty after a good one).
    errors: Vec<Diagnostic>,
    /// Bumped by every rebuild, good or failed: each stream sends one event per step.
    generation: u64,
    stopping: bool,
}

impl Preview {
    /// Starts serving `output` on 127.0.0.1:`port` (0: any free port).
    pub fn start(output: &Path, port: u16) -> Result<Preview, ServeError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).map_err(|err| {
            if err.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortTaken { port }
            } else {
                ServeError::Cannot {
                    port,
                    reason: err.to_string(),
                }
            }
        })?;
        let cannot = |reason: String| ServeError::Cannot { port, reason };
        let address = listener.local_addr().map_err(|e| cannot(e.to_string()))?;
        let server =
            tiny_http::Server::from_listener(listener, None).map_err(|e| cannot(e.to_string()))?;
        let server = Arc::new(server);
        let shared = Arc::new(Shared {
            output: output.to_path_buf(),
            state: Mutex::new(State {
                version: 1,
                errors: Vec::new(),
                generation: 0,
                stopping: false,
            }),
            changed: Condvar::new(),
            streams: AtomicUsize::new(0),
            responses: AtomicUsize::new(0),
        });
        let acceptor = {
            let (server, shared) = (server.clone(), shared.clone());
            std::thread::Builder::new()
                .name("quire-serve".to_owned())
                .spawn(move || {
                    for request in server.incoming_requests() {
                        handle(&shared, address.port(), request);
                    }
                })
                .map_err(|e| cannot(e.to_string()))?
        };
        Ok(Preview {
            shared,
            server,
            address,
            acceptor: Some(acceptor),
        })
    }

    /// The address it listens on (always 127.0.0.1).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The index page's URL, to print and to open.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Tells open pages about a rebuild: with no errors they reload; with
    /// errors they keep what they show and lay the errors over it. A
    /// rebuild that wrote files (`wrote`) makes pages reload either way.
    pub fn publish(&self, wrote: bool, errors: Vec<Diagnostic>) {
        let mut state = self.shared.lock();
        if wrote {
            state.version += 1;
        }
        state.errors = errors;
        state.generation += 1;
        drop(state);
        self.shared.changed.notify_all();
    }

    /// Stops accepting requests, ends the event streams, and waits for the
    /// request thread.
    pub fn stop(mut self) {
        self.shared.lock().stopping = true;
        self.shared.changed.notify_all();
        self.server.unblock();
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

impl Shared {
    /// The state, even if a handler panicked while holding it (it holds
    /// plain values, never left half-updated).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn handle(shared: &Arc<Shared>, port: u16, request: tiny_http::Request) {
    use tiny_http::Method;
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = pages::text(405, "only GET and HEAD are served\n");
        let response = pages::with_header(response, "Allow", "GET, HEAD");
        let _ = request.respond(response);
        return;
    }
    if !local_host(&request, port) {
        // A page elsewhere that rebinds its own name to 127.0.0.1 must not
        // read the preview: only requests addressed to loopback are served.
        let _ = request.respond(pages::text(403, "served to 127.0.0.1 and localhost only\n"));
        return;
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let is_stream = path == EVENTS && *request.method() == Method::Get;
    let Some(place) = Place::take(shared, is_stream) else {
        let busy = pages::text(503, "the preview is busy; try again\n");
        let _ = request.respond(pages::with_header(busy, "Retry-After", "1"));
        return;
    };
    let shared = shared.clone();
    // Each open page holds its stream for as long as it is open, and a
    // response is written on a thread of its own, so a client that stops
    // reading stalls only itself.
    let _ = std::thread::Builder::new()
        .name("quire-serve-request".to_owned())
        .spawn(move || {
            let _place = place;
            if is_stream {
                stream(&shared, request);
            } else {
                let _ = request.respond(respond(&shared, &path));
            }
        });
}

/// The response to a GET (or HEAD, whose body tiny_http leaves out) of `path`.
fn respond(shared: &Shared, path: &str) -> Response {
    let state = shared.lock().clone();
    if path == "/" {
        let outputs = files::files_under(&shared.output);
        return pages::html(200, &pages::index(&outputs, &state.errors), state.version);
    }
    if let Some(rest) = path.strip_prefix(VIEW) {
        return match pages::relative(rest) {
            Some(rel) if is_pdf(&rel) && files::is_file(&shared.output.join(&rel)) => {
                pages::html(200, &pages::pdf_viewer(&rel, state.version), state.version)
            }
            _ => not_found(path, state.version),
        };
    }
    if path == EVENTS {
        // A HEAD of the stream: its headers, no stream.
        return pages::bytes(200, "text/event-stream", Vec::new());
    }
    if path.starts_with(OWN) {
        return not_found(path, state.version);
    }
    let Some(rel) = pages::relative(path) else {
        return not_found(path, state.version);
    };
    let roots = [shared.output.clone()];
    match files::read_inside(&roots, &shared.output.join(&rel)) {
        Confined::Read(file, bytes) => {
            let kind = pages::content_type(&file);
            if kind.starts_with("text/html") {
                let page = String::from_utf8_lossy(&bytes);
                pages::html(200, &page, state.version)
            } else {
                pages::bytes(200, kind, bytes)
            }
        }
        // Outside the folder (`..` after decoding, a symlink out) looks
        // exactly like a missing file.
        Confined::Missing | Confined::Outside | Confined::Unreadable(_) => {
            not_found(path, state.version)
        }
    }
}

fn not_found(path: &str, version: u64) -> Response {
    pages::html(404, &pages::not_found(path), version)
}

fn is_pdf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// The request's `Host` names loopback (or is absent, as from an HTTP/1.0 tool).
fn local_host(request: &tiny_http::Request, port: u16) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return true;
    };
    let name = match host.rsplit_once(':') {
        Some((name, p)) if p == port.to_string() => name,
        Some(_) => return false,
        None => host.as_str(),
    };
    matches!(name, "127.0.0.1" | "localhost")
}

/// One page's event stream: the current state at once, then one event per
/// rebuild (`reload`, or `failed` with the errors), until the page closes
/// or the preview stops.
fn stream(shared: &Shared, request: tiny_http::Request) {
    let mut writer = request.into_writer();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: {RETRY_MS}\n\n"
    );
    let mut state = shared.lock().clone();
    if send(&mut writer, head.as_bytes()).is_err()
        || send(&mut writer, pages::event("status", &state).as_bytes()).is_err()
    {
        return;
    }
    loop {
        let seen = state.generation;
        let guard = shared.lock();
        let (guard, _) = shared
            .changed
            .wait_timeout_while(guard, KEEPALIVE, |s| s.generation == seen && !s.stopping)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state = guard.clone();
        drop(guard);
        if state.stopping {
            return;
        }
        let message = if state.generation == seen {
            ": keepalive\n\n".to_owned()
        } else if state.errors.is_empty() {
            pages::event("reload", &state)
        } else {
            pages::event("failed", &state)
        };
        if send(&mut writer, message.as_bytes()).is_err() {
            return;
        }
    }
}

fn send(writer: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    writer.write_all(bytes)?;
    writer.flush()
}

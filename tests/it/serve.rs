//! `quire watch --serve`: the preview server, spoken to over real sockets
//! with a small HTTP/1.1 client. Every wait is bounded and ends as soon as
//! the awaited line, page or event appears; every server is killed when its
//! test ends.

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a line of the log may take (a debug build on a loaded machine).
const PATIENCE: Duration = Duration::from_secs(60);
/// The promise: an edit is served within 3 s.
const EDIT_SERVED: Duration = Duration::from_secs(3);
/// Between two looks at the page while waiting for an edit.
const POLL: Duration = Duration::from_millis(50);

/// A running `quire watch --serve`, killed however the test ends.
struct Served {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
    /// Every log line read so far.
    seen: RefCell<Vec<String>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `quire watch ARGS --serve --port 0` in `dir`, once it serves and watches.
fn serve(dir: &Path, args: &[&str]) -> Served {
    serve_with(dir, args, |_| {})
}

fn serve_with(dir: &Path, args: &[&str], env: impl FnOnce(&mut Command)) -> Served {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command
        .arg("watch")
        .args(args)
        .args(["--serve", "--port", "0"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    env(&mut command);
    let mut child = command.spawn().expect("quire runs");
    let stderr = child.stderr.take().unwrap();
    let (sender, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut served = Served {
        child,
        port: 0,
        log,
        seen: RefCell::default(),
    };
    let line = served.wait_for_line("serving ").unwrap();
    let address = line
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no loopback URL in {line:?}"));
    served.port = address.trim_end_matches('/').parse().unwrap();
    served.wait_for_line("watching").unwrap();
    served
}

impl Served {
    /// Waits for a log line containing `wanted`; returns it, or what was seen.
    fn wait_for_line(&self, wanted: &str) -> Result<String, String> {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) => {
                    self.seen.borrow_mut().push(line.clone());
                    if line.contains(wanted) {
                        return Ok(line);
                    }
                }
                Err(_) => break,
            }
        }
        Err(format!(
            "no `{wanted}` line; saw:\n{}",
            self.seen.borrow().join("\n")
        ))
    }

    fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path, &format!("127.0.0.1:{}", self.port))
    }
}

/// An HTTP response: status, headers (names lower-cased) and body.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One request on its own connection, read to the end.
fn request(port: u16, method: &str, path: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("the server answers");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {raw:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// The lines of the server-sent event stream, as they arrive.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
    write!(
        stream,
        "GET /_quire/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// The `data:` of the next event named `name` on the stream.
fn next_event(lines: &mpsc::Receiver<String>, name: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    let mut named = false;
    let mut seen = String::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = lines.recv_timeout(left) else {
            break;
        };
        seen.push_str(&line);
        seen.push('\n');
        if line == format!("event: {name}") {
            named = true;
        } else if let Some(data) = line.strip_prefix("data: ").filter(|_| named) {
            return data.to_owned();
        } else if line.is_empty() {
            named = false;
        }
    }
    panic!("no `{name}` event; the stream said:\n{seen}")
}

/// Looks at `path` until its body contains `wanted`, for at most `within`.
fn served_within(served: &Served, path: &str, wanted: &str, within: Duration) -> Reply {
    let deadline = Instant::now() + within;
    loop {
        let reply = served.get(path);
        if reply.body.contains(wanted) || Instant::now() >= deadline {
            return reply;
        }
        std::thread::sleep(POLL);
    }
}

fn project(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.md"), source).unwrap();
    dir
}

const FIRST: &str = "---\ntitle: Served\n---\n\nFirst version.\n";
const SECOND: &str = "---\ntitle: Served\n---\n\nSecond version.\n";
const BROKEN: &str = "---\ntitle: [unclosed\n---\n\nBroken.\n";

#[test]
fn an_edit_is_served_and_a_broken_save_keeps_the_last_good_page() {
    let dir = project(FIRST);
    let served = serve(dir.path(), &["doc.md", "--to", "html,txt", "-o", "out"]);
    let page = served.get("/doc.html");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("First version."), "{}", page.body);
    // The reload script is in the served page, never in the file.
    assert!(page.body.contains("<script data-quire-preview>"));
    let on_disk = std::fs::read_to_string(dir.path().join("out/doc.html")).unwrap();
    assert!(on_disk.contains("First version.") && !on_disk.contains("quire-preview"));
    let text = served.get("/doc.txt");
    assert_eq!(
        text.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(!text.body.contains("<script"), "{}", text.body);

    let stream = events(served.port);
    let status = next_event(&stream, "status");
    assert!(status.contains("\"errors\":[]"), "{status}");

    std::fs::write(dir.path().join("doc.md"), SECOND).unwrap();
    let page = served_within(&served, "/doc.html", "Second version.", EDIT_SERVED);
    assert!(
        page.body.contains("Second version."),
        "not served within {EDIT_SERVED:?}: {}",
        page.body
    );
    let reload = next_event(&stream, "reload");
    assert!(reload.contains("\"version\":"), "{reload}");
    let report = served.wait_for_line("rebuilt in").unwrap();
    let seconds = report
        .strip_prefix("rebuilt in ")
        .and_then(|r| r.strip_suffix(" s"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(seconds.parse::<f64>().is_ok(), "{report}");
    assert_eq!(seconds.split('.').nth(1).map(str::len), Some(3), "{report}");

    // A broken save: the log and the event name the place, and the page
    // served is still the last good one.
    std::fs::write(dir.path().join("doc.md"), BROKEN).unwrap();
    served.wait_for_line("doc.md:2:").unwrap();
    served.wait_for_line("rebuild failed").unwrap();
    let failed = next_event(&stream, "failed");
    assert!(failed.contains("\"location\":\"doc.md:2:"), "{failed}");
    assert!(failed.contains("\"hint\":\""), "{failed}");
    let page = served.get("/doc.html");
    assert!(page.body.contains("Second version."), "{}", page.body);
    let index = served.get("/");
    assert!(
        index.body.contains("The last rebuild failed"),
        "{}",
        index.body
    );
    assert!(index.body.contains("href=\"/doc.html\""), "{}", index.body);
    assert!(served.get("/doc.html").body.contains("Second version."));
}

#[test]
fn only_files_under_the_output_folder_are_served() {
    let dir = project(FIRST);
    std::fs::write(dir.path().join("secret.txt"), "the secret").unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("out/link.txt"),
    )
    .unwrap();
    let served = serve(dir.path(), &["doc.md", "--to", "html,pdf", "-o", "out"]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/link.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/..%5csecret.txt",
        "/_quire/view/../secret.txt",
        "/_quire/view/doc.html",
    ] {
        let reply = served.get(path);
        assert_eq!(reply.status, 404, "{path}: {reply:?}");
        assert!(!reply.body.contains("the secret"), "{path}");
    }

    // The PDF: its wrapper page frames it under a version, and the file
    // itself is never cached.
    let viewer = served.get("/_quire/view/doc.pdf");
    assert_eq!(viewer.status, 200);
    assert!(viewer.body.contains("id=\"quire-pdf\""), "{}", viewer.body);
    assert!(viewer.body.contains("src=\"/doc.pdf?v="), "{}", viewer.body);
    let pdf = served.get("/doc.pdf?v=2");
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(pdf.header("cache-control"), Some("no-store"));
    assert!(pdf.body.starts_with("%PDF-"));
    let index = served.get("/");
    assert!(
        index.body.contains("href=\"/_quire/view/doc.pdf\""),
        "{}",
        index.body
    );

    // HEAD has the headers and no body; other methods are refused.
    let host = format!("127.0.0.1:{}", served.port);
    let head = request(served.port, "HEAD", "/doc.pdf", &host);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("application/pdf"));
    assert!(head.body.is_empty());
    let post = request(served.port, "POST", "/doc.pdf", &host);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    // A page elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding)
    // is refused; localhost is served.
    let rebound = request(served.port, "GET", "/doc.html", "evil.example");
    assert_eq!(rebound.status, 403);
    let localhost = format!("localhost:{}", served.port);
    assert_eq!(
        request(served.port, "GET", "/doc.html", &localhost).status,
        200
    );
}

#[test]
fn it_listens_on_loopback_only() {
    let dir = project(FIRST);
    let served = serve(dir.path(), &["doc.md", "--to", "txt", "-o", "out"]);
    assert_eq!(served.get("/doc.txt").status, 200);
    // Bound to 127.0.0.1 itself, not to every address: another address of
    // the loopback range reaches a wildcard socket, never this one.
    let other = SocketAddr::from(([127, 0, 0, 2], served.port));
    assert!(
        TcpStream::connect_timeout(&other, Duration::from_secs(5)).is_err(),
        "the server answers on 127.0.0.2"
    );
    // And the kernel's own table says so (Linux): the listening socket's
    // local address is 0100007F (127.0.0.1, little-endian).
    if let Ok(table) = std::fs::read_to_string("/proc/net/tcp") {
        let port = format!(":{:04X}", served.port);
        let listening: Vec<&str> = table
            .lines()
            .filter_map(|l| {
                let fields: Vec<&str> = l.split_whitespace().collect();
                (fields.get(3) == Some(&"0A") && fields[1].ends_with(&port)).then(|| fields[1])
            })
            .collect();
        assert_eq!(listening, [format!("0100007F{port}")]);
    }
}

#[test]
fn a_taken_port_is_named_and_a_free_one_suggested() {
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = project(FIRST);
    let run = crate::common::quire(&[
        "watch", "doc.md", "--to", "txt", "-o", "out", "--serve", "--port", &port,
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("port {port} on 127.0.0.1 is taken")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port 0"), "{}", run.stderr);
}

#[test]
fn ctrl_c_stops_cleanly() {
    let dir = project(FIRST);
    let mut served = serve(dir.path(), &["doc.md", "--to", "html,pdf", "-o", "out"]);
    let port = served.port;
    assert_eq!(served.get("/doc.html").status, 200);
    // An open page, whose stream must not hold the stop up.
    let stream = events(port);
    next_event(&stream, "status");
    // What Ctrl-C sends (the shell's own `kill`, on every machine).
    let interrupted = Command::new("sh")
        .args(["-c", &format!("kill -INT {}", served.child.id())])
        .status()
        .unwrap();
    assert!(interrupted.success());
    served.wait_for_line("stopped").unwrap();
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(POLL);
    };
    assert_eq!(status.code(), Some(0));
    assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err());

    let left: Vec<String> = crate::common::files_in(&dir.path().join("out"));
    assert_eq!(left, ["doc.html", "doc.pdf"]);
}

#[test]
fn open_without_a_browser_still_serves() {
    let dir = project(FIRST);
    let empty = tempfile::tempdir().unwrap();
    let served = serve_with(
        dir.path(),
        &["doc.md", "--to", "html", "-o", "out", "--open"],
        // No xdg-open, no browser: nothing to open with.
        |command| {
            command.env("PATH", empty.path()).env_remove("BROWSER");
        },
    );
    assert!(served.get("/doc.html").body.contains("First version."));
    let seen = served.seen.borrow().join("\n");
    assert!(seen.contains("no browser could be opened"), "{seen}");
}

/// A client that stops reading stalls only itself, and a flood of event
/// streams is refused beyond a bound (503) while pages are still served.
#[test]
fn a_stalled_client_and_a_flood_of_streams_leave_the_preview_serving() {
    let dir = project(FIRST);
    let served = serve(dir.path(), &["doc.md", "--to", "html", "-o", "out"]);
    std::fs::write(dir.path().join("out/big.bin"), vec![0u8; 50 << 20]).unwrap();
    let mut stalled = TcpStream::connect((Ipv4Addr::LOCALHOST, served.port)).unwrap();
    write!(
        stalled,
        "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        served.port
    )
    .unwrap();
    // Never read: its response cannot be written out.
    assert_eq!(served.get("/doc.html").status, 200);
    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..40 {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, served.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /_quire/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            served.port
        )
        .unwrap();
        let mut status = [0u8; 12];
        stream.read_exact(&mut status).unwrap();
        if status.ends_with(b"503") {
            refused += 1;
        }
        open.push(stream);
    }
    assert!(refused > 0 && refused < 40, "{refused} of 40 refused");
    assert_eq!(served.get("/doc.html").status, 200);
    drop(stalled);
}

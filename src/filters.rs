//! pandoc's JSON filters: the only room that starts other programs.
//!
//! A filter is run as pandoc runs it: the document as pandoc's JSON AST on
//! its standard input, the name of pandoc's writer as its first argument
//! (`docx`, `html`, `latex` for a PDF…), `PANDOC_VERSION` and
//! `PANDOC_READER_OPTIONS` in its environment; what it writes on standard
//! output is the document from then on. A file that is not executable is
//! run by the interpreter its extension names (`.py` → Python). Each run
//! has a time limit; what the filter says on standard error becomes
//! warnings, and a filter that fails is an error carrying its own words.

use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::error::{Error, Result};
use crate::files;
use crate::format::Format;
use crate::pandoc_ast;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The pandoc whose AST quire speaks (pandoc-types 1.23): what filters
/// that check `PANDOC_VERSION` see.
pub const PANDOC_VERSION: &str = "3.9";

/// How long one filter may run on one document before it is stopped: a
/// panflute filter starts in well under a second, so a minute is a filter
/// that hangs, not one that is slow.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// pandoc's reader options as pandoc 3 passes them (filters rarely read
/// them; panflute keeps them on `doc.reader_options`).
const READER_OPTIONS: &str = r#"{"abbreviations":[],"columns":80,"default-image-extension":"","extensions":[],"indented-code-classes":[],"standalone":false,"strip-comments":false,"tab-stop":4,"track-changes":"accept-changes"}"#;

/// How long the wait for a running filter sleeps between looks.
const POLL: Duration = Duration::from_millis(5);

/// The filters of a build, in the order they run.
#[derive(Debug, Clone)]
pub struct Filters {
    /// The filter programs, each run on what the one before it wrote.
    pub programs: Vec<PathBuf>,
    /// The interpreter of `.py` filters that are not executable (`python3`
    /// when `None`; the Python package gives its own `sys.executable`).
    pub python: Option<PathBuf>,
    /// How long each run may take.
    pub time_limit: Duration,
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            programs: Vec::new(),
            python: None,
            time_limit: TIME_LIMIT,
        }
    }
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.programs.is_empty()
    }
}

/// pandoc's name for the writer of a format: the filter's first argument.
/// A PDF is pandoc's `latex` (pandoc makes PDF through LaTeX).
pub fn writer_name(format: Format) -> &'static str {
    match format {
        Format::Pdf => "latex",
        Format::Docx => "docx",
        Format::Epub => "epub3",
        Format::Html | Format::Fragment => "html",
        Format::Text => "plain",
        Format::Json | Format::PandocJson => "json",
    }
}

/// `--lua-filter`: refused, with why.
pub fn lua_refused() -> Error {
    Error::Usage(
        "Lua filters are not supported: they run inside pandoc's own Lua interpreter, which quire \
         does not have; write the filter as a JSON filter (panflute, pandocfilters) and pass it \
         with --filter"
            .to_owned(),
    )
}

/// Runs every filter in order on `doc` for pandoc's writer `writer`:
/// the document they leave, and what they said on standard error as
/// warnings about `file`.
pub fn run(
    filters: &Filters,
    doc: Document,
    writer: &str,
    file: &str,
) -> Result<(Document, Vec<Diagnostic>)> {
    let mut doc = doc;
    let mut warnings = Vec::new();
    for program in &filters.programs {
        let (json, said) = run_one(filters, program, &pandoc_ast::to_json(&doc), writer)
            .map_err(|message| failed(file, program, message))?;
        let shown = files::display(program);
        warnings.extend(
            said.lines()
                .map(str::trim_end)
                .filter(|line| !line.trim().is_empty())
                .map(|line| Diagnostic::warning(file, format!("filter `{shown}`: {line}"))),
        );
        doc = pandoc_ast::from_json(&json).map_err(|message| {
            failed(
                file,
                program,
                format!("what it wrote is not a document: {message}"),
            )
        })?;
    }
    Ok((doc, warnings))
}

fn failed(file: &str, program: &Path, message: String) -> Error {
    Diagnostic::error(
        file,
        format!("filter `{}` failed: {message}", files::display(program)),
    )
    .hint("a JSON filter reads pandoc's JSON AST on standard input and writes it back on standard output")
    .into()
}

/// One run: the JSON the filter wrote and what it said on standard error,
/// or why it failed (in its own words where it gave some).
fn run_one(
    filters: &Filters,
    program: &Path,
    input: &[u8],
    writer: &str,
) -> std::result::Result<(Vec<u8>, String), String> {
    let mut child = spawn(filters, program, writer)?;
    // Standard input is written and the outputs read on threads of their
    // own, so a filter that writes before it has read all does not block.
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let input = input.to_vec();
    std::thread::scope(|scope| {
        let writing = scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                // A filter may stop reading early (and fail, which is
                // reported below): a broken pipe here says nothing more.
                let _ = stdin.write_all(&input);
            }
        });
        let reading = scope.spawn(move || read_all(stdout));
        let reading_err = scope.spawn(move || read_all(stderr));
        let status = wait(&mut child, filters.time_limit);
        let _ = writing.join();
        let output = reading.join().unwrap_or_default();
        let said = String::from_utf8_lossy(&reading_err.join().unwrap_or_default()).into_owned();
        let status = status?;
        if !status.success() {
            let how = match status.code() {
                Some(code) => format!("it exited with status {code}"),
                None => "it was killed".to_owned(),
            };
            let said = said.trim();
            return Err(if said.is_empty() {
                how
            } else {
                format!("{how}: {said}")
            });
        }
        if output.iter().all(u8::is_ascii_whitespace) {
            return Err("it wrote nothing on standard output".to_owned());
        }
        Ok((output, said))
    })
}

fn read_all(pipe: Option<impl Read>) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some(mut pipe) = pipe {
        let _ = pipe.read_to_end(&mut bytes);
    }
    bytes
}

/// Waits for the filter, stopping it when its time is up.
fn wait(
    child: &mut Child,
    limit: Duration,
) -> std::result::Result<std::process::ExitStatus, String> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "it was stopped after {} s, its time limit",
                    limit.as_secs_f32()
                ));
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(err) => return Err(format!("it could not be waited for: {err}")),
        }
    }
}

/// Starts the filter: the file itself when it can be run, else the
/// interpreter its extension names, as pandoc does.
fn spawn(filters: &Filters, program: &Path, writer: &str) -> std::result::Result<Child, String> {
    if program
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("lua"))
    {
        return Err(lua_refused().to_string());
    }
    // A file named without a folder is the one in the working folder
    // (pandoc's rule), not a program on PATH of that name.
    let local = program.components().count() == 1 && files::is_file(program);
    let path = if local {
        Path::new(".").join(program)
    } else {
        program.to_path_buf()
    };
    let start = |mut command: Command| {
        command
            .arg(writer)
            .env("PANDOC_VERSION", PANDOC_VERSION)
            .env("PANDOC_READER_OPTIONS", READER_OPTIONS)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    };
    let interpreter = interpreter(filters, &path);
    match start(Command::new(&path)) {
        Ok(child) => Ok(child),
        // Not executable, or not a program the system can start (a script
        // without `#!`): its interpreter, when its extension names one.
        Err(err) if interpreter.is_some() && cannot_execute(&err) => {
            let interpreter = interpreter.unwrap_or_default();
            let mut command = Command::new(&interpreter);
            command.arg(&path);
            start(command).map_err(|err| {
                format!(
                    "its interpreter `{}` could not be started: {err}",
                    interpreter.display()
                )
            })
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            Err("there is no such file or program".to_owned())
        }
        Err(err) => Err(format!("it could not be started: {err}")),
    }
}

/// The error of starting a file that exists but cannot be run itself.
fn cannot_execute(err: &std::io::Error) -> bool {
    // ENOEXEC (8 on Linux and macOS): a file the system cannot run.
    const ENOEXEC: i32 = 8;
    err.kind() == std::io::ErrorKind::PermissionDenied || err.raw_os_error() == Some(ENOEXEC)
}

/// The interpreter for a filter by its extension, as pandoc chooses it.
fn interpreter(filters: &Filters, path: &Path) -> Option<PathBuf> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let program = match extension.as_str() {
        "py" => {
            return Some(
                filters
                    .python
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("python3")),
            )
        }
        "hs" => "runhaskell",
        "pl" => "perl",
        "rb" => "ruby",
        "php" => "php",
        "js" => "node",
        "r" => "Rscript",
        _ => return None,
    };
    Some(PathBuf::from(program))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A filter that never ends is stopped at its time limit, with an
    /// error that says so.
    #[test]
    fn a_filter_that_hangs_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("hangs.py");
        files::write_atomic(&program, b"import time\ntime.sleep(60)\n").unwrap();
        let filters = Filters {
            programs: vec![program],
            time_limit: Duration::from_millis(500),
            ..Filters::default()
        };
        let started = Instant::now();
        let error = run(&filters, Document::default(), "html", "doc.md").unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(error.to_string().contains("time limit"), "{error}");
    }

    #[test]
    fn pdf_is_latex_to_a_filter() {
        assert_eq!(writer_name(Format::Pdf), "latex");
        assert_eq!(writer_name(Format::Fragment), "html");
        assert_eq!(writer_name(Format::Text), "plain");
    }
}

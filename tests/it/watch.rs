//! `quire watch`: it builds, waits, and rebuilds when a source changes. Every
//! wait is bounded and ends as soon as the awaited line or file appears.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(60);

/// Kills the watcher however the test ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for a standard error line containing `wanted`; returns what was seen.
fn wait_for_line(lines: &mpsc::Receiver<String>, wanted: &str) -> Result<(), String> {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = String::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(wanted) => return Ok(()),
            Ok(line) => seen.push_str(&line),
            Err(_) => break,
        }
    }
    Err(format!("no `{wanted}` line; saw:\n{seen}"))
}

#[test]
fn an_edited_source_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("doc.md");
    std::fs::write(&source, "---\ntitle: Watched\n---\n\nFirst version.\n").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["watch", "doc.md", "--to", "txt", "-o", "out"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quire runs");
    let mut watcher = Watcher(child);
    let stderr = watcher.0.stderr.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    wait_for_line(&lines, "watching").unwrap();
    let output = dir.path().join("out/doc.txt");
    assert!(std::fs::read_to_string(&output)
        .unwrap()
        .contains("First version."));

    std::fs::write(&source, "---\ntitle: Watched\n---\n\nSecond version.\n").unwrap();
    wait_for_line(&lines, "rebuilt in").unwrap();
    let text = std::fs::read_to_string(&output).unwrap();
    assert!(text.contains("Second version."), "{text}");

    // A broken edit is reported and the watch goes on.
    std::fs::write(&source, "---\ntitle: [unclosed\n---\n\nBroken.\n").unwrap();
    wait_for_line(&lines, "rebuild failed").unwrap();
    assert!(watcher.0.try_wait().unwrap().is_none(), "the watch ended");
    std::fs::write(&source, "---\ntitle: Watched\n---\n\nThird version.\n").unwrap();
    wait_for_line(&lines, "rebuilt in").unwrap();
    let text = std::fs::read_to_string(&output).unwrap();
    assert!(text.contains("Third version."), "{text}");
}

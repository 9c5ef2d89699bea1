//! The house rules of DESIGN.md, checked on the source: the top-level
//! modules form layers without cycles (each uses only those below it), each
//! crate lives in one room, and no file outgrows its concern.

use crate::common::repo;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The rooms, bottom to top, as src/lib.rs lists them.
const ROOMS: &[&str] = &[
    "diag",
    "error",
    "doc",
    "format",
    "date",
    "files",
    "source",
    "data",
    "fonts",
    "image",
    "project",
    "template",
    "layout",
    "read",
    "transform",
    "assets",
    "pandoc_ast",
    "filters",
    "write",
    "build",
    "scaffold",
    "serve",
];

/// Crates that one room alone may name: (crate, the path it lives under).
const ONE_ROOM_CRATES: &[(&str, &str)] = &[
    ("comrak", "src/read"),
    ("minijinja", "src/template.rs"),
    ("epub_builder", "src/write/epub"),
    // Only as the type epub-builder takes its dates in; quire's dates are `time`.
    ("chrono", "src/write/epub"),
    // The DOCX's SVG fallbacks (the resvg krilla-svg builds).
    ("resvg", "src/write/docx"),
    ("krilla", "src/write/pdf/emit"),
    ("krilla_svg", "src/write/pdf/emit"),
    ("comemo", "src/write/pdf/emit"),
    ("notify", "src/files"),
    ("fontdb", "src/fonts"),
    ("subsetter", "src/fonts/screen.rs"),
    ("write_fonts", "src/fonts/screen.rs"),
    ("clap", "src/cli"),
    ("indicatif", "src/cli"),
    ("stacker", "src/cli"),
    ("tiny_http", "src/serve"),
    ("percent_encoding", "src/serve"),
    // Signals and the browser are the terminal's business.
    ("ctrlc", "src/cli"),
    ("open", "src/cli"),
    ("pyo3", "src/python"),
    ("pythonize", "src/python"),
];

/// DESIGN.md: "A file that grows past ~600 lines is asking to be split".
const MAX_LINES: usize = 600;
const MAX_MAIN_LINES: usize = 300;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level room a file of src/ belongs to (`src/write/pdf/flow.rs` →
/// `write`), or None for the facade and the binary.
fn room_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_owned();
    (!matches!(name.as_str(), "lib" | "main" | "cli" | "python")).then_some(name)
}

/// Every `crate::NAME` a file's code names (comments and strings aside,
/// which never hold one in this code base), `use crate::{a, b}` included.
fn rooms_used(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            group[..end].split(',').collect()
        } else {
            vec![rest]
        };
        for name in names {
            let ident: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !ident.is_empty() {
                used.insert(ident);
            }
        }
    }
    used
}

#[test]
fn rooms_use_only_rooms_below_them() {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let Some(room) = room_of(&src, file) else {
            continue;
        };
        let Some(level) = ROOMS.iter().position(|r| *r == room) else {
            violations.push(format!("{}: room `{room}` is not in ROOMS", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in rooms_used(&text) {
            match ROOMS.iter().position(|r| *r == used) {
                Some(other) if other > level => violations.push(format!(
                    "{}: `{room}` uses `{used}`, a room above it",
                    file.display()
                )),
                Some(_) => {}
                None if used == room => {}
                None => violations.push(format!(
                    "{}: `crate::{used}` is not a room (use the room's own path, not the facade)",
                    file.display()
                )),
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_checker_sees_a_room_above() {
    let used = rooms_used(
        "use crate::{doc, write::Format};\nlet x = crate::build::check();\n// crate::cli",
    );
    assert_eq!(
        used.into_iter().collect::<Vec<_>>(),
        ["build", "doc", "write"]
    );
}

#[test]
fn each_crate_lives_in_one_room() {
    let root = repo();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        for (name, home) in ONE_ROOM_CRATES {
            let named = text.lines().any(|line| {
                let line = line.trim_start();
                !line.starts_with("//")
                    && (line.contains(&format!("use {name}::"))
                        || line.contains(&format!("{name}::"))
                            && !line.contains(&format!("_{name}::")))
            });
            if named && !rel.starts_with(home) {
                violations.push(format!("{rel} names `{name}`, which lives in {home}"));
            }
        }
        let fs = text
            .lines()
            .any(|line| !line.trim_start().starts_with("//") && line.contains("std::fs"));
        if fs && !rel.starts_with("src/files") {
            violations.push(format!(
                "{rel} uses std::fs; the file system is files/'s alone"
            ));
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// DESIGN.md: the Python bindings call "only the public API": they name
/// the library as `quire::…`, as the binary and any other crate do.
#[test]
fn the_python_bindings_use_only_the_public_api() {
    let text: String = ["src/python/mod.rs", "src/python/pandoc.rs"]
        .iter()
        .map(|file| std::fs::read_to_string(repo().join(file)).unwrap())
        .collect();
    let inner: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//") && line.contains("crate::"))
        .collect();
    assert!(inner.is_empty(), "src/python/ reaches inside: {inner:?}");
    assert!(text.contains("quire::"), "the check reads the wrong file");
}

/// The library returns values and diagnostics; only the CLI talks to the terminal.
#[test]
fn only_the_cli_prints() {
    let root = repo();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let printing: Vec<String> = files
        .iter()
        .filter(|file| !file.starts_with(root.join("src/cli")))
        .filter(|file| {
            std::fs::read_to_string(file).unwrap().lines().any(|line| {
                let line = line.trim_start();
                !line.starts_with("//")
                    && ["println!", "eprintln!", "print!(", "eprint!(", "dbg!("]
                        .iter()
                        .any(|call| line.contains(call))
            })
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(printing.is_empty(), "the library prints in: {printing:?}");
}

#[test]
fn no_file_outgrows_its_concern() {
    let root = repo();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut long = Vec::new();
    for file in &files {
        let lines = std::fs::read_to_string(file).unwrap().lines().count();
        let limit = if file.ends_with("src/main.rs") {
            MAX_MAIN_LINES
        } else {
            MAX_LINES
        };
        if lines > limit {
            long.push(format!(
                "{}: {lines} lines (at most {limit})",
                file.display()
            ));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

/// What krilla remembers is forgotten through quire's own `comemo`
/// (write/pdf/emit), which reaches krilla's caches only while the two are
/// one crate: with a second version in Cargo.lock, a batch's memory would
/// grow without end.
#[test]
fn krilla_and_quire_share_one_comemo() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock is read");
    let versions = lock.matches("\nname = \"comemo\"\n").count();
    assert_eq!(versions, 1, "Cargo.lock lists comemo {versions} times");
}

//! Any bytes as a source file through the whole pipeline: read, transform
//! and every writer, in the base layout. Errors are fine; panics are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quire::{Dialect, Format, Layout, Project, WriteOptions};
use std::path::Path;
use std::sync::OnceLock;

fn setup() -> &'static (Project, Layout) {
    static SETUP: OnceLock<(Project, Layout)> = OnceLock::new();
    SETUP.get_or_init(|| {
        // The repository is the project: its quire.yaml, its layouts.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let project = Project::load(root).unwrap();
        let layout = Layout::load("base", &project).unwrap();
        (project, layout)
    })
}

fuzz_target!(|bytes: &[u8]| {
    let (project, layout) = setup();
    let Ok(source) = quire::Source::decode("fuzz.md", bytes) else {
        return;
    };
    for dialect in [Dialect::markdown(), Dialect::gfm(), Dialect::commonmark()] {
        let Ok(compiled) = quire::compile(source.clone(), project, dialect) else {
            return;
        };
        let options = WriteOptions::default();
        for format in [
            Format::Json,
            Format::Text,
            Format::Html,
            Format::Fragment,
            Format::Epub,
            Format::Pdf,
            Format::Docx,
            Format::PandocJson,
        ] {
            let _ = quire::write::write(&compiled.doc, layout, format, &options);
        }
    }
});

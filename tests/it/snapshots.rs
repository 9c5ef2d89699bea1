//! Snapshots of the seed's outputs, reviewed like code (`cargo insta review`).

use quire::{Format, Input, Layout, Project, WriteOptions};

fn seed(layout: &str) -> (quire::Document, Layout, WriteOptions) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::load(root).unwrap();
    let input = Input::File(root.join("source/about-psf.md"));
    let compiled = quire::compile(
        quire::load(&input).unwrap(),
        &project,
        quire::Dialect::markdown(),
    )
    .unwrap();
    let layout = Layout::load(layout, &project).unwrap();
    let options = WriteOptions {
        build_date: Some("2024-01-01".to_owned()),
        epoch: Some(1_700_000_000),
        ..WriteOptions::default()
    };
    (compiled.doc, layout, options)
}

fn seed_outputs(format: Format) -> String {
    let (doc, layout, options) = seed("factsheet");
    let bytes = quire::write::write(&doc, &layout, format, &options)
        .unwrap()
        .bytes;
    String::from_utf8(bytes).unwrap()
}

#[test]
fn seed_html_body() {
    let html = seed_outputs(Format::Html);
    // The body only: the CSS has its own tests and would drown the review.
    let body = &html[html.find("<body>").unwrap()..];
    insta::assert_snapshot!(body);
}

#[test]
fn seed_text() {
    insta::assert_snapshot!(seed_outputs(Format::Text));
}

#[test]
fn seed_json() {
    insta::assert_snapshot!(seed_outputs(Format::Json));
}

/// What each shipped layout draws on the seed's PDF pages: every run of
/// text with its face, size, colour and position, every rule and box.
#[test]
fn seed_pdf_pages_in_every_layout() {
    for name in ["base", "brief", "factsheet", "handout", "report"] {
        let (doc, layout, options) = seed(name);
        let pages = quire::write::pdf::pages_text(&doc, &layout, &options).unwrap();
        insta::assert_snapshot!(format!("seed_pdf_pages_{name}"), pages);
    }
}

/// The EPUB's package document and navigation, as reading systems read them.
#[test]
fn seed_epub_package_and_nav() {
    let (doc, layout, options) = seed("factsheet");
    let epub = quire::write::write(&doc, &layout, Format::Epub, &options)
        .unwrap()
        .bytes;
    insta::assert_snapshot!(
        "seed_epub_opf",
        crate::epub::entry(&epub, "OEBPS/content.opf")
    );
    insta::assert_snapshot!(
        "seed_epub_nav",
        crate::epub::entry(&epub, "OEBPS/nav.xhtml")
    );
}

/// Diagnostics exactly as `quire check` prints them for bad input.
#[test]
fn diagnostics_as_printed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let mut printed = String::new();
    for name in names {
        let path = format!("tests/fixtures/bad/{name}");
        let out = crate::common::quire(&["check", &path]).run();
        printed.push_str(&format!(
            "$ quire check {path}   (exit {})\n{}\n",
            out.code, out.stderr
        ));
    }
    insta::assert_snapshot!(printed);
}

//! Snapshots of the seed's outputs, reviewed like code (`cargo insta review`).

use quire::{Format, Input, Layout, Project, WriteOptions};

fn seed_outputs(format: Format) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::load(root).unwrap();
    let input = Input::File(root.join("source/about-psf.md"));
    let compiled = quire::compile(
        quire::load(&input).unwrap(),
        &project,
        quire::Dialect::Markdown,
    )
    .unwrap();
    let layout = Layout::load("factsheet", &project).unwrap();
    let options = WriteOptions {
        build_date: Some("2024-01-01".to_owned()),
        ..WriteOptions::default()
    };
    let bytes = quire::write::write(&compiled.doc, &layout, format, &options)
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

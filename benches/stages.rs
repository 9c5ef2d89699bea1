//! Each stage on its own (criterion): read + transform, then every writer,
//! on the seed and on a generated report of about 1,000 pages. `cargo bench --bench stages`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use quire::{Dialect, Format, Layout, Project, Source, WriteOptions};
use std::hint::black_box;
use std::path::Path;

/// A long mixed document: `sections` of headings, paragraphs, a list, a
/// table and code, about a third of a page each in the PDF (3,000 make
/// some 1,000 pages).
fn long_report(sections: usize) -> String {
    let mut text = String::from("---\ntitle: A long report\n---\n\n");
    for n in 0..sections {
        text.push_str(&format!(
            "## Section {n}\n\nThe Python Software Foundation supports the community through grants, \
             events and infrastructure; this paragraph says so at length, with *emphasis*, **strength**, \
             `code` and [a link](https://www.python.org/psf/) so that every inline kind is set. \
             It goes on long enough to be broken into several justified lines with hyphenation.\n\n\
             - First point of section {n}, short\n- Second point, with a longer explanation that wraps\n\n\
             | Item | Amount | Note |\n|---|---:|---|\n| Grants | {n}00 | community events |\n| Travel | 42 | speakers |\n\n\
             ```python\nprint(\"section {n}\")\n```\n\n"
        ));
    }
    text
}

fn stages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let project = Project::load(root).unwrap();
    let seed = std::fs::read(root.join("source/about-psf.md")).unwrap();
    let options = WriteOptions {
        build_date: Some("2024-01-01".to_owned()),
        ..WriteOptions::default()
    };
    for (name, bytes, layout) in [
        ("seed", seed, "factsheet"),
        ("report-3000", long_report(3_000).into_bytes(), "base"),
    ] {
        let layout = Layout::load(layout, &project).unwrap();
        let source = Source::decode(name, &bytes).unwrap();
        c.bench_with_input(BenchmarkId::new("read+transform", name), &source, |b, s| {
            b.iter(|| quire::compile(black_box(s.clone()), &project, Dialect::markdown()).unwrap())
        });
        let doc = quire::compile(source, &project, Dialect::markdown())
            .unwrap()
            .doc;
        let mut group = c.benchmark_group(format!("write/{name}"));
        if name != "seed" {
            group.sample_size(10);
        }
        for format in [Format::Html, Format::Text, Format::Epub, Format::Pdf] {
            group.bench_function(format.name(), |b| {
                b.iter(|| {
                    quire::write::write(black_box(&doc), &layout, format, &options)
                        .unwrap()
                        .bytes
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);

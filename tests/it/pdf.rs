//! The PDF writer, checked with the real tools (qpdf, poppler), which
//! `make deps` installs. A missing tool fails the test: a check that cannot
//! run is not a pass.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Fails the test when `name` cannot be run: the checks below are only as
/// good as the tools that make them (`make deps` installs them).
pub fn require(name: &str) {
    let found = Command::new(name).arg("-v").output().is_ok()
        || Command::new(name).arg("--version").output().is_ok();
    assert!(
        found,
        "`{name}` is not installed; run `make deps` (qpdf, poppler-utils)"
    );
}

/// Build `source` as PDF into a temporary folder; returns the folder and the file.
pub fn build(
    source: &str,
    extra: &[&str],
    epoch: Option<&str>,
) -> (tempfile::TempDir, PathBuf, common::Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_owned();
    let mut args = vec!["build", source, "--to", "pdf", "-o", out.as_str()];
    args.extend_from_slice(extra);
    let mut run = common::quire(&args);
    if let Some(e) = epoch {
        run = run.env("SOURCE_DATE_EPOCH", e);
    }
    let output = run.run();
    let stem = Path::new(source)
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let file = dir.path().join(format!("{stem}.pdf"));
    (dir, file, output)
}

pub fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn alnum(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

#[test]
fn the_seed_is_a_valid_small_pdf_with_embedded_subset_fonts() {
    for layout in [&[][..], &["--layout", "base"][..]] {
        let (_dir, file, out) = build("source/about-psf.md", layout, Some("1700000000"));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
        let f = file.to_str().unwrap();
        require("qpdf");
        let (ok, text) = run("qpdf", &["--check", f]);
        assert!(ok && !text.contains("WARNING"), "{text}");
        require("pdffonts");
        let (ok, text) = run("pdffonts", &[f]);
        assert!(ok);
        let rows: Vec<&str> = text.lines().skip(2).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert!(
                n >= 5 && cols[n - 5] == "yes" && cols[n - 4] == "yes",
                "not embedded and subset: {row}"
            );
        }
        require("pdfinfo");
        let (_, text) = run("pdfinfo", &[f]);
        assert!(
            text.contains("About the Python Software Foundation"),
            "{text}"
        );
        assert!(text.contains("612 x 792"), "{text}");
        assert!(!text.contains("PDF/X") && !text.contains("PDF/A"), "{text}");
    }
}

#[test]
fn pdftotext_gives_the_words_back_in_reading_order() {
    require("pdftotext");
    let (_dir, file, out) = build("source/about-psf.md", &[], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (ok, text) = run("pdftotext", &["-raw", file.to_str().unwrap(), "-"]);
    assert!(ok);
    assert!(!text.contains("\\-") && !text.contains("\\&"));
    let got = alnum(&text);
    let mut at = 0;
    for needle in [
        "The Python Software Foundation is the organization behind the open source Python programming language",
        "We fulfill our mission through these core activities",
        "STRUCTURE AND STABILITY SO THE PYTHON LANGUAGE",
        "We distribute Python, free of charge and available to all, for ever",
        "the longest running annual event for celebrating",
        "In 2021 we awarded $117,000 USD for over 129 grants",
        "We fiscally sponsor 12 Python-related community groups",
        "a full-time CPython Developer in Residence",
        "OUR SPONSORS",
        "DONATE TO THE PSF",
        "BECOME A MEMBER",
        "GET INVOLVED",
        "PYCON US",
    ] {
        let n = alnum(needle);
        match got[at..].find(&n) {
            Some(i) => at += i + n.len(),
            None => panic!("`{needle}` missing or out of order in:\n{text}"),
        }
    }
}

#[test]
fn identical_input_gives_identical_bytes() {
    let (_a, fa, oa) = build("source/about-psf.md", &[], Some("1700000000"));
    let (_b, fb, ob) = build("source/about-psf.md", &[], Some("1700000000"));
    assert_eq!(oa.code, 0, "{}", oa.stderr);
    assert_eq!(ob.code, 0, "{}", ob.stderr);
    assert!(std::fs::read(fa).unwrap() == std::fs::read(fb).unwrap());
}

#[test]
fn max_pages_fits_or_fails_clearly() {
    let (_dir, file, out) = build("source/about-psf.md", &["--max-pages", "1"], None);
    if out.code == 0 {
        require("pdfinfo");
        let (_, text) = run("pdfinfo", &[file.to_str().unwrap()]);
        assert!(
            text.lines()
                .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
            "{text}"
        );
    } else {
        assert!(out.stderr.contains("pages"), "{}", out.stderr);
    }
    // Thirty paragraphs cannot fit on one page: the error says so, and by how much.
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.md");
    let paragraph = "A sentence that fills the page with words. ".repeat(12);
    std::fs::write(
        &long,
        format!("# Long\n\n{}", format!("{paragraph}\n\n").repeat(30)),
    )
    .unwrap();
    let (_out, _file, out) = build(long.to_str().unwrap(), &["--max-pages", "1"], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("at most 1"), "{}", out.stderr);
    assert!(
        out.stderr.contains("pages even at the minimum size"),
        "{}",
        out.stderr
    );
}

pub fn qdf(file: &Path) -> Option<String> {
    require("qpdf");
    let dir = file.parent().unwrap();
    let out = dir.join("qdf.pdf");
    let (ok, text) = run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            file.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    assert!(ok, "{text}");
    Some(String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned())
}

#[test]
fn links_are_live_and_borderless() {
    let (_dir, file, out) = build("source/about-psf.md", &[], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let Some(text) = qdf(&file) else { return };
    assert!(text.contains("/URI (https://us.pycon.org)"), "PyCon link");
    assert!(text.contains("/URI (http://python.org/downloads)"));
    assert!(text.contains("/URI (https://www.python.org/psf/mission/)"));
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("/Border [ 0 0 0 ]"));
    assert!(!text.contains("GTS_PDFX"));
}

#[test]
fn the_outline_follows_the_headings_in_order() {
    let (_dir, file, out) = build("tests/fixtures/kitchen-sink.md", &[], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    require("qpdf");
    let (ok, json) = run(
        "qpdf",
        &["--json=2", "--json-key=outlines", file.to_str().unwrap()],
    );
    assert!(ok, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let title = |v: &serde_json::Value| v["title"].as_str().unwrap_or_default().to_owned();
    let top: Vec<String> = json["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(title)
        .collect();
    let first = top
        .iter()
        .position(|t| t == "First section")
        .expect("First section");
    // The level-2 headings are nested under "First section", in order.
    let kids: Vec<String> = json["outlines"][first]["kids"]
        .as_array()
        .unwrap()
        .iter()
        .map(title)
        .collect();
    assert_eq!(
        kids[..4],
        ["Lists", "Quotes and code", "A long table", "Closing"],
        "{top:?}"
    );
}

/// One row of `pdfimages -list`.
#[derive(Debug, Clone)]
struct Listed {
    /// `image` or `smask`.
    kind: String,
    width: u32,
    height: u32,
    color: String,
    encoding: String,
    object: u32,
    ppi: u32,
}

fn images_list(file: &Path) -> Vec<Listed> {
    let (ok, text) = run("pdfimages", &["-list", file.to_str().unwrap()]);
    assert!(ok, "{text}");
    text.lines()
        .skip(2)
        .map(|row| {
            let c: Vec<&str> = row.split_whitespace().collect();
            Listed {
                kind: c[2].to_owned(),
                width: c[3].parse().unwrap(),
                height: c[4].parse().unwrap(),
                color: c[5].to_owned(),
                encoding: c[8].to_owned(),
                object: c[10].parse().unwrap(),
                ppi: c[12].parse().unwrap(),
            }
        })
        .collect()
}

#[test]
fn images_are_embedded_once_each_at_their_size() {
    let (_dir, file, out) = build("tests/fixtures/images.md", &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("image `"), "{}", out.stderr);
    let f = file.to_str().unwrap();
    require("qpdf");
    let (ok, text) = run("qpdf", &["--check", f]);
    assert!(ok && !text.contains("WARNING"), "{text}");
    require("pdfimages");
    let rows = images_list(&file);
    let find = |w: u32, h: u32, kind: &str| {
        rows.iter()
            .filter(|r| r.width == w && r.height == h && r.kind == kind)
            .cloned()
            .collect::<Vec<_>>()
    };
    // The badge: RGB with its alpha as a soft mask, drawn four times
    // (alone, in a quote, linked; the table cell shows its alt text)
    // from one object, at its natural 96 pixels an inch.
    let badge = find(120, 80, "image");
    assert_eq!(badge.len(), 3, "{rows:?}");
    assert!(badge
        .iter()
        .all(|r| r.color == "rgb" && r.object == badge[0].object));
    assert!(badge.iter().all(|r| r.ppi == 96), "{badge:?}");
    assert_eq!(find(120, 80, "smask").len(), 3, "{rows:?}");
    // The photo: the JPEG's own bytes (DCT), once, drawn three times.
    let photo = find(64, 48, "image");
    assert_eq!(photo.len(), 3, "{rows:?}");
    assert!(photo
        .iter()
        .all(|r| r.encoding == "jpeg" && r.object == photo[0].object));
    // Wider than the column and taller than the page: scaled down.
    let wide = find(100, 20, "image");
    assert_eq!(wide.len(), 1, "{rows:?}");
    assert_eq!(wide[0].color, "gray");
    assert!(wide[0].ppi > 10, "{wide:?}");
    let tall = find(20, 100, "image");
    assert_eq!(tall.len(), 1, "{rows:?}");
    assert!(tall[0].ppi > 4, "{tall:?}");
    let objects: std::collections::BTreeSet<u32> = rows.iter().map(|r| r.object).collect();
    // pdfimages lists a soft mask under its image's object.
    assert_eq!(objects.len(), 4, "one object per image: {rows:?}");
    require("pdftotext");
    let (ok, text) = run("pdftotext", &["-raw", f, "-"]);
    assert!(ok);
    // Alt text is not on the page, except as an implicit figure's caption
    // (once) and where no image can go.
    assert_eq!(text.matches("ribbon").count(), 1, "{text}");
    assert!(!text.contains("sunset"), "{text}");
    assert!(text.contains("[badge in a cell]"), "{text}");
    assert!(text.contains("[the Python logo]"), "{text}");
    let (_again, second, _) = build("tests/fixtures/images.md", &[], Some("1700000000"));
    assert!(
        std::fs::read(&file).unwrap() == std::fs::read(second).unwrap(),
        "two builds differ"
    );
}

#[test]
fn the_handout_prints_link_addresses_under_their_paragraph() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("links.md");
    std::fs::write(
        &source,
        "# Links\n\nSee [PyCon US](https://us.pycon.org/2027/) and [the PSF](https://www.python.org/psf/), \
         or [jump](#links).\n\nNo links here.\n",
    )
    .unwrap();
    let source = source.to_str().unwrap();
    for (layout, printed) in [("handout", true), ("factsheet", false)] {
        let (_out, file, output) = build(source, &["--layout", layout], None);
        assert_eq!(output.code, 0, "{}", output.stderr);
        let (_, text) = run("pdftotext", &["-raw", file.to_str().unwrap(), "-"]);
        let line = text.lines().find(|l| l.contains("us.pycon.org/2027"));
        assert_eq!(line.is_some(), printed, "{layout}: {text}");
        if let Some(line) = line {
            // Both outside addresses on one small line, the anchor left out.
            assert!(line.contains("www.python.org/psf"), "{line}");
            assert!(
                !line.contains("https://") && !line.contains("#links"),
                "{line}"
            );
        }
    }
}

#[test]
fn the_report_contents_give_each_headings_page() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let mut markdown = String::from("---\ntitle: Impact\n---\n\n");
    let para = "The foundation funds the work of many people around the world. ".repeat(8);
    for chapter in ["Grants", "Events", "Packaging"] {
        markdown.push_str(&format!("# {chapter}\n\n"));
        for _ in 0..12 {
            markdown.push_str(&format!("{para}\n\n"));
        }
    }
    let source = dir.path().join("impact.md");
    std::fs::write(&source, markdown).unwrap();
    let (_out, file, output) = build(source.to_str().unwrap(), &["--layout", "report"], None);
    assert_eq!(output.code, 0, "{}", output.stderr);
    let pdf = file.to_str().unwrap();
    let page_text = |n: usize| {
        let n = n.to_string();
        run("pdftotext", &["-raw", "-f", &n, "-l", &n, pdf, "-"]).1
    };
    let first = page_text(1);
    assert!(first.contains("CONTENTS"), "{first}");
    for chapter in ["Grants", "Events", "Packaging"] {
        let line = first
            .lines()
            .find(|l| l.starts_with(chapter))
            .unwrap_or_else(|| panic!("{chapter} not in the contents: {first}"));
        let page: usize = line.rsplit(' ').next().unwrap().parse().unwrap();
        let text = page_text(page);
        // The heading stands on its own line on the page the contents name.
        let on_page = text.lines().filter(|l| l.trim() == chapter).count();
        assert!(on_page >= 1, "{chapter} is not on page {page}: {text}");
    }
}

#[test]
fn a_character_no_font_has_is_a_warning_naming_it() {
    require("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("glyphs.md");
    // Inter and DejaVu have the Cyrillic word, none of the layout's faces
    // has 漢 (and the system's are not asked).
    std::fs::write(&source, "# Glyphs\n\nПривет and 漢 in one line.\n").unwrap();
    let (_out, file, output) = build(source.to_str().unwrap(), &["--no-system-fonts"], None);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains("glyphs.md:3:12"),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("U+6F22"), "{}", output.stderr);
    assert!(
        output.stderr.contains("fonts-noto-cjk"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("U+041F"), "{}", output.stderr);
    let (_, text) = run("pdftotext", &["-raw", file.to_str().unwrap(), "-"]);
    assert!(
        text.contains("Привет and") && text.contains("in one line."),
        "{text}"
    );
}

/// A paragraph that introduces a block ("…as follows:") is never left at
/// the foot of a page without it: wherever the filler above pushes it, the
/// introduction and the code's first line share a page.
#[test]
fn an_introduction_stays_with_what_it_introduces() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "The foundation funds the work of many people around the world.\n\n";
    let mut pages_seen = std::collections::BTreeSet::new();
    for n in 0..40 {
        let source = dir.path().join(format!("intro-{n}.md"));
        std::fs::write(
            &source,
            format!(
                "---\ntitle: Keeps\n---\n\n{}The class is as follows:\n\n```python\nclass Account:\n    pass\n```\n",
                filler.repeat(n)
            ),
        )
        .unwrap();
        let out = common::build_beside(&source, "pdf");
        assert_eq!(out.code, 0, "{}", out.stderr);
        let text = common::pdf_text(&dir.path().join(format!("intro-{n}.pdf")));
        let page_of = |needle: &str| text[..text.find(needle).unwrap()].matches('\u{c}').count();
        let intro = page_of("as follows:");
        assert_eq!(intro, page_of("class Account"), "{n} paragraphs before");
        pages_seen.insert(intro);
    }
    assert!(
        pages_seen.len() > 1,
        "the filler never reached a page break"
    );
}

//! Code that a PyCon handout can print: exact indentation (measured on the
//! PDF's glyphs), highlighting from the layout's theme in every format, and
//! long lines that wrap visibly without crossing the margin.

use crate::common::{python_json, quire, repo};
use quire::layout::{Color, Style};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct Char {
    text: String,
    x0: f64,
    x1: f64,
    top: f64,
    mono: bool,
    color: Option<Vec<f64>>,
}

#[derive(Debug, Deserialize)]
struct Page {
    width: f64,
    chars: Vec<Char>,
}

/// Every character of every page, with its place, face and colour.
fn chars(pdf: &Path) -> Vec<Page> {
    const SCRIPT: &str = r#"
import json, sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    pages = []
    for page in pdf.pages:
        def colour(c):
            if c is None or isinstance(c, (int, float)):
                return None
            return [float(v) for v in c]
        pages.append(dict(width=float(page.width), chars=[dict(text=c["text"], x0=c["x0"], x1=c["x1"],
            top=round(c["top"], 1), mono="Mono" in c["fontname"], color=colour(c.get("non_stroking_color")))
            for c in page.chars]))
    print(json.dumps(pages))
"#;
    python_json(SCRIPT, &[pdf.to_str().unwrap()])
}

/// The monospace rows of a page: (column, top, chars sorted by x).
fn rows(page: &Page) -> Vec<Vec<&Char>> {
    let mut rows: Vec<((bool, i64), Vec<&Char>)> = Vec::new();
    for c in page.chars.iter().filter(|c| c.mono) {
        let key = (c.x0 > page.width / 2.0, (c.top * 10.0) as i64);
        match rows.iter_mut().find(|r| r.0 == key) {
            Some(r) => r.1.push(c),
            None => rows.push((key, vec![c])),
        }
    }
    for r in &mut rows {
        r.1.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    rows.into_iter().map(|r| r.1).collect()
}

fn text(row: &[&Char]) -> String {
    row.iter().map(|c| c.text.as_str()).collect()
}

fn build(dir: &Path, doc: &Path, layout: Option<&str>) -> std::path::PathBuf {
    let out = dir.join("out");
    let mut args = vec![
        "build",
        doc.to_str().unwrap(),
        "--to",
        "pdf,txt,html,fragment,epub",
        "-o",
        out.to_str().unwrap(),
    ];
    if let Some(layout) = layout {
        args.extend(["--layout", layout]);
    }
    let run = quire(&args).in_dir(dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

fn handout() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let doc = repo().join("tests/fixtures/python-handout.md");
    let out = build(dir.path(), &doc, None);
    (dir, out, std::fs::read_to_string(doc).unwrap())
}

/// The code lines of the fixture, tabs expanded to stops of 4.
fn code_lines(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in source.lines() {
        if line.starts_with("```") {
            inside = !inside;
        } else if inside {
            out.push(quire::write::highlight::expand_tabs(line, 4));
        }
    }
    out
}

#[test]
fn every_code_line_starts_at_its_own_indentation() {
    let (_dir, out, source) = handout();
    let pages = chars(&out.join("python-handout.pdf"));
    let mut checked = 0;
    for page in &pages {
        let rows = rows(page);
        let cell = page
            .chars
            .iter()
            .find(|c| c.mono && c.text == "d")
            .map(|c| c.x1 - c.x0)
            .expect("monospace glyphs");
        // Every block of a column starts its lines at the same x.
        let left = |right: bool| {
            rows.iter()
                .filter(|r| (r[0].x0 > page.width / 2.0) == right)
                .filter_map(|r| r.iter().find(|c| c.text.trim() != "").map(|c| c.x0))
                .fold(f64::MAX, f64::min)
        };
        for line in code_lines(&source) {
            let indent = line.len() - line.trim_start().len();
            let Some(row) = rows
                .iter()
                .find(|r| text(r).trim() == line.trim() && !line.trim().is_empty())
            else {
                continue;
            };
            let first = row.iter().find(|c| c.text.trim() != "").unwrap();
            let columns = (first.x0 - left(first.x0 > page.width / 2.0)) / cell;
            assert!(
                (columns - indent as f64).abs() < 0.05,
                "`{line}` starts at column {columns:.2}, not {indent}"
            );
            // The spaces are real glyphs: copying gives the line back.
            assert_eq!(text(row).trim_end(), line.trim_end(), "the row's text");
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} code lines found in the PDF");
}

#[test]
fn long_lines_wrap_marked_and_inside_the_margin() {
    let (_dir, out, _) = handout();
    let pages = chars(&out.join("python-handout.pdf"));
    let mut marks = 0;
    for page in &pages {
        // The layout's margins are 54 pt.
        for c in &page.chars {
            assert!(
                c.x1 <= page.width - 54.0 + 0.5,
                "`{}` at x1 {} crosses the margin",
                c.text,
                c.x1
            );
            assert!(
                c.x0 >= 54.0 - 0.5,
                "`{}` at x0 {} is left of the margin",
                c.text,
                c.x0
            );
        }
        for row in rows(page) {
            if let Some(i) = row.iter().position(|c| c.text == "↪") {
                marks += 1;
                let muted = Color::hex(0x59636e).unit();
                let color = row[i].color.clone().unwrap_or_default();
                let want = [muted.0 as f64, muted.1 as f64, muted.2 as f64];
                assert!(
                    color.iter().zip(want).all(|(a, b)| (a - b).abs() < 0.01),
                    "the mark is muted: {color:?}"
                );
            }
        }
    }
    assert!(marks >= 1, "no continuation mark");
    // The plain text keeps each line whole (no marks, no wrapping).
    let txt = std::fs::read_to_string(out.join("python-handout.txt")).unwrap();
    assert!(!txt.contains('↪'));
}

#[test]
fn plain_text_gives_the_block_back_line_for_line() {
    let (_dir, out, source) = handout();
    let txt = std::fs::read_to_string(out.join("python-handout.txt")).unwrap();
    let mut inside = false;
    for line in source.lines() {
        if line.starts_with("```") {
            inside = !inside;
        } else if inside && !line.is_empty() {
            assert!(
                txt.contains(&format!("    {line}\n")),
                "`{line}` not in the text"
            );
        }
    }
    let json = quire(&[
        "build",
        "tests/fixtures/python-handout.md",
        "--to",
        "json",
        "-o",
        "-",
    ])
    .run();
    assert!(json.stdout.contains("match command.split():"));
    assert!(!json.stdout.contains("tok-"), "JSON is not highlighted");
}

#[test]
fn python_is_in_several_colours_with_each_keyword_in_one() {
    let (_dir, out, _) = handout();
    let pages = chars(&out.join("python-handout.pdf"));
    let keyword = Color::hex(0xcf222e).unit();
    let keyword = [keyword.0 as f64, keyword.1 as f64, keyword.2 as f64];
    let mut colours: Vec<Vec<f64>> = Vec::new();
    let mut keywords = 0;
    for page in &pages {
        for row in rows(page) {
            let line = text(&row);
            let trimmed = line.trim_start();
            let skip = line.len() - trimmed.len();
            for word in [
                "def ", "match ", "case ", "for ", "return ", "class ", "with ",
            ] {
                if trimmed.starts_with(word) {
                    for c in &row[skip..skip + word.len() - 1] {
                        let color = c.color.clone().unwrap_or_default();
                        assert!(
                            color.iter().zip(keyword).all(|(a, b)| (a - b).abs() < 0.01),
                            "`{word}` in `{line}` is {color:?}"
                        );
                    }
                    keywords += 1;
                }
            }
            for c in row {
                if let Some(color) = &c.color {
                    if !colours.iter().any(|k| k == color) {
                        colours.push(color.clone());
                    }
                }
            }
        }
    }
    assert!(keywords >= 10, "only {keywords} keywords");
    assert!(colours.len() >= 5, "code in {} colours", colours.len());
}

#[test]
fn a_theme_value_changes_the_keyword_in_pdf_html_and_epub() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layouts/custom");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(
        layout.join("layout.yaml"),
        "extends: base\ncode:\n  theme:\n    keyword: \"#123456\"\n",
    )
    .unwrap();
    let doc = dir.path().join("doc.md");
    std::fs::write(&doc, "# T\n\n```python\ndef f():\n    pass\n```\n").unwrap();
    let out = build(dir.path(), &doc, Some("custom"));
    let pages = chars(&out.join("doc.pdf"));
    let want = Color::hex(0x123456).unit();
    let d = pages[0]
        .chars
        .iter()
        .find(|c| c.mono && c.text == "d")
        .unwrap();
    let color = d.color.clone().unwrap();
    assert!(
        (color[0] - want.0 as f64).abs() < 0.01 && (color[2] - want.2 as f64).abs() < 0.01,
        "{color:?}"
    );
    let rule = ".quire .tok-keyword { color: #123456; }";
    for file in ["doc.html", "doc.fragment.html"] {
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(html.contains(rule), "{file}");
        assert!(
            html.contains("<span class=\"tok-keyword\">def</span>"),
            "{file}"
        );
        assert!(!html.contains("style=\"color"), "{file}: no inline styles");
    }
    let epub = std::fs::read(out.join("doc.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut css = String::new();
    let mut body = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut file, &mut text);
        if name.ends_with(".css") {
            css.push_str(&text);
        } else if name.ends_with(".xhtml") {
            body.push_str(&text);
        }
    }
    assert!(css.contains("tok-keyword { color: #123456; }"), "EPUB CSS");
    assert!(
        body.contains("<span class=\"tok-keyword\">def</span>"),
        "EPUB body"
    );
}

#[test]
fn the_default_theme_passes_wcag_aa_on_the_code_background() {
    let style: Style = serde_yaml::from_str(
        &std::fs::read_to_string(repo().join("layouts/base/layout.yaml")).unwrap(),
    )
    .unwrap();
    let defaults = Style::default();
    for style in [style, defaults] {
        let t = &style.code.theme;
        let shade = style.colors.shade;
        for (kind, color) in [
            ("keyword", t.keyword),
            ("string", t.string),
            ("comment", t.comment),
            ("number", t.number),
            ("function", t.function),
            ("type", t.r#type),
            ("operator", t.operator),
            ("punctuation", t.punctuation),
            ("prompt", t.prompt),
            ("output", t.output),
        ] {
            let ratio = color.contrast(shade);
            assert!(ratio >= 4.5, "{kind} {color} on {shade}: {ratio:.2}");
        }
    }
}

#[test]
fn shrink_sets_a_long_line_smaller_instead_of_wrapping_it() {
    let long = format!("print({})", "\"abcdefgh\", ".repeat(7));
    let mut marks = Vec::new();
    for wrap in ["wrap", "shrink"] {
        let dir = tempfile::tempdir().unwrap();
        let layout = dir.path().join("layouts/custom");
        std::fs::create_dir_all(&layout).unwrap();
        std::fs::write(
            layout.join("layout.yaml"),
            format!("extends: base\ncolumns: 1\ncode: {{wrap: {wrap}}}\n"),
        )
        .unwrap();
        let doc = dir.path().join("doc.md");
        std::fs::write(&doc, format!("# T\n\n```python\n{long}\n```\n")).unwrap();
        let out = build(dir.path(), &doc, Some("custom"));
        let pages = chars(&out.join("doc.pdf"));
        for c in &pages[0].chars {
            assert!(
                c.x1 <= pages[0].width - 54.0 + 0.5,
                "{wrap}: `{}` crosses the margin",
                c.text
            );
        }
        marks.push(pages[0].chars.iter().filter(|c| c.text == "↪").count());
    }
    assert_eq!(
        marks,
        [1, 0],
        "wrap marks the continuation; shrink needs none"
    );
}

/// Each character of page 1 with its marked-content tag (pdfplumber):
/// `Artifact` for decoration, the structure role otherwise.
#[derive(Debug, Deserialize)]
struct TaggedChar {
    text: String,
    x0: f64,
    top: f64,
    tag: Option<String>,
}

fn tagged_chars(pdf: &Path) -> Vec<TaggedChar> {
    const SCRIPT: &str = r#"
import json, sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    print(json.dumps([dict(text=c["text"], x0=c["x0"], top=round(c["top"], 1), tag=c.get("tag"))
                      for c in pdf.pages[0].chars]))
"#;
    python_json(SCRIPT, &[pdf.to_str().unwrap()])
}

/// pandoc's `.numberLines` (and `startFrom`) numbers a block's lines in the
/// PDF as decoration, flush right in a gutter, the code starting at one
/// column for every line; HTML and EPUB show them where copying and screen
/// readers skip them; the layout's `code.line_numbers` numbers every block.
#[test]
fn line_numbers_are_shown_but_not_part_of_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("num.md");
    let long = "x".repeat(200);
    std::fs::write(
        &source,
        format!("---\ntitle: Numbered\n---\n\n```{{.python .numberLines startFrom=\"9\"}}\nfor n in range(3):\n    if n:\n        print(n, \"{long}\")\n```\n\n```python\nplain = 1\n```\n"),
    )
    .unwrap();
    let out = crate::common::build_beside(&source, "pdf,html");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let chars = tagged_chars(&dir.path().join("num.pdf"));
    let row = |top: f64| -> Vec<&TaggedChar> {
        chars.iter().filter(|c| (c.top - top).abs() < 0.5).collect()
    };
    fn artifact(c: &&TaggedChar) -> bool {
        c.tag.as_deref() == Some("Artifact")
    }
    // The rows that start with a number: (number, where the code starts).
    let mut tops: Vec<f64> = chars.iter().map(|c| c.top).collect();
    tops.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let numbered: Vec<(String, f64)> = tops
        .iter()
        .map(|&top| row(top))
        .filter(|line| {
            line.first()
                .is_some_and(|c| artifact(c) && c.text.chars().all(|d| d.is_ascii_digit()))
        })
        .map(|line| {
            let digits: String = line
                .iter()
                .take_while(|c| artifact(c))
                .map(|c| c.text.as_str())
                .collect();
            let code = line
                .iter()
                .find(|c| !artifact(c))
                .map_or(f64::NAN, |c| c.x0);
            (digits, code)
        })
        .collect();
    let numbers: Vec<&str> = numbered.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(numbers, ["9", "10", "11"], "the numbered rows of page 1");
    let code_x: Vec<f64> = numbered.iter().map(|(_, x)| *x).collect();
    assert!(
        code_x.iter().all(|x| (x - code_x[0]).abs() < 0.05),
        "every line's code starts at one column: {code_x:?}"
    );
    // The wrapped line's continuation mark is decoration too.
    assert!(chars
        .iter()
        .any(|c| c.text == "↪" && c.tag.as_deref() == Some("Artifact")));
    // The unmarked block has no numbers: its row starts with its code.
    let plain = tops
        .iter()
        .map(|&top| row(top))
        .find(|line| {
            let text: String = line.iter().map(|c| c.text.as_str()).collect();
            text.starts_with("plain")
        })
        .expect("the plain block's line");
    assert!(!plain.iter().any(artifact));

    let html = std::fs::read_to_string(dir.path().join("num.html")).unwrap();
    assert!(html.contains("<pre class=\"number-lines\">"), "{html}");
    assert_eq!(
        html.matches("class=\"line-number\" aria-hidden=\"true\"")
            .count(),
        3
    );
    assert!(html.contains("aria-hidden=\"true\">9</span>"));
    assert!(html.contains(".line-number {") && html.contains("user-select: none"));

    // The layout's switch numbers every block, from 1.
    std::fs::create_dir_all(dir.path().join("layouts/numbered")).unwrap();
    std::fs::write(
        dir.path().join("layouts/numbered/layout.yaml"),
        "extends: base\ncode: {line_numbers: true}\n",
    )
    .unwrap();
    let out = quire(&[
        "build", "num.md", "--layout", "numbered", "--to", "html", "-o", "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/num.html")).unwrap();
    assert_eq!(html.matches("class=\"line-number\"").count(), 4);
    assert!(
        html.contains("aria-hidden=\"true\">1</span><span class=\"tok-name\">plain")
            || html.contains("aria-hidden=\"true\">1</span>plain"),
        "{html}"
    );
}

//! The PSF's sponsorship agreement — a real pandoc document
//! (python/pythondotorg's template, filled in for one sponsor) — through
//! every format, checked as its reader and signer would.

use crate::common;
use std::path::Path;

const AGREEMENT: &str = "tests/fixtures/sponsorship-agreement.md";

struct Built {
    _dir: tempfile::TempDir,
    dir: std::path::PathBuf,
    stderr: String,
}

fn build_agreement(formats: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_owned();
    let mut args = vec!["build", AGREEMENT, "-o", out.as_str()];
    for format in formats {
        args.extend(["--to", format]);
    }
    let output = common::quire(&args).run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    Built {
        dir: dir.path().to_owned(),
        _dir: dir,
        stderr: output.stderr,
    }
}

/// No pandoc syntax is left in the words of any format.
fn assert_no_pandoc_syntax(format: &str, text: &str) {
    for syntax in [
        ":::",
        "{.underline}",
        "]{",
        "{=latex}",
        "\\newpage",
        "{.page-break}",
    ] {
        assert!(
            !text.contains(syntax),
            "{format}: `{syntax}` left in the output"
        );
    }
}

/// Visible text of HTML/XHTML: the markup, the `<style>` and `<head>` left out.
fn html_words(html: &str) -> String {
    let body = html.split("<body").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_agreement_has_no_pandoc_syntax_in_any_format() {
    let built = build_agreement(&["pdf", "html", "epub", "txt"]);
    let stem = built.dir.join("sponsorship-agreement");
    let pdf = common::pdf_text(&stem.with_extension("pdf"));
    assert_no_pandoc_syntax("pdf", &pdf);
    let html = std::fs::read_to_string(stem.with_extension("html")).unwrap();
    assert_no_pandoc_syntax("html", &html_words(&html));
    assert!(html.contains("<u><strong>Recitals Incorporated</strong></u>"));
    assert!(
        html.contains("<ol type=\"a\" class=\"parens\">"),
        "lettered list"
    );
    assert!(html.contains("<div class=\"page-break\""));
    let text = std::fs::read_to_string(stem.with_extension("txt")).unwrap();
    assert_no_pandoc_syntax("txt", &text);
    assert_eq!(text.matches('\u{c}').count(), 2, "two form feeds");
    assert!(text.contains("(a) Grant of License by the PSF."));
    assert!(text.contains("(b) Grant of License by Sponsor."));
    let epub = std::fs::read(stem.with_extension("epub")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut xhtml = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut file, &mut xhtml).unwrap();
        }
    }
    assert!(xhtml.contains("<u>"), "underlines in the EPUB");
    assert_no_pandoc_syntax("epub", &html_words(&xhtml));
    // The only warning is pandoc's own misspelt key, at its line.
    assert!(built.stderr.contains("font-size"), "{}", built.stderr);
    assert!(
        built.stderr.contains("sponsorship-agreement.md:5:"),
        "{}",
        built.stderr
    );
}

#[test]
fn the_agreement_pdf_is_set_as_its_front_matter_asks() {
    let built = build_agreement(&["pdf"]);
    let pdf = built.dir.join("sponsorship-agreement.pdf");
    let text = common::pdf_text(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    // The signature page and Exhibit A each start a page of their own.
    let starts = |words: &str| {
        pages
            .iter()
            .position(|p| p.trim_start().starts_with(words))
            .unwrap_or_else(|| panic!("no page starts with {words:?}"))
    };
    let signature = starts("SPONSORSHIP AGREEMENT\nIN WITNESS WHEREOF");
    let exhibit = starts("SPONSORSHIP AGREEMENT\nEXHIBIT A");
    assert_eq!(exhibit, signature + 1);
    assert!(pages[signature - 1]
        .trim_end()
        .ends_with("[Signature Page Follows]"));
    // (a), (b): pandoc's rule for `(a) … (a) …`.
    assert!(text.contains("(a) Grant of License by the PSF"), "{text}");
    assert!(text.contains("(b) Grant of License by Sponsor"));
    assert!(text.contains("(b) Additional acknowledgment"));
    // No page numbers (pagestyle: empty, \pagenumbering{gobble}).
    assert!(!text.contains("page 1"), "a page number is printed");
    // Every glyph inside the 1.25 in (90 pt) margins of a Letter page: the
    // ink of every page, rendered at 72 dpi (a pixel is a point).
    let prefix = built.dir.join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "72", pdf.to_str().unwrap()])
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (make deps)");
    assert!(status.success());
    let mut rendered = 0;
    for name in common::files_in(&built.dir) {
        if !(name.starts_with("page") && name.ends_with(".pgm")) {
            continue;
        }
        rendered += 1;
        let (w, h, pixels) = pgm(&std::fs::read(built.dir.join(&name)).unwrap());
        assert_eq!((w, h), (612, 792), "a Letter page");
        for y in 0..h {
            for x in 0..w {
                if pixels[y * w + x] < 200 {
                    assert!(
                        (89..=523).contains(&x) && (89..=703).contains(&y),
                        "{name}: ink at ({x}, {y}) pt, outside the margins"
                    );
                }
            }
        }
    }
    assert_eq!(rendered, pages.len());
    // 12 pt body text: the content streams select the body face at 12.
    let qdf = built.dir.join("qdf.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable", pdf.to_str().unwrap()])
        .arg(&qdf)
        .status()
        .expect("qpdf runs (make deps)");
    assert!(status.success());
    let streams = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    let sizes: Vec<f64> = streams
        .split(" Tf")
        .filter_map(|before| before.rsplit(' ').next()?.parse().ok())
        .collect();
    let twelve = sizes.iter().filter(|s| (**s - 12.0).abs() < 0.01).count();
    assert!(twelve * 2 > sizes.len(), "most runs at 12 pt: {sizes:?}");
}

#[test]
fn check_lists_the_front_matter_keys_quire_cannot_honour() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latex.md");
    std::fs::write(
        &file,
        "---\ntitle: T\ndocumentclass: article\nheader-includes:\n- \\usepackage{fancyhdr}\ngeometry: margin=1in\n---\n\nText.\n",
    )
    .unwrap();
    let output = common::quire(&["check", file.to_str().unwrap()]).run();
    let stderr = output.stderr;
    assert!(
        stderr.contains("latex.md:3:"),
        "documentclass at its line: {stderr}"
    );
    assert!(stderr.contains("`documentclass`"), "{stderr}");
    assert!(
        stderr.contains("latex.md:4:"),
        "header-includes at its line: {stderr}"
    );
    assert!(stderr.contains("\\usepackage{fancyhdr}"), "{stderr}");
    assert!(
        !stderr.contains("geometry"),
        "geometry is honoured: {stderr}"
    );
    assert!(Path::new(&file).exists());
}

/// A binary PGM (P5, 8 bit): width, height, pixels.
fn pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[at + 1..at + 1 + w * h].to_vec())
}

/// The clause titles are underlined in the PDF: a rule drawn under the
/// words, just below their baseline, as thick as the font says.
#[test]
fn the_agreement_clause_titles_are_underlined_in_the_pdf() {
    let built = build_agreement(&["pdf"]);
    let pdf = built.dir.join("sponsorship-agreement.pdf");
    let words = crate::common::pdf_words(&pdf, 1);
    let first = words
        .windows(2)
        .find(|w| w[0].0 == "Recitals" && w[1].0.starts_with("Incorporated"))
        .expect("the words “Recitals Incorporated” on page 1");
    let ([x0, top, _, bottom], [_, _, x1, _]) = (first[0].1, first[1].1);
    // Page 1's rules, as a viewer reads them.
    let rules: Vec<(f64, f64, f64, f64)> = common::pdf_shapes(&pdf, 1)
        .into_iter()
        .filter(|s| s.kind == "line" && (s.top - s.bottom).abs() < 0.01)
        .map(|s| (s.x0, s.x1, s.top, s.linewidth))
        .collect();
    let under = rules
        .iter()
        .find(|(rx0, _, y, _)| (rx0 - x0).abs() < 0.5 && *y > top && *y < bottom + 1.0);
    let Some(&(_, rx1, y, w)) = under else {
        panic!("no rule under “Recitals Incorporated” ({x0}, {top}–{bottom}): {rules:?}")
    };
    // Under both words, the space between them included; below the
    // baseline (the lower fifth of the word box); Inter's thickness at 12 pt.
    assert!(
        rx1 > x1 - 8.0 && rx1 <= x1 + 0.5,
        "the rule ends at {rx1}, the words at {x1}"
    );
    assert!(
        y > bottom - (bottom - top) * 0.3,
        "the rule at {y} is not under the baseline"
    );
    assert!((0.5..1.5).contains(&w), "thickness {w}");
}

/// One `classes:` entry in layout.yaml styles a `.note` div in the PDF,
/// the HTML page and the EPUB alike; GitHub's `> [!NOTE]` is the same div.
#[test]
fn a_layout_class_styles_a_div_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("layouts/mine")).unwrap();
    std::fs::write(
        dir.path().join("layouts/mine/layout.yaml"),
        "extends: base\nclasses:\n  note: {background: \"#123456\"}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\ntitle: Classes\n---\n\n::: note\nInside the note.\n:::\n\n> [!NOTE]\n> An alert.\n",
    )
    .unwrap();
    let output = common::quire(&[
        "build",
        "doc.md",
        "--layout",
        "mine",
        "--to",
        "pdf,html,epub",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let out = dir.path().join("out");
    let html = std::fs::read_to_string(out.join("doc.html")).unwrap();
    assert!(
        html.contains(".note { background: #123456;"),
        "the page's CSS"
    );
    assert_eq!(html.matches("<div class=\"note\">").count(), 2);
    let epub = std::fs::read(out.join("doc.epub")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut css = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.name().ends_with(".css") || file.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut file, &mut css).unwrap();
        }
    }
    assert!(
        css.contains(".note { background: #123456;"),
        "the EPUB's CSS"
    );
    // The PDF fills the box in that colour: 0x12 0x34 0x56 as fractions.
    let pdf = out.join("doc.pdf");
    let wanted = [0x12, 0x34, 0x56].map(|c| f64::from(c) / 255.0);
    let fills = common::pdf_shapes(&pdf, 1)
        .into_iter()
        .filter(|s| s.kind == "rect")
        .filter(|s| {
            s.fill.as_ref().is_some_and(|fill| {
                fill.len() == 3 && fill.iter().zip(wanted).all(|(a, b)| (a - b).abs() < 0.01)
            })
        })
        .count();
    assert!(fills >= 2, "two boxes filled #123456 in the PDF");
}

/// The words of the agreement in quire's PDF, HTML, text and DOCX are those of
/// pandoc's plain-text output of the same file (pandoc 3.9, with the PSF's
/// own `-f markdown-raw_tex-tex_math_dollars-tex_math_single_backslash`,
/// kept beside the fixture), in the same order: at least 98 % of them.
#[test]
fn the_agreement_reads_as_pandoc_reads_it() {
    let built = build_agreement(&["pdf", "html", "txt", "docx"]);
    let stem = built.dir.join("sponsorship-agreement");
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let pandoc =
        words(&std::fs::read_to_string("tests/fixtures/sponsorship-agreement.pandoc.txt").unwrap());
    let html = std::fs::read_to_string(stem.with_extension("html")).unwrap();
    let outputs = [
        ("pdf", common::pdf_text(&stem.with_extension("pdf"))),
        ("html", html_words(&html).replace("&amp;", "&")),
        (
            "txt",
            std::fs::read_to_string(stem.with_extension("txt")).unwrap(),
        ),
        ("docx", docx_text(&stem.with_extension("docx"))),
    ];
    for (format, text) in outputs {
        let ours = words(&text);
        let common = longest_common_subsequence(&pandoc, &ours);
        let share = common as f64 / pandoc.len() as f64;
        assert!(
            share >= 0.98,
            "{format}: {common} of pandoc's {} words in order ({:.1} %)",
            pandoc.len(),
            share * 100.0
        );
    }
}

/// The text of a DOCX's body: its runs' text, a paragraph a line (Word's
/// list numbers are numbering, not text, as in pandoc's DOCX).
fn docx_text(path: &std::path::Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        if rest[open..close].starts_with("</w:p>") {
            text.push('\n');
        }
        rest = &rest[close..];
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The length of the longest common subsequence (two rows of the table).
fn longest_common_subsequence(a: &[String], b: &[String]) -> usize {
    let mut previous = vec![0usize; b.len() + 1];
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            row[j + 1] = if x == y {
                previous[j] + 1
            } else {
                row[j].max(previous[j + 1])
            };
        }
        std::mem::swap(&mut previous, &mut row);
    }
    previous[b.len()]
}

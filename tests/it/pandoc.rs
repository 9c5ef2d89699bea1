//! pandoc's Markdown: each extension the default dialect reads, the tree it
//! makes (JSON snapshots), and the PSF's sponsorship agreement — a real
//! pandoc document (python/pythondotorg's template, filled in for one
//! sponsor) — through every format.

use crate::common;
use quire::doc::{Attr, Block, Delim, Inline, ListStyle};
use quire::read::{read, Dialect};
use std::path::Path;

const AGREEMENT: &str = "tests/fixtures/sponsorship-agreement.md";

fn blocks(markdown: &str) -> Vec<Block> {
    read(markdown, 0, Dialect::Markdown).blocks
}

fn inlines(markdown: &str) -> Vec<Inline> {
    match blocks(markdown).into_iter().next() {
        Some(Block::Paragraph { content }) => content,
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn classes(list: &[&str]) -> Attr {
    Attr {
        classes: list.iter().map(|c| c.to_string()).collect(),
        ..Attr::default()
    }
}

#[test]
fn bracketed_spans_and_their_styles() {
    assert_eq!(
        inlines("[**Term**]{.underline}. Then"),
        vec![
            Inline::Underline {
                content: vec![Inline::Strong {
                    content: vec![Inline::text("Term")]
                }]
            },
            Inline::text(". Then"),
        ]
    );
    assert_eq!(
        inlines("a [b]{.smallcaps} [c]{.mark} d"),
        vec![
            Inline::text("a "),
            Inline::SmallCaps {
                content: vec![Inline::text("b")]
            },
            Inline::text(" "),
            Inline::Mark {
                content: vec![Inline::text("c")]
            },
            Inline::text(" d"),
        ]
    );
    let spans = inlines("[x]{#here .note lang=fr title=\"A title\"}");
    let Inline::Span { attr, content } = &spans[0] else {
        panic!("{spans:?}")
    };
    assert_eq!(attr.id, "here");
    assert_eq!(attr.classes, ["note"]);
    assert_eq!(attr.get("lang"), Some("fr"));
    assert_eq!(attr.get("title"), Some("A title"));
    assert_eq!(content, &vec![Inline::text("x")]);
    // Nested, and not a span: a link, brackets without attributes, escapes.
    let nested = inlines("[a [b]{.mark} c]{.underline}");
    assert!(matches!(&nested[0], Inline::Underline { content } if content.len() == 3));
    assert!(matches!(inlines("[a](b)")[0], Inline::Link { .. }));
    assert_eq!(inlines("[a] {b}"), vec![Inline::text("[a] {b}")]);
    assert_eq!(
        inlines("\\[Signature Page Follows\\]"),
        vec![Inline::text("[Signature Page Follows]")]
    );
}

#[test]
fn commonmark_and_gfm_stay_strict() {
    for dialect in [Dialect::Commonmark, Dialect::Gfm] {
        let body = read("[a]{.underline}\n\n::: note\nx\n:::\n", 0, dialect);
        assert!(
            matches!(&body.blocks[0], Block::Paragraph { content } if content == &vec![Inline::text("[a]{.underline}")]),
            "{dialect:?}: {:?}",
            body.blocks
        );
        assert!(!body.blocks.iter().any(|b| matches!(b, Block::Div { .. })));
    }
}

#[test]
fn fenced_divs_nest_and_take_a_bare_word() {
    let got = blocks(":::: {#outer .box}\n::: warning\nInside.\n:::\n::::\n");
    let Block::Div { attr, blocks } = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(attr.id, "outer");
    assert_eq!(attr.classes, ["box"]);
    let Block::Div { attr, blocks } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(attr, &classes(&["warning"]));
    assert!(matches!(&blocks[0], Block::Paragraph { .. }));
}

#[test]
fn page_breaks_every_way_pandoc_users_write_them() {
    let sources = [
        "A\n\n::: {.page-break}\n:::\n\nB\n",
        "A\n\n::: pagebreak\n:::\n\nB\n",
        "A\n\n```{=latex}\n\\newpage\n```\n\nB\n",
        "A\n\n\\newpage\n\nB\n",
        "A\n\\clearpage\nB\n",
        "A\n\n`\\pagebreak`{=latex}\n\nB\n",
        "A\n\u{c}\nB\n",
        // The template's own form: a div holding the raw LaTeX, one break.
        "A\n\n::: {.page-break}\n```{=latex}\n\\newpage\n```\n:::\n\nB\n",
    ];
    for source in sources {
        let got = blocks(source);
        assert_eq!(got.len(), 3, "{source:?} → {got:?}");
        assert_eq!(got[1], Block::PageBreak, "{source:?}");
        assert_eq!(
            got[2],
            Block::Paragraph {
                content: vec![Inline::text("B")]
            }
        );
    }
}

#[test]
fn raw_attributes_keep_html_and_drop_other_formats_with_a_warning() {
    let body = read(
        "`<b>x</b>`{=html} and `\\textbf{y}`{=latex}\n\n```{=typst}\n#set page()\n```\n",
        0,
        Dialect::Markdown,
    );
    let Block::Paragraph { content } = &body.blocks[0] else {
        panic!("{:?}", body.blocks)
    };
    assert_eq!(content[0], Inline::html("<b>x</b>"));
    assert_eq!(content[1..], [Inline::text(" and ")]);
    assert_eq!(body.blocks.len(), 1, "the typst block is dropped");
    let lines: Vec<u32> = body.warnings.iter().map(|(pos, _)| pos.line).collect();
    assert_eq!(lines, [1, 3], "{:?}", body.warnings);
    assert!(body.warnings[1].1.contains("typst"));
}

#[test]
fn fancy_lists_number_as_pandoc_does() {
    let list = |source: &str| match blocks(source).into_iter().next() {
        Some(Block::List {
            start,
            style,
            delimiter,
            items,
            ..
        }) => (start, style, delimiter, items.len()),
        other => panic!("{source:?}: {other:?}"),
    };
    use Delim::*;
    use ListStyle::*;
    // The agreement's `(a) … (a) …`: one lettered list, (a) then (b).
    assert_eq!(
        list("(a) First.\n\n(a) Second.\n"),
        (Some(1), LowerAlpha, TwoParens, 2)
    );
    assert_eq!(list("c. one\nd. two\n"), (Some(3), LowerAlpha, Period, 2));
    assert_eq!(list("A)  one\n"), (Some(1), UpperAlpha, OneParen, 1));
    assert_eq!(list("i. one\nii. two\n"), (Some(1), LowerRoman, Period, 2));
    assert_eq!(list("(iv) four\n"), (Some(4), LowerRoman, TwoParens, 1));
    assert_eq!(list("#. one\n#. two\n"), (Some(1), Decimal, Period, 2));
    assert_eq!(list("(3) three\n"), (Some(3), Decimal, TwoParens, 1));
    assert_eq!(list("1) one\n"), (Some(1), Decimal, OneParen, 1));
    // Nested under a numbered item, as the agreement has it.
    let got = blocks("1. Clause.\n\n    (a) Sub.\n\n    (a) Sub.\n");
    let Block::List { items, .. } = &got[0] else {
        panic!()
    };
    assert!(matches!(
        &items[0].blocks[1],
        Block::List { style: LowerAlpha, delimiter: TwoParens, items, .. } if items.len() == 2
    ));
    // A line of text is not interrupted; a name is not a list.
    assert!(matches!(
        &blocks("See\n(a) this.\n")[0],
        Block::Paragraph { .. }
    ));
    assert!(matches!(
        &blocks("B. Russell wrote.\n")[0],
        Block::Paragraph { .. }
    ));
}

#[test]
fn definition_lists_line_blocks_scripts_and_heading_attributes() {
    let got = blocks("Term\n\n:   The definition.\n");
    let Block::DefinitionList { items } = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(items[0].term, vec![Inline::text("Term")]);
    assert_eq!(items[0].definitions.len(), 1);

    let got =
        blocks("| The Python Software Foundation\n|     9450 SW Gemini Dr.\n| Beaverton, OR\n");
    let Block::LineBlock { lines } = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        vec![Inline::text("\u{a0}\u{a0}\u{a0}\u{a0}9450 SW Gemini Dr.")]
    );

    assert_eq!(
        inlines("H~2~O and E=mc^2^"),
        vec![
            Inline::text("H"),
            Inline::Subscript {
                content: vec![Inline::text("2")]
            },
            Inline::text("O and E=mc"),
            Inline::Superscript {
                content: vec![Inline::text("2")]
            },
        ]
    );
    // Strikethrough stays two tildes.
    assert!(matches!(inlines("~~gone~~")[0], Inline::Strike { .. }));

    let got = blocks("## Exhibit A {#exhibit .unnumbered}\n\n## Notes {-}\n");
    let Block::Heading { attr, content, .. } = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(attr.id, "exhibit");
    assert_eq!(attr.classes, ["unnumbered"]);
    assert_eq!(content, &vec![Inline::text("Exhibit A")]);
    let Block::Heading { attr, content, .. } = &got[1] else {
        panic!("{got:?}")
    };
    assert_eq!(attr.classes, ["unnumbered"]);
    assert_eq!(content, &vec![Inline::text("Notes")]);
}

/// The new nodes as `--to json` shows them.
#[test]
fn json_of_the_new_nodes() {
    let source = "\
# Heading {#top .unnumbered}

[under]{.underline} [caps]{.smallcaps} [hi]{.mark} x^2^ H~2~O [span]{#s .k v=1}

::: {.note}
(a) one

(b) two
:::

Term
:   Definition.

| line one
| line two

\\newpage
";
    let output = common::quire(&["build", "-", "--to", "json", "-o", "-"])
        .stdin_bytes(source.as_bytes())
        .run();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let tree: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(tree["version"], 2);
    insta::assert_json_snapshot!(tree["blocks"]);
}

// ---- The sponsorship agreement, built as a user would -------------------

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
    // Page 1's words with their boxes (top-down points).
    let bbox = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (make deps)");
    let bbox = String::from_utf8_lossy(&bbox.stdout).into_owned();
    let words: Vec<(String, [f64; 4])> = bbox
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|line| {
            let attr = |name: &str| -> f64 {
                let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                line[at..].split('"').next().unwrap().parse().unwrap()
            };
            let word = line.split('>').nth(1).unwrap().split('<').next().unwrap();
            (
                word.to_owned(),
                [attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")],
            )
        })
        .collect();
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

/// The words of the agreement in quire's PDF, HTML and text are those of
/// pandoc's plain-text output of the same file (pandoc 3.9, with the PSF's
/// own `-f markdown-raw_tex-tex_math_dollars-tex_math_single_backslash`,
/// kept beside the fixture), in the same order: at least 98 % of them.
#[test]
fn the_agreement_reads_as_pandoc_reads_it() {
    let built = build_agreement(&["pdf", "html", "txt"]);
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

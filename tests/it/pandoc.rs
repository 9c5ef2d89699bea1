//! pandoc's Markdown: each extension the default dialect reads and the tree
//! it makes (JSON snapshots). The agreement through every format: agreement.rs.

use crate::common;
use quire::doc::{Attr, Block, Delim, Inline, ListStyle};
use quire::read::{read, Dialect};

fn blocks(markdown: &str) -> Vec<Block> {
    read(markdown, 0, Dialect::markdown()).blocks
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
    for dialect in [Dialect::commonmark(), Dialect::gfm()] {
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
fn raw_attributes_keep_the_formats_quire_writes_and_drop_others_with_a_warning() {
    // HTML for the HTML writers, LaTeX for the paged ones (which set its
    // layout commands), OpenXML for the DOCX; Typst for none of them.
    let body = read(
        "`<b>x</b>`{=html} and `\\textbf{y}`{=latex}\n\n```{=typst}\n#set page()\n```\n\n```{=openxml}\n<w:p/>\n```\n",
        0,
        Dialect::markdown(),
    );
    let Block::Paragraph { content } = &body.blocks[0] else {
        panic!("{:?}", body.blocks)
    };
    assert_eq!(content[0], Inline::html("<b>x</b>"));
    assert_eq!(
        content[1..],
        [
            Inline::text(" and "),
            Inline::Raw {
                format: "latex".to_owned(),
                text: "\\textbf{y}".to_owned()
            }
        ]
    );
    assert_eq!(
        body.blocks.len(),
        2,
        "the typst block is dropped: {:?}",
        body.blocks
    );
    assert!(matches!(&body.blocks[1], Block::Raw { format, .. } if format == "openxml"));
    let lines: Vec<u32> = body.warnings.iter().map(|(pos, _)| pos.line).collect();
    assert_eq!(lines, [3], "{:?}", body.warnings);
    assert!(body.warnings[0].1.contains("typst"));
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
    assert_eq!(tree["version"], 4);
    insta::assert_json_snapshot!(tree["blocks"]);
}

/// pandoc's `implicit_figures`: an image with alt text alone in its
/// paragraph is a figure; one among text, one without alt text, a linked
/// one (pandoc 3) and any image in GFM or CommonMark stays in its
/// paragraph.
#[test]
fn an_image_alone_in_its_paragraph_is_a_figure() {
    let figure = |markdown: &str, dialect| {
        matches!(
            read(markdown, 0, dialect).blocks.first(),
            Some(Block::Figure { .. })
        )
    };
    assert!(figure("![The PSF logo](logo.png)\n", Dialect::markdown()));
    assert!(!figure(
        "[![The PSF logo](logo.png)](https://www.python.org)\n",
        Dialect::markdown()
    ));
    assert!(!figure(
        "See ![the logo](logo.png) here.\n",
        Dialect::markdown()
    ));
    assert!(!figure("![](logo.png)\n", Dialect::markdown()));
    assert!(!figure("![a](a.png) ![b](b.png)\n", Dialect::markdown()));
    // In a tight list an item is plain text (pandoc's `Plain`), in a loose
    // one a paragraph.
    let first_item = |markdown: &str| match read(markdown, 0, Dialect::markdown()).blocks.first() {
        Some(Block::List { items, .. }) => items[0].blocks[0].clone(),
        other => panic!("not a list: {other:?}"),
    };
    assert!(matches!(
        first_item("- ![Logo](logo.png)\n- text\n"),
        Block::Paragraph { .. }
    ));
    assert!(matches!(
        first_item("- ![Logo](logo.png)\n\n- text\n"),
        Block::Figure { .. }
    ));
    for dialect in [Dialect::gfm(), Dialect::commonmark()] {
        assert!(
            !figure("![The PSF logo](logo.png)\n", dialect),
            "{dialect:?}"
        );
    }
}

/// A figure in HTML is pandoc's: the image, and its alt text as a
/// caption hidden from assistive technology (which has read the alt text);
/// in the PDF the caption is set under the image and tagged `Caption`.
#[test]
fn a_figure_has_its_caption_in_html_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::repo().join("tests/fixtures/images/badge.png"),
        dir.path().join("badge.png"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("fig.md"),
        "---\ntitle: Figures\n---\n\nText before.\n\n![The PSF badge, in blue](badge.png)\n\nText after.\n",
    )
    .unwrap();
    let out = common::quire(&["build", "fig.md", "--to", "html,pdf", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/fig.html")).unwrap();
    assert!(
        html.contains("<figure>\n<img src=\"data:image/png"),
        "{html}"
    );
    assert!(
        html.contains(
            "<figcaption aria-hidden=\"true\">The PSF badge, in blue</figcaption>\n</figure>"
        ),
        "{html}"
    );
    let pdf = dir.path().join("out/fig.pdf");
    let text = common::pdf_text(&pdf);
    let (before, after) = (
        text.find("Text before").unwrap(),
        text.find("Text after").unwrap(),
    );
    let caption = text
        .find("The PSF badge, in blue")
        .expect("the caption is on the page");
    assert!(before < caption && caption < after, "{text}");
    // The structure elements in reading order, each as `parent>role`.
    let script = r#"
import sys, json, pikepdf
pdf = pikepdf.open(sys.argv[1])
roles = []
def walk(node, parent):
    if isinstance(node, pikepdf.Array):
        for kid in node: walk(kid, parent)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        role = str(node.S)[1:]
        roles.append(parent + ">" + role)
        if "/K" in node: walk(node.K, role)
walk(pdf.Root.StructTreeRoot.K, "")
print(json.dumps(" ".join(roles)))
"#;
    let roles: String = common::python_json(script, &[pdf.to_str().unwrap()]);
    // PDF/UA: a caption is a child of what it captions.
    assert!(roles.contains("Figure>Caption"), "{roles}");
}

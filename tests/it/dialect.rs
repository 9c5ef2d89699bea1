//! pandoc's Markdown as pandoc reads it (issue 26): the defects found on
//! real pages, each as the fragment a reader sees, and the format string's
//! extension switches.

use crate::common::quire;

/// The fragment's body: what is inside `<article>`, the title left out.
/// The fragment's body (inside `<article>`, no title) read as `from`, and
/// what quire said.
pub(crate) fn fragment(markdown: &str, from: &str) -> (String, String) {
    let run = quire(&["build", "-", "--from", from, "--to", "fragment", "-o", "-"])
        .stdin_bytes(markdown.as_bytes())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = run
        .stdout
        .split_once("<article>")
        .and_then(|(_, rest)| rest.split_once("</article>"))
        .map(|(body, _)| body.to_owned())
        .unwrap_or_default();
    let body = body
        .lines()
        .filter(|line| !line.starts_with("<h2 class=\"title\">"))
        .collect::<Vec<_>>()
        .join("\n");
    (body, run.stderr)
}

/// The fragment's body read as pandoc's Markdown.
pub(crate) fn html(markdown: &str) -> String {
    fragment(markdown, "markdown").0
}

#[test]
fn attributes_on_images_links_and_code_are_read_not_printed() {
    let out = html(
        "![logo](logo.png){width=30%} `python`{.backtick} [a](https://example.org){.external}\n\n<https://example.org>{.bare} [b](u)\n{target=\"_blank\"}\n",
    );
    assert!(!out.contains('{'), "{out}");
    assert!(out.contains("style=\"width:30%;\""), "{out}");
    assert!(
        out.contains("<code class=\"backtick\">python</code>"),
        "{out}"
    );
    assert!(out.contains("class=\"external\""), "{out}");
    assert!(out.contains("class=\"bare\""), "{out}");
    assert!(out.contains("target=\"_blank\""), "{out}");
}

#[test]
fn id_and_class_as_keys_are_the_id_and_classes_and_a_key_is_written_once() {
    let out = html("[span]{id=foo class=\"a b\" key=1 key=2}\n");
    assert!(
        out.contains("<span id=\"foo\" class=\"a b\" data-key=\"1\">"),
        "{out}"
    );
    assert!(
        !out.contains("data-id") && !out.contains("data-class"),
        "{out}"
    );
}

#[test]
fn a_fenced_code_blocks_id_is_kept() {
    let out = html("```{.python #listing}\nx = 1\n```\n");
    assert!(out.contains("<pre id=\"listing\">"), "{out}");
}

#[test]
fn inline_notes_are_notes() {
    let out = html("Hi^[An inline note.] there.\n");
    assert!(!out.contains("^["), "{out}");
    assert!(out.contains("role=\"doc-noteref\""), "{out}");
    assert!(out.contains("An inline note."), "{out}");
}

#[test]
fn citations_are_written_as_pandoc_writes_them_without_a_bibliography() {
    let out = html("As [see @doe99, p. 3; @roe] and @doe99 say; mail x@y.org.\n");
    assert!(
        out.contains(
            "<span class=\"citation\" data-cites=\"doe99 roe\">[see @doe99, p. 3; @roe]</span>"
        ),
        "{out}"
    );
    assert!(
        out.contains("<span class=\"citation\" data-cites=\"doe99\">@doe99</span>"),
        "{out}"
    );
    assert_eq!(out.matches("class=\"citation\"").count(), 2, "{out}");
}

#[test]
fn raw_tex_is_never_printed_as_text_and_unknown_commands_are_named_once() {
    let (out, warnings) = fragment(
        "Before.\n\n\\begin{center}\n(a) not a list\n\\end{center}\n\n\\vspace{1em}\n\\noindent \\textbf{Bold} and \\foo{x} and \\foo{y}, C:\\\\Users.\n",
        "markdown",
    );
    for tex in [
        "\\begin",
        "\\vspace",
        "\\noindent",
        "\\textbf",
        "\\foo",
        "not a list",
    ] {
        assert!(!out.contains(tex), "{tex} in {out}");
    }
    assert!(out.contains("and  and"), "{out}");
    // An escaped backslash is a backslash, not a command.
    assert!(out.contains("C:\\Users"), "{out}");
    assert_eq!(warnings.matches("`\\foo`").count(), 1, "{warnings}");
    assert!(!warnings.contains("`\\textbf`"), "{warnings}");
}

#[test]
fn pythondotorgs_format_string_is_read_and_switches_work() {
    // The contract code switches raw TeX and TeX math off: sponsor fields
    // print as typed.
    let (out, _) = fragment(
        "\\input{/etc/passwd} costs $x$.\n",
        "markdown-raw_tex-tex_math_dollars-tex_math_single_backslash",
    );
    assert!(out.contains("\\input{/etc/passwd} costs $x$."), "{out}");
    let (out, _) = fragment("Hi^[note] and [@key].\n", "markdown-inline_notes-citations");
    assert!(out.contains("Hi^[note] and [@key]."), "{out}");
    let run = quire(&[
        "build",
        "-",
        "--from",
        "markdown+no_such_ext",
        "--to",
        "txt",
        "-o",
        "-",
    ])
    .stdin_bytes(b"x\n")
    .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`no_such_ext`"), "{}", run.stderr);
}

#[test]
fn attributes_after_a_heading_are_read_with_their_dash() {
    let out = html("# Preface {.unlisted -}\n\nText.\n");
    assert!(out.contains("class=\"unlisted unnumbered\""), "{out}");
    assert!(!out.contains('{'), "{out}");
}

#[test]
fn a_figure_takes_its_images_id() {
    let out = html("![A caption](missing.png){#fig-one}\n");
    assert!(out.contains("<figure id=\"fig-one\">"), "{out}");
}

#[test]
fn double_angle_brackets_stay_as_typed() {
    let out = html("The prompt >>> and << and >> here, `x >> 1`.\n\n>> nested\n");
    assert!(
        out.contains("The prompt &gt;&gt;&gt; and &lt;&lt; and &gt;&gt; here"),
        "{out}"
    );
    assert!(out.contains("<code>x &gt;&gt; 1</code>"), "{out}");
    assert!(!out.contains('»') && !out.contains('«'), "{out}");
    assert_eq!(out.matches("<blockquote>").count(), 2, "{out}");
}

#[test]
fn a_dotted_path_without_a_public_suffix_stays_relative() {
    let out = html("[faq](boost.python/FAQ), [s](setup.py), [p](python.org/x).\n");
    assert!(out.contains("href=\"boost.python/FAQ\""), "{out}");
    assert!(out.contains("href=\"setup.py\""), "{out}");
    assert!(out.contains("href=\"https://python.org/x\""), "{out}");
}

#[test]
fn a_term_with_two_definitions_has_one_term() {
    let out = html("Term\n:   one\n:   two\n");
    assert_eq!(out.matches("<dt>").count(), 1, "{out}");
    assert!(!out.contains("<dt></dt>"), "{out}");
    assert_eq!(out.matches("<dd>").count(), 2, "{out}");
}

#[test]
fn a_fence_line_that_is_no_div_keeps_its_words() {
    let out = html("::: warning Read this first\nBody.\n:::\n");
    assert!(out.contains("Read this first"), "{out}");
    assert!(!out.contains("<div class=\"warning\""), "{out}");
    let out = html("::: warning\nBody.\n:::\n");
    assert!(out.contains("<div class=\"warning\">"), "{out}");
    // Colons after the attributes, as pandoc allows them.
    let out = html("::::: warning ::::::\nBody.\n:::::\n");
    assert!(
        out.contains("<div class=\"warning\">\n<p>Body.</p>\n</div>"),
        "{out}"
    );
}

#[test]
fn an_escaped_bar_starts_no_line_block() {
    let out = html("\\| not a line block\n\n| a line\n|    indented\n");
    assert!(out.contains("<p>| not a line block</p>"), "{out}");
    assert_eq!(out.matches("class=\"line-block\"").count(), 1, "{out}");
}

#[test]
fn a_title_is_printed_once_and_a_page_without_one_shows_none() {
    let out = html("---\ntitle: Hello World\n---\n\n# Hello world {#hw}\n\nText [back](#hw).\n");
    assert_eq!(out.matches("Hello").count(), 1, "{out}");
    assert!(
        out.contains("<h2 class=\"title\" id=\"hw\">Hello World</h2>"),
        "{out}"
    );
    // No title: none on the page, not the file name, not the heading twice.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes-2026.md"), "# Intro\n\nText.\n").unwrap();
    let run = quire(&[
        "build",
        "notes-2026.md",
        "--to",
        "html,txt,pdf",
        "-o",
        "out",
    ])
    .in_dir(dir.path())
    .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(dir.path().join("out/notes-2026.html")).unwrap();
    assert_eq!(page.matches(">Intro</h").count(), 1, "{page}");
    assert!(page.contains("<title>Intro</title>"), "{page}");
    assert!(!page.contains("class=\"title\""), "{page}");
    let text = std::fs::read_to_string(dir.path().join("out/notes-2026.txt")).unwrap();
    assert!(!text.contains("notes"), "{text}");
    assert_eq!(text.matches("Intro").count(), 1, "{text}");
    let pdf = crate::common::pdf_text(&dir.path().join("out/notes-2026.pdf"));
    assert_eq!(pdf.matches("Intro").count(), 1, "{pdf}");
}

#[test]
fn a_title_block_and_yaml_blocks_in_the_body_are_metadata() {
    let (out, warnings) = fragment(
        "% My Title\n% Ada Lovelace; Charles Babbage\n% 1843\n\nBody.\n\n---\nsubtitle: Notes\nlayout: brief\n...\n\nMore.\n\n---\n\nAfter a rule.\n",
        "markdown",
    );
    let whole = quire(&["build", "-", "--to", "txt", "-o", "-"])
        .stdin_bytes(b"% My Title\n% Ada Lovelace; Charles Babbage\n% 1843\n\nBody.\n")
        .run();
    assert!(
        whole
            .stdout
            .contains("Ada Lovelace, Charles Babbage · 1843"),
        "{}",
        whole.stdout
    );
    assert!(!out.contains('%') && !out.contains("layout"), "{out}");
    assert!(!out.contains("subtitle:"), "{out}");
    assert!(
        out.contains("<hr />") && out.contains("After a rule."),
        "{out}"
    );
    // Template-filled text can reach a block in the body: it never sets how
    // the document is built.
    assert!(
        warnings.contains("`layout` in a metadata block"),
        "{warnings}"
    );
}

#[test]
fn example_lists_number_through_the_document_and_labels_are_referenced() {
    let out = html(
        "(@) My first example.\n(@good) A good one.\n\nAs (@good) shows, text between.\n\n(@) A third.\n",
    );
    assert!(!out.contains("(@"), "{out}");
    assert!(out.contains("As (2) shows"), "{out}");
    assert!(out.contains("<ol start=\"3\""), "{out}");
}

#[test]
fn the_paged_formats_set_raw_texs_layout_commands() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.md"),
        "---\ntitle: T\n---\n\nBefore \\textbf{bold words} after.\n\n\\begin{center}\nCentred *line*.\n\\end{center}\n\n\\vspace{3em}\n\nEnd \\unknowncommand{gone}.\n",
    )
    .unwrap();
    let run = quire(&["build", "t.md", "--to", "pdf,html,docx", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = crate::common::pdf_text(&dir.path().join("out/t.pdf"));
    for text in ["Before bold words after.", "Centred line.", "End ."] {
        assert!(pdf.contains(text), "{text} not in {pdf}");
    }
    assert!(!pdf.contains('\\') && !pdf.contains("gone"), "{pdf}");
    let html = std::fs::read_to_string(dir.path().join("out/t.html")).unwrap();
    assert!(
        !html.contains("Centred") && !html.contains("bold words"),
        "as pandoc's HTML writer"
    );
    assert!(run.stderr.contains("`\\unknowncommand`"), "{}", run.stderr);
}

/// `center` centres its lines and `flushright` sets them flush right, in
/// the PDF (word boxes) and in the DOCX (`w:jc`), as LaTeX would.
#[test]
fn raw_tex_alignment_environments_align_their_lines() {
    let (x, xml) = paged(
        "Leftmost words of a body paragraph.\n\n\\begin{center}\nCentred\n\\end{center}\n\n\\begin{flushright}\nSigned\n\\end{flushright}\n",
    );
    let (left, centred, signed) = (x("Leftmost"), x("Centred"), x("Signed"));
    let measure = (left[0], 612.0 - left[0]);
    let middle = (centred[0] + centred[2]) / 2.0;
    assert!(
        (middle - (measure.0 + measure.1) / 2.0).abs() < 2.0,
        "centred at {middle}, measure {measure:?}"
    );
    assert!(
        signed[0] > 400.0 && signed[2] > centred[2],
        "flush right: {signed:?}"
    );
    assert!(xml.contains("<w:jc w:val=\"center\"/>"), "{xml}");
    assert!(xml.contains("<w:jc w:val=\"right\"/>"), "{xml}");
}

#[test]
fn notes_in_table_cells_are_the_documents_notes() {
    let run = quire(&["build", "-", "--to", "txt", "-o", "-"])
        .stdin_bytes(b"  x    y[^fn]\n ---  ---\n  1    2^[inline]\n\n[^fn]: a footnote\n")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("y[^1]") && run.stdout.contains("2[^2]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[^1] a footnote"), "{}", run.stdout);
    assert!(run.stdout.contains("[^2] inline"), "{}", run.stdout);
}

#[test]
fn simple_grid_and_captioned_tables_are_tables() {
    let out = html(concat!(
        "  Right     Left\n-------     ------\n     12     12\n\nTable: Simple *caption*.\n\n",
        "+--------+----------+\n| Fruit  | Notes    |\n+========+==========+\n| Banana | - one    |\n|        | - two    |\n+--------+----------+\n\n",
        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n: Pipe caption {#tbl:pipe}\n",
    ));
    assert_eq!(out.matches("<table").count(), 3, "{out}");
    assert!(
        out.contains("<caption>Simple <em>caption</em>.</caption>"),
        "{out}"
    );
    assert!(out.contains("<table id=\"tbl:pipe\">"), "{out}");
    assert!(
        out.contains("<li>one</li>"),
        "a grid cell holds blocks: {out}"
    );
    assert!(!out.contains("+--") && !out.contains("Table:"), "{out}");
}

#[test]
fn a_list_right_under_a_paragraph_is_text_and_check_says_so() {
    let (out, warnings) = fragment(
        "Some text:\n- item one\n- item two\n\nPara\n* * *\n",
        "markdown",
    );
    assert!(
        out.contains("<p>Some text:\n- item one\n- item two</p>"),
        "{out}"
    );
    assert!(out.contains("<hr />"), "a rule still interrupts: {out}");
    assert_eq!(
        warnings.matches("put a blank line before the list").count(),
        1,
        "{warnings}"
    );
    assert!(warnings.contains("-:2:1"), "{warnings}");
    // Right under an HTML block tag a list starts (pandoc's
    // markdown_in_html_blocks), its marker never escaped.
    let (div, _) = fragment("<div class=\"column\">\n- a\n</div>\n", "markdown");
    assert!(div.contains("<li>a</li>") && !div.contains("\\-"), "{div}");
    // GitHub's reading where the source asks for it.
    let (gfm, _) = fragment("Some text:\n- item one\n", "gfm");
    assert!(gfm.contains("<li>item one</li>"), "{gfm}");
}

#[test]
fn attributes_on_reference_definitions_reach_their_links() {
    let out = html("[a] and [b][2]\n\n[a]: url\n{.class}\n\n[2]: u {.foo}\n");
    assert!(
        out.contains("<a href=\"url\" class=\"class\">a</a>"),
        "{out}"
    );
    assert!(out.contains("<a href=\"u\" class=\"foo\">b</a>"), "{out}");
    assert!(!out.contains('{'), "{out}");
}

#[test]
fn a_tight_definition_is_plain_and_a_loose_one_paragraphs() {
    let out = html("Term\n:   one\n:   two\n\nLoose\n\n:   para\n");
    assert!(out.contains("<dd>\none\n</dd>"), "{out}");
    assert!(out.contains("<dd>\n<p>para</p>\n</dd>"), "{out}");
}

/// pandoc's Markdown makes headings' ids by pandoc's rule and links
/// `[Heading text]` to the heading of exactly that text (pandoc's manual,
/// "Heading identifiers" and "Implicit heading references"); gfm keeps
/// GitHub's anchors and no implicit references.
#[test]
fn headings_ids_and_implicit_references_follow_the_dialect() {
    let source = "# 1. Python & Tools\n\n## Examples!\n\n## Examples\n\nSee [Examples], [the tools][1. Python & Tools] and [nothing].\n\n```\n# Fake\n```\n\n[Fake]\n";
    let out = html(source);
    assert!(out.contains("<h1 id=\"python-tools\">"), "{out}");
    assert!(out.contains("<h2 id=\"examples-1\">Examples</h2>"), "{out}");
    assert!(
        out.contains("See <a href=\"#examples-1\">Examples</a>, <a href=\"#python-tools\">the tools</a> and [nothing]."),
        "{out}"
    );
    assert!(
        out.contains("<p>[Fake]</p>"),
        "a fence's line is no heading: {out}"
    );
    let (gfm, _) = fragment(source, "gfm");
    assert!(gfm.contains("<h1 id=\"1-python--tools\">"), "{gfm}");
    assert!(gfm.contains("See [Examples]"), "{gfm}");
    let (off, _) = fragment(source, "markdown-implicit_header_references");
    assert!(off.contains("See [Examples]"), "{off}");
}

/// Tables in any of pandoc's grammars inside a list item or a block quote
/// are tables there, as pandoc's block parser reads a container's content;
/// the lines they take keep the container going.
#[test]
fn tables_inside_lists_and_quotes_are_tables() {
    let out = html(concat!(
        "- item\n\n  a   b\n  --- ---\n  1   2\n\n- next\n\n",
        "> x   y\n> --- ---\n> 1   2\n>\n> Table: Quoted *caption*\n\nAfter.\n\n",
        "1. First\n\n   +-----+-----+\n   | a   | b   |\n   +=====+=====+\n   | - x | 2   |\n   +-----+-----+\n\n2. Second\n",
    ));
    assert_eq!(out.matches("<table").count(), 3, "{out}");
    assert!(!out.contains("<hr") && !out.contains("---"), "{out}");
    assert!(
        out.contains("<caption>Quoted <em>caption</em></caption>"),
        "{out}"
    );
    assert!(
        out.contains("<p>next</p>") && out.contains("<p>Second</p>"),
        "{out}"
    );
    assert_eq!(
        out.matches("<ul>").count(),
        2,
        "one list and a cell's: {out}"
    );
    assert_eq!(out.matches("<blockquote>").count(), 1, "{out}");
}

/// What is found in a table's cell is reported at the cell's own line, in
/// every grammar (not at the table's first line).
#[test]
fn diagnostics_in_table_cells_point_at_the_cells_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cells.md"),
        "Intro.\n\n+-----+----------------+\n| a   | b              |\n+=====+================+\n| x   | y              |\n+-----+----------------+\n| z   | \\weirdcmd{y}    |\n+-----+----------------+\n\n  A    B\n ---  ---\n  1    \\othercmd{q}\n\n| p | q |\n|---|---|\n| 1 | \\thirdcmd{r} |\n\n: cap\n",
    )
    .unwrap();
    let run = quire(&["check", "cells.md"]).in_dir(dir.path()).run();
    for (command, line) in [("weirdcmd", 8), ("othercmd", 13), ("thirdcmd", 17)] {
        let at = run
            .stderr
            .find(&format!("`\\{command}`"))
            .unwrap_or_else(|| panic!("no warning for {command}: {}", run.stderr));
        assert!(
            run.stderr[at..].contains(&format!("cells.md:{line}:")),
            "{command} not at line {line}: {}",
            run.stderr
        );
    }
}

/// `\hfill` pushes the rest of its line to the right margin: in the PDF
/// the last word ends where a justified line ends, in the DOCX a tab to
/// the margin.
#[test]
fn raw_tex_hfill_pushes_the_rest_of_the_line_right() {
    let (word, xml) = paged("Signed by the Foundation \\hfill Date: 6 December\n");
    let right_of = |name: &str| word(name)[2];
    // The page's margins are alike: the right one mirrors the left.
    let margin = 612.0 - word("Signed")[0];
    assert!(
        (right_of("December") - margin).abs() < 1.0,
        "December ends at {}, the margin is at {margin}",
        right_of("December")
    );
    assert!(right_of("Foundation") < margin / 2.0);
    assert!(
        xml.contains("<w:ptab w:relativeTo=\"margin\" w:alignment=\"right\""),
        "{xml}"
    );
}

/// `markdown` built into a PDF and a DOCX: a word's box on the PDF's first
/// page, and the DOCX's document part.
fn paged(markdown: &str) -> (impl Fn(&str) -> [f64; 4], String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.md"), markdown).unwrap();
    let run = quire(&["build", "t.md", "--to", "pdf,docx", "-o", "out"])
        .in_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("left out"), "{}", run.stderr);
    let words = crate::common::pdf_words(&dir.path().join("out/t.pdf"), 1);
    let xml = crate::docx::read_part(&dir.path().join("out/t.docx"), "word/document.xml");
    let word = move |name: &str| {
        words
            .iter()
            .find(|(w, _)| w == name)
            .map(|(_, b)| *b)
            .unwrap_or_else(|| panic!("{name} not in {words:?}"))
    };
    (word, xml)
}

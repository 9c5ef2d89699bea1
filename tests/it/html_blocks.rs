//! Raw HTML as pandoc's Markdown reads it (pandoc's manual, "Extension:
//! markdown_in_html_blocks" and "Extension: native_divs"): the Markdown
//! between block-level tags is Markdown, `<div>`s are divs, verbatim
//! elements stay as written, and the switches turn it off.

use crate::common::quire;

/// The fragment's body (inside `<article>`) and the JSON tree, for `from`.
fn read(markdown: &str, from: &str) -> (String, String) {
    let (body, _) = crate::dialect::fragment(markdown, from);
    let json = quire(&["build", "-", "--from", from, "--to", "json", "-o", "-"])
        .stdin_bytes(markdown.as_bytes())
        .run();
    assert_eq!(json.code, 0, "{}", json.stderr);
    (body, json.stdout)
}

#[test]
fn markdown_between_block_tags_is_markdown() {
    let (html, _) = read(
        "<details>\n<summary>Show me</summary>\n\n- one\n- *two*\n\n## Inside\n</details>\n",
        "markdown",
    );
    assert!(html.contains("<li><em>two</em></li>"), "{html}");
    assert!(html.contains("<h2 id=\"inside\">Inside</h2>"), "{html}");
    // Text alone between two tags gets no paragraph it did not have.
    assert!(html.contains("<summary>\nShow me\n</summary>"), "{html}");
    // A table's cells, the tags indented as HTML is written.
    let (html, _) = read(
        "<table>\n    <tr>\n        <td>*one*</td>\n        <td>[a](https://example.org)</td>\n    </tr>\n</table>\n",
        "markdown",
    );
    assert!(html.contains("<em>one</em>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org\">a</a>"),
        "{html}"
    );
    assert!(!html.contains("<pre>"), "{html}");
}

#[test]
fn a_div_is_a_div_of_the_tree_with_its_attributes() {
    let (html, json) = read(
        "<div id=\"cols\" class=\"columns wide\">\n<div class=\"column\">\n- a\n- b\n</div>\nok\n</div>\n",
        "markdown",
    );
    assert_eq!(json.matches("\"type\": \"div\"").count(), 2, "{json}");
    assert!(json.contains("\"columns\""), "{json}");
    assert!(html.contains("<li>a</li>"), "{html}");
    assert!(html.contains("<p>ok</p>"), "{html}");
    // An unclosed div ends with the document, as pandoc closes it.
    let (_, json) = read("<div class=\"open\">\n\ntext\n", "markdown");
    assert!(json.contains("\"type\": \"div\""), "{json}");
    // `-native_divs`: the tags stay raw HTML, the Markdown inside is read.
    let (html, json) = read("<div class=\"x\">\n*a*\n</div>\n", "markdown-native_divs");
    assert!(!json.contains("\"type\": \"div\""), "{json}");
    assert!(html.contains("<em>a</em>"), "{html}");
}

#[test]
fn verbatim_elements_and_code_stay_as_written() {
    let (html, _) = read("<pre>\n*not emphasis*\n</pre>\n", "markdown");
    assert!(html.contains("*not emphasis*"), "{html}");
    let (_, json) = read("<textarea>\n one\n  *two*\n</textarea>\n", "markdown");
    assert!(json.contains("*two*"), "{json}");
    // Four spaces inside a div are code, as pandoc reads them.
    let (html, _) = read("<div>\n    *x*\n</div>\n", "markdown");
    assert!(html.contains("<pre><code>*x*"), "{html}");
}

#[test]
fn a_tag_that_is_not_a_block_is_inline_html_in_a_paragraph() {
    let (_, json) = read("<unknown>\nx\n", "markdown");
    assert!(json.contains("\"type\": \"paragraph\""), "{json}");
    assert!(json.contains("<unknown>"), "{json}");
    // A comment right under a definition's line is text of it, so the
    // next `:` line is a second definition (pandoc's reading).
    let (html, _) = read("Term\n: Def\n<!--\n: comment def\n-->\n", "markdown");
    assert_eq!(html.matches("<dd>").count(), 2, "{html}");
}

#[test]
fn the_switch_and_github_keep_commonmarks_html_blocks() {
    let source = "<div>\n*a*\n</div>\n";
    for from in ["markdown-markdown_in_html_blocks", "gfm", "commonmark"] {
        let (html, json) = read(source, from);
        assert!(
            html.contains("*a*") && !html.contains("<em>"),
            "{from}: {html}"
        );
        assert!(!json.contains("\"type\": \"div\""), "{from}: {json}");
    }
}

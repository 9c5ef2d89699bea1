//! pandoc's Markdown as pandoc's HTML writer sets it (issue 26): the
//! attributes it writes as HTML (`style`, a column's width, an image's
//! `alt`), the span classes that are elements, a div that is a section,
//! code blocks' attributes and task items — each from pandoc's manual or,
//! where the manual is silent, from pandoc's own output.

/// The fragment's body: what is inside `<article>`.
fn fragment(markdown: &str) -> String {
    crate::dialect::html(markdown)
}

#[test]
fn style_is_written_as_style_keeping_only_the_elements_own_box() {
    // The author's CSS is sanitised as raw HTML is (the fragment always,
    // the page unless `trust_html`): what styles the element itself stays,
    // nothing that could reach the page around it.
    let out = fragment(
        "[a]{style=\"color: blue; position: fixed; inset: 0\"} `b`{style=\"font-weight: bold\"}\n",
    );
    assert!(out.contains("<span style=\"color:blue\">a</span>"), "{out}");
    assert!(
        out.contains("<code style=\"font-weight:bold\">b</code>"),
        "{out}"
    );
    assert!(!out.contains("position") && !out.contains("inset"), "{out}");
    assert!(!out.contains("data-style"), "{out}");
}

#[test]
fn an_images_own_style_comes_before_its_size_and_alt_overrides_its_description() {
    let out = fragment(
        "![](file.jpg){height=10em width=10em style='border: 1px solid black'}\n\n\
         ![caption](x.jpg \"title\"){alt=\"the alt\"}\n",
    );
    assert!(
        out.contains("style=\"border:1px solid black;width:10em;height:10em\""),
        "{out}"
    );
    assert!(out.contains("alt=\"the alt\""), "{out}");
    assert!(
        !out.contains("data-alt") && !out.contains("alt=\"caption\""),
        "{out}"
    );
    assert!(out.contains("caption</figcaption>"), "{out}");
}

#[test]
fn small_caps_by_style_and_nested_style_classes_are_those_styles() {
    let out = fragment(
        "[hi]{style=\"font-variant: small-caps;\"}\n\n[x]{.underline .smallcaps}\n\n[y]{.ul #i}\n",
    );
    assert!(
        out.contains("<p><span class=\"smallcaps\">hi</span></p>"),
        "{out}"
    );
    assert!(
        out.contains("<u><span class=\"smallcaps\">x</span></u>"),
        "{out}"
    );
    assert!(out.contains("<span id=\"i\"><u>y</u></span>"), "{out}");
}

#[test]
fn kbd_dfn_and_mark_classes_are_those_elements_nested_in_order() {
    let out = fragment("[test]{.foo .underline #bar .smallcaps .kbd}\n\n[k]{.kbd .key .dfn}\n");
    assert!(
        out.contains("<kbd id=\"bar\"><u><span class=\"smallcaps\">test</span></u></kbd>"),
        "{out}"
    );
    assert!(
        out.contains("<kbd class=\"key\"><dfn>k</dfn></kbd>"),
        "{out}"
    );
}

#[test]
fn a_columns_width_is_its_style() {
    let out = fragment(
        ":::: columns\n::: {.column width=\"40%\"}\nleft\n:::\n::: {.column width=\"60%;position:fixed\"}\nright\n:::\n::::\n",
    );
    assert!(
        out.contains("<div class=\"column\" style=\"width:40%;\">"),
        "{out}"
    );
    // Only a CSS length reaches a style.
    assert!(!out.contains("position:fixed\""), "{out}");
}

#[test]
fn a_div_that_opens_with_a_heading_is_its_section() {
    let out = fragment(
        "::: interior\n# Middle\n\nSo it continued.\n:::\n\n\
         ::: {#hi .section .level1}\n# Hi\n:::\n\n\
         ::: flat\n# C\n\n# D\n:::\n\n\
         ::: {#x}\n## F {#f}\n:::\n\n\
         ::: {.column}\n## G\n:::\n",
    );
    assert!(
        out.contains("<section id=\"middle\" class=\"interior\">\n<h1>Middle</h1>"),
        "{out}"
    );
    assert!(
        out.contains("<section id=\"hi\" class=\"level1\">\n<h1>Hi</h1>"),
        "{out}"
    );
    // A heading as deep as the first, another id, a slide column: divs.
    assert!(out.contains("<div class=\"flat\">"), "{out}");
    assert!(out.contains("<div id=\"x\">\n<h2 id=\"f\">"), "{out}");
    assert!(out.contains("<div class=\"column\">"), "{out}");
}

#[test]
fn a_code_blocks_id_classes_and_pairs_are_its_own() {
    let out = fragment("```yaml {.class #id k=v}\nsome: code\n```\n");
    assert!(
        out.contains("<pre id=\"id\" class=\"class\" data-k=\"v\"><code class=\"language-yaml\">"),
        "{out}"
    );
}

#[test]
fn a_loose_task_items_box_is_in_its_first_paragraph() {
    let out = fragment("- [ ] foo bar\n\n  baz\n\n- [x] ok\n");
    assert!(out.contains("<p><input type=\"checkbox\""), "{out}");
    assert!(!out.contains("<li><input"), "{out}");
    let tight = fragment("- [ ] a\n- [x] b\n");
    assert!(tight.contains("<li><input type=\"checkbox\""), "{tight}");
}

#[test]
fn triple_stars_are_strong_emphasis_around_emphasis() {
    let out = fragment("***hi*** and ***a** b*\n");
    assert!(out.contains("<strong><em>hi</em></strong>"), "{out}");
    assert!(out.contains("<em><strong>a</strong> b</em>"), "{out}");
}

#[test]
fn a_backslash_ending_a_paragraph_or_heading_is_a_line_break() {
    let out = fragment("# hi\\\nthere\n\nnice line\\\n```\ncode\n```\n\nkept\\\\\n");
    assert!(out.contains("<h1 id=\"hi\">hi<br />"), "{out}");
    assert!(out.contains("<p>nice line<br />"), "{out}");
    // An escaped backslash stays one.
    assert!(out.contains("<p>kept\\</p>"), "{out}");
}

#[test]
fn super_and_subscripts_have_no_unescaped_space_and_an_escaped_space_does_not_break() {
    let out = fragment("a^b c^d H~many\\ of~O 2^10^ x\\ y `a\\ b`\n");
    assert!(out.contains("a^b c^d"), "{out}");
    assert!(out.contains("<sub>many\u{a0}of</sub>"), "{out}");
    assert!(out.contains("2<sup>10</sup>"), "{out}");
    assert!(out.contains("x\u{a0}y"), "{out}");
    assert!(out.contains("<code>a\\ b</code>"), "{out}");
}

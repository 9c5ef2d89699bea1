//! Citations, links by reference, link destinations and inline notes as
//! pandoc's Markdown reader reads them (pandoc's manual: Citations,
//! Reference links, Inline notes), each as the fragment a reader sees.

use crate::common::quire;

/// The fragment's body: what is inside `<article>`.
fn html(markdown: &str) -> String {
    let run = quire(&[
        "build", "-", "--from", "markdown", "--to", "fragment", "-o", "-",
    ])
    .stdin_bytes(markdown.as_bytes())
    .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
        .split_once("<article>")
        .and_then(|(_, rest)| rest.split_once("</article>"))
        .map(|(body, _)| body.to_owned())
        .unwrap_or_default()
}

fn citation(cites: &str, content: &str) -> String {
    format!("<span class=\"citation\" data-cites=\"{cites}\">{content}</span>")
}

#[test]
fn a_citation_is_written_as_its_source_text() {
    // No emphasis, smart punctuation or math inside: pandoc without a
    // bibliography writes the citation as typed.
    let out = html("[see @doe99, pp. 33--35 and *passim*] and [@roe, \"q\" $a^2$].\n");
    assert!(
        out.contains(&citation("doe99", "[see @doe99, pp. 33--35 and *passim*]")),
        "{out}"
    );
    assert!(
        out.contains(&citation("roe", "[@roe, &quot;q&quot; $a^2$]"))
            || out.contains(&citation("roe", "[@roe, \"q\" $a^2$]")),
        "{out}"
    );
    assert!(!out.contains("<em>") && !out.contains("<math"), "{out}");
}

#[test]
fn an_in_text_citation_and_the_bracket_after_it_are_one() {
    let out = html("@a1 [@a2;@a3] and @doe [p. 33; see also @roe] and @smith [p. 3].\n");
    assert!(
        out.contains(&citation("a1 a2 a3", "@a1 [@a2;@a3]")),
        "{out}"
    );
    assert!(
        out.contains(&citation("doe roe", "@doe [p. 33; see also @roe]")),
        "{out}"
    );
    assert!(out.contains(&citation("smith", "@smith [p. 3]")), "{out}");
}

#[test]
fn keys_end_where_pandoc_ends_them() {
    let out = html("@{https://example.org/a?id=1}\n\n@https://example.org/a?id=1\n\nsee @doe99.\n");
    // Braces let any key in, and are not written.
    assert!(
        out.contains(&citation(
            "https://example.org/a?id=1",
            "@https://example.org/a?id=1"
        )),
        "{out}"
    );
    // Without them `=` ends the key; the URL is no link.
    assert!(
        out.contains(&format!(
            "{}=1",
            citation("https://example.org/a?id", "@https://example.org/a?id")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}.", citation("doe99", "@doe99"))),
        "{out}"
    );
    assert!(!out.contains("<a "), "{out}");
}

#[test]
fn a_citation_in_a_link_text_is_a_citation() {
    let out = html("[@a](https://example.org)\n");
    assert!(
        out.contains(&format!(
            "<a href=\"https://example.org\">{}</a>",
            citation("a", "@a")
        )),
        "{out}"
    );
}

#[test]
fn a_definitions_attributes_go_to_the_links_by_its_label() {
    // Two definitions give the same URL; only the links by the label with
    // attributes take them, whatever the label's case; the link's own id
    // and keys win, the classes add up.
    let out =
        html("[a][1] [A][] [b][2] [c][2]{.bar #j k=2}\n\n[1]: u\n[A]: u\n[2]: u {#i .foo k=v}\n");
    assert_eq!(out.matches("<a href=\"u\">").count(), 2, "{out}");
    assert!(
        out.contains("<a href=\"u\" id=\"i\" class=\"foo\" data-k=\"v\">b</a>"),
        "{out}"
    );
    assert!(
        out.contains("<a href=\"u\" id=\"j\" class=\"bar foo\" data-k=\"2\">c</a>"),
        "{out}"
    );
    // On the next line, with the URL in angle brackets, and for an image.
    let out = html("[x] ![y][x]\n\n[x]: <v.png>\n{.wide}\n");
    assert!(
        out.contains("<a href=\"v.png\" class=\"wide\">x</a>"),
        "{out}"
    );
    assert!(out.contains("class=\"wide\""), "{out}");
    assert!(!out.contains('\u{F8F0}') && !out.contains('{'), "{out}");
}

#[test]
fn a_link_destination_keeps_its_characters_as_typed() {
    // pandoc writes non-ASCII in an href as typed (HTML takes it); only
    // what a URL may not hold is percent-encoded.
    let out = html(
        "# Section Ψ {#Ψ}\n\n[Section Ψ](#Ψ) and [EBNF](https://en.wikipedia.org/wiki/Extended_Backus–Naur_form) and [s](<a b>)\n",
    );
    assert!(out.contains("<a href=\"#Ψ\">"), "{out}");
    assert!(
        out.contains("href=\"https://en.wikipedia.org/wiki/Extended_Backus–Naur_form\""),
        "{out}"
    );
    assert!(out.contains("href=\"a%20b\""), "{out}");
}

#[test]
fn a_title_with_quotes_inside_is_read_as_pandoc_reads_it() {
    // A quote followed by a letter opens a quoted part of the title; the
    // title ends at the quote before `)` (or the definition's end).
    let out = html(
        "[URL](/url/ \"title with \"quotes\" in it\") and [bar][]\n\n[bar]: /url \"Title with \"quote\" inside\"\n",
    );
    assert!(
        out.contains("title=\"title with &quot;quotes&quot; in it\">URL</a>"),
        "{out}"
    );
    assert!(
        out.contains("title=\"Title with &quot;quote&quot; inside\">bar</a>"),
        "{out}"
    );
}

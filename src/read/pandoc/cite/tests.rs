//! Citations as pandoc's manual writes them (section Citations), read
//! from a paragraph's inlines and its source.

use super::*;

/// Reads the citations of one paragraph whose source is `source` and
/// whose inlines comrak gave as `inlines`.
fn read_with(source: &str, inlines: Vec<Inline>) -> Vec<Inline> {
    let mut block = Block::Paragraph { content: inlines };
    read_citations(&mut block, &mut cite_sources(source));
    match block {
        Block::Paragraph { content } => content,
        _ => unreachable!(),
    }
}

fn read(text: &str) -> Vec<Inline> {
    read_with(text, vec![Inline::text(text)])
}

fn ids(inline: &Inline) -> Vec<(String, CitationMode)> {
    match inline {
        Inline::Cite { citations, .. } => {
            citations.iter().map(|c| (c.id.clone(), c.mode)).collect()
        }
        other => panic!("not a citation: {other:?}"),
    }
}

fn content(inline: &Inline) -> String {
    match inline {
        Inline::Cite { content, .. } => plain_text(content),
        other => panic!("not a citation: {other:?}"),
    }
}

#[test]
fn bracketed_citations_keep_their_text_and_parts() {
    let inlines = read("Blah [see @doe99, pp. 33-35; also @smith04, chap. 1] end.");
    assert_eq!(inlines.len(), 3, "{inlines:?}");
    assert_eq!(
        ids(&inlines[1]),
        [
            ("doe99".to_owned(), CitationMode::Normal),
            ("smith04".to_owned(), CitationMode::Normal)
        ]
    );
    let Inline::Cite { citations, .. } = &inlines[1] else {
        unreachable!()
    };
    assert_eq!(
        content(&inlines[1]),
        "[see @doe99, pp. 33-35; also @smith04, chap. 1]"
    );
    assert_eq!(plain_text(&citations[0].prefix), "see");
    assert_eq!(plain_text(&citations[0].suffix), ", pp. 33-35");
    assert_eq!(
        ids(&read("[-@doe99]")[0])[0].1,
        CitationMode::SuppressAuthor
    );
    // A space before the suffix stays (`[@doe99 p. 3]`).
    let Inline::Cite { citations, .. } = &read("[@doe99 p. 3]")[0] else {
        unreachable!()
    };
    assert_eq!(plain_text(&citations[0].suffix), " p. 3");
}

#[test]
fn the_content_is_the_source_text_not_what_comrak_made_of_it() {
    // comrak read `*passim*` as emphasis and `--` as a dash; the citation's
    // content is still what the source wrote.
    let source = "[see @a, pp. 1--3 and *passim*]";
    let inlines = vec![
        Inline::text("[see @a, pp. 1\u{2013}3 and "),
        Inline::Emph {
            content: vec![Inline::text("passim")],
        },
        Inline::text("]"),
    ];
    let out = read_with(source, inlines);
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(content(&out[0]), source);
    // The suffix keeps comrak's reading (pandoc's suffix is inlines).
    let Inline::Cite { citations, .. } = &out[0] else {
        unreachable!()
    };
    assert!(citations[0]
        .suffix
        .iter()
        .any(|i| matches!(i, Inline::Emph { .. })));
    // Across lines, a line break is a soft break.
    let out = read_with(
        "> [see\n> @a]",
        vec![Inline::text("[see"), Inline::SoftBreak, Inline::text("@a]")],
    );
    let Inline::Cite { content, .. } = &out[0] else {
        panic!("{out:?}")
    };
    assert_eq!(
        content,
        &[Inline::text("[see"), Inline::SoftBreak, Inline::text("@a]")]
    );
}

#[test]
fn an_in_text_key_and_the_bracket_after_it_are_one_citation() {
    let inlines = read("@doe99 [p. 33] says so.");
    assert_eq!(ids(&inlines[0])[0].1, CitationMode::AuthorInText);
    assert_eq!(content(&inlines[0]), "@doe99 [p. 33]");
    assert_eq!(plain_text(&inlines), "@doe99 [p. 33] says so.");
    // A locator and more citations.
    let inlines = read("@a [p. 33; see also @b]");
    assert_eq!(
        ids(&inlines[0]),
        [
            ("a".to_owned(), CitationMode::AuthorInText),
            ("b".to_owned(), CitationMode::Normal)
        ]
    );
    let Inline::Cite { citations, .. } = &inlines[0] else {
        unreachable!()
    };
    assert_eq!(plain_text(&citations[0].suffix), "p. 33");
    assert_eq!(plain_text(&citations[1].prefix), "see also");
    // A bracketed citation after it.
    let inlines = read("@a1 [@a2;@a3] end");
    assert_eq!(inlines.len(), 2, "{inlines:?}");
    assert_eq!(ids(&inlines[0]).len(), 3);
    assert_eq!(content(&inlines[0]), "@a1 [@a2;@a3]");
    // On the next line.
    let inlines = read_with(
        "@a\n[p. 3]",
        vec![
            Inline::text("@a"),
            Inline::SoftBreak,
            Inline::text("[p. 3]"),
        ],
    );
    assert_eq!(inlines.len(), 1, "{inlines:?}");
    // Not a locator: a bracket followed by `(` or `[`.
    let inlines = read("@a [b] (c)");
    assert_eq!(inlines.len(), 2, "{inlines:?}");
    let inlines = read("@a [b](c)");
    assert_eq!(content(&inlines[0]), "@a");
}

#[test]
fn keys_as_pandoc_reads_them() {
    // A key's last punctuation is not part of it.
    assert_eq!(ids(&read("see @doe99.")[1])[0].0, "doe99");
    assert_eq!(ids(&read("see @foo:bar, x")[1])[0].0, "foo:bar");
    // Braces: any key, written without them.
    let inlines = read("see @{a key} x");
    assert_eq!(ids(&inlines[1])[0].0, "a key");
    assert_eq!(content(&inlines[1]), "@a key");
    // `-@key` in the text leaves the author out, and the `-` is read.
    let inlines = read("-@doe99 says");
    assert_eq!(ids(&inlines[0])[0].1, CitationMode::SuppressAuthor);
    assert_eq!(content(&inlines[0]), "@doe99");
    // A bare URL comrak made a link is a key after `@`.
    let url = "https://openreview.net/forum?id=Hk";
    let inlines = read_with(
        &format!("@{url}"),
        vec![
            Inline::text("@"),
            Inline::Link {
                attr: Default::default(),
                url: url.to_owned(),
                title: String::new(),
                content: vec![Inline::text(url)],
                pos: Default::default(),
            },
        ],
    );
    assert_eq!(ids(&inlines[0])[0].0, "https://openreview.net/forum?id");
    assert_eq!(plain_text(&inlines), format!("@{url}"));
}

#[test]
fn what_is_not_a_citation() {
    for text in [
        "mail x@y.com now",
        "[a link] and [no key]",
        "an @ alone",
        "[@]",
    ] {
        let inlines = read(text);
        assert!(
            !inlines.iter().any(|i| matches!(i, Inline::Cite { .. })),
            "{text}: {inlines:?}"
        );
        assert_eq!(plain_text(&inlines), text);
    }
    // The innermost bracket is the citation.
    let inlines = read("[see [@a]] x");
    assert_eq!(content(&inlines[1]), "[@a]");
    assert_eq!(plain_text(&inlines), "[see [@a]] x");
}

#[test]
fn a_citation_in_a_link_text_is_read() {
    let mut block = Block::Paragraph {
        content: vec![Inline::Link {
            attr: Default::default(),
            url: "url".to_owned(),
            title: String::new(),
            content: vec![Inline::text("@a")],
            pos: Default::default(),
        }],
    };
    read_citations(&mut block, &mut CiteSources::default());
    let Block::Paragraph { content } = block else {
        unreachable!()
    };
    let Inline::Link { content, .. } = &content[0] else {
        unreachable!()
    };
    assert_eq!(ids(&content[0])[0].0, "a");
}

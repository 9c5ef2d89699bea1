//! pandoc's citations: `[see @doe99, p. 3; @roe]`, `[-@doe99]` and `@doe99`
//! in the text (with an optional `[p. 3]` after it). Read into `Cite`
//! nodes whose content is the citation as written, which is what every
//! writer sets when no bibliography formats it (pandoc without
//! `--citeproc`).

use crate::doc::{Block, Citation, CitationMode, Inline};

/// Reads the citations in the inline lists of `block` (not in blocks
/// nested in it: the caller walks those).
pub fn read_citations(block: &mut Block) {
    for inlines in block.inline_lists_mut() {
        cites(inlines);
    }
}

/// The citations in `inlines` and the inlines nested in them, except in
/// links, code and citations already read.
fn cites(inlines: &mut Vec<Inline>) {
    bracketed(inlines);
    in_text(inlines);
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Cite { .. } | Inline::Link { .. } | Inline::Image { .. } => {}
            other => {
                if let Some(children) = other.children_mut() {
                    cites(children);
                }
            }
        }
    }
}

/// `[…@key…]`: a bracket opened in one text and closed in the same or a
/// later text of this list, whose every `;`-part holds one key.
fn bracketed(inlines: &mut Vec<Inline>) {
    let mut index = 0;
    while index < inlines.len() {
        let Inline::Text { text } = &inlines[index] else {
            index += 1;
            continue;
        };
        let Some(open) = text.find('[') else {
            index += 1;
            continue;
        };
        // Where the bracket closes: (inline index, byte in that text).
        let close = inlines[index..]
            .iter()
            .enumerate()
            .find_map(|(offset, inline)| match inline {
                Inline::Text { text } => {
                    let from = if offset == 0 { open + 1 } else { 0 };
                    text[from..].find(']').map(|at| (index + offset, from + at))
                }
                _ => None,
            });
        let Some((last, close_at)) = close else {
            index += 1;
            continue;
        };
        // The inner inlines, the bracket's text cut from the first and last.
        let mut inner: Vec<Inline> = inlines[index..=last].to_vec();
        if last == index {
            if let Inline::Text { text } = &mut inner[0] {
                *text = text[open + 1..close_at].to_owned();
            }
        } else {
            if let Some(Inline::Text { text }) = inner.first_mut() {
                *text = text[open + 1..].to_owned();
            }
            if let Some(Inline::Text { text }) = inner.last_mut() {
                *text = text[..close_at].to_owned();
            }
        }
        let Some(citations) = citation_list(&inner) else {
            // Not a citation: look for another bracket after this one.
            if let Inline::Text { text } = &mut inlines[index] {
                if text[open + 1..].contains('[') {
                    // A later bracket in the same text: split it off.
                    let rest = text.split_off(open + 1);
                    inlines.insert(index + 1, Inline::text(rest));
                }
            }
            index += 1;
            continue;
        };
        let before = match &inlines[index] {
            Inline::Text { text } => text[..open].to_owned(),
            _ => String::new(),
        };
        let after = match &inlines[last] {
            Inline::Text { text } => text[close_at + 1..].to_owned(),
            _ => String::new(),
        };
        let mut content = vec![Inline::text("[")];
        content.extend(inner.into_iter().filter(|i| !is_empty_text(i)));
        content.push(Inline::text("]"));
        let content = join_texts(content);
        let mut replacement = Vec::new();
        if !before.is_empty() {
            replacement.push(Inline::text(before));
        }
        replacement.push(Inline::Cite { citations, content });
        let cite_at = index + replacement.len() - 1;
        if !after.is_empty() {
            replacement.push(Inline::text(after));
        }
        inlines.splice(index..=last, replacement);
        index = cite_at + 1;
    }
}

fn is_empty_text(inline: &Inline) -> bool {
    matches!(inline, Inline::Text { text } if text.is_empty())
}

/// Neighbouring texts as one.
pub fn join_texts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
            (_, inline) => out.push(inline),
        }
    }
    out
}

/// The citations of a bracket's inside, `see @doe99, p. 3; @roe`: each
/// `;`-part one key with its prefix and suffix, or none at all.
fn citation_list(inner: &[Inline]) -> Option<Vec<Citation>> {
    // Only text and soft formatting inside: a link or code means this is
    // not a citation.
    if inner.iter().any(|i| {
        matches!(
            i,
            Inline::Link { .. } | Inline::Image { .. } | Inline::Code { .. } | Inline::Cite { .. }
        )
    }) {
        return None;
    }
    let text = crate::doc::plain_text(inner);
    if !text.contains('@') {
        return None;
    }
    text.split(';').map(citation_part).collect()
}

/// One part, `see @doe99, p. 3` or `-@doe99`.
fn citation_part(part: &str) -> Option<Citation> {
    let mut at = None;
    for (i, c) in part.char_indices() {
        if c == '@' && preceded_by_boundary(part, i) {
            at = Some(i);
            break;
        }
    }
    let at = at?;
    let (key, key_len) = citation_key(&part[at + 1..])?;
    let mut prefix = part[..at].trim_start();
    let mut mode = CitationMode::Normal;
    if let Some(stripped) = prefix.strip_suffix('-') {
        prefix = stripped;
        mode = CitationMode::SuppressAuthor;
    }
    let suffix = &part[at + 1 + key_len..];
    Some(Citation {
        id: key,
        prefix: words(prefix.trim_end()),
        suffix: words(suffix.trim_end()),
        mode,
    })
}

fn words(text: &str) -> Vec<Inline> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Inline::text(text)]
    }
}

/// An `@` that starts a citation: not inside a word (`x@y.com`).
fn preceded_by_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && c != '_')
}

/// A citation key after `@`: `doe99`, `Doe:2004.x`, or `{any key}`; the
/// key and the bytes it takes. Inner punctuation (`:.#$%&-+?<>~/`) is part
/// of a key only when a letter or digit follows it, as pandoc reads keys.
fn citation_key(text: &str) -> Option<(String, usize)> {
    if let Some(braced) = text.strip_prefix('{') {
        let end = braced.find('}')?;
        let key = braced[..end].trim();
        return (!key.is_empty()).then(|| (key.to_owned(), end + 2));
    }
    let mut chars = text.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c)
            && chars
                .peek()
                .is_some_and(|&(_, next)| next.is_alphanumeric() || next == '_')
        {
            continue;
        } else {
            break;
        }
    }
    Some((text[..end].to_owned(), end))
}

/// `@key` in running text, with `[p. 3]` right after it as its suffix.
fn in_text(inlines: &mut Vec<Inline>) {
    let mut index = 0;
    while index < inlines.len() {
        let Inline::Text { text } = &inlines[index] else {
            index += 1;
            continue;
        };
        let found = text.char_indices().find_map(|(i, c)| {
            (c == '@' && preceded_by_boundary(text, i))
                .then(|| citation_key(&text[i + 1..]).map(|(key, len)| (i, key, len)))
                .flatten()
        });
        let Some((at, key, key_len)) = found else {
            index += 1;
            continue;
        };
        let mut end = at + 1 + key_len;
        let mut suffix = Vec::new();
        let rest = &text[end..];
        if let Some(locator) = rest.strip_prefix(" [") {
            if let Some(close) = locator.find(']') {
                if !locator[..close].contains(['@', '[']) {
                    suffix = words(locator[..close].trim());
                    end += 2 + close + 1;
                }
            }
        }
        let before = text[..at].to_owned();
        let written = text[at..end].to_owned();
        let after = text[end..].to_owned();
        let mut replacement = Vec::new();
        if !before.is_empty() {
            replacement.push(Inline::text(before));
        }
        replacement.push(Inline::Cite {
            citations: vec![Citation {
                id: key,
                prefix: Vec::new(),
                suffix,
                mode: CitationMode::AuthorInText,
            }],
            content: vec![Inline::text(written)],
        });
        let next = index + replacement.len();
        if !after.is_empty() {
            replacement.push(Inline::text(after));
        }
        inlines.splice(index..=index, replacement);
        index = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Inline> {
        let mut block = Block::Paragraph {
            content: vec![Inline::text(text)],
        };
        read_citations(&mut block);
        match block {
            Block::Paragraph { content } => content,
            _ => unreachable!(),
        }
    }

    fn ids(inline: &Inline) -> Vec<(String, CitationMode)> {
        match inline {
            Inline::Cite { citations, .. } => {
                citations.iter().map(|c| (c.id.clone(), c.mode)).collect()
            }
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
        let Inline::Cite { citations, content } = &inlines[1] else {
            unreachable!()
        };
        assert_eq!(
            crate::doc::plain_text(content),
            "[see @doe99, pp. 33-35; also @smith04, chap. 1]"
        );
        assert_eq!(crate::doc::plain_text(&citations[0].prefix), "see");
        assert_eq!(crate::doc::plain_text(&citations[0].suffix), ", pp. 33-35");
        assert_eq!(
            ids(&read("[-@doe99]")[0])[0].1,
            CitationMode::SuppressAuthor
        );
    }

    #[test]
    fn in_text_citations_and_what_is_not_one() {
        let inlines = read("@doe99 [p. 33] says so.");
        assert_eq!(ids(&inlines[0])[0].1, CitationMode::AuthorInText);
        assert_eq!(crate::doc::plain_text(&inlines), "@doe99 [p. 33] says so.");
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
            assert_eq!(crate::doc::plain_text(&inlines), text);
        }
        // A key's last punctuation is not part of it.
        assert_eq!(ids(&read("see @doe99.")[1])[0].0, "doe99");
        assert_eq!(ids(&read("see @{a key}")[1])[0].0, "a key");
    }
}

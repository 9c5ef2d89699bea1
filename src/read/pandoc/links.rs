//! Reference definitions and link titles, as the pre-pass rewrites them
//! for comrak: a definition's attributes marked after its URL, a title's
//! inner quotes escaped; and after comrak, the marks taken off and the
//! attributes given to the links.

use crate::doc::{walk_blocks_mut, Attr, Block, Inline, NodesMut};

/// The mark written after the URL of the reference definition whose
/// attributes are the `number`th: characters of Unicode's private use
/// area, which no link's URL holds, around the number.
pub fn reference_mark(number: usize) -> String {
    format!("{REFERENCE_MARK_OPEN}{number}{REFERENCE_MARK_CLOSE}")
}

pub const REFERENCE_MARK_OPEN: char = '\u{F8F0}';
pub const REFERENCE_MARK_CLOSE: char = '\u{F8F1}';

/// A reference definition, `[label]: url "title" {#id .class}`: where its
/// URL ends (inside `<…>`), and the attributes at its end with where they
/// start in the line.
pub(super) fn reference_definition(
    trimmed: &str,
) -> Option<(usize, Option<crate::doc::Attr>, Option<usize>)> {
    let rest = trimmed.strip_prefix('[')?;
    let close = rest.find("]:")?;
    if close == 0 || rest[..close].starts_with('^') || rest[..close].contains(['[', ']']) {
        return None;
    }
    let after = &rest[close + 2..];
    let url = after.split_whitespace().next()?;
    let url_start = trimmed.len() - after.len() + (after.len() - after.trim_start().len());
    let url_end = url_start + url.len() - usize::from(url.starts_with('<') && url.ends_with('>'));
    let brace = trimmed
        .rfind('{')
        .filter(|&at| trimmed.trim_end().ends_with('}') && at > close);
    let attr = brace.and_then(|at| super::parse_attr(&trimmed[at..]).map(|(attr, _)| (attr, at)));
    Some((
        url_end,
        attr.as_ref().map(|(a, _)| a.clone()),
        attr.map(|(_, at)| at),
    ))
}

/// A link's title with quotes inside, `[a](/u "a "b" c")` or
/// `[a]: /u "a "b" c"`, as pandoc reads it: a quote followed by a letter
/// or digit does not end the title (it opens a quoted part of it), so the
/// title ends at the last quote before `)` or the line's end. comrak ends
/// it at the first: the inner quotes are escaped for it. `None` when the
/// line has no such title.
pub(super) fn escape_title_quotes(line: &str) -> Option<String> {
    if !line.contains('"') {
        return None;
    }
    // Where a destination may start: after `](`, or after a definition's
    // `]:`.
    let starts = line
        .match_indices("](")
        .map(|(at, _)| (at + 2, true))
        .chain(
            line.trim_start()
                .starts_with('[')
                .then(|| line.find("]:").map(|at| (at + 2, false)))
                .flatten(),
        );
    let mut inner: Vec<usize> = Vec::new();
    for (start, inline) in starts {
        let rest = &line[start..];
        let dest = rest.trim_start();
        let Some(dest_len) = dest.find(char::is_whitespace) else {
            continue;
        };
        let after_dest = &dest[dest_len..];
        let title = after_dest.trim_start();
        if after_dest.len() == title.len() || !title.starts_with('"') {
            continue;
        }
        let title_at = line.len() - title.len();
        let Some((end, quotes)) = quoted_title(title) else {
            continue;
        };
        let tail = title[end..].trim_start();
        let closed = if inline {
            tail.starts_with(')')
        } else {
            tail.is_empty() || tail.starts_with('{')
        };
        if closed && !quotes.is_empty() {
            inner.extend(quotes.iter().map(|q| title_at + q));
        }
    }
    if inner.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len() + inner.len());
    let mut last = 0;
    for at in inner {
        out.push_str(&line[last..at]);
        out.push('\\');
        last = at;
    }
    out.push_str(&line[last..]);
    Some(out)
}

/// How far a title with quotes inside is followed, in bytes: longer than
/// any title a writer means.
const TITLE_REACH: usize = 2048;

/// pandoc's quoted title at the start of `text` (its opening `"`): where
/// it ends (after the closing quote) and the inner quotes' bytes. A quote
/// followed by a letter or digit opens a nested quoted part, which the
/// next quote not so followed closes. Iterative: nesting costs no stack;
/// a title longer than `TITLE_REACH` is left to comrak (a line of many
/// links then costs no more than its length times that).
fn quoted_title(text: &str) -> Option<(usize, Vec<usize>)> {
    let bytes = &text.as_bytes()[..text.len().min(TITLE_REACH)];
    let mut depth = 0usize;
    let mut quotes = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => {
                let next_alnum = text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if next_alnum {
                    depth += 1;
                    quotes.push(i);
                } else if depth > 0 {
                    depth -= 1;
                    quotes.push(i);
                } else {
                    return Some((i + 1, quotes));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Links and images that came by a reference definition with attributes
/// (`[a]: url {.class}`): the mark the pre-pass wrote after its URL says
/// which, and is taken off; they take the definition's attributes after
/// their own (pandoc's rule: the link's own id and keys win, the classes
/// add up).
pub fn reference_attributes(blocks: &mut Vec<Block>, attrs: &[Attr]) {
    if attrs.is_empty() {
        return;
    }
    walk_blocks_mut(blocks, &mut |nodes| {
        if let NodesMut::Inlines(inlines) = nodes {
            for inline in inlines.iter_mut() {
                if let Inline::Link { attr, url, .. } | Inline::Image { attr, url, .. } = inline {
                    let Some(open) = url.find(REFERENCE_MARK_OPEN) else {
                        continue;
                    };
                    let found = url[open..]
                        .trim_start_matches(REFERENCE_MARK_OPEN)
                        .split(REFERENCE_MARK_CLOSE)
                        .next()
                        .and_then(|number| number.parse::<usize>().ok())
                        .and_then(|number| attrs.get(number));
                    let close = url[open..]
                        .find(REFERENCE_MARK_CLOSE)
                        .map_or(url.len(), |at| open + at + REFERENCE_MARK_CLOSE.len_utf8());
                    url.replace_range(open..close, "");
                    if let Some(found) = found {
                        if attr.id.is_empty() {
                            attr.id = found.id.clone();
                        }
                        for class in &found.classes {
                            if !attr.has_class(class) {
                                attr.classes.push(class.clone());
                            }
                        }
                        *attr = std::mem::take(attr)
                            .with_pairs(found.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                    }
                }
            }
        }
    });
}

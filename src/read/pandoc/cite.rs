//! pandoc's citations: `[see @doe99, p. 3; @roe]`, `[-@doe99]` and `@doe99`
//! in the text (with `[p. 3]` or `[p. 3; @roe]` or `[@roe]` after it, one
//! citation group). Read into `Cite` nodes whose content is the citation's
//! source text, literally (no emphasis, smart quotes or math inside), which
//! is what pandoc writes when no bibliography formats it (no `--citeproc`).
//!
//! comrak has parsed the inlines before this pass, so the structure
//! (which keys, prefixes and suffixes) is read from the tree and the
//! literal text from the source (`sources`), matched by its letters and
//! digits; where none matches, the tree's text stands in.

use crate::doc::{plain_text, Block, Citation, CitationMode, Inline};

mod keys;
mod sources;

use keys::{find_key, preceded_by_boundary};
pub use sources::{cite_sources, CiteSources};

/// Reads the citations in the inline lists of `block` (not in blocks
/// nested in it: the caller walks those).
pub fn read_citations(block: &mut Block, sources: &mut CiteSources) {
    for inlines in block.inline_lists_mut() {
        cites(inlines, sources);
    }
}

/// The citations in `inlines` and the inlines nested in them (a link's
/// text too, as pandoc reads it), except in images, code and citations.
fn cites(inlines: &mut Vec<Inline>, sources: &mut CiteSources) {
    unlink_keys(inlines);
    bracketed(inlines, sources);
    in_text(inlines, sources);
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Cite { .. } | Inline::Image { .. } => {}
            other => {
                if let Some(children) = other.children_mut() {
                    cites(children, sources);
                }
            }
        }
    }
}

/// A bare URL right after `@` or `@{` is a citation key, not a link:
/// pandoc reads the key first (`@https://doi.org/x`), quire's bare-URL
/// links come after.
fn unlink_keys(inlines: &mut Vec<Inline>) {
    let mut index = 0;
    while index + 1 < inlines.len() {
        let before_key = matches!(&inlines[index], Inline::Text { text }
            if (text.ends_with('@') && preceded_by_boundary(text, text.len() - 1))
                || (text.ends_with("@{") && preceded_by_boundary(text, text.len() - 2)));
        let bare_url = match &inlines[index + 1] {
            Inline::Link {
                url,
                content,
                title,
                attr,
                ..
            } => title.is_empty() && attr.is_empty() && plain_text(content) == *url,
            _ => false,
        };
        if before_key && bare_url {
            let link = inlines.remove(index + 1);
            let Inline::Link { content, .. } = link else {
                unreachable!("checked above")
            };
            let mut words = plain_text(&content);
            if let Some(Inline::Text { text: after }) = inlines.get(index + 1) {
                words.push_str(after);
                inlines.remove(index + 1);
            }
            if let Inline::Text { text } = &mut inlines[index] {
                text.push_str(&words);
            }
        }
        index += 1;
    }
}

/// A position in a list of inlines: the inline and a byte in its text.
type At = (usize, usize);

/// The `]` closing the `[` at `open`, in the same or a later text of the
/// list: the innermost bracket only (another `[` first means no).
fn closing_bracket(inlines: &[Inline], open: At) -> Option<At> {
    for (index, inline) in inlines.iter().enumerate().skip(open.0) {
        let Inline::Text { text } = inline else {
            continue;
        };
        let from = if index == open.0 { open.1 + 1 } else { 0 };
        match text[from..].find(['[', ']']) {
            Some(at) if text.as_bytes()[from + at] == b']' => return Some((index, from + at)),
            Some(_) => return None,
            None => {}
        }
    }
    None
}

/// How far a bracket with brackets inside is followed, in bytes of text:
/// far longer than a citation.
const BALANCED_REACH: usize = 1024;

/// The `]` closing the `[` at `open`, with brackets nested inside, within
/// `BALANCED_REACH` and the bytes `budget` has left (spent as it scans:
/// nested brackets in hostile input cost no more than their length).
fn balanced_bracket(inlines: &[Inline], open: At, budget: &mut usize) -> Option<At> {
    let mut depth = 0usize;
    let mut reach = BALANCED_REACH;
    for (index, inline) in inlines.iter().enumerate().skip(open.0) {
        let Inline::Text { text } = inline else {
            continue;
        };
        let from = if index == open.0 { open.1 + 1 } else { 0 };
        for (at, byte) in text.bytes().enumerate().skip(from) {
            reach = reach.checked_sub(1)?;
            *budget = budget.checked_sub(1)?;
            match byte {
                b'[' => depth += 1,
                b']' if depth == 0 => return Some((index, at)),
                b']' => depth -= 1,
                _ => {}
            }
        }
    }
    None
}

/// The inlines between a bracket's `[` and `]` (only those: a long text
/// around them is not copied, so each bracket costs its own length).
fn between(inlines: &[Inline], open: At, close: At) -> Vec<Inline> {
    let mut inner = Vec::with_capacity(close.0 + 1 - open.0);
    for (index, inline) in inlines.iter().enumerate().take(close.0 + 1).skip(open.0) {
        match inline {
            Inline::Text { text } => {
                let from = if index == open.0 { open.1 + 1 } else { 0 };
                let to = if index == close.0 {
                    close.1
                } else {
                    text.len()
                };
                if from < to {
                    inner.push(Inline::text(&text[from..to]));
                }
            }
            other => inner.push(other.clone()),
        }
    }
    inner
}

/// Replaces `from` (inclusive) to `to` (exclusive: the byte after the
/// citation, or `None` for all of that inline) with `cite`; the index the
/// citation lands at.
fn splice_cite(
    inlines: &mut Vec<Inline>,
    from: At,
    to: (usize, Option<usize>),
    cite: Inline,
) -> usize {
    let text_of = |inline: &Inline| match inline {
        Inline::Text { text } => Some(text.clone()),
        _ => None,
    };
    let before = text_of(&inlines[from.0]).map(|t| t[..from.1].to_owned());
    let after =
        to.1.and_then(|at| text_of(&inlines[to.0]).map(|t| t[at..].to_owned()));
    let mut replacement = Vec::new();
    replacement.extend(before.filter(|t| !t.is_empty()).map(Inline::text));
    replacement.push(cite);
    let cite_at = from.0 + replacement.len() - 1;
    replacement.extend(after.filter(|t| !t.is_empty()).map(Inline::text));
    inlines.splice(from.0..=to.0, replacement);
    cite_at
}

/// `[…@key…]`: a bracket, innermost, opened in one text and closed in the
/// same or a later text of this list, whose every `;`-part holds one key.
fn bracketed(inlines: &mut Vec<Inline>, sources: &mut CiteSources) {
    let mut at: At = (0, 0);
    // What following brackets with brackets inside may cost in all: a few
    // times the list's text.
    let mut budget = match sources.escaped_brackets {
        true => 4 * plain_text(inlines).len(),
        false => 0,
    };
    while at.0 < inlines.len() {
        let Inline::Text { text } = &inlines[at.0] else {
            at = (at.0 + 1, 0);
            continue;
        };
        let Some(open) = text[at.1..].find('[').map(|i| (at.0, at.1 + i)) else {
            at = (at.0 + 1, 0);
            continue;
        };
        let found = match closing_bracket(inlines, open) {
            Some(close) => {
                let inner = between(inlines, open, close);
                citation_list(&inner).map(|citations| {
                    let content = bracket_content(&inner, sources);
                    (close, citations, content)
                })
            }
            // Brackets inside: a citation only if the source wrote them
            // escaped (`[@a, ch. \[2\]]`), which comrak's text no longer says.
            None => balanced_bracket(inlines, open, &mut budget).and_then(|close| {
                let inner = between(inlines, open, close);
                let citations = citation_list(&inner)?;
                let content = sources.literal(&inner)?;
                Some((close, citations, content))
            }),
        };
        let Some((close, citations, content)) = found else {
            at = (open.0, open.1 + 1);
            continue;
        };
        let cite_at = splice_cite(
            inlines,
            open,
            (close.0, Some(close.1 + 1)),
            Inline::Cite { citations, content },
        );
        at = (cite_at + 1, 0);
    }
}

/// A bracket's content: its source text, or the tree's text in brackets.
fn bracket_content(inner: &[Inline], sources: &mut CiteSources) -> Vec<Inline> {
    sources.literal(inner).unwrap_or_else(|| {
        let mut content = vec![Inline::text("[")];
        content.extend(inner.iter().cloned());
        content.push(Inline::text("]"));
        join_texts(content)
    })
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

/// Whether these inlines may sit in a citation (links, images and
/// citations may not; code, math and emphasis may).
fn citable(inner: &[Inline]) -> bool {
    !inner.iter().any(|i| {
        matches!(
            i,
            Inline::Link { .. }
                | Inline::Image { .. }
                | Inline::Cite { .. }
                | Inline::NoteRef { .. }
        )
    })
}

/// A bracket's inside split at the `;` in its texts.
fn parts(inner: &[Inline]) -> Vec<Vec<Inline>> {
    let mut parts: Vec<Vec<Inline>> = Vec::new();
    let mut part: Vec<Inline> = Vec::new();
    for inline in inner {
        match inline {
            Inline::Text { text } if text.contains(';') => {
                let mut pieces = text.split(';');
                part.extend(pieces.next().map(Inline::text));
                for piece in pieces {
                    parts.push(std::mem::take(&mut part));
                    part.push(Inline::text(piece));
                }
            }
            other => part.push(other.clone()),
        }
    }
    parts.push(part);
    for part in &mut parts {
        part.retain(|i| !is_empty_text(i));
    }
    parts
}

/// The citations of a bracket's inside, `see @doe99, p. 3; @roe`: each
/// `;`-part one key with its prefix and suffix, or none at all.
fn citation_list(inner: &[Inline]) -> Option<Vec<Citation>> {
    if !citable(inner) || !plain_text(inner).contains('@') {
        return None;
    }
    parts(inner)
        .iter()
        .map(|part| citation_part(part))
        .collect()
}

/// One part, `see @doe99, p. 3` or `-@doe99`: the first key in one of its
/// texts (not inside emphasis).
fn citation_part(part: &[Inline]) -> Option<Citation> {
    let (index, text) = part
        .iter()
        .enumerate()
        .find_map(|(i, inline)| match inline {
            Inline::Text { text } => Some((i, text)).filter(|(_, t)| find_key(t, 0).is_some()),
            _ => None,
        })?;
    let found = find_key(text, 0)?;
    let mut prefix: Vec<Inline> = part[..index].to_vec();
    prefix.push(Inline::text(&text[..found.start]));
    let mut suffix = vec![Inline::text(&text[found.end..])];
    suffix.extend(part[index + 1..].iter().cloned());
    Some(Citation {
        id: found.key,
        prefix: trim(prefix),
        suffix: suffix_inlines(suffix),
        mode: if found.suppress {
            CitationMode::SuppressAuthor
        } else {
            CitationMode::Normal
        },
    })
}

/// Inlines without the spaces at their ends, neighbouring texts joined.
fn trim(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut inlines = join_texts(inlines);
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = inlines.last_mut() {
        *text = text.trim_end().to_owned();
    }
    while matches!(inlines.first(), Some(Inline::SoftBreak)) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::SoftBreak)) {
        inlines.pop();
    }
    inlines.retain(|i| !is_empty_text(i));
    inlines
}

/// A suffix as pandoc keeps it: trimmed, one space first when the source
/// had one (`[@doe99 p. 3]`).
fn suffix_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let spaced = matches!(inlines.first(), Some(Inline::Text { text }) if text.starts_with(char::is_whitespace))
        || matches!(inlines.first(), Some(Inline::SoftBreak));
    let mut trimmed = trim(inlines);
    if spaced && !trimmed.is_empty() {
        trimmed.insert(0, Inline::text(" "));
        trimmed = join_texts(trimmed);
    }
    trimmed
}

/// `@key` in running text, with what may follow it as one citation group:
/// a bracketed citation (`@a [@b; @c]`), or a locator and more citations
/// (`@a [p. 3; @b]`).
fn in_text(inlines: &mut Vec<Inline>, sources: &mut CiteSources) {
    let mut at: At = (0, 0);
    while at.0 < inlines.len() {
        let Inline::Text { text } = &inlines[at.0] else {
            at = (at.0 + 1, 0);
            continue;
        };
        let Some(found) = find_key(text, at.1) else {
            at = (at.0 + 1, 0);
            continue;
        };
        let first = Citation {
            id: found.key.clone(),
            prefix: Vec::new(),
            suffix: Vec::new(),
            mode: if found.suppress {
                CitationMode::SuppressAuthor
            } else {
                CitationMode::AuthorInText
            },
        };
        let written = Inline::text(format!("@{}", found.key));
        let key_end: At = (at.0, found.end);
        let start: At = (at.0, found.start);
        let (cite, to) = match following_group(inlines, key_end, sources) {
            Some(group) => {
                let mut citations = vec![Citation {
                    suffix: group.first_suffix,
                    ..first
                }];
                citations.extend(group.more);
                let (separator, content, to) = (group.separator, group.content, group.end);
                let mut all = vec![written, separator];
                all.extend(content);
                (
                    Inline::Cite {
                        citations,
                        content: join_texts(all),
                    },
                    to,
                )
            }
            None => (
                Inline::Cite {
                    citations: vec![first],
                    content: vec![written],
                },
                (key_end.0, Some(key_end.1)),
            ),
        };
        let cite_at = splice_cite(inlines, start, to, cite);
        at = (cite_at + 1, 0);
    }
}

/// The rest of an in-text citation's group.
struct Group {
    /// The in-text citation's suffix (`p. 3` of `@a [p. 3]`).
    first_suffix: Vec<Inline>,
    /// The citations after it.
    more: Vec<Citation>,
    /// What the content has between the key and the bracket.
    separator: Inline,
    /// The bracket's content.
    content: Vec<Inline>,
    /// Where the group ends: the byte after it, or all of that inline.
    end: (usize, Option<usize>),
}

/// What follows an in-text key as part of its citation: spaces and at
/// most one line break, then a bracketed citation already read, or a
/// bracket of a locator and citations (`[p. 3; @b]`, not followed by `[`
/// or `(`).
fn following_group(inlines: &[Inline], key_end: At, sources: &mut CiteSources) -> Option<Group> {
    let Inline::Text { text } = &inlines[key_end.0] else {
        return None;
    };
    let rest = &text[key_end.1..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    // Where the bracket may start: in this text after spaces, or in the
    // next text after a soft break.
    let (open, newline): (At, bool) = if spaces < rest.len() {
        ((key_end.0, key_end.1 + spaces), false)
    } else {
        let mut next = key_end.0 + 1;
        let newline = matches!(inlines.get(next), Some(Inline::SoftBreak));
        next += usize::from(newline);
        match inlines.get(next)? {
            Inline::Cite { citations, content }
                if citations
                    .iter()
                    .all(|c| c.mode != CitationMode::AuthorInText) =>
            {
                // `@a [@b; @c]`: one group, the key and the bracket's text
                // with a space between (pandoc's, whatever the source had).
                return Some(Group {
                    first_suffix: Vec::new(),
                    more: citations.clone(),
                    separator: Inline::text(" "),
                    content: content.clone(),
                    end: (next, None),
                });
            }
            Inline::Text { .. } if newline => ((next, 0), true),
            _ => return None,
        }
    };
    let Inline::Text { text } = &inlines[open.0] else {
        return None;
    };
    if !text[open.1..].starts_with('[') || text[open.1 + 1..].starts_with('^') {
        return None;
    }
    let close = closing_bracket(inlines, open)?;
    let Inline::Text { text: close_text } = &inlines[close.0] else {
        return None;
    };
    let after = close_text[close.1 + 1..].chars().next().or_else(|| {
        inlines
            .get(close.0 + 1)
            .and_then(|i| matches!(i, Inline::Link { .. }).then_some('['))
    });
    if matches!(after, Some('[' | '(')) {
        return None;
    }
    let inner = between(inlines, open, close);
    if !citable(&inner) {
        return None;
    }
    let mut parts = parts(&inner).into_iter();
    // The locator: a bracketed citation was read before, so this is none.
    let locator = parts.next()?;
    let more = parts
        .map(|part| citation_part(&part))
        .collect::<Option<Vec<_>>>()?;
    Some(Group {
        first_suffix: trim(locator),
        more,
        separator: if newline {
            Inline::SoftBreak
        } else {
            Inline::text(" ")
        },
        content: bracket_content(&inner, sources),
        end: (close.0, Some(close.1 + 1)),
    })
}

#[cfg(test)]
mod tests;

//! pandoc's Markdown extensions that comrak does not parse: a line pass that
//! lifts blocks out of the source (`lift.rs`: tables in `tables/`, also
//! inside quotes and list items, `nested.rs`; raw TeX in `tex.rs`, the
//! title block, metadata blocks), pre-passes over the source (`html/`: the
//! tags of HTML blocks; `prepare.rs`: fancy and example list markers, lists
//! that may not interrupt a paragraph, attributes on reference definitions,
//! form feeds; `guillemets.rs`; the headings implicit references name,
//! `headings.rs`; reference definitions' attributes and link titles,
//! `links.rs`), and passes over the tree (bracketed spans, trailing
//! attributes, citations in `cite.rs`, example references, page breaks,
//! `{-}` headings, HTML blocks' tags put back).
//!
//! The passes keep every line's count (and, but for an escaped list marker
//! or a long example label, its length), so comrak's source positions
//! still point into the file.

mod attr;
mod cite;
pub mod dollars;
mod figures;
mod guillemets;
mod headings;
pub mod html;
mod inline_env;
mod lift;
mod links;
pub mod macros;
mod nested;
mod prepare;
pub mod tables;
mod tex;

pub use attr::{fence_attr, is_page_break_command, parse_attr, raw_attribute, raw_format};
pub use cite::{cite_sources, join_texts, CiteSources};
pub use guillemets::{split as split_guillemets, unsplit as unsplit_guillemets};
pub use headings::{implicit_references, label, IMPLICIT_REFERENCE};
pub use inline_env::drop_continued;
pub use lift::{lift, marked, Lift, Lifted, MARK};
pub use links::reference_attributes;
pub use prepare::{prepare, Marker, Prepared};
pub use tex::{command_len, command_name, equation_reference, unset_commands};

use crate::doc::{walk_blocks_mut, Attr, Block, Inline, NodesMut};
use crate::format::{Dialect, Extension};
use std::collections::HashMap;

/// The LaTeX commands that mean "start a new page".
pub(super) const PAGE_BREAK_COMMANDS: &[&str] = &["\\newpage", "\\pagebreak", "\\clearpage"];

/// Div classes that mean "start a new page" (as pandoc's filters and
/// Word/LaTeX templates spell it).
pub(super) const PAGE_BREAK_CLASSES: &[&str] = &["page-break", "pagebreak", "newpage"];

/// The passes over the tree, after comrak: spans and the styles their
/// classes name, page breaks, line blocks, `{-}` on headings.
pub fn finish(
    blocks: &mut Vec<Block>,
    dialect: Dialect,
    examples: &HashMap<String, u64>,
    cite_sources: &mut CiteSources,
) {
    walk_blocks_mut(blocks, &mut |nodes| match nodes {
        NodesMut::Inlines(inlines) => {
            if !examples.is_empty() {
                example_references(inlines, examples);
            }
            trailing_attributes(inlines);
            spans(inlines);
        }
        NodesMut::Blocks(blocks) => {
            let taken = std::mem::take(blocks);
            for block in taken {
                block_pass(block, blocks);
            }
            // One page break, however many ways the source asked for it.
            blocks.dedup_by(|b, a| *a == Block::PageBreak && *b == Block::PageBreak);
        }
    });
    if dialect.has(Extension::Citations) {
        walk_blocks_mut(blocks, &mut |nodes| {
            if let NodesMut::Blocks(blocks) = nodes {
                for block in blocks.iter_mut() {
                    cite::read_citations(block, cite_sources);
                }
            }
        });
    }
    if dialect.has(Extension::ImplicitFigures) {
        figures::implicit_figures(blocks);
    }
}

fn block_pass(block: Block, out: &mut Vec<Block>) {
    match block {
        Block::Div { attr, blocks }
            if attr
                .classes
                .iter()
                .any(|c| PAGE_BREAK_CLASSES.contains(&c.as_str())) =>
        {
            out.push(Block::PageBreak);
            out.extend(blocks.into_iter().filter(|b| *b != Block::PageBreak));
        }
        Block::Paragraph { content } => paragraph(content, out),
        Block::Heading {
            level,
            mut attr,
            mut content,
            pos,
        } => {
            // Attributes comrak left as text (`{.unlisted -}`, `{-}`).
            if let Some(Inline::Text { text }) = content.last_mut() {
                let trimmed = text.trim_end();
                let found = trimmed
                    .rfind('{')
                    .and_then(|at| parse_attr(&trimmed[at..]).map(|(a, len)| (at, a, len)))
                    .filter(|(at, _, len)| at + len == trimmed.len());
                if let Some((at, found, _)) = found {
                    *text = trimmed[..at].trim_end().to_owned();
                    if attr.id.is_empty() {
                        attr.id = found.id;
                    }
                    attr.classes.extend(found.classes);
                    attr =
                        attr.with_pairs(found.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                }
            }
            out.push(Block::Heading {
                level,
                attr,
                content,
                pos,
            });
        }
        other => out.push(other),
    }
}

/// The lines of a paragraph, split at its soft and hard breaks.
fn lines(content: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut lines = Vec::new();
    let mut line = Vec::new();
    for inline in content {
        match inline {
            Inline::SoftBreak | Inline::LineBreak => lines.push(std::mem::take(&mut line)),
            other => line.push(other),
        }
    }
    lines.push(line);
    lines
}

fn is_page_break_line(line: &[Inline]) -> bool {
    match line {
        [Inline::Text { text }] => PAGE_BREAK_COMMANDS.contains(&text.trim()),
        [Inline::Raw { format, text }] => is_page_break_command(format, text),
        _ => false,
    }
}

/// A paragraph, split at lines that are page-break commands (`\newpage`).
fn paragraph(content: Vec<Inline>, out: &mut Vec<Block>) {
    let has_break = content.iter().any(|i| match i {
        Inline::Text { text } => PAGE_BREAK_COMMANDS.iter().any(|c| text.contains(c)),
        Inline::Raw { format, text } => is_page_break_command(format, text),
        _ => false,
    });
    if !has_break {
        out.push(Block::Paragraph { content });
        return;
    }
    let original = content.clone();
    let mut pending: Vec<Inline> = Vec::new();
    let flush = |pending: &mut Vec<Inline>, out: &mut Vec<Block>| {
        while matches!(pending.last(), Some(Inline::SoftBreak | Inline::LineBreak)) {
            pending.pop();
        }
        if !pending.is_empty() {
            out.push(Block::Paragraph {
                content: std::mem::take(pending),
            });
        }
    };
    // Keep the original breaks between the lines that stay.
    let mut rest = original.into_iter().peekable();
    while rest.peek().is_some() {
        let mut line = Vec::new();
        let mut brk = None;
        for inline in rest.by_ref() {
            if matches!(inline, Inline::SoftBreak | Inline::LineBreak) {
                brk = Some(inline);
                break;
            }
            line.push(inline);
        }
        if is_page_break_line(&line) {
            flush(&mut pending, out);
            out.push(Block::PageBreak);
        } else {
            pending.extend(line);
            pending.extend(brk);
        }
    }
    flush(&mut pending, out);
}

/// `| ` lines as a line block; a line starting with a space continues the
/// one above (pandoc's rule). `None` when a line does not start with `|`.
pub fn line_block(content: &[Inline]) -> Option<Block> {
    let mut result: Vec<Vec<Inline>> = Vec::new();
    for mut line in lines(content.to_vec()) {
        let Some(Inline::Text { text }) = line.first_mut() else {
            return None;
        };
        if text == "|" {
            line.remove(0);
        } else if let Some(stripped) = text.strip_prefix("| ") {
            // Leading spaces are kept, as no-break spaces (pandoc's rule).
            let kept = stripped.len() - stripped.trim_start_matches(' ').len();
            *text = "\u{a0}".repeat(kept) + stripped.trim_start_matches(' ');
            if text.is_empty() {
                line.remove(0);
            }
        } else {
            return None;
        }
        result.push(line);
    }
    Some(Block::LineBlock { lines: result })
}

/// `(@good)` in text, where `good` labels an example: its number, `(3)`.
fn example_references(inlines: &mut [Inline], examples: &HashMap<String, u64>) {
    for inline in inlines.iter_mut() {
        let Inline::Text { text } = inline else {
            continue;
        };
        if !text.contains('@') {
            continue;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find('@') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let len = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
                .count();
            match examples.get(&after[..len]) {
                Some(number) if len > 0 => {
                    out.push_str(&number.to_string());
                    rest = &after[len..];
                }
                _ => {
                    out.push('@');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        *text = out;
    }
}

/// `{#id .class key="value"}` right after a link, an image or inline code
/// that comrak left as text: after an autolink, a reference link, on the
/// next line, or with quotes smart punctuation has curled.
fn trailing_attributes(inlines: &mut Vec<Inline>) {
    let mut index = 0;
    while index + 1 < inlines.len() {
        let takes_attr = matches!(
            &inlines[index],
            Inline::Link { attr, .. } | Inline::Image { attr, .. } | Inline::Code { attr, .. }
                if attr.is_empty()
        );
        if !takes_attr {
            index += 1;
            continue;
        }
        let newline = matches!(inlines[index + 1], Inline::SoftBreak);
        let text_at = index + 1 + usize::from(newline);
        let parsed = match inlines.get(text_at) {
            Some(Inline::Text { text }) if text.starts_with('{') => parse_attr(text),
            _ => None,
        };
        let Some((found, len)) = parsed else {
            index += 1;
            continue;
        };
        if let Inline::Link { attr, .. } | Inline::Image { attr, .. } | Inline::Code { attr, .. } =
            &mut inlines[index]
        {
            *attr = found;
        }
        let Some(Inline::Text { text }) = inlines.get_mut(text_at) else {
            return;
        };
        text.drain(..len);
        let emptied = text.is_empty();
        if emptied {
            inlines.remove(text_at);
        }
        if newline {
            inlines.remove(index + 1);
        }
        index += 1;
    }
}

/// Bracketed spans, `[text]{.class}`, in one list of inlines (comrak reads
/// them as text around their content); the classes `underline`,
/// `smallcaps` and `mark` become those styles.
fn spans(inlines: &mut Vec<Inline>) {
    let mut from = (0, 0);
    'search: loop {
        // The next `]{…}` in a text node.
        let mut found = None;
        for (index, inline) in inlines.iter().enumerate().skip(from.0) {
            let Inline::Text { text } = inline else {
                continue;
            };
            let start = if index == from.0 { from.1 } else { 0 };
            let mut at = start;
            while let Some(k) = text.get(at..).and_then(|t| t.find("]{")) {
                let close = at + k;
                if let Some((attr, len)) = parse_attr(&text[close + 1..]) {
                    found = Some((index, close, attr, len));
                    break;
                }
                at = close + 1;
            }
            if found.is_some() {
                break;
            }
        }
        let Some((close_index, close, attr, len)) = found else {
            return;
        };
        // Its `[`: the nearest unmatched one before it, in this list.
        let mut depth = 0usize;
        let mut open = None;
        'back: for index in (0..=close_index).rev() {
            let Inline::Text { text } = &inlines[index] else {
                continue;
            };
            let upto = if index == close_index {
                close
            } else {
                text.len()
            };
            for (i, c) in text[..upto].char_indices().rev() {
                match c {
                    ']' => depth += 1,
                    '[' if depth == 0 => {
                        open = Some((index, i));
                        break 'back;
                    }
                    '[' => depth -= 1,
                    _ => {}
                }
            }
        }
        let Some((open_index, open_at)) = open else {
            from = (close_index, close + 1);
            continue 'search;
        };
        let tail: Vec<Inline> = inlines.split_off(close_index + 1);
        let Some(Inline::Text { text: close_text }) = inlines.pop() else {
            return;
        };
        let after = close_text[close + 1 + len..].to_owned();
        let mut middle: Vec<Inline> = if open_index == close_index {
            vec![Inline::text(&close_text[open_at + 1..close])]
        } else {
            let mut middle = inlines.split_off(open_index + 1);
            middle.push(Inline::text(&close_text[..close]));
            middle
        };
        let before = if open_index == close_index {
            close_text[..open_at].to_owned()
        } else {
            match inlines.pop() {
                Some(Inline::Text { text }) => {
                    middle.insert(0, Inline::text(&text[open_at + 1..]));
                    text[..open_at].to_owned()
                }
                _ => String::new(),
            }
        };
        middle.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
        if !before.is_empty() {
            inlines.push(Inline::text(before));
        }
        inlines.push(styled(attr, middle));
        let resume = inlines.len();
        if !after.is_empty() {
            inlines.push(Inline::text(after));
        }
        inlines.extend(tail);
        from = (resume, 0);
    }
}

/// A span, or the styles its classes name, as pandoc's reader wraps a
/// span: each of `underline` (`ul`), `smallcaps` and `mark` is a style, the
/// first class named outermost, and `style="font-variant: small-caps"` is
/// small capitals innermost; what is left (id, other classes, pairs) stays
/// on a span around them.
fn styled(mut attr: Attr, content: Vec<Inline>) -> Inline {
    let small_caps_style = attr.get("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !matches!(c, ' ' | '\t' | ';'))
            .collect();
        style.eq_ignore_ascii_case("font-variant:small-caps")
    });
    if small_caps_style {
        attr.pairs.retain(|(key, _)| key != "style");
    }
    let mut styles: Vec<String> = Vec::new();
    attr.classes.retain(|class| {
        let style = matches!(class.as_str(), "underline" | "ul" | "smallcaps" | "mark");
        if style {
            styles.push(class.clone());
        }
        !style
    });
    if styles.is_empty() && !small_caps_style {
        return Inline::Span { attr, content };
    }
    let mut content = content;
    if small_caps_style {
        content = vec![Inline::SmallCaps { content }];
    }
    for style in styles.iter().rev() {
        content = vec![match style.as_str() {
            "underline" | "ul" => Inline::Underline { content },
            "smallcaps" => Inline::SmallCaps { content },
            _ => Inline::Mark { content },
        }];
    }
    // `content` is now the one outermost style.
    if attr.is_empty() && content.len() == 1 {
        content.remove(0)
    } else {
        Inline::Span { attr, content }
    }
}

#[cfg(test)]
mod tests {
    use super::prepare::parse_marker;
    use super::*;
    use crate::doc::{Delim, ListStyle};

    #[test]
    fn markers_are_classified_as_pandoc_does() {
        let marker = |s: &str| parse_marker(s).map(|(m, w)| (m.style, m.delim, m.start, w));
        use Delim::*;
        use ListStyle::*;
        assert_eq!(marker("(a) x"), Some((LowerAlpha, TwoParens, 1, 3)));
        assert_eq!(marker("c. x"), Some((LowerAlpha, Period, 3, 2)));
        assert_eq!(marker("B)  x"), Some((UpperAlpha, OneParen, 2, 2)));
        assert_eq!(marker("iv. x"), Some((LowerRoman, Period, 4, 3)));
        assert_eq!(marker("(IV) x"), Some((UpperRoman, TwoParens, 4, 4)));
        assert_eq!(marker("i. x"), Some((LowerRoman, Period, 1, 2)));
        assert_eq!(marker("#. x"), Some((Decimal, Period, 1, 2)));
        assert_eq!(marker("(2) x"), Some((Decimal, TwoParens, 2, 3)));
        assert_eq!(marker("1. x"), None);
        assert_eq!(marker("B. Russell"), None);
        assert_eq!(marker("i.e. this"), None);
        assert_eq!(marker("(ab) x"), None);
        assert_eq!(marker("(a)x"), None);
    }

    #[test]
    fn prepare_keeps_lengths_and_lines() {
        let text = "Intro.\n\n(a) one\n(a) two\n\u{c}\nend\n";
        let (prepared, found) = prepare(text);
        let markers = found.markers;
        assert_eq!(prepared, "Intro.\n\n01) one\n01) two\n\\newpage\nend\n");
        assert_eq!(markers.len(), 2);
        assert_eq!(markers[&3].style, ListStyle::LowerAlpha);
        // Another style right after: the other character, a new list.
        let (prepared, _) = prepare("A)  one\n\n(1) two\n\n1. three\n");
        assert_eq!(prepared, "1)  one\n\n01. two\n\n1) three\n");
        // Not after a line of text outside a list.
        let (prepared, _) = prepare("Some text\n(a) not a list\n");
        assert_eq!(prepared, "Some text\n(a) not a list\n");
        // Not inside a code fence.
        let (prepared, _) = prepare("```\n(a) code\n```\n");
        assert_eq!(prepared, "```\n(a) code\n```\n");
        // Nested divs: the outer fences outrank the inner ones; a stray
        // closing fence is text.
        let (prepared, _) = prepare("::: a\n::: b\nx\n:::\n:::\n:::\n");
        assert_eq!(prepared, ":::: a\n::: b\nx\n:::\n::::\n\\:::\n");
    }

    #[test]
    fn attributes_parse_as_pandoc_writes_them() {
        let (attr, len) = parse_attr("{#x .a .b k=v q=\"two words\"} tail").unwrap();
        assert_eq!(attr.id, "x");
        assert_eq!(attr.classes, ["a", "b"]);
        assert_eq!(
            attr.pairs,
            [
                ("k".to_owned(), "v".to_owned()),
                ("q".to_owned(), "two words".to_owned())
            ]
        );
        assert_eq!(len, 28);
        assert_eq!(parse_attr("{=latex}"), None);
        assert_eq!(parse_attr("{not attrs}"), None);
        let classes = |info: &str| fence_attr(info).map(|a| a.classes);
        assert_eq!(classes("warning"), Some(vec!["warning".to_owned()]));
        assert_eq!(
            classes("{.page-break}"),
            Some(vec!["page-break".to_owned()])
        );
        assert_eq!(classes("warning Read this first"), None);
        assert_eq!(raw_attribute("{=latex} x"), Some(("latex".to_owned(), 8)));
    }
}

//! Headings: empty ones are dropped, the rest get unique ids, made from
//! their text as pandoc's Markdown makes them or as GitHub does, and the
//! links the reader made of `[Heading text]` point at them.

use super::{for_each_inlines, Context};
use crate::diag::Diagnostic;
use crate::doc::{
    plain_text, walk, walk_blocks, walk_mut, Block, Document, Inline, Node, NodesMut,
};
use crate::format::{Dialect, Extension};
use std::collections::{HashMap, HashSet};

/// How a heading's id is made from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Identifiers {
    /// GitHub's anchors (`gfm`, `commonmark`, `+gfm_auto_identifiers`).
    #[default]
    GitHub,
    /// pandoc's `auto_identifiers` (pandoc's Markdown).
    Pandoc,
}

impl Identifiers {
    pub fn of(dialect: Dialect) -> Identifiers {
        if dialect.is_markdown() && !dialect.has(Extension::GfmAutoIdentifiers) {
            Identifiers::Pandoc
        } else {
            Identifiers::GitHub
        }
    }

    fn make(self, text: &str) -> String {
        match self {
            Identifiers::GitHub => slug(text),
            Identifiers::Pandoc => pandoc_identifier(text),
        }
    }
}

/// Drops headings with no text (`# ` on its own line), at any depth.
pub fn drop_empty(doc: &mut Document, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    walk_mut(doc, &mut |nodes| {
        let NodesMut::Blocks(blocks) = nodes else {
            return;
        };
        blocks.retain(|block| match block {
            Block::Heading {
                content,
                pos,
                level,
                ..
            } if plain_text(content).trim().is_empty() => {
                diagnostics.push(
                    Diagnostic::warning(
                        context.file,
                        format!("empty heading (level {level}) dropped"),
                    )
                    .at(context.text, pos.line, pos.column)
                    .length(*level as usize)
                    .hint("write the heading's text, or remove the line"),
                );
                false
            }
            _ => true,
        });
    });
    diagnostics
}

/// Warns at each heading more than one level below the heading before it
/// (`#` then `###`): screen readers announce a heading's level, and a
/// skipped one reads as a missing section (DAISY Ace flags it in the EPUB,
/// as PDF/UA's Matterhorn protocol does in the PDF). The first heading may
/// be at any level: a document whose title comes from its front matter
/// starts its own at `##`. The tree is left as written.
pub fn skipped_levels(doc: &Document, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut previous: Option<u8> = None;
    // The body's outline: a note's headings are not in it.
    walk_blocks(&doc.blocks, &mut |node| {
        let Node::Block(Block::Heading { level, pos, .. }) = node else {
            return;
        };
        if let Some(above) = previous.filter(|&above| *level > above + 1) {
            let wanted = "#".repeat(usize::from(above) + 1);
            diagnostics.push(
                Diagnostic::warning(
                    context.file,
                    format!(
                        "a level-{level} heading follows a level-{above} one: a reader's \
                         outline skips a level here"
                    ),
                )
                .at(context.text, pos.line, pos.column)
                .length(usize::from(*level))
                .hint(format!("make it `{wanted}`, or add the heading between")),
            );
        }
        previous = Some(*level);
    });
    diagnostics
}

/// Gives every heading an id: the one written (`{#id}`), else one made
/// from its text, made unique with `-1`, `-2`… in document order.
pub fn assign_ids(doc: &mut Document, identifiers: Identifiers) {
    let mut used = HashSet::new();
    walk(doc, &mut |node| {
        if let Node::Block(Block::Heading { attr, .. }) = node {
            if !attr.id.is_empty() {
                used.insert(attr.id.clone());
            }
        }
    });
    walk_mut(doc, &mut |nodes| {
        let NodesMut::Blocks(blocks) = nodes else {
            return;
        };
        for block in blocks.iter_mut() {
            let Block::Heading { attr, content, .. } = block else {
                continue;
            };
            if !attr.id.is_empty() {
                continue;
            }
            let base = identifiers.make(&plain_text(content));
            let base = if base.is_empty() {
                "section".to_owned()
            } else {
                base
            };
            let mut candidate = base.clone();
            let mut n = 0;
            while used.contains(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            used.insert(candidate.clone());
            attr.id = candidate;
        }
    });
}

/// Points the links the reader made of `[Heading text]` (pandoc's
/// `implicit_header_references`) at the first heading of that text; the
/// tree has the heading's text without its Markdown, so a label with
/// Markdown in it (`[My *Heading*]`) is matched by its letters and digits.
pub fn link_implicit_references(doc: &mut Document) {
    let (mut by_text, mut by_letters) = (HashMap::new(), HashMap::new());
    walk(doc, &mut |node| {
        if let Node::Block(Block::Heading { attr, content, .. }) = node {
            let text = crate::read::label(&plain_text(content));
            by_letters
                .entry(letters(&text))
                .or_insert_with(|| attr.id.clone());
            by_text.entry(text).or_insert_with(|| attr.id.clone());
        }
    });
    for_each_inlines(doc, &mut |inlines| {
        for inline in inlines.iter_mut() {
            let (Inline::Link { url, .. } | Inline::Image { url, .. }) = inline else {
                continue;
            };
            if let Some(label) = url.strip_prefix(crate::read::IMPLICIT_REFERENCE) {
                let id = by_text
                    .get(label)
                    .or_else(|| by_letters.get(&letters(label)))
                    .cloned()
                    // A line the reader's scan took for a heading that is not one.
                    .unwrap_or_else(|| pandoc_identifier(label));
                *url = format!("#{id}");
            }
        }
    });
}

/// A text's letters and digits, its other characters single spaces.
fn letters(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `numbersections: true` (pandoc's front matter): each heading not marked
/// `.unnumbered` gets its section number (`2.1 `), counted from the
/// shallowest level the document uses.
pub fn number_sections(doc: &mut Document) {
    if doc.meta.extra.get("numbersections") != Some(&crate::doc::Value::Bool(true)) {
        return;
    }
    let mut top = u8::MAX;
    walk(doc, &mut |node| {
        if let Node::Block(Block::Heading { level, .. }) = node {
            top = top.min(*level);
        }
    });
    let mut counters = [0u32; 6];
    walk_mut(doc, &mut |nodes| {
        let NodesMut::Blocks(blocks) = nodes else {
            return;
        };
        for block in blocks.iter_mut() {
            let Block::Heading {
                level,
                attr,
                content,
                ..
            } = block
            else {
                continue;
            };
            if attr.has_class("unnumbered") {
                continue;
            }
            let depth = (level.saturating_sub(top) as usize).min(5);
            counters[depth] += 1;
            counters[depth + 1..].iter_mut().for_each(|c| *c = 0);
            let number: Vec<String> = counters[..=depth].iter().map(u32::to_string).collect();
            content.insert(
                0,
                crate::doc::Inline::text(format!("{} ", number.join("."))),
            );
        }
    });
}

/// pandoc's `auto_identifiers` rule: lower case; only letters, digits,
/// `_`, `-` and `.` kept; runs of spaces one `-`; nothing before the first
/// letter (`1. Python & Tools` gives `python-tools`).
pub fn pandoc_identifier(text: &str) -> String {
    let kept: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|&c| c.is_whitespace() || c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    let joined = kept.split_whitespace().collect::<Vec<_>>().join("-");
    joined
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .to_owned()
}

/// GitHub's anchor rule: lower-case, drop punctuation except `-` and `_`,
/// spaces become `-` (so `Python & Tools` gives `python--tools`).
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Inline, Pos};

    fn heading(text: &str) -> Block {
        Block::Heading {
            level: 1,
            attr: Default::default(),
            content: vec![Inline::text(text)],
            pos: Pos { line: 1, column: 1 },
        }
    }

    #[test]
    fn sections_are_numbered_when_the_front_matter_asks() {
        let mut doc = Document {
            blocks: vec![heading("A"), heading("B")],
            ..Document::default()
        };
        if let Block::Heading { level, .. } = &mut doc.blocks[1] {
            *level = 2;
        }
        doc.blocks.push(heading("C"));
        number_sections(&mut doc);
        assert_eq!(plain_text_of(&doc.blocks[0]), "A");
        doc.meta
            .extra
            .insert("numbersections".to_owned(), crate::doc::Value::Bool(true));
        number_sections(&mut doc);
        let texts: Vec<String> = doc.blocks.iter().map(plain_text_of).collect();
        assert_eq!(texts, ["1 A", "1.1 B", "2 C"]);
    }

    fn plain_text_of(block: &Block) -> String {
        match block {
            Block::Heading { content, .. } => plain_text(content),
            _ => String::new(),
        }
    }

    #[test]
    fn slugs_follow_github() {
        let cases = [
            ("Infrastructure", "infrastructure"),
            ("Investing in Python & Tools", "investing-in-python--tools"),
            ("  Hello, World!  ", "hello-world"),
            ("snake_case and-dash", "snake_case-and-dash"),
            ("Café déjà vu", "café-déjà-vu"),
            ("100% 2024", "100-2024"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(slug(text), expected, "{text:?}");
        }
    }

    #[test]
    fn ids_are_unique_in_document_order() {
        let mut doc = Document {
            blocks: vec![heading("A"), heading("A"), heading("A-1"), heading("!!")],
            ..Document::default()
        };
        assign_ids(&mut doc, Identifiers::GitHub);
        let ids: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { attr, .. } => attr.id.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(ids, ["a", "a-1", "a-1-1", "section"]);
    }

    #[test]
    fn empty_headings_are_dropped_with_a_warning() {
        let mut doc = Document {
            blocks: vec![heading(" "), heading("Kept")],
            ..Document::default()
        };
        let context = Context {
            file: "d.md",
            text: "# \n# Kept\n",
            base_url: None,
            identifiers: Default::default(),
        };
        let diagnostics = drop_empty(&mut doc, &context);
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!((diagnostics[0].line, diagnostics[0].column), (1, 1));
    }

    /// `#` then `###` is warned about at the `###`; a first heading at any
    /// level, a step down by one, and a step back up by several are not.
    #[test]
    fn a_skipped_heading_level_is_warned_about_where_it_is() {
        let text = "### Start\n#### One down\n# Back up\n### Skipped\n## Fine\n";
        let mut blocks = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let level = line.find(' ').unwrap_or(0);
            blocks.push(Block::Heading {
                level: level as u8,
                attr: Default::default(),
                content: vec![Inline::text(&line[level + 1..])],
                pos: Pos {
                    line: n as u32 + 1,
                    column: 1,
                },
            });
        }
        let doc = Document {
            blocks,
            ..Document::default()
        };
        let context = Context {
            file: "d.md",
            text,
            base_url: None,
            identifiers: Default::default(),
        };
        let diagnostics = skipped_levels(&doc, &context);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!((diagnostics[0].line, diagnostics[0].column), (4, 1));
        assert!(diagnostics[0]
            .message
            .contains("level-3 heading follows a level-1"));
        assert!(diagnostics[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("`##`")));
    }
}

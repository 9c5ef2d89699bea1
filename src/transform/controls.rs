//! Characters that are not text (`source::is_not_text`: control characters
//! other than tab, line feed, carriage return and form feed, and
//! noncharacters) leave the tree: code shows each as its Control Picture
//! (U+001B → `␛`), everything else drops it, so no writer is handed one
//! that XML or HTML forbids. A form feed on a line of its own is a page
//! break (the reader's); one anywhere else is a space in text and `␌` in
//! code. C1 controls were read as Windows-1252 when the source was loaded.

use super::Context;
use crate::diag::{line_column, Diagnostic};
use crate::doc::{walk_mut, Attr, Block, Document, Inline, Meta, NodesMut, Value};
use crate::source::is_not_text;
use std::collections::BTreeMap;

const FORM_FEED: char = '\x0C';

/// Cleans the document; one warning at the first character that is not
/// text in the source (how many more there are), or, when they came from
/// elsewhere (data records, `--metadata`), one without a place.
pub fn clean(doc: &mut Document, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut changed = 0;
    clean_meta(&mut doc.meta, &mut changed);
    walk_mut(doc, &mut |nodes| match nodes {
        NodesMut::Blocks(blocks) => blocks.iter_mut().for_each(|b| clean_block(b, &mut changed)),
        NodesMut::Inlines(inlines) => {
            let before = changed;
            inlines
                .iter_mut()
                .for_each(|i| clean_inline(i, &mut changed));
            if changed > before {
                // A text that was nothing but control characters is gone.
                inlines.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
            }
        }
    });
    let mut found = context.text.char_indices().filter(|&(_, c)| is_not_text(c));
    let Some((offset, first)) = found.next() else {
        return if changed > 0 {
            vec![Diagnostic::warning(
                context.file,
                "the document's values hold control characters, which are not text; they are dropped",
            )]
        } else {
            Vec::new()
        };
    };
    let more = match found.count() {
        0 => String::new(),
        n => format!(" (and {n} more)"),
    };
    let (line, column) = line_column(context.text, offset);
    vec![Diagnostic::warning(
        context.file,
        format!(
            "U+{:04X} is not text (a control character or noncharacter); it is dropped, and shown as `{}` in code{more}",
            first as u32,
            picture(first)
        ),
    )
    .at(context.text, line, column)
    .hint("delete it; it often comes with text pasted from a terminal or an old file")]
}

/// What a character that is not text shows as in code: its Control
/// Picture (U+2400 + code, `␡` for DEL), else the replacement character.
pub fn picture(c: char) -> char {
    match c as u32 {
        code @ 0..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Whether text holds anything this pass changes.
fn is_stray(c: char) -> bool {
    is_not_text(c) || c == FORM_FEED
}

/// Text: each character that is not text dropped, a form feed a space.
fn drop_in(text: &mut String, changed: &mut usize) {
    if text.contains(is_stray) {
        *changed += 1;
        *text = text
            .chars()
            .filter(|&c| !is_not_text(c))
            .map(|c| if c == FORM_FEED { ' ' } else { c })
            .collect();
    }
}

/// Code: each character that is not text (and a form feed) as its picture.
fn show_in(text: &mut String, changed: &mut usize) {
    if text.contains(is_stray) {
        *changed += 1;
        *text = text
            .chars()
            .map(|c| if is_stray(c) { picture(c) } else { c })
            .collect();
    }
}

fn clean_attr(attr: &mut Attr, changed: &mut usize) {
    drop_in(&mut attr.id, changed);
    attr.classes.iter_mut().for_each(|c| drop_in(c, changed));
    for (key, value) in &mut attr.pairs {
        drop_in(key, changed);
        drop_in(value, changed);
    }
}

fn clean_block(block: &mut Block, changed: &mut usize) {
    match block {
        Block::Code { lang, attr, text } => {
            lang.iter_mut().for_each(|l| drop_in(l, changed));
            clean_attr(attr, changed);
            show_in(text, changed);
        }
        Block::Heading { attr, .. } | Block::Div { attr, .. } | Block::Table { attr, .. } => {
            clean_attr(attr, changed)
        }
        Block::Raw { text, .. } => drop_in(text, changed),
        _ => {}
    }
}

fn clean_inline(inline: &mut Inline, changed: &mut usize) {
    match inline {
        Inline::Text { text } | Inline::Raw { text, .. } => drop_in(text, changed),
        Inline::Code { attr, text } => {
            clean_attr(attr, changed);
            show_in(text, changed);
        }
        Inline::Link {
            attr, url, title, ..
        }
        | Inline::Image {
            attr, url, title, ..
        } => {
            clean_attr(attr, changed);
            drop_in(url, changed);
            drop_in(title, changed);
        }
        Inline::Math { tex, .. } => drop_in(tex, changed),
        Inline::Cite { citations, .. } => citations
            .iter_mut()
            .for_each(|c| drop_in(&mut c.id, changed)),
        Inline::Span { attr, .. } => clean_attr(attr, changed),
        _ => {}
    }
}

fn clean_meta(meta: &mut Meta, changed: &mut usize) {
    let fields = [
        &mut meta.title,
        &mut meta.subtitle,
        &mut meta.description,
        &mut meta.date,
        &mut meta.lang,
        &mut meta.layout,
    ];
    for text in fields.into_iter().flatten() {
        drop_in(text, changed);
    }
    for text in meta.authors.iter_mut().chain(meta.keywords.iter_mut()) {
        drop_in(text, changed);
    }
    if map_is_dirty(&meta.extra) {
        clean_map(&mut meta.extra, changed);
    }
}

fn map_is_dirty(map: &BTreeMap<String, Value>) -> bool {
    map.iter()
        .any(|(key, value)| key.contains(is_stray) || value_is_dirty(value))
}

fn value_is_dirty(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains(is_stray),
        Value::List(items) => items.iter().any(value_is_dirty),
        Value::Map(map) => map_is_dirty(map),
        Value::Null | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => false,
    }
}

/// A map with its keys and values cleaned (a key may change, so the map
/// is built again).
fn clean_map(map: &mut BTreeMap<String, Value>, changed: &mut usize) {
    *map = std::mem::take(map)
        .into_iter()
        .map(|(mut key, mut value)| {
            drop_in(&mut key, changed);
            clean_value(&mut value, changed);
            (key, value)
        })
        .collect();
}

fn clean_value(value: &mut Value, changed: &mut usize) {
    match value {
        Value::String(text) => drop_in(text, changed),
        Value::List(items) => items.iter_mut().for_each(|v| clean_value(v, changed)),
        Value::Map(map) => clean_map(map, changed),
        Value::Null | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text: &str) -> Context<'_> {
        Context {
            file: "doc.md",
            text,
            base_url: None,
            identifiers: Default::default(),
        }
    }

    #[test]
    fn code_shows_pictures_and_text_drops_them() {
        let text = "a\x05b `x\x1by` ```\n\x1b[0m\x7f\x0c\n```\n";
        let mut doc = Document {
            blocks: vec![
                Block::Paragraph {
                    content: vec![
                        Inline::text("a\x05b\x0cc"),
                        Inline::Code {
                            attr: Default::default(),
                            text: "x\x1by".to_owned(),
                        },
                        Inline::text("\u{FFFF}\x01"),
                    ],
                },
                Block::Code {
                    lang: None,
                    attr: Attr::default(),
                    text: "\x1b[0m\x7f\x0c\u{81}\n".to_owned(),
                },
            ],
            ..Document::default()
        };
        doc.meta.title = Some("T\x05itle".to_owned());
        doc.meta.extra.insert(
            "k".to_owned(),
            Value::List(vec![Value::String("v\x02".to_owned())]),
        );
        let warnings = clean(&mut doc, &context(text));
        let Block::Paragraph { content } = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(
            content,
            &vec![
                Inline::text("ab c"),
                Inline::Code {
                    attr: Default::default(),
                    text: "x␛y".to_owned()
                }
            ]
        );
        let Block::Code { text: code, .. } = &doc.blocks[1] else {
            panic!()
        };
        assert_eq!(code, "␛[0m␡␌\u{FFFD}\n");
        assert_eq!(doc.meta.title.as_deref(), Some("Title"));
        assert_eq!(
            doc.meta.extra["k"],
            Value::List(vec![Value::String("v".to_owned())])
        );
        assert_eq!(warnings.len(), 1);
        let warning = &warnings[0];
        assert_eq!((warning.line, warning.column), (1, 2));
        assert!(warning.message.contains("U+0005"), "{}", warning.message);
        assert!(
            warning.message.contains("(and 3 more)"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn clean_text_is_left_alone() {
        let mut doc = Document {
            blocks: vec![Block::Paragraph {
                content: vec![Inline::text("tab\there, “quotes”")],
            }],
            ..Document::default()
        };
        let before = doc.clone();
        assert!(clean(&mut doc, &context("tab\there")).is_empty());
        assert_eq!(doc, before);
    }
}

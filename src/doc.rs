//! THE document tree: the one contract between the reader and every writer.
//!
//! Modelled on pandoc's AST, trimmed to what Markdown can say. It depends on
//! nothing but serde, and it is what `--to json` shows.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole document: what the front matter says, the body, and the footnotes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
    /// Footnotes in the order they are first referenced; `Inline::NoteRef(i)`
    /// points at `notes[i]`.
    pub notes: Vec<Note>,
}

/// Where a node starts in its source file (1-based; column in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// The front matter fields quire understands, plus every other key for templates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
    pub layout: Option<String>,
    pub keywords: Vec<String>,
    /// Every other front matter key, as written.
    pub extra: BTreeMap<String, Value>,
}

impl Meta {
    /// A front matter key as lines (`recipient:`, `signature:`); none when
    /// it is missing.
    pub fn lines(&self, key: &str) -> Vec<String> {
        self.extra.get(key).map(Value::lines).unwrap_or_default()
    }
}

/// A front matter value that quire does not interpret itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// A scalar as text (`true`, `3`, `Acme`); empty for null, lists and maps.
    /// The value as lines of text: a list's items, or a string's lines
    /// (a YAML `|` block), blank ones dropped.
    pub fn lines(&self) -> Vec<String> {
        let lines: Vec<String> = match self {
            Value::List(items) => items.iter().map(Value::to_text).collect(),
            other => other.to_text().lines().map(str::to_owned).collect(),
        };
        lines
            .into_iter()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect()
    }

    pub fn to_text(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Integer(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::String(s) => s.clone(),
            Value::Null | Value::List(_) | Value::Map(_) => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
        pos: Pos,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    List {
        /// `None` for a bullet list, the first number for an ordered one.
        start: Option<u64>,
        tight: bool,
        items: Vec<Item>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
    },
    Rule,
    /// Raw HTML written in the source, kept verbatim.
    Html {
        html: String,
    },
}

/// One list item: its task state (`Some(done)` for a task list item) and its blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

pub type Cell = Vec<Inline>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The label written in the source (`[^label]`).
    pub label: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emph {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strike {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Link {
        url: String,
        title: String,
        content: Vec<Inline>,
        pos: Pos,
    },
    Image {
        url: String,
        title: String,
        alt: Vec<Inline>,
        pos: Pos,
    },
    NoteRef {
        index: usize,
    },
    SoftBreak,
    LineBreak,
    /// Raw inline HTML written in the source, kept verbatim.
    Html {
        html: String,
    },
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into() }
    }
}

/// The plain text of inlines: what a heading says, an image's alt text.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => push_plain_text(content, out),
            Inline::Image { alt, .. } => push_plain_text(alt, out),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            Inline::NoteRef { .. } | Inline::Html { .. } => {}
        }
    }
}

/// Calls `visit` on every inline of the document in reading order: blocks,
/// nested lists, quotes and tables, then the footnotes; inside emphasis,
/// links and image alt text too.
pub fn for_each_inline(doc: &Document, visit: &mut dyn FnMut(&Inline)) {
    walk_blocks(&doc.blocks, visit);
    for note in &doc.notes {
        walk_blocks(&note.blocks, visit);
    }
}

fn walk_blocks(blocks: &[Block], visit: &mut dyn FnMut(&Inline)) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                walk_inlines(content, visit)
            }
            Block::List { items, .. } => {
                for item in items {
                    walk_blocks(&item.blocks, visit);
                }
            }
            Block::Quote { blocks } => walk_blocks(blocks, visit),
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    walk_inlines(cell, visit);
                }
            }
            Block::Code { .. } | Block::Rule | Block::Html { .. } => {}
        }
    }
}

fn walk_inlines(inlines: &[Inline], visit: &mut dyn FnMut(&Inline)) {
    for inline in inlines {
        visit(inline);
        match inline {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => walk_inlines(content, visit),
            Inline::Image { alt, .. } => walk_inlines(alt, visit),
            _ => {}
        }
    }
}

impl Document {
    /// Whether the source wrote raw HTML anywhere (blocks, inlines, notes).
    pub fn has_raw_html(&self) -> bool {
        fn in_blocks(blocks: &[Block]) -> bool {
            blocks.iter().any(|block| match block {
                Block::Html { .. } => true,
                Block::List { items, .. } => items.iter().any(|item| in_blocks(&item.blocks)),
                Block::Quote { blocks } => in_blocks(blocks),
                _ => false,
            })
        }
        let mut inline_html = false;
        for_each_inline(self, &mut |inline| {
            inline_html |= matches!(inline, Inline::Html { .. })
        });
        inline_html
            || in_blocks(&self.blocks)
            || self.notes.iter().any(|note| in_blocks(&note.blocks))
    }
}

/// Is this word set in capitals: two capitals or more and no lower case,
/// except a plural `s` after capitals (`GOODs`, `APIs`), as writers type it.
pub fn is_caps_word(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let stem = match letters.split_last() {
        Some((&'s', rest)) if rest.len() >= 2 => rest,
        _ => &letters[..],
    };
    stem.len() >= 2 && !stem.iter().any(|c| c.is_lowercase())
}

/// A paragraph that is a sentence in capitals (a tagline under a heading):
/// every writer sets it as a kicker, small and letter-spaced, not shouted.
pub fn is_tagline(content: &[Inline]) -> bool {
    let text = plain_text(content);
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    words.len() >= 2 && text.len() > 12 && words.iter().all(|w| is_caps_word(w))
}

/// A heading, for tables of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The table of contents: the headings, in order.
pub fn toc(doc: &Document) -> Vec<TocEntry> {
    doc.blocks
        .iter()
        .filter_map(|block| match block {
            Block::Heading {
                level, id, content, ..
            } => Some(TocEntry {
                level: *level,
                id: id.clone(),
                text: plain_text(content),
            }),
            _ => None,
        })
        .collect()
}

//! THE document tree: the one contract between the reader and every writer.
//!
//! Modelled on pandoc's AST, trimmed to what Markdown can say. It depends on
//! nothing but serde, and it is what `--to json` shows.

mod list;
mod meta;
mod table;
mod walk;

pub use list::{Delim, ListStyle};
pub use meta::{Meta, Value};
pub use table::{block_plain_text, Align, Cell, Column, Row};
pub use walk::{for_each_inline, walk, walk_blocks, walk_blocks_mut, walk_mut, Node, NodesMut};

use serde::{Deserialize, Serialize};

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

/// Identifier, classes and key-value pairs, as pandoc's `Attr`: what
/// `{#id .class key="value"}` says on a span, a div or a heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attr {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<(String, String)>,
}

impl Attr {
    pub fn is_empty(&self) -> bool {
        self.id.is_empty() && self.classes.is_empty() && self.pairs.is_empty()
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.classes.iter().any(|c| c == class)
    }

    /// Attributes from `key=value` pairs as pandoc reads them: `id=` and
    /// `class=` are the identifier and classes, and a key given twice keeps
    /// its first value (in time linear in the pairs: an attribute list of a
    /// megabyte is hostile input, not quadratic work).
    pub fn with_pairs<'a>(mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Attr {
        let mut seen: std::collections::HashSet<String> =
            self.pairs.iter().map(|(k, _)| k.clone()).collect();
        let mut added = Vec::new();
        for (key, value) in pairs {
            match key {
                "id" if self.id.is_empty() => self.id = value.to_owned(),
                "id" => {}
                "class" => self
                    .classes
                    .extend(value.split_whitespace().map(str::to_owned)),
                _ if !seen.insert(key.to_owned()) => {}
                _ => added.push((key.to_owned(), value.to_owned())),
            }
        }
        self.pairs.extend(added);
        self
    }

    /// Adds one `key=value` pair as pandoc reads it (see `with_pairs`).
    pub fn push_pair(&mut self, key: &str, value: &str) {
        *self = std::mem::take(self).with_pairs([(key, value)]);
    }

    /// The value of a key-value pair.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        /// `attr.id` is the anchor (written `{#id}` or made from the text);
        /// the class `unnumbered` keeps it out of section numbering.
        #[serde(default)]
        attr: Attr,
        content: Vec<Inline>,
        pos: Pos,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    /// pandoc's implicit figure: an image with alt text alone in its
    /// paragraph (`content`: the image, or a link around it). Its alt text
    /// is its caption (`figure_caption`).
    Figure {
        content: Vec<Inline>,
    },
    List {
        /// `None` for a bullet list, the first number for an ordered one.
        start: Option<u64>,
        /// How an ordered list's items are numbered.
        #[serde(default, skip_serializing_if = "is_default")]
        style: ListStyle,
        /// What surrounds an ordered list's numbers.
        #[serde(default, skip_serializing_if = "is_default")]
        delimiter: Delim,
        tight: bool,
        items: Vec<Item>,
    },
    /// Terms, each with one or more definitions (`Term` then `:   text`).
    DefinitionList {
        items: Vec<Definition>,
    },
    /// Lines whose breaks and leading spaces are kept (`| ` lines):
    /// addresses, verse.
    LineBlock {
        lines: Vec<Vec<Inline>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    /// A code block; `attr` is pandoc's (```` ```{.python .numberLines
    /// startFrom="10"} ````): the language is its first class.
    Code {
        lang: Option<String>,
        #[serde(default, skip_serializing_if = "is_default")]
        attr: Attr,
        text: String,
    },
    /// A table of any kind (pipe, simple, multiline, grid): its rows of
    /// cells, each cell blocks that may span rows and columns, as pandoc's
    /// `Table`.
    Table {
        #[serde(default, skip_serializing_if = "Attr::is_empty")]
        attr: Attr,
        /// `Table: …` or `: …` under or over the table.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
        /// One per column: its alignment and relative width.
        columns: Vec<Column>,
        /// The header rows (none for a table without a header).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        head: Vec<Row>,
        body: Vec<Row>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        foot: Vec<Row>,
        pos: Pos,
    },
    /// A fenced div (`::: {.class #id}` … `:::`): blocks with attributes.
    Div {
        attr: Attr,
        blocks: Vec<Block>,
    },
    /// The next block starts a new page (print); a `<div class="page-break">`
    /// on screen, a form feed in text.
    PageBreak,
    Rule,
    /// Raw markup written in the source for one format only (`html`: raw
    /// HTML, sanitised as every writer does; other formats are dropped by
    /// the reader, since no writer speaks them).
    Raw {
        format: String,
        text: String,
    },
}

/// One term of a definition list and its definitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub term: Vec<Inline>,
    pub definitions: Vec<Vec<Block>>,
    /// No blank line between the term and its definitions: they are plain
    /// text, not paragraphs (pandoc's `Plain`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tight: bool,
}

/// One list item: its task state (`Some(done)` for a task list item) and its blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

/// One citation of a `Cite` (`@key`, `[see @key, p. 3]`), as pandoc's
/// `Citation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The key, without `@`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suffix: Vec<Inline>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub mode: CitationMode,
}

/// How a citation is set: `[@key]`, `@key` in the text, `[-@key]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationMode {
    #[default]
    Normal,
    AuthorInText,
    SuppressAuthor,
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
    /// `[text]{.underline}`
    Underline {
        content: Vec<Inline>,
    },
    /// `[text]{.smallcaps}`
    SmallCaps {
        content: Vec<Inline>,
    },
    /// `[text]{.mark}`: highlighted.
    Mark {
        content: Vec<Inline>,
    },
    /// `^text^`
    Superscript {
        content: Vec<Inline>,
    },
    /// `~text~`
    Subscript {
        content: Vec<Inline>,
    },
    /// A bracketed span, `[text]{#id .class key="value"}`.
    Span {
        attr: Attr,
        content: Vec<Inline>,
    },
    /// `` `code` ``, with pandoc's `{.class}` after it.
    Code {
        #[serde(default, skip_serializing_if = "Attr::is_empty")]
        attr: Attr,
        text: String,
    },
    Link {
        #[serde(default, skip_serializing_if = "Attr::is_empty")]
        attr: Attr,
        url: String,
        title: String,
        content: Vec<Inline>,
        pos: Pos,
    },
    /// `![alt](url "title"){width=50%}`: `width` and `height` in `attr`.
    Image {
        #[serde(default, skip_serializing_if = "Attr::is_empty")]
        attr: Attr,
        url: String,
        title: String,
        alt: Vec<Inline>,
        pos: Pos,
    },
    /// TeX math, `$…$` (inline) or `$$…$$` (display), as its source.
    Math {
        display: bool,
        tex: String,
        pos: Pos,
    },
    /// Citations (`[@key, p. 3]`, `@key`); `content` is the text as
    /// written, what is set when no bibliography formats it.
    Cite {
        citations: Vec<Citation>,
        content: Vec<Inline>,
    },
    NoteRef {
        index: usize,
    },
    SoftBreak,
    LineBreak,
    /// Raw inline markup for one format (`html`; see `Block::Raw`).
    Raw {
        format: String,
        text: String,
    },
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into() }
    }

    /// Raw HTML, as the source wrote it.
    pub fn html(text: impl Into<String>) -> Inline {
        Inline::Raw {
            format: "html".to_owned(),
            text: text.into(),
        }
    }

    /// The inlines inside this one (emphasis, spans, a link's text, an
    /// image's alt text); none for leaves.
    pub fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Underline { content }
            | Inline::SmallCaps { content }
            | Inline::Mark { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Span { content, .. }
            | Inline::Cite { content, .. }
            | Inline::Link { content, .. } => Some(content),
            Inline::Image { alt, .. } => Some(alt),
            Inline::Text { .. }
            | Inline::Math { .. }
            | Inline::Code { .. }
            | Inline::NoteRef { .. }
            | Inline::SoftBreak
            | Inline::LineBreak
            | Inline::Raw { .. } => None,
        }
    }

    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Underline { content }
            | Inline::SmallCaps { content }
            | Inline::Mark { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Span { content, .. }
            | Inline::Cite { content, .. }
            | Inline::Link { content, .. } => Some(content),
            Inline::Image { alt, .. } => Some(alt),
            Inline::Text { .. }
            | Inline::Math { .. }
            | Inline::Code { .. }
            | Inline::NoteRef { .. }
            | Inline::SoftBreak
            | Inline::LineBreak
            | Inline::Raw { .. } => None,
        }
    }
}

impl Block {
    /// The lists of inlines directly in this block (a paragraph's, a
    /// heading's, a table's caption, a definition list's terms, a line
    /// block's lines), not those of blocks nested in it.
    pub fn inline_lists_mut(&mut self) -> Vec<&mut Vec<Inline>> {
        match self {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::Figure { content } => vec![content],
            Block::Table { caption, .. } => vec![caption],
            Block::DefinitionList { items } => items.iter_mut().map(|i| &mut i.term).collect(),
            Block::LineBlock { lines } => lines.iter_mut().collect(),
            Block::List { .. }
            | Block::Quote { .. }
            | Block::Code { .. }
            | Block::Div { .. }
            | Block::PageBreak
            | Block::Rule
            | Block::Raw { .. } => Vec::new(),
        }
    }

    /// Raw HTML, as the source wrote it.
    pub fn html(text: impl Into<String>) -> Block {
        Block::Raw {
            format: "html".to_owned(),
            text: text.into(),
        }
    }
}

/// A figure's caption: the alt text of the image it holds.
pub fn figure_caption(content: &[Inline]) -> &[Inline] {
    content
        .iter()
        .find_map(|inline| match inline {
            Inline::Image { alt, .. } => Some(alt.as_slice()),
            Inline::Link { content, .. } => Some(figure_caption(content)),
            _ => None,
        })
        .unwrap_or(&[])
}

/// Whether a paragraph is an implicit figure (pandoc's `implicit_figures`):
/// one image with alt text, and nothing else but space. A linked image is
/// not one (pandoc 3 keeps `[![alt](img)](url)` in its paragraph).
pub fn is_implicit_figure(content: &[Inline]) -> bool {
    let mut images = content.iter().filter(|inline| match inline {
        Inline::Text { text } => !text.trim().is_empty(),
        Inline::SoftBreak => false,
        _ => true,
    });
    let lone_image = |inline: &Inline| match inline {
        Inline::Image { alt, .. } => !plain_text(alt).trim().is_empty(),
        _ => false,
    };
    matches!((images.next(), images.next()), (Some(image), None) if lone_image(image))
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
            Inline::Text { text } | Inline::Code { text, .. } => out.push_str(text),
            Inline::Math { tex, .. } => out.push_str(tex),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            other => {
                if let Some(children) = other.children() {
                    push_plain_text(children, out)
                }
            }
        }
    }
}

impl Document {
    /// Whether the source wrote raw HTML anywhere (blocks, inlines, notes).
    pub fn has_raw_html(&self) -> bool {
        let mut found = false;
        walk(self, &mut |node| {
            found |= matches!(
                node,
                Node::Block(Block::Raw { format, .. }) | Node::Inline(Inline::Raw { format, .. })
                    if format == "html"
            )
        });
        found
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
    // Every letter a capital: a script without case (Arabic, Hebrew, CJK,
    // Thai) has none, so its words are never taken for capitals.
    stem.len() >= 2 && stem.iter().all(|c| c.is_uppercase())
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
                level,
                attr,
                content,
                ..
            } => Some(TocEntry {
                level: *level,
                id: attr.id.clone(),
                text: plain_text(content),
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;

//! Tables: columns, rows and cells that span, as pandoc's `Table`.

use super::{walk_blocks, Attr, Block, Inline, Node};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

impl Align {
    fn none() -> Align {
        Align::None
    }

    fn is_none(&self) -> bool {
        *self == Align::None
    }
}

/// A table's column: how its cells align, and its share of the table's
/// width where the source gives one (multiline and grid tables, pipe
/// tables with long rows), as pandoc's `ColSpec`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub align: Align,
    /// A fraction of the text width (`0.25`); `None`: sized by content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
}

/// One row of a table.
pub type Row = Vec<Cell>;

/// One cell of a table: blocks (a pipe table's cell is one paragraph),
/// spanning `row_span` rows and `col_span` columns (grid tables).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    #[serde(default, skip_serializing_if = "Attr::is_empty")]
    pub attr: Attr,
    /// Over the column's alignment where not `None`.
    #[serde(default = "Align::none", skip_serializing_if = "Align::is_none")]
    pub align: Align,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub row_span: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub col_span: u32,
    pub blocks: Vec<Block>,
}

impl Cell {
    /// A cell of one paragraph, spanning one row and one column.
    pub fn plain(content: Vec<Inline>) -> Cell {
        Cell {
            attr: Attr::default(),
            align: Align::None,
            row_span: 1,
            col_span: 1,
            blocks: if content.is_empty() {
                Vec::new()
            } else {
                vec![Block::Paragraph { content }]
            },
        }
    }

    /// The cell's text as inlines, for writers that set a cell as one
    /// paragraph: paragraphs joined by line breaks, other blocks by their
    /// plain text.
    pub fn inlines(&self) -> std::borrow::Cow<'_, [Inline]> {
        match self.blocks.as_slice() {
            [] => std::borrow::Cow::Borrowed(&[]),
            [Block::Paragraph { content }] => std::borrow::Cow::Borrowed(content),
            blocks => {
                let mut out = Vec::new();
                for block in blocks {
                    if !out.is_empty() {
                        out.push(Inline::LineBreak);
                    }
                    match block {
                        Block::Paragraph { content } | Block::Heading { content, .. } => {
                            out.extend(content.iter().cloned())
                        }
                        // A list keeps its markers, an item a line.
                        Block::List { start, items, .. } => {
                            for (n, item) in items.iter().enumerate() {
                                if n > 0 {
                                    out.push(Inline::LineBreak);
                                }
                                let marker = match start {
                                    Some(first) => format!("{}. ", first + n as u64),
                                    None => "• ".to_owned(),
                                };
                                let text: Vec<String> =
                                    item.blocks.iter().map(block_plain_text).collect();
                                out.push(Inline::text(marker + &text.join(" ")));
                            }
                        }
                        other => out.push(Inline::text(block_plain_text(other))),
                    }
                }
                std::borrow::Cow::Owned(out)
            }
        }
    }
}

fn one() -> u32 {
    1
}

fn is_one(value: &u32) -> bool {
    *value == 1
}

/// The plain text of a block and the blocks inside it, lines joined by
/// spaces: what a cell or a caption says when it can only be text.
pub fn block_plain_text(block: &Block) -> String {
    let mut out = String::new();
    walk_blocks(std::slice::from_ref(block), &mut |node| match node {
        Node::Inline(Inline::Text { text }) | Node::Inline(Inline::Code { text, .. }) => {
            out.push_str(text)
        }
        Node::Inline(Inline::Math { tex, .. }) => out.push_str(tex),
        Node::Inline(Inline::SoftBreak | Inline::LineBreak) => out.push(' '),
        Node::Block(Block::Code { text, .. }) => out.push_str(text),
        Node::Block(_) if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
        _ => {}
    });
    out.trim().to_owned()
}

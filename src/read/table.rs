//! A table lifted from the lines (pandoc's four grammars) into the tree:
//! each cell's Markdown read as the document is, the caption's as inlines.

use super::pandoc::parse_attr;
use super::pandoc::tables::{SourceCell, SourceTable};
use super::{read, Attr, Block, Inline, Pos, Reader, TableCell as Cell};

impl Reader {
    pub(super) fn lifted_table(&self, table: &SourceTable) -> Block {
        let cells_are_blocks = table.kind.cells_are_blocks();
        // What the caption's positions count from.
        let line = table.first_line as u32 + self.line_offset;
        if let Some((first, last)) = table.dropped {
            self.warnings.borrow_mut().push((
                Pos {
                    line: first as u32 + 1 + self.line_offset,
                    column: 1,
                },
                format!(
                    "{} line(s) under the grid table's last border are left out, as pandoc leaves them: close the table with a `+---+` border, or put a blank line before them",
                    last + 1 - first
                ),
            ));
        }
        let row = |cells: &Vec<SourceCell>| -> Vec<Cell> {
            cells
                .iter()
                .map(|cell| Cell {
                    attr: Attr::default(),
                    align: cell.align.unwrap_or(super::Align::None),
                    row_span: cell.row_span,
                    col_span: cell.col_span,
                    blocks: self.cell_blocks(
                        &cell.text,
                        cells_are_blocks,
                        cell.line as u32 + self.line_offset,
                    ),
                })
                .collect()
        };
        let caption = table
            .caption
            .as_deref()
            .map(|text| self.inline_markdown(text, line))
            .unwrap_or_default();
        let attr = table
            .caption_attr
            .as_deref()
            .and_then(|text| parse_attr(text.trim()))
            .map(|(attr, _)| attr)
            .unwrap_or_default();
        Block::Table {
            attr,
            caption,
            columns: table.columns.clone(),
            head: table.head.iter().map(row).collect(),
            body: table.body.iter().map(row).collect(),
            foot: table.foot.iter().map(row).collect(),
            pos: Pos {
                line: table.first_line as u32 + 1 + self.line_offset,
                column: 1,
            },
        }
    }

    /// A cell's blocks: a grid table's cell holds any blocks; the others
    /// hold one paragraph of inlines, as pandoc reads them (`- a` in a
    /// simple table's cell is text, not a list).
    fn cell_blocks(&self, text: &str, blocks: bool, line: u32) -> Vec<Block> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        if blocks {
            return self.nested_markdown(text, line);
        }
        let content = self.inline_markdown(text, line);
        if content.is_empty() {
            Vec::new()
        } else {
            vec![Block::Paragraph { content }]
        }
    }

    /// Markdown inside a table, read as the document is (tables in tables
    /// are bounded by `read`'s own depth).
    fn nested_markdown(&self, text: &str, line: u32) -> Vec<Block> {
        let mut body = read(text, line, self.dialect);
        // What the cell's reading found, where it is; a message the
        // document has given already (a TeX command's) is not repeated.
        let mut warnings = self.warnings.borrow_mut();
        for (pos, message) in body.warnings.drain(..) {
            if !warnings.iter().any(|(_, said)| *said == message) {
                warnings.push((pos, message));
            }
        }
        drop(warnings);
        // The cell's own notes (`^[…]`) join the document's, after those
        // defined in it; a `[^label]` the cell could not resolve is
        // resolved against the document's labels when it is read.
        let mut extra = self.cell_notes.borrow_mut();
        let offset = self.note_labels.len() + extra.len();
        if !body.notes.is_empty() {
            crate::doc::walk_blocks_mut(&mut body.blocks, &mut |nodes| {
                if let crate::doc::NodesMut::Inlines(inlines) = nodes {
                    for inline in inlines.iter_mut() {
                        if let Inline::NoteRef { index } = inline {
                            *index += offset;
                        }
                    }
                }
            });
            extra.extend(body.notes);
        }
        body.blocks
    }

    /// Markdown read as one paragraph of inlines (a caption, a simple
    /// table's cell): the paragraphs it makes joined, anything else as its
    /// text.
    fn inline_markdown(&self, text: &str, line: u32) -> Vec<Inline> {
        let blocks = self.nested_markdown(text, line);
        match blocks.as_slice() {
            // An image alone is a figure in a paragraph of its own, but
            // plain inlines in a cell or a caption.
            [Block::Paragraph { content }] | [Block::Figure { content }] => content.clone(),
            [] => Vec::new(),
            _ => vec![Inline::text(text.replace('\n', " "))],
        }
    }
}

/// `[^label]` left as text where it was read apart from the definitions
/// (a table's cell): a reference to the document's note of that label.
pub(super) fn resolve_note_labels(blocks: &mut Vec<Block>, labels: &[String]) {
    crate::doc::walk_blocks_mut(blocks, &mut |nodes| {
        let crate::doc::NodesMut::Inlines(inlines) = nodes else {
            return;
        };
        if !inlines
            .iter()
            .any(|i| matches!(i, Inline::Text { text } if text.contains("[^")))
        {
            return;
        }
        let mut out = Vec::with_capacity(inlines.len());
        for inline in inlines.drain(..) {
            let Inline::Text { text } = inline else {
                out.push(inline);
                continue;
            };
            let mut rest = text.as_str();
            while let Some(at) = rest.find("[^") {
                let found = rest[at + 2..].find(']').and_then(|end| {
                    let label = rest[at + 2..at + 2 + end].to_lowercase();
                    labels.iter().position(|l| *l == label).map(|i| (i, end))
                });
                let Some((index, end)) = found else {
                    out.push(Inline::text(&rest[..at + 2]));
                    rest = &rest[at + 2..];
                    continue;
                };
                if at > 0 {
                    out.push(Inline::text(&rest[..at]));
                }
                out.push(Inline::NoteRef { index });
                rest = &rest[at + 2 + end + 1..];
            }
            if !rest.is_empty() {
                out.push(Inline::text(rest));
            }
        }
        // Texts split and pushed apart are joined again.
        *inlines = super::pandoc::join_texts(out);
    });
}

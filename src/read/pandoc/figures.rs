//! pandoc's `implicit_figures`: a paragraph holding one image with alt text
//! and nothing else is a figure. Where pandoc reads plain text rather than
//! paragraphs (a tight list's items; the cells of pipe, simple and
//! multiline tables) an image alone stays an image. A grid table's cell is
//! read as a document of its own (`read::table`), which makes its own
//! figures, so tables are not entered here.

use crate::doc::{is_implicit_figure, Block};

/// Makes the figures in `blocks` and in the blocks they hold.
pub fn implicit_figures(blocks: &mut [Block]) {
    pass(blocks, true);
}

/// `paragraphs`: whether a paragraph directly in `blocks` may be a figure
/// (false for a tight list's items, pandoc's `Plain`).
fn pass(blocks: &mut [Block], paragraphs: bool) {
    for block in blocks {
        match block {
            Block::Paragraph { content } if paragraphs && is_implicit_figure(content) => {
                *block = Block::Figure {
                    content: std::mem::take(content),
                };
            }
            Block::List { tight, items, .. } => {
                for item in items {
                    pass(&mut item.blocks, !*tight);
                }
            }
            // pandoc's definitions hold paragraphs, tight or loose.
            Block::DefinitionList { items } => {
                for definition in items.iter_mut().flat_map(|i| &mut i.definitions) {
                    pass(definition, true);
                }
            }
            Block::Quote { blocks } | Block::Div { blocks, .. } => pass(blocks, true),
            _ => {}
        }
    }
}

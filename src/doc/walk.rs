//! One visitor for the tree, as pandoc's `Text.Pandoc.Walk`: `walk` to read
//! every node in reading order, `walk_mut` to rewrite lists of nodes.

use super::{Block, Document, Inline};

/// A node of the tree, as `walk` shows it.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
}

/// A list of nodes, as `walk_mut` hands it over: a pass may change, insert
/// or remove elements (pandoc's `Walk` over `[Block]` and `[Inline]`).
pub enum NodesMut<'a> {
    Blocks(&'a mut Vec<Block>),
    Inlines(&'a mut Vec<Inline>),
}

/// Calls `visit` on every block and inline of the document in reading
/// order (a node before its children): the body, then the footnotes.
pub fn walk<'a>(doc: &'a Document, visit: &mut dyn FnMut(Node<'a>)) {
    walk_blocks(&doc.blocks, visit);
    for note in &doc.notes {
        walk_blocks(&note.blocks, visit);
    }
}

/// `walk` over some blocks.
pub fn walk_blocks<'a>(blocks: &'a [Block], visit: &mut dyn FnMut(Node<'a>)) {
    for block in blocks {
        visit(Node::Block(block));
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::Figure { content } => walk_inlines(content, visit),
            Block::List { items, .. } => {
                for item in items {
                    walk_blocks(&item.blocks, visit);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    walk_inlines(&item.term, visit);
                    for definition in &item.definitions {
                        walk_blocks(definition, visit);
                    }
                }
            }
            Block::LineBlock { lines } => {
                for line in lines {
                    walk_inlines(line, visit);
                }
            }
            Block::Quote { blocks } | Block::Div { blocks, .. } => walk_blocks(blocks, visit),
            Block::Table {
                caption,
                head,
                body,
                foot,
                ..
            } => {
                walk_inlines(caption, visit);
                for cell in head.iter().chain(body).chain(foot).flatten() {
                    walk_blocks(&cell.blocks, visit);
                }
            }
            Block::Code { .. } | Block::Rule | Block::PageBreak | Block::Raw { .. } => {}
        }
    }
}

fn walk_inlines<'a>(inlines: &'a [Inline], visit: &mut dyn FnMut(Node<'a>)) {
    for inline in inlines {
        visit(Node::Inline(inline));
        if let Some(children) = inline.children() {
            walk_inlines(children, visit);
        }
    }
}

/// Calls `visit` on every list of blocks and of inlines in the document,
/// a list before the lists inside its elements, the footnotes last. What
/// `visit` leaves in a list is what is walked into.
pub fn walk_mut(doc: &mut Document, visit: &mut dyn FnMut(NodesMut<'_>)) {
    walk_blocks_mut(&mut doc.blocks, visit);
    for note in &mut doc.notes {
        walk_blocks_mut(&mut note.blocks, visit);
    }
}

/// `walk_mut` over some blocks (the list itself included).
pub fn walk_blocks_mut(blocks: &mut Vec<Block>, visit: &mut dyn FnMut(NodesMut<'_>)) {
    visit(NodesMut::Blocks(blocks));
    for block in blocks.iter_mut() {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::Figure { content } => walk_inlines_mut(content, visit),
            Block::List { items, .. } => {
                for item in items {
                    walk_blocks_mut(&mut item.blocks, visit);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    walk_inlines_mut(&mut item.term, visit);
                    for definition in &mut item.definitions {
                        walk_blocks_mut(definition, visit);
                    }
                }
            }
            Block::LineBlock { lines } => {
                for line in lines {
                    walk_inlines_mut(line, visit);
                }
            }
            Block::Quote { blocks } | Block::Div { blocks, .. } => walk_blocks_mut(blocks, visit),
            Block::Table {
                caption,
                head,
                body,
                foot,
                ..
            } => {
                walk_inlines_mut(caption, visit);
                for cell in head.iter_mut().chain(body).chain(foot).flatten() {
                    walk_blocks_mut(&mut cell.blocks, visit);
                }
            }
            Block::Code { .. } | Block::Rule | Block::PageBreak | Block::Raw { .. } => {}
        }
    }
}

fn walk_inlines_mut(inlines: &mut Vec<Inline>, visit: &mut dyn FnMut(NodesMut<'_>)) {
    visit(NodesMut::Inlines(inlines));
    for inline in inlines.iter_mut() {
        if let Some(children) = inline.children_mut() {
            walk_inlines_mut(children, visit);
        }
    }
}

/// Calls `visit` on every inline of the document in reading order: blocks,
/// nested lists, quotes and tables, then the footnotes; inside emphasis,
/// links and image alt text too.
pub fn for_each_inline<'a>(doc: &'a Document, visit: &mut dyn FnMut(&'a Inline)) {
    walk(doc, &mut |node| {
        if let Node::Inline(inline) = node {
            visit(inline)
        }
    });
}

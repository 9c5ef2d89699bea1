//! Passes over the tree, one file each. Every pass reports what it changed
//! as diagnostics pointing into the source.

pub mod headings;
pub mod links;

use crate::diag::Diagnostic;
use crate::doc::{Block, Document, Inline};

/// What the passes need to know about where the document came from.
pub struct Context<'a> {
    /// The source's name for diagnostics.
    pub file: &'a str,
    /// The whole source text, to show the offending line.
    pub text: &'a str,
    /// The site that site-relative links point into.
    pub base_url: Option<&'a str>,
}

/// Runs every pass in order.
pub fn run(doc: &mut Document, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    diagnostics.extend(headings::drop_empty(doc, context));
    headings::assign_ids(doc);
    diagnostics.extend(links::resolve(doc, context));
    diagnostics
}

/// Calls `visit` on every inline list of the document, notes included,
/// depth first in document order.
pub fn for_each_inlines(doc: &mut Document, visit: &mut dyn FnMut(&mut Vec<Inline>)) {
    for block in &mut doc.blocks {
        block_inlines(block, visit);
    }
    for note in &mut doc.notes {
        for block in &mut note.blocks {
            block_inlines(block, visit);
        }
    }
}

fn block_inlines(block: &mut Block, visit: &mut dyn FnMut(&mut Vec<Inline>)) {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content } => {
            nested_inlines(content, visit)
        }
        Block::List { items, .. } => {
            for item in items {
                for block in &mut item.blocks {
                    block_inlines(block, visit);
                }
            }
        }
        Block::Quote { blocks } => {
            for block in blocks {
                block_inlines(block, visit);
            }
        }
        Block::Table { head, rows, .. } => {
            for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                nested_inlines(cell, visit);
            }
        }
        Block::Code { .. } | Block::Rule | Block::Html { .. } => {}
    }
}

fn nested_inlines(inlines: &mut Vec<Inline>, visit: &mut dyn FnMut(&mut Vec<Inline>)) {
    visit(inlines);
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => nested_inlines(content, visit),
            Inline::Image { alt, .. } => nested_inlines(alt, visit),
            _ => {}
        }
    }
}

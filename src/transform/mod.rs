//! Passes over the tree, one file each. Every pass reports what it changed
//! as diagnostics pointing into the source.

pub mod controls;
pub mod equations;
pub mod headings;
pub mod links;
pub mod quotes;

use crate::diag::Diagnostic;
use crate::doc::{walk_mut, Document, Inline, NodesMut};

/// What the passes need to know about where the document came from.
pub struct Context<'a> {
    /// The source's name for diagnostics.
    pub file: &'a str,
    /// The whole source text, to show the offending line.
    pub text: &'a str,
    /// The site that site-relative links point into.
    pub base_url: Option<&'a str>,
    /// How headings' ids are made, as the source's dialect makes them.
    pub identifiers: headings::Identifiers,
}

/// Runs every pass in order.
pub fn run(doc: &mut Document, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // First, so that ids and every later pass see only text.
    diagnostics.extend(controls::clean(doc, context));
    diagnostics.extend(headings::drop_empty(doc, context));
    diagnostics.extend(headings::skipped_levels(doc, context));
    headings::assign_ids(doc, context.identifiers);
    headings::link_implicit_references(doc);
    headings::number_sections(doc);
    diagnostics.extend(links::resolve(doc, context));
    quotes::localise(doc);
    equations::resolve_references(doc);
    diagnostics
}

/// Calls `visit` on every inline list of the document, notes included,
/// depth first in document order.
pub fn for_each_inlines(doc: &mut Document, visit: &mut dyn FnMut(&mut Vec<Inline>)) {
    walk_mut(doc, &mut |nodes| {
        if let NodesMut::Inlines(inlines) = nodes {
            visit(inlines)
        }
    });
}

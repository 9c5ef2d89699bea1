//! comrak's options for the dialect, and its attributes and alignments as
//! the tree's.

use super::{Align, Attr, Dialect, Extension};
use comrak::nodes::{AstNode, TableAlignment};
use comrak::Options;

/// comrak's options for the extensions it parses itself.
pub(super) fn options(dialect: Dialect) -> Options<'static> {
    let mut options = Options::default();
    options.parse.sourcepos_chars = true;
    let has = |extension| dialect.has(extension);
    options.extension.table = has(Extension::PipeTables);
    options.extension.strikethrough = has(Extension::Strikeout);
    options.extension.autolink = has(Extension::AutolinkBareUris);
    options.extension.tasklist = has(Extension::TaskLists);
    options.extension.footnotes = has(Extension::Footnotes) || has(Extension::InlineNotes);
    options.extension.inline_footnotes = has(Extension::InlineNotes);
    options.parse.smart = has(Extension::Smart);
    // An escaped character is a node of its own, so raw TeX is told from
    // an escaped backslash (`\\newpage` is text).
    options.parse.escaped_char_spans = has(Extension::RawTex);
    options.extension.superscript = has(Extension::Superscript);
    options.extension.subscript = has(Extension::Subscript);
    options.extension.description_lists = has(Extension::DefinitionLists);
    options.extension.block_directive = has(Extension::FencedDivs);
    options.extension.header_attributes = has(Extension::HeaderAttributes);
    options.extension.inline_code_attributes = has(Extension::InlineCodeAttributes);
    options.extension.link_attributes = has(Extension::LinkAttributes);
    options.extension.alerts = has(Extension::Alerts);
    // pandoc's `tex_math_dollars`: comrak follows its rules (no space
    // inside a single `$`, no digit after the closing one: `$22,000`
    // stays text); `\(…\)` is `tex_math_single_backslash`.
    options.extension.math_dollars = has(Extension::TexMathDollars);
    options.extension.math_latex = has(Extension::TexMathSingleBackslash);
    options
}

/// comrak's attributes as pandoc reads them: `id=` and `class=` written as
/// pairs are the identifier and classes, and a key given twice keeps its
/// first value.
pub(super) fn attr(attrs: &comrak::nodes::Attributes) -> Attr {
    Attr {
        id: attrs.id.clone().unwrap_or_default(),
        classes: attrs.classes.clone(),
        pairs: Vec::new(),
    }
    .with_pairs(attrs.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

pub(super) fn node_attr(node: &AstNode<'_>) -> Attr {
    node.data().attrs.as_deref().map(attr).unwrap_or_default()
}

pub(super) fn align(alignment: TableAlignment) -> Align {
    match alignment {
        TableAlignment::None => Align::None,
        TableAlignment::Left => Align::Left,
        TableAlignment::Center => Align::Center,
        TableAlignment::Right => Align::Right,
    }
}

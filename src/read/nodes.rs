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

/// pandoc's `\` at the very end of a paragraph or heading: a line break
/// (CommonMark keeps it as a backslash, since no line follows it in the
/// block). `node`'s last child must be text whose last character is a
/// backslash as typed, not an escaped one (`\\`): the text then spans as
/// many characters of its line as it holds.
pub(super) fn end_break(node: &AstNode<'_>, content: &mut Vec<crate::doc::Inline>) {
    use crate::doc::Inline;
    use comrak::nodes::NodeValue;
    let Some(last) = node.last_child() else {
        return;
    };
    let data = last.data();
    let NodeValue::Text(text) = &data.value else {
        return;
    };
    let span = data.sourcepos.end.column + 1
        - data
            .sourcepos
            .start
            .column
            .min(data.sourcepos.end.column + 1);
    let typed =
        data.sourcepos.start.line == data.sourcepos.end.line && text.chars().count() == span;
    if !typed || !text.ends_with('\\') {
        return;
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        if text.ends_with('\\') {
            text.pop();
            let kept = text.trim_end().len();
            text.truncate(kept);
            if text.is_empty() {
                content.pop();
            }
            content.push(Inline::LineBreak);
        }
    }
}

/// The strong text inside `***text***`, which pandoc reads as strong
/// emphasis around emphasis (comrak: emphasis around strong): an emphasis
/// whose one child is strong, their delimiters one run on each side.
pub(super) fn triple_run<'a>(emph: &'a AstNode<'a>) -> Option<&'a AstNode<'a>> {
    use comrak::nodes::NodeValue;
    let strong = emph.first_child()?;
    if strong.next_sibling().is_some() || !matches!(strong.data().value, NodeValue::Strong) {
        return None;
    }
    let (outer, inner) = (emph.data().sourcepos, strong.data().sourcepos);
    let adjacent = inner.start.line == outer.start.line
        && inner.start.column == outer.start.column + 1
        && inner.end.line == outer.end.line
        && inner.end.column + 1 == outer.end.column;
    adjacent.then_some(strong)
}

/// Whether a superscript's or subscript's text has a space that is not
/// escaped (`a^b c^d`, a line break): pandoc's are one word (`H~many\ of~O`),
/// else its markers are text.
pub(super) fn has_unescaped_space<'a>(script: &'a AstNode<'a>) -> bool {
    use comrak::nodes::NodeValue;
    script.children().any(|child| match &child.data().value {
        NodeValue::Text(text) => {
            let mut previous = ' ';
            text.chars().any(|c| {
                let space = c.is_whitespace() && previous != '\\';
                previous = c;
                space
            }) || text.starts_with(char::is_whitespace)
        }
        NodeValue::SoftBreak | NodeValue::LineBreak => true,
        _ => false,
    })
}

/// pandoc's escaped space, `\ `: a space no line breaks at. Only where the
/// backslash is one as typed, not an escaped one (`\\ `): either comrak
/// keeps escapes as nodes of their own, or the text spans as many
/// characters of its line as it holds.
pub(super) fn escaped_spaces(
    node: &AstNode<'_>,
    escapes_apart: bool,
    inlines: &mut [crate::doc::Inline],
) {
    let data = node.data();
    let typed = escapes_apart || {
        let pos = data.sourcepos;
        pos.start.line == pos.end.line
            && matches!(&data.value, comrak::nodes::NodeValue::Text(text)
                if text.chars().count() + pos.start.column == pos.end.column + 1)
    };
    if !typed {
        return;
    }
    for inline in inlines {
        if let crate::doc::Inline::Text { text } = inline {
            if text.contains("\\ ") {
                *text = text.replace("\\ ", "\u{a0}");
            }
        }
    }
}

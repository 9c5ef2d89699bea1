//! An element's attributes from the tree's `Attr`: only what is valid HTML.

use super::escape;
use crate::doc::Attr;
use std::fmt::Write;

/// `attr` as HTML attributes (` id="…" class="…" data-key="…"`), as pandoc
/// writes them: a key that is not an HTML attribute gets `data-`. `style`
/// is written as `style`, as pandoc writes it: CSS is not script, and
/// where raw HTML is sanitised the author's styles are too (see
/// `has_author_style` and `write::sanitize`).
pub fn attributes(attr: &Attr) -> String {
    attributes_with(attr, &[])
}

/// A link's attributes: where it opens and how it relates are a link's
/// own HTML attributes (`{target="_blank" rel="noopener"}`).
pub(super) fn link_attributes(attr: &Attr) -> String {
    attributes_with(attr, &["target", "rel", "hreflang", "download", "type"])
}

/// `attr` as HTML attributes, with `own` the element's own attributes
/// besides the global ones.
fn attributes_with(attr: &Attr, own: &[&str]) -> String {
    let mut out = String::new();
    if !attr.id.is_empty() {
        let _ = write!(out, " id=\"{}\"", escape(&attr.id));
    }
    if !attr.classes.is_empty() {
        let _ = write!(out, " class=\"{}\"", escape(&attr.classes.join(" ")));
    }
    let mut written: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (key, value) in &attr.pairs {
        let valid = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let key = key.to_ascii_lowercase();
        // An attribute written twice is invalid HTML: the first one stands.
        if !valid || key == "id" || key == "class" || !written.insert(key.clone()) {
            continue;
        }
        let known = matches!(key.as_str(), "lang" | "dir" | "title" | "role" | "style")
            || own.contains(&key.as_str());
        let prefix = if known || key.starts_with("data-") || key.starts_with("aria-") {
            ""
        } else {
            "data-"
        };
        let _ = write!(out, " {prefix}{key}=\"{}\"", escape(value));
    }
    out
}

/// An image's attributes: `width` and `height` as pandoc writes them
/// (a percentage or other unit in `style`, after the image's own `style`;
/// pixels as the HTML attributes), the rest as for any element but `alt`,
/// which is the image's `alt`.
pub(super) fn image_attributes(attr: &Attr) -> String {
    let mut rest = attr.clone();
    rest.pairs
        .retain(|(key, _)| !matches!(key.as_str(), "width" | "height" | "style" | "alt"));
    let mut out = attributes(&rest);
    let mut style = attr.get("style").unwrap_or_default().trim().to_owned();
    let own_style = style.len();
    for key in ["width", "height"] {
        let Some(value) = attr.get(key) else {
            continue;
        };
        let value = value.trim();
        match value.strip_suffix("px").unwrap_or(value).parse::<f64>() {
            Ok(pixels) if pixels >= 0.0 => {
                let _ = write!(out, " {key}=\"{}\"", pixels.round());
            }
            _ if is_css_length(value) => {
                if style.len() == own_style && !style.is_empty() && !style.ends_with(';') {
                    style.push(';');
                }
                let _ = write!(style, "{key}:{value};");
            }
            _ => {}
        }
    }
    if !style.is_empty() {
        let _ = write!(out, " style=\"{}\"", escape(&style));
    }
    out
}

/// A div's attributes: a column's `width` (`::: {.column width="40%"}`,
/// pandoc's slide columns) is its width in `style`, as pandoc writes it.
pub(super) fn div_attributes(attr: &Attr) -> String {
    let width = attr
        .get("width")
        .map(str::trim)
        .filter(|width| attr.has_class("column") && is_css_length(width));
    let Some(width) = width else {
        return attributes(attr);
    };
    let mut rest = attr.clone();
    let mut style = attr.get("style").unwrap_or_default().trim().to_owned();
    rest.pairs
        .retain(|(key, _)| key != "width" && key != "style");
    if !style.is_empty() && !style.ends_with(';') {
        style.push(';');
    }
    let _ = write!(style, "width:{width};");
    rest.pairs.push(("style".to_owned(), style));
    attributes(&rest)
}

/// A code block's `<pre>` attributes: its id, its classes but the language
/// (the `<code>`'s) and the line-numbering ones, which become quire's
/// `number-lines` when its lines are numbered (`start`), and its pairs but
/// `startFrom`.
pub(super) fn code_block_attributes(
    attr: &Attr,
    lang: &Option<String>,
    start: Option<u64>,
) -> String {
    let mut rest = attr.clone();
    rest.classes.retain(|class| {
        Some(class) != lang.as_ref() && !matches!(class.as_str(), "numberLines" | "number-lines")
    });
    if start.is_some() {
        rest.classes.insert(0, "number-lines".to_owned());
    }
    rest.pairs.retain(|(key, _)| key != "startFrom");
    attributes(&rest)
}

/// Whether any element of `doc` has a `style` of the author's
/// (`{style="…"}`): CSS from the source, sanitised as raw HTML is.
pub(super) fn has_author_style(doc: &crate::doc::Document) -> bool {
    use crate::doc::{walk, Block, Inline, Node};
    let mut found = false;
    walk(doc, &mut |node| {
        let attr = match node {
            Node::Block(Block::Div { attr, .. })
            | Node::Block(Block::Heading { attr, .. })
            | Node::Block(Block::Code { attr, .. })
            | Node::Block(Block::Table { attr, .. })
            | Node::Inline(Inline::Span { attr, .. })
            | Node::Inline(Inline::Link { attr, .. })
            | Node::Inline(Inline::Image { attr, .. })
            | Node::Inline(Inline::Code { attr, .. }) => attr,
            _ => return,
        };
        found |= attr.get("style").is_some();
    });
    found
}

/// A number and a CSS unit (`30%`, `2.5in`, `3cm`): nothing else may reach a
/// style attribute.
fn is_css_length(value: &str) -> bool {
    const UNITS: [&str; 8] = ["%", "in", "cm", "mm", "pt", "em", "pc", "px"];
    UNITS.iter().any(|unit| {
        value
            .strip_suffix(unit)
            .is_some_and(|number| number.parse::<f64>().is_ok_and(|n| n >= 0.0))
    })
}

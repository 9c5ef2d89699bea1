//! An element's attributes from the tree's `Attr`: only what is valid HTML.

use super::escape;
use crate::doc::Attr;
use std::fmt::Write;

/// `attr` as HTML attributes (` id="…" class="…" data-key="…"`), as pandoc
/// writes them: a key that is not an HTML attribute gets `data-`.
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
        let known = matches!(key.as_str(), "lang" | "dir" | "title" | "role")
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
/// (a percentage or other unit in `style`, pixels as the HTML attributes),
/// the rest as for any element.
pub(super) fn image_attributes(attr: &Attr) -> String {
    let mut rest = attr.clone();
    rest.pairs
        .retain(|(key, _)| key != "width" && key != "height");
    let mut out = attributes(&rest);
    let mut style = String::new();
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

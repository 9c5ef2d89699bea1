//! The generated cover page: the title and subtitle on the layout's accent
//! colour, in ink that keeps WCAG AA contrast on it.

use crate::doc::Document;
use crate::layout::{Color, Layout};
use crate::write::html::escape;

/// The generated cover: title and subtitle on the layout's accent colour.
pub fn cover(doc: &Document, layout: &Layout, lang: &str) -> String {
    let accent = layout.style.colors.accent;
    // White text needs 4.5:1 against the background (WCAG AA); else near-black.
    let ink = if accent.contrast(Color::hex(0xffffff)) < 4.5 {
        "#111111"
    } else {
        "#ffffff"
    };
    let title = escape(
        doc.meta
            .title
            .as_deref()
            .or(doc.meta.name.as_deref())
            .unwrap_or_default(),
    );
    let subtitle = doc
        .meta
        .subtitle
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            format!(
                "\n    <p class=\"subtitle\" style=\"color: {ink}; opacity: 0.9;\">{}</p>",
                escape(s)
            )
        })
        .unwrap_or_default();
    let lang = escape(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
<head>\n  <meta charset=\"UTF-8\" />\n  <title>{title}</title>\n  <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\" />\n</head>\n\
<body style=\"margin: 0; padding: 0;\">\n  <section epub:type=\"cover\" class=\"quire quire-cover\" aria-label=\"Cover\" \
style=\"background-color: {accent}; color: {ink}; min-height: 95vh; padding: 30% 8% 0; margin: 0; max-width: none;\">\n\
    <h1 class=\"title\" style=\"color: {ink}; font-size: 2.2em;\">{title}</h1>{subtitle}\n  </section>\n</body>\n</html>\n"
    )
}

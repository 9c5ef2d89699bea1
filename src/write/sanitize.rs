//! Raw HTML from a source, made safe for someone else's page (ammonia): no
//! scripts, no event handlers, no `javascript:` URLs, no `<style>`, and a
//! `style=` (raw, or the author's `{style="…"}`) keeps only the properties
//! of the element's own box, so it cannot restyle the host page. The only
//! file that knows ammonia.
//!
//! It runs over the whole rendered body, not over the tree: Markdown splits
//! inline HTML into pieces (`<span onclick=…>`, text, `</span>`), and only
//! the assembled markup can be judged as a browser would parse it.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Tags quire itself writes, beyond ammonia's default safe set.
const EXTRA_TAGS: &[&str] = &[
    "section",
    "nav",
    "header",
    "article",
    "aside",
    "figure",
    "figcaption",
    "input",
    "time",
    "mark",
    "details",
    "summary",
];

/// MathML Core's presentation elements (w3.org/TR/mathml-core), which
/// quire writes for math (write/math/) and a source may write too: they
/// carry no script or URL. `maction`, `mglyph` and `annotation-xml` (the
/// ways back into HTML, or to an image's URL) are not among them.
const MATHML_TAGS: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "mpadded",
    "mphantom",
    "merror",
    "mtable",
    "mtr",
    "mtd",
];

/// MathML Core's attributes, on any of its elements (none is a URL or a
/// script; `style` stays under the fragment's rule below).
const MATHML_ATTRIBUTES: &[&str] = &[
    "xmlns",
    "display",
    "alttext",
    "encoding",
    "mathvariant",
    "mathcolor",
    "mathbackground",
    "mathsize",
    "displaystyle",
    "scriptlevel",
    "form",
    "fence",
    "separator",
    "stretchy",
    "symmetric",
    "largeop",
    "movablelimits",
    "accent",
    "accentunder",
    "lspace",
    "rspace",
    "minsize",
    "maxsize",
    "linethickness",
    "width",
    "height",
    "depth",
    "voffset",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
];

/// Attributes any element may keep: quire's classes, ids (headings,
/// footnotes) and accessibility attributes.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "lang",
    "dir",
    "title",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
    "style",
];

/// The CSS properties a `style` may keep: those that style the element's
/// own box and text. Nothing that takes it out of the flow (`position`,
/// `float`, `z-index`, `transform`, margins that overlap its neighbours)
/// or loads a resource (`background` with a `url()`): a fragment's styles
/// cannot reach the page around it.
const STYLE_PROPERTIES: &[&str] = &[
    "text-align",
    "color",
    "background-color",
    "font-style",
    "font-weight",
    "font-variant",
    "text-decoration",
    "text-transform",
    "vertical-align",
    "white-space",
    "width",
    "height",
    "border",
    "border-color",
    "border-style",
    "border-width",
    "padding",
];

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(EXTRA_TAGS)
            .add_tags(MATHML_TAGS)
            .add_generic_attributes(GENERIC_ATTRIBUTES)
            .add_tag_attributes("input", &["type", "checked", "disabled"])
            .add_tag_attributes("img", &["width", "height", "loading"])
            .add_tag_attributes("ol", &["start", "type"])
            .add_tag_attributes("time", &["datetime"])
            // quire's links carry no rel of their own; keep them as written.
            .link_rel(None)
            // Table cell alignment and image sizes are the styles quire
            // writes itself; the author's keep to the element's own box.
            .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel", "data"]))
            .attribute_filter(|element, attribute, value| {
                let lower = value.trim_start().to_ascii_lowercase();
                match attribute {
                    // `data:` only for images, and only image data.
                    "src" | "href" if lower.starts_with("data:") => {
                        let image = element == "img" && attribute == "src";
                        let kind = ["png", "jpeg", "gif", "webp"]
                            .iter()
                            .any(|k| lower.starts_with(&format!("data:image/{k}")));
                        (image && kind).then_some(value.into())
                    }
                    _ => Some(value.into()),
                }
            });
        for tag in MATHML_TAGS {
            builder.add_tag_attributes(tag, MATHML_ATTRIBUTES);
        }
        builder
    })
}

/// `html` with every unsafe element, attribute and URL removed.
pub fn sanitize(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn scripts_handlers_and_javascript_urls_go() {
        let out = sanitize(
            "<p>a<script>alert(1)</script><img src=x onerror=alert(2)>\
             <a href=\"javascript:alert(3)\">l</a><iframe src=//evil></iframe></p>",
        );
        assert!(!out.contains("script") && !out.contains("onerror"), "{out}");
        assert!(
            !out.contains("javascript") && !out.contains("iframe"),
            "{out}"
        );
    }

    #[test]
    fn styles_cannot_escape_the_fragment() {
        let out = sanitize(
            "<style>body{display:none}</style><div style=\"position:fixed;inset:0\">x</div>\
             <table><tr><td style=\"text-align: right\">1</td></tr></table>",
        );
        assert!(
            !out.contains("display:none") && !out.contains("position"),
            "{out}"
        );
        assert!(out.contains("text-align"), "{out}");
    }

    #[test]
    fn a_style_keeps_its_own_box_only() {
        let out = sanitize(
            "<p><span style=\"color: blue; position: fixed; inset: 0\">a</span>\
             <img src=\"x.png\" alt=\"\" style=\"border: 1px solid black;width:10em;\" />\
             <code style=\"background: url(https://t.example/x)\">c</code></p>",
        );
        assert!(out.contains("style=\"color:blue\""), "{out}");
        assert!(out.contains("border:1px solid black;width:10em"), "{out}");
        assert!(
            !out.contains("position") && !out.contains("inset") && !out.contains("url("),
            "{out}"
        );
    }

    #[test]
    fn quire_markup_survives() {
        let html = "<h2 id=\"a\" class=\"x\">T</h2><p><a href=\"https://python.org\">p</a>\
                    <sup class=\"fn\"><a href=\"#fn-1\" id=\"ref-1\">1</a></sup></p>\
                    <ul><li><input type=\"checkbox\" checked=\"\" disabled=\"\"> done</li></ul>\
                    <figure><img src=\"data:image/png;base64,AAAA\" alt=\"a\"></figure>";
        assert_eq!(sanitize(html), html);
    }

    #[test]
    fn mathml_survives_beside_raw_html() {
        let math = crate::write::math::mathml(r"\frac{1}{n}\sum_{i=1}^{n} x_i", true).unwrap();
        let html = format!("<div><p>{math}</p></div>");
        assert_eq!(sanitize(&html), html);
        // Its way back into HTML is not.
        let out = sanitize("<math><annotation-xml encoding=\"text/html\"><img src=x onerror=alert(1)></annotation-xml></math>");
        assert!(!out.contains("onerror") && !out.contains("<img"), "{out}");
    }

    #[test]
    fn data_urls_only_for_images() {
        let out = sanitize("<a href=\"data:text/html,<script>x</script>\">l</a>");
        assert!(!out.contains("data:"), "{out}");
    }
}

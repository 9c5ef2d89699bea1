//! XML text for the parts: escaping, and the namespaces every part declares.

use std::fmt::Write;

/// WordprocessingML's main namespace (ECMA-376 transitional, as Word writes).
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Relationships from a part to others (`r:id`, `r:embed`).
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
pub const M: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";

/// The declaration every part starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The namespace attributes of a part that holds body content (document,
/// footnotes, headers, footers): what raw `openxml` may use too.
pub fn body_namespaces() -> String {
    format!(
        "xmlns:w=\"{W}\" xmlns:r=\"{R}\" xmlns:wp=\"{WP}\" xmlns:a=\"{A}\" xmlns:pic=\"{PIC}\" xmlns:m=\"{M}\""
    )
}

/// Text escaped for element content and attribute values alike, with the
/// characters XML cannot carry left out: the writers' one escape.
pub use crate::write::escape::escape;

/// `<w:NAME w:val="VALUE"/>`.
pub fn val(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let _ = write!(out, "<w:{name} w:val=\"{value}\"/>");
}

/// Whether `fragment` is well-formed XML in a body part's namespaces (what
/// raw `openxml` must be before it goes into the document).
pub fn is_well_formed(fragment: &str) -> bool {
    let wrapped = format!("<quire-root {}>{fragment}</quire-root>", body_namespaces());
    usvg::roxmltree::Document::parse(&wrapped).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("a < b & \"c\"\u{1}\t"),
            "a &lt; b &amp; &quot;c&quot;\t"
        );
    }

    #[test]
    fn raw_openxml_is_checked() {
        assert!(is_well_formed(
            "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
        ));
        assert!(!is_well_formed("<w:p><w:r></w:p>"));
        assert!(!is_well_formed("<x:p/>"));
    }
}

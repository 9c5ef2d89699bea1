//! `footnotes.xml` (the separators Word requires, then each note) and the
//! settings that point at them.

use super::xml::{body_namespaces, DECLARATION, W};

/// Word's separator and continuation separator notes, ids -1 and 0 (as
/// pandoc and Word write them); the document's notes number from 1.
const SEPARATORS: &str = "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>";

/// The footnotes part: each note's paragraphs, ids from 1.
pub fn footnotes_xml(notes: &[String]) -> String {
    let mut out = format!(
        "{DECLARATION}<w:footnotes {}>{SEPARATORS}",
        body_namespaces()
    );
    for (i, note) in notes.iter().enumerate() {
        out.push_str(&format!(
            "<w:footnote w:id=\"{}\">{note}</w:footnote>",
            i + 1
        ));
    }
    out.push_str("</w:footnotes>");
    out
}

/// `settings.xml`, its elements in the schema's order (17.15.1.78): tab
/// stops, hyphenation as the layout says, the separators, Word 2013+
/// compatibility (no "compatibility mode" banner).
pub fn settings_xml(hyphenate: bool) -> String {
    format!(
        "{DECLARATION}<w:settings xmlns:w=\"{W}\">\
         <w:defaultTabStop w:val=\"720\"/>{}\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         </w:settings>",
        if hyphenate {
            "<w:autoHyphenation/>"
        } else {
            ""
        }
    )
}

//! Escaping for HTML and XHTML: text, attribute values and URLs, and the
//! one decoder of character references.

use std::fmt::Write;

/// HTML's character references back to characters: every named entity of
/// HTML5 (`&nbsp;`, `&eacute;`), decimal and hex (html-escape's table).
pub fn unescape(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// Escapes text for HTML content and attribute values. A character that
/// XML or HTML forbids is left out (the tree should hold none: this is
/// the last guard, so no input makes an invalid EPUB or page).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if !is_markup_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether both XML 1.0 (its `Char` production) and HTML (no controls but
/// ASCII whitespace, no noncharacters) allow `c` in a document: not a
/// control character but tab, line feed and carriage return, not a
/// noncharacter (U+FDD0–U+FDEF, U+FFFE and U+FFFF of each plane).
pub fn is_markup_char(c: char) -> bool {
    let code = c as u32;
    !(matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}')
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE)
}

/// Escapes a URL for an `href`: percent-encodes the ASCII that is not
/// URL-safe (as cmark does), leaves existing `%XX` escapes alone, and
/// keeps other characters as typed (`#Ψ`, `Backus–Naur`), as pandoc
/// writes them: HTML takes them in a URL (the URL standard's code points
/// from U+00A0); those XML or HTML forbid are percent-encoded. cmark
/// percent-encodes every character past ASCII: `ascii_only` does too.
pub fn escape_href(url: &str, ascii_only: bool) -> String {
    const SAFE: &[u8] = b"-_.+!*(),#@?=;:/,+$~";
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        match c {
            c if c.is_ascii_alphanumeric() || (c.is_ascii() && SAFE.contains(&(c as u8))) => {
                out.push(c)
            }
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            '%' if bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit) =>
            {
                out.push('%')
            }
            c if !ascii_only && !c.is_ascii() && c >= '\u{A0}' && is_markup_char(c) => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
    }
    out
}

/// GFM's tag filter: `<script>` and its kin lose their opening `<`.
pub fn tag_filter(html: &str) -> String {
    const FILTERED: &[&str] = &[
        "title",
        "textarea",
        "style",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "script",
        "plaintext",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name_start = after.strip_prefix('/').unwrap_or(after);
        let filtered = FILTERED.iter().any(|tag| {
            name_start.len() >= tag.len()
                && name_start[..tag.len()].eq_ignore_ascii_case(tag)
                && name_start[tag.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
        });
        out.push_str(if filtered { "&lt;" } else { "<" });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_escaped_like_cmark() {
        assert_eq!(
            escape_href("https://a.org/a b?x=1&y='2'", false),
            "https://a.org/a%20b?x=1&amp;y=&#x27;2&#x27;"
        );
        assert_eq!(escape_href("/%41%zz", false), "/%41%25zz");
        // Other characters as typed, as pandoc writes them, but for those
        // a document may not hold.
        assert_eq!(escape_href("#Ψ", false), "#Ψ");
        assert_eq!(escape_href("wiki/Backus–Naur", false), "wiki/Backus–Naur");
        assert_eq!(escape_href("a\u{85}\u{FDD0}", false), "a%C2%85%EF%B7%90");
        assert_eq!(escape_href("ö", true), "%C3%B6");
    }

    #[test]
    fn what_xml_forbids_is_never_written() {
        assert_eq!(
            escape("a\x05b\x0c\x7f\u{92}\u{FDD0}\u{FFFE}\u{10FFFF}\tc\n<"),
            "ab\tc\n&lt;"
        );
        assert_eq!(escape("é ␛ 😀"), "é ␛ 😀");
    }

    #[test]
    fn references_decode() {
        assert_eq!(unescape("&amp;&eacute;&#x41;&nbsp;"), "&éA\u{a0}");
    }

    #[test]
    fn tag_filter_neutralises_only_the_listed_tags() {
        assert_eq!(
            tag_filter("<script>x</script><b>y</b>"),
            "&lt;script>x&lt;/script><b>y</b>"
        );
        assert_eq!(tag_filter("<scripts>"), "<scripts>");
        assert_eq!(tag_filter("<IFRAME src=x>"), "&lt;IFRAME src=x>");
    }
}

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

/// Escapes a URL for an `href`: percent-encodes what is not URL-safe (as
/// cmark does), leaves existing `%XX` escapes alone.
pub fn escape_href(url: &str) -> String {
    const SAFE: &[u8] = b"-_.+!*(),#@?=;:/,+$~";
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b if b.is_ascii_alphanumeric() || SAFE.contains(&b) => out.push(b as char),
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            b'%' if bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit) =>
            {
                out.push_str(&url[i..i + 3]);
                i += 2;
            }
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
        i += 1;
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
            escape_href("https://a.org/a b?x=1&y='2'"),
            "https://a.org/a%20b?x=1&amp;y=&#x27;2&#x27;"
        );
        assert_eq!(escape_href("/%41%zz"), "/%41%25zz");
        assert_eq!(escape_href("ö"), "%C3%B6");
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

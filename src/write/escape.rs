//! Escaping for HTML and XHTML: text, attribute values and URLs, and the
//! one decoder of character references.

use std::fmt::Write;

/// HTML's character references back to characters: every named entity of
/// HTML5 (`&nbsp;`, `&eacute;`), decimal and hex (html-escape's table).
pub fn unescape(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
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
    fn references_decode() {
        assert_eq!(unescape("&amp;&eacute;&#x41;&nbsp;"), "&éA\u{a0}");
    }
}

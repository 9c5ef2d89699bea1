//! One HTML tag as pandoc's Markdown reader classifies it: its name, its
//! attributes, and whether it is a block tag (which ends a paragraph and
//! holds Markdown) or verbatim (its content is raw HTML).

/// pandoc's block-level tag names (its HTML reader's `blockHtmlTags`,
/// `blockDocBookTags` and `epubTags`, pandoc 3.9), sorted for a binary
/// search.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "bibliolist",
    "blockquote",
    "body",
    "calloutlist",
    "canvas",
    "caption",
    "case",
    "caution",
    "center",
    "classsynopsis",
    "cmdsynopsis",
    "col",
    "colgroup",
    "dd",
    "default",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "epigraph",
    "equation",
    "example",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "formalpara",
    "frameset",
    "funcsynopsis",
    "glosslist",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "important",
    "informalequation",
    "informalexample",
    "informalfigure",
    "informaltable",
    "isindex",
    "itemizedlist",
    "li",
    "literallayout",
    "main",
    "mediaobject",
    "menu",
    "meta",
    "msgset",
    "nav",
    "noframes",
    "note",
    "ol",
    "orderedlist",
    "output",
    "p",
    "para",
    "pre",
    "procedure",
    "programlisting",
    "programlistingco",
    "qandaset",
    "screen",
    "screenco",
    "screenshot",
    "script",
    "section",
    "segmentedlist",
    "sidebar",
    "simpara",
    "simplelist",
    "style",
    "summary",
    "switch",
    "synopsis",
    "table",
    "task",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "tip",
    "title",
    "tr",
    "ul",
    "variablelist",
    "warning",
];

/// Tags pandoc reads as a block at the start of one and as inline HTML
/// inside a paragraph (its `eitherBlockOrInline`), sorted.
const EITHER_TAGS: &[&str] = &[
    "applet", "area", "audio", "button", "del", "embed", "iframe", "ins", "map", "noscript",
    "object", "progress", "script", "source", "svg", "track", "video",
];

/// Elements whose content is raw HTML, never Markdown (pandoc's
/// `rawVerbatimBlock`; CommonMark's HTML blocks of type 1 too).
pub const VERBATIM_TAGS: &[&str] = &["pre", "script", "style", "textarea"];

/// Elements that never have content or a closing tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// A tag read at the start of some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The name, lower-cased.
    pub name: String,
    pub closing: bool,
    /// Written `<x/>`, or an element that has no content (`<hr>`).
    pub empty: bool,
    /// Its length in bytes, `<` to `>`.
    pub len: usize,
}

impl Tag {
    /// Starts a block where a block may start.
    pub fn opens_block(&self) -> bool {
        is_block_name(&self.name) || EITHER_TAGS.binary_search(&self.name.as_str()).is_ok()
    }

    /// Ends a paragraph wherever it is (inside one, an either-tag is inline).
    pub fn is_block(&self) -> bool {
        is_block_name(&self.name)
    }

    pub fn is_verbatim(&self) -> bool {
        VERBATIM_TAGS.contains(&self.name.as_str())
    }
}

fn is_block_name(name: &str) -> bool {
    BLOCK_TAGS.binary_search(&name).is_ok()
}

/// `name`, in any case, as one of pandoc's block tag names.
pub fn block_tag(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    BLOCK_TAGS
        .binary_search(&lower.as_str())
        .ok()
        .map(|at| BLOCK_TAGS[at])
}

/// The tag `text` starts with, whole on its line: `<name attr="v">`,
/// `<name/>` or `</name>`. Comments, declarations and processing
/// instructions are not tags here.
pub fn parse(text: &str) -> Option<Tag> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'<') {
        return None;
    }
    let closing = bytes.get(1) == Some(&b'/');
    let mut at = 1 + usize::from(closing);
    let name_start = at;
    if !bytes.get(at)?.is_ascii_alphabetic() {
        return None;
    }
    while bytes
        .get(at)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        at += 1;
    }
    let name = text[name_start..at].to_ascii_lowercase();
    let mut self_closing = false;
    loop {
        let spaces = skip_spaces(bytes, at);
        match bytes.get(spaces)? {
            b'>' => {
                at = spaces + 1;
                break;
            }
            b'/' if !closing && bytes.get(spaces + 1) == Some(&b'>') => {
                self_closing = true;
                at = spaces + 2;
                break;
            }
            _ if closing || spaces == at => return None,
            _ => at = attribute(bytes, spaces)?,
        }
    }
    let empty = self_closing || VOID_TAGS.contains(&name.as_str());
    Some(Tag {
        name,
        closing,
        empty,
        len: at,
    })
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

/// One attribute from `at` (a name, then maybe `=` and a value): where it ends.
fn attribute(bytes: &[u8], mut at: usize) -> Option<usize> {
    let is_name_start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b == b':';
    if !is_name_start(*bytes.get(at)?) {
        return None;
    }
    while bytes
        .get(at)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
    {
        at += 1;
    }
    let equals = skip_spaces(bytes, at);
    if bytes.get(equals) != Some(&b'=') {
        return Some(at);
    }
    let value = skip_spaces(bytes, equals + 1);
    match *bytes.get(value)? {
        quote @ (b'"' | b'\'') => {
            let len = bytes[value + 1..].iter().position(|&b| b == quote)?;
            Some(value + 1 + len + 1)
        }
        _ => {
            let len = bytes[value..]
                .iter()
                .take_while(|&&b| !b" \t\"'=<>`".contains(&b))
                .count();
            (len > 0).then_some(value + len)
        }
    }
}

/// The attributes of an opening tag, written as it was parsed: names
/// lower-cased, values with their quotes removed and the common entities
/// decoded.
pub fn attributes(tag: &str) -> Vec<(String, String)> {
    let bytes = tag.as_bytes();
    let mut at = 1;
    while bytes
        .get(at)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        at += 1;
    }
    let mut found = Vec::new();
    loop {
        let start = skip_spaces(bytes, at);
        let Some(end) = bytes
            .get(start)
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b':'))
            .then(|| attribute(bytes, start))
            .flatten()
        else {
            return found;
        };
        let written = &tag[start..end];
        let (name, value) = match written.split_once('=') {
            Some((name, value)) => {
                let value = value.trim_start();
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                    .unwrap_or(value);
                (name.trim_end(), decode_entities(unquoted))
            }
            None => (written, String::new()),
        };
        found.push((name.to_ascii_lowercase(), value));
        at = end;
    }
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric references;
/// anything else as written.
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| (&rest[1..end], end));
        let decoded = entity.and_then(|(name, end)| {
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_lists_are_sorted_for_their_search() {
        assert!(BLOCK_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(EITHER_TAGS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tags_parse_whole_or_not_at_all() {
        let tag = parse("<div class=\"a > b\" width=40% hidden>rest").unwrap();
        assert_eq!(
            (tag.name.as_str(), tag.closing, tag.empty),
            ("div", false, false)
        );
        assert_eq!(tag.len, "<div class=\"a > b\" width=40% hidden>".len());
        assert!(tag.is_block());
        let close = parse("</TD >x").unwrap();
        assert_eq!(
            (close.name.as_str(), close.closing, close.len),
            ("td", true, 6)
        );
        assert!(parse("<hr/>").unwrap().empty);
        assert!(parse("<br>").unwrap().empty);
        for not_a_tag in [
            "<div",
            "< div>",
            "<div class=\"x>",
            "<!-- c -->",
            "</div x>",
            "<3",
        ] {
            assert_eq!(parse(not_a_tag), None, "{not_a_tag}");
        }
        assert!(!parse("<em>").unwrap().opens_block());
        let del = parse("<del>").unwrap();
        assert!(del.opens_block() && !del.is_block());
    }

    #[test]
    fn attributes_are_read_as_written() {
        assert_eq!(
            attributes("<div id=\"x\" class='a b' width=40% hidden title=\"&lt;&#65;&amp;\">"),
            [
                ("id".to_owned(), "x".to_owned()),
                ("class".to_owned(), "a b".to_owned()),
                ("width".to_owned(), "40%".to_owned()),
                ("hidden".to_owned(), String::new()),
                ("title".to_owned(), "<A&".to_owned()),
            ]
        );
        assert!(attributes("<div>").is_empty());
    }
}

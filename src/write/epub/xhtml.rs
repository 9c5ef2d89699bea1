//! Making the tree safe to serialise as EPUB XHTML: raw HTML that is not
//! well-formed (or not valid in an EPUB content document) becomes visible
//! text, images that were not loaded (missing, remote) become their alt
//! text, links that
//! would resolve nowhere inside the book become plain text, and empty
//! headings go.

use crate::doc::{plain_text, walk_blocks, Block, Document, Inline, Node};
use crate::image::Images;
use std::collections::HashSet;

/// A copy of the document ready for the XHTML body renderer; images whose
/// URL is in `images` stay images (they are packaged).
pub fn prepare(doc: &Document, images: &Images) -> Document {
    let mut doc = doc.clone();
    let mut ids = HashSet::new();
    collect_heading_ids(&doc.blocks, &mut ids);
    let mut blocks = std::mem::take(&mut doc.blocks);
    fix_blocks(&mut blocks, &ids, images);
    doc.blocks = blocks;
    for note in &mut doc.notes {
        fix_blocks(&mut note.blocks, &ids, images);
    }
    doc
}

fn collect_heading_ids(blocks: &[Block], ids: &mut HashSet<String>) {
    walk_blocks(blocks, &mut |node| match node {
        Node::Block(Block::Heading { attr, .. } | Block::Div { attr, .. })
        | Node::Inline(Inline::Span { attr, .. })
            if !attr.id.is_empty() =>
        {
            ids.insert(attr.id.clone());
        }
        _ => {}
    });
}

fn fix_blocks(blocks: &mut Vec<Block>, ids: &HashSet<String>, images: &Images) {
    blocks.retain(|block| !matches!(block, Block::Heading { content, .. } if plain_text(content).trim().is_empty()));
    for block in blocks.iter_mut() {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::Figure { content } => fix_inlines(content, ids, images),
            Block::List { items, .. } => items
                .iter_mut()
                .for_each(|item| fix_blocks(&mut item.blocks, ids, images)),
            Block::Quote { blocks } | Block::Div { blocks, .. } => fix_blocks(blocks, ids, images),
            Block::DefinitionList { items } => {
                for item in items {
                    fix_inlines(&mut item.term, ids, images);
                    for definition in &mut item.definitions {
                        fix_blocks(definition, ids, images);
                    }
                }
            }
            Block::LineBlock { lines } => lines
                .iter_mut()
                .for_each(|line| fix_inlines(line, ids, images)),
            Block::Table {
                caption,
                head,
                body,
                foot,
                ..
            } => {
                fix_inlines(caption, ids, images);
                head.iter_mut()
                    .chain(body)
                    .chain(foot)
                    .flatten()
                    .for_each(|cell| fix_blocks(&mut cell.blocks, ids, images));
            }
            Block::Raw { format, text } if format == "html" => match well_formed(text) {
                Some(fixed) => *text = fixed,
                None => {
                    *block = Block::Paragraph {
                        content: vec![Inline::text(text.trim_end().to_owned())],
                    }
                }
            },
            Block::Raw { .. } | Block::Code { .. } | Block::Rule | Block::PageBreak => {}
        }
    }
}

fn fix_inlines(inlines: &mut Vec<Inline>, ids: &HashSet<String>, images: &Images) {
    let keep = balanced_raw_pieces(inlines);
    let old = std::mem::take(inlines);
    for (n, mut inline) in old.into_iter().enumerate() {
        match &mut inline {
            Inline::Raw { format, text } if format == "html" => {
                if keep[n] {
                    let fixed = well_formed(text.as_str()).unwrap_or_else(|| normalise_piece(text));
                    inlines.push(Inline::html(fixed));
                } else {
                    inlines.push(Inline::text(text.clone()));
                }
            }
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Underline { content }
            | Inline::SmallCaps { content }
            | Inline::Mark { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Span { content, .. } => {
                fix_inlines(content, ids, images);
                inlines.push(inline);
            }
            Inline::Link { url, content, .. } => {
                fix_inlines(content, ids, images);
                let resolves = match url.strip_prefix('#') {
                    Some(fragment) => ids.contains(fragment),
                    None => is_remote(url),
                };
                if resolves {
                    inlines.push(inline);
                } else {
                    inlines.append(content);
                }
            }
            Inline::Image {
                url, alt, title, ..
            } if images.contains_key(url.as_str()) => {
                // Packaged: the alt text is the title when the alt is empty.
                fix_inlines(alt, ids, images);
                if plain_text(alt).trim().is_empty() && !title.trim().is_empty() {
                    *alt = vec![Inline::text(title.trim())];
                }
                inlines.push(inline);
            }
            Inline::Image { alt, title, .. } => {
                // Not loaded (missing, remote): the alt text stands in.
                let mut alt = std::mem::take(alt);
                fix_inlines(&mut alt, ids, images);
                if plain_text(&alt).trim().is_empty() {
                    let text = if title.trim().is_empty() {
                        "image".to_owned()
                    } else {
                        title.clone()
                    };
                    alt = vec![Inline::text(text)];
                }
                inlines.push(Inline::html("<span class=\"quire-image-alt\">"));
                inlines.append(&mut alt);
                inlines.push(Inline::html("</span>"));
            }
            _ => inlines.push(inline),
        }
    }
}

/// A URL that points outside the book and that a reading system can follow.
pub fn is_remote(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:", "ftp://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// Elements that raw HTML may use in an EPUB content document.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "br",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
    "div",
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "figure",
    "figcaption",
    "hr",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "aside",
    "details",
    "summary",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "address",
    "header",
    "footer",
    "article",
    "nav",
];
const VOID: &[&str] = &["br", "hr", "wbr"];
const ATTRIBUTES: &[&str] = &[
    "id", "class", "title", "lang", "dir", "href", "colspan", "rowspan", "start", "reversed",
    "datetime", "cite", "role", "value", "open", "abbr", "scope",
];

/// Raw HTML as well-formed XHTML (void elements closed, named entities as
/// characters, attributes quoted), or `None` when it is not well-formed, or
/// uses elements or attributes that an EPUB content document cannot hold.
pub fn well_formed(html: &str) -> Option<String> {
    normalise(html, true)
}

fn normalise(html: &str, balanced: bool) -> Option<String> {
    let mut out = String::with_capacity(html.len());
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let (text, len) = entity(rest)?;
            out.push_str(&text);
            rest = &rest[len..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->")?;
            if after[..end].contains("--") || after[..end].ends_with('-') {
                return None;
            }
            out.push_str(&rest[..4 + end + 3]);
            rest = &after[end + 3..];
            continue;
        }
        let (tag, len) = tag(rest)?;
        rest = &rest[len..];
        if tag.closing {
            match stack.pop() {
                Some(open) if open != tag.name => return None,
                None if balanced => return None,
                _ => {}
            }
            out.push_str(&format!("</{}>", tag.name));
            continue;
        }
        out.push('<');
        out.push_str(&tag.name);
        for (name, value) in &tag.attributes {
            out.push_str(&format!(
                " {name}=\"{}\"",
                crate::write::html::escape(value)
            ));
        }
        if VOID.contains(&tag.name.as_str()) {
            out.push_str(" />");
        } else if tag.self_closing {
            out.push_str(&format!("></{}>", tag.name));
        } else {
            out.push('>');
            stack.push(tag.name);
        }
    }
    out.push_str(rest);
    (stack.is_empty() || !balanced).then_some(out)
}

/// Which raw inline pieces of one inline list may stay markup: a piece that
/// is well-formed on its own (`<br>`), or an opening tag and the closing tag
/// that pairs with it (`<kbd>`, `Ctrl`, `</kbd>` are three inlines). Anything
/// unpaired (`<span>never closed`) is shown as text.
fn balanced_raw_pieces(inlines: &[Inline]) -> Vec<bool> {
    let mut keep = vec![false; inlines.len()];
    let mut open: Vec<(usize, String)> = Vec::new();
    for (n, inline) in inlines.iter().enumerate() {
        let Inline::Raw { format, text: html } = inline else {
            continue;
        };
        if format != "html" {
            continue;
        }
        let piece = html.trim();
        if well_formed(piece).is_some() {
            keep[n] = true;
        } else if let Some(name) = piece.strip_prefix("</") {
            let name = tag_name(name);
            if open.last().is_some_and(|(_, top)| *top == name) {
                let (start, _) = open.pop().unwrap_or_default();
                keep[start] = true;
                keep[n] = true;
            }
        } else if let Some(name) = piece.strip_prefix('<') {
            open.push((n, tag_name(name)));
        }
    }
    keep
}

fn tag_name(after_bracket: &str) -> String {
    after_bracket
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// One piece of a well-formed run (an opening `<kbd>`): the same rules, no
/// balance required.
fn normalise_piece(html: &str) -> String {
    normalise(html, false).unwrap_or_else(|| crate::write::html::escape(html))
}

fn entity(s: &str) -> Option<(String, usize)> {
    let end = s.find(';').filter(|&end| end <= 32)?;
    let name = &s[1..end];
    let known = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos");
    if known {
        return Some((s[..=end].to_owned(), end + 1));
    }
    // Named entities XML does not know become characters.
    let reference = &s[..=end];
    let decoded = crate::write::html::unescape(reference);
    let mut chars = decoded.chars();
    let c = match (chars.next(), chars.next()) {
        (Some(c), None) if decoded != reference => c,
        _ => return None,
    };
    if c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return None;
    }
    Some((crate::write::html::escape(&c.to_string()), end + 1))
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attributes: Vec<(String, String)>,
}

/// A start or end tag at the start of `s`, checked against the lists above.
fn tag(s: &str) -> Option<(Tag, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = s[start..i].to_ascii_lowercase();
    if !ELEMENTS.contains(&name.as_str()) {
        return None;
    }
    let mut attributes: Vec<(String, String)> = Vec::new();
    loop {
        let before = i;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some((
                    Tag {
                        name,
                        closing,
                        self_closing: false,
                        attributes,
                    },
                    i + 1,
                ))
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') && !closing => {
                return Some((
                    Tag {
                        name,
                        closing,
                        self_closing: true,
                        attributes,
                    },
                    i + 2,
                ))
            }
            _ if closing || i == before => return None,
            _ => {}
        }
        let attr_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        let attr = s[attr_start..i].to_ascii_lowercase();
        let allowed = ATTRIBUTES.contains(&attr.as_str())
            || attr.starts_with("aria-")
            || attr.starts_with("data-");
        if attr.is_empty() || !allowed || attributes.iter().any(|(name, _)| *name == attr) {
            return None;
        }
        if bytes.get(i) != Some(&b'=') {
            // A minimised attribute (`open`): XML needs a value.
            attributes.push((attr.clone(), attr));
            continue;
        }
        i += 1;
        let value = match bytes.get(i)? {
            &q @ (b'"' | b'\'') => {
                let end = s[i + 1..].find(q as char)? + i + 1;
                let raw = &s[i + 1..end];
                i = end + 1;
                raw
            }
            _ => return None,
        };
        if value.contains('<') {
            return None;
        }
        let mut decoded = String::new();
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            decoded.push_str(&rest[..amp]);
            let (text, len) = entity(&rest[amp..])?;
            decoded.push_str(&crate::write::html::unescape(&text));
            rest = &rest[amp + len..];
        }
        decoded.push_str(rest);
        if attr == "href" && !decoded.starts_with('#') && !is_remote(&decoded) {
            return None;
        }
        attributes.push((attr, decoded));
    }
}

#[cfg(test)]
mod tests {
    use super::well_formed;

    #[test]
    fn raw_html_is_checked_and_normalised() {
        assert_eq!(well_formed("<kbd>C</kbd>").as_deref(), Some("<kbd>C</kbd>"));
        assert_eq!(
            well_formed("a<br>b &nbsp;").as_deref(),
            Some("a<br />b \u{a0}")
        );
        assert_eq!(well_formed("<p class=x>t</p>"), None);
        assert_eq!(well_formed("<div><p>open</div>"), None);
        assert_eq!(well_formed("<span>"), None);
        assert_eq!(well_formed("<script>x</script>"), None);
        assert_eq!(well_formed("<img src=\"a.png\" />"), None);
        assert_eq!(well_formed("<a href=\"/local\">x</a>"), None);
        assert_eq!(
            well_formed("<details open><summary>s</summary></details>").as_deref(),
            Some("<details open=\"open\"><summary>s</summary></details>")
        );
        assert_eq!(well_formed("x & y"), None);
    }
}

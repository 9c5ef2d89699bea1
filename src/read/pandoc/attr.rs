//! pandoc's attribute syntax: `{#id .class key=value}`, raw attributes
//! (`{=latex}`) and the raw commands that mean a page break.

use super::PAGE_BREAK_COMMANDS;
use crate::doc::Attr;

/// The format of a raw code block's info string, `{=latex}` → `latex`.
pub fn raw_format(info: &str) -> Option<String> {
    let (format, len) = raw_attribute(info.trim())?;
    info.trim()[len..].trim().is_empty().then_some(format)
}

/// `{=format}` at the start of `text`: the format and the attribute's length.
pub fn raw_attribute(text: &str) -> Option<(String, usize)> {
    let rest = text.strip_prefix("{=")?;
    let end = rest.find('}')?;
    let format = &rest[..end];
    let valid = !format.is_empty()
        && format
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| (format.to_ascii_lowercase(), end + 3))
}

/// Whether raw text of this format is a page break (`\newpage` in LaTeX).
pub fn is_page_break_command(format: &str, text: &str) -> bool {
    matches!(format, "latex" | "tex" | "context") && PAGE_BREAK_COMMANDS.contains(&text.trim())
}

/// A fenced div's attributes, `{.class #id key=value}` or one bare word
/// (`::: warning`) that is its class; `None` when the fence's line says
/// more (`::: warning Read this first`), which pandoc reads as text.
pub fn fence_attr(info: &str) -> Option<Attr> {
    let info = info.trim().trim_end_matches(':').trim();
    if info.starts_with('{') {
        return parse_attr(info)
            .filter(|(_, len)| *len == info.len())
            .map(|(attr, _)| attr);
    }
    match info.split_whitespace().count() {
        0 | 1 => Some(div_attr(info)),
        _ => None,
    }
}

/// A fenced div's attributes: `{.class #id key=value}`, or a bare word
/// (`::: warning`) that is its class.
pub fn div_attr(info: &str) -> Attr {
    let info = info.trim().trim_end_matches(':').trim();
    if info.starts_with('{') {
        if let Some((attr, _)) = parse_attr(info) {
            return attr;
        }
    }
    let mut attr = Attr::default();
    if let Some(word) = info.split_whitespace().next() {
        attr.classes.push(word.to_owned());
    }
    attr
}

/// pandoc's attribute syntax at the start of `text`, `{#id .class key="v"}`:
/// the attributes and the length they take. Quotes may be curly (smart
/// punctuation ran before).
pub fn parse_attr(text: &str) -> Option<(Attr, usize)> {
    let rest = text.strip_prefix('{')?;
    let end = rest.find('}')?;
    let inner = &rest[..end];
    let mut attr = Attr::default();
    // Pairs as written, read into `attr` at the end in one pass.
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let word_end = |from: usize| {
            inner[from..]
                .find(|c: char| c.is_whitespace() || c == '=')
                .map_or(inner.len(), |j| from + j)
        };
        match c {
            '#' | '.' => {
                let end = word_end(i + 1);
                let name = &inner[i + 1..end];
                if name.is_empty() || inner[end..].starts_with('=') {
                    return None;
                }
                if c == '#' {
                    attr.id = name.to_owned();
                } else {
                    attr.classes.push(name.to_owned());
                }
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            }
            // `-` as a word of its own: `{-}`, `{.unlisted -}`.
            '-' if inner[i + 1..].starts_with(char::is_whitespace) || i + 1 == inner.len() => {
                attr.classes.push("unnumbered".to_owned());
                chars.next();
            }
            c if c.is_alphanumeric() || c == '_' => {
                let key_end = word_end(i);
                let key = &inner[i..key_end];
                if !inner[key_end..].starts_with('=') {
                    return None;
                }
                let value_start = key_end + 1;
                let value_rest = &inner[value_start..];
                let (value, value_len) = match value_rest.chars().next() {
                    // Smart punctuation may have curled an opening quote
                    // either way (`=”_blank”`).
                    Some(q @ ('"' | '\'' | '“' | '‘' | '”' | '’')) => {
                        let close = match q {
                            '“' => '”',
                            '‘' => '’',
                            q => q,
                        };
                        let body = &value_rest[q.len_utf8()..];
                        let stop = body.find(close)?;
                        (&body[..stop], q.len_utf8() + stop + close.len_utf8())
                    }
                    _ => {
                        let stop = value_rest
                            .find(char::is_whitespace)
                            .unwrap_or(value_rest.len());
                        (&value_rest[..stop], stop)
                    }
                };
                pairs.push((key, value));
                let next = value_start + value_len;
                while chars.peek().is_some_and(|&(j, _)| j < next) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some((attr.with_pairs(pairs), end + 2))
}

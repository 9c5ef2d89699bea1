//! pandoc's `table_captions` and `table_attributes`: a paragraph that
//! starts `Table:`, `table:` or `:`, before or after a table, with an
//! optional `{#id .class key=value}` at its end.

use super::blocks::Context;
use super::{is_blank, nonindent, Src};

/// How many `{` from the caption's end are tried as the start of its
/// attributes (a caption with more braces keeps them as text): a bound on
/// the work, far past what a caption holds.
const ATTR_CANDIDATES: usize = 16;

pub(super) struct Caption {
    pub text: String,
    pub attr: Option<String>,
    pub last_line: usize,
    /// The first non-blank line after the caption.
    pub next_block: usize,
}

/// A caption starting at line `start`: it runs to a blank line (or the
/// end), as pandoc's `tableCaption` does, and fails where something else
/// ends the paragraph first (a code fence).
pub(super) fn caption_at(src: &Src, start: usize, ctx: &Context) -> Option<Caption> {
    let line = src.get(start)?;
    let rest = &line[nonindent(line)?..];
    let first = if let Some(after) = rest.strip_prefix(':') {
        if after.chars().next().is_some_and(is_punctuation) {
            return None;
        }
        after
    } else {
        rest.strip_prefix("Table:")
            .or_else(|| rest.strip_prefix("table:"))?
    };
    // The caption runs to a blank line, or to the end of a line that ends
    // in attributes (pandoc's `attributes *> blanklines` takes the line's
    // own newline for the blank line).
    let mut text = first.to_owned();
    let n = src.len();
    let mut k = start;
    let mut line = first;
    loop {
        if split_attr(line.trim()).1.is_some() {
            k += 1;
            break;
        }
        k += 1;
        if k >= n || is_blank(src.line(k)) {
            break;
        }
        if ctx.interrupts_paragraph(src, k) {
            return None;
        }
        line = src.line(k);
        text.push('\n');
        text.push_str(line);
    }
    let last_line = k - 1;
    while k < n && src.is_blank(k) {
        k += 1;
    }
    let (text, attr) = split_attr(text.trim());
    Some(Caption {
        text,
        attr,
        last_line,
        next_block: k,
    })
}

/// The caption's text and its trailing attributes, if it ends in a valid
/// attribute block.
fn split_attr(text: &str) -> (String, Option<String>) {
    let candidates: Vec<usize> = text
        .rmatch_indices('{')
        .take(ATTR_CANDIDATES)
        .map(|(at, _)| at)
        .collect();
    for &at in candidates.iter().rev() {
        if let Some(end) = attributes_len(&text[at..]) {
            if text[at + end..].trim().is_empty() {
                return (
                    text[..at].trim_end().to_owned(),
                    Some(text[at..at + end].to_owned()),
                );
            }
        }
    }
    (text.to_owned(), None)
}

/// pandoc's `attributes` at the start of `text`: the length of a
/// `{#id .class key=value -}` block.
fn attributes_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.first() != Some(&b'{') {
        return None;
    }
    let mut i = skip_spnl(text, 1);
    loop {
        let rest = &text[i..];
        let c = rest.chars().next()?;
        let len = match c {
            '}' => return Some(i + 1),
            '#' => {
                let n = word_len(&rest[1..], false);
                (n > 0).then_some(1 + n)?
            }
            '.' => {
                let n = identifier_len(&rest[1..]);
                (n > 0).then_some(1 + n)?
            }
            '-' => 1,
            _ => key_value_len(rest)?,
        };
        i = skip_spnl(text, i + len);
    }
}

/// pandoc's `spnl`: spaces, then at most one newline and the spaces after it.
fn skip_spnl(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    if i < b.len() && b[i] == b'\n' {
        i += 1;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
    }
    i
}

/// Alphanumerics and `-_:.`, the length in bytes; a letter first when
/// `identifier`.
fn word_len(text: &str, identifier: bool) -> usize {
    let mut len = 0;
    for (i, c) in text.char_indices() {
        let ok = if i == 0 && identifier {
            c.is_alphabetic()
        } else {
            c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
        };
        if !ok {
            break;
        }
        len = i + c.len_utf8();
    }
    len
}

fn identifier_len(text: &str) -> usize {
    word_len(text, true)
}

/// `key=value`, `key="quoted value"` or `key='quoted'`.
fn key_value_len(text: &str) -> Option<usize> {
    let key = identifier_len(text);
    if key == 0 || text.as_bytes().get(key) != Some(&b'=') {
        return None;
    }
    let value = &text[key + 1..];
    let b = value.as_bytes();
    let len = match b.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let mut i = 1;
            loop {
                match b.get(i)? {
                    b'\\' => i += 2,
                    &c if c == q => break i + 1,
                    _ => i += 1,
                }
            }
        }
        _ => {
            let mut i = 0;
            while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'}') {
                i += if b[i] == b'\\' && i + 1 < b.len() {
                    2
                } else {
                    1
                };
            }
            i
        }
    };
    // A backslash before a multi-byte character steps into it; keep to
    // character boundaries.
    let mut end = key + 1 + len.min(value.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some(end)
}

/// Haskell's `isPunctuation` (Unicode's P* categories) for the characters
/// a caption marker can meet: ASCII punctuation that is not a symbol, and
/// the common typographic marks.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~')
    } else {
        matches!(
            c,
            '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '¡' | '§' | '«' | '¶' | '·' | '»' | '¿'
                | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}'
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_as_pandoc_reads_them() {
        assert_eq!(attributes_len("{#tbl:id .wide}"), Some(15));
        assert_eq!(attributes_len("{ #a .b k=v k2=\"x y\" - }"), Some(24));
        assert_eq!(attributes_len("{a}"), None);
        assert_eq!(attributes_len("{#}"), None);
        assert_eq!(attributes_len("{.1x}"), None);
        assert_eq!(attributes_len("{k=\"unclosed}"), None);
    }

    #[test]
    fn trailing_attributes_split_off_the_caption() {
        let (text, attr) = split_attr("Sales {.x} by *region* {#tbl:sales .wide}");
        assert_eq!(text, "Sales {.x} by *region*");
        assert_eq!(attr.as_deref(), Some("{#tbl:sales .wide}"));
        let (text, attr) = split_attr("Sets {a, b}");
        assert_eq!((text.as_str(), attr), ("Sets {a, b}", None));
    }
}

//! Citation keys in text: where one starts and what it takes.

/// A citation key found in a text.
pub(super) struct Key {
    /// Where it starts (its `-` or `@`) and ends, in bytes.
    pub start: usize,
    pub end: usize,
    pub key: String,
    /// Written `-@key`: the author is left out.
    pub suppress: bool,
}

/// The first citation key in `text` from byte `from`: an `@` not inside a
/// word (`x@y.com` is no key), `-@key` leaving the author out.
pub(super) fn find_key(text: &str, from: usize) -> Option<Key> {
    let mut search = from;
    while let Some(rel) = text[search..].find('@') {
        let at = search + rel;
        search = at + 1;
        let suppress = text[..at].ends_with('-') && preceded_by_boundary(text, at - 1);
        if !suppress && !preceded_by_boundary(text, at) {
            continue;
        }
        let Some((key, len)) = citation_key(&text[at + 1..]) else {
            continue;
        };
        let start = if suppress { at - 1 } else { at };
        return Some(Key {
            start,
            end: at + 1 + len,
            key,
            suppress,
        });
    }
    None
}

/// An `@` that starts a citation: not inside a word (`x@y.com`).
pub(super) fn preceded_by_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && c != '_')
}

/// A citation key after `@`: `doe99`, `Doe:2004.x`, or `{any key}`; the
/// key and the bytes it takes. Inner punctuation (`:.#$%&-+?<>~/`) is part
/// of a key only when a letter or digit follows it, and `:` or `/` when a
/// `/` does (`@https://doi.org/x`), as pandoc reads keys.
pub(super) fn citation_key(text: &str) -> Option<(String, usize)> {
    if let Some(braced) = text.strip_prefix('{') {
        let end = braced.find('}')?;
        let key = braced[..end].trim();
        return (!key.is_empty()).then(|| (key.to_owned(), end + 2));
    }
    let mut chars = text.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c)
            && chars.peek().is_some_and(|&(_, next)| {
                next.is_alphanumeric() || next == '_' || (next == '/' && matches!(c, ':' | '/'))
            })
        {
            continue;
        } else {
            break;
        }
    }
    Some((text[..end].to_owned(), end))
}

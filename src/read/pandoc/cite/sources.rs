//! The source text of the brackets that may be citations, which a
//! citation's content is (comrak's reading of it is not).

use crate::doc::{plain_text, Inline};
use std::collections::{HashMap, VecDeque};

/// The source text of the brackets that may be citations, by their
/// letters and digits (what survives comrak's reading unchanged), in
/// source order.
#[derive(Debug, Default)]
pub struct CiteSources {
    by_skeleton: HashMap<String, VecDeque<String>>,
    /// Whether one of them has an escaped bracket inside (`\[`).
    pub(super) escaped_brackets: bool,
}

/// How far back from a `[` a citation key (`@doe99 [p. 3]`) is looked
/// for: longer than any real key, short enough to keep the scan linear.
const KEY_LOOKBACK: usize = 256;

/// The innermost brackets of `source` that hold an `@` or follow a word
/// with one (`@doe99 [p. 3]`). Escaped brackets are text; a blank line
/// ends a bracket (a citation never spans paragraphs).
pub fn cite_sources(source: &str) -> CiteSources {
    let mut sources = CiteSources::default();
    if !source.contains('@') {
        return sources;
    }
    let bytes = source.as_bytes();
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            // An inline note's bracket is no citation's (those inside
            // it may be).
            b'[' if i > 0 && bytes[i - 1] == b'^' => open = None,
            b'[' => open = Some(i),
            b']' => {
                if let Some(start) = open.take() {
                    let raw = &source[start..=i];
                    if raw.contains('@') || follows_key(source, start) {
                        sources.escaped_brackets |= raw.contains("\\[") || raw.contains("\\]");
                        sources
                            .by_skeleton
                            .entry(skeleton(raw))
                            .or_default()
                            .push_back(raw.to_owned());
                    }
                }
            }
            b'\n' if open.is_some() => {
                let rest = &source[i + 1..];
                let line = rest.split('\n').next().unwrap_or("");
                if line.trim().is_empty() {
                    open = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    sources
}

/// Whether the word before the `[` at `open` (spaces and one line break
/// between) holds an `@`.
fn follows_key(source: &str, open: usize) -> bool {
    let before = source[..open].trim_end_matches([' ', '\t']);
    let before = before.strip_suffix('\n').unwrap_or(before);
    let before = before.trim_end_matches([' ', '\t']);
    let mut from = before.len().saturating_sub(KEY_LOOKBACK);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let word = &before[from..];
    let word = word
        .rfind(char::is_whitespace)
        .map_or(word, |at| &word[at + 1..]);
    word.contains('@')
}

/// What of a text survives comrak's reading unchanged: its letters and
/// digits and the punctuation that is no Markdown syntax and that smart
/// punctuation leaves alone.
fn skeleton(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || ",;:()!?=+#%/@".contains(*c))
        .collect()
}

impl CiteSources {
    /// The source text of the bracket whose inside comrak read as `inner`,
    /// as inlines: words, spaces and line breaks only.
    pub(super) fn literal(&mut self, inner: &[Inline]) -> Option<Vec<Inline>> {
        let queue = self.by_skeleton.get_mut(&skeleton(&plain_text(inner)))?;
        // The last one stays: a bracket comrak read twice (a note's text)
        // still finds its source.
        let raw = if queue.len() > 1 {
            queue.pop_front()?
        } else {
            queue.front()?.clone()
        };
        Some(literal_inlines(&raw))
    }
}

/// Source text as pandoc's `B.text` makes it: each run of spaces one
/// space, a line break a soft break (a block quote's `>` markers on the
/// later lines are not part of it).
fn literal_inlines(raw: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (n, line) in raw.split('\n').enumerate() {
        let mut line = line;
        if n > 0 {
            out.push(Inline::SoftBreak);
            line = line.trim_start();
            while let Some(rest) = line.strip_prefix('>') {
                line = rest.trim_start();
            }
        }
        let words: Vec<&str> = line.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
        let text = words.join(" ");
        if !text.is_empty() {
            out.push(Inline::text(text));
        }
    }
    out
}

//! `<<` and `>>` as typed: comrak's smart punctuation makes them « and »,
//! pandoc's does not (`>>>` prompts, C++'s `<<`). The pre-pass puts a
//! private-use joiner between the two characters, which comrak does not
//! pair, and the reader takes it out of every text again.

use crate::doc::{walk_blocks_mut, Block, NodesMut};
use std::borrow::Cow;

/// Between the two characters of `<<` or `>>` while comrak reads.
const JOINER: char = '\u{E001}';

/// The text with a joiner in each `<<` and `>>` that follows other text on
/// its line (not a block quote's `>>` markers).
pub fn split(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("<<") && !markdown.contains(">>") {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    for line in markdown.split_inclusive('\n') {
        let markers = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
        out.push_str(&line[..markers]);
        let mut previous = None;
        for c in line[markers..].chars() {
            if matches!((previous, c), (Some('<'), '<') | (Some('>'), '>')) {
                out.push(JOINER);
            }
            previous = Some(c);
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Takes the joiners out of every text, code and raw string of the blocks.
pub fn unsplit(blocks: &mut Vec<Block>) {
    let clean = |text: &mut String| {
        if text.contains(JOINER) {
            text.retain(|c| c != JOINER);
        }
    };
    walk_blocks_mut(blocks, &mut |nodes| match nodes {
        NodesMut::Blocks(blocks) => {
            for block in blocks.iter_mut() {
                if let Block::Code { text, .. } | Block::Raw { text, .. } = block {
                    clean(text);
                }
            }
        }
        NodesMut::Inlines(inlines) => {
            for inline in inlines.iter_mut() {
                use crate::doc::Inline::*;
                match inline {
                    Text { text } | Code { text, .. } | Raw { text, .. } => clean(text),
                    Math { tex, .. } => clean(tex),
                    Link { url, title, .. } | Image { url, title, .. } => {
                        clean(url);
                        clean(title);
                    }
                    _ => {}
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pairs_after_text_are_split() {
        assert_eq!(
            split(">> quoted >>> and a << b\n"),
            format!(">> quoted >{JOINER}>{JOINER}> and a <{JOINER}< b\n")
        );
        assert!(matches!(split("no pairs > < here"), Cow::Borrowed(_)));
    }
}

//! Blocks read from the source's lines before comrak sees them: raw TeX
//! (`\begin{center}` … `\end{center}`, `\vspace{2em}` on its own line),
//! which comrak would read as Markdown. Each is replaced by a marker line
//! (the rest of its lines left blank, so every line keeps its number), and
//! the reader puts the block back where the marker's paragraph is.

use super::prepare::code_fence;
use super::tex;
use std::borrow::Cow;

/// What marks a lifted block in the text comrak reads: a private-use
/// character around the block's index. A paragraph is taken for a marker
/// only when it is exactly that and the index is one of the lifted blocks.
pub const MARK: char = '\u{E000}';

/// A block read from the lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Lifted {
    /// Raw TeX, as written, and its first line (1-based, in the body).
    RawTex { text: String, line: usize },
}

/// The text with raw TeX blocks replaced by markers, and the blocks.
pub fn lift(markdown: &str, raw_tex: bool) -> (Cow<'_, str>, Vec<Lifted>) {
    if !raw_tex || !markdown.contains('\\') {
        return (Cow::Borrowed(markdown), Vec::new());
    }
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    // Byte offset of each line.
    let mut offsets = Vec::with_capacity(lines.len());
    let mut offset = 0;
    for line in &lines {
        offsets.push(offset);
        offset += line.len();
    }
    let mut out = String::with_capacity(markdown.len());
    let mut lifted = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut after_blank = true;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if let Some((ch, len)) = fence {
            let indent = body.len() - trimmed.len();
            if indent < 4
                && trimmed.starts_with(&ch.to_string().repeat(len))
                && trimmed.trim_start_matches(ch).trim().is_empty()
            {
                fence = None;
            }
        } else if let Some(open) = code_fence(trimmed) {
            fence = Some(open);
        } else if after_blank && body.starts_with('\\') {
            if let Some(end_line) = raw_tex_block(markdown, &offsets, index) {
                let end = offsets.get(end_line + 1).copied().unwrap_or(markdown.len());
                let text = markdown[offsets[index]..end].trim_end().to_owned();
                out.push(MARK);
                out.push_str(&lifted.len().to_string());
                out.push(MARK);
                out.push('\n');
                for _ in index + 1..=end_line {
                    out.push('\n');
                }
                lifted.push(Lifted::RawTex {
                    text,
                    line: index + 1,
                });
                index = end_line + 1;
                after_blank = true;
                continue;
            }
        }
        after_blank = fence.is_none() && trimmed.is_empty();
        out.push_str(line);
        index += 1;
    }
    if lifted.is_empty() {
        (Cow::Borrowed(markdown), lifted)
    } else {
        (Cow::Owned(out), lifted)
    }
}

/// Raw TeX starting at line `index`: a command or an environment that
/// ends its line. The index of its last line.
fn raw_tex_block(markdown: &str, offsets: &[usize], index: usize) -> Option<usize> {
    let start = offsets[index];
    let text = &markdown[start..];
    let len = tex::command_len(text)?;
    // Only white space after it on its line.
    let rest_of_line = text[len..].split('\n').next().unwrap_or("");
    if !rest_of_line.trim().is_empty() {
        return None;
    }
    let end = start + len;
    // The line holding the command's last byte.
    let last = match offsets.binary_search(&end) {
        Ok(line) => line.saturating_sub(1).max(index),
        Err(next) => next - 1,
    };
    Some(last)
}

/// The lifted block a paragraph's text marks (`MARK` index `MARK`).
pub fn marked(text: &str) -> Option<usize> {
    text.trim()
        .strip_prefix(MARK)?
        .strip_suffix(MARK)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_tex_blocks_are_lifted_and_lines_kept() {
        let source =
            "Text.\n\n\\begin{center}\nA *b*\n\n(a) c\n\\end{center}\n\n\\vspace{1em}\nabc\n";
        let (text, lifted) = lift(source, true);
        assert_eq!(text.lines().count(), source.lines().count());
        assert_eq!(lifted.len(), 2);
        assert_eq!(
            lifted[0],
            Lifted::RawTex {
                text: "\\begin{center}\nA *b*\n\n(a) c\n\\end{center}".to_owned(),
                line: 3
            }
        );
        assert!(matches!(&lifted[1], Lifted::RawTex { text, line: 9 } if text == "\\vspace{1em}"));
        assert_eq!(text.lines().nth(9), Some("abc"));
        assert_eq!(marked(text.lines().nth(2).unwrap()), Some(0));
    }

    #[test]
    fn what_is_not_a_raw_block_stays() {
        for source in [
            "a paragraph\n\\vspace{1em}\n",
            "```\n\\begin{x}\n\\end{x}\n```\n",
            "\\textbf{bold} and more words\n",
            "\\begin{center} never closed\n",
        ] {
            let (text, lifted) = lift(source, true);
            assert!(lifted.is_empty(), "{source}");
            assert_eq!(text, source);
        }
        assert!(lift("\\vspace{1em}\n", false).1.is_empty());
    }
}

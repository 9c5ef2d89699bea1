//! TeX environments in running text that span lines (`amet,\n
//! \begin{equation}\nE = mc^2\n\end{equation}\nconsectetur`), lifted
//! before comrak reads their lines as Markdown (`^` superscripts, `\\`
//! escapes, lines of a paragraph). pandoc reads such an environment as one
//! raw TeX inline wherever its inline parser meets `\begin`.
//!
//! The environment is replaced by a marker (`MARK` index `MARK`), and each
//! line break inside it by a line break and `CONTINUED`, so that every
//! line keeps its number; the reader drops those breaks again
//! (`drop_continued`).

use super::lift::{Lifted, MARK};
use super::tex;
use crate::doc::Inline;

/// Starts a line that continues a lifted inline environment.
pub const CONTINUED: char = '\u{E002}';

/// What the lines of the paragraph before say about the text that
/// follows: inside math (`$`) or a code span (`` ` ``) nothing is lifted.
#[derive(Debug, Default, Clone, Copy)]
pub struct Context {
    /// The run of `$` (one or two) or of backticks that opened math or a
    /// code span not yet closed by the same run.
    open_dollars: Option<usize>,
    open_backticks: Option<usize>,
}

impl Context {
    fn in_math_or_code(self) -> bool {
        self.open_dollars.is_some() || self.open_backticks.is_some()
    }

    /// A run of `len` dollars or backticks: it opens, or closes what the
    /// same run opened.
    fn run(open: &mut Option<usize>, len: usize) {
        *open = match *open {
            None => Some(len),
            Some(opened) if opened == len => None,
            other => other,
        };
    }
}

/// One line of a paragraph, from `start` (a byte offset in `markdown`),
/// with each multi-line environment lifted: the text to write and the
/// offset after it (past the last line an environment reached), or `None`
/// when the line holds none, `context` updated either way.
pub fn lift_line(
    markdown: &str,
    start: usize,
    line: usize,
    context: &mut Context,
    lifted: &mut Vec<Lifted>,
) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut at = start;
    let mut found = false;
    let bytes = markdown.as_bytes();
    while at < markdown.len() {
        let c = bytes[at];
        if c == b'\n' {
            out.push('\n');
            at += 1;
            break;
        }
        if c == b'\\' {
            let rest = &markdown[at..];
            if rest.starts_with("\\begin{") && !context.in_math_or_code() {
                if let Some(len) = tex::command_len(rest).filter(|&len| rest[..len].contains('\n'))
                {
                    let text = &rest[..len];
                    out.push(MARK);
                    out.push_str(&lifted.len().to_string());
                    out.push(MARK);
                    for _ in text.matches('\n') {
                        out.push('\n');
                        out.push(CONTINUED);
                    }
                    lifted.push(Lifted::InlineTex {
                        text: text.to_owned(),
                        line,
                    });
                    found = true;
                    at += len;
                    continue;
                }
            }
            // An escaped character (`\$`, `` \` ``, `\\`) counts for nothing.
            let next = rest[1..].chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[..1 + next]);
            at += 1 + next;
            continue;
        }
        if c == b'$' || c == b'`' {
            let run = bytes[at..].iter().take_while(|&&b| b == c).count();
            if c == b'$' && context.open_backticks.is_none() {
                Context::run(&mut context.open_dollars, run.min(2));
            } else if context.open_dollars.is_none() {
                Context::run(&mut context.open_backticks, run);
            }
            out.push_str(&markdown[at..at + run]);
            at += run;
            continue;
        }
        let len = markdown[at..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&markdown[at..at + len]);
        at += len;
    }
    found.then_some((out, at))
}

/// The inlines without the line breaks that `lift_line` put inside a
/// lifted environment (a break followed by `CONTINUED`).
pub fn drop_continued(inlines: &mut Vec<Inline>) {
    let continued =
        |inline: &Inline| matches!(inline, Inline::Text { text } if text.starts_with(CONTINUED));
    if !inlines.iter().any(continued) {
        return;
    }
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines.drain(..) {
        if let Inline::Text { text } = &mut inline {
            if text.starts_with(CONTINUED) {
                if matches!(out.last(), Some(Inline::SoftBreak | Inline::LineBreak)) {
                    out.pop();
                }
                text.remove(0);
                if text.is_empty() {
                    continue;
                }
                // The rest of the line joins the text before the break.
                if let Some(Inline::Text { text: before }) = out.last_mut() {
                    before.push_str(text);
                    continue;
                }
            }
        }
        out.push(inline);
    }
    *inlines = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lift_all(markdown: &str) -> (String, Vec<Lifted>) {
        let mut out = String::new();
        let mut lifted = Vec::new();
        let mut context = Context::default();
        let mut at = 0;
        let mut line = 1;
        while at < markdown.len() {
            match lift_line(markdown, at, line, &mut context, &mut lifted) {
                Some((text, end)) => {
                    line += text.matches('\n').count();
                    out.push_str(&text);
                    at = end;
                }
                None => {
                    let end = markdown[at..]
                        .find('\n')
                        .map_or(markdown.len(), |i| at + i + 1);
                    out.push_str(&markdown[at..end]);
                    at = end;
                    line += 1;
                }
            }
        }
        (out, lifted)
    }

    #[test]
    fn an_environment_in_a_paragraph_is_lifted_and_lines_kept() {
        let source = "Lorem,\n\\begin{equation}\nE = mc^2,\n\\end{equation}\nelit.\n";
        let (text, lifted) = lift_all(source);
        assert_eq!(text.lines().count(), source.lines().count());
        assert_eq!(
            lifted,
            [Lifted::InlineTex {
                text: "\\begin{equation}\nE = mc^2,\n\\end{equation}".to_owned(),
                line: 2
            }]
        );
        assert!(text.starts_with("Lorem,\n\u{E000}0\u{E000}\n\u{E002}\n\u{E002}\nelit."));
    }

    #[test]
    fn not_in_math_code_or_after_an_escape() {
        for source in [
            "$$\n\\begin{eqnarray}\na\n\\end{eqnarray}\n$$\n",
            "`code\n\\begin{x}\na\n\\end{x}`\n",
            "\\\\begin{x}\na\n\\end{x}\n",
            "one line \\begin{x}a\\end{x} only\n",
        ] {
            let (text, lifted) = lift_all(source);
            assert!(lifted.is_empty(), "{source}");
            assert_eq!(text, source);
        }
    }

    #[test]
    fn continued_breaks_are_dropped() {
        let mut inlines = vec![
            Inline::text("a"),
            Inline::SoftBreak,
            Inline::text("\u{E000}0\u{E000}"),
            Inline::SoftBreak,
            Inline::text("\u{E002}"),
            Inline::SoftBreak,
            Inline::text("\u{E002} b"),
        ];
        drop_continued(&mut inlines);
        assert_eq!(
            inlines,
            [
                Inline::text("a"),
                Inline::SoftBreak,
                Inline::text("\u{E000}0\u{E000} b"),
            ]
        );
    }
}

//! Diagnostics: what the library reports about its input, with a place in a file.
//!
//! The library only builds these; the CLI decides whether and how to print
//! them (`Diagnostic::render`).

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something quire did on the writer's behalf that is worth knowing.
    Note,
    /// Something quire fixed or assumed; the output is still made.
    Warning,
    /// The input cannot be built.
    Error,
}

/// One message about the input, pointing at a file, line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (`-` for standard input).
    pub file: String,
    /// 1-based line; 0 when the message is about the whole file.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// How many characters the caret underlines (at least 1).
    pub length: u32,
    /// The text of `line`, so the message can be shown without the file.
    pub line_text: Option<String>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            length: 1,
            line_text: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    pub fn note(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, file, message)
    }

    /// Points the diagnostic at `line:column` of `text` (the whole file).
    pub fn at(mut self, text: &str, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.line_text = text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .map(str::to_owned);
        self
    }

    pub fn length(mut self, length: usize) -> Self {
        self.length = length.max(1) as u32;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col`, or just the file when there is no position.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }

    /// The rustc-style report: `warning: …`, `--> file:line:col`, the line and a caret.
    pub fn render(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(&self.message);
        let mut report = Vec::new();
        match &self.line_text {
            Some(line_text) if self.line > 0 => {
                let start = byte_index(line_text, self.column as usize - 1);
                let end = byte_index(line_text, (self.column + self.length - 1) as usize);
                let end = end.max(start);
                report.push(
                    title.element(
                        Snippet::source(line_text.as_str())
                            .line_start(self.line as usize)
                            .path(self.file.as_str())
                            .annotation(AnnotationKind::Primary.span(start..end)),
                    ),
                );
            }
            _ => report.push(title.element(annotate_snippets::Origin::path(self.location()))),
        }
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(Level::HELP.secondary_title(hint)));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&report).to_string()
    }
}

/// The byte index of the `chars`-th character of `text` (or its end).
fn byte_index(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(index, _)| index)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}: {severity}: {}", self.location(), self.message)
    }
}

/// The 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u32, column as u32)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\nçd\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 2));
    }

    #[test]
    fn render_shows_the_line_and_a_caret() {
        let text = "one\n# \nthree\n";
        let d = Diagnostic::warning("doc.md", "empty heading dropped").at(text, 2, 1);
        let shown = d.render(false);
        assert!(shown.contains("warning: empty heading dropped"), "{shown}");
        assert!(shown.contains("--> doc.md:2:1"), "{shown}");
        assert!(shown.contains("2 | # "), "{shown}");
        assert!(shown.contains('^'), "{shown}");
    }
}

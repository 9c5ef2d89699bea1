//! A YAML parser's error taken apart, to point at what was left open.

use crate::diag::line_column;

/// What a YAML parser's error says, taken apart: libyaml knows where it
/// stopped (the problem mark) and where the construct it was reading
/// began (the context mark: an unclosed `[` or `"` lines above), and
/// yaml_serde gives the second only in its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    /// What went wrong, without positions: `did not find expected ',' or ']'`.
    pub problem: String,
    /// What the parser was reading: `while parsing a flow sequence`.
    pub context: Option<String>,
    /// Byte offset in the YAML where the parser stopped.
    pub stopped: Option<usize>,
    /// Byte offset in the YAML where what it was reading began, when that
    /// is elsewhere.
    pub opened: Option<usize>,
}

impl YamlProblem {
    /// Takes apart `err`, an error parsing `yaml`.
    pub fn of(yaml: &str, err: &serde_yaml::Error) -> YamlProblem {
        let stopped = err.location().map(|l| l.index());
        // `PROBLEM at line L column C, CONTEXT at line L column C` (libyaml's
        // Display, as yaml_serde passes it on).
        let message = err.to_string();
        let (head, context) = match message.find(", while ") {
            Some(i) => (&message[..i], Some(&message[i + 2..])),
            None => (message.as_str(), None),
        };
        let without_mark = |text: &str| match text.find(" at line ").or(text.find(" at position "))
        {
            Some(i) => text[..i].to_owned(),
            None => text.to_owned(),
        };
        let opened = context
            .and_then(|c| c.rsplit_once(" at line "))
            .and_then(|(_, mark)| {
                let (line, column) = mark.split_once(" column ")?;
                offset_of(yaml, line.trim().parse().ok()?, column.trim().parse().ok()?)
            })
            .filter(|&opened| Some(opened) != stopped);
        YamlProblem {
            problem: without_mark(head),
            context: context.map(without_mark),
            stopped,
            opened,
        }
    }

    /// The message: the problem, and when the diagnostic points at what
    /// was left open, where the parser stopped (a line and column of
    /// `text`, which the offsets are in).
    pub fn message(&self, text: &str) -> String {
        match (&self.context, self.opened, self.stopped) {
            (Some(context), Some(_), Some(stopped)) => {
                let (line, column) = line_column(text, stopped);
                format!(
                    "{} (at line {line}, column {column}), {context} that starts here",
                    self.problem
                )
            }
            (Some(context), ..) => format!("{}, {context}", self.problem),
            _ => self.problem.clone(),
        }
    }

    /// `close this `[` with `]``, when what was left open is a bracket or a
    /// quote (in `text`, at `opened`).
    pub fn closing_hint(&self, text: &str) -> Option<String> {
        let open = text.get(self.opened?..)?.chars().next()?;
        let close = match open {
            '[' => ']',
            '{' => '}',
            '"' | '\'' => open,
            _ => return None,
        };
        Some(format!("close this `{open}` with `{close}`"))
    }
}

/// The byte offset of 1-based `line` and `column` (in characters) of `text`.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[line_start..];
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

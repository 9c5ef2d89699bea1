//! Equation numbers, as LaTeX gives them: each row of a display formula in
//! `equation`, `align`, `gather`, `multline`, `eqnarray`, `flalign` or
//! `alignat` (not starred) is numbered in document order, unless it says
//! `\nonumber` or `\notag`; `\tag{A}` numbers a row (starred or not) `(A)`
//! without counting. `\label{key}` names its row's number, and the raw TeX
//! `\eqref{key}` and `\ref{key}` in the text become links to it, `(1)` and
//! `1` (what LaTeX prints).
//!
//! The writers ask [`Equations::of`] for each formula's rows; this pass only
//! rewrites the references.

use crate::doc::{walk, Document, Inline, Node, Pos};
use std::collections::HashMap;

/// Environments whose rows LaTeX numbers, each row (`true`) or the whole
/// formula once, on its last row (`false`).
const NUMBERED: [(&str, bool); 7] = [
    ("equation", false),
    ("multline", false),
    ("align", true),
    ("gather", true),
    ("eqnarray", true),
    ("flalign", true),
    ("alignat", true),
];

/// One row of a display formula: its number as shown (`(3)`), and the
/// label that names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub number: Option<String>,
    pub label: Option<String>,
}

/// The rows of every numbered display formula, and what each label refers to.
#[derive(Debug, Default)]
pub struct Equations {
    rows: HashMap<(u32, u32, String), Vec<Row>>,
    /// A label's number as `\ref` prints it (`3`, or a tag's text).
    labels: HashMap<String, String>,
}

impl Equations {
    /// Numbers every display formula of `doc` in reading order.
    pub fn of(doc: &Document) -> Self {
        let mut equations = Equations::default();
        let mut counter = 0u32;
        walk(doc, &mut |node| {
            if let Node::Inline(Inline::Math {
                display: true,
                tex,
                pos,
            }) = node
            {
                let rows = number(tex, &mut counter);
                for row in &rows {
                    if let (Some(label), Some(number)) = (&row.label, &row.number) {
                        let bare = number.trim_start_matches('(').trim_end_matches(')');
                        equations.labels.insert(label.clone(), bare.to_owned());
                    }
                }
                if rows.iter().any(|r| r.number.is_some() || r.label.is_some()) {
                    equations
                        .rows
                        .insert((pos.line, pos.column, tex.clone()), rows);
                }
            }
        });
        equations
    }

    /// The rows of the display formula `tex` at `pos`; empty when none is
    /// numbered or labelled.
    pub fn rows(&self, pos: Pos, tex: &str) -> &[Row] {
        self.rows
            .get(&(pos.line, pos.column, tex.to_owned()))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether no formula has a number.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Raw TeX `\eqref{key}` and `\ref{key}` whose key names an equation:
/// links to it, with its number.
pub fn resolve_references(doc: &mut Document) {
    let equations = Equations::of(doc);
    if equations.labels.is_empty() {
        return;
    }
    super::for_each_inlines(doc, &mut |inlines| {
        for inline in inlines.iter_mut() {
            let Inline::Raw { format, text } = inline else {
                continue;
            };
            if format != "tex" && format != "latex" {
                continue;
            }
            let Some((command, key)) = crate::read::equation_reference(text) else {
                continue;
            };
            let Some(number) = equations.labels.get(key) else {
                continue;
            };
            let shown = if command == "eqref" {
                format!("({number})")
            } else {
                number.clone()
            };
            *inline = Inline::Link {
                attr: Default::default(),
                url: format!("#{key}"),
                title: String::new(),
                content: vec![Inline::text(shown)],
                pos: Pos::default(),
            };
        }
    });
}

/// The rows of one display formula, numbered from `counter`.
fn number(tex: &str, counter: &mut u32) -> Vec<Row> {
    let tex = tex.trim();
    let environment = tex
        .strip_prefix(r"\begin{")
        .and_then(|rest| rest.split_once('}'))
        .map(|(name, _)| name);
    let kind = environment.and_then(|env| {
        NUMBERED
            .iter()
            .find(|(n, _)| *n == env.trim_end_matches('*'))
    });
    let numbered = kind.is_some() && !environment.is_some_and(|env| env.ends_with('*'));
    let texts = match kind {
        Some((_, true)) => rows(tex),
        _ => vec![tex],
    };
    let mut out = Vec::with_capacity(texts.len());
    for text in texts {
        let mut row = Row {
            label: argument(text, "label").map(str::to_owned),
            ..Row::default()
        };
        row.number = if let Some(tag) = argument(text, "tag*") {
            Some(tag.to_owned())
        } else if let Some(tag) = argument(text, "tag") {
            Some(format!("({tag})"))
        } else if numbered && !has(text, "nonumber") && !has(text, "notag") {
            *counter += 1;
            Some(format!("({counter})"))
        } else {
            None
        };
        out.push(row);
    }
    // A row that ends the formula with nothing in it (`a \\ b \\`) is not a row.
    if out.len() > 1 && rows(tex).last().is_some_and(|r| r.trim().is_empty()) {
        if let Some(Row {
            number: Some(_), ..
        }) = out.last()
        {
            *counter -= 1;
        }
        out.pop();
    }
    out
}

/// The rows of an environment: its body split at the `\\` that are not
/// inside braces or a nested environment.
fn rows(tex: &str) -> Vec<&str> {
    let body_start = tex.find('}').map_or(0, |i| i + 1);
    let body_end = tex.rfind(r"\end{").unwrap_or(tex.len()).max(body_start);
    let body = &tex[body_start..body_end];
    let bytes = body.as_bytes();
    let (mut braces, mut envs) = (0usize, 0usize);
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let rest = &body[i..];
                if rest.starts_with(r"\begin{") {
                    envs += 1;
                } else if rest.starts_with(r"\end{") {
                    envs = envs.saturating_sub(1);
                } else if rest.starts_with(r"\\") && braces == 0 && envs == 0 {
                    out.push(&body[from..i]);
                    from = i + 2;
                }
                i += 2;
                continue;
            }
            b'{' => braces += 1,
            b'}' => braces = braces.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    out.push(&body[from..]);
    out
}

/// Whether `\name` stands in `tex` as a whole control word.
fn has(tex: &str, name: &str) -> bool {
    let word = format!("\\{name}");
    tex.match_indices(&word).any(|(at, _)| {
        !tex[at + word.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || (c == '*' && !name.ends_with('*')))
    })
}

/// The braced argument of the first `\name{…}` in `tex`.
fn argument<'a>(tex: &'a str, name: &str) -> Option<&'a str> {
    let word = format!("\\{name}");
    tex.match_indices(&word).find_map(|(at, _)| {
        let rest = tex[at + word.len()..].trim_start();
        if !name.ends_with('*') && rest.starts_with('*') {
            return None;
        }
        let inner = rest.strip_prefix('{')?;
        let mut depth = 0usize;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return Some(inner[..i].trim()),
                '}' => depth -= 1,
                _ => {}
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(tex: &str, counter: &mut u32) -> Vec<Option<String>> {
        number(tex, counter).into_iter().map(|r| r.number).collect()
    }

    #[test]
    fn rows_are_numbered_as_latex_numbers_them() {
        let mut n = 0;
        let one = |s: &str| Some(s.to_owned());
        assert_eq!(
            numbers(r"\begin{equation} E = mc^2 \end{equation}", &mut n),
            [one("(1)")]
        );
        assert_eq!(
            numbers(
                r"\begin{align} a &= b \\ c &= d \nonumber \\ \begin{matrix} x \\ y \end{matrix} &= {e \\ f} \end{align}",
                &mut n
            ),
            [one("(2)"), None, one("(3)")]
        );
        assert_eq!(
            numbers(
                r"\begin{align*} a &= b \\ c &= d \tag{A} \end{align*}",
                &mut n
            ),
            [None, one("(A)")]
        );
        assert_eq!(numbers(r"x = 1 \tag*{[x]}", &mut n), [one("[x]")]);
        assert_eq!(numbers(r"x = 1", &mut n), [None]);
        assert_eq!(
            numbers(r"\begin{multline} a \\ b \end{multline}", &mut n),
            [one("(4)")]
        );
        assert_eq!(
            numbers(r"\begin{gather} a \\ b \\ \end{gather}", &mut n),
            [one("(5)"), one("(6)")]
        );
        assert_eq!(
            numbers(r"\begin{equation} a \notag \end{equation}", &mut n),
            [None]
        );
    }

    #[test]
    fn references_become_links_to_the_numbered_row() {
        let body = crate::read::read(
            "See \\eqref{sum} and \\ref{mean}.\n\n\
             $$\\begin{align} a &= b \\label{mean} \\\\ c &= d \\label{sum} \\end{align}$$\n",
            0,
            crate::read::Dialect::markdown(),
        );
        let mut doc = Document {
            blocks: body.blocks,
            ..Document::default()
        };
        resolve_references(&mut doc);
        let crate::doc::Block::Paragraph { content } = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks[0]);
        };
        let links: Vec<(&str, &Inline)> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Link { url, content, .. } => Some((url.as_str(), &content[0])),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            [
                ("#sum", &Inline::text("(2)")),
                ("#mean", &Inline::text("1"))
            ]
        );
        assert_eq!(crate::read::equation_reference(r"\ref{a}{b}"), None);
    }
}

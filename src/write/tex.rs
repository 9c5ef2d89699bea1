//! Raw TeX for the paged writers (PDF, DOCX): the layout commands a pandoc →
//! LaTeX user writes, as the tree's blocks and inlines, so each writer sets
//! them as it sets Markdown. What no writer sets was named in a warning by
//! the reader and is left out here; raw TeX is never set as text.

use crate::doc::{Align, Block, Inline};
use crate::read::{read, Dialect};

/// Space a command asks for, in em (`\bigskip` is LaTeX's 12 pt at 10 pt:
/// 1.2 em; `\medskip` half of it, `\smallskip` a quarter).
const BIGSKIP_EM: f64 = 1.2;

/// What a raw TeX block is on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Set {
    /// Blocks to set as if written in Markdown (an environment's body),
    /// their lines aligned as the environment says (`center`: centred,
    /// `flushright`: ragged left, `flushleft`: ragged right).
    Blocks(Align, Vec<Block>),
    /// Vertical space, in em.
    Space(f64),
}

/// A raw TeX block (`format` latex or tex) as what the page shows: its
/// commands and environments in order.
pub fn blocks(raw: &str) -> Vec<Set> {
    let mut out = Vec::new();
    let mut rest = raw.trim();
    while !rest.is_empty() {
        let Some(at) = rest.find('\\') else {
            break;
        };
        rest = &rest[at..];
        let Some(len) = crate::read::tex_command_len(rest) else {
            rest = &rest[1..];
            continue;
        };
        let command = &rest[..len];
        rest = rest[len..].trim_start();
        if let Some((env, body)) = environment(command) {
            let align = match env {
                "center" => Align::Center,
                "flushleft" => Align::Left,
                "flushright" => Align::Right,
                _ => continue,
            };
            out.push(Set::Blocks(
                align,
                read(body, 0, Dialect::markdown()).blocks,
            ));
            continue;
        }
        if let Some(em) = space(command) {
            out.push(Set::Space(em));
        }
    }
    out
}

/// Inline raw TeX as inlines: `\textbf{x}` strong, `\emph{x}` and
/// `\textit{x}` emphasis, `\underline{x}` underlined; any other command is
/// left out.
pub fn inlines(raw: &str) -> Vec<Inline> {
    let Some(name) = crate::read::tex_command_name(raw) else {
        return Vec::new();
    };
    let argument = || {
        let body = raw[1 + name.len()..].trim();
        let body = body.strip_prefix('{').and_then(|b| b.strip_suffix('}'));
        body.map(read_inlines).unwrap_or_default()
    };
    match name {
        "textbf" => vec![Inline::Strong {
            content: argument(),
        }],
        "emph" | "textit" => vec![Inline::Emph {
            content: argument(),
        }],
        "underline" => vec![Inline::Underline {
            content: argument(),
        }],
        _ => Vec::new(),
    }
}

/// Whether an inline is raw TeX's `\hfill`: the space that pushes what
/// follows it on the line to the right margin.
pub fn is_fill(inline: &Inline) -> bool {
    matches!(inline, Inline::Raw { format, text }
        if (format == "latex" || format == "tex")
            && crate::read::tex_command_name(text) == Some("hfill")
            && text.trim() == "\\hfill")
}

fn read_inlines(text: &str) -> Vec<Inline> {
    match read(text, 0, Dialect::markdown()).blocks.into_iter().next() {
        Some(Block::Paragraph { content }) => content,
        _ => vec![Inline::text(text)],
    }
}

/// `\begin{env}…\end{env}`: the environment's name and body.
fn environment(command: &str) -> Option<(&str, &str)> {
    let rest = command.strip_prefix("\\begin{")?;
    let name_end = rest.find('}')?;
    let name = &rest[..name_end];
    let end = format!("\\end{{{name}}}");
    let body = rest[name_end + 1..].strip_suffix(end.as_str())?;
    Some((name, body))
}

/// The space a spacing command asks for, in em.
fn space(command: &str) -> Option<f64> {
    let name = crate::read::tex_command_name(command)?;
    match name {
        "bigskip" => Some(BIGSKIP_EM),
        "medskip" => Some(BIGSKIP_EM / 2.0),
        "smallskip" => Some(BIGSKIP_EM / 4.0),
        "vspace" | "vspace*" => {
            let length = command[1 + name.len()..]
                .trim()
                .strip_prefix('{')?
                .strip_suffix('}')?;
            length_em(length)
        }
        _ => None,
    }
}

/// A TeX length in em (at the 10 pt TeX assumes): `1em`, `12pt`, `1cm`,
/// `0.5in`, `\baselineskip` (1.2 em).
fn length_em(length: &str) -> Option<f64> {
    let length = length.trim();
    if length == "\\baselineskip" {
        return Some(1.2);
    }
    const POINTS_PER_EM: f64 = 10.0;
    let units: [(&str, f64); 7] = [
        ("em", 1.0),
        ("ex", 0.43),
        ("pt", 1.0 / POINTS_PER_EM),
        ("mm", 2.845 / POINTS_PER_EM),
        ("cm", 28.45 / POINTS_PER_EM),
        ("in", 72.27 / POINTS_PER_EM),
        ("bp", 1.0 / POINTS_PER_EM),
    ];
    units.iter().find_map(|(unit, em)| {
        let number: f64 = length.strip_suffix(unit)?.trim().parse().ok()?;
        // Negative space pulls text up over what is above it: not set.
        (number.is_finite() && number > 0.0).then(|| (number * em).min(40.0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_commands_become_space_blocks_and_styles() {
        assert_eq!(blocks("\\vspace{2em}"), [Set::Space(2.0)]);
        assert_eq!(blocks("\\bigskip\n\\noindent"), [Set::Space(1.2)]);
        assert_eq!(blocks("\\vspace{-3em}"), []);
        let centred = blocks("\\begin{center}\n**Signed**\n\\end{center}");
        assert!(
            matches!(&centred[..], [Set::Blocks(Align::Center, b)] if matches!(&b[..], [Block::Paragraph { .. }]))
        );
        assert!(matches!(
            &blocks("\\begin{flushright}\nSigned\n\\end{flushright}")[..],
            [Set::Blocks(Align::Right, _)]
        ));
        assert!(blocks("\\begin{tabular}{ll}a & b\\end{tabular}").is_empty());
        assert!(matches!(
            &inlines("\\textbf{bold}")[..],
            [Inline::Strong { .. }]
        ));
        assert!(inlines("\\foo{x}").is_empty());
        let raw = |text: &str| Inline::Raw {
            format: "latex".into(),
            text: text.into(),
        };
        assert!(is_fill(&raw("\\hfill")) && !is_fill(&raw("\\hfil")));
    }
}

//! Raw blocks and inlines: `{=format}` code, and raw TeX as pandoc's
//! `raw_tex` reads it. HTML is kept for the HTML writers; TeX is kept for
//! the paged writers (PDF, DOCX), which set the commands a pandoc → LaTeX
//! user writes for layout; a command none sets is named in a warning once.

use super::pandoc::{self, Lifted};
use super::{Attr, Block, BodyMetadata, Extension, Inline, Pos, Reader};

/// The LaTeX math environments pandoc reads as display math, starred
/// forms too (amsmath's, and LaTeX's own `equation`, `eqnarray`).
const MATH_ENVIRONMENTS: &[&str] = &[
    "equation",
    "align",
    "gather",
    "multline",
    "eqnarray",
    "flalign",
    "alignat",
    "displaymath",
    "math",
];

/// Whether raw TeX is one math environment, `\begin{align*}…\end{align*}`.
fn is_math_environment(raw: &str) -> bool {
    let Some(rest) = raw.trim().strip_prefix("\\begin{") else {
        return false;
    };
    let name = rest.split('}').next().unwrap_or("");
    let base = name.trim_end_matches('*');
    MATH_ENVIRONMENTS.contains(&base) && raw.trim_end().ends_with(&format!("\\end{{{name}}}"))
}

fn is_tex(format: &str) -> bool {
    matches!(format, "latex" | "tex")
}
use comrak::nodes::AstNode;

/// The raw formats some writer of quire reads: HTML (the HTML page, the
/// fragment, the EPUB), TeX (the PDF and the DOCX set its layout
/// commands), OpenXML (the DOCX).
const KEPT_FORMATS: &[&str] = &["html", "latex", "tex", "openxml"];

impl Reader {
    /// A fenced raw block (```` ```{=latex} ````): kept for the formats
    /// that read it, a page break where it is one, any other format
    /// dropped with a warning.
    pub(super) fn raw_block(
        &self,
        node: &AstNode<'_>,
        format: String,
        text: String,
        out: &mut Vec<Block>,
    ) {
        if pandoc::is_page_break_command(&format, &text) {
            out.push(Block::PageBreak);
        } else if KEPT_FORMATS.contains(&format.as_str()) {
            if is_tex(&format) {
                self.warn_unset(&text, self.pos(node));
            }
            out.push(Block::Raw { format, text });
        } else {
            self.dropped(node, &format, "block");
        }
    }

    pub(super) fn raw_inline(
        &self,
        node: &AstNode<'_>,
        format: String,
        text: String,
    ) -> Vec<Inline> {
        if KEPT_FORMATS.contains(&format.as_str()) || pandoc::is_page_break_command(&format, &text)
        {
            if is_tex(&format) {
                self.warn_unset(&text, self.pos(node));
            }
            // A paragraph of only a page break becomes one (pandoc::finish).
            vec![Inline::Raw { format, text }]
        } else {
            self.dropped(node, &format, "inline");
            Vec::new()
        }
    }

    /// A paragraph, or the blocks lifted from the lines where its text is
    /// a marker (raw TeX), with what comrak joined to the marker's line
    /// (the text right under a command) a paragraph of its own.
    pub(super) fn paragraph(&self, content: Vec<Inline>, out: &mut Vec<Block>) {
        if self.lifted.is_empty() {
            out.push(Block::Paragraph { content });
            return;
        }
        let mut rest = Vec::new();
        let mut lines = content.into_iter().peekable();
        while let Some(inline) = lines.next() {
            let marked = match &inline {
                Inline::Text { text } => pandoc::marked(text).and_then(|i| self.lifted.get(i)),
                _ => None,
            };
            let Some(lifted) = marked else {
                rest.push(inline);
                continue;
            };
            // The break after the marker's line belongs to neither part.
            if matches!(rest.last(), Some(Inline::SoftBreak | Inline::LineBreak)) {
                rest.pop();
            }
            if !rest.is_empty() {
                out.push(Block::Paragraph {
                    content: std::mem::take(&mut rest),
                });
            }
            // The note references put beside the marker so that comrak
            // keeps their notes (the cells refer to them themselves).
            while matches!(lines.peek(), Some(Inline::NoteRef { .. })) {
                lines.next();
            }
            if matches!(lines.peek(), Some(Inline::SoftBreak | Inline::LineBreak)) {
                lines.next();
            }
            out.extend(self.lifted_block(lifted));
        }
        if !rest.is_empty() {
            out.push(Block::Paragraph { content: rest });
        }
    }

    /// The block a lifted one is, or none for metadata (kept for the build).
    fn lifted_block(&self, lifted: &Lifted) -> Option<Block> {
        let pos = |line: usize| Pos {
            line: line as u32 + self.line_offset,
            column: 1,
        };
        match lifted {
            Lifted::TitleBlock {
                title,
                authors,
                date,
            } => {
                self.metadata.borrow_mut().push(BodyMetadata::TitleBlock {
                    title: title.clone(),
                    authors: authors.clone(),
                    date: date.clone(),
                });
                None
            }
            Lifted::Metadata { yaml, line } => {
                self.metadata.borrow_mut().push(BodyMetadata::Yaml {
                    yaml: yaml.clone(),
                    pos: pos(*line),
                });
                None
            }
            Lifted::Table(table) => Some(self.lifted_table(table)),
            Lifted::RawTex { text, line } => {
                if pandoc::is_page_break_command("latex", text) {
                    return Some(Block::PageBreak);
                }
                // LaTeX's math environments are display math, as pandoc
                // reads them (`\begin{align}` … `\end{align}`).
                if self.dialect.has(Extension::TexMathDollars) && is_math_environment(text) {
                    return Some(Block::Paragraph {
                        content: vec![Inline::Math {
                            display: true,
                            tex: text.clone(),
                            pos: pos(*line),
                        }],
                    });
                }
                self.warn_unset(text, pos(*line));
                Some(Block::Raw {
                    format: "latex".to_owned(),
                    text: text.clone(),
                })
            }
        }
    }

    /// Raw TeX commands in a comrak text node (`\textbf{x}`, `\hfill`), as
    /// pandoc reads them inline: each a raw `tex` inline, the rest text.
    /// Within one node only: comrak ends a node at an escape, so a
    /// backslash here was never `\\`.
    pub(super) fn inline_tex(&self, text: String, node: &AstNode<'_>) -> Vec<Inline> {
        if !self.dialect.is_markdown()
            || !self.dialect.has(Extension::RawTex)
            || !text.contains('\\')
        {
            return vec![Inline::text(text)];
        }
        let mut out = Vec::new();
        let mut plain = String::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find('\\') {
            plain.push_str(&rest[..at]);
            rest = &rest[at..];
            match pandoc::command_len(rest) {
                Some(len) => {
                    if !plain.is_empty() {
                        out.push(Inline::text(std::mem::take(&mut plain)));
                    }
                    let raw = &rest[..len];
                    if self.dialect.has(Extension::TexMathDollars) && is_math_environment(raw) {
                        out.push(Inline::Math {
                            display: true,
                            tex: raw.to_owned(),
                            pos: self.pos(node),
                        });
                    } else {
                        self.warn_unset(raw, self.pos(node));
                        out.push(Inline::Raw {
                            format: "tex".to_owned(),
                            text: raw.to_owned(),
                        });
                    }
                    rest = &rest[len..];
                }
                None => {
                    plain.push('\\');
                    rest = &rest[1..];
                }
            }
        }
        plain.push_str(rest);
        if !plain.is_empty() {
            out.push(Inline::text(plain));
        }
        out
    }

    /// One warning for each TeX command no writer sets, the first time the
    /// document uses it.
    fn warn_unset(&self, raw: &str, pos: Pos) {
        let mut warned = self.tex_warned.borrow_mut();
        for name in pandoc::unset_commands(raw) {
            if warned.contains(&name) {
                continue;
            }
            self.warnings.borrow_mut().push((
                pos,
                format!(
                    "raw TeX `\\{name}` is left out: quire sets only page breaks, spacing, \\noindent, \\textbf, \\emph, \\underline, \\hfill and the center, flushleft and flushright environments"
                ),
            ));
            warned.push(name);
        }
    }

    /// A fenced code block's language: the info string's first word, or in
    /// pandoc's form (```` ```{.python #id} ````) the first class.
    /// A fence's language and attributes: `python`, or pandoc's
    /// `{.python .numberLines}` (the language is the first class).
    pub(super) fn code_info(&self, info: &str) -> (Option<String>, Attr) {
        let info = info.trim();
        if self.dialect.is_markdown() && info.starts_with('{') {
            if let Some((attr, _)) = pandoc::parse_attr(info) {
                return (attr.classes.first().cloned(), attr);
            }
        }
        // pandoc's ```` ```yaml {.class #id} ````: the word is the first class.
        if self.dialect.is_markdown() {
            let word_end = info.find(|c: char| c.is_whitespace() || c == '{');
            if let Some((word, rest)) = word_end.map(|at| info.split_at(at)) {
                let rest = rest.trim_start();
                if let Some((mut attr, _)) =
                    pandoc::parse_attr(rest).filter(|(_, len)| *len == rest.len())
                {
                    if !word.is_empty() {
                        attr.classes.insert(0, word.to_owned());
                    }
                    return (attr.classes.first().cloned(), attr);
                }
            }
        }
        (
            info.split_whitespace().next().map(str::to_owned),
            Attr::default(),
        )
    }

    pub(super) fn dropped(&self, node: &AstNode<'_>, format: &str, what: &str) {
        self.warnings.borrow_mut().push((
            self.pos(node),
            format!("raw `{format}` {what} left out: no output format of quire reads {format}"),
        ));
    }
}

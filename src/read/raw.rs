//! Raw blocks and inlines: `{=format}` code, and raw TeX as pandoc's
//! `raw_tex` reads it. HTML is kept for the HTML writers; TeX is kept for
//! the paged writers (PDF, DOCX), which set the commands a pandoc → LaTeX
//! user writes for layout; a command none sets is named in a warning once.

use super::pandoc::{self, Lifted};
use super::{Attr, Block, BodyMetadata, Extension, Inline, Pos, Reader};

/// The LaTeX environments pandoc's HTML writer sets as display math
/// (`isMathEnvironment` in pandoc 3.9's `Writers/HTML.hs`); any other
/// (`math`, `displaymath`, `flalign`) stays raw TeX, which HTML leaves out.
const MATH_ENVIRONMENTS: &[&str] = &[
    "align",
    "align*",
    "alignat",
    "alignat*",
    "aligned",
    "alignedat",
    "array",
    "Bmatrix",
    "bmatrix",
    "cases",
    "CD",
    "eqnarray",
    "eqnarray*",
    "equation",
    "equation*",
    "gather",
    "gather*",
    "gathered",
    "matrix",
    "multline",
    "multline*",
    "pmatrix",
    "prooftree",
    "smallmatrix",
    "split",
    "subarray",
    "Vmatrix",
    "vmatrix",
];

/// Whether raw TeX is one math environment, `\begin{align*}…\end{align*}`.
fn is_math_environment(raw: &str) -> bool {
    let Some(rest) = raw.trim().strip_prefix("\\begin{") else {
        return false;
    };
    let name = rest.split('}').next().unwrap_or("");
    MATH_ENVIRONMENTS.contains(&name) && raw.trim_end().ends_with(&format!("\\end{{{name}}}"))
}

fn is_tex(format: &str) -> bool {
    matches!(format, "latex" | "tex")
}
use comrak::nodes::{AstNode, NodeValue};

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
                Inline::Text { text } => {
                    pandoc::marked(text).and_then(|i| self.lifted.get(i).map(|lifted| (i, lifted)))
                }
                _ => None,
            };
            let Some((index, lifted)) = marked else {
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
            out.extend(self.lifted_block(index, lifted));
        }
        if !rest.is_empty() {
            out.push(Block::Paragraph { content: rest });
        }
    }

    /// The block a lifted one is, or none for metadata (kept for the build).
    fn lifted_block(&self, index: usize, lifted: &Lifted) -> Option<Block> {
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
            Lifted::InlineTex { text, line } => Some(Block::Paragraph {
                content: vec![self.tex_inline(text, pos(*line))],
            }),
            Lifted::RawTex { text, line } => {
                if pandoc::is_page_break_command("latex", text) {
                    return Some(Block::PageBreak);
                }
                let (text, rest) = self.lifted_tex(index, text, pos(*line));
                // LaTeX's math environments are display math, as pandoc
                // reads them (`\begin{align}` … `\end{align}`).
                if self.dialect.has(Extension::TexMathDollars) && is_math_environment(&text) {
                    return Some(Block::Paragraph {
                        content: vec![Inline::Math {
                            display: true,
                            tex: text,
                            pos: pos(*line),
                        }],
                    });
                }
                self.warn_unset(&rest, pos(*line));
                Some(Block::Raw {
                    format: "latex".to_owned(),
                    text,
                })
            }
        }
    }

    /// Raw TeX in a comrak text node: environments lifted from running
    /// text (their markers) and commands (`\textbf{x}`, `\hfill`), as
    /// pandoc reads them inline: each a raw `tex` inline (or display math),
    /// the rest text.
    pub(super) fn inline_tex(&self, text: String, node: &AstNode<'_>) -> Vec<Inline> {
        if !self.dialect.is_markdown() || !self.dialect.has(Extension::RawTex) {
            return vec![Inline::text(text)];
        }
        if !text.contains(pandoc::MARK) {
            return self.tex_commands(text, node);
        }
        let mut out = Vec::new();
        let mut rest = text.as_str();
        let mark_len = pandoc::MARK.len_utf8();
        while let Some(start) = rest.find(pandoc::MARK) {
            let after = &rest[start + mark_len..];
            let Some(end) = after.find(pandoc::MARK) else {
                break;
            };
            let lifted = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| self.lifted.get(i));
            let Some(Lifted::InlineTex { text: raw, line }) = lifted else {
                // A block's marker: the paragraph puts the block back.
                out.extend(self.tex_commands(rest[..start + mark_len].to_owned(), node));
                rest = after;
                continue;
            };
            if start > 0 {
                out.extend(self.tex_commands(rest[..start].to_owned(), node));
            }
            let pos = Pos {
                line: *line as u32 + self.line_offset,
                column: 1,
            };
            out.push(self.tex_inline(raw, pos));
            rest = &after[end + mark_len..];
        }
        if !rest.is_empty() {
            out.extend(self.tex_commands(rest.to_owned(), node));
        }
        // Texts split at markers are joined again by `inlines`.
        out
    }

    /// One raw TeX inline, read with the macros: display math where it is
    /// a math environment.
    fn tex_inline(&self, raw: &str, pos: Pos) -> Inline {
        let (raw, unset) = self.read_tex(raw, pos);
        if self.dialect.has(Extension::TexMathDollars) && is_math_environment(&raw) {
            Inline::Math {
                display: true,
                tex: raw,
                pos,
            }
        } else {
            self.warn_unset(&unset, pos);
            Inline::Raw {
                format: "tex".to_owned(),
                text: raw,
            }
        }
    }

    /// Raw TeX commands in text, within one comrak node: comrak ends a
    /// node at an escape, so a backslash here was never `\\`.
    fn tex_commands(&self, text: String, node: &AstNode<'_>) -> Vec<Inline> {
        if !text.contains('\\') {
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
                    out.push(self.tex_inline(&rest[..len], self.pos(node)));
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

    /// A lifted raw TeX block read with the macros, once, when its marker
    /// is first met: the inlines of the paragraph it sits in (its math)
    /// are read before the paragraph's markers are put back.
    pub(super) fn lifted_tex(&self, index: usize, raw: &str, pos: Pos) -> (String, String) {
        if let Some(read) = self.lifted_read.borrow().get(&index) {
            return read.clone();
        }
        let read = self.read_tex(raw, pos);
        self.lifted_read.borrow_mut().insert(index, read.clone());
        read
    }

    /// The lifted raw TeX block a text node marks, read (`lifted_tex`).
    pub(super) fn read_marked_tex(&self, text: &str) {
        let Some(index) = pandoc::marked(text) else {
            return;
        };
        if let Some(Lifted::RawTex { text, line }) = self.lifted.get(index) {
            let pos = Pos {
                line: *line as u32 + self.line_offset,
                column: 1,
            };
            self.lifted_tex(index, text, pos);
        }
    }

    /// Raw TeX read with the macros defined before it (pandoc's
    /// `latex_macros`): its definitions recorded and kept as written, the
    /// rest expanded. The text to keep, and the part whose commands a
    /// writer must set (not the definitions, which quire applies).
    fn read_tex(&self, raw: &str, pos: Pos) -> (String, String) {
        if !self.dialect.has(Extension::LatexMacros) {
            return (raw.to_owned(), raw.to_owned());
        }
        let read = self.macros.borrow_mut().read_raw(raw);
        match read {
            Ok(read) => {
                for name in read.redefined {
                    self.warnings.borrow_mut().push((
                        pos,
                        format!("TeX macro `\\{name}` is already defined: this definition is ignored, as pandoc ignores it (`\\renewcommand` replaces one)"),
                    ));
                }
                (read.text, read.rest)
            }
            Err(overflow) => {
                self.warn_overflow(&overflow, pos);
                (raw.to_owned(), raw.to_owned())
            }
        }
    }

    /// Math with the macros defined before it expanded (`latex_macros`).
    pub(super) fn expand_math(&self, tex: String, pos: Pos) -> String {
        if !self.dialect.has(Extension::LatexMacros) {
            return tex;
        }
        let expanded = self.macros.borrow().expand_math(&tex);
        match expanded {
            Ok(expanded) => expanded,
            Err(overflow) => {
                self.warn_overflow(&overflow, pos);
                tex
            }
        }
    }

    /// A warning where `$…$` is likely two dollar signs of text
    /// (`$HOME/$USER`), with the fix.
    pub(super) fn check_dollars(&self, node: &AstNode<'_>, math: &comrak::nodes::NodeMath) {
        if !math.dollar_math || math.display_math || !self.dialect.is_markdown() {
            return;
        }
        let Some(next) = node.next_sibling() else {
            return;
        };
        let NodeValue::Text(after) = &next.data().value else {
            return;
        };
        if pandoc::dollars::likely_text(&math.literal, after) {
            self.warnings.borrow_mut().push((
                self.pos(node),
                pandoc::dollars::warning(&math.literal, after),
            ));
        }
    }

    /// A warning for a macro that expands without end, which is then
    /// forgotten: later uses stay as written at no cost (a document of
    /// thousands of such formulas stays linear).
    fn warn_overflow(&self, overflow: &pandoc::macros::Overflow, pos: Pos) {
        self.macros.borrow_mut().forget(&overflow.name);
        self.warnings.borrow_mut().push((
            pos,
            format!(
                "TeX macro `\\{}` expands without end (does it use itself?): the TeX is left as written",
                overflow.name
            ),
        ));
    }

    /// One warning for each TeX command no writer sets, the first time the
    /// document uses it.
    fn warn_unset(&self, raw: &str, pos: Pos) {
        if let Some((_, key)) = pandoc::equation_reference(raw) {
            let mut references = self.equation_references.borrow_mut();
            references.push((pos, key.to_owned()));
            return;
        }
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

    /// A warning for each `\eqref{key}` or `\ref{key}` whose key no
    /// formula's `\label` gives: it is left out.
    pub(super) fn warn_unlabelled(&self, blocks: &[Block], notes: &[crate::doc::Note]) {
        let references = self.equation_references.borrow();
        if references.is_empty() {
            return;
        }
        let mut labels = String::new();
        let mut collect = |node: crate::doc::Node<'_>| {
            if let crate::doc::Node::Inline(Inline::Math { tex, .. }) = node {
                if tex.contains("\\label") {
                    labels.push_str(tex);
                }
            }
        };
        crate::doc::walk_blocks(blocks, &mut collect);
        for note in notes {
            crate::doc::walk_blocks(&note.blocks, &mut collect);
        }
        for (pos, key) in references.iter() {
            if !labels.contains(&format!("\\label{{{key}}}")) {
                self.warnings.borrow_mut().push((
                    *pos,
                    format!("`{key}` is no equation's \\label: the reference to it is left out"),
                ));
            }
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

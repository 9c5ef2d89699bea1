//! The tree → pandoc's AST.

use super::meta;
use super::types as p;
use crate::doc::{
    self, Align, Block, CitationMode, Column, Delim, Document, Inline, ListStyle, Note,
};

/// What a page break is in pandoc's tree: the raw LaTeX that pandoc's
/// page-break filters (pandoc-docx-pagebreak, pythondotorg's) look for.
pub const PAGE_BREAK: (&str, &str) = ("latex", "\\newpage");

/// `☐` and `☒` open a task list item, as pandoc's `task_lists` reads it.
pub const TASK_OPEN: &str = "☐";
pub const TASK_DONE: &str = "☒";

pub fn pandoc(doc: &Document) -> p::Pandoc {
    let mut writer = Writer {
        notes: &doc.notes,
        open_notes: Vec::new(),
    };
    p::Pandoc {
        api_version: super::API_VERSION.to_vec(),
        meta: meta::write(&doc.meta),
        blocks: writer.blocks(&doc.blocks),
    }
}

pub struct Writer<'a> {
    notes: &'a [Note],
    /// The notes being written, innermost last: a note that refers to
    /// itself is written once.
    open_notes: Vec<usize>,
}

impl Writer<'_> {
    pub fn blocks(&mut self, blocks: &[Block]) -> Vec<p::Block> {
        blocks
            .iter()
            .map(|block| self.block(block, false))
            .collect()
    }

    /// Blocks where pandoc writes a paragraph as `Plain` (a tight list's
    /// items, table cells, captions).
    fn plain_blocks(&mut self, blocks: &[Block]) -> Vec<p::Block> {
        blocks.iter().map(|block| self.block(block, true)).collect()
    }

    fn block(&mut self, block: &Block, plain: bool) -> p::Block {
        match block {
            Block::Heading {
                level,
                attr,
                content,
                ..
            } => p::Block::Header(i64::from(*level), self::attr(attr), self.inlines(content)),
            Block::Paragraph { content } if plain => p::Block::Plain(self.inlines(content)),
            Block::Paragraph { content } => p::Block::Para(self.inlines(content)),
            Block::Figure { content } => {
                let caption = doc::figure_caption(content);
                let caption = if caption.is_empty() {
                    Vec::new()
                } else {
                    vec![p::Block::Plain(self.inlines(caption))]
                };
                p::Block::Figure(
                    p::Attr::default(),
                    p::Caption(None, caption),
                    vec![p::Block::Plain(self.inlines(content))],
                )
            }
            Block::List {
                start,
                style,
                delimiter,
                tight,
                items,
            } => {
                let items = items
                    .iter()
                    .map(|item| {
                        let mut blocks = if *tight {
                            self.plain_blocks(&item.blocks)
                        } else {
                            self.blocks(&item.blocks)
                        };
                        if let Some(done) = item.task {
                            mark_task(&mut blocks, done);
                        }
                        blocks
                    })
                    .collect();
                match start {
                    None => p::Block::BulletList(items),
                    Some(start) => p::Block::OrderedList(
                        p::ListAttributes(
                            i64::try_from(*start).unwrap_or(i64::MAX),
                            number_style(*style),
                            number_delim(*delimiter),
                        ),
                        items,
                    ),
                }
            }
            // A tight item's definitions are `Plain`, a loose one's `Para`.
            Block::DefinitionList { items } => p::Block::DefinitionList(
                items
                    .iter()
                    .map(|item| {
                        let definitions = item
                            .definitions
                            .iter()
                            .map(|blocks| match item.tight {
                                true => self.plain_blocks(blocks),
                                false => self.blocks(blocks),
                            })
                            .collect();
                        (self.inlines(&item.term), definitions)
                    })
                    .collect(),
            ),
            Block::LineBlock { lines } => {
                p::Block::LineBlock(lines.iter().map(|line| self.inlines(line)).collect())
            }
            Block::Quote { blocks } => p::Block::BlockQuote(self.blocks(blocks)),
            Block::Code { lang, attr, text } => {
                let mut attr = self::attr(attr);
                if let Some(lang) = lang {
                    if attr.1.first() != Some(lang) {
                        attr.1.insert(0, lang.clone());
                    }
                }
                p::Block::CodeBlock(attr, text.clone())
            }
            Block::Table {
                attr,
                caption,
                columns,
                head,
                body,
                foot,
                ..
            } => {
                let caption = if caption.is_empty() {
                    p::Caption::default()
                } else {
                    p::Caption(None, vec![p::Block::Plain(self.inlines(caption))])
                };
                p::Block::Table(Box::new(p::Table(
                    self::attr(attr),
                    caption,
                    columns.iter().map(col_spec).collect(),
                    p::TableHead(p::Attr::default(), self.rows(head)),
                    vec![p::TableBody(
                        p::Attr::default(),
                        0,
                        Vec::new(),
                        self.rows(body),
                    )],
                    p::TableFoot(p::Attr::default(), self.rows(foot)),
                )))
            }
            Block::Div { attr, blocks } => p::Block::Div(self::attr(attr), self.blocks(blocks)),
            Block::PageBreak => {
                p::Block::RawBlock(PAGE_BREAK.0.to_owned(), PAGE_BREAK.1.to_owned())
            }
            Block::Rule => p::Block::HorizontalRule,
            Block::Raw { format, text } => p::Block::RawBlock(format.clone(), text.clone()),
        }
    }

    fn rows(&mut self, rows: &[doc::Row]) -> Vec<p::Row> {
        rows.iter()
            .map(|row| {
                let cells = row
                    .iter()
                    .map(|cell| {
                        p::Cell(
                            attr(&cell.attr),
                            alignment(cell.align),
                            i64::from(cell.row_span),
                            i64::from(cell.col_span),
                            self.plain_blocks(&cell.blocks),
                        )
                    })
                    .collect();
                p::Row(p::Attr::default(), cells)
            })
            .collect()
    }

    pub fn inlines(&mut self, inlines: &[Inline]) -> Vec<p::Inline> {
        let mut out = Vec::new();
        for inline in inlines {
            self.inline(inline, &mut out);
        }
        out
    }

    fn inline(&mut self, inline: &Inline, out: &mut Vec<p::Inline>) {
        let converted = match inline {
            Inline::Text { text } => return push_words(text, out),
            Inline::Emph { content } => p::Inline::Emph(self.inlines(content)),
            Inline::Strong { content } => p::Inline::Strong(self.inlines(content)),
            Inline::Strike { content } => p::Inline::Strikeout(self.inlines(content)),
            Inline::Underline { content } => p::Inline::Underline(self.inlines(content)),
            Inline::SmallCaps { content } => p::Inline::SmallCaps(self.inlines(content)),
            Inline::Mark { content } => p::Inline::Span(
                p::Attr(String::new(), vec!["mark".to_owned()], Vec::new()),
                self.inlines(content),
            ),
            Inline::Superscript { content } => p::Inline::Superscript(self.inlines(content)),
            Inline::Subscript { content } => p::Inline::Subscript(self.inlines(content)),
            Inline::Span { attr, content } => {
                p::Inline::Span(self::attr(attr), self.inlines(content))
            }
            Inline::Code { attr, text } => p::Inline::Code(self::attr(attr), text.clone()),
            Inline::Link {
                attr,
                url,
                title,
                content,
                ..
            } => p::Inline::Link(
                self::attr(attr),
                self.inlines(content),
                (url.clone(), title.clone()),
            ),
            Inline::Image {
                attr,
                url,
                title,
                alt,
                ..
            } => p::Inline::Image(
                self::attr(attr),
                self.inlines(alt),
                (url.clone(), title.clone()),
            ),
            Inline::Math { display, tex, .. } => p::Inline::Math(
                if *display {
                    p::MathType::DisplayMath
                } else {
                    p::MathType::InlineMath
                },
                tex.clone(),
            ),
            Inline::Cite { citations, content } => {
                let citations = citations
                    .iter()
                    .enumerate()
                    .map(|(i, citation)| p::Citation {
                        citation_id: citation.id.clone(),
                        citation_prefix: self.inlines(&citation.prefix),
                        citation_suffix: self.inlines(&citation.suffix),
                        citation_mode: match citation.mode {
                            CitationMode::Normal => p::CitationMode::NormalCitation,
                            CitationMode::AuthorInText => p::CitationMode::AuthorInText,
                            CitationMode::SuppressAuthor => p::CitationMode::SuppressAuthor,
                        },
                        citation_note_num: i as i64 + 1,
                        citation_hash: 0,
                    })
                    .collect();
                p::Inline::Cite(citations, self.inlines(content))
            }
            Inline::NoteRef { index } => {
                let blocks = match self.notes.get(*index) {
                    Some(note) if !self.open_notes.contains(index) => {
                        self.open_notes.push(*index);
                        let blocks = self.blocks(&note.blocks);
                        self.open_notes.pop();
                        blocks
                    }
                    _ => Vec::new(),
                };
                p::Inline::Note(blocks)
            }
            Inline::SoftBreak => p::Inline::SoftBreak,
            Inline::LineBreak => p::Inline::LineBreak,
            Inline::Raw { format, text } => p::Inline::RawInline(format.clone(), text.clone()),
        };
        out.push(converted);
    }
}

/// Text as pandoc's words: `Str` between `Space`s (a run of spaces is one).
pub fn push_words(text: &str, out: &mut Vec<p::Inline>) {
    let mut word = String::new();
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n') {
            if !word.is_empty() {
                out.push(p::Inline::Str(std::mem::take(&mut word)));
            }
            if out.last() != Some(&p::Inline::Space) {
                out.push(p::Inline::Space);
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(p::Inline::Str(word));
    }
}

/// A task list item's box before its first words, as pandoc's reader puts it.
fn mark_task(blocks: &mut Vec<p::Block>, done: bool) {
    let mark = [
        p::Inline::Str(if done { TASK_DONE } else { TASK_OPEN }.to_owned()),
        p::Inline::Space,
    ];
    match blocks.first_mut() {
        Some(p::Block::Plain(inlines) | p::Block::Para(inlines)) => {
            inlines.splice(0..0, mark);
        }
        _ => blocks.insert(0, p::Block::Plain(mark[..1].to_vec())),
    }
}

pub fn attr(attr: &doc::Attr) -> p::Attr {
    p::Attr(attr.id.clone(), attr.classes.clone(), attr.pairs.clone())
}

fn col_spec(column: &Column) -> p::ColSpec {
    p::ColSpec(
        alignment(column.align),
        match column.width {
            Some(width) => p::ColWidth::ColWidth(width),
            None => p::ColWidth::ColWidthDefault,
        },
    )
}

fn alignment(align: Align) -> p::Alignment {
    match align {
        Align::None => p::Alignment::AlignDefault,
        Align::Left => p::Alignment::AlignLeft,
        Align::Center => p::Alignment::AlignCenter,
        Align::Right => p::Alignment::AlignRight,
    }
}

fn number_style(style: ListStyle) -> p::NumberStyle {
    match style {
        ListStyle::Decimal => p::NumberStyle::Decimal,
        ListStyle::LowerAlpha => p::NumberStyle::LowerAlpha,
        ListStyle::UpperAlpha => p::NumberStyle::UpperAlpha,
        ListStyle::LowerRoman => p::NumberStyle::LowerRoman,
        ListStyle::UpperRoman => p::NumberStyle::UpperRoman,
    }
}

fn number_delim(delim: Delim) -> p::NumberDelim {
    match delim {
        Delim::Period => p::NumberDelim::Period,
        Delim::OneParen => p::NumberDelim::OneParen,
        Delim::TwoParens => p::NumberDelim::TwoParens,
    }
}

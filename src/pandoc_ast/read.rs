//! pandoc's AST → the tree.

use super::meta;
use super::types as p;
use super::write::{PAGE_BREAK, TASK_DONE, TASK_OPEN};
use crate::doc::{
    self, Align, Block, Cell, Citation, CitationMode, Column, Definition, Delim, Document, Inline,
    Item, ListStyle, Note, Pos,
};

/// The raw TeX commands that are a page break, as quire's reader takes them.
const PAGE_BREAK_COMMANDS: &[&str] = &[PAGE_BREAK.1, "\\pagebreak", "\\clearpage"];

pub fn document(pandoc: p::Pandoc) -> Document {
    let mut reader = Reader::default();
    let blocks = reader.blocks(pandoc.blocks);
    let meta = meta::read(pandoc.meta);
    Document {
        meta,
        blocks,
        notes: reader.notes,
    }
}

#[derive(Default)]
pub struct Reader {
    /// pandoc's inline notes, in the order they are met.
    notes: Vec<Note>,
}

impl Reader {
    pub fn blocks(&mut self, blocks: Vec<p::Block>) -> Vec<Block> {
        blocks
            .into_iter()
            .filter_map(|block| self.block(block))
            .collect()
    }

    fn block(&mut self, block: p::Block) -> Option<Block> {
        Some(match block {
            p::Block::Plain(inlines) | p::Block::Para(inlines) => Block::Paragraph {
                content: self.inlines(inlines),
            },
            p::Block::LineBlock(lines) => Block::LineBlock {
                lines: lines.into_iter().map(|line| self.inlines(line)).collect(),
            },
            p::Block::CodeBlock(attr, text) => {
                let attr = self::attr(attr);
                let lang = attr.classes.first().cloned();
                // A plain fence (```` ```python ````) carries its language only.
                let plain_fence =
                    attr.id.is_empty() && attr.pairs.is_empty() && attr.classes.len() == 1;
                Block::Code {
                    lang,
                    attr: if plain_fence {
                        doc::Attr::default()
                    } else {
                        attr
                    },
                    text,
                }
            }
            p::Block::RawBlock(format, text) => {
                let format = raw_format(&format);
                if is_page_break(&format, &text) {
                    Block::PageBreak
                } else {
                    Block::Raw { format, text }
                }
            }
            p::Block::BlockQuote(blocks) => Block::Quote {
                blocks: self.blocks(blocks),
            },
            p::Block::OrderedList(p::ListAttributes(start, style, delim), items) => {
                let (tight, items) = self.items(items);
                Block::List {
                    start: Some(u64::try_from(start).unwrap_or(0)),
                    style: list_style(style),
                    delimiter: list_delim(delim),
                    tight,
                    items,
                }
            }
            p::Block::BulletList(items) => {
                let (tight, items) = self.items(items);
                Block::List {
                    start: None,
                    style: ListStyle::default(),
                    delimiter: Delim::default(),
                    tight,
                    items,
                }
            }
            p::Block::DefinitionList(items) => Block::DefinitionList {
                items: items
                    .into_iter()
                    .map(|(term, definitions)| Definition {
                        // Plain definitions are a tight item's.
                        tight: definitions
                            .iter()
                            .all(|blocks| matches!(blocks.first(), Some(p::Block::Plain(_)))),
                        term: self.inlines(term),
                        definitions: definitions
                            .into_iter()
                            .map(|blocks| self.blocks(blocks))
                            .collect(),
                    })
                    .collect(),
            },
            p::Block::Header(level, attr, inlines) => Block::Heading {
                level: level.clamp(1, 6) as u8,
                attr: self::attr(attr),
                content: self.inlines(inlines),
                pos: Pos::default(),
            },
            p::Block::HorizontalRule => Block::Rule,
            p::Block::Table(table) => {
                let p::Table(attr, caption, columns, head, bodies, foot) = *table;
                let mut body = Vec::new();
                for p::TableBody(_, _, head_rows, rows) in bodies {
                    body.extend(self.rows(head_rows));
                    body.extend(self.rows(rows));
                }
                Block::Table {
                    attr: self::attr(attr),
                    caption: self.caption(caption.1),
                    columns: columns.into_iter().map(column).collect(),
                    head: self.rows(head.1),
                    body,
                    foot: self.rows(foot.1),
                    pos: Pos::default(),
                }
            }
            p::Block::Figure(attr, caption, blocks) => self.figure(attr, caption, blocks),
            p::Block::Div(attr, blocks) => Block::Div {
                attr: self::attr(attr),
                blocks: self.blocks(blocks),
            },
            p::Block::Null => return None,
        })
    }

    /// A list's items, and whether the list is tight (no item holds a
    /// `Para`, as pandoc's reader writes a tight list).
    fn items(&mut self, items: Vec<Vec<p::Block>>) -> (bool, Vec<Item>) {
        let tight = !items
            .iter()
            .flatten()
            .any(|block| matches!(block, p::Block::Para(_)));
        let items = items
            .into_iter()
            .map(|mut blocks| {
                let task = take_task(&mut blocks);
                Item {
                    task,
                    blocks: self.blocks(blocks),
                }
            })
            .collect();
        (tight, items)
    }

    fn rows(&mut self, rows: Vec<p::Row>) -> Vec<doc::Row> {
        rows.into_iter()
            .map(|p::Row(_, cells)| {
                cells
                    .into_iter()
                    .map(|p::Cell(attr, align, row_span, col_span, blocks)| Cell {
                        attr: self::attr(attr),
                        align: self::align(align),
                        row_span: u32::try_from(row_span.max(1)).unwrap_or(1),
                        col_span: u32::try_from(col_span.max(1)).unwrap_or(1),
                        blocks: self.blocks(blocks),
                    })
                    .collect()
            })
            .collect()
    }

    /// A caption's blocks as the inlines of quire's captions: paragraphs
    /// joined by line breaks.
    fn caption(&mut self, blocks: Vec<p::Block>) -> Vec<Inline> {
        let mut out = Vec::new();
        for block in self.blocks(blocks) {
            if !out.is_empty() {
                out.push(Inline::LineBreak);
            }
            match block {
                Block::Paragraph { content } => out.extend(content),
                other => out.push(Inline::text(doc::block_plain_text(&other))),
            }
        }
        out
    }

    /// pandoc's figure: quire's when it holds one image (its caption the
    /// image's alt text), else a div of class `figure` with its caption
    /// last.
    fn figure(&mut self, attr: p::Attr, caption: p::Caption, blocks: Vec<p::Block>) -> Block {
        let caption = self.caption(caption.1);
        let mut blocks = self.blocks(blocks);
        if let [Block::Paragraph { content }] = blocks.as_mut_slice() {
            let image = match content.as_mut_slice() {
                [Inline::Image { alt, .. }] => Some(alt),
                [Inline::Link { content, .. }] => match content.as_mut_slice() {
                    [Inline::Image { alt, .. }] => Some(alt),
                    _ => None,
                },
                _ => None,
            };
            if let Some(alt) = image {
                if !caption.is_empty() {
                    *alt = caption;
                }
                let content = std::mem::take(content);
                return Block::Figure { content };
            }
        }
        let mut attr = self::attr(attr);
        if !attr.has_class("figure") {
            attr.classes.insert(0, "figure".to_owned());
        }
        if !caption.is_empty() {
            blocks.push(Block::Paragraph { content: caption });
        }
        Block::Div { attr, blocks }
    }

    pub fn inlines(&mut self, inlines: Vec<p::Inline>) -> Vec<Inline> {
        let mut out = Vec::new();
        for inline in inlines {
            self.inline(inline, &mut out);
        }
        out
    }

    fn inline(&mut self, inline: p::Inline, out: &mut Vec<Inline>) {
        let converted = match inline {
            p::Inline::Str(text) => return push_text(out, &text),
            p::Inline::Space => return push_text(out, " "),
            p::Inline::Quoted(kind, inlines) => {
                let (open, close) = match kind {
                    p::QuoteType::DoubleQuote => ("“", "”"),
                    p::QuoteType::SingleQuote => ("‘", "’"),
                };
                push_text(out, open);
                for inline in inlines {
                    self.inline(inline, out);
                }
                return push_text(out, close);
            }
            p::Inline::Emph(c) => Inline::Emph {
                content: self.inlines(c),
            },
            p::Inline::Underline(c) => Inline::Underline {
                content: self.inlines(c),
            },
            p::Inline::Strong(c) => Inline::Strong {
                content: self.inlines(c),
            },
            p::Inline::Strikeout(c) => Inline::Strike {
                content: self.inlines(c),
            },
            p::Inline::Superscript(c) => Inline::Superscript {
                content: self.inlines(c),
            },
            p::Inline::Subscript(c) => Inline::Subscript {
                content: self.inlines(c),
            },
            p::Inline::SmallCaps(c) => Inline::SmallCaps {
                content: self.inlines(c),
            },
            p::Inline::Cite(citations, content) => Inline::Cite {
                citations: citations
                    .into_iter()
                    .map(|citation| Citation {
                        id: citation.citation_id,
                        prefix: self.inlines(citation.citation_prefix),
                        suffix: self.inlines(citation.citation_suffix),
                        mode: match citation.citation_mode {
                            p::CitationMode::NormalCitation => CitationMode::Normal,
                            p::CitationMode::AuthorInText => CitationMode::AuthorInText,
                            p::CitationMode::SuppressAuthor => CitationMode::SuppressAuthor,
                        },
                    })
                    .collect(),
                content: self.inlines(content),
            },
            p::Inline::Code(attr, text) => Inline::Code {
                attr: self::attr(attr),
                text,
            },
            p::Inline::SoftBreak => Inline::SoftBreak,
            p::Inline::LineBreak => Inline::LineBreak,
            p::Inline::Math(kind, tex) => Inline::Math {
                display: kind == p::MathType::DisplayMath,
                tex,
                pos: Pos::default(),
            },
            p::Inline::RawInline(format, text) => Inline::Raw {
                format: raw_format(&format),
                text,
            },
            p::Inline::Link(attr, content, (url, title)) => Inline::Link {
                attr: self::attr(attr),
                url,
                title,
                content: self.inlines(content),
                pos: Pos::default(),
            },
            p::Inline::Image(attr, alt, (url, title)) => Inline::Image {
                attr: self::attr(attr),
                url,
                title,
                alt: self.inlines(alt),
                pos: Pos::default(),
            },
            p::Inline::Note(blocks) => {
                // The note's number is taken before its blocks are read, so
                // notes are numbered in the order their references come.
                let index = self.notes.len();
                self.notes.push(Note {
                    label: (index + 1).to_string(),
                    blocks: Vec::new(),
                });
                let blocks = self.blocks(blocks);
                self.notes[index].blocks = blocks;
                Inline::NoteRef { index }
            }
            p::Inline::Span(attr, content) => {
                let content = self.inlines(content);
                if attr.0.is_empty() && attr.1 == ["mark"] && attr.2.is_empty() {
                    Inline::Mark { content }
                } else {
                    Inline::Span {
                        attr: self::attr(attr),
                        content,
                    }
                }
            }
        };
        out.push(converted);
    }
}

/// Words joined into the text before them.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    match out.last_mut() {
        Some(Inline::Text { text: last }) => last.push_str(text),
        _ => out.push(Inline::text(text)),
    }
}

/// A task list item's box, taken off its first words.
fn take_task(blocks: &mut [p::Block]) -> Option<bool> {
    let Some(p::Block::Plain(inlines) | p::Block::Para(inlines)) = blocks.first_mut() else {
        return None;
    };
    let done = match inlines.first() {
        Some(p::Inline::Str(mark)) if mark == TASK_OPEN => false,
        Some(p::Inline::Str(mark)) if mark == TASK_DONE => true,
        _ => return None,
    };
    let len = if inlines.get(1) == Some(&p::Inline::Space) {
        2
    } else if inlines.len() == 1 {
        1
    } else {
        return None;
    };
    inlines.drain(..len);
    Some(done)
}

/// pandoc's raw format names as quire's writers know them: `html5` and
/// `html4` are HTML.
fn raw_format(format: &str) -> String {
    match format.to_ascii_lowercase().as_str() {
        "html4" | "html5" => "html".to_owned(),
        other => other.to_owned(),
    }
}

fn is_page_break(format: &str, text: &str) -> bool {
    matches!(format, "latex" | "tex" | "context") && PAGE_BREAK_COMMANDS.contains(&text.trim())
}

pub fn attr(attr: p::Attr) -> doc::Attr {
    doc::Attr {
        id: attr.0,
        classes: attr.1,
        pairs: attr.2,
    }
}

fn column(spec: p::ColSpec) -> Column {
    Column {
        align: align(spec.0),
        width: match spec.1 {
            p::ColWidth::ColWidth(width) if width.is_finite() && width > 0.0 => Some(width),
            _ => None,
        },
    }
}

fn align(align: p::Alignment) -> Align {
    match align {
        p::Alignment::AlignDefault => Align::None,
        p::Alignment::AlignLeft => Align::Left,
        p::Alignment::AlignCenter => Align::Center,
        p::Alignment::AlignRight => Align::Right,
    }
}

fn list_style(style: p::NumberStyle) -> ListStyle {
    match style {
        p::NumberStyle::DefaultStyle | p::NumberStyle::Example | p::NumberStyle::Decimal => {
            ListStyle::Decimal
        }
        p::NumberStyle::LowerRoman => ListStyle::LowerRoman,
        p::NumberStyle::UpperRoman => ListStyle::UpperRoman,
        p::NumberStyle::LowerAlpha => ListStyle::LowerAlpha,
        p::NumberStyle::UpperAlpha => ListStyle::UpperAlpha,
    }
}

fn list_delim(delim: p::NumberDelim) -> Delim {
    match delim {
        p::NumberDelim::DefaultDelim | p::NumberDelim::Period => Delim::Period,
        p::NumberDelim::OneParen => Delim::OneParen,
        p::NumberDelim::TwoParens => Delim::TwoParens,
    }
}

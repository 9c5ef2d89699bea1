//! comrak → `Document`: the only room that knows comrak.
//!
//! Every node comrak produces maps to the tree; nodes of extensions quire
//! does not turn on are kept as their content, never dropped. The default
//! `markdown` dialect is pandoc's (`pandoc/`), extension by extension as
//! the dialect switches them: comrak parses what it can (divs, definition
//! lists, scripts, attributes, inline notes, math); a line pass lifts what
//! it cannot (pandoc's tables, raw TeX, the title block, metadata blocks)
//! and the reader puts it back at its marker (`raw.rs`, `table.rs`); a
//! pre-pass rewrites list markers; passes over the tree make spans,
//! citations, page breaks and line blocks. Block nodes are read here,
//! inline nodes in `inlines.rs`.

mod body;
mod inlines;
mod nodes;
mod pandoc;
mod raw;
mod table;

pub use body::{Body, BodyMetadata};
use nodes::{align, attr, options};
use table::resolve_note_labels;

use crate::doc::{
    Align, Attr, Block, Cell as TableCell, Column, Definition, Delim, Inline, Item, ListStyle,
    Note, Pos,
};
use comrak::nodes::{AstNode, ListDelimType, ListType, NodeValue};
use comrak::{parse_document, Arena};

use std::cell::Cell;
use std::collections::HashMap;

pub use crate::format::{Dialect, Extension, Flavor};
pub use pandoc::{command_len as tex_command_len, command_name as tex_command_name};
pub use pandoc::{equation_reference, label, IMPLICIT_REFERENCE};

/// The deepest lists and quotes may nest. No real document comes near it;
/// hostile input (`>>>>…` ten thousand times) would otherwise make every
/// writer's output grow with the square of the depth.
pub const MAX_NESTING: usize = 32;

/// Reads Markdown into blocks. `line_offset` is the number of lines before
/// `markdown` in its file (the front matter), so positions point into the file.
pub fn read(markdown: &str, line_offset: u32, dialect: Dialect) -> Body {
    // A table's cells are read as documents of their own: tables nested in
    // cells (hostile input) stop at `MAX_NESTING`, as text.
    thread_local!(static READING: Cell<usize> = const { Cell::new(0) });
    let depth = READING.with(Cell::get);
    if depth >= MAX_NESTING {
        return Body::text(markdown);
    }
    READING.with(|r| r.set(depth + 1));
    let body = read_at_depth(markdown, line_offset, dialect);
    READING.with(|r| r.set(depth));
    body
}

fn read_at_depth(markdown: &str, line_offset: u32, dialect: Dialect) -> Body {
    let arena = Arena::new();
    let options = options(dialect);
    let pandoc = dialect.is_markdown();
    let (lifted_text, lifted) = pandoc::lift(
        markdown,
        pandoc::Lift {
            raw_tex: pandoc && dialect.has(Extension::RawTex),
            title_block: pandoc && dialect.has(Extension::PandocTitleBlock),
            tables: [
                Extension::PipeTables,
                Extension::SimpleTables,
                Extension::MultilineTables,
                Extension::GridTables,
            ]
            .map(|extension| pandoc && dialect.has(extension)),
            table_captions: dialect.has(Extension::TableCaptions),
            metadata_blocks: pandoc && dialect.has(Extension::YamlMetadataBlock),
        },
    );
    // comrak's smart punctuation makes `<<` and `>>` guillemets; pandoc's
    // keeps them as typed.
    let smart = dialect.has(Extension::Smart);
    let split = if smart {
        pandoc::split_guillemets(&lifted_text)
    } else {
        std::borrow::Cow::Borrowed(lifted_text.as_ref())
    };
    // pandoc's HTML blocks: their tags out of comrak's way, the Markdown
    // between them read as Markdown (`pandoc::html`).
    let html_blocks =
        pandoc && dialect.has(Extension::RawHtml) && dialect.has(Extension::MarkdownInHtmlBlocks);
    let native_divs = dialect.has(Extension::NativeDivs);
    let (marked, html_tags) = if html_blocks {
        pandoc::html::mark(&split, native_divs)
    } else {
        (
            std::borrow::Cow::Borrowed(split.as_ref()),
            Default::default(),
        )
    };
    let (prepared, found) = if pandoc {
        pandoc::prepare(&marked)
    } else {
        (
            std::borrow::Cow::Borrowed(markdown),
            pandoc::Prepared::default(),
        )
    };
    let mut options = options;
    if pandoc && dialect.has(Extension::ImplicitHeaderReferences) {
        // `[Heading text]` with no definition links to that heading.
        options.parse.broken_link_callback = pandoc::implicit_references(&prepared);
    }
    let root = parse_document(&arena, &prepared, &options);
    let mut reader = Reader {
        line_offset,
        note_labels: Vec::new(),
        depth: Cell::new(0),
        flattened: Cell::new(None),
        dialect,
        fancy: found.markers,
        lifted,
        tex_warned: Default::default(),
        equation_references: Default::default(),
        macros: Default::default(),
        lifted_read: Default::default(),
        cell_notes: Default::default(),
        metadata: Default::default(),
        warnings: std::cell::RefCell::new(Vec::new()),
    };
    // Footnote definitions first, so references can be numbered by them.
    for node in root.children() {
        if let NodeValue::FootnoteDefinition(def) = &node.data().value {
            reader.note_labels.push(def.name.to_lowercase());
        }
    }
    let mut blocks = Vec::new();
    let mut notes = Vec::new();
    for node in root.children() {
        let definition = match &node.data().value {
            NodeValue::FootnoteDefinition(def) => Some(def.name.clone()),
            _ => None,
        };
        match definition {
            Some(label) => notes.push(Note {
                label,
                blocks: reader.blocks(node),
            }),
            None => reader.block(node, &mut blocks),
        }
    }
    notes.extend(reader.cell_notes.take());
    // One warning for each run of such lines, at its first.
    let firsts = found
        .joined
        .iter()
        .enumerate()
        .filter(|&(i, line)| i == 0 || found.joined[i - 1] + 1 != *line)
        .map(|(_, line)| line);
    for line in firsts {
        reader.warnings.borrow_mut().push((
            Pos {
                line: *line as u32 + line_offset,
                column: 1,
            },
            "this list marker right under a paragraph's line is text in pandoc's Markdown (GitHub's would start a list): put a blank line before the list".to_owned(),
        ));
    }
    if !reader.note_labels.is_empty() {
        resolve_note_labels(&mut blocks, &reader.note_labels);
    }
    pandoc::html::rebuild(&mut blocks, &html_tags, native_divs);
    for note in &mut notes {
        pandoc::html::rebuild(&mut note.blocks, &html_tags, native_divs);
    }
    if smart {
        pandoc::unsplit_guillemets(&mut blocks);
        for note in &mut notes {
            pandoc::unsplit_guillemets(&mut note.blocks);
        }
    }
    if pandoc {
        // The citations' source text, which comrak's inlines no longer hold.
        let mut cite_sources = match dialect.has(Extension::Citations) {
            true => pandoc::cite_sources(&prepared),
            false => pandoc::CiteSources::default(),
        };
        pandoc::finish(&mut blocks, dialect, &found.examples, &mut cite_sources);
        pandoc::reference_attributes(&mut blocks, &found.reference_attrs);
        for note in &mut notes {
            pandoc::finish(
                &mut note.blocks,
                dialect,
                &found.examples,
                &mut cite_sources,
            );
        }
    }
    reader.warn_unlabelled(&blocks, &notes);
    Body {
        blocks,
        notes,
        flattened: reader.flattened.get(),
        warnings: reader.warnings.into_inner(),
        metadata: reader.metadata.into_inner(),
    }
}

struct Reader {
    line_offset: u32,
    /// Footnote labels (lower-cased) in the order of their definitions.
    note_labels: Vec<String>,
    /// How many lists and quotes enclose the node being read.
    depth: Cell<usize>,
    flattened: Cell<Option<Pos>>,
    /// The dialect and the extensions it reads (pandoc's passes run for
    /// `markdown` only).
    dialect: Dialect,
    /// Blocks read from the lines before comrak, by their marker's index.
    lifted: Vec<pandoc::Lifted>,
    /// Metadata lifted from the body, in order.
    metadata: std::cell::RefCell<Vec<BodyMetadata>>,
    /// Notes written inside table cells (read as documents of their own),
    /// numbered after the document's.
    cell_notes: std::cell::RefCell<Vec<Note>>,
    /// The raw TeX commands already warned about.
    tex_warned: std::cell::RefCell<Vec<String>>,
    /// `\eqref{key}` and `\ref{key}` read, where: each is a link once the
    /// equation its key labels is known, or a warning.
    equation_references: std::cell::RefCell<Vec<(Pos, String)>>,
    /// The TeX macros defined so far, in reading order (`latex_macros`).
    macros: std::cell::RefCell<pandoc::macros::Macros>,
    /// Lifted raw TeX blocks read so far (text kept, text to set), by index.
    lifted_read: std::cell::RefCell<HashMap<usize, (String, String)>>,
    /// Fancy list markers by (body) line: what the pre-pass rewrote.
    fancy: HashMap<usize, pandoc::Marker>,
    warnings: std::cell::RefCell<Vec<(Pos, String)>>,
}

impl Reader {
    fn pos(&self, node: &AstNode<'_>) -> Pos {
        let start = node.data().sourcepos.start;
        Pos {
            line: start.line as u32 + self.line_offset,
            column: start.column as u32,
        }
    }

    fn blocks<'a>(&self, parent: &'a AstNode<'a>) -> Vec<Block> {
        let mut blocks = Vec::new();
        for child in parent.children() {
            self.block(child, &mut blocks);
        }
        blocks
    }

    /// The blocks of a list item or quote one level deeper.
    fn nested<'a>(&self, parent: &'a AstNode<'a>) -> Vec<Block> {
        self.depth.set(self.depth.get() + 1);
        let blocks = self.blocks(parent);
        self.depth.set(self.depth.get() - 1);
        blocks
    }

    fn block<'a>(&self, node: &'a AstNode<'a>, out: &mut Vec<Block>) {
        let value = node.data().value.clone();
        let container = matches!(
            value,
            NodeValue::List(_)
                | NodeValue::BlockDirective(_)
                | NodeValue::DescriptionList
                | NodeValue::BlockQuote
                | NodeValue::MultilineBlockQuote(_)
                | NodeValue::Alert(_)
        );
        if container && self.depth.get() >= MAX_NESTING {
            if self.flattened.get().is_none() {
                self.flattened.set(Some(self.pos(node)));
            }
            for child in node.children() {
                if matches!(
                    child.data().value,
                    NodeValue::Item(_) | NodeValue::TaskItem(_)
                ) {
                    out.extend(self.blocks(child));
                } else {
                    self.block(child, out);
                }
            }
            return;
        }
        match value {
            NodeValue::Paragraph => {
                let mut content = self.inlines(node);
                if self.dialect.is_markdown() {
                    nodes::end_break(node, &mut content);
                }
                // `| ` lines are a line block; an escaped `\|` is a bar.
                let starts_bar = node.first_child().is_some_and(|child| {
                    matches!(&child.data().value,
                        NodeValue::Text(text) if text.as_ref() == "|" || text.starts_with("| "))
                });
                match starts_bar && self.dialect.has(Extension::LineBlocks) {
                    true => match pandoc::line_block(&content) {
                        Some(block) => out.push(block),
                        None => self.paragraph(content, out),
                    },
                    false => self.paragraph(content, out),
                }
            }
            NodeValue::Heading(heading) => {
                let mut content = self.inlines(node);
                if self.dialect.is_markdown() {
                    nodes::end_break(node, &mut content);
                }
                out.push(Block::Heading {
                    level: heading.level,
                    attr: node.data().attrs.as_deref().map(attr).unwrap_or_default(),
                    content,
                    pos: self.pos(node),
                })
            }
            NodeValue::List(list) => {
                let fancy = self.fancy.get(&node.data().sourcepos.start.line);
                out.push(Block::List {
                    start: (list.list_type == ListType::Ordered)
                        .then(|| fancy.map_or(list.start as u64, |m| m.start)),
                    style: fancy.map_or(ListStyle::Decimal, |m| m.style),
                    delimiter: match (fancy, list.delimiter) {
                        (Some(m), _) => m.delim,
                        (None, ListDelimType::Period) => Delim::Period,
                        (None, ListDelimType::Paren) => Delim::OneParen,
                    },
                    tight: list.tight,
                    items: node
                        .children()
                        .map(|item| Item {
                            task: match &item.data().value {
                                NodeValue::TaskItem(task) => Some(task.symbol.is_some()),
                                _ => None,
                            },
                            blocks: self.nested(item),
                        })
                        .collect(),
                })
            }
            // GitHub's alerts are divs of their kind (`note`, `warning`…),
            // styled by the layout's `classes`, their title first.
            NodeValue::Alert(alert) if self.dialect.is_markdown() => {
                let kind = alert.alert_type.default_title().to_lowercase();
                let title = alert
                    .title
                    .clone()
                    .unwrap_or_else(|| alert.alert_type.default_title().to_owned());
                let mut blocks = vec![Block::Paragraph {
                    content: vec![Inline::Strong {
                        content: vec![Inline::text(title)],
                    }],
                }];
                blocks.extend(self.nested(node));
                out.push(Block::Div {
                    attr: Attr {
                        classes: vec![kind],
                        ..Attr::default()
                    },
                    blocks,
                });
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => out
                .push(Block::Quote {
                    blocks: self.nested(node),
                }),
            NodeValue::CodeBlock(code) => {
                match pandoc::raw_format(&code.info).filter(|_| self.dialect.is_markdown()) {
                    Some(format) => self.raw_block(node, format, code.literal, out),
                    None => {
                        let (lang, attr) = self.code_info(&code.info);
                        out.push(Block::Code {
                            lang,
                            attr,
                            text: code.literal,
                        })
                    }
                }
            }
            NodeValue::HtmlBlock(html) => out.push(Block::html(html.literal)),
            NodeValue::BlockDirective(directive) => match pandoc::fence_attr(&directive.info) {
                Some(attr) => out.push(Block::Div {
                    attr,
                    blocks: self.nested(node),
                }),
                // Not a div's opening (`::: warning Read this first`): its
                // line is text, as pandoc reads it, and so is the closing.
                None => {
                    out.push(Block::Paragraph {
                        content: vec![Inline::text(format!("::: {}", directive.info.trim()))],
                    });
                    out.extend(self.nested(node));
                    out.push(Block::Paragraph {
                        content: vec![Inline::text(":::")],
                    });
                }
            },
            NodeValue::DescriptionList => {
                let mut items: Vec<Definition> = Vec::new();
                for item in node.children() {
                    let tight =
                        matches!(&item.data().value, NodeValue::DescriptionItem(d) if d.tight);
                    let mut term = Vec::new();
                    let mut definitions = Vec::new();
                    for part in item.children() {
                        match part.data().value {
                            NodeValue::DescriptionTerm => {
                                for child in part.children() {
                                    term.extend(self.inlines(child));
                                }
                            }
                            _ => definitions.push(self.nested(part)),
                        }
                    }
                    // A second `:` definition of the same term comes as an
                    // item with no term of its own.
                    match items.last_mut() {
                        Some(previous) if term.is_empty() => {
                            previous.definitions.extend(definitions)
                        }
                        _ => items.push(Definition {
                            term,
                            definitions,
                            tight,
                        }),
                    }
                }
                out.push(Block::DefinitionList { items })
            }
            NodeValue::ThematicBreak => out.push(Block::Rule),
            NodeValue::Table(table) => {
                let mut rows = node.children().map(|row| {
                    row.children()
                        .map(|cell| TableCell::plain(self.inlines(cell)))
                        .collect::<Vec<_>>()
                });
                let head = rows.next().into_iter().collect();
                out.push(Block::Table {
                    attr: Attr::default(),
                    caption: Vec::new(),
                    columns: table
                        .alignments
                        .iter()
                        .map(|a| Column {
                            align: align(*a),
                            width: None,
                        })
                        .collect(),
                    head,
                    body: rows.collect(),
                    foot: Vec::new(),
                    pos: self.pos(node),
                });
            }
            // Definitions are collected by `read`; one nested elsewhere keeps its text.
            NodeValue::FootnoteDefinition(_) => out.extend(self.blocks(node)),
            NodeValue::Text(_)
            | NodeValue::SoftBreak
            | NodeValue::LineBreak
            | NodeValue::Code(_)
            | NodeValue::HtmlInline(_) => out.push(Block::Paragraph {
                content: self.inline_node(node),
            }),
            // Containers of extensions quire does not enable: keep what is inside.
            _ => {
                if node.first_child().is_some_and(|c| c.data().value.block()) {
                    out.extend(self.blocks(node));
                } else if node.first_child().is_some() {
                    out.push(Block::Paragraph {
                        content: self.inlines(node),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

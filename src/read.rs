//! comrak → `Document`: the only file that knows comrak.
//!
//! Every node comrak produces maps to the tree; nodes of extensions quire
//! does not turn on are kept as their content, never dropped.

use crate::doc::{Align, Block, Inline, Item, Note, Pos};
use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{parse_document, Arena, Options};

use std::cell::Cell;

pub use crate::format::Dialect;

/// The body of a document and its footnotes.
pub struct Body {
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
    /// Where lists and quotes first went deeper than `MAX_NESTING` (their
    /// deeper content is kept at that depth), for a warning.
    pub flattened: Option<Pos>,
}

/// The deepest lists and quotes may nest. No real document comes near it;
/// hostile input (`>>>>…` ten thousand times) would otherwise make every
/// writer's output grow with the square of the depth.
pub const MAX_NESTING: usize = 32;

/// Reads Markdown into blocks. `line_offset` is the number of lines before
/// `markdown` in its file (the front matter), so positions point into the file.
pub fn read(markdown: &str, line_offset: u32, dialect: Dialect) -> Body {
    let arena = Arena::new();
    let options = options(dialect);
    let root = parse_document(&arena, markdown, &options);
    let mut reader = Reader {
        line_offset,
        note_labels: Vec::new(),
        depth: Cell::new(0),
        flattened: Cell::new(None),
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
    Body {
        blocks,
        notes,
        flattened: reader.flattened.get(),
    }
}

fn options(dialect: Dialect) -> Options<'static> {
    let mut options = Options::default();
    options.parse.sourcepos_chars = true;
    if dialect != Dialect::Commonmark {
        options.extension.table = true;
        options.extension.strikethrough = true;
        options.extension.autolink = true;
        options.extension.tasklist = true;
        options.extension.footnotes = true;
    }
    if dialect == Dialect::Markdown {
        options.parse.smart = true;
    }
    options
}

struct Reader {
    line_offset: u32,
    /// Footnote labels (lower-cased) in the order of their definitions.
    note_labels: Vec<String>,
    /// How many lists and quotes enclose the node being read.
    depth: Cell<usize>,
    flattened: Cell<Option<Pos>>,
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
            NodeValue::Paragraph => out.push(Block::Paragraph {
                content: self.inlines(node),
            }),
            NodeValue::Heading(heading) => out.push(Block::Heading {
                level: heading.level,
                id: String::new(),
                content: self.inlines(node),
                pos: self.pos(node),
            }),
            NodeValue::List(list) => out.push(Block::List {
                start: (list.list_type == ListType::Ordered).then_some(list.start as u64),
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
            }),
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => out
                .push(Block::Quote {
                    blocks: self.nested(node),
                }),
            NodeValue::CodeBlock(code) => out.push(Block::Code {
                lang: code.info.split_whitespace().next().map(str::to_owned),
                text: code.literal,
            }),
            NodeValue::HtmlBlock(html) => out.push(Block::Html { html: html.literal }),
            NodeValue::ThematicBreak => out.push(Block::Rule),
            NodeValue::Table(table) => {
                let mut rows = node.children().map(|row| {
                    row.children()
                        .map(|cell| self.inlines(cell))
                        .collect::<Vec<_>>()
                });
                let head = rows.next().unwrap_or_default();
                out.push(Block::Table {
                    align: table.alignments.iter().map(|a| align(*a)).collect(),
                    head,
                    rows: rows.collect(),
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

    fn inlines<'a>(&self, parent: &'a AstNode<'a>) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for child in parent.children() {
            for inline in self.inline_node(child) {
                // comrak splits text at escapes and entities; join it back.
                match (out.last_mut(), inline) {
                    (Some(Inline::Text { text }), Inline::Text { text: more }) => {
                        text.push_str(&more)
                    }
                    (_, inline) => out.push(inline),
                }
            }
        }
        out
    }

    fn inline_node<'a>(&self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let value = node.data().value.clone();
        let inline = match value {
            NodeValue::Text(text) => Inline::text(text.into_owned()),
            NodeValue::SoftBreak => Inline::SoftBreak,
            NodeValue::LineBreak => Inline::LineBreak,
            NodeValue::Code(code) => Inline::Code { text: code.literal },
            NodeValue::HtmlInline(html) => Inline::Html { html },
            NodeValue::Emph => Inline::Emph {
                content: self.inlines(node),
            },
            NodeValue::Strong => Inline::Strong {
                content: self.inlines(node),
            },
            NodeValue::Strikethrough => Inline::Strike {
                content: self.inlines(node),
            },
            NodeValue::Link(link) => Inline::Link {
                url: link.url,
                title: link.title,
                content: self.inlines(node),
                pos: self.pos(node),
            },
            NodeValue::Image(link) => Inline::Image {
                url: link.url,
                title: link.title,
                alt: self.inlines(node),
                pos: self.pos(node),
            },
            NodeValue::FootnoteReference(reference) => {
                let label = reference.name.to_lowercase();
                match self.note_labels.iter().position(|l| *l == label) {
                    Some(index) => Inline::NoteRef { index },
                    None => Inline::text(format!("[^{}]", reference.name)),
                }
            }
            NodeValue::TaskItem(task) => Inline::text(if task.symbol.is_some() {
                "[x] "
            } else {
                "[ ] "
            }),
            // Inlines of extensions quire does not enable: keep their content.
            _ => return self.inlines(node),
        };
        vec![inline]
    }
}

fn align(alignment: TableAlignment) -> Align {
    match alignment {
        TableAlignment::None => Align::None,
        TableAlignment::Left => Align::Left,
        TableAlignment::Center => Align::Center,
        TableAlignment::Right => Align::Right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_front_matter_lines() {
        let body = read("# Title\n\nSee [x](y).\n", 3, Dialect::Markdown);
        let Block::Heading { pos, .. } = &body.blocks[0] else {
            panic!()
        };
        assert_eq!((pos.line, pos.column), (4, 1));
        let Block::Paragraph { content } = &body.blocks[1] else {
            panic!()
        };
        let Inline::Link { pos, .. } = &content[1] else {
            panic!("{content:?}")
        };
        assert_eq!((pos.line, pos.column), (6, 5));
    }

    #[test]
    fn escapes_are_gone_and_text_is_joined() {
        let body = read("Python\\-related \\& more\n", 0, Dialect::Markdown);
        assert_eq!(
            body.blocks,
            vec![Block::Paragraph {
                content: vec![Inline::text("Python-related & more")]
            }]
        );
    }

    #[test]
    fn footnotes_and_tasks_are_kept() {
        let body = read(
            "- [x] done\n- [ ] todo\n\nA note[^n].\n\n[^n]: The note.\n",
            0,
            Dialect::Markdown,
        );
        let Block::List { items, .. } = &body.blocks[0] else {
            panic!()
        };
        assert_eq!(items[0].task, Some(true));
        assert_eq!(items[1].task, Some(false));
        assert_eq!(body.notes.len(), 1);
        let Block::Paragraph { content } = &body.blocks[1] else {
            panic!()
        };
        assert!(content.contains(&Inline::NoteRef { index: 0 }));
    }
}

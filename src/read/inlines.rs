//! comrak's inline nodes as the tree's inlines.

use super::nodes::node_attr;
use super::{nodes, pandoc, Extension, Reader};
use crate::doc::Inline;
use comrak::nodes::{AstNode, NodeValue};

impl Reader {
    pub(super) fn inlines<'a>(&self, parent: &'a AstNode<'a>) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        let mut skip = 0;
        for child in parent.children() {
            let mut inlines = self.inline_node(child);
            if self.dialect.is_markdown() {
                // `code`{=latex}: the attribute is the text after the code.
                if let (NodeValue::Code(code), Some(next)) =
                    (&child.data().value, child.next_sibling())
                {
                    if let NodeValue::Text(text) = &next.data().value {
                        if let Some((format, len)) = pandoc::raw_attribute(text) {
                            skip = len;
                            inlines = self.raw_inline(child, format, code.literal.clone());
                        }
                    }
                }
                if skip > 0 && matches!(child.data().value, NodeValue::Text(_)) {
                    if let Some(Inline::Text { text }) = inlines.first_mut() {
                        text.drain(..skip.min(text.len()));
                        skip = 0;
                    }
                }
            }
            inlines.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
            for inline in inlines {
                // comrak splits text at escapes and entities; join it back.
                match (out.last_mut(), inline) {
                    (Some(Inline::Text { text }), Inline::Text { text: more }) => {
                        text.push_str(&more)
                    }
                    (_, inline) => out.push(inline),
                }
            }
        }
        if self.dialect.is_markdown() {
            pandoc::drop_continued(&mut out);
        }
        out
    }

    pub(super) fn inline_node<'a>(&self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let value = node.data().value.clone();
        let inline = match value {
            NodeValue::Text(text) => {
                if self.dialect.has(Extension::LatexMacros) {
                    self.read_marked_tex(&text);
                }
                let mut inlines = self.inline_tex(text.into_owned(), node);
                // pandoc's `all_symbols_escapable`, always on in quire's markdown.
                if self.dialect.is_markdown() {
                    let apart = self.dialect.has(Extension::RawTex);
                    nodes::escaped_spaces(node, apart, &mut inlines);
                }
                return inlines;
            }
            NodeValue::Escaped => {
                return node
                    .children()
                    .filter_map(|child| match &child.data().value {
                        NodeValue::Text(text) => Some(Inline::text(text.to_string())),
                        _ => None,
                    })
                    .collect()
            }
            NodeValue::SoftBreak if self.dialect.has(Extension::HardLineBreaks) => {
                Inline::LineBreak
            }
            NodeValue::SoftBreak => Inline::SoftBreak,
            NodeValue::LineBreak => Inline::LineBreak,
            NodeValue::Code(code) => Inline::Code {
                attr: node_attr(node),
                text: code.literal,
            },
            NodeValue::HtmlInline(html) => Inline::html(html),
            // The TeX as pandoc keeps it: a display formula's line breaks
            // too (an inline one's are spaces, as comrak gives them).
            NodeValue::Math(math) => {
                self.check_dollars(node, &math);
                Inline::Math {
                    display: math.display_math,
                    tex: self.expand_math(math.literal, self.pos(node)),
                    pos: self.pos(node),
                }
            }
            NodeValue::Superscript | NodeValue::Subscript
                if self.dialect.is_markdown() && nodes::has_unescaped_space(node) =>
            {
                let mark = if matches!(value, NodeValue::Superscript) {
                    "^"
                } else {
                    "~"
                };
                let mut out = vec![Inline::text(mark)];
                out.extend(self.inlines(node));
                out.push(Inline::text(mark));
                return out;
            }
            NodeValue::Superscript => Inline::Superscript {
                content: self.inlines(node),
            },
            NodeValue::Subscript => Inline::Subscript {
                content: self.inlines(node),
            },
            NodeValue::Emph => match nodes::triple_run(node).filter(|_| self.dialect.is_markdown())
            {
                Some(strong) => Inline::Strong {
                    content: vec![Inline::Emph {
                        content: self.inlines(strong),
                    }],
                },
                None => Inline::Emph {
                    content: self.inlines(node),
                },
            },
            NodeValue::Strong => Inline::Strong {
                content: self.inlines(node),
            },
            NodeValue::Strikethrough => Inline::Strike {
                content: self.inlines(node),
            },
            NodeValue::Link(link) => Inline::Link {
                attr: node_attr(node),
                url: link.url,
                title: link.title,
                content: self.inlines(node),
                pos: self.pos(node),
            },
            NodeValue::Image(link) => Inline::Image {
                attr: node_attr(node),
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

//! The typesetter's structure nodes (page.rs `Tags`) as krilla's tag tree.
//! A node joins its parent when its first content is drawn, so the tree's
//! order is the drawing order, which is the document's: a list item's
//! label (drawn first) comes before its body, a note reference's link
//! before the words after it. Nodes that draw nothing (an unused first
//! pass of the contents, an empty cell) are left out.

use crate::doc::ListStyle;
use crate::write::pdf::page::{Item, Kind, Laid, Mark, Tags};
use krilla::surface::Location;
use krilla::tagging::{
    Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};
use std::collections::HashMap;
use std::num::{NonZeroU16, NonZeroU64};

enum Child {
    Node(u32),
    Content(Identifier),
}

pub struct Tree<'t> {
    tags: &'t Tags,
    children: Vec<Vec<Child>>,
    attached: Vec<bool>,
    roots: Vec<u32>,
    /// Heading levels as read: never more than one below the heading
    /// before (a reader's heading list skips no level).
    levels: Vec<u8>,
    /// Alternative text of links that draw no text (a linked image).
    link_alts: HashMap<u32, String>,
}

impl<'t> Tree<'t> {
    pub fn new(tags: &'t Tags) -> Self {
        let n = tags.nodes.len();
        let mut last = 0u8;
        let levels = tags
            .nodes
            .iter()
            .map(|node| match &node.kind {
                Kind::Heading { level, .. } => {
                    last = (*level).clamp(1, 6).min(last + 1);
                    last
                }
                _ => 0,
            })
            .collect();
        Tree {
            tags,
            children: (0..n).map(|_| Vec::new()).collect(),
            attached: vec![false; n],
            roots: Vec::new(),
            levels,
            link_alts: HashMap::new(),
        }
    }

    /// The location krilla reports a node's problems with: its index.
    pub fn location(&self, node: u32) -> Location {
        location(node)
    }

    /// Content (or an annotation) of node `n`, in reading order.
    pub fn add(&mut self, n: u32, id: Identifier) {
        if n as usize >= self.children.len() {
            return;
        }
        self.attach(n);
        self.children[n as usize].push(Child::Content(id));
    }

    /// The alternative text of link `n`, which draws no text itself.
    pub fn describe(&mut self, n: u32, alt: String) {
        self.link_alts.insert(n, alt);
    }

    /// Joins `n` and its unjoined ancestors to the tree, outermost first.
    fn attach(&mut self, n: u32) {
        let mut chain = Vec::new();
        let mut at = Some(n);
        while let Some(i) = at {
            if self.attached[i as usize] {
                break;
            }
            chain.push(i);
            at = self.tags.nodes[i as usize].parent;
        }
        for &i in chain.iter().rev() {
            self.attached[i as usize] = true;
            match self.tags.nodes[i as usize].parent {
                Some(p) => self.children[p as usize].push(Child::Node(i)),
                None => self.roots.push(i),
            }
        }
    }

    pub fn finish(mut self, lang: &str) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
        for root in std::mem::take(&mut self.roots) {
            tree.push(self.group(root));
        }
        tree
    }

    fn group(&mut self, n: u32) -> TagGroup {
        let node = &self.tags.nodes[n as usize];
        let tag: TagKind = match &node.kind {
            Kind::Heading { title, .. } => {
                let level =
                    NonZeroU16::new(self.levels[n as usize].into()).unwrap_or(NonZeroU16::MIN);
                Tag::Hn(level, Some(title.clone())).into()
            }
            Kind::Paragraph => Tag::P.into(),
            Kind::List { style } => Tag::L(match style {
                None => ListNumbering::Disc,
                Some(ListStyle::Decimal) => ListNumbering::Decimal,
                Some(ListStyle::LowerAlpha) => ListNumbering::LowerAlpha,
                Some(ListStyle::UpperAlpha) => ListNumbering::UpperAlpha,
                Some(ListStyle::LowerRoman) => ListNumbering::LowerRoman,
                Some(ListStyle::UpperRoman) => ListNumbering::UpperRoman,
            })
            .into(),
            Kind::ListItem => Tag::LI.into(),
            Kind::Label => Tag::Lbl.into(),
            Kind::ListBody => Tag::LBody.into(),
            Kind::Quote => Tag::BlockQuote.into(),
            Kind::Code => Tag::Code.into(),
            Kind::Table => Tag::Table.into(),
            Kind::TableHead => Tag::THead.into(),
            Kind::TableBody => Tag::TBody.into(),
            Kind::Row => Tag::TR.into(),
            Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
            Kind::Cell => Tag::TD.into(),
            // No alt text (a layout's `alt_required`): PDF/UA refuses it.
            Kind::Figure { alt } => Tag::Figure(Some(alt.clone()).filter(|a| !a.is_empty())).into(),
            Kind::Caption => Tag::Caption.into(),
            Kind::Link => TagKind::from(Tag::Link).with_alt_text(self.link_alts.get(&n).cloned()),
            Kind::Note => Tag::Note.into(),
            Kind::Reference => Tag::Reference.into(),
            Kind::Contents => Tag::TOC.into(),
            Kind::ContentsItem => Tag::TOCI.into(),
            Kind::Div => Tag::Div.into(),
            Kind::Formula { alt } => Tag::Formula(Some(alt.clone())).into(),
        };
        let mut group = TagGroup::new(tag.with_location(Some(location(n))));
        let children = std::mem::take(&mut self.children[n as usize]);
        // Text beside child elements (a paragraph's words around its links)
        // goes in spans, so that each element's own content is one sequence
        // and a pre-order walk meets everything in reading order. A link
        // keeps its annotation as its own child, as PDF/UA asks.
        let mixed = node.kind != Kind::Link
            && children.iter().any(|c| matches!(c, Child::Node(_)))
            && children.iter().any(|c| matches!(c, Child::Content(_)));
        let mut span: Option<TagGroup> = None;
        for child in children {
            match child {
                Child::Node(c) => {
                    if let Some(span) = span.take() {
                        group.push(Node::Group(span));
                    }
                    group.push(Node::Group(self.group(c)));
                }
                Child::Content(id) if mixed => span
                    .get_or_insert_with(|| TagGroup::new(Tag::Span))
                    .push(id),
                Child::Content(id) => group.push(id),
            }
        }
        if let Some(span) = span {
            group.push(Node::Group(span));
        }
        group
    }
}

fn location(node: u32) -> Location {
    NonZeroU64::new(node as u64 + 1).unwrap_or(NonZeroU64::MIN)
}

/// The node a location names.
pub fn node_of(location: Option<Location>) -> Option<u32> {
    location.map(|l| (l.get() - 1) as u32)
}

/// The text drawn into each link node, for its annotation's description.
pub fn link_text(laid: &Laid) -> HashMap<u32, String> {
    let mut out: HashMap<u32, String> = HashMap::new();
    for item in laid.pages.iter().flat_map(|p| &p.items) {
        let Item::Text(run) = item else { continue };
        let Mark::Node(n) = run.mark else { continue };
        if laid.tags.nodes.get(n as usize).map(|n| &n.kind) != Some(&Kind::Link) {
            continue;
        }
        let text = out.entry(n).or_default();
        for (_, g) in &run.glyphs {
            text.push_str(&g.text);
        }
    }
    for text in out.values_mut() {
        *text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out
}

/// The alt text of a figure inside link node `n`.
pub fn figure_alt(tags: &Tags, n: u32) -> Option<String> {
    tags.nodes.iter().find_map(|node| match &node.kind {
        Kind::Figure { alt } if node.parent == Some(n) => Some(alt.clone()),
        _ => None,
    })
}

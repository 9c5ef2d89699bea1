//! Laid-out pages: positioned glyph runs, rules, rectangles, images, link
//! areas, outline entries and the structure tree (tagged PDF). Plain data,
//! in PDF points with the origin at the top left of the page.

use super::font::Glyph;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl From<crate::layout::Color> for Rgb {
    fn from(color: crate::layout::Color) -> Rgb {
        let (r, g, b) = color.unit();
        Rgb(r, g, b)
    }
}

/// Glyphs of one face, size and colour on one baseline, each at its pen x:
/// as much of a line as shares them.
#[derive(Debug, Clone)]
pub struct Run {
    pub face: usize,
    pub size: f64,
    pub color: Rgb,
    pub baseline: f64,
    pub glyphs: Vec<(f64, Glyph)>,
    /// What the text is in the structure tree.
    pub mark: Mark,
    /// Its language where it is not the document's (BCP 47).
    pub lang: Option<std::sync::Arc<str>>,
}

/// What drawn content is for assistive technology: decoration (rules,
/// shading, bars, bullets, repeated table headers), a running header or
/// footer, or the content of a structure node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    #[default]
    Artifact,
    Header,
    Footer,
    /// Content of `Laid::tags[n]`.
    Node(u32),
}

/// A structure element's kind (PDF's standard structure types).
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Heading {
        level: u8,
        title: String,
    },
    Paragraph,
    /// A list, numbered in `style` (None: bullets).
    List {
        style: Option<crate::doc::ListStyle>,
    },
    ListItem,
    Label,
    ListBody,
    Quote,
    Code,
    Table,
    TableHead,
    TableBody,
    Row,
    HeaderCell,
    Cell,
    Figure {
        alt: String,
    },
    /// A figure's caption, after it.
    Caption,
    /// A link; its description is its text (or the address).
    Link,
    Note,
    Reference,
    Contents,
    ContentsItem,
    /// A fenced div (`::: note`): a grouping of blocks.
    Div,
    /// A formula; its alt text is its TeX.
    Formula {
        alt: String,
    },
}

/// One element of the structure tree. Nodes are made in document order;
/// each belongs to the node it was opened in (`parent`), or the root.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub parent: Option<u32>,
    /// Where it starts in the source, when known (line, column).
    pub pos: Option<(u32, u32)>,
    depth: u32,
}

/// The structure tree as the typesetter makes it. Content (runs, images,
/// link areas) points into it with a `Mark`; emit/ turns it into the PDF's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tags {
    pub nodes: Vec<Node>,
}

/// Deeper elements are folded into their ancestor at this depth (a hostile
/// input nests quotes thousands deep; readers and writers recurse).
const MAX_DEPTH: u32 = 48;

impl Tags {
    /// A new node of `kind` inside `parent` (a node, or the root for an
    /// artifact mark); past `MAX_DEPTH` the parent itself.
    pub fn open(&mut self, kind: Kind, parent: Mark) -> Mark {
        let parent = match parent {
            Mark::Node(n) => Some(n),
            _ => None,
        };
        let depth = parent.map_or(0, |p| self.nodes[p as usize].depth + 1);
        if depth > MAX_DEPTH {
            return Mark::Node(parent.unwrap_or_default());
        }
        self.nodes.push(Node {
            kind,
            parent,
            pos: None,
            depth,
        });
        Mark::Node(self.nodes.len() as u32 - 1)
    }

    /// Sets where the node of `mark` starts in the source.
    pub fn at(&mut self, mark: Mark, line: u32, column: u32) {
        if let (Mark::Node(n), true) = (mark, line > 0) {
            self.nodes[n as usize].pos.get_or_insert((line, column));
        }
    }
}

#[derive(Debug, Clone)]
pub enum Item {
    Text(Run),
    /// A filled rectangle: x, y (top), width, height.
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        color: Rgb,
    },
    /// A stroked line.
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        width: f64,
        color: Rgb,
    },
    /// An image drawn into the box x, y (top), width, height; `key` is its
    /// URL in `WriteOptions::images` (its alt text is its figure's).
    Image {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        key: String,
        mark: Mark,
    },
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Uri(String),
    /// A heading id inside the document.
    Anchor(String),
}

#[derive(Debug, Clone)]
pub struct LinkArea {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub target: Target,
    /// The link's structure node.
    pub mark: Mark,
}

/// A named destination (a heading) on a page.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub id: String,
    pub y: f64,
}

#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
    pub links: Vec<LinkArea>,
    pub anchors: Vec<Anchor>,
}

/// The whole laid-out document, ready for emit.rs.
#[derive(Debug, Clone, Default)]
pub struct Laid {
    pub width: f64,
    pub height: f64,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub tags: Tags,
}

impl Item {
    /// What the item is in the structure tree: rules and shading are
    /// always decoration.
    pub fn mark(&self) -> Mark {
        match self {
            Item::Text(run) => run.mark,
            Item::Image { mark, .. } => *mark,
            Item::Rect { .. } | Item::Line { .. } => Mark::Artifact,
        }
    }

    /// The language of its text where it is not the document's.
    pub fn lang(&self) -> Option<&str> {
        match self {
            Item::Text(run) => run.lang.as_deref(),
            _ => None,
        }
    }

    /// Make the item decoration (a repeated table header).
    pub fn set_mark(&mut self, to: Mark) {
        match self {
            Item::Text(run) => run.mark = to,
            Item::Image { mark, .. } => *mark = to,
            Item::Rect { .. } | Item::Line { .. } => {}
        }
    }

    /// Move by (dx, dy).
    pub fn shift(&mut self, dx: f64, dy: f64) {
        match self {
            Item::Text(run) => {
                run.baseline += dy;
                for (x, _) in &mut run.glyphs {
                    *x += dx;
                }
            }
            Item::Rect { x, y, .. } | Item::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

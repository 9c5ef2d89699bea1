//! Laid-out pages: positioned glyph runs, rules, rectangles, images, link
//! areas and outline entries. Plain data, in PDF points with the origin at the top left
//! of the page (emit.rs flips it).

use super::font::Glyph;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// Glyphs of one face, size and colour on one baseline, each at its pen x:
/// as much of a line as shares them.
#[derive(Debug, Clone)]
pub struct Run {
    pub face: usize,
    pub size: f64,
    pub color: Rgb,
    pub baseline: f64,
    pub glyphs: Vec<(f64, Glyph)>,
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
    /// URL in `WriteOptions::images`, `alt` its text alternative.
    Image {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        key: String,
        alt: String,
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
}

impl Item {
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

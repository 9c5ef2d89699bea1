//! Pagination: stack chunks into columns and pages, honouring keeps (no
//! widows, orphans or lonely headings) and repeating table headers.

use super::flow::Chunk;
use super::page::{Item, OutlineEntry, Page};

/// A block quote's bar (pt): heavy enough to read as a mark beside the
/// text, not as a rule.
const QUOTE_BAR_PT: f64 = 1.6;

#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub left: f64,
    pub top: f64,
    pub column_width: f64,
    pub column_height: f64,
    pub columns: usize,
    pub gap: f64,
    /// Height taken by the title block on the first page.
    pub first_offset: f64,
}

struct State {
    pages: Vec<Page>,
    outline: Vec<OutlineEntry>,
    column: usize,
    y: f64,
    last_header: Option<usize>,
    rule_color: super::page::Rgb,
}

impl State {
    fn top(&self, g: &Geometry) -> f64 {
        g.top
            + if self.pages.len() == 1 {
                g.first_offset
            } else {
                0.0
            }
    }
    fn room(&self, g: &Geometry) -> f64 {
        g.column_height
            - if self.pages.len() == 1 {
                g.first_offset
            } else {
                0.0
            }
            - self.y
    }
    /// The height of the next column: short beside the title block on
    /// page 1, full after it.
    fn next_room(&self, g: &Geometry) -> f64 {
        if self.pages.len() == 1 && self.column + 1 < g.columns {
            g.column_height - g.first_offset
        } else {
            g.column_height
        }
    }
    fn next_column(&mut self, g: &Geometry) {
        self.column += 1;
        if self.column >= g.columns {
            self.column = 0;
            self.pages.push(Page::default());
        }
        self.y = 0.0;
        self.last_header = None;
    }
    /// Places `chunk` with `items` (its own, moved out of it, or a copy of
    /// a repeated header's).
    fn place(&mut self, chunk: &Chunk, items: Vec<Item>, g: &Geometry) {
        let before = if self.y > 0.0 { chunk.before } else { 0.0 };
        let x0 = g.left + self.column as f64 * (g.column_width + g.gap);
        let y0 = self.top(g) + self.y + before;
        let page_index = self.pages.len() - 1;
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        for &bx in &chunk.bars {
            let from = y0 - before;
            page.items.push(Item::Line {
                x1: x0 + bx,
                y1: from,
                x2: x0 + bx,
                y2: y0 + chunk.h,
                width: QUOTE_BAR_PT,
                color: self.rule_color,
            });
        }
        for mut item in items {
            item.shift(x0, y0);
            page.items.push(item);
        }
        for link in &chunk.links {
            let mut link = link.clone();
            link.x += x0;
            link.y += y0;
            page.links.push(link);
        }
        for anchor in &chunk.anchors {
            page.anchors.push(super::page::Anchor {
                id: anchor.id.clone(),
                y: y0 + anchor.y,
            });
        }
        if let Some((level, title)) = &chunk.outline {
            self.outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: page_index,
                y: y0,
            });
        }
        self.y += before + chunk.h;
    }
}

impl Chunk {
    /// The chunk without what it draws: enough to paginate (a first pass
    /// that only finds where things fall).
    pub fn measure(&self) -> Chunk {
        Chunk {
            h: self.h,
            before: self.before,
            items: Vec::new(),
            links: Vec::new(),
            anchors: self.anchors.clone(),
            outline: self.outline.clone(),
            keep: self.keep,
            header: self.header,
            bars: self.bars.clone(),
            baseline: self.baseline,
            page_break: self.page_break,
        }
    }
}

/// Stacks the chunks into pages; their items move onto the pages (a long
/// document's glyphs are not held twice).
pub fn paginate(
    mut chunks: Vec<Chunk>,
    headers: &[Chunk],
    g: &Geometry,
    rule_color: super::page::Rgb,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut st = State {
        pages: vec![Page::default()],
        outline: Vec::new(),
        column: 0,
        y: 0.0,
        last_header: None,
        rule_color,
    };
    let mut i = 0;
    while i < chunks.len() {
        if chunks[i].page_break {
            // A new page, unless this one is still empty.
            if st.y > 0.0 || st.column > 0 {
                st.pages.push(Page::default());
                st.column = 0;
                st.y = 0.0;
                st.last_header = None;
            }
            i += 1;
            continue;
        }
        // The group: this chunk and every chunk it is kept with.
        let mut j = i;
        while j + 1 < chunks.len() && chunks[j].keep && !chunks[j + 1].page_break && j - i < 12 {
            j += 1;
        }
        let group_h: f64 = chunks[i..=j]
            .iter()
            .enumerate()
            .map(|(k, c)| c.h + if k == 0 && st.y == 0.0 { 0.0 } else { c.before })
            .sum();
        let header_h = chunks[i]
            .header
            .and_then(|h| headers.get(h))
            .map(|h| h.h)
            .unwrap_or(0.0);
        if st.y > 0.0 && group_h > st.room(g) + 0.01 && group_h + header_h <= st.next_room(g) {
            st.next_column(g);
        }
        for chunk in &mut chunks[i..=j] {
            let need = chunk.h + if st.y > 0.0 { chunk.before } else { 0.0 };
            if st.y > 0.0 && need > st.room(g) + 0.01 {
                st.next_column(g);
            }
            // A chunk too tall for a column shortened by the title block (a
            // figure) goes on to the first full-height one.
            while st.y == 0.0
                && st.room(g) < g.column_height - 0.01
                && chunk.h <= g.column_height
                && chunk.h > st.room(g) + 0.01
            {
                st.next_column(g);
            }
            if let Some(h) = chunk.header {
                if st.y == 0.0 && st.last_header != Some(h) {
                    if let Some(header) = headers.get(h) {
                        st.place(header, header.items.clone(), g);
                    }
                }
                st.last_header = Some(h);
            } else {
                st.last_header = None;
            }
            let items = std::mem::take(&mut chunk.items);
            st.place(chunk, items, g);
        }
        i = j + 1;
    }
    (st.pages, st.outline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(keep: bool) -> Chunk {
        Chunk {
            h: 10.0,
            keep,
            ..Default::default()
        }
    }

    fn geometry(height: f64) -> Geometry {
        Geometry {
            left: 0.0,
            top: 0.0,
            column_width: 100.0,
            column_height: height,
            columns: 1,
            gap: 0.0,
            first_offset: 0.0,
        }
    }

    fn rgb() -> super::super::page::Rgb {
        super::super::page::Rgb(0.0, 0.0, 0.0)
    }

    /// A line that draws one rule, so a page's lines can be counted.
    fn drawn(keep: bool) -> Chunk {
        let mut chunk = line(keep);
        chunk.items.push(Item::Rect {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            color: rgb(),
        });
        chunk
    }

    fn lines_per_page(pages: &[Page]) -> Vec<usize> {
        pages.iter().map(|page| page.items.len()).collect()
    }

    #[test]
    fn no_orphan_at_the_foot_of_a_column() {
        // The column holds 5 lines of 10. After 4 lines, a 3-line paragraph
        // kept together does not fit in the one line left: all of it moves,
        // leaving no orphan line at the foot of the first page.
        let mut chunks: Vec<Chunk> = (0..4).map(|_| drawn(false)).collect();
        chunks.extend([drawn(true), drawn(true), drawn(false)]);
        let (pages, _) = paginate(chunks, &[], &geometry(55.0), rgb());
        assert_eq!(lines_per_page(&pages), [4, 3]);
        // Without the keep, the first page is filled.
        let chunks: Vec<Chunk> = (0..7).map(|_| drawn(false)).collect();
        let (pages, _) = paginate(chunks, &[], &geometry(55.0), rgb());
        assert_eq!(lines_per_page(&pages), [5, 2]);
    }

    #[test]
    fn table_header_is_repeated_after_a_break() {
        let mut header = line(true);
        header.items.push(Item::Rect {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            color: rgb(),
        });
        let mut chunks = vec![header.clone()];
        for _ in 0..8 {
            let mut row = line(false);
            row.header = Some(0);
            chunks.push(row);
        }
        let (pages, _) = paginate(chunks, &[header], &geometry(50.0), rgb());
        assert!(pages.len() >= 2);
        for page in &pages {
            let rects = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Rect { .. }))
                .count();
            assert_eq!(rects, 1, "each page starts with the header");
        }
    }
}

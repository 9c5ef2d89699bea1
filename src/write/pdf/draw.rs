//! Lines → drawing: broken lines set into glyph runs, rules (underline,
//! strike), highlights and link areas, and pushed onto the flow as chunks.

use super::flow::{Chunk, Flow};
use super::lines::{break_lines, Line, Settings, Span, SpanStyle};
use super::page::{Item, Kind, LinkArea, Run};
use crate::doc::Inline;

/// A highlight (`[…]{.mark}`): from the height of the capitals with their
/// accents above the baseline down past the descenders, in em of the text.
const HIGHLIGHT_TOP_EM: f64 = 0.82;
const HIGHLIGHT_HEIGHT_EM: f64 = 1.08;

/// A strike-through: through the middle of the lower-case letters (Inter's
/// x-height is about 0.55 em), 0.06 em thick.
const STRIKE_RISE_EM: f64 = 0.3;
const STRIKE_THICKNESS_EM: f64 = 0.06;

/// A link's clickable area: from just above the tallest letters down past
/// the descenders, a little more than the type's own height.
const LINK_TOP_EM: f64 = 0.95;
const LINK_HEIGHT_EM: f64 = 1.25;

impl Flow<'_> {
    pub fn settings(&self, width: f64, justify: bool, hyphenate: bool) -> Settings {
        Settings {
            width,
            justify,
            hyphenate: hyphenate && self.style.hyphenate,
            min_word: self.style.hyphenate_min_word.max(2),
            min_fragment: self.style.hyphenate_min_fragment.max(1),
        }
    }

    /// Set inlines as lines of `width`.
    pub fn set(
        &mut self,
        inlines: &[Inline],
        base: &SpanStyle,
        s: &Settings,
    ) -> (Vec<Line>, Vec<SpanStyle>) {
        let mut styles = vec![base.clone()];
        let spans = self.spans(inlines, base, &mut styles);
        let lines = break_lines(self.fonts, &spans, &styles, s);
        (lines, styles)
    }

    /// The spans of a paragraph's inlines, white space at either end
    /// trimmed; the styles they use added to `styles`.
    pub fn spans(
        &mut self,
        inlines: &[Inline],
        base: &SpanStyle,
        styles: &mut Vec<SpanStyle>,
    ) -> Vec<Span> {
        let mut spans = Vec::new();
        self.inlines(inlines, base, &mut spans, styles);
        // Trim leading and trailing white space of the paragraph.
        while spans
            .first()
            .is_some_and(|s| s.text.trim().is_empty() && s.text != "\n")
        {
            spans.remove(0);
        }
        if let Some(first) = spans.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(last) = spans.last_mut() {
            last.text = last.text.trim_end_matches(' ').to_owned();
        }
        spans
    }

    /// Draw one line at (x, baseline) into a chunk.
    pub fn draw_line(
        &mut self,
        line: &Line,
        styles: &[SpanStyle],
        x0: f64,
        baseline: f64,
        chunk: &mut Chunk,
    ) {
        // Strike and underline rules, drawn after the text (over it).
        let mut rules: Vec<Item> = Vec::new();
        let mut underline: Option<usize> = None;
        // Highlights go under this line's text: drawn first.
        let line_start = chunk.items.len();
        let mut highlights: Vec<Item> = Vec::new();
        // One run for as much of the line as shares face, size, colour and
        // baseline: each run costs the PDF a text matrix and operators.
        let mut run: Option<Run> = None;
        for (x, piece) in &line.pieces {
            let st = &styles[piece.style];
            let x = x0 + x;
            let mark = self.piece_mark(st.link.as_ref());
            if let Some(formula) = &st.math {
                chunk.items.extend(run.take().map(Item::Text));
                if let Some(face) = self.fonts.math_face() {
                    // An inline formula's later parts join its first's node.
                    let node = match self.last_formula {
                        Some(node) if formula.continued => node,
                        _ => self.tags.open(
                            Kind::Formula {
                                alt: formula.tex.clone(),
                            },
                            mark,
                        ),
                    };
                    self.last_formula = Some(node);
                    let baseline = baseline - st.rise;
                    let width = line.width - (x - x0);
                    super::math::draw(
                        formula,
                        face,
                        x,
                        width,
                        baseline,
                        st.color,
                        node,
                        &mut chunk.items,
                    );
                    // `\eqref`'s targets: the formula's top.
                    for label in &formula.labels {
                        chunk.anchors.push(super::page::Anchor {
                            id: label.clone(),
                            y: baseline - formula.ascent,
                        });
                    }
                }
            }
            for (gx, g) in &piece.glyphs {
                // A glyph's own offsets (a mark's) are drawn with it.
                let glyph_baseline = baseline - st.rise;
                let continues = run.as_ref().is_some_and(|r| {
                    r.face == g.face
                        && r.size == st.size
                        && r.color == st.color
                        && r.baseline == glyph_baseline
                        && r.mark == mark
                        && r.lang == st.lang_tag
                });
                if !continues {
                    chunk.items.extend(run.take().map(Item::Text));
                }
                let r = run.get_or_insert_with(|| Run {
                    face: g.face,
                    size: st.size,
                    color: st.color,
                    baseline: glyph_baseline,
                    glyphs: Vec::new(),
                    mark,
                    lang: st.lang_tag.clone(),
                });
                let mut g = g.clone();
                // Inline code's kept spaces copy as the spaces they were.
                if &*g.text == "\u{a0}" && st.variant.role == super::font::Role::Mono {
                    g.text = " ".into();
                }
                r.glyphs.push((x + gx, g));
            }
            if let Some(color) = st.highlight {
                let (top, h) = (
                    baseline - st.size * HIGHLIGHT_TOP_EM - st.rise,
                    st.size * HIGHLIGHT_HEIGHT_EM,
                );
                match highlights.last_mut() {
                    Some(Item::Rect { x: hx, w, y, .. })
                        if (*y - top).abs() < 0.01 && x - (*hx + *w) < st.size =>
                    {
                        *w = x + piece.width - *hx;
                    }
                    _ => highlights.push(Item::Rect {
                        x,
                        y: top,
                        w: piece.width,
                        h,
                        color,
                    }),
                }
            }
            if st.strike {
                let y = baseline - st.size * STRIKE_RISE_EM;
                rules.push(Item::Line {
                    x1: x,
                    y1: y,
                    x2: x + piece.width,
                    y2: y,
                    width: st.size * STRIKE_THICKNESS_EM,
                    color: st.color,
                });
            }
            if st.underline {
                // One rule under the words of a run, the spaces between them
                // included, where and as thick as the font says.
                let (position, thickness) = piece
                    .glyphs
                    .first()
                    .and_then(|(_, g)| self.fonts.faces.get(g.face))
                    .map_or(super::font::DEFAULT_UNDERLINE, |face| face.underline);
                let y = baseline + st.size * position - st.rise;
                match underline.and_then(|i| rules.get_mut(i)) {
                    Some(Item::Line { x2, y1, .. })
                        if (*y1 - y).abs() < 0.01 && x - *x2 < st.size =>
                    {
                        *x2 = x + piece.width;
                    }
                    _ => {
                        underline = Some(rules.len());
                        rules.push(Item::Line {
                            x1: x,
                            y1: y,
                            x2: x + piece.width,
                            y2: y,
                            width: st.size * thickness,
                            color: st.color,
                        });
                    }
                }
            }
            if let Some(target) = &st.link {
                // Merge with the previous area when it continues the same link.
                let (y, h) = (
                    baseline - st.size * LINK_TOP_EM - st.rise,
                    st.size * LINK_HEIGHT_EM,
                );
                match chunk.links.last_mut() {
                    Some(l)
                        if l.target == *target
                            && l.mark == mark
                            && (l.x + l.w - x).abs() < st.size
                            && (l.y - y).abs() < 0.01 =>
                    {
                        l.w = x + piece.width - l.x;
                    }
                    _ => chunk.links.push(LinkArea {
                        x,
                        y,
                        w: piece.width,
                        h,
                        target: target.clone(),
                        mark,
                    }),
                }
            }
        }
        chunk.items.extend(run.map(Item::Text));
        chunk.items.extend(rules);
        chunk.items.splice(line_start..line_start, highlights);
    }

    /// Lines → chunks: one per line, kept so that no widow or orphan is left.
    pub fn push_lines(
        &mut self,
        lines: &[Line],
        styles: &[SpanStyle],
        x: f64,
        lh: f64,
        ascent: f64,
        before: f64,
    ) -> usize {
        let n = lines.len();
        let first = self.chunks.len();
        for (i, line) in lines.iter().enumerate() {
            let mut chunk = Chunk {
                h: lh,
                before: if i == 0 { before } else { 0.0 },
                ..Default::default()
            };
            let mut baseline = (lh - ascent) / 2.0 + ascent * super::flow::ASCENT;
            // A formula taller or deeper than the type: the line grows.
            let (above, below) = formula_extent(line, styles);
            let grow_above = (above - baseline).max(0.0);
            let grow_below = (below - (lh - baseline)).max(0.0);
            chunk.h += grow_above + grow_below;
            baseline += grow_above;
            chunk.baseline = baseline;
            self.draw_line(line, styles, x, baseline, &mut chunk);
            chunk.keep = n > 1 && (i == 0 || i + 2 >= n) && i + 1 < n;
            self.chunks.push(chunk);
        }
        first
    }
}

/// How far the formulas of a line reach above and below its baseline.
fn formula_extent(line: &Line, styles: &[SpanStyle]) -> (f64, f64) {
    line.pieces
        .iter()
        .filter_map(|(_, piece)| {
            let st = &styles[piece.style];
            let (above, below) = st.math.as_ref()?.extent(st.size);
            Some((above + st.rise, below - st.rise))
        })
        .fold((0.0, 0.0), |(a, b), (above, below)| {
            (f64::max(a, above), f64::max(b, below))
        })
}

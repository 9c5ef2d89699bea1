//! Tables: column widths from content, wrapped cells, a bold shaded header
//! row that repeats after a column or page break.

use super::flow::{Chunk, Flow};
use super::lines::{Line, SpanStyle};
use super::page::{Item, Kind, Mark, Rgb};
use crate::doc::{Align, Inline};

/// A cell as the table sets it: one paragraph of inlines.
type Cell = Vec<Inline>;
use crate::layout::TableStyle;

/// Tables are set a little smaller than the text (they hold more per
/// line), with their own leading.
const TABLE_SCALE: f64 = 0.92;
const TABLE_LEADING: f64 = 1.32;
/// A cell's padding, in em of the table's size.
const CELL_PAD_EM: f64 = 0.45;
/// Where a cell line's baseline sits in its line height (Inter's
/// ascender over the table's tighter line box).
const CELL_BASELINE_SHARE: f64 = 0.74;
/// The rule under the header, heavier than those between rows (pt).
const HEAD_RULE_PT: f64 = 0.9;
const ROW_RULE_PT: f64 = 0.5;

struct SetCell {
    lines: Vec<Line>,
    styles: Vec<SpanStyle>,
}

#[allow(clippy::too_many_arguments)]
pub fn table(
    flow: &mut Flow,
    caption: &[Inline],
    align: &[Align],
    head: &[Cell],
    rows: &[Vec<Cell>],
    x: f64,
    width: f64,
    gap: f64,
) {
    let ncols = head
        .len()
        .max(rows.iter().map(|r| r.len()).max().unwrap_or(0));
    if ncols == 0 {
        return;
    }
    let size = flow.size * TABLE_SCALE;
    let pad = size * CELL_PAD_EM;
    let lh = size * TABLE_LEADING;
    let head_base = {
        let mut b = flow.base_style(size);
        b.variant.bold = true;
        b
    };
    let body_base = flow.base_style(size);
    // Natural (one line) and minimum (longest word) widths per column.
    let mut natural = vec![0.0f64; ncols];
    let mut minimum = vec![0.0f64; ncols];
    let wide = flow.settings(super::lines::UNBOUNDED_MEASURE, false, false);
    for (r, row) in std::iter::once(head)
        .chain(rows.iter().map(|r| r.as_slice()))
        .enumerate()
    {
        let base = if r == 0 { &head_base } else { &body_base };
        for (c, cell) in row.iter().enumerate() {
            let (lines, _) = flow.set(cell, base, &wide);
            let w = lines.iter().map(|l| l.width).fold(0.0, f64::max);
            natural[c] = natural[c].max(w + 2.0 * pad);
            let mut longest = 0.0f64;
            for l in &lines {
                // The widest piece run between spaces approximates the longest word.
                let mut run_start = 0.0;
                let mut last_end = 0.0;
                for (px, p) in &l.pieces {
                    if *px > last_end + 0.01 {
                        run_start = *px;
                    }
                    last_end = px + p.width;
                    longest = longest.max(last_end - run_start);
                }
            }
            minimum[c] = minimum[c].max(longest + 2.0 * pad);
        }
    }
    let total_nat: f64 = natural.iter().sum();
    let total_min: f64 = minimum.iter().sum();
    let widths: Vec<f64> = if total_nat <= width {
        let extra = (width - total_nat) / ncols as f64;
        natural.iter().map(|w| w + extra).collect()
    } else if total_min < width {
        let spare = width - total_min;
        let want: f64 = natural
            .iter()
            .zip(&minimum)
            .map(|(n, m)| n - m)
            .sum::<f64>()
            .max(1e-6);
        natural
            .iter()
            .zip(&minimum)
            .map(|(n, m)| m + spare * (n - m) / want)
            .collect()
    } else {
        vec![width / ncols as f64; ncols]
    };
    let header_index = flow.headers.len();
    let mut first = true;
    let outer = flow.open(Kind::Table);
    let table = flow.mark;
    if !caption.is_empty() {
        set_caption(flow, caption, x, width, gap);
    }
    let mut section = Mark::Artifact;
    for (r, row) in std::iter::once(head)
        .chain(rows.iter().map(|r| r.as_slice()))
        .enumerate()
    {
        let is_head = r == 0;
        let base = if is_head {
            head_base.clone()
        } else {
            body_base.clone()
        };
        let mut cells = Vec::new();
        for (c, w) in widths.iter().enumerate() {
            let cell = row.get(c).map(|c| c.as_slice()).unwrap_or(&[]);
            let s = flow.settings(w - 2.0 * pad, false, true);
            let (lines, styles) = flow.set(cell, &base, &s);
            cells.push(SetCell { lines, styles });
        }
        let nlines = cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let h = nlines as f64 * lh + 2.0 * pad;
        let mut chunk = Chunk {
            h,
            before: if first { gap } else { 0.0 },
            ..Default::default()
        };
        first = false;
        let table_style = flow.style.table_style;
        if is_head || (table_style == TableStyle::Stripes && r % 2 == 0) {
            chunk.items.push(Item::Rect {
                x,
                y: 0.0,
                w: width,
                h,
                color: flow.colors.shade,
            });
        }
        if r <= 1 {
            let kind = if is_head {
                Kind::TableHead
            } else {
                Kind::TableBody
            };
            section = flow.tags.open(kind, table);
        }
        let tr = flow.tags.open(Kind::Row, section);
        let mut cx = x;
        for (c, cell) in cells.iter().enumerate() {
            let a = align.get(c).copied().unwrap_or(Align::None);
            let kind = if is_head {
                Kind::HeaderCell
            } else {
                Kind::Cell
            };
            flow.mark = flow.tags.open(kind, tr);
            for (i, line) in cell.lines.iter().enumerate() {
                let room = widths[c] - 2.0 * pad - line.width;
                // A right-to-left cell's lines are set flush right already.
                let shift = match a {
                    _ if line.rtl => 0.0,
                    Align::Right => room,
                    Align::Center => room / 2.0,
                    _ => 0.0,
                };
                let baseline = pad + i as f64 * lh + lh * CELL_BASELINE_SHARE;
                flow.draw_line(
                    line,
                    &cell.styles,
                    cx + pad + shift.max(0.0),
                    baseline,
                    &mut chunk,
                );
            }
            cx += widths[c];
        }
        let rule = |x1: f64, y1: f64, x2: f64, y2: f64, width: f64, color: Rgb| Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        };
        if is_head {
            chunk
                .items
                .push(rule(x, h, x + width, h, HEAD_RULE_PT, flow.colors.accent));
        } else if table_style != TableStyle::Stripes {
            chunk
                .items
                .push(rule(x, h, x + width, h, ROW_RULE_PT, flow.colors.rule));
        }
        if table_style == TableStyle::Grid {
            // Each row boxes its own cells, so a row carried to the next
            // page (and a repeated header) is closed on every side.
            let mut edge = x;
            chunk
                .items
                .push(rule(x, 0.0, x + width, 0.0, 0.5, flow.colors.rule));
            for w in std::iter::once(&0.0).chain(widths.iter()) {
                edge += w;
                chunk
                    .items
                    .push(rule(edge, 0.0, edge, h, 0.5, flow.colors.rule));
            }
        }
        if is_head {
            chunk.keep = true;
            if !head.is_empty() {
                let mut copy = chunk.clone();
                copy.before = 0.0;
                copy.links.clear();
                // Read once: its repeats are decoration.
                for item in &mut copy.items {
                    item.set_mark(Mark::Artifact);
                }
                flow.headers.push(copy);
            }
        } else if flow.headers.len() > header_index {
            chunk.header = Some(header_index);
        }
        flow.chunks.push(chunk);
    }
    flow.close(outer);
}

/// A table's caption above it, as LaTeX sets one: small, centred, kept
/// with the table, the first child of its `Table` in the structure tree
/// (PDF/UA).
fn set_caption(flow: &mut Flow, caption: &[Inline], x: f64, width: f64, gap: f64) {
    let mut base = flow.base_style(flow.size * TABLE_SCALE);
    base.color = flow.colors.muted;
    let settings = flow.settings(width, false, true);
    let (lines, styles) = flow.set(caption, &base, &settings);
    let leading = base.size * TABLE_LEADING;
    let outer = flow.open(Kind::Caption);
    for (i, line) in lines.iter().enumerate() {
        let mut chunk = super::flow::Chunk {
            h: leading,
            before: if i == 0 { gap } else { 0.0 },
            baseline: (leading - base.size) / 2.0 + base.size * super::flow::ASCENT,
            keep: true,
            ..Default::default()
        };
        let left = x + (width - line.width) / 2.0;
        let baseline = chunk.baseline;
        flow.draw_line(line, &styles, left, baseline, &mut chunk);
        flow.chunks.push(chunk);
    }
    flow.close(outer);
}

//! Code blocks in print: every space kept (real space glyphs, so copying
//! gives the source back), tabs expanded to their stops, tokens coloured
//! from the layout's theme, and a line wider than the column wrapped with a
//! continuation mark (an artifact) and indented past its own indentation.

use super::flow::{Chunk, Flow};
use super::font::{Glyph, Role, Variant};
use super::page::{Item, Mark, Rgb, Run};
use crate::doc::Attr;
use crate::layout::CodeWrap;
use crate::write::highlight::{self, Kind};

/// Blocks of up to this many lines are kept on one page.
const KEEP_LINES: usize = 12;

/// Columns between a line number and its line, half a column of them
/// before the number.
const GUTTER_SPACE: f64 = 1.5;

/// The mark at the start of a continuation line.
const CONTINUED: &str = "↪";

/// One glyph of a code line: where it starts (in points from the line's
/// start), its colour, and whether a line may break after it.
struct Cell {
    x: f64,
    w: f64,
    glyph: Glyph,
    color: Rgb,
    break_after: bool,
}

const MONO: Variant = Variant {
    role: Role::Mono,
    bold: false,
    italic: false,
};

impl Flow<'_> {
    pub(super) fn code(
        &mut self,
        block: (Option<&str>, &Attr, &str),
        x: f64,
        width: f64,
        before: f64,
    ) {
        let (lang, attr, text) = block;
        let code = &self.style.code;
        let first_number = highlight::first_line_number(attr, code.line_numbers);
        let text = highlight::expand_tabs(text.trim_end_matches('\n'), code.tab_width);
        let tokens = highlight::highlight(lang, &text);
        let theme = code.theme.clone();
        let wrap = code.wrap;
        let pad = self.size * 0.6;
        let mut size = self.size * 0.86;
        // The width of one column of the monospace face, in em.
        let cell = self
            .fonts
            .shape("0", MONO)
            .first()
            .map_or(0.6, |g| g.advance);
        // Numbered lines: a gutter as wide as the last number and a column
        // and a half more, in columns of the block's type.
        let line_count = text.lines().count().max(1) as u64;
        let gutter_columns = first_number.map_or(0.0, |first| {
            (first + line_count - 1).to_string().len() as f64 + GUTTER_SPACE
        });
        let inner = (width - 2.0 * pad - gutter_columns * cell * size).max(cell * size);
        if wrap == CodeWrap::Shrink {
            let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            let fits = inner / (longest.max(1) as f64 * cell);
            size = size.min(fits).max(self.style.min_size.min(size));
        }
        let lh = size * 1.4;
        let gutter = gutter_columns * cell * size;
        let left = x + pad + gutter;
        let indent_of = |line: &[(Kind, String)]| {
            let s: String = line.iter().map(|t| t.1.as_str()).collect();
            s.len() - s.trim_start_matches(' ').len()
        };
        // Each source line, as rows of cells (more than one when it wraps).
        let mut rows: Vec<(usize, f64, Vec<Cell>)> = Vec::new(); // (source line, x, cells)
        let lines = highlight::lines(&tokens);
        for (n, line) in lines.iter().enumerate() {
            let cells = self.cells(line, &theme, size);
            let indent = indent_of(line) as f64 * cell * size;
            // A continuation starts two columns past the line's own indentation
            // (the mark sits in the first), unless that leaves too little room.
            let hang = (indent + 2.0 * cell * size).min(inner / 2.0);
            let mut start = 0;
            let mut offset = 0.0;
            let mut row_x = 0.0;
            while start < cells.len() {
                let room = inner - row_x;
                let end = fit(&cells[start..], offset, room).map_or(cells.len(), |e| start + e);
                let row = cells_from(&cells[start..end], offset, row_x);
                rows.push((n, row_x, row));
                if end < cells.len() {
                    offset = cells[end].x;
                    row_x = hang;
                }
                start = end;
            }
            if cells.is_empty() {
                rows.push((n, 0.0, Vec::new()));
            }
        }
        let muted = self.colors.muted;
        let source_lines = lines.len();
        let total = rows.len();
        for (i, (n, row_x, cells)) in rows.iter().enumerate() {
            let top = if i == 0 { pad } else { 0.0 };
            let bottom = if i + 1 == total { pad } else { 0.0 };
            let h = lh + top + bottom;
            let mut c = Chunk {
                h,
                before: if i == 0 { before } else { 0.0 },
                ..Default::default()
            };
            c.items.push(Item::Rect {
                x,
                y: 0.0,
                w: width,
                h,
                color: self.colors.shade,
            });
            let baseline = top + lh * 0.72;
            c.baseline = baseline;
            let continued = i > 0 && rows[i - 1].0 == *n;
            if continued {
                let glyphs = self.fonts.shape(CONTINUED, MONO);
                let mark_x = left + row_x - 2.0 * cell * size;
                let placed = glyphs.into_iter().map(|g| (mark_x, g)).collect();
                push_run(&mut c, placed, size, muted, baseline, Mark::Artifact);
            } else if let Some(first) = first_number {
                // The number, flush right in the gutter: decoration, so a
                // screen reader and a copy take the code alone.
                let number = (first + *n as u64).to_string();
                let number_x = left - (GUTTER_SPACE + number.len() as f64 - 0.5) * cell * size;
                let glyphs = self.fonts.shape(&number, MONO);
                let placed = place(glyphs, number_x, size);
                push_run(&mut c, placed, size, muted, baseline, Mark::Artifact);
            }
            let mark = self.piece_mark(None);
            let mut run: Vec<(f64, Glyph)> = Vec::new();
            let mut run_color = None;
            for cell in cells {
                if let Some(done_color) = run_color.filter(|rc| *rc != cell.color) {
                    let done = std::mem::take(&mut run);
                    push_run(&mut c, done, size, done_color, baseline, mark);
                }
                run_color = Some(cell.color);
                run.push((left + cell.x, cell.glyph.clone()));
            }
            if let Some(color) = run_color {
                push_run(&mut c, run, size, color, baseline, mark);
            }
            // A short block stays on one page; a long one breaks between
            // source lines, never inside one, leaving no line alone.
            let next_same = rows.get(i + 1).is_some_and(|r| r.0 == *n);
            let last = i + 1 == total;
            c.keep = !last
                && (source_lines <= KEEP_LINES || next_same || *n == 0 || *n + 2 >= source_lines);
            self.chunks.push(c);
        }
    }

    /// A line's tokens shaped in the monospace face, each glyph with its
    /// colour and place.
    fn cells(
        &mut self,
        line: &[(Kind, String)],
        theme: &crate::layout::Theme,
        size: f64,
    ) -> Vec<Cell> {
        let mut out = Vec::new();
        let mut x = 0.0;
        for (kind, text) in line {
            let color = kind.color(theme).map_or(self.colors.text, Rgb::from);
            for g in self.fonts.shape(text, MONO) {
                let break_after = g
                    .text
                    .ends_with([' ', ',', '(', '[', '{', '.', '/', '-', '=']);
                let adv = g.advance * size;
                out.push(Cell {
                    x,
                    w: adv,
                    glyph: g,
                    color,
                    break_after,
                });
                x += adv;
            }
        }
        out
    }
}

/// How many of `cells` (whose line starts at `offset`) fit in `room`: at
/// the last break opportunity, else as many as fit; `None` if all fit.
fn fit(cells: &[Cell], offset: f64, room: f64) -> Option<usize> {
    let end = |c: &Cell| c.x - offset + c.w;
    let over = cells.iter().position(|c| end(c) > room + 0.01)?;
    // Continuation glyphs of a cluster (empty text) stay with their first.
    let mut at = over.max(1);
    while at > 1 && cells[at].glyph.text.is_empty() {
        at -= 1;
    }
    let opportunity = (1..=over)
        .rev()
        .find(|&i| cells[i - 1].break_after && i > over / 3);
    Some(opportunity.unwrap_or(at))
}

/// The cells of one row, moved so the row's first starts at `row_x`.
fn cells_from(cells: &[Cell], offset: f64, row_x: f64) -> Vec<Cell> {
    cells
        .iter()
        .map(|c| Cell {
            x: c.x - offset + row_x,
            w: c.w,
            glyph: c.glyph.clone(),
            color: c.color,
            break_after: c.break_after,
        })
        .collect()
}

fn push_run(
    c: &mut Chunk,
    glyphs: Vec<(f64, Glyph)>,
    size: f64,
    color: Rgb,
    baseline: f64,
    mark: Mark,
) {
    let Some(face) = glyphs.first().map(|g| g.1.face) else {
        return;
    };
    // One run per face (a fallback face for a character the mono face lacks).
    let mut run = Run {
        face,
        size,
        color,
        baseline,
        glyphs: Vec::new(),
        mark,
        lang: None,
    };
    for g in glyphs {
        if g.1.face != run.face {
            let next = Run {
                face: g.1.face,
                glyphs: Vec::new(),
                ..run.clone()
            };
            c.items.push(Item::Text(std::mem::replace(&mut run, next)));
        }
        run.glyphs.push(g);
    }
    c.items.push(Item::Text(run));
}

/// Glyphs set one after another from `x`, each at its pen position.
fn place(glyphs: Vec<Glyph>, x: f64, size: f64) -> Vec<(f64, Glyph)> {
    let mut pen = x;
    glyphs
        .into_iter()
        .map(|g| {
            let at = pen;
            pen += g.advance * size;
            (at, g)
        })
        .collect()
}

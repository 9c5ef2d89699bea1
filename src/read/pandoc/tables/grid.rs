//! Grid tables, traced as the `gridtables` package (which pandoc 3 uses)
//! traces them: from each top-left corner `+`, right along the top border
//! to a `+`, down to a `+`, back left and up; the borders found make the
//! grid, and a cell that crosses grid lines spans rows or columns. A
//! `+===+` line ends the header; one at the bottom, after another, starts
//! the foot. `:` in the first `=` line (or the top border) aligns columns.
//!
//! Departures: a table whose tracing takes more steps than
//! `STEPS_PER_CHAR` per character is not a table (pandoc's tracer can take
//! quadratic time on crafted borders); a border character out of the
//! array reads as missing instead of stopping pandoc with an error.

use super::{char_width, Parsed, SourceCell, Src, TableKind, READER_COLUMNS};
use crate::doc::{Align, Column};
use std::collections::{BTreeMap, BTreeSet};

/// Tracing steps allowed per character of the table, and at least: a
/// regular table's tracing walks each border about twice.
const STEPS_PER_CHAR: u64 = 16;
const MIN_STEPS: u64 = 4096;

/// What a position of the character grid holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ch {
    /// Past the grid's bounds.
    Out,
    /// Past the end of a short line.
    Missing,
    /// A character of width one or two; `0` for anything that is not an
    /// ASCII border character.
    Char(u8),
}

/// One position: the border character it is, and its text (a wide
/// character's second column and the end of a short line have none).
#[derive(Debug, Clone, Copy)]
struct Slot {
    border: u8,
    start: u32,
    end: u32,
}

struct Grid<'t> {
    lines: Vec<&'t str>,
    slots: Vec<Vec<Slot>>,
    /// pandoc's width: the longest line's count of characters (not
    /// columns: a line of wide characters can be cut short by it).
    width: usize,
    /// Lines made only of `+` and `=` (or `:`), read as `-` borders.
    separators: Vec<bool>,
}

impl<'t> Grid<'t> {
    fn new(lines: Vec<&'t str>) -> Grid<'t> {
        let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let slots = lines.iter().map(|l| slots(l, width)).collect();
        let separators = vec![false; lines.len()];
        Grid {
            lines,
            slots,
            width,
            separators,
        }
    }

    fn rows(&self) -> usize {
        self.lines.len()
    }

    fn raw(&self, r: usize, c: usize) -> Ch {
        if r >= self.rows() || c >= self.width {
            return Ch::Out;
        }
        match self.slots[r].get(c) {
            Some(slot) => Ch::Char(slot.border),
            None => Ch::Missing,
        }
    }

    fn text(&self, r: usize, c: usize) -> &'t str {
        match self.slots[r].get(c) {
            Some(slot) => &self.lines[r][slot.start as usize..slot.end as usize],
            None => "",
        }
    }
}

/// A line as grid positions: wide characters take two, zero-width ones
/// join the character after them (as `gridtables`' `toCharGrid` does).
fn slots(line: &str, width: usize) -> Vec<Slot> {
    let mut out = Vec::with_capacity(line.len().min(width));
    let mut pending: Option<usize> = None;
    for (at, c) in line.char_indices() {
        if out.len() >= width {
            break;
        }
        let w = char_width(c);
        if w == 0 {
            pending.get_or_insert(at);
            continue;
        }
        let start = pending.take().unwrap_or(at);
        let plain = start == at;
        let border = if plain && c.is_ascii() { c as u8 } else { 0 };
        let end = at + c.len_utf8();
        out.push(Slot {
            border,
            start: start as u32,
            end: end as u32,
        });
        if w >= 2 && out.len() < width {
            out.push(Slot {
                border: 0,
                start: end as u32,
                end: end as u32,
            });
        }
    }
    if let Some(start) = pending {
        if out.len() < width {
            out.push(Slot {
                border: 0,
                start: start as u32,
                end: line.len() as u32,
            });
        }
    }
    out
}

/// A grid table starting at line `start`: its lines are those that begin
/// with `+` or `|`; the first is a border of `-` segments. (pandoc 3.9
/// reads an indented one as a paragraph; 3.10 strips up to three spaces.)
pub(super) fn grid_table(src: &Src, start: usize) -> Option<Parsed> {
    if !is_top_border(src.get(start)?) {
        return None;
    }
    let mut lines = Vec::new();
    let mut k = start;
    while let Some(line) = src.get(k).filter(|l| l.starts_with(['+', '|'])) {
        lines.push(line.trim_end());
        k += 1;
    }
    if lines.len() < 2 {
        return None;
    }
    let lines_len = lines.len();
    let last_line = start + lines_len - 1;
    let chars: u64 = lines.iter().map(|l| l.len() as u64 + 1).sum();
    let budget = chars * STEPS_PER_CHAR + MIN_STEPS;
    let mut grid = Grid::new(lines);
    let table = trace(&mut grid, budget);
    src.add_work(table.as_ref().map_or(budget, |t| t.steps));
    let mut table = table?;
    // The cells' lines, counted from the table's top border until here.
    super::shift_cells([&mut table.head, &mut table.body, &mut table.foot], start);
    let dropped =
        (table.last_border + 1 < lines_len).then_some((table.last_border + 1, lines_len - 1));
    Some(Parsed {
        kind: TableKind::Grid,
        last_line,
        dropped,
        columns: table.columns,
        head: table.head,
        body: table.body,
        foot: table.foot,
    })
}

/// `+---+:--:+`: `+`, then segments of dashes (a `:` at either end) each
/// closed by `+`, then nothing but spaces.
fn is_top_border(line: &str) -> bool {
    let b = line.trim_end_matches([' ', '\t']).as_bytes();
    if b.first() != Some(&b'+') || b.len() < 3 {
        return false;
    }
    let mut i = 1;
    while i < b.len() {
        if b[i] == b':' {
            i += 1;
        }
        let dashes = b[i..].iter().take_while(|&&c| c == b'-').count();
        if dashes == 0 {
            return false;
        }
        i += dashes;
        if b.get(i) == Some(&b':') {
            i += 1;
        }
        if b.get(i) != Some(&b'+') {
            return false;
        }
        i += 1;
    }
    true
}

struct Traced {
    columns: Vec<Column>,
    head: Vec<Vec<SourceCell>>,
    body: Vec<Vec<SourceCell>>,
    foot: Vec<Vec<SourceCell>>,
    steps: u64,
    /// The last line that is a border of the traced grid.
    last_border: usize,
}

/// A column found in a border line: its `:`s.
struct ColSpec {
    align: Align,
}

/// A traced cell: its borders, the lines inside them.
struct CellTrace {
    right: usize,
    bottom: usize,
    lines: Vec<String>,
}

struct Tracer<'g, 't> {
    grid: &'g Grid<'t>,
    steps: u64,
    budget: u64,
}

/// Found: the bottom-right corner, and the row and column borders met.
type ScanResult = ((usize, usize), Vec<usize>, Vec<usize>);

impl Tracer<'_, '_> {
    /// The character at a position, `=` and `:` of separator lines read as
    /// `-`; `None` once the step budget is spent.
    fn at(&mut self, r: usize, c: usize) -> Option<Ch> {
        self.steps += 1;
        if self.steps > self.budget {
            return None;
        }
        let ch = self.grid.raw(r, c);
        Some(match ch {
            Ch::Char(b'=' | b':') if self.grid.separators[r] => Ch::Char(b'-'),
            other => other,
        })
    }

    /// `scanRight`: along the top border from a corner; at each `+`, try
    /// down. `Err(())`: out of budget.
    fn scan_right(&mut self, top: usize, left: usize) -> Result<Option<ScanResult>, ()> {
        let mut colseps = Vec::new();
        let mut last_plus = None;
        let mut j = left + 1;
        loop {
            match self.at(top, j).ok_or(())? {
                Ch::Char(b'-') => j += 1,
                Ch::Char(b'+') => {
                    colseps.push(j);
                    if let Some((end, rowseps, more)) = self.scan_down(top, left, j)? {
                        colseps.extend(more);
                        return Ok(Some((end, rowseps, colseps)));
                    }
                    last_plus = Some(j);
                    j += 1;
                }
                _ => break,
            }
        }
        // pandoc's fallback (`lastCellInRow`): a top border that ends
        // short of the grid's width ends the row's last cell.
        match last_plus {
            Some(p) if self.at(top, p + 1).ok_or(())? == Ch::Missing => {
                self.scan_rest_of_lines(top, left)
            }
            _ => Ok(None),
        }
    }

    /// `scanDown`: down the right border at column `right`; at each `+`,
    /// try left.
    fn scan_down(
        &mut self,
        top: usize,
        left: usize,
        right: usize,
    ) -> Result<Option<ScanResult>, ()> {
        let last_col = self.grid.width - 1;
        let mut rowseps = Vec::new();
        let mut i = top + 1;
        loop {
            match self.at(i, right).ok_or(())? {
                Ch::Out => return Ok(None),
                Ch::Char(b'+') => {
                    rowseps.push(i);
                    if let Some((more_rows, colseps)) = self.scan_left(top, left, i, right)? {
                        rowseps.extend(more_rows);
                        return Ok(Some(((i, right), rowseps, colseps)));
                    }
                }
                Ch::Char(b'|') => {}
                _ if right == last_col => {}
                _ => return Ok(None),
            }
            i += 1;
        }
    }

    /// `scanLeft` then `scanUp`: the bottom border back to the left corner,
    /// and the left border back up.
    #[allow(clippy::type_complexity)]
    fn scan_left(
        &mut self,
        top: usize,
        left: usize,
        bottom: usize,
        right: usize,
    ) -> Result<Option<(Vec<usize>, Vec<usize>)>, ()> {
        if self.at(bottom, left).ok_or(())? != Ch::Char(b'+') {
            return Ok(None);
        }
        let mut colseps = Vec::new();
        for j in (left + 1..right).rev() {
            match self.at(bottom, j).ok_or(())? {
                Ch::Char(b'+') => colseps.push(j),
                Ch::Char(b'-') => {}
                _ => return Ok(None),
            }
        }
        let mut rowseps = Vec::new();
        for i in (top + 1..bottom).rev() {
            match self.at(i, left).ok_or(())? {
                Ch::Char(b'+') => rowseps.push(i),
                Ch::Char(b'|') => {}
                _ => return Ok(None),
            }
        }
        Ok(Some((rowseps, colseps)))
    }

    /// `scanRestOfLines`: the first line below that is a border from the
    /// left corner to the grid's width (short lines allowed).
    fn scan_rest_of_lines(&mut self, top: usize, left: usize) -> Result<Option<ScanResult>, ()> {
        let last_col = self.grid.width - 1;
        'rows: for i in top + 1..self.grid.rows() {
            if self.at(i, left).ok_or(())? != Ch::Char(b'+') {
                continue;
            }
            for j in left + 1..=last_col {
                match self.at(i, j).ok_or(())? {
                    Ch::Char(b'+' | b'-') | Ch::Missing => {}
                    _ => continue 'rows,
                }
            }
            return Ok(Some(((i, last_col), vec![i], vec![last_col])));
        }
        Ok(None)
    }
}

/// `colSpecsInLine`: the columns of a border line made of `fill` (`-` or
/// `=`) between `+`s, `:` at a column's ends marking its alignment.
fn col_specs_in_line(grid: &Grid, fill: u8, r: usize) -> Option<Vec<ColSpec>> {
    let ch = |c: usize| grid.raw(r, c);
    if ch(0) != Ch::Char(b'+') {
        return None;
    }
    let last_col = grid.width - 1;
    let mut specs = Vec::new();
    let mut j = 1;
    while j < last_col {
        let mut k = j + 1;
        let (end, right_mark) = loop {
            match ch(k) {
                Ch::Char(b'+') => break (k, false),
                Ch::Char(b':') => {
                    if ch(k + 1) == Ch::Char(b'+') {
                        break (k + 1, true);
                    }
                    return None;
                }
                Ch::Char(c) if c == fill => k += 1,
                _ => return None,
            }
        };
        let left_mark = ch(j) == Ch::Char(b':');
        specs.push(ColSpec {
            align: match (left_mark, right_mark) {
                (false, false) => Align::None,
                (true, false) => Align::Left,
                (false, true) => Align::Right,
                (true, true) => Align::Center,
            },
        });
        j = end + 1;
    }
    Some(specs)
}

fn trace(grid: &mut Grid, budget: u64) -> Option<Traced> {
    if grid.width == 0 {
        return None;
    }
    let first_specs = col_specs_in_line(grid, b'-', 0);
    let part_seps: Vec<(usize, Vec<ColSpec>)> = (0..grid.rows())
        .filter_map(|r| col_specs_in_line(grid, b'=', r).map(|specs| (r, specs)))
        .collect();
    grid.separators[0] = true;
    for (r, _) in &part_seps {
        grid.separators[*r] = true;
    }
    let chars: u64 = grid.slots.iter().map(|s| s.len() as u64).sum();
    let mut tracer = Tracer {
        grid,
        steps: chars,
        budget,
    };
    let mut rowseps = BTreeSet::from([0usize]);
    let mut colseps = BTreeSet::from([0usize]);
    let mut corners = BTreeSet::from([(0usize, 0usize)]);
    let mut cells: BTreeMap<(usize, usize), CellTrace> = BTreeMap::new();
    while let Some((top, left)) = corners.pop_first() {
        let Some(((bottom, right), rows, cols)) = tracer.scan_right(top, left).ok()? else {
            continue;
        };
        let lines: Vec<String> = (top + 1..bottom)
            .map(|r| (left + 1..right).map(|c| tracer.grid.text(r, c)).collect())
            .collect();
        tracer.steps += ((bottom - top) * (right - left)) as u64;
        if tracer.steps > tracer.budget {
            return None;
        }
        rowseps.extend(rows);
        colseps.extend(cols);
        corners.insert((top, right));
        corners.insert((bottom, left));
        cells.insert(
            (top, left),
            CellTrace {
                right,
                bottom,
                lines,
            },
        );
    }
    if cells.is_empty() {
        return None;
    }
    let steps = tracer.steps;
    Some(assemble(
        rowseps,
        colseps,
        cells,
        &part_seps,
        first_specs,
        steps,
    ))
}

/// `tableFromTraceInfo` and pandoc's `gridTableWith'`: the traced cells on
/// the grid their borders make, split into head, body and foot.
fn assemble(
    rowseps: BTreeSet<usize>,
    colseps: BTreeSet<usize>,
    cells: BTreeMap<(usize, usize), CellTrace>,
    part_seps: &[(usize, Vec<ColSpec>)],
    first_specs: Option<Vec<ColSpec>>,
    steps: u64,
) -> Traced {
    let row_index: BTreeMap<usize, usize> =
        rowseps.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let col_index: BTreeMap<usize, usize> =
        colseps.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let colseps: Vec<usize> = colseps.into_iter().collect();
    let ncols = colseps.len() - 1;
    let nrows = rowseps.len() - 1;
    let col_widths: Vec<usize> = colseps.windows(2).map(|w| w[1] - w[0] - 1).collect();
    let aligns: Vec<Align> = match part_seps.first() {
        Some((_, specs)) => specs.iter().map(|s| s.align).collect(),
        None => first_specs
            .map(|specs| specs.iter().map(|s| s.align).collect())
            .unwrap_or_default(),
    };
    // pandoc's `fractionalColumnWidths`: each column and one border, over
    // the table's width or the text width, whichever is wider.
    let norm = (col_widths.iter().map(|w| w + 1).sum::<usize>() + ncols)
        .saturating_sub(2)
        .max(READER_COLUMNS) as f64;
    let columns = col_widths
        .iter()
        .enumerate()
        .map(|(i, w)| Column {
            align: aligns.get(i).copied().unwrap_or(Align::None),
            width: Some((w + 1) as f64 / norm),
        })
        .collect();

    // Place the cells: each at its top-left grid position, the positions
    // it spans marked as taken (later cells overwrite, as in pandoc).
    #[derive(Clone, Copy)]
    enum Place {
        Free,
        Cell(usize),
        Spanned,
    }
    let mut places = vec![Place::Free; nrows * ncols];
    let mut placed: Vec<SourceCell> = Vec::with_capacity(cells.len());
    for ((top, left), cell) in cells {
        let (Some(&r), Some(&c), Some(&b), Some(&rt)) = (
            row_index.get(&top),
            col_index.get(&left),
            row_index.get(&cell.bottom),
            col_index.get(&cell.right),
        ) else {
            continue;
        };
        let (row_span, col_span) = (b - r, rt - c);
        places[r * ncols + c] = Place::Cell(placed.len());
        for rr in r..r + row_span {
            for cc in c..c + col_span {
                if (rr, cc) != (r, c) {
                    places[rr * ncols + cc] = Place::Spanned;
                }
            }
        }
        placed.push(SourceCell {
            text: cell_text(cell.lines),
            row_span: row_span as u32,
            col_span: col_span as u32,
            align: None,
            line: top + 1,
        });
    }
    let mut rows: Vec<Vec<SourceCell>> = (0..nrows)
        .map(|r| {
            (0..ncols)
                .filter_map(|c| match places[r * ncols + c] {
                    Place::Free => Some(SourceCell::new("", 0)),
                    Place::Cell(i) => Some(placed[i].clone()),
                    Place::Spanned => None,
                })
                .collect()
        })
        .collect();

    let head_len = part_seps
        .first()
        .and_then(|(r, _)| row_index.get(r))
        .copied()
        .unwrap_or(0);
    let last_rowsep = rowseps.last().copied();
    let foot_start = match part_seps {
        [.., (before, _), (last, _)] if Some(*last) == last_rowsep => {
            row_index.get(before).copied()
        }
        _ => None,
    };
    let body_and_foot = rows.split_off(head_len.min(rows.len()));
    let head = rows;
    let (body, foot) = match foot_start {
        Some(f) => {
            let mut body = body_and_foot;
            let foot = body.split_off(f.saturating_sub(head_len).min(body.len()));
            (body, foot)
        }
        None => (body_and_foot, Vec::new()),
    };
    Traced {
        columns,
        head,
        body,
        foot,
        steps,
        last_border: last_rowsep.unwrap_or(0),
    }
}

/// A cell's Markdown: its lines without trailing space, and without one
/// leading space when every line has one (pandoc's
/// `removeOneLeadingSpace`).
fn cell_text(lines: Vec<String>) -> String {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    let indented = lines.iter().all(|l| l.is_empty() || l.starts_with(' '));
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| {
            if indented {
                l.get(1..).unwrap_or("")
            } else {
                l
            }
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

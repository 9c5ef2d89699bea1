//! pandoc's four table grammars (simple, multiline, grid and pipe tables)
//! with their captions, found in Markdown source lines.
//!
//! A pure pass over the lines, before comrak: [`find_tables`] walks the
//! top-level blocks as pandoc's Markdown reader does (a table can only
//! start where a block starts, never inside a paragraph, a list, a quote
//! or fenced code) and, at each block start, tries the grammars in
//! pandoc's order: pipe (when the line holds a `|`), multiline, headless
//! simple, simple, headless multiline, grid. The rules are pandoc 3.9's
//! (`Readers/Markdown.hs`, `Parsing/GridTable.hs` and the `gridtables`
//! package); where this module departs from them the item says so.
//!
//! Every parser here looks at each line a bounded number of times, and the
//! grid tracer has a step budget, so hostile input costs linear time.

mod blocks;
mod caption;
mod dashed;
mod grid;
mod html;
mod pipe;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_grid;
#[cfg(test)]
mod tests_never;
#[cfg(test)]
mod tests_pipe;

use crate::doc::{Align, Column};
use std::borrow::Cow;
use std::cell::Cell;
use unicode_width::UnicodeWidthChar;

/// The text width, in characters, that relative column widths are measured
/// against: pandoc's `--columns` default, which its command line passes to
/// the reader.
const READER_COLUMNS: usize = 72;

/// pandoc's tab stop (`--tab-stop`, 4): tabs are expanded to it before a
/// table's columns are measured.
const TAB_STOP: usize = 4;

/// Which of pandoc's grammars a table was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Simple,
    Multiline,
    Grid,
    Pipe,
}

impl TableKind {
    /// Whether a cell holds blocks (a grid table's cell: paragraphs, lists,
    /// code) rather than one paragraph of inlines (pandoc parses simple,
    /// multiline and pipe cells with `plain`: `- a` in one is text, not a
    /// list).
    pub fn cells_are_blocks(self) -> bool {
        self == TableKind::Grid
    }
}

/// A table found in the source, with its cells still Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceTable {
    pub kind: TableKind,
    /// 0-based, inclusive line indices of the input slice, caption lines
    /// included (the blank lines between a table and its caption too).
    pub first_line: usize,
    pub last_line: usize,
    /// The caption's Markdown (`Table: …`, `table: …` or `: …`, before or
    /// after the table), its marker removed, continuation lines joined
    /// with `\n`, trimmed; without `caption_attr`.
    pub caption: Option<String>,
    /// A trailing `{#tbl:id .class key=value}` on the caption, as written.
    pub caption_attr: Option<String>,
    /// Alignment and relative width of each column: widths from the dashes
    /// of multiline and grid tables, and of pipe tables with a line longer
    /// than pandoc's 72 columns; `None` otherwise.
    pub columns: Vec<Column>,
    pub head: Vec<Vec<SourceCell>>,
    pub body: Vec<Vec<SourceCell>>,
    /// Rows below a grid table's closing `+===+` separator.
    pub foot: Vec<Vec<SourceCell>>,
    /// Lines of a grid table below its last complete border (`| more`
    /// after the bottom `+---+`, no blank line between): pandoc reads them
    /// as part of the table and drops them; first and last, inclusive.
    pub dropped: Option<(usize, usize)>,
}

/// One cell: its Markdown and the rows and columns it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCell {
    /// The cell's Markdown, lines joined with `\n`: trimmed lines for
    /// simple, multiline and pipe tables; a grid cell's lines with trailing
    /// space removed and one leading space taken off when every line has
    /// one (pandoc's `removeOneLeadingSpace`), so code indented in a cell
    /// stays code.
    pub text: String,
    pub row_span: u32,
    pub col_span: u32,
    /// The cell's own alignment; pandoc's Markdown grammars never set one
    /// (a column's alignment is in `columns`), so this is always `None`.
    pub align: Option<Align>,
    /// The input line (0-based) the cell's text starts on, for the
    /// positions of what is found in it.
    pub line: usize,
}

impl SourceTable {
    /// The table as read from lines `by` further down: its lines, its
    /// dropped lines' and its cells'.
    pub fn shift(&mut self, by: usize) {
        self.first_line += by;
        self.last_line += by;
        self.dropped = self.dropped.map(|(first, last)| (first + by, last + by));
        shift_cells([&mut self.head, &mut self.body, &mut self.foot], by);
    }
}

/// Moves every cell's line `by` lines down.
fn shift_cells(parts: [&mut Vec<Vec<SourceCell>>; 3], by: usize) {
    for cell in parts.into_iter().flatten().flatten() {
        cell.line += by;
    }
}

impl SourceCell {
    fn new(text: impl Into<String>, line: usize) -> SourceCell {
        SourceCell {
            text: text.into(),
            row_span: 1,
            col_span: 1,
            align: None,
            line,
        }
    }
}

/// The tables in `lines` (the document's lines, without their newlines),
/// in order, not overlapping: those that start at the top level, outside
/// lists, block quotes and fenced code.
pub fn find_tables(lines: &[&str]) -> Vec<SourceTable> {
    find_tables_counted(lines).0
}

/// [`find_tables`], and the work it did: bytes of lines looked at plus
/// grid-tracing steps (tests check it grows linearly with the input).
fn find_tables_counted(lines: &[&str]) -> (Vec<SourceTable>, u64) {
    let src = Src::new(lines);
    let tables = blocks::scan(&src);
    (tables, src.work.get())
}

/// The input lines, tabs expanded, with a count of the work done reading
/// them.
struct Src<'a> {
    lines: Vec<Cow<'a, str>>,
    work: Cell<u64>,
}

impl<'a> Src<'a> {
    fn new(lines: &[&'a str]) -> Src<'a> {
        let lines = lines
            .iter()
            .map(|line| {
                let line = line.strip_suffix('\r').unwrap_or(line);
                if line.contains('\t') {
                    Cow::Owned(expand_tabs(line))
                } else {
                    Cow::Borrowed(line)
                }
            })
            .collect();
        Src {
            lines,
            work: Cell::new(0),
        }
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    /// Line `i`, or `None` past the end.
    fn get(&self, i: usize) -> Option<&str> {
        let line = self.lines.get(i)?;
        self.work.set(self.work.get() + line.len() as u64 + 1);
        Some(line)
    }

    /// Line `i`, or `""` past the end (pandoc's input ends in blank lines).
    fn line(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }

    fn is_blank(&self, i: usize) -> bool {
        is_blank(self.line(i))
    }

    fn add_work(&self, steps: u64) {
        self.work.set(self.work.get() + steps);
    }
}

fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let pad = TAB_STOP - column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', pad));
            column += pad;
        } else {
            out.push(c);
            column += char_width(c);
        }
    }
    out
}

/// pandoc's `blankline`: nothing but spaces and tabs.
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// pandoc's `nonindentSpaces`: up to three spaces, not followed by a
/// fourth; their count.
fn nonindent(line: &str) -> Option<usize> {
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    (spaces <= 3).then_some(spaces)
}

/// The display width of a character, as pandoc's `charWidth` (East Asian
/// wide characters and emoji count two, combining marks none).
fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

fn text_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// pandoc's `dashedLine '-'` repeated, after `nonindentSpaces`, to the end
/// of the line: the indentation and, for each group, the dashes' length
/// and the length with the spaces after them.
fn dashed_line(line: &str) -> Option<(usize, Vec<(usize, usize)>)> {
    let indent = nonindent(line)?;
    let bytes = line.as_bytes();
    let mut groups = Vec::new();
    let mut i = indent;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i] == b'-' {
            i += 1;
        }
        if i == start {
            return None;
        }
        let dashes = i - start;
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        groups.push((dashes, i - start));
    }
    (!groups.is_empty()).then_some((indent, groups))
}

/// pandoc's `splitTextByIndices`: the text split at the given display
/// columns, each piece measured from the end of the one before (a wide
/// character that crosses a boundary stays in the piece it starts).
fn split_by_indices<'t>(text: &'t str, indices: &[usize]) -> Vec<&'t str> {
    let mut out = Vec::with_capacity(indices.len() + 1);
    let mut rest = text;
    let mut previous = 0;
    for &index in indices {
        let width = index.saturating_sub(previous);
        previous = index;
        let mut taken = 0;
        let mut end = 0;
        for (at, c) in rest.char_indices() {
            if taken >= width {
                end = at;
                break;
            }
            taken += char_width(c);
            end = at + c.len_utf8();
        }
        if width == 0 {
            end = 0;
        }
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out.push(rest);
    out
}

/// pandoc's `alignType`: a column's alignment from its header text (the
/// shortest non-empty line of it) and the length of its dashes: text
/// flush with the dashes' left end and short of the right is left
/// aligned, the other way round right aligned, short of both centred.
fn align_type(texts: &[&str], dashes: usize) -> Align {
    let shortest = texts
        .iter()
        .map(|t| t.trim_end_matches([' ', '\t']))
        .filter(|t| !t.is_empty())
        .min_by_key(|t| t.chars().count());
    let Some(text) = shortest else {
        return Align::None;
    };
    let left_space = text.starts_with([' ', '\t']);
    let right_space = text_width(text) < dashes;
    match (left_space, right_space) {
        (true, false) => Align::Right,
        (false, true) => Align::Left,
        (true, true) => Align::Center,
        (false, false) => Align::None,
    }
}

/// pandoc's `widthsFromIndices`: each column's share of the text width,
/// from the columns where the dashes start.
fn widths_from_indices(indices: &[usize]) -> Vec<f64> {
    let Some(&last) = indices.last() else {
        return Vec::new();
    };
    let num_columns = READER_COLUMNS.max(last);
    let mut lengths: Vec<usize> = indices
        .iter()
        .scan(0, |previous, &index| {
            let length = index.saturating_sub(*previous);
            *previous = index;
            Some(length)
        })
        .collect();
    // The space between columns is counted in every column but the last.
    if let [.., y, x] = lengths[..] {
        if x < y && y - x <= 2 {
            let n = lengths.len();
            lengths[n - 1] = y;
        }
    }
    let total: usize = lengths.iter().sum();
    let quotient = total.max(num_columns) as f64;
    lengths
        .iter()
        .skip(1)
        .map(|&l| l as f64 / quotient)
        .collect()
}

/// pandoc's `toColSpecs`: widths that add up to more than the text width
/// are scaled down to it; a zero width is "sized by content".
fn columns_from(aligns: &[Align], widths: &[f64]) -> Vec<Column> {
    let total: f64 = widths.iter().sum();
    aligns
        .iter()
        .enumerate()
        .map(|(i, &align)| {
            let width = widths.get(i).copied().unwrap_or(0.0);
            let width = if total >= 1.0 { width / total } else { width };
            Column {
                align,
                width: (width > 0.0).then_some(width),
            }
        })
        .collect()
}

/// A table's body as one grammar parsed it, before captions.
struct Parsed {
    kind: TableKind,
    last_line: usize,
    /// Lines read and dropped, as offsets from the table's first line.
    dropped: Option<(usize, usize)>,
    columns: Vec<Column>,
    head: Vec<Vec<SourceCell>>,
    body: Vec<Vec<SourceCell>>,
    foot: Vec<Vec<SourceCell>>,
}

/// pandoc's `NormalizeHeader`: a header row whose cells are all empty is
/// no header.
fn normalize_head(head: Vec<Vec<SourceCell>>) -> Vec<Vec<SourceCell>> {
    match head.as_slice() {
        [row]
            if row.iter().all(|cell| {
                cell.text.trim().is_empty() && cell.row_span == 1 && cell.col_span == 1
            }) =>
        {
            Vec::new()
        }
        _ => head,
    }
}

/// pandoc's `table`: an optional caption, a table in one of the grammars,
/// and, when there was no caption before it, an optional caption after it.
fn table_at(src: &Src, start: usize, ctx: &blocks::Context) -> Option<SourceTable> {
    let front = caption::caption_at(src, start, ctx);
    let table_start = match &front {
        Some(c) => c.next_block,
        None => start,
    };
    if table_start >= src.len() {
        return None;
    }
    let parsed = parse_table(src, table_start, ctx)?;
    let mut table = SourceTable {
        kind: parsed.kind,
        first_line: start,
        last_line: parsed.last_line,
        caption: None,
        caption_attr: None,
        columns: parsed.columns,
        head: normalize_head(parsed.head),
        body: parsed.body,
        foot: parsed.foot,
        dropped: parsed
            .dropped
            .map(|(first, last)| (table_start + first, table_start + last)),
    };
    let caption = match front {
        Some(c) => Some(c),
        None => {
            let mut next = parsed.last_line + 1;
            while next < src.len() && src.is_blank(next) {
                next += 1;
            }
            let after = caption::caption_at(src, next, ctx);
            if let Some(c) = &after {
                table.last_line = c.last_line;
            }
            after
        }
    };
    if let Some(c) = caption {
        table.caption = Some(c.text);
        table.caption_attr = c.attr;
    }
    Some(table)
}

fn parse_table(src: &Src, start: usize, ctx: &blocks::Context) -> Option<Parsed> {
    let line = src.line(start);
    if line.contains('|') {
        if let Some(parsed) = pipe::pipe_table(src, start) {
            return Some(parsed);
        }
    }
    dashed::multiline_table(src, start, false, ctx)
        .or_else(|| dashed::simple_table(src, start, true, ctx))
        .or_else(|| dashed::simple_table(src, start, false, ctx))
        .or_else(|| dashed::multiline_table(src, start, true, ctx))
        .or_else(|| grid::grid_table(src, start))
}

//! Pipe tables (pandoc's `pipeTable`): a header row, a separator row of
//! dashes with `:` for alignment, and rows of cells between `|`; each cell
//! is one line of inlines.

use super::{
    columns_from, nonindent, text_width, Parsed, SourceCell, Src, TableKind, READER_COLUMNS,
};
use crate::doc::Align;
use std::collections::HashMap;

pub(super) fn pipe_table(src: &Src, start: usize) -> Option<Parsed> {
    let header_line = src.get(start)?;
    let indent = nonindent(header_line)?;
    if header_line[indent..].starts_with([' ', '\t']) || header_line.trim().is_empty() {
        return None;
    }
    let header = pipe_row(header_line)?;
    let (aligns, separator_lengths) = pipe_break(src.get(start + 1)?)?;
    let columns = aligns.len();
    let mut raw_rows = vec![header];
    let mut k = start + 2;
    while let Some(row) = src.get(k).and_then(pipe_row) {
        raw_rows.push(row);
        k += 1;
    }
    for row in &mut raw_rows {
        row.truncate(columns);
    }
    // Columns get widths when a line is wider than the text (pandoc: the
    // cells' raw lengths and one character per pipe, against `columns`).
    let separator_total: usize = separator_lengths.iter().sum();
    let widest = raw_rows
        .iter()
        .map(|row| row.iter().map(|cell| text_width(cell)).sum::<usize>())
        .chain([separator_total])
        .max()
        .unwrap_or(0);
    let widths: Vec<f64> = if widest + columns + 1 > READER_COLUMNS && separator_total > 0 {
        separator_lengths
            .iter()
            .map(|&len| len as f64 / separator_total as f64)
            .collect()
    } else {
        Vec::new()
    };
    let mut rows = raw_rows.into_iter().enumerate().map(|(i, row)| {
        // The header's line, then the rows' under the separator.
        let line = if i == 0 { start } else { start + 1 + i };
        let mut cells: Vec<SourceCell> = row
            .iter()
            .map(|cell| SourceCell::new(cell.trim(), line))
            .collect();
        cells.resize_with(columns, || SourceCell::new("", line));
        cells
    });
    let head = rows.next().into_iter().collect();
    Some(Parsed {
        kind: TableKind::Pipe,
        last_line: k - 1,
        dropped: None,
        columns: columns_from(&aligns, &widths),
        head,
        body: rows.collect(),
        foot: Vec::new(),
    })
}

/// pandoc's `pipeBreak`: `|:---|--:|`, outer pipes optional, `+` allowed
/// between columns; each column's alignment and the separator's length.
fn pipe_break(line: &str) -> Option<(Vec<Align>, Vec<usize>)> {
    let indent = nonindent(line)?;
    let b = line.as_bytes();
    let mut i = indent;
    let open = b.get(i) == Some(&b'|');
    if open {
        i += 1;
    }
    let mut aligns = Vec::new();
    let mut lengths = Vec::new();
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        let left = b.get(i) == Some(&b':');
        if left {
            i += 1;
        }
        let dashes = b[i..].iter().take_while(|&&c| c == b'-').count();
        if dashes == 0 {
            return None;
        }
        i += dashes;
        let right = b.get(i) == Some(&b':');
        if right {
            i += 1;
        }
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        aligns.push(match (left, right) {
            (false, false) => Align::None,
            (true, false) => Align::Left,
            (false, true) => Align::Right,
            (true, true) => Align::Center,
        });
        lengths.push(dashes + usize::from(left) + usize::from(right));
        // A `|` or `+` with more after it separates columns; at the line's
        // end it closes the row.
        match b.get(i) {
            Some(b'|' | b'+') if !super::is_blank(&line[i + 1..]) => i += 1,
            _ => break,
        }
    }
    let close = b.get(i) == Some(&b'|');
    if close {
        i += 1;
    }
    if aligns.len() == 1 && !open && !close {
        return None;
    }
    super::is_blank(&line[i..]).then_some((aligns, lengths))
}

/// pandoc's `pipeTableRow`: a line with a `|`, split at the pipes that are
/// not escaped (`\|`) nor inside code spans or `$math$`; the cells as
/// written (untrimmed), the empty one after a closing pipe included. A
/// line with one cell needs a pipe at its start or end.
fn pipe_row(line: &str) -> Option<Vec<&str>> {
    if !line.contains('|') {
        return None;
    }
    let body = line.trim_start_matches([' ', '\t']);
    let open = body.starts_with('|');
    let body = if open { &body[1..] } else { body };
    let spans = Spans::new(body);
    let b = body.as_bytes();
    let mut cells = Vec::new();
    let mut cell_start = 0;
    // The backtick run the walk is in: where it ends.
    let mut run_end = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'|' => {
                cells.push(&body[cell_start..i]);
                cell_start = i + 1;
                i += 1;
            }
            b'\\' => {
                // An escaped character: a backslash before anything but a
                // letter or digit (pandoc's `all_symbols_escapable`).
                i += body[i + 1..]
                    .chars()
                    .next()
                    .filter(|c| !c.is_alphanumeric())
                    .map_or(1, |c| 1 + c.len_utf8());
            }
            b'`' => {
                if i >= run_end {
                    run_end = i + b[i..].iter().take_while(|&&c| c == b'`').count();
                }
                i = spans.code_end(i, run_end);
            }
            b'$' => i = spans.math_end(body, i),
            _ => i += 1,
        }
    }
    cells.push(&body[cell_start..]);
    if cells.len() == 1 && !open {
        return None;
    }
    Some(cells)
}

/// Where code spans and math close, found in one pass over the row so that
/// a line of unmatched backticks or dollars costs linear time.
struct Spans {
    /// For each length of backtick run, the byte offsets where such runs
    /// start, in order.
    runs: HashMap<usize, Vec<usize>>,
    /// Offsets of `$` that can close inline math: not after a space, not
    /// before a digit, not escaped.
    closers: Vec<usize>,
}

impl Spans {
    fn new(text: &str) -> Spans {
        let b = text.as_bytes();
        let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut closers = Vec::new();
        let mut backslashes = 0;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                // Backslashes are literal in code: every run can close one.
                b'`' => {
                    let len = b[i..].iter().take_while(|&&c| c == b'`').count();
                    runs.entry(len).or_default().push(i);
                    i += len;
                    backslashes = 0;
                    continue;
                }
                b'$' => {
                    let escaped = backslashes % 2 == 1;
                    let after_space = i > 0 && matches!(b[i - 1], b' ' | b'\t');
                    let before_digit = b.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if !escaped && !after_space && !before_digit {
                        closers.push(i);
                    }
                }
                _ => {}
            }
            backslashes = if b[i] == b'\\' { backslashes + 1 } else { 0 };
            i += 1;
        }
        Spans { runs, closers }
    }

    /// After a code span whose opening backticks run from `i` to `run_end`:
    /// past the next run of exactly as many backticks; without one, past
    /// the first backtick alone (pandoc then tries again one backtick on,
    /// with one backtick fewer).
    fn code_end(&self, i: usize, run_end: usize) -> usize {
        let len = run_end - i;
        let close = self.runs.get(&len).and_then(|starts| {
            let next = starts.partition_point(|&s| s < run_end);
            starts.get(next).copied()
        });
        match close {
            Some(close) => close + len,
            None => i + 1,
        }
    }

    /// After `$…$` opening at `i` (the opening `$` not before a space), or
    /// `$$…$$`; past the `$` alone when it does not open math.
    fn math_end(&self, text: &str, i: usize) -> usize {
        let b = text.as_bytes();
        if b.get(i + 1) == Some(&b'$') {
            return match text[i + 2..].find("$$") {
                Some(at) => i + 2 + at + 2,
                None => i + 2,
            };
        }
        if b.get(i + 1).is_none_or(|c| matches!(c, b' ' | b'\t')) {
            return i + 1;
        }
        let next = self.closers.partition_point(|&c| c <= i + 1);
        match self.closers.get(next) {
            Some(&close) => close + 1,
            None => i + 1,
        }
    }
}

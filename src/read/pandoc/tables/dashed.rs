//! Simple and multiline tables: columns set out by a line of dashed
//! groups (pandoc's `simpleTable` and `multilineTable`).

use super::blocks::Context;
use super::{
    align_type, columns_from, dashed_line, split_by_indices, widths_from_indices, Parsed,
    SourceCell, Src, TableKind,
};
use crate::doc::Align;

/// The columns a dashed line sets out: where each starts (pandoc's
/// `indices`: the indentation, then each group's end, its trailing spaces
/// included) and each group's count of dashes.
struct Layout {
    indices: Vec<usize>,
    dashes: Vec<usize>,
}

fn layout(line: &str) -> Option<Layout> {
    let (indent, groups) = dashed_line(line)?;
    let mut indices = Vec::with_capacity(groups.len() + 1);
    let mut at = indent;
    indices.push(at);
    for &(_, with_space) in &groups {
        at += with_space;
        indices.push(at);
    }
    Some(Layout {
        indices,
        dashes: groups.iter().map(|&(dashes, _)| dashes).collect(),
    })
}

/// A line cut into the columns: every column's text, the last running to
/// the line's end.
fn cut<'t>(line: &'t str, indices: &[usize]) -> Vec<&'t str> {
    let mut pieces = split_by_indices(line, &indices[..indices.len() - 1]);
    pieces.remove(0);
    pieces
}

/// A table row line: not blank (nor a div's closing fence), not a dashed
/// line (pandoc's `rawTableLine`).
fn is_row_line(src: &Src, i: usize, ctx: &Context) -> bool {
    i < src.len() && !ctx.is_blankish(src, i) && dashed_line(src.line(i)).is_none()
}

/// A simple table: a header line (or, `headless`, none) over a dashed
/// line, one line per row, ending at a blank line or a dashed line (a
/// headless table needs the dashed line). Columns align by where the text
/// sits over its dashes; their widths are left to the content.
pub(super) fn simple_table(
    src: &Src,
    start: usize,
    headless: bool,
    ctx: &Context,
) -> Option<Parsed> {
    let dashes_at = if headless { start } else { start + 1 };
    let layout = layout(src.get(dashes_at)?)?;
    let first_row = dashes_at + 1;
    let align_source = if headless {
        src.get(first_row)?
    } else {
        src.line(start)
    };
    let aligns: Vec<Align> = cut(align_source, &layout.indices)
        .iter()
        .zip(&layout.dashes)
        .map(|(text, &dashes)| align_type(&[text], dashes))
        .collect();
    let mut rows = Vec::new();
    let mut k = first_row;
    while is_row_line(src, k, ctx) {
        rows.push(cells(&cut(src.line(k), &layout.indices), k));
        k += 1;
    }
    if rows.is_empty() {
        return None;
    }
    let last_line = if k < src.len() && dashed_line(src.line(k)).is_some() {
        k
    } else if !headless {
        k - 1
    } else {
        return None;
    };
    let head = if headless {
        Vec::new()
    } else {
        vec![cells(&cut(src.line(start), &layout.indices), start)]
    };
    Some(Parsed {
        kind: TableKind::Simple,
        last_line,
        dropped: None,
        columns: columns_from(&aligns, &[]),
        head,
        body: rows,
        foot: Vec::new(),
    })
}

/// One line's cells, `line` its index.
fn cells(pieces: &[&str], line: usize) -> Vec<SourceCell> {
    pieces
        .iter()
        .map(|p| SourceCell::new(p.trim(), line))
        .collect()
}

/// A multiline table: a dashed line on top (unless `headless`), header
/// lines, a dashed line setting out the columns, rows of one or more lines
/// separated by blank lines, and a closing dashed line. Widths come from
/// the dashes.
pub(super) fn multiline_table(
    src: &Src,
    start: usize,
    headless: bool,
    ctx: &Context,
) -> Option<Parsed> {
    let n = src.len();
    let (header_lines, dashes_at) = if headless {
        (start..start, start)
    } else {
        dashed_line(src.line(start))?;
        if start + 1 >= n || src.is_blank(start + 1) {
            return None;
        }
        // The header is every line up to the next dashed line, blank ones
        // included (pandoc's `many1 (notFollowedBy tableSep >> anyLine)`).
        let mut k = start + 1;
        while k < n && dashed_line(src.line(k)).is_none() {
            k += 1;
        }
        if k == start + 1 {
            return None;
        }
        (start + 1..k, k)
    };
    let mut layout = layout(src.get(dashes_at)?)?;
    // The last column takes the space after it (pandoc's `indices'`).
    if let Some(last) = layout.indices.last_mut() {
        *last += 1;
    }
    let first_row = dashes_at + 1;
    let header: Vec<Vec<&str>> = header_lines
        .clone()
        .map(|k| cut(src.line(k), &layout.indices))
        .collect();
    let aligns: Vec<Align> = if headless {
        let first = cut(src.get(first_row)?, &layout.indices);
        first
            .iter()
            .zip(&layout.dashes)
            .map(|(text, &dashes)| align_type(&[text], dashes))
            .collect()
    } else {
        (0..layout.dashes.len())
            .map(|col| {
                let texts: Vec<&str> = header.iter().map(|line| line[col]).collect();
                align_type(&texts, layout.dashes[col])
            })
            .collect()
    };
    let mut rows = Vec::new();
    let mut k = first_row;
    loop {
        let row_start = k;
        while is_row_line(src, k, ctx) {
            k += 1;
        }
        if k == row_start {
            if rows.is_empty() {
                return None;
            }
            break;
        }
        let lines: Vec<Vec<&str>> = (row_start..k)
            .map(|r| cut(src.line(r), &layout.indices))
            .collect();
        rows.push(join_columns(&lines, layout.dashes.len(), row_start));
        let after_row = k;
        while k < n && ctx.is_blankish(src, k) {
            k += 1;
        }
        if k == after_row {
            break;
        }
    }
    if !(k < n && dashed_line(src.line(k)).is_some()) {
        return None;
    }
    let head = if headless {
        Vec::new()
    } else {
        vec![join_columns(
            &header,
            layout.dashes.len(),
            header_lines.start,
        )]
    };
    Some(Parsed {
        kind: TableKind::Multiline,
        last_line: k,
        dropped: None,
        columns: columns_from(&aligns, &widths_from_indices(&layout.indices)),
        head,
        body: rows,
        foot: Vec::new(),
    })
}

/// A multiline row's cells: each column's lines, trimmed, joined; `first`
/// the row's first line.
fn join_columns(lines: &[Vec<&str>], columns: usize, first: usize) -> Vec<SourceCell> {
    (0..columns)
        .map(|col| {
            let text: Vec<&str> = lines.iter().map(|line| line[col].trim()).collect();
            SourceCell::new(text.join("\n").trim(), first)
        })
        .collect()
}

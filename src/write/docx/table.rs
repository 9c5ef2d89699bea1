//! Tables: a grid of the source's column widths over the text width, a
//! header row that repeats on every page, cells that span rows and
//! columns, each cell's alignment, the caption above.

use super::body::{Ctx, Writer};
use super::props::ParaProps;
use crate::doc::{Align, Attr, Cell, Column, Inline, Row};
use std::fmt::Write;

pub struct Table<'d> {
    pub attr: &'d Attr,
    pub caption: &'d [Inline],
    pub columns: &'d [Column],
    pub head: &'d [Row],
    pub body: &'d [Row],
    pub foot: &'d [Row],
}

/// Word's paragraph alignment (`w:jc`) for a column's or an environment's.
pub(super) fn jc(align: Align) -> Option<&'static str> {
    match align {
        Align::None => None,
        Align::Left => Some("left"),
        Align::Center => Some("center"),
        Align::Right => Some("right"),
    }
}

/// Column widths in twips: the source's shares of the text width, or equal
/// shares when it gives none.
fn grid(columns: &[Column], width: i64) -> Vec<i64> {
    let n = columns.len().max(1);
    let given: f64 = columns.iter().filter_map(|c| c.width).sum();
    if columns.iter().all(|c| c.width.is_some_and(|w| w > 0.0)) && given > 0.0 {
        let scale = if given > 1.0 { 1.0 / given } else { 1.0 };
        columns
            .iter()
            .map(|c| ((c.width.unwrap_or(0.0) * scale * width as f64).round() as i64).max(200))
            .collect()
    } else {
        vec![(width / n as i64).max(200); n]
    }
}

impl Writer<'_> {
    pub fn table(&mut self, table: &Table<'_>, ctx: &Ctx) {
        let ncols = table.columns.len().max(
            table
                .head
                .iter()
                .chain(table.body)
                .chain(table.foot)
                .map(|row| {
                    row.iter()
                        .map(|c| c.col_span.max(1) as usize)
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0),
        );
        if ncols == 0 {
            return;
        }
        if !table.caption.is_empty() {
            let props = ParaProps {
                style: Some("TableCaption".to_owned()),
                ..ParaProps::default()
            };
            self.paragraph(props, table.caption, ctx);
        }
        if !table.attr.id.is_empty() {
            // A bookmark where the table starts, for links to it.
            let name = self.anchor(&table.attr.id.clone());
            let n = self.bookmark_id();
            let _ = write!(
                self.out,
                "<w:p><w:pPr><w:pStyle w:val=\"Compact\"/></w:pPr><w:bookmarkStart w:id=\"{n}\" w:name=\"{name}\"/><w:bookmarkEnd w:id=\"{n}\"/></w:p>"
            );
        }
        self.flush_page_break();
        let mut columns = table.columns.to_vec();
        columns.resize(
            ncols,
            Column {
                align: Align::None,
                width: None,
            },
        );
        let widths = grid(&columns, self.geometry.text_width() - ctx.indent);
        let total: i64 = widths.iter().sum();
        let look_first = if table.head.is_empty() { 0 } else { 1 };
        let _ = write!(
            self.out,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"Table\"/>{}<w:tblW w:w=\"{total}\" w:type=\"dxa\"/>{}\
             <w:tblLayout w:type=\"fixed\"/>\
             <w:tblLook w:val=\"{:04X}\" w:firstRow=\"{look_first}\" w:lastRow=\"0\" w:firstColumn=\"0\" \
             w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
            if ctx.bidi { "<w:bidiVisual/>" } else { "" },
            if ctx.indent > 0 {
                format!("<w:tblInd w:w=\"{}\" w:type=\"dxa\"/>", ctx.indent)
            } else {
                String::new()
            },
            0x0400 | (look_first << 5),
        );
        for w in &widths {
            let _ = write!(self.out, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.out.push_str("</w:tblGrid>");
        // Cells of earlier rows that span into later ones: per column, the
        // rows still covered and the span's width in columns.
        let mut covered: Vec<(u32, usize)> = vec![(0, 1); ncols];
        for (rows, header) in [(table.head, true), (table.body, false), (table.foot, false)] {
            for row in rows {
                self.row(row, header, &columns, &widths, &mut covered, ctx);
            }
        }
        self.out.push_str("</w:tbl>");
    }

    fn row(
        &mut self,
        row: &[Cell],
        header: bool,
        columns: &[Column],
        widths: &[i64],
        covered: &mut [(u32, usize)],
        ctx: &Ctx,
    ) {
        let ncols = widths.len();
        self.out.push_str("<w:tr>");
        if header {
            // Repeats at the top of every page the table runs onto.
            self.out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        let mut col = 0;
        let mut cells = row.iter();
        loop {
            // Continue the cells above that span down into this row.
            while col < ncols && covered[col].0 > 0 {
                let span = covered[col].1.min(ncols - col);
                covered[col].0 -= 1;
                self.cell_open(widths, col, span);
                self.out.push_str("<w:vMerge/></w:tcPr><w:p/></w:tc>");
                col += span;
            }
            let Some(cell) = cells.next() else { break };
            if col >= ncols {
                break;
            }
            let span = (cell.col_span.max(1) as usize).min(ncols - col);
            self.cell_open(widths, col, span);
            if cell.row_span > 1 {
                self.out.push_str("<w:vMerge w:val=\"restart\"/>");
                covered[col] = (cell.row_span - 1, span);
            }
            self.out.push_str("</w:tcPr>");
            let align = if cell.align != Align::None {
                cell.align
            } else {
                columns[col].align
            };
            let inner = Ctx {
                style: Some("Compact".to_owned()),
                indent: 0,
                depth: 0,
                justify: jc(align),
                tight: true,
                ..ctx.clone()
            };
            let before = self.out.len();
            self.blocks(&cell.blocks, &inner);
            // A cell ends with a paragraph (ECMA-376 17.4.66).
            if self.out.len() == before || self.out.ends_with("</w:tbl>") {
                self.out.push_str("<w:p/>");
            }
            self.out.push_str("</w:tc>");
            col += span;
        }
        // Fill the row to the grid's width.
        while col < ncols {
            self.cell_open(widths, col, 1);
            if covered[col].0 > 0 {
                covered[col].0 -= 1;
                self.out.push_str("<w:vMerge/>");
            }
            self.out.push_str("</w:tcPr><w:p/></w:tc>");
            col += 1;
        }
        self.out.push_str("</w:tr>");
    }

    /// `<w:tc><w:tcPr>` with the cell's width and column span, left open.
    fn cell_open(&mut self, widths: &[i64], col: usize, span: usize) {
        let width: i64 = widths[col..col + span].iter().sum();
        let _ = write!(
            self.out,
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
        );
        if span > 1 {
            let _ = write!(self.out, "<w:gridSpan w:val=\"{span}\"/>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_text_width() {
        let col = |width| Column {
            align: Align::None,
            width,
        };
        assert_eq!(
            grid(&[col(Some(0.25)), col(Some(0.75))], 8000),
            vec![2000, 6000]
        );
        assert_eq!(grid(&[col(None), col(None)], 8000), vec![4000, 4000]);
    }
}

//! Tables in HTML: caption, column widths, head, body and foot, cells
//! that span rows and columns.

use super::{attributes, dir, Renderer};
use crate::doc::{Align, Block, Cell, Column};
use std::fmt::Write;

impl Renderer<'_> {
    pub(super) fn table(&mut self, table: &Block) {
        let Block::Table {
            attr,
            caption,
            columns,
            head,
            body,
            foot,
            ..
        } = table
        else {
            return;
        };
        self.cr();
        if self.options.decorate {
            self.out.push_str("<div class=\"table\">\n");
        }
        let _ = writeln!(self.out, "<table{}>", attributes(attr));
        if !caption.is_empty() {
            let _ = write!(self.out, "<caption{}>", dir(caption));
            self.inlines(caption);
            self.out.push_str("</caption>\n");
        }
        if columns.iter().any(|c| c.width.is_some()) {
            self.out.push_str("<colgroup>\n");
            for column in columns {
                match column.width {
                    Some(width) => {
                        let _ = writeln!(
                            self.out,
                            "<col style=\"width: {}%\" />",
                            (width * 100.0).round()
                        );
                    }
                    None => self.out.push_str("<col />\n"),
                }
            }
            self.out.push_str("</colgroup>\n");
        }
        for (tag, rows, cell_tag) in [
            ("thead", head, "th"),
            ("tbody", body, "td"),
            ("tfoot", foot, "td"),
        ] {
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(self.out, "<{tag}>");
            for row in rows {
                self.row(columns, row, cell_tag);
            }
            let _ = writeln!(self.out, "</{tag}>");
        }
        self.out.push_str("</table>\n");
        if self.options.decorate {
            self.out.push_str("</div>\n");
        }
    }

    fn row(&mut self, columns: &[Column], cells: &[Cell], tag: &str) {
        self.out.push_str("<tr>\n");
        // The column a cell starts in: spans push the ones after it along.
        let mut column = 0;
        for cell in cells {
            let align = match cell.align {
                Align::None => columns.get(column).map_or(Align::None, |c| c.align),
                own => own,
            };
            column += cell.col_span.max(1) as usize;
            let align = match align {
                Align::Left => " align=\"left\"",
                Align::Center => " align=\"center\"",
                Align::Right => " align=\"right\"",
                Align::None => "",
            };
            // `align` is obsolete in HTML5; a class says the same to the CSS.
            let align = if self.options.decorate {
                align.replace("align=\"", "class=\"align-")
            } else {
                align.to_owned()
            };
            let mut spans = String::new();
            if cell.row_span > 1 {
                let _ = write!(spans, " rowspan=\"{}\"", cell.row_span);
            }
            if cell.col_span > 1 {
                let _ = write!(spans, " colspan=\"{}\"", cell.col_span);
            }
            let _ = write!(
                self.out,
                "<{tag}{}{align}{spans}{}>",
                attributes(&cell.attr),
                dir(&cell.inlines())
            );
            match cell.blocks.as_slice() {
                [Block::Paragraph { content }] => self.inlines(content),
                blocks => {
                    self.blocks(blocks, false);
                    self.cr();
                }
            }
            let _ = writeln!(self.out, "</{tag}>");
        }
        self.out.push_str("</tr>\n");
    }
}

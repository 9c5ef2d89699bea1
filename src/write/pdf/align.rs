//! amsmath's `align` for the PDF's layout. MathML sets it as a table whose
//! cells each have padding (formulary follows MathML Core: 0.4 em a side),
//! so `a` and `= b` stand 0.8 em apart, and the relation starting a cell
//! loses its space. TeX sets each row as one formula whose left-hand sides
//! end at one line: that is what each row becomes here, one cell per row,
//! its left-hand side pushed right by the space it lacks from the widest.

use roxmltree::Node;

/// Space between column pairs (`a &= b & c &= d`), in em: amsmath spreads
/// them over the line; a fixed quad pair is its narrowest reading.
const PAIR_GAP_EM: f64 = 2.0;

/// `mathml` with each align-like table (`menv-alignlike`, write/math/) set
/// as one left-aligned cell a row; `width` measures a piece of MathML (the
/// row's content, in display style) in points. Unchanged when there is no
/// such table or the MathML cannot be read.
pub fn rows_as_lines(mathml: &str, size: f64, width: &dyn Fn(&str) -> Option<f64>) -> String {
    if !mathml.contains("menv-alignlike") {
        return mathml.to_owned();
    }
    let Ok(tree) = roxmltree::Document::parse(mathml) else {
        return mathml.to_owned();
    };
    let mut out = String::with_capacity(mathml.len() + 256);
    write(tree.root_element(), mathml, size, width, &mut out);
    out
}

/// The element as written, its align-like tables rewritten.
fn write(node: Node, src: &str, size: f64, width: &dyn Fn(&str) -> Option<f64>, out: &mut String) {
    let range = node.range();
    if node.has_tag_name("mtable")
        && node
            .attribute("class")
            .is_some_and(|c| c.contains("menv-alignlike"))
    {
        if let Some(table) = align_table(node, src, size, width) {
            out.push_str(&table);
            return;
        }
    }
    let (Some(first), Some(last)) = (node.first_child(), node.last_child()) else {
        out.push_str(&src[range]);
        return;
    };
    out.push_str(&src[range.start..first.range().start]);
    for child in node.children() {
        if child.is_element() {
            write(child, src, size, width, out);
        } else {
            out.push_str(&src[child.range()]);
        }
    }
    out.push_str(&src[last.range().end..range.end]);
}

/// A cell's content, written (its own align-like tables rewritten), without
/// the display-style wrapper write/math/ gives it: the row gets one.
fn content(cell: Node, src: &str, size: f64, width: &dyn Fn(&str) -> Option<f64>) -> String {
    let mut inner = cell;
    let elements: Vec<Node> = cell.children().filter(Node::is_element).collect();
    if let [only] = elements.as_slice() {
        if only.has_tag_name("mstyle") {
            inner = *only;
        }
    }
    let mut out = String::new();
    for child in inner.children() {
        if child.is_element() {
            write(child, src, size, width, &mut out);
        } else {
            out.push_str(&src[child.range()]);
        }
    }
    out
}

fn space(points: f64, size: f64) -> String {
    format!("<mspace width=\"{:.4}em\"/>", (points / size).max(0.0))
}

/// A cell's MathML and its width in points.
type Cell = (String, f64);

fn align_table(
    table: Node,
    src: &str,
    size: f64,
    width: &dyn Fn(&str) -> Option<f64>,
) -> Option<String> {
    // Each row: its cells' content and widths, and its number cell.
    let mut rows: Vec<(Vec<Cell>, Option<&str>)> = Vec::new();
    for row in table.children().filter(|n| n.has_tag_name("mtr")) {
        let mut cells = Vec::new();
        let mut number = None;
        for cell in row.children().filter(|n| n.has_tag_name("mtd")) {
            if cell.attribute("class") == Some("quire-eqno") {
                number = Some(&src[cell.range()]);
                continue;
            }
            let text = content(cell, src, size, width);
            let measured = width(&format!("<mstyle displaystyle=\"true\">{text}</mstyle>"))?;
            cells.push((text, measured));
        }
        rows.push((cells, number));
    }
    let columns = rows.iter().map(|(c, _)| c.len()).max()?;
    let widest: Vec<f64> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|(cells, _)| cells.get(c).map(|x| x.1))
                .fold(0.0, f64::max)
        })
        .collect();
    let mut out = String::from("<mtable columnalign=\"left left\">");
    for (cells, number) in &rows {
        out.push_str("<mtr><mtd><mstyle displaystyle=\"true\">");
        for (c, (text, w)) in cells.iter().enumerate() {
            let pad = widest[c] - w;
            if c % 2 == 0 {
                // A left-hand side, ending where the widest ends; an empty
                // one still stands before its relation (amsmath's `{}`).
                out.push_str(&space(pad, size));
                out.push_str(if text.trim().is_empty() {
                    "<mi></mi>"
                } else {
                    text
                });
            } else {
                out.push_str(text);
                if c + 1 < cells.len() {
                    out.push_str(&space(pad + PAIR_GAP_EM * size, size));
                }
            }
        }
        out.push_str("</mstyle></mtd>");
        out.push_str(number.unwrap_or(""));
        out.push_str("</mtr>");
    }
    out.push_str("</mtable>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_one_cell_its_left_side_pushed_to_the_widest() {
        let mathml = crate::write::math::mathml(
            r"\begin{align} a + b &= c \\ d &= \frac{e}{f} \end{align}",
            true,
        )
        .unwrap();
        // A stand-in measure: 1 pt a character of content.
        let measure = |m: &str| Some(m.matches("</mi>").count() as f64 * 5.0);
        let out = rows_as_lines(&mathml, 10.0, &measure);
        roxmltree::Document::parse(&out).unwrap();
        assert_eq!(out.matches("<mtr>").count(), 2, "{out}");
        assert_eq!(out.matches("<mtd>").count(), 2, "{out}");
        // `a + b` is 10 pt, `d` 5 pt: `d` is pushed 0.5 em right.
        assert!(
            out.contains("<mspace width=\"0.0000em\"/><mi>a</mi>"),
            "{out}"
        );
        assert!(
            out.contains("<mspace width=\"0.5000em\"/><mi>d</mi><mo>=</mo>"),
            "{out}"
        );
        assert_eq!(
            rows_as_lines("<math><mi>x</mi></math>", 10.0, &measure),
            "<math><mi>x</mi></math>"
        );
    }
}

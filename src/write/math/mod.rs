//! TeX math → MathML (HTML, EPUB; the pivot of the PDF's layout) and →
//! OMML (DOCX). With write/pdf/, the only room that knows the math crates.
//!
//! One parser reads every formula (pulldown-latex), so a formula that one
//! format can show, every format can, and one that it cannot read is one
//! warning (`problems`) and the TeX in the code font everywhere.

mod compat;
mod omml;
mod plain;

pub use omml::{omml, omml_numbered, OMML_NS};
pub use plain::{breaks_after, unicode};

use crate::doc::{walk, Document, Inline, Node, Pos};
pub use crate::transform::equations::Row;
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage};
use std::fmt::Write as _;

/// The MathML namespace, written on every `<math>`: XHTML (EPUB) needs it,
/// and HTML accepts it (pandoc's `--mathml` writes it too).
pub const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// A formula as MathML, its TeX as `alttext` (what a screen reader falls
/// back on), or why it cannot be read (pulldown-latex's message, one line).
pub fn mathml(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let mut events = Vec::new();
    let readable = compat::rewrite(tex);
    for event in Parser::new(&readable, &storage) {
        events.push(event.map_err(|e| first_line(&e.to_string()))?);
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        xml: true,
        ..RenderConfig::default()
    };
    let mut out = String::new();
    pulldown_latex::push_mathml(
        &mut out,
        events.into_iter().map(Ok::<_, pulldown_latex::ParserError>),
        config,
    )
    .map_err(|e| e.to_string())?;
    // pulldown-latex writes HTML's `&nbsp;`, which XML (EPUB, and any
    // MathML reader) does not know; the character reference is the same
    // space everywhere.
    let out = escape_operators(&out.replace("&nbsp;", "&#160;"));
    let out = space_before_scripts(out);
    let out = if display { display_tables(out) } else { out };
    // `\mu` as Greek mu, not the micro sign (which is upright).
    let out = mark_accents(out.replace('\u{b5}', "\u{3bc}"));
    let escaped = crate::write::escape::escape(tex);
    let alttext = format!("<math alttext=\"{escaped}\"");
    let out = out.replacen("<math", &alttext, 1);
    // The TeX kept inside too, as pandoc writes it: copy and paste, and
    // MathML-aware readers, get the source (a reader renders only the
    // first child of `semantics`).
    Ok(match (out.find('>'), out.rfind("</math>")) {
        (Some(open), Some(close)) if open < close => format!(
            "{}<semantics><mrow>{}</mrow><annotation encoding=\"application/x-tex\">{escaped}</annotation></semantics></math>",
            &out[..=open],
            &out[open + 1..close]
        ),
        _ => out,
    })
}

/// A display formula as MathML with its equations' numbers: each number in
/// a last column of its row (`<mtd class="quire-eqno">`), and each label
/// the `id` of its row, where `\eqref` links land. A formula that is not a
/// table becomes a table of one row.
pub fn numbered_mathml(tex: &str, display: bool, rows: &[Row]) -> Result<String, String> {
    let math = mathml(tex, display)?;
    if rows.is_empty() {
        return Ok(math);
    }
    let (Some(open), Some(close)) = (
        math.find("<semantics><mrow>")
            .map(|i| i + "<semantics><mrow>".len()),
        math.rfind("</mrow><annotation"),
    ) else {
        return Ok(math);
    };
    let body = &math[open..close];
    let table = if is_one_table(body) {
        body.to_owned()
    } else {
        format!("<mtable><mtr><mtd>{body}</mtd></mtr></mtable>")
    };
    Ok(format!(
        "{}{}{}",
        &math[..open],
        number_rows(&table, rows),
        &math[close..]
    ))
}

/// Whether `mathml` is one `<mtable>` and nothing else.
fn is_one_table(mathml: &str) -> bool {
    if !mathml.starts_with("<mtable") || !mathml.ends_with("</mtable>") {
        return false;
    }
    let mut depth = 0usize;
    for (at, _) in mathml.match_indices("mtable") {
        match &mathml[..at] {
            head if head.ends_with('<') => depth += 1,
            head if head.ends_with("</") => {
                depth -= 1;
                if depth == 0 {
                    return at + "mtable>".len() == mathml.len();
                }
            }
            _ => {}
        }
    }
    false
}

/// The number cell and the label `id` added to each top-level row of a
/// table; one number for a table of many rows (`equation`, `multline`)
/// goes on its last row.
fn number_rows(table: &str, rows: &[Row]) -> String {
    // Top-level rows: (start of `<mtr`, start of its `</mtr>`).
    let mut spans = Vec::new();
    let (mut depth, mut row_start) = (0usize, 0usize);
    let mut at = 0;
    while let Some(i) = table[at..].find('<').map(|i| i + at) {
        let tag = &table[i..];
        if tag.starts_with("<mtable") {
            depth += 1;
        } else if tag.starts_with("</mtable>") {
            depth = depth.saturating_sub(1);
        } else if depth == 1 && tag.starts_with("<mtr") {
            row_start = i;
        } else if depth == 1 && tag.starts_with("</mtr>") {
            spans.push((row_start, i));
        }
        at = i + 1;
    }
    let row_for = |index: usize| -> Option<&Row> {
        if rows.len() == 1 {
            (index + 1 == spans.len()).then(|| &rows[0])
        } else {
            rows.get(index)
        }
    };
    let mut out = String::with_capacity(table.len() + 64 * spans.len());
    let mut copied = 0;
    for (index, (start, end)) in spans.iter().enumerate() {
        let row = row_for(index);
        let label = row.and_then(|r| r.label.as_deref());
        let number = row.and_then(|r| r.number.as_deref());
        out.push_str(&table[copied..start + "<mtr".len()]);
        if let Some(label) = label {
            let _ = write!(out, " id=\"{}\"", crate::write::escape::escape(label));
        }
        out.push_str(&table[start + "<mtr".len()..*end]);
        out.push_str("<mtd class=\"quire-eqno\">");
        if let Some(number) = number {
            let _ = write!(
                out,
                "<mtext>{}</mtext>",
                crate::write::escape::escape(number)
            );
        }
        out.push_str("</mtd>");
        copied = *end;
    }
    out.push_str(&table[copied..]);
    out
}

/// `columnalign` for amsmath's align-like tables (`align`, `aligned`,
/// `alignat`, `split`): pairs of a right- and a left-aligned column.
const ALIGN_COLUMNS: &str = "right left right left right left right left right left";

/// amsmath's display environments set their cells in display style (a
/// fraction in `align` is as large as in `$$…$$`), and their align-like
/// tables in right/left pairs; pulldown-latex leaves both to its
/// style sheet (`menv-…` classes), which MathML readers and the PDF's
/// layout do not have. Arrays, matrices and cases stay in text style.
fn display_tables(mathml: String) -> String {
    if !mathml.contains("<mtable") {
        return mathml;
    }
    let mut out = String::with_capacity(mathml.len() + 64);
    // For each open table: whether its cells are in display style.
    let mut tables: Vec<bool> = Vec::new();
    let mut rest = mathml.as_str();
    let mut top = true;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        if tag.starts_with("<mtable") {
            let align = tag.contains("menv-alignlike");
            let array = tag.contains("menv-arraylike") || tag.contains("menv-cases");
            // The formula's own table (the first thing in it), or an
            // align-like one anywhere (`aligned` inside `equation`).
            let display = align || (top && !array);
            tables.push(display);
            if align && !tag.contains("columnalign") {
                out.push_str(&format!(
                    "{} columnalign=\"{ALIGN_COLUMNS}\">",
                    tag.trim_end_matches('>')
                ));
            } else {
                out.push_str(tag);
            }
        } else if tag == "</mtable>" {
            tables.pop();
            out.push_str(tag);
        } else if tag.starts_with("<mtd") && tables.last() == Some(&true) {
            out.push_str(tag);
            out.push_str("<mstyle displaystyle=\"true\">");
        } else if tag == "</mtd>" && tables.last() == Some(&true) {
            out.push_str("</mstyle>");
            out.push_str(tag);
        } else {
            out.push_str(tag);
        }
        // Only the `<math>` and a first `<mrow>` may come before the
        // formula's own table.
        if !(tag.starts_with("<math") || tag == "<mrow>") {
            top = false;
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Elements whose children are a base and its scripts, each one element.
const SCRIPTED: [&str; 6] = ["munderover", "munder", "mover", "msubsup", "msub", "msup"];

/// pulldown-latex puts the thin space before an operator name that has
/// limits inside its scripted element (`<munder><mspace/><mi>lim</mi>…`
/// after `\qquad`), one child too many for MathML (vnu, epubcheck): the
/// space is moved before the element.
fn space_before_scripts(mut mathml: String) -> String {
    for tag in SCRIPTED {
        let open = format!("<{tag}><mspace ");
        while let Some(at) = mathml.find(&open) {
            let space_from = at + tag.len() + 2;
            let Some(space_len) = mathml[space_from..].find("/>").map(|i| i + 2) else {
                break;
            };
            let space = mathml[space_from..space_from + space_len].to_owned();
            mathml.replace_range(at..space_from + space_len, &format!("{space}<{tag}>"));
        }
    }
    mathml
}

/// pulldown-latex writes an operator's character as it is (`<mo><</mo>`,
/// `<mo>&</mo>`), which no HTML or XML reader takes: escaped here. Its own
/// escapes and tags are kept: a `<` that starts no tag is the only one
/// followed by `<` (its closing tag), an `&` that starts no reference is
/// followed by no name and `;`.
fn escape_operators(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    for (at, c) in mathml.char_indices() {
        let rest = &mathml[at + c.len_utf8()..];
        match c {
            '<' if rest.starts_with('<') => out.push_str("&lt;"),
            '&' if !starts_reference(rest) => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

fn starts_reference(after_ampersand: &str) -> bool {
    let name = after_ampersand
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && after_ampersand.as_bytes().get(name) == Some(&b';')
}

/// The marks pulldown-latex sets over a base (`\bar`, `\hat`, `\tilde`,
/// `\dot`, `\vec`…).
const ACCENTS: [char; 12] = [
    '\u{203e}', '^', '~', '\u{2d9}', '\u{a8}', '\u{2c7}', '\u{2d8}', '\u{b4}', '`', '\u{2192}',
    '\u{2dc}', '\u{2c6}',
];

/// pulldown-latex writes `\bar{x}` as an over-script (`<mover>…<mi>‾</mi>
/// </mover>`), which is set small and raised as a limit; MathML's accent
/// form keeps the mark at the base's size, just above it, as TeX sets it.
fn mark_accents(mut mathml: String) -> String {
    for accent in ACCENTS {
        let script = format!("<mi>{accent}</mi></mover>");
        let mut from = 0;
        while let Some(at) = mathml[from..].find(&script).map(|i| i + from) {
            // Its `<mover>`: the nearest one before it that is not closed.
            let head = &mathml[..at];
            let mut tags: Vec<(usize, bool)> = head
                .match_indices("<mover")
                .map(|(i, _)| (i, true))
                .chain(head.match_indices("</mover>").map(|(i, _)| (i, false)))
                .collect();
            tags.sort_unstable_by_key(|tag| std::cmp::Reverse(tag.0));
            let mut depth = 0usize;
            let open = tags
                .into_iter()
                .find_map(|(i, opens)| match (opens, depth) {
                    (true, 0) => Some(i),
                    (true, _) => {
                        depth -= 1;
                        None
                    }
                    (false, _) => {
                        depth += 1;
                        None
                    }
                });
            let Some(open) = open.filter(|&i| mathml[i..].starts_with("<mover>")) else {
                from = at + script.len();
                continue;
            };
            let mark = format!("<mo stretchy=\"false\">{accent}</mo></mover>");
            mathml.replace_range(at..at + script.len(), &mark);
            mathml.replace_range(open..open + "<mover>".len(), "<mover accent=\"true\">");
            from = at + mark.len() + " accent=\"true\"".len();
        }
    }
    mathml
}

/// Why pulldown-latex refused a formula, without its drawing of the TeX.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    line.strip_prefix("parsing error: ")
        .unwrap_or(line)
        .to_owned()
}

/// The formulas quire cannot read, with where they are and why: warned
/// about once, whichever formats are made (each sets the TeX in the code
/// font instead).
pub fn problems(doc: &Document) -> Vec<(Pos, String)> {
    let mut found = Vec::new();
    walk(doc, &mut |node| {
        if let Node::Inline(Inline::Math { display, tex, pos }) = node {
            if let Err(why) = mathml(tex, *display) {
                found.push((
                    *pos,
                    format!("this formula cannot be typeset ({why}); its TeX is shown as code"),
                ));
            }
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mathml_carries_the_tex_and_the_namespace() {
        let math = mathml(r"\frac{a}{b} < c", false).unwrap();
        assert!(
            math.starts_with(&format!(
                "<math alttext=\"\\frac{{a}}{{b}} &lt; c\" display=\"inline\" xmlns=\"{MATHML_NS}\">"
            )),
            "{math}"
        );
        assert!(math.contains("<mfrac>"), "{math}");
        // Operators that are markup characters, escaped.
        assert!(math.contains("<mo>&lt;</mo>"), "{math}");
        let amp = mathml(r"a \& b > c", false).unwrap();
        assert!(amp.contains("<mi>&amp;</mi>"), "{amp}");
        roxmltree::Document::parse(&amp).unwrap();
        let block = mathml("x", true).unwrap();
        assert!(block.contains("display=\"block\""), "{block}");
    }

    #[test]
    fn numbers_end_their_rows_and_labels_name_them() {
        let row = |number: Option<&str>, label: Option<&str>| Row {
            number: number.map(str::to_owned),
            label: label.map(str::to_owned),
        };
        let math = numbered_mathml(
            r"\begin{align} a &= \begin{matrix} 1 \\ 2 \end{matrix} \label{one} \\ c &= d \nonumber \end{align}",
            true,
            &[row(Some("(1)"), Some("one")), row(None, None)],
        )
        .unwrap();
        roxmltree::Document::parse(&math).unwrap();
        assert_eq!(math.matches("class=\"quire-eqno\"").count(), 2, "{math}");
        assert!(math.contains("<mtr id=\"one\">"), "{math}");
        assert!(
            math.contains("<mtd class=\"quire-eqno\"><mtext>(1)</mtext></mtd></mtr>"),
            "{math}"
        );
        // A formula that is no table: a table of one row.
        let tagged = numbered_mathml(r"x = 1 \tag{A}", true, &[row(Some("(A)"), None)]).unwrap();
        roxmltree::Document::parse(&tagged).unwrap();
        assert!(tagged.contains("<mtable><mtr><mtd><mi>x</mi>"), "{tagged}");
        assert!(tagged.contains("<mtext>(A)</mtext>"), "{tagged}");
        // `multline`'s one number on its last row.
        let multline = numbered_mathml(
            r"\begin{multline} a \\ b \end{multline}",
            true,
            &[row(Some("(2)"), None)],
        )
        .unwrap();
        assert!(
            multline
                .contains("<mi>b</mi></mstyle></mtd><mtd class=\"quire-eqno\"><mtext>(2)</mtext>"),
            "{multline}"
        );
        assert_eq!(mathml(r"x", true), numbered_mathml(r"x", true, &[]));
    }

    #[test]
    fn display_environments_set_their_cells_in_display_style() {
        let align = mathml(r"\begin{align} a &= \frac{1}{2} \end{align}", true).unwrap();
        assert!(align.contains("columnalign=\"right left"), "{align}");
        assert_eq!(
            align.matches("<mstyle displaystyle=\"true\">").count(),
            2,
            "{align}"
        );
        let equation = mathml(r"\begin{equation} \binom{n}{2} \end{equation}", true).unwrap();
        assert_eq!(
            equation.matches("<mstyle displaystyle=\"true\">").count(),
            1,
            "{equation}"
        );
        // A matrix keeps text style; inline math is left alone.
        let matrix = mathml(r"\begin{pmatrix} a & b \end{pmatrix}", true).unwrap();
        assert!(!matrix.contains("displaystyle=\"true\""), "{matrix}");
        let inline = mathml(r"\begin{aligned} a &= b \end{aligned}", false).unwrap();
        assert!(!inline.contains("<mstyle"), "{inline}");
        for math in [align, equation, matrix] {
            roxmltree::Document::parse(&math).unwrap();
        }
    }

    #[test]
    fn a_limit_after_a_space_has_two_children() {
        let math = mathml(r"x \qquad \lim_{n\to\infty} a_n", true).unwrap();
        assert!(
            math.contains("<mspace width=\"0.1667em\" /><munder><mi>lim</mi>"),
            "{math}"
        );
    }

    #[test]
    fn accents_are_accents_and_mu_is_greek() {
        let math = mathml(r"\bar{x} + \hat{\beta} + \bar{\bar{y}} + \mu", false).unwrap();
        assert_eq!(math.matches("<mover accent=\"true\">").count(), 4, "{math}");
        assert!(
            math.contains("<mo stretchy=\"false\">\u{203e}</mo></mover>"),
            "{math}"
        );
        assert!(math.contains("<mi>\u{3bc}</mi>"), "{math}");
        roxmltree::Document::parse(&math).unwrap();
    }

    #[test]
    fn mathml_is_xml_with_no_html_entities() {
        let math = mathml(r"\text{if } x \geq 0", false).unwrap();
        assert!(!math.contains("&nbsp;"), "{math}");
        roxmltree::Document::parse(&math).unwrap();
    }

    #[test]
    fn what_the_parser_refuses_is_an_error_of_one_line() {
        let why = mathml(r"\frac{1}{", false).unwrap_err();
        assert!(why.contains("unbalanced group"), "{why}");
        assert!(!why.contains('\n'));
        assert!(mathml(r"\foo{x}", true).is_err());
    }

    #[test]
    fn every_construct_of_the_test_document_is_read() {
        for tex in [
            r"\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i",
            r"\sqrt{x^2+y^2} + \sqrt[3]{8}",
            r"\int_0^1 f(x)\,dx",
            r"\lim_{n\to\infty} \left(1+\frac{1}{n}\right)^n",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
            r"\begin{align} a &= b + c \\ d &= e \end{align}",
            r"\begin{aligned} a &= b \end{aligned}",
            r"\alpha\beta\Gamma\Omega",
            r"x \in \mathbb{R}^n",
            r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
        ] {
            let math = mathml(tex, true).unwrap_or_else(|e| panic!("{tex}: {e}"));
            roxmltree::Document::parse(&math).unwrap_or_else(|e| panic!("{tex}: {e}"));
        }
    }
}

//! Formulas typeset for print: the TeX read into MathML (write/math/),
//! laid out by formulary from STIX Two Math's OpenType MATH table (its
//! constants place fractions, scripts, radicals, limits and stretched
//! delimiters), and drawn as glyphs of that face and rules.
//!
//! A formula is one piece of its line (`lines.rs`): it never breaks, sits
//! on the baseline, and its line grows to hold it; a display formula has a
//! line of its own, centred.

use super::font::Glyph;
use super::page::{Item, Mark, Rgb, Run};

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The character a formula's span holds: it breaks as a letter does (not
/// from the punctuation after it), and is never shaped (`lines.rs` sets
/// the formula in its place).
pub const OBJECT: &str = "\u{E000}";

/// Between the parts of an inline formula (`typeset_parts`): a zero-width
/// space, the line's break opportunity, set as nothing (`lines.rs`).
pub const BREAK: &str = "\u{200B}";

/// Space above and below a display formula, in em of the text (TeX's
/// `\abovedisplayskip` is 12 pt plus 3 pt at 10 pt: about 1 em; a
/// paragraph's own spacing gives part of it).
const DISPLAY_SKIP_EM: f64 = 0.5;

/// One glyph of the math face, relative to the formula's origin on its
/// baseline (`y` downwards), at its own size (scripts are smaller).
#[derive(Debug, Clone, PartialEq)]
pub struct MathGlyph {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub gid: u16,
    /// The characters it draws, for copying and searching.
    pub text: Arc<str>,
}

/// A laid-out formula, in points, origin on the baseline at its left.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// The TeX source: the formula's alt text.
    pub tex: String,
    pub display: bool,
    pub width: f64,
    pub ascent: f64,
    pub descent: f64,
    pub glyphs: Vec<MathGlyph>,
    /// Fraction bars and radical overbars: x, y (top, downwards), w, h.
    pub rules: Vec<[f64; 4]>,
    /// Equation numbers (a display formula's), x from their column's left;
    /// drawn at the measure's right edge (`draw`).
    pub numbers: Vec<MathGlyph>,
    pub numbers_width: f64,
    /// The labels of its rows: where `\eqref` links land.
    pub labels: Vec<String>,
    /// A part of an inline formula after its first (`typeset_parts`): it
    /// joins the first part's structure node.
    pub continued: bool,
}

impl Formula {
    /// How far the formula reaches above and below its baseline, with a
    /// display formula's space around it.
    pub fn extent(&self, size: f64) -> (f64, f64) {
        let skip = if self.display {
            size * DISPLAY_SKIP_EM
        } else {
            0.0
        };
        (self.ascent + skip, self.descent + skip)
    }
}

fn math_font() -> Option<&'static formulary::MathFont<'static>> {
    static FONT: OnceLock<Option<formulary::MathFont<'static>>> = OnceLock::new();
    FONT.get_or_init(|| formulary::MathFont::new(crate::fonts::STIX_TWO_MATH, 0).ok())
        .as_ref()
}

/// Each glyph's characters: from the face's `cmap`, and for the variants
/// the MATH table picks (`∑.dsp`, `parenleft.s2`, script forms) the
/// characters of the glyph their name extends.
fn glyph_text(gid: u16) -> Arc<str> {
    static TEXT: OnceLock<HashMap<u16, Arc<str>>> = OnceLock::new();
    let text = TEXT.get_or_init(|| {
        let mut text = HashMap::new();
        let Ok(face) = rustybuzz::ttf_parser::Face::parse(crate::fonts::STIX_TWO_MATH, 0) else {
            return text;
        };
        let mut by_gid: HashMap<u16, char> = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), subtable.glyph_index(cp)) {
                        by_gid.entry(g.0).or_insert(c);
                    }
                });
            }
        }
        for gid in 0..face.number_of_glyphs() {
            let c = by_gid.get(&gid).copied().or_else(|| {
                let name = face.glyph_name(rustybuzz::ttf_parser::GlyphId(gid))?;
                let stem = name.split('.').next()?;
                let base = face.glyph_index_by_name(stem)?;
                by_gid.get(&base.0).copied()
            });
            if let Some(c) = c {
                text.insert(gid, Arc::from(c.to_string()));
            }
        }
        text
    });
    text.get(&gid).cloned().unwrap_or_else(|| Arc::from(""))
}

/// The space between a display formula and its number, in em (TeX keeps
/// at least a quad, `\quad`, between them).
const NUMBER_GAP_EM: f64 = 1.0;

/// A display formula with its equation numbers (`rows`, from
/// `transform::equations`): laid out once as it is, and once with the
/// numbers as a last column (`write::math::numbered_mathml`), from which
/// the numbers' glyphs are taken, each on its row's baseline.
pub fn typeset_numbered(
    tex: &str,
    display: bool,
    size: f64,
    rows: &[crate::write::math::Row],
) -> Option<Formula> {
    let mut formula = typeset(tex, display, size)?;
    formula.labels = rows.iter().filter_map(|r| r.label.clone()).collect();
    if !display || rows.iter().all(|r| r.number.is_none()) {
        return Some(formula);
    }
    let mathml = crate::write::math::numbered_mathml(tex, display, rows).ok()?;
    let Some(numbered) = lay_out(tex, display, size, &mathml) else {
        return Some(formula);
    };
    // The numbered layout may sit the formula higher or lower (a table is
    // centred on the math axis): its first glyph says by how much.
    let dy = match (formula.glyphs.first(), numbered.glyphs.first()) {
        (Some(a), Some(b)) => a.y - b.y,
        _ => 0.0,
    };
    let numbers: Vec<MathGlyph> = numbered
        .glyphs
        .into_iter()
        .filter(|g| g.x >= formula.width)
        .collect();
    let left = numbers.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
    if !left.is_finite() {
        return Some(formula);
    }
    formula.numbers_width = (numbered.width - left).max(0.0);
    formula.numbers = numbers
        .into_iter()
        .map(|g| MathGlyph {
            x: g.x - left,
            y: g.y + dy,
            ..g
        })
        .collect();
    Some(formula)
}

/// An inline formula in the parts a line may end between: its top-level
/// row cut after each relation and binary operator that stands between
/// two operands (`write::math::breaks_after`), each part laid out on its
/// own with the operator keeping its infix spaces. `None` when it has no
/// such place (or cannot be read): then it is one piece.
pub fn typeset_parts(tex: &str, size: f64) -> Option<Vec<Formula>> {
    let mathml = crate::write::math::mathml(tex, false).ok()?;
    let tree = roxmltree::Document::parse(&mathml).ok()?;
    // The formula's own row: `math` › `semantics` › `mrow`, and the row
    // pulldown-latex may wrap it in.
    let mut row = tree
        .root_element()
        .first_element_child()
        .filter(|n| n.has_tag_name("semantics"))?
        .first_element_child()?;
    while let [only] = row
        .children()
        .filter(|n| n.is_element())
        .collect::<Vec<_>>()[..]
    {
        if !only.has_tag_name("mrow") {
            break;
        }
        row = only;
    }
    let items: Vec<roxmltree::Node> = row.children().filter(|n| n.is_element()).collect();
    let is_break = |i: usize| {
        let item = items[i];
        item.has_tag_name("mo")
            && i > 0
            && i + 1 < items.len()
            && ends_operand(items[i - 1])
            && crate::write::math::breaks_after(item.text().unwrap_or(""))
    };
    let cuts: Vec<usize> = (0..items.len()).filter(|&i| is_break(i)).collect();
    if cuts.is_empty() {
        return None;
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for end in cuts.iter().copied().chain([items.len() - 1]) {
        let mut body = String::new();
        for (i, item) in items.iter().enumerate().take(end + 1).skip(from) {
            let text = &mathml[item.range()];
            // The operator a part ends with keeps its infix spaces.
            match text.strip_prefix("<mo") {
                Some(rest) if i == end && end + 1 < items.len() => {
                    body.push_str("<mo form=\"infix\"");
                    body.push_str(rest);
                }
                _ => body.push_str(text),
            }
        }
        let part = format!(
            "<math display=\"inline\" xmlns=\"{}\"><mrow>{body}</mrow></math>",
            crate::write::math::MATHML_NS
        );
        let mut formula = lay_out(tex, false, size, &part)?;
        formula.continued = from > 0;
        parts.push(formula);
        from = end + 1;
    }
    Some(parts)
}

/// Whether an item of a row ends an operand: anything but an operator,
/// or a closing delimiter (`f(x) =`).
fn ends_operand(item: roxmltree::Node) -> bool {
    !item.has_tag_name("mo")
        || matches!(
            item.text().unwrap_or("").trim(),
            ")" | "]" | "}" | "⟩" | "|" | "‖" | "⌋" | "⌉"
        )
}

/// The formula laid out at `size`, or `None` when it cannot be read or laid
/// out (`write::math::problems` warns; the TeX is then set as code).
pub fn typeset(tex: &str, display: bool, size: f64) -> Option<Formula> {
    let mathml = crate::write::math::mathml(tex, display).ok()?;
    lay_out(tex, display, size, &mathml)
}

/// A piece of MathML laid out at `size`.
fn layout(mathml: &str, size: f64) -> Option<formulary::Layout> {
    let root = formulary::parse(mathml).ok()?;
    Some(formulary::layout(
        &root,
        math_font()?,
        &formulary::LayoutOptions {
            font_size: size as f32,
        },
    ))
}

fn lay_out(tex: &str, display: bool, size: f64, mathml: &str) -> Option<Formula> {
    // `align`'s rows as TeX sets them (align.rs), measured by the same layout.
    let measure = |piece: &str| {
        let math = format!(
            "<math xmlns=\"{}\">{piece}</math>",
            crate::write::math::MATHML_NS
        );
        layout(&math, size).map(|laid| laid.width as f64)
    };
    let mathml = super::align::rows_as_lines(mathml, size, &measure);
    let mathml = super::script_space::tighten(&mathml);
    let laid = layout(&mathml, size)?;
    let mut formula = Formula {
        tex: tex.to_owned(),
        display,
        width: laid.width as f64,
        ascent: laid.ascent as f64,
        descent: laid.descent as f64,
        glyphs: Vec::new(),
        rules: Vec::new(),
        numbers: Vec::new(),
        numbers_width: 0.0,
        labels: Vec::new(),
        continued: false,
    };
    for item in laid.items {
        match item {
            formulary::Item::Glyph { id, x, y, size, .. } => formula.glyphs.push(MathGlyph {
                x: x as f64,
                y: y as f64,
                size: size as f64,
                gid: id.0,
                text: glyph_text(id.0),
            }),
            formulary::Item::Rule { x, y, w, h, .. } => {
                formula.rules.push([x as f64, y as f64, w as f64, h as f64])
            }
            // Backgrounds (`\colorbox`) and what later versions add: not drawn.
            _ => {}
        }
    }
    let finite = [formula.width, formula.ascent, formula.descent]
        .iter()
        .all(|v| v.is_finite());
    finite.then_some(formula)
}

/// Whether the formula is set across the whole measure (`lines.rs`): a
/// display formula with numbers.
pub fn spans_measure(formula: &Formula) -> bool {
    formula.display && !formula.numbers.is_empty()
}

/// Where a numbered formula starts on a measure of `width`: centred, but
/// moved left to keep a quad before its number, as TeX does.
fn numbered_left(formula: &Formula, width: f64) -> f64 {
    let gap = formula.numbers.first().map_or(0.0, |g| g.size) * NUMBER_GAP_EM;
    let centred = (width - formula.width) / 2.0;
    let room = width - formula.numbers_width - gap - formula.width;
    centred.min(room).max(0.0)
}

/// Draws a formula with its origin at (x, baseline): runs of the math face
/// (`face`) marked as the formula's structure node, and its rules. A
/// numbered formula (`spans_measure`) starts the measure of `width` at x,
/// its numbers at the measure's right edge.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    formula: &Formula,
    face: usize,
    x: f64,
    width: f64,
    baseline: f64,
    color: Rgb,
    mark: Mark,
    items: &mut Vec<Item>,
) {
    let (x, numbers_x) = if spans_measure(formula) {
        (
            x + numbered_left(formula, width),
            x + width - formula.numbers_width,
        )
    } else {
        (x, x)
    };
    let mut run: Option<Run> = None;
    let numbers = formula.numbers.iter().map(|g| (numbers_x, g));
    for (x, g) in formula.glyphs.iter().map(|g| (x, g)).chain(numbers) {
        let glyph_baseline = baseline + g.y;
        let continues = run
            .as_ref()
            .is_some_and(|r| r.size == g.size && r.baseline == glyph_baseline);
        if !continues {
            items.extend(run.take().map(Item::Text));
        }
        let r = run.get_or_insert_with(|| Run {
            face,
            size: g.size,
            color,
            baseline: glyph_baseline,
            glyphs: Vec::new(),
            mark,
            lang: None,
        });
        r.glyphs.push((
            x + g.x,
            Glyph {
                face,
                gid: g.gid,
                advance: 0.0,
                x_offset: 0.0,
                y_offset: 0.0,
                text: g.text.clone(),
                // A formula's glyph stands for the TeX-free text it sets.
                cluster: g.text.clone(),
            },
        ));
    }
    items.extend(run.map(Item::Text));
    for [rx, ry, w, h] in &formula.rules {
        items.push(Item::Rect {
            x: x + rx,
            y: baseline + ry,
            w: *w,
            h: *h,
            color,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_stands_on_the_baseline_with_its_bar() {
        let f = typeset(r"\frac{1}{n}", false, 10.0).unwrap();
        assert_eq!(f.glyphs.len(), 2);
        assert_eq!(f.rules.len(), 1);
        // Numerator above the baseline, denominator below.
        assert!(f.glyphs[0].y < 0.0 && f.glyphs[1].y > 0.0, "{f:?}");
        assert!(f.ascent > 5.0 && f.descent > 1.0, "{f:?}");
        assert_eq!(&*f.glyphs[0].text, "1");
    }

    #[test]
    fn display_limits_go_above_and_below_and_scripts_are_smaller() {
        let f = typeset(r"\sum_{i=1}^{n} x_i", true, 10.0).unwrap();
        let sum = f.glyphs.iter().find(|g| &*g.text == "∑").unwrap();
        assert!(sum.size == 10.0);
        let limits: Vec<&MathGlyph> = f.glyphs.iter().filter(|g| g.size < 10.0).collect();
        assert!(limits.iter().any(|g| g.y < sum.y - 5.0), "{f:?}");
        assert!(limits.iter().any(|g| g.y > sum.y + 5.0), "{f:?}");
        // The display sum is its larger variant, still copied as ∑.
        let inline = typeset(r"\sum_{i=1}^{n} x_i", false, 10.0).unwrap();
        let small = inline.glyphs.iter().find(|g| &*g.text == "∑").unwrap();
        assert_ne!(small.gid, sum.gid);
    }

    #[test]
    fn roots_matrices_and_aligned_rows_are_laid_out() {
        for tex in [
            r"\sqrt{x^2+y^2}",
            r"\sqrt[3]{8}",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
            r"\begin{align} a &= b \\ c &= d \end{align}",
            r"\int_0^1 f(x)\,dx",
            r"\alpha + \mathbb{R}",
        ] {
            let f = typeset(tex, true, 10.0).unwrap_or_else(|| panic!("{tex}"));
            assert!(f.width > 5.0 && !f.glyphs.is_empty(), "{tex}: {f:?}");
            assert!(
                f.glyphs.iter().all(|g| !g.text.is_empty()),
                "{tex}: a glyph with no text"
            );
        }
        let matrix = typeset(r"\begin{pmatrix} a \\ c \end{pmatrix}", true, 10.0).unwrap();
        assert!(matrix.ascent + matrix.descent > 18.0, "{matrix:?}");
    }

    #[test]
    fn an_inline_formula_breaks_only_after_top_level_operators() {
        let parts = typeset_parts(r"f(x) = a_0 + \frac{1+x}{2}", 10.0).unwrap();
        // After `=` and `+`; not inside the fraction, not after `f`.
        assert_eq!(parts.len(), 3, "{parts:?}");
        let text = |f: &Formula| f.glyphs.iter().map(|g| &*g.text).collect::<String>();
        assert_eq!(text(&parts[0]), "𝑓(𝑥)=");
        assert!(!parts[0].continued && parts[1].continued && parts[2].continued);
        // The `=` keeps its space after it: the part is wider than its glyphs.
        let last = parts[0].glyphs.last().unwrap();
        assert!(parts[0].width > last.x + 5.0, "{:?}", parts[0]);
        // A sign is no place to break; nor is a formula with none.
        assert_eq!(typeset_parts("-x", 10.0).map(|p| p.len()), None);
        assert!(typeset_parts(r"\frac{a+b}{2}", 10.0).is_none());
    }

    #[test]
    fn what_cannot_be_read_is_none() {
        assert_eq!(typeset(r"\frac{1}{", false, 10.0), None);
    }
}

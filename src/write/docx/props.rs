//! Paragraph and run properties, written in the schema's order (ECMA-376
//! part 1, 17.3.1.26 `pPr` and 17.3.2.28 `rPr`): Word accepts any order,
//! validators and some readers do not.

use super::xml::{escape, val};
use crate::layout::Color;
use std::fmt::Write;

/// Twentieths of a point, Word's unit for lengths in text.
pub fn twips(points: f64) -> i64 {
    (points * 20.0).round() as i64
}

/// A paragraph border: its colour and width in eighths of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Border {
    pub color: Color,
    pub eighths: u32,
    /// Points between the border and the text.
    pub space: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Indent {
    pub left: i64,
    pub right: i64,
    pub first_line: i64,
    pub hanging: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spacing {
    pub before: Option<i64>,
    pub after: Option<i64>,
    /// 240ths of a line (`lineRule="auto"`).
    pub line: Option<i64>,
}

/// Paragraph properties, as a style or a paragraph sets them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    pub style: Option<String>,
    pub keep_next: bool,
    pub keep_lines: bool,
    pub page_break_before: bool,
    /// (numId, level).
    pub numbering: Option<(u32, u32)>,
    pub border_top: Option<Border>,
    pub border_left: Option<Border>,
    pub border_bottom: Option<Border>,
    pub shading: Option<Color>,
    pub suppress_hyphens: bool,
    pub bidi: bool,
    pub spacing: Option<Spacing>,
    pub indent: Option<Indent>,
    pub contextual_spacing: bool,
    /// `left`, `center`, `right`, `both`.
    pub justify: Option<&'static str>,
    pub outline_level: Option<u8>,
}

fn border(out: &mut String, side: &str, border: &Option<Border>) {
    if let Some(b) = border {
        let _ = write!(
            out,
            "<w:{side} w:val=\"single\" w:sz=\"{}\" w:space=\"{}\" w:color=\"{}\"/>",
            b.eighths,
            b.space,
            hex(b.color)
        );
    }
}

/// `RRGGBB`, as Word writes colours.
pub fn hex(color: Color) -> String {
    format!("{:02X}{:02X}{:02X}", color.r, color.g, color.b)
}

impl ParaProps {
    pub fn is_empty(&self) -> bool {
        *self == ParaProps::default()
    }

    /// `<w:pPr>…</w:pPr>`, or nothing when no property is set; `run` is the
    /// paragraph mark's run properties (a style's `rPr` goes apart).
    pub fn write(&self, out: &mut String) {
        if self.is_empty() {
            return;
        }
        out.push_str("<w:pPr>");
        self.write_inner(out);
        out.push_str("</w:pPr>");
    }

    pub fn write_inner(&self, out: &mut String) {
        if let Some(style) = &self.style {
            val(out, "pStyle", escape(style));
        }
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.keep_lines {
            out.push_str("<w:keepLines/>");
        }
        if self.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if let Some((num, level)) = self.numbering {
            let _ = write!(
                out,
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
            );
        }
        if self.border_top.is_some() || self.border_left.is_some() || self.border_bottom.is_some() {
            out.push_str("<w:pBdr>");
            border(out, "top", &self.border_top);
            border(out, "left", &self.border_left);
            border(out, "bottom", &self.border_bottom);
            out.push_str("</w:pBdr>");
        }
        if let Some(shade) = self.shading {
            let _ = write!(
                out,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>",
                hex(shade)
            );
        }
        if self.suppress_hyphens {
            out.push_str("<w:suppressAutoHyphens/>");
        }
        if self.bidi {
            out.push_str("<w:bidi/>");
        }
        if let Some(s) = &self.spacing {
            out.push_str("<w:spacing");
            if let Some(before) = s.before {
                let _ = write!(out, " w:before=\"{before}\"");
            }
            if let Some(after) = s.after {
                let _ = write!(out, " w:after=\"{after}\"");
            }
            if let Some(line) = s.line {
                let _ = write!(out, " w:line=\"{line}\" w:lineRule=\"auto\"");
            }
            out.push_str("/>");
        }
        if let Some(i) = &self.indent {
            let _ = write!(out, "<w:ind w:left=\"{}\" w:right=\"{}\"", i.left, i.right);
            if i.hanging > 0 {
                let _ = write!(out, " w:hanging=\"{}\"", i.hanging);
            } else {
                let _ = write!(out, " w:firstLine=\"{}\"", i.first_line);
            }
            out.push_str("/>");
        }
        if self.contextual_spacing {
            out.push_str("<w:contextualSpacing/>");
        }
        if let Some(jc) = self.justify {
            val(out, "jc", jc);
        }
        if let Some(level) = self.outline_level {
            val(out, "outlineLvl", level);
        }
    }
}

/// Run properties: a style's, or one run's direct formatting. Two runs with
/// equal properties are one run (a redline then diffs words, not runs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunProps {
    pub style: Option<String>,
    pub font: Option<String>,
    pub bold: bool,
    pub italic: bool,
    pub small_caps: bool,
    pub strike: bool,
    pub color: Option<Color>,
    /// Letter spacing in twips.
    pub tracking: Option<i64>,
    /// Half-points.
    pub size: Option<u32>,
    pub highlight: bool,
    pub underline: bool,
    /// `superscript` or `subscript`.
    pub vertical: Option<&'static str>,
    pub rtl: bool,
    pub lang: Option<String>,
}

impl RunProps {
    pub fn is_empty(&self) -> bool {
        *self == RunProps::default()
    }

    pub fn write(&self, out: &mut String) {
        if self.is_empty() {
            return;
        }
        out.push_str("<w:rPr>");
        self.write_inner(out);
        out.push_str("</w:rPr>");
    }

    pub fn write_inner(&self, out: &mut String) {
        if let Some(style) = &self.style {
            val(out, "rStyle", escape(style));
        }
        if let Some(font) = &self.font {
            let font = escape(font);
            let _ = write!(
                out,
                "<w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\" w:cs=\"{font}\"/>"
            );
        }
        if self.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if self.small_caps {
            out.push_str("<w:smallCaps/>");
        }
        if self.strike {
            out.push_str("<w:strike/>");
        }
        if let Some(color) = self.color {
            val(out, "color", hex(color));
        }
        if let Some(tracking) = self.tracking {
            val(out, "spacing", tracking);
        }
        if let Some(size) = self.size {
            let _ = write!(out, "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>");
        }
        if self.highlight {
            out.push_str("<w:highlight w:val=\"yellow\"/>");
        }
        if self.underline {
            out.push_str("<w:u w:val=\"single\"/>");
        }
        if let Some(vertical) = self.vertical {
            val(out, "vertAlign", vertical);
        }
        if self.rtl {
            out.push_str("<w:rtl/>");
        }
        if let Some(lang) = &self.lang {
            let lang = escape(lang);
            let _ = write!(out, "<w:lang w:val=\"{lang}\" w:bidi=\"{lang}\"/>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_come_in_schema_order() {
        let mut out = String::new();
        ParaProps {
            style: Some("Heading1".into()),
            keep_next: true,
            justify: Some("center"),
            spacing: Some(Spacing {
                before: Some(240),
                after: None,
                line: None,
            }),
            numbering: Some((3, 1)),
            ..ParaProps::default()
        }
        .write(&mut out);
        assert_eq!(
            out,
            "<w:pPr><w:pStyle w:val=\"Heading1\"/><w:keepNext/><w:numPr><w:ilvl w:val=\"1\"/>\
             <w:numId w:val=\"3\"/></w:numPr><w:spacing w:before=\"240\"/><w:jc w:val=\"center\"/></w:pPr>"
        );
        let mut out = String::new();
        RunProps {
            underline: true,
            bold: true,
            size: Some(24),
            style: Some("VerbatimChar".into()),
            ..RunProps::default()
        }
        .write(&mut out);
        assert_eq!(
            out,
            "<w:rPr><w:rStyle w:val=\"VerbatimChar\"/><w:b/><w:bCs/><w:sz w:val=\"24\"/>\
             <w:szCs w:val=\"24\"/><w:u w:val=\"single\"/></w:rPr>"
        );
    }
}

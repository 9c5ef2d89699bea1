//! Inlines → runs: formatting carried down as run properties, one run per
//! change of formatting (adjacent text with equal properties is one run),
//! links as hyperlinks, images as drawings, notes as footnote references.

use super::body::Writer;
use super::media::{size_pt, Drawing};
use super::props::RunProps;
use super::styles::style_id;
use super::xml::{escape, is_well_formed};
use crate::doc::Inline;
use std::fmt::Write;

/// A piece of a paragraph: text in one formatting (`\n` a line break,
/// `\t` a tab), or markup written as it is (hyperlink bounds, bookmarks,
/// drawings, note references).
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(RunProps, String),
    Xml(String),
}

/// Writes pieces as runs, adjacent text of equal formatting as one run.
pub fn write(pieces: &[Piece], out: &mut String) {
    let mut merged: Vec<(&RunProps, String)> = Vec::new();
    let flush = |merged: &mut Vec<(&RunProps, String)>, out: &mut String| {
        for (props, text) in merged.drain(..) {
            run(props, &text, out);
        }
    };
    for piece in pieces {
        match piece {
            Piece::Text(props, text) => match merged.last_mut() {
                Some((last, so_far)) if *last == props => so_far.push_str(text),
                _ => merged.push((props, text.clone())),
            },
            Piece::Xml(xml) => {
                flush(&mut merged, out);
                out.push_str(xml);
            }
        }
    }
    flush(&mut merged, out);
}

/// One run: its properties, its text with tabs and breaks as elements.
fn run(props: &RunProps, text: &str, out: &mut String) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    props.write(out);
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\t']).unwrap_or(rest.len());
        if end > 0 {
            let _ = write!(
                out,
                "<w:t xml:space=\"preserve\">{}</w:t>",
                escape(&rest[..end])
            );
        }
        match rest[end..].chars().next() {
            Some('\n') => out.push_str("<w:br/>"),
            Some('\t') => out.push_str("<w:tab/>"),
            _ => {}
        }
        rest = &rest[(end + 1).min(rest.len())..];
    }
    out.push_str("</w:r>");
}

impl Writer<'_> {
    pub fn inlines(&mut self, content: &[Inline], run: &RunProps, pieces: &mut Vec<Piece>) {
        for inline in content {
            self.inline(inline, run, pieces);
        }
    }

    fn styled(
        &mut self,
        content: &[Inline],
        run: &RunProps,
        pieces: &mut Vec<Piece>,
        change: impl FnOnce(&mut RunProps),
    ) {
        let mut inner = run.clone();
        change(&mut inner);
        self.inlines(content, &inner, pieces);
    }

    fn inline(&mut self, inline: &Inline, run: &RunProps, pieces: &mut Vec<Piece>) {
        match inline {
            Inline::Text { text } => pieces.push(Piece::Text(run.clone(), text.clone())),
            Inline::SoftBreak => pieces.push(Piece::Text(run.clone(), " ".to_owned())),
            Inline::LineBreak => pieces.push(Piece::Text(run.clone(), "\n".to_owned())),
            Inline::Emph { content } => self.styled(content, run, pieces, |r| r.italic = !r.italic),
            Inline::Strong { content } => self.styled(content, run, pieces, |r| r.bold = true),
            Inline::Strike { content } => self.styled(content, run, pieces, |r| r.strike = true),
            Inline::Underline { content } => {
                self.styled(content, run, pieces, |r| r.underline = true)
            }
            Inline::SmallCaps { content } => {
                self.styled(content, run, pieces, |r| r.small_caps = true)
            }
            Inline::Mark { content } => self.styled(content, run, pieces, |r| r.highlight = true),
            Inline::Superscript { content } => {
                self.styled(content, run, pieces, |r| r.vertical = Some("superscript"))
            }
            Inline::Subscript { content } => {
                self.styled(content, run, pieces, |r| r.vertical = Some("subscript"))
            }
            Inline::Span { attr, content } => {
                let mut inner = run.clone();
                if let Some(custom) = attr.get("custom-style") {
                    if !self.custom_char_styles.iter().any(|s| s == custom) {
                        self.custom_char_styles.push(custom.to_owned());
                    }
                    inner.style = Some(style_id(custom));
                } else if let Some(class) = attr
                    .classes
                    .iter()
                    .find(|c| self.layout.style.classes.contains_key(*c))
                {
                    inner.style = Some(format!("{}Char", style_id(class)));
                }
                if let Some(lang) = attr.get("lang") {
                    inner.lang = Some(lang.to_owned());
                }
                match attr.get("dir") {
                    Some("rtl") => inner.rtl = true,
                    Some("ltr") => inner.rtl = false,
                    _ => {}
                }
                if attr.id.is_empty() {
                    self.inlines(content, &inner, pieces);
                } else {
                    let mut inside = Vec::new();
                    self.inlines(content, &inner, &mut inside);
                    self.bookmark(&attr.id.clone(), inside, pieces);
                }
            }
            Inline::Code { text, .. } => {
                let mut inner = run.clone();
                inner.style = Some("VerbatimChar".to_owned());
                pieces.push(Piece::Text(inner, text.clone()));
            }
            Inline::Math { display, tex, pos } => self.math(*display, tex, *pos, run, pieces),
            Inline::Cite { content, .. } => self.inlines(content, run, pieces),
            Inline::Link { url, content, .. } => self.link(url, content, run, pieces),
            Inline::Image {
                attr,
                url,
                title,
                alt,
                ..
            } => {
                let alt_text = Writer::alt_text(alt, title);
                let drawing = self.options.images.get(url).cloned().and_then(|data| {
                    let g = self.geometry;
                    let (w, h) = size_pt(
                        &data,
                        attr.get("width"),
                        attr.get("height"),
                        g.text_width() as f64 / 20.0,
                        g.text_height() as f64 / 20.0,
                    );
                    let id = self.next_drawing;
                    let drawing = Drawing {
                        url,
                        data: &data,
                        width_pt: w,
                        height_pt: h,
                        alt: &alt_text,
                        title,
                        id,
                    };
                    let part_rels = match self.part {
                        super::body::Part::Document => &mut self.rels,
                        super::body::Part::Footnotes => &mut self.note_rels,
                    };
                    let xml = self.media.drawing(&drawing, part_rels)?;
                    self.next_drawing += 1;
                    Some(xml)
                });
                match drawing {
                    Some(xml) => {
                        let mut props = String::new();
                        run.write(&mut props);
                        pieces.push(Piece::Xml(format!("<w:r>{props}{xml}</w:r>")));
                    }
                    // Not loaded: its alt text stands in, as in the PDF.
                    None => pieces.push(Piece::Text(run.clone(), alt_text)),
                }
            }
            Inline::NoteRef { index } => {
                if let Some(piece) = self.note(*index) {
                    pieces.push(piece);
                }
            }
            Inline::Raw { format, text } => {
                if format == "openxml" && is_well_formed(text) {
                    pieces.push(Piece::Xml(text.clone()));
                } else if crate::write::tex::is_fill(inline) {
                    // Word's tab to the right margin, wherever the margins are.
                    pieces.push(Piece::Xml(
                        "<w:r><w:ptab w:relativeTo=\"margin\" w:alignment=\"right\" w:leader=\"none\"/></w:r>"
                            .to_owned(),
                    ));
                } else if format == "latex" || format == "tex" {
                    let set = crate::write::tex::inlines(text);
                    self.inlines(&set, run, pieces);
                }
            }
        }
    }

    /// Math as its TeX in Verbatim Char, for now.
    // Hook: when write/math/ gives OMML (`<m:oMath>`), push it here as
    // `Piece::Xml` (display math as `<m:oMathPara>`); the `m:` namespace is
    // already declared on every body part.
    /// A formula in Word's own math (OMML), so it stays editable, with its
    /// equation numbers and a bookmark for each label; one the math room
    /// cannot read is its TeX in the code style.
    fn math(
        &mut self,
        display: bool,
        tex: &str,
        pos: crate::doc::Pos,
        run: &RunProps,
        pieces: &mut Vec<Piece>,
    ) {
        let rows = self.equations.rows(pos, tex).to_vec();
        if let Some(xml) = crate::write::math::omml_numbered(tex, display, &rows) {
            let mut inner = vec![Piece::Xml(xml)];
            for label in rows.iter().filter_map(|r| r.label.as_deref()) {
                let mut around = Vec::new();
                self.bookmark(label, inner, &mut around);
                inner = around;
            }
            pieces.extend(inner);
            return;
        }
        let mut inner = run.clone();
        inner.style = Some("VerbatimChar".to_owned());
        let text = if display {
            format!("$${tex}$$")
        } else {
            format!("${tex}$")
        };
        pieces.push(Piece::Text(inner, text));
    }

    /// A hyperlink: to a bookmark for `#id`, else to the address.
    fn link(&mut self, url: &str, content: &[Inline], run: &RunProps, pieces: &mut Vec<Piece>) {
        let mut inner = run.clone();
        if inner.style.is_none() {
            inner.style = Some("Hyperlink".to_owned());
        }
        let mut inside = Vec::new();
        self.inlines(content, &inner, &mut inside);
        // Word cannot nest hyperlinks: a link inside a link keeps its text.
        if inside
            .iter()
            .any(|p| matches!(p, Piece::Xml(x) if x.starts_with("<w:hyperlink")))
            || url.is_empty()
        {
            pieces.extend(inside);
            return;
        }
        let open = if let Some(id) = url.strip_prefix('#') {
            format!("<w:hyperlink w:anchor=\"{}\">", self.anchor(id))
        } else {
            let id = self.rels_mut().add("hyperlink", url, true);
            format!("<w:hyperlink r:id=\"{id}\">")
        };
        pieces.push(Piece::Xml(open));
        pieces.extend(inside);
        pieces.push(Piece::Xml("</w:hyperlink>".to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_formatting_is_one_run() {
        let bold = RunProps {
            bold: true,
            ..RunProps::default()
        };
        let mut out = String::new();
        write(
            &[
                Piece::Text(bold.clone(), "Sponsor ".into()),
                Piece::Text(bold, "Benefits".into()),
                Piece::Text(RunProps::default(), "\tand\n".into()),
            ],
            &mut out,
        );
        assert_eq!(
            out,
            "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">Sponsor Benefits</w:t></w:r>\
             <w:r><w:tab/><w:t xml:space=\"preserve\">and</w:t><w:br/></w:r>"
        );
    }
}

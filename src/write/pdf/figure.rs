//! Images in the flow. An image alone in its paragraph is a figure: centred
//! in the column, scaled down to the column's width and height (never up
//! past its natural size), and one unbreakable chunk, so it moves whole to
//! the next column or page. An image that was loaded but sits among text is
//! set the same way right after its paragraph, in source order: scaling a
//! photo or diagram to the line height would make it illegible, and badges
//! and icons, the one case where inline wins, are rare in handouts and
//! briefs. Images in headings and table cells, and images that could not be
//! loaded, show their alt text.

use super::flow::{Chunk, Flow, ASCENT, STEP_DOWN};
use super::page::{Item, Kind, LinkArea, Mark, Target};

/// The stand-in for an image that could not be loaded: its alt text set
/// smaller than the body, with its own leading, in a box padded this much
/// (em of the body size).
const PLACEHOLDER_SCALE: f64 = 0.9;
const PLACEHOLDER_LEADING: f64 = 1.4;
const PLACEHOLDER_PAD_EM: f64 = 0.6;
/// The space between a figure and its caption (em of the caption's size).
const CAPTION_BEFORE_EM: f64 = 0.5;
use crate::doc::{plain_text, Inline};

/// An image found in a paragraph, with the link it sits in, if any.
pub struct Found<'d> {
    pub url: &'d str,
    pub alt: String,
    pub link: Option<Target>,
    /// Where the image is written in the source (line, column).
    pub pos: (u32, u32),
    /// The image's own `width` and `height` (`{width=50%}`), if any.
    pub size: (Option<&'d str>, Option<&'d str>),
}

/// The images of a paragraph in source order, looking inside emphasis and
/// links (a linked logo keeps its link).
pub fn images_in<'d>(content: &'d [Inline], link: Option<&Target>, out: &mut Vec<Found<'d>>) {
    for inline in content {
        match inline {
            Inline::Image {
                attr,
                url,
                alt,
                title,
                pos,
            } => {
                let alt = plain_text(alt);
                out.push(Found {
                    url,
                    alt: if alt.trim().is_empty() {
                        title.clone()
                    } else {
                        alt
                    },
                    link: link.cloned(),
                    pos: (pos.line, pos.column),
                    size: (attr.get("width"), attr.get("height")),
                });
            }
            Inline::Link { url, content, .. } => {
                let target = super::links::link_target(url);
                images_in(content, Some(link.unwrap_or(&target)), out);
            }
            Inline::Emph { content } | Inline::Strong { content } | Inline::Strike { content } => {
                images_in(content, link, out)
            }
            _ => {}
        }
    }
}

/// A length as pandoc's `width` and `height` write it, in points: `50%` of
/// `whole`, `300px` or a bare `300` (pixels at 96 to the inch, as pandoc
/// takes them), `2in`, `5cm`, `40mm`, `144pt`, `10em` (at 12 pt).
fn length_pt(value: &str, whole: f64) -> Option<f64> {
    const UNITS: [(&str, f64); 7] = [
        ("%", f64::NAN),
        ("px", 0.75),
        ("in", 72.0),
        ("cm", 72.0 / 2.54),
        ("mm", 72.0 / 25.4),
        ("pt", 1.0),
        ("em", 12.0),
    ];
    let value = value.trim();
    let (number, factor) = UNITS
        .iter()
        .find_map(|(unit, factor)| value.strip_suffix(unit).map(|n| (n, *factor)))
        .unwrap_or((value, 0.75));
    let number: f64 = number.trim().parse().ok()?;
    let points = if factor.is_nan() {
        whole * number / 100.0
    } else {
        number * factor
    };
    (points.is_finite() && points > 0.0).then_some(points)
}

/// Whether a paragraph holds nothing but images (and links around them,
/// and white space): it is then set as figures only.
pub fn only_images(content: &[Inline]) -> bool {
    let mut any = false;
    let all = content.iter().all(|inline| match inline {
        Inline::Image { .. } => {
            any = true;
            true
        }
        Inline::Link { content, .. } => {
            any = true;
            only_images(content)
        }
        Inline::SoftBreak | Inline::LineBreak => true,
        Inline::Text { text } => text.trim().is_empty(),
        _ => false,
    });
    all && any
}

impl Flow<'_> {
    /// A loaded image as a figure chunk, and the structure node it is
    /// drawn as (a `Figure`, or decoration); None when `url` was not loaded.
    pub fn figure(&mut self, found: &Found<'_>, x: f64, width: f64, before: f64) -> Option<Mark> {
        let data = self.images.get(found.url)?;
        let (natural_w, natural_h) = data.natural_size_pt();
        // The size the source asks for (`{width=50%}`: of the column; a
        // height in % of the page's room for an image), the other side in
        // proportion; never past the column or the page.
        let asked_w = found.size.0.and_then(|w| length_pt(w, width));
        let asked_h = found.size.1.and_then(|h| length_pt(h, self.image_height));
        let (natural_w, natural_h) = match (asked_w, asked_h) {
            (Some(w), Some(h)) => (w, h),
            (Some(w), None) => (w, natural_h * w / natural_w.max(0.01)),
            (None, Some(h)) => (natural_w * h / natural_h.max(0.01), h),
            (None, None) => (natural_w, natural_h),
        };
        let scale = 1f64
            .min(width / natural_w.max(0.01))
            .min(self.image_height / natural_h.max(0.01));
        let (w, h) = (natural_w * scale, natural_h * scale);
        let left = x + (width - w) / 2.0;
        let mut chunk = Chunk {
            h,
            before,
            ..Default::default()
        };
        // A linked image is the link's content; an image with no alt text
        // is decoration (the writer warns).
        let link = found
            .link
            .as_ref()
            .map(|_| self.tags.open(Kind::Link, self.mark));
        let alt = found.alt.trim();
        let mark = if alt.is_empty() && !self.style.alt_required {
            Mark::Artifact
        } else {
            let figure = Kind::Figure {
                alt: alt.to_owned(),
            };
            self.tags.open(figure, link.unwrap_or(self.mark))
        };
        self.tags.at(mark, found.pos.0, found.pos.1);
        chunk.items.push(Item::Image {
            x: left,
            y: 0.0,
            w,
            h,
            key: found.url.to_owned(),
            mark,
        });
        if let (Some(target), Some(link)) = (&found.link, link) {
            self.tags.at(link, found.pos.0, found.pos.1);
            chunk.links.push(LinkArea {
                x: left,
                y: 0.0,
                w,
                h,
                target: target.clone(),
                mark: link,
            });
        }
        self.chunks.push(chunk);
        Some(mark)
    }

    /// The stand-in for an image that could not be loaded: its alt text,
    /// in a shaded box where the image would have been.
    pub fn placeholder(&mut self, alt: &str, x: f64, width: f64, before: f64) {
        let mut base = self.base_style(self.size * PLACEHOLDER_SCALE);
        base.color = self.colors.muted;
        base.variant.italic = true;
        let pad = self.size * PLACEHOLDER_PAD_EM;
        let s = self.settings(width - 2.0 * pad, false, true);
        let label = if alt.is_empty() {
            "image".to_owned()
        } else {
            alt.to_owned()
        };
        let (lines, styles) = self.set(&[Inline::text(format!("[image: {label}]"))], &base, &s);
        let lh = base.size * PLACEHOLDER_LEADING;
        let h = lines.len() as f64 * lh + 2.0 * pad;
        let outer = self.open(Kind::Paragraph);
        let mut c = Chunk {
            h,
            before,
            ..Default::default()
        };
        c.items.push(Item::Rect {
            x,
            y: 0.0,
            w: width,
            h,
            color: self.colors.shade,
        });
        for (i, line) in lines.iter().enumerate() {
            self.draw_line(
                line,
                &styles,
                x + pad,
                pad + i as f64 * lh + base.size,
                &mut c,
            );
        }
        self.chunks.push(c);
        self.close(outer);
    }

    /// pandoc's implicit figure: the image, and its alt text as a caption
    /// centred under it in small, muted type, kept with it (a `Caption` in
    /// the structure tree). An image that could not be loaded shows its
    /// alt text in its place instead.
    pub fn implicit_figure(&mut self, content: &[Inline], x: f64, width: f64, gap: f64) {
        let mut found = Vec::new();
        images_in(content, None, &mut found);
        let Some(image) = found.first() else {
            return;
        };
        let Some(figure) = self.figure(image, x, width, gap) else {
            self.placeholder(&image.alt, x, width, gap);
            return;
        };
        if let Some(last) = self.chunks.last_mut() {
            last.keep = true;
        }
        let caption = plain_text(crate::doc::figure_caption(content));
        let mut base = self.base_style(self.size * STEP_DOWN);
        base.color = self.colors.muted;
        let s = self.settings(width, false, true);
        let (lines, styles) = self.set(&[Inline::text(caption.trim())], &base, &s);
        let lh = base.size * self.leading;
        // The caption belongs to its figure (PDF/UA: a Caption is the first
        // or last child of what it captions).
        let parent = match figure {
            Mark::Node(_) => figure,
            _ => self.mark,
        };
        let outer = std::mem::replace(&mut self.mark, self.tags.open(Kind::Caption, parent));
        let count = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let mut chunk = Chunk {
                h: lh,
                before: if i == 0 {
                    base.size * CAPTION_BEFORE_EM
                } else {
                    0.0
                },
                baseline: (lh - base.size) / 2.0 + base.size * ASCENT,
                keep: i + 1 < count,
                ..Default::default()
            };
            let left = x + (width - line.width) / 2.0;
            let baseline = chunk.baseline;
            self.draw_line(line, &styles, left, baseline, &mut chunk);
            self.chunks.push(chunk);
        }
        self.close(outer);
    }

    /// A paragraph with its images: figures only, or the text and then the
    /// loaded images as figures.
    pub fn paragraph_with_images(&mut self, content: &[Inline], x: f64, width: f64, gap: f64) {
        let mut found = Vec::new();
        images_in(content, None, &mut found);
        if only_images(content) {
            for (i, image) in found.iter().enumerate() {
                let before = if i == 0 { gap } else { self.gap() };
                if self.figure(image, x, width, before).is_none() {
                    self.placeholder(&image.alt, x, width, before);
                }
            }
            return;
        }
        // Loaded images leave the text (`inlines` skips them while
        // `lift_images` is on) and follow it as figures.
        self.lift_images = true;
        self.paragraph(content, x, width, gap);
        self.lift_images = false;
        for image in &found {
            let before = self.gap();
            self.figure(image, x, width, before);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(url: &str) -> Inline {
        Inline::Image {
            attr: Default::default(),
            url: url.to_owned(),
            title: String::new(),
            alt: vec![Inline::text("alt")],
            pos: Default::default(),
        }
    }

    #[test]
    fn image_sizes_are_read_in_pandocs_units() {
        assert_eq!(length_pt("50%", 400.0), Some(200.0));
        assert_eq!(length_pt("300px", 0.0), Some(225.0));
        assert_eq!(length_pt("300", 0.0), Some(225.0));
        assert_eq!(length_pt("1in", 0.0), Some(72.0));
        assert!((length_pt("2.54cm", 0.0).unwrap() - 72.0).abs() < 1e-9);
        assert_eq!(length_pt("-3cm", 0.0), None);
        assert_eq!(length_pt("wide", 0.0), None);
    }

    #[test]
    fn paragraphs_of_images_are_told_apart() {
        let linked = Inline::Link {
            attr: Default::default(),
            url: "https://www.python.org".to_owned(),
            title: String::new(),
            content: vec![image("a.png")],
            pos: Default::default(),
        };
        assert!(only_images(&[
            image("a.png"),
            Inline::SoftBreak,
            linked.clone()
        ]));
        assert!(!only_images(&[image("a.png"), Inline::text(" and text")]));
        assert!(!only_images(&[Inline::SoftBreak]));
        let mut found = Vec::new();
        let content = [Inline::text("x"), linked];
        images_in(&content, None, &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].url, "a.png");
        assert!(matches!(&found[0].link, Some(Target::Uri(u)) if u == "https://www.python.org"));
    }
}

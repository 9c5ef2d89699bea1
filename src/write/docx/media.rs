//! Images in the package: PNG and JPEG as they are; SVG with a PNG
//! rendering beside it, since Word draws the SVG (`asvg:svgBlip`) and
//! every other reader (LibreOffice, older Word) the PNG it requires.

use super::package::Rels;
use super::xml::{escape, A, PIC};
use crate::image::{ImageData, ImageKind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// English Metric Units: 914,400 to the inch, 12,700 to the point.
pub const EMU_PER_PT: f64 = 12_700.0;
/// The SVG's PNG fallback is drawn at this many pixels per point of its
/// size on the page (2: 144 dpi, sharp on screen and in print preview).
const FALLBACK_SCALE: f32 = 2.0;
/// The fallback's longest side, in pixels, whatever the SVG says.
const FALLBACK_MAX_PX: f32 = 4000.0;

/// The package's media files, one per image URL.
#[derive(Default)]
pub struct Media {
    /// Part name (`word/media/image1.png`) and bytes, in order added.
    pub files: Vec<(String, Vec<u8>)>,
    /// URL → (the raster's target, the SVG's target) relative to `word/`.
    by_url: BTreeMap<String, (String, Option<String>)>,
}

impl Media {
    /// The targets of `data`, added to the package if new; `None` for an
    /// SVG that could not be rendered (the caller shows its alt text).
    fn add(&mut self, url: &str, data: &ImageData) -> Option<(String, Option<String>)> {
        if let Some(found) = self.by_url.get(url) {
            return Some(found.clone());
        }
        let n = self.by_url.len() + 1;
        let targets = match data.kind {
            ImageKind::Png | ImageKind::Jpeg => {
                let target = format!("media/image{n}.{}", data.kind.extension());
                self.files
                    .push((format!("word/{target}"), data.bytes.clone()));
                (target, None)
            }
            ImageKind::Svg => {
                let png = render_svg(data)?;
                let raster = format!("media/image{n}.png");
                let svg = format!("media/image{n}.svg");
                self.files.push((format!("word/{raster}"), png));
                self.files.push((format!("word/{svg}"), data.bytes.clone()));
                (raster, Some(svg))
            }
        };
        self.by_url.insert(url.to_owned(), targets.clone());
        Some(targets)
    }
}

/// An SVG drawn to PNG by resvg (already built for the PDF's SVG images).
fn render_svg(data: &ImageData) -> Option<Vec<u8>> {
    let tree = data.svg.as_ref()?;
    let size = tree.size();
    let longest = size.width().max(size.height()).max(1.0);
    let scale = FALLBACK_SCALE.min(FALLBACK_MAX_PX / longest);
    let width = (size.width() * scale).ceil().max(1.0) as u32;
    let height = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)?;
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().ok()
}

/// What an inline drawing needs: its size on the page and its alt text.
pub struct Drawing<'a> {
    pub url: &'a str,
    pub data: &'a ImageData,
    pub width_pt: f64,
    pub height_pt: f64,
    pub alt: &'a str,
    pub title: &'a str,
    /// Unique in the document (`wp:docPr id`).
    pub id: u32,
}

impl Media {
    /// `<w:drawing>` of one image, its relationships added to `rels`;
    /// `None` when the image cannot be embedded.
    pub fn drawing(&mut self, image: &Drawing<'_>, rels: &mut Rels) -> Option<String> {
        let (raster, svg) = self.add(image.url, image.data)?;
        let embed = rels.add("image", &raster, false);
        let svg_blip = match svg {
            Some(svg) => format!(
                "<a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\">\
                 <asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" \
                 r:embed=\"{}\"/></a:ext></a:extLst>",
                rels.add("image", &svg, false)
            ),
            None => String::new(),
        };
        let cx = (image.width_pt * EMU_PER_PT).round().max(1.0) as i64;
        let cy = (image.height_pt * EMU_PER_PT).round().max(1.0) as i64;
        let id = image.id;
        let alt = escape(image.alt);
        let title = if image.title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(image.title))
        };
        let name = raster.rsplit('/').next().unwrap_or("image");
        let mut out = String::new();
        let _ = write!(
            out,
            "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
             <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
             <wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"{title}/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{A}\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic xmlns:a=\"{A}\"><a:graphicData uri=\"{PIC}\"><pic:pic xmlns:pic=\"{PIC}\">\
             <pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"{name}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"{embed}\">{svg_blip}</a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr bwMode=\"auto\"><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
             </wp:inline></w:drawing>"
        );
        Some(out)
    }
}

/// An image's size on the page in points, as the PDF sets a figure: its
/// natural size, or the `width`/`height` its attributes give (`50%`, `3in`,
/// `200px`), scaled down to fit the text block, never up.
pub fn size_pt(
    data: &ImageData,
    width: Option<&str>,
    height: Option<&str>,
    text_width: f64,
    text_height: f64,
) -> (f64, f64) {
    let (nw, nh) = data.natural_size_pt();
    let (nw, nh) = (nw.max(0.01), nh.max(0.01));
    let given_w = width.and_then(|w| length_pt(w, text_width));
    let given_h = height.and_then(|h| length_pt(h, text_height));
    let (w, h) = match (given_w, given_h) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w * nh / nw),
        (None, Some(h)) => (h * nw / nh, h),
        (None, None) => (nw, nh),
    };
    let scale = 1f64.min(text_width / w).min(text_height / h);
    (w * scale, h * scale)
}

/// A CSS-like length in points; a percentage of `whole`.
fn length_pt(text: &str, whole: f64) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok().filter(|n: &f64| *n > 0.0)?;
    let points = match unit.trim() {
        "%" => whole * number / 100.0,
        "in" => number * 72.0,
        "cm" => number * 72.0 / 2.54,
        "mm" => number * 72.0 / 25.4,
        "pt" => number,
        "" | "px" => number * 0.75,
        _ => return None,
    };
    Some(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_in_every_unit() {
        assert_eq!(length_pt("50%", 400.0), Some(200.0));
        assert_eq!(length_pt("2in", 0.0), Some(144.0));
        assert_eq!(length_pt("200px", 0.0), Some(150.0));
        assert_eq!(length_pt("wide", 0.0), None);
    }
}

//! Images the writers can embed: the bytes of a PNG or JPEG file as read,
//! with what its header says (kind, size in pixels, resolution), or an SVG
//! file parsed by usvg and written back out clean (`svg.rs`).
//!
//! Loading them is `assets.rs`'s job (the only step that reads files);
//! writers get them through `WriteOptions::images`, keyed by the URL as it
//! is written in the tree, and never look at the file system.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

mod svg;
use svg::{looks_like_xml, parse_svg};

/// The loaded images of one document, keyed by the image URL as written.
pub type Images = BTreeMap<String, Arc<ImageData>>;

/// The key of the layout's logo among the PDF's images: a URL with a
/// scheme, which no loaded image of the document can have.
pub const LOGO_KEY: &str = "quire:logo";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Svg,
}

impl ImageKind {
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Svg => "svg",
        }
    }
}

/// A JPEG's colour model, from its frame header (and an Adobe marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JpegColor {
    Gray,
    Rgb,
    Cmyk {
        /// Adobe writes CMYK inverted (APP14 "Adobe"): PDF must flip it back.
        inverted: bool,
    },
}

/// One image file, as read, and what its header says. For an SVG, `bytes`
/// are the cleaned copy, never the file as it came.
#[derive(Clone)]
pub struct ImageData {
    pub bytes: Vec<u8>,
    pub kind: ImageKind,
    pub width_px: u32,
    pub height_px: u32,
    /// Pixels per inch (horizontal, vertical) when the file says so.
    pub dpi: Dpi,
    /// JPEG only: what the PDF's colour space must be.
    pub jpeg_color: Option<JpegColor>,
    /// SVG only: the parsed, cleaned tree (what the PDF draws as vectors).
    pub svg: Option<Arc<usvg::Tree>>,
    /// SVG only: what cleaning took out, each a phrase for a warning at the
    /// image's place ("scripts", "references (`../x.png`)").
    pub removed: Vec<String>,
}

impl PartialEq for ImageData {
    // The same file.
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl fmt::Debug for ImageData {
    // The bytes would drown any debug print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageData")
            .field("bytes", &self.bytes.len())
            .field("kind", &self.kind)
            .field("width_px", &self.width_px)
            .field("height_px", &self.height_px)
            .field("dpi", &self.dpi)
            .field("removed", &self.removed)
            .finish()
    }
}

/// Pixels per inch, horizontal and vertical, when a file gives them.
pub type Dpi = Option<(f64, f64)>;

/// Resolution assumed when a file does not give one: CSS's reference pixel,
/// so an image is as large in the PDF as a browser shows it.
pub const DEFAULT_DPI: f64 = 96.0;

impl ImageData {
    /// Reads the header of a PNG or JPEG file. A PNG is also decoded in
    /// full, once, so that a file cut short or with corrupt data is refused
    /// here, with a warning at its place, rather than failing the PDF later.
    pub fn parse(bytes: Vec<u8>) -> Result<ImageData, String> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            let header = png_header(&bytes)?;
            decode_png(&bytes)?;
            Ok(ImageData {
                kind: ImageKind::Png,
                width_px: header.0,
                height_px: header.1,
                dpi: header.2,
                jpeg_color: None,
                svg: None,
                removed: Vec::new(),
                bytes,
            })
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            let header = jpeg_header(&bytes)?;
            Ok(ImageData {
                kind: ImageKind::Jpeg,
                width_px: header.width,
                height_px: header.height,
                dpi: header.dpi,
                jpeg_color: Some(header.color),
                svg: None,
                removed: Vec::new(),
                bytes,
            })
        } else if looks_like_xml(&bytes) {
            parse_svg(&bytes)
        } else {
            Err("not a PNG, JPEG or SVG file".to_owned())
        }
    }

    /// The natural size in points: the pixels at the file's resolution, or
    /// at 96 per inch.
    pub fn natural_size_pt(&self) -> (f64, f64) {
        if let Some(tree) = &self.svg {
            // usvg's user units are CSS pixels (96 per inch).
            let size = tree.size();
            let pt = 72.0 / DEFAULT_DPI;
            return (size.width() as f64 * pt, size.height() as f64 * pt);
        }
        let (dx, dy) = self
            .dpi
            .filter(|&(x, y)| x >= 1.0 && y >= 1.0)
            .unwrap_or((DEFAULT_DPI, DEFAULT_DPI));
        (
            self.width_px as f64 * 72.0 / dx,
            self.height_px as f64 * 72.0 / dy,
        )
    }

    /// The image as a `data:` URI, for HTML that must stand on its own.
    pub fn data_uri(&self) -> String {
        use base64::Engine;
        format!(
            "data:{};base64,{}",
            self.kind.media_type(),
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

/// Decoded PNG pixels: 8-bit gray or RGB, with the alpha channel apart.
pub struct Raster {
    pub width: u32,
    pub height: u32,
    /// 1 (gray) or 3 (RGB) bytes a pixel.
    pub channels: u8,
    pub color: Vec<u8>,
    /// One byte a pixel; `None` when the image is opaque.
    pub alpha: Option<Vec<u8>>,
}

/// Width, height and resolution from a PNG's header chunks.
fn png_header(bytes: &[u8]) -> Result<(u32, u32, Dpi), String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder
        .read_info()
        .map_err(|e| format!("the PNG header cannot be read ({e})"))?;
    let info = reader.info();
    let dpi = info.pixel_dims.and_then(|d| match d.unit {
        png::Unit::Meter if d.xppu > 0 && d.yppu > 0 => {
            Some((d.xppu as f64 * 0.0254, d.yppu as f64 * 0.0254))
        }
        _ => None,
    });
    Ok((info.width, info.height, dpi))
}

/// Decodes a PNG to 8-bit gray or RGB plus alpha: palettes, low bit depths
/// and tRNS expanded, 16-bit samples cut to 8, interlacing undone.
pub fn decode_png(bytes: &[u8]) -> Result<Raster, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("the PNG header cannot be read ({e})"))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "the PNG is too large".to_owned())?;
    let mut buffer = vec![0; size];
    let frame = reader
        .next_frame(&mut buffer)
        .map_err(|e| format!("the PNG data is damaged ({e})"))?;
    buffer.truncate(frame.buffer_size());
    let (channels, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err("the PNG palette cannot be expanded".to_owned()),
    };
    if frame.bit_depth != png::BitDepth::Eight {
        return Err("the PNG bit depth cannot be converted".to_owned());
    }
    let (color, alpha) = if has_alpha {
        let stride = channels + 1;
        let mut color = Vec::with_capacity(buffer.len() / stride * channels);
        let mut alpha = Vec::with_capacity(buffer.len() / stride);
        for pixel in buffer.chunks_exact(stride) {
            color.extend_from_slice(&pixel[..channels]);
            alpha.push(pixel[channels]);
        }
        // A fully opaque alpha channel is no mask at all.
        let alpha = alpha.iter().any(|&a| a != 255).then_some(alpha);
        (color, alpha)
    } else {
        (buffer, None)
    };
    Ok(Raster {
        width: frame.width,
        height: frame.height,
        channels: channels as u8,
        color,
        alpha,
    })
}

struct JpegHeader {
    width: u32,
    height: u32,
    color: JpegColor,
    dpi: Dpi,
}

/// Walks a JPEG's marker segments up to its frame header (SOF), reading the
/// JFIF resolution and the Adobe marker on the way. The scan data is never
/// decoded: the PDF carries the file as it is.
fn jpeg_header(bytes: &[u8]) -> Result<JpegHeader, String> {
    let damaged = || "the JPEG header is damaged".to_owned();
    let mut at = 2;
    let mut dpi = None;
    let mut adobe = false;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if bytes.get(at) != Some(&0xFF) {
            return Err(damaged());
        }
        let marker = *bytes.get(at + 1).ok_or_else(damaged)?;
        at += 2;
        if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
            if marker == 0xD9 {
                return Err("the JPEG has no frame header".to_owned());
            }
            continue; // markers without a length
        }
        let length = u16::from_be_bytes([
            *bytes.get(at).ok_or_else(damaged)?,
            *bytes.get(at + 1).ok_or_else(damaged)?,
        ]) as usize;
        let segment = bytes.get(at + 2..at + length).ok_or_else(damaged)?;
        match marker {
            0xE0 if segment.starts_with(b"JFIF\0") && segment.len() >= 12 => {
                let x = u16::from_be_bytes([segment[8], segment[9]]) as f64;
                let y = u16::from_be_bytes([segment[10], segment[11]]) as f64;
                dpi = match segment[7] {
                    1 if x > 0.0 && y > 0.0 => Some((x, y)),
                    2 if x > 0.0 && y > 0.0 => Some((x * 2.54, y * 2.54)),
                    _ => None,
                };
            }
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            // Baseline, extended and progressive Huffman frames: what PDF's
            // DCTDecode reads. Lossless, hierarchical and arithmetic-coded
            // frames are not.
            0xC0..=0xC2 => {
                if segment.len() < 6 {
                    return Err(damaged());
                }
                if segment[0] != 8 {
                    return Err(format!(
                        "the JPEG has {}-bit samples; only 8-bit JPEGs can be embedded",
                        segment[0]
                    ));
                }
                let height = u16::from_be_bytes([segment[1], segment[2]]) as u32;
                let width = u16::from_be_bytes([segment[3], segment[4]]) as u32;
                if width == 0 || height == 0 {
                    return Err("the JPEG does not give its size in its header".to_owned());
                }
                let color = match segment[5] {
                    1 => JpegColor::Gray,
                    3 => JpegColor::Rgb,
                    4 => JpegColor::Cmyk { inverted: adobe },
                    n => return Err(format!("the JPEG has {n} colour components")),
                };
                return Ok(JpegHeader {
                    width,
                    height,
                    color,
                    dpi,
                });
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(
                    "the JPEG is lossless, hierarchical or arithmetic-coded, which PDF cannot show"
                        .to_owned(),
                )
            }
            _ => {}
        }
        at += length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend(((body.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(body);
        s
    }

    fn jpeg(components: u8, adobe: bool) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(segment(0xE0, b"JFIF\0\x01\x01\x01\x01\x2c\x01\x2c\0\0"));
        if adobe {
            bytes.extend(segment(0xEE, b"Adobe\0\x64\0\0\0\0\0"));
        }
        let mut sof = vec![8, 0, 30, 0, 40, components];
        for c in 0..components {
            sof.extend([c + 1, 0x11, 0]);
        }
        bytes.extend(segment(0xC0, &sof));
        bytes.extend([0xFF, 0xD9]);
        bytes
    }

    #[test]
    fn jpeg_headers_give_size_colour_and_resolution() {
        let gray = ImageData::parse(jpeg(1, false)).unwrap();
        assert_eq!((gray.width_px, gray.height_px), (40, 30));
        assert_eq!(gray.jpeg_color, Some(JpegColor::Gray));
        assert_eq!(gray.dpi, Some((300.0, 300.0)));
        assert_eq!(gray.natural_size_pt(), (9.6, 7.2));
        assert_eq!(
            ImageData::parse(jpeg(3, false)).unwrap().jpeg_color,
            Some(JpegColor::Rgb)
        );
        assert_eq!(
            ImageData::parse(jpeg(4, true)).unwrap().jpeg_color,
            Some(JpegColor::Cmyk { inverted: true })
        );
        assert!(ImageData::parse(jpeg(2, false)).is_err());
        let mut cut = jpeg(3, false);
        cut.truncate(20);
        assert!(ImageData::parse(cut).is_err());
    }

    #[test]
    fn pngs_decode_to_gray_or_rgb_with_alpha_apart() {
        let badge = include_bytes!("../../tests/fixtures/images/badge.png");
        let image = ImageData::parse(badge.to_vec()).unwrap();
        assert_eq!(
            (image.width_px, image.height_px, image.dpi),
            (120, 80, None)
        );
        assert_eq!(image.natural_size_pt(), (90.0, 60.0));
        let raster = decode_png(badge).unwrap();
        assert_eq!((raster.channels, raster.color.len()), (3, 120 * 80 * 3));
        assert_eq!(raster.alpha.map(|a| a.len()), Some(120 * 80));
        // Grey at 10 dpi: 100 pixels are 10 inches.
        let wide = include_bytes!("../../tests/fixtures/images/wide.png");
        let image = ImageData::parse(wide.to_vec()).unwrap();
        assert!((image.natural_size_pt().0 - 720.0).abs() < 1.0);
        let raster = decode_png(wide).unwrap();
        assert_eq!((raster.channels, raster.color.len()), (1, 100 * 20));
        assert!(raster.alpha.is_none());
        // A palette becomes RGB.
        let tall = decode_png(include_bytes!("../../tests/fixtures/images/tall.png")).unwrap();
        assert_eq!((tall.channels, &tall.color[..3]), (3, &[200u8, 60, 60][..]));
    }

    #[test]
    fn damaged_pngs_are_refused() {
        let badge = include_bytes!("../../tests/fixtures/images/badge.png");
        let mut damaged = badge.to_vec();
        damaged[80..90].fill(0xAA);
        assert!(ImageData::parse(damaged).is_err());
        assert!(ImageData::parse(badge[..100].to_vec()).is_err());
    }

    #[test]
    fn anything_else_is_refused() {
        assert!(ImageData::parse(b"GIF89a....".to_vec()).is_err());
        assert!(ImageData::parse(b"\x89PNG\r\n\x1a\nnot really".to_vec()).is_err());
        assert!(ImageData::parse(Vec::new()).is_err());
    }
}

//! Images the writers can embed: the bytes of a PNG or JPEG file as read,
//! with what its header says (kind, size in pixels, resolution), or an SVG
//! file parsed by usvg and written back out clean (see [`parse_svg`]).
//!
//! Loading them is `assets.rs`'s job (the only step that reads files);
//! writers get them through `WriteOptions::images`, keyed by the URL as it
//! is written in the tree, and never look at the file system.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

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

/// Text that begins (after a byte-order mark and white space) with `<`: an
/// XML document, so perhaps an SVG.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// Parses an SVG with usvg and writes it back out: what usvg's tree cannot
/// hold is gone from the copy the writers get — scripts, event attributes
/// (`onload` …), `foreignObject`, links, and text as text (it becomes
/// paths in the vendored fonts). Nothing outside the file is ever read: an
/// `<image>` may only embed a PNG or JPEG as a `data:` URI; a reference to a
/// file, a URL or any other data is dropped, and said in `removed`. A
/// broken or hostile file is an `Err`, never a panic.
fn parse_svg(bytes: &[u8]) -> Result<ImageData, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "the SVG is not UTF-8 text".to_owned())?;
    let removed = hostile_parts(text)?;
    let options = usvg::Options {
        resources_dir: None,
        font_family: "Inter".to_owned(),
        fontdb: svg_fonts(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|mime, data, _| embedded_raster(mime, data)),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let tree = usvg::Tree::from_str(text, &options)?;
        let cleaned = tree.to_string(&usvg::WriteOptions::default());
        Ok::<_, usvg::Error>((tree, cleaned))
    }));
    let (tree, cleaned) = match parsed {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => return Err(format!("the SVG cannot be read ({e})")),
        Err(_) => return Err("the SVG cannot be read".to_owned()),
    };
    let size = tree.size();
    Ok(ImageData {
        bytes: cleaned.into_bytes(),
        kind: ImageKind::Svg,
        width_px: size.width().ceil().max(1.0) as u32,
        height_px: size.height().ceil().max(1.0) as u32,
        dpi: None,
        jpeg_color: None,
        svg: Some(Arc::new(tree)),
        removed,
    })
}

/// A `data:` image inside an SVG, if it is a PNG or JPEG (by its bytes,
/// whatever its MIME type says); anything else is not drawn.
fn embedded_raster(mime: &str, data: Arc<Vec<u8>>) -> Option<usvg::ImageKind> {
    let _ = mime;
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(usvg::ImageKind::PNG(data))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(usvg::ImageKind::JPEG(data))
    } else {
        None
    }
}

/// What of an SVG the cleaned copy leaves out and its author may want to
/// know: scripts, event attributes, `foreignObject`, and every reference
/// that is not to the file itself (`#id`) or an embedded PNG or JPEG.
fn hostile_parts(text: &str) -> Result<Vec<String>, String> {
    let options = usvg::roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let xml = usvg::roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("the SVG is not well-formed XML ({e})"))?;
    let (mut scripts, mut foreign) = (false, false);
    let (mut events, mut references): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let add = |list: &mut Vec<String>, item: String| {
        if !list.contains(&item) {
            list.push(item);
        }
    };
    for node in xml.descendants().filter(|n| n.is_element()) {
        match node.tag_name().name() {
            "script" => scripts = true,
            "foreignObject" => foreign = true,
            _ => {}
        }
        for attr in node.attributes() {
            let name = attr.name();
            if name.len() > 2 && name[..2].eq_ignore_ascii_case("on") {
                add(&mut events, format!("`{name}`"));
            } else if name == "href" {
                let value = attr.value().trim();
                let lower = value.to_ascii_lowercase();
                let embedded = node.tag_name().name() == "image"
                    && ["data:image/png", "data:image/jpeg", "data:image/jpg"]
                        .iter()
                        .any(|m| lower.starts_with(m));
                if !value.starts_with('#') && !embedded {
                    let shown: String = value.chars().take(60).collect();
                    add(&mut references, format!("`{shown}`"));
                }
            }
        }
    }
    let mut removed = Vec::new();
    if scripts {
        removed.push("scripts".to_owned());
    }
    if !events.is_empty() {
        removed.push(format!("event attributes ({})", events.join(", ")));
    }
    if foreign {
        removed.push("`foreignObject`".to_owned());
    }
    if !references.is_empty() {
        let more = references.len().saturating_sub(4);
        references.truncate(4);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        removed.push(format!("references ({}{tail})", references.join(", ")));
    }
    Ok(removed)
}

/// The vendored fonts as a usvg font database, built once: text in an SVG
/// is set in Inter (sans-serif, and any family not here), DejaVu Sans
/// (serif, the fallback) and DejaVu Sans Mono (monospace).
fn svg_fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: std::sync::OnceLock<Arc<usvg::fontdb::Database>> = std::sync::OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for face in crate::fonts::VENDORED {
                db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
            }
            db.set_sans_serif_family("Inter");
            db.set_serif_family("DejaVu Sans");
            db.set_monospace_family("DejaVu Sans Mono");
            db.set_cursive_family("Inter");
            db.set_fantasy_family("Inter");
            Arc::new(db)
        })
        .clone()
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
        let badge = include_bytes!("../tests/fixtures/images/badge.png");
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
        let wide = include_bytes!("../tests/fixtures/images/wide.png");
        let image = ImageData::parse(wide.to_vec()).unwrap();
        assert!((image.natural_size_pt().0 - 720.0).abs() < 1.0);
        let raster = decode_png(wide).unwrap();
        assert_eq!((raster.channels, raster.color.len()), (1, 100 * 20));
        assert!(raster.alpha.is_none());
        // A palette becomes RGB.
        let tall = decode_png(include_bytes!("../tests/fixtures/images/tall.png")).unwrap();
        assert_eq!((tall.channels, &tall.color[..3]), (3, &[200u8, 60, 60][..]));
    }

    #[test]
    fn damaged_pngs_are_refused() {
        let badge = include_bytes!("../tests/fixtures/images/badge.png");
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

#[cfg(test)]
mod svg_tests {
    use super::*;

    #[test]
    fn svgs_are_sized_and_cleaned() {
        let logo = include_bytes!("../tests/fixtures/images/logo.svg");
        let image = ImageData::parse(logo.to_vec()).unwrap();
        assert_eq!(image.kind, ImageKind::Svg);
        assert_eq!(image.natural_size_pt(), (150.0, 60.0));
        assert!(image.removed.is_empty(), "{:?}", image.removed);
        let cleaned = String::from_utf8(image.bytes).unwrap();
        assert!(cleaned.starts_with("<svg") && !cleaned.contains("<text"));

        let hostile = include_bytes!("../tests/fixtures/images/hostile.svg");
        let image = ImageData::parse(hostile.to_vec()).unwrap();
        let cleaned = String::from_utf8(image.bytes.clone()).unwrap();
        for bad in [
            "script",
            "alert",
            "onload",
            "onclick",
            "foreignObject",
            "href",
            "passwd",
        ] {
            assert!(!cleaned.contains(bad), "{bad} in {cleaned}");
        }
        let removed = image.removed.join(", ");
        for said in [
            "scripts",
            "`onload`",
            "`onclick`",
            "`onmouseover`",
            "`foreignObject`",
            "`../../etc/passwd`",
            "`file:///etc/passwd`",
            "`https://example.com/tracker.png`",
            "and 2 more",
        ] {
            assert!(removed.contains(said), "{said} not in {removed}");
        }
    }

    #[test]
    fn broken_svgs_are_refused_not_panicked_on() {
        for bad in [
            &b"<svg"[..],
            b"<html><body>not svg</body></html>",
            b"<svg xmlns='http://www.w3.org/2000/svg' width='0' height='0'/>",
            b"<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'><!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'><!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'><!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'>]><svg xmlns='http://www.w3.org/2000/svg'><text>&g;&g;&g;</text></svg>",
            b"\xEF\xBB\xBF  <svg xmlns='http://www.w3.org/2000/svg'>\xFF</svg>",
        ] {
            assert!(ImageData::parse(bad.to_vec()).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        // A self-referencing <use> is dropped, not followed for ever.
        let looped = b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='10' height='10'><g id='g'><use xlink:href='#g'/></g><rect width='5' height='5'/></svg>";
        assert!(ImageData::parse(looped.to_vec()).is_ok());
    }
}

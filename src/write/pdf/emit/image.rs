//! Images as PDF image XObjects, each distinct file embedded once.
//!
//! A JPEG goes in as it is, with `/Filter /DCTDecode`: no decoding, no
//! loss, and the smallest file. A PNG is decoded to 8-bit gray or RGB
//! samples, its alpha channel apart as a soft mask (`/SMask`, which is how
//! PDF draws transparency), each flate-compressed after PNG row filters as
//! a PNG is (`/Predictor 15`): without them a gradient barely shrinks.

use crate::error::{Error, Result};
use crate::image::{decode_png, Flated, ImageData, ImageKind, Images, JpegColor};
use crate::write::pdf::page::{Item, Laid};
use printpdf::{
    DictItem, ExternalStream, ExternalXObject, Op, PdfDocument, Pt, Px, XObject, XObjectId,
    XObjectTransform,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Adds an XObject for every image the pages draw and returns each URL's
/// XObject. Names (`Im1`, `Im2`, …) follow the order of first use, so
/// rebuilds are byte-identical; URLs naming the same bytes share one.
pub fn embed(
    pdf: &mut PdfDocument,
    laid: &Laid,
    images: &Images,
) -> Result<BTreeMap<String, XObjectId>> {
    let mut ids: BTreeMap<String, XObjectId> = BTreeMap::new();
    let mut embedded: Vec<(Arc<ImageData>, XObjectId)> = Vec::new();
    for item in laid.pages.iter().flat_map(|page| &page.items) {
        let Item::Image { key, .. } = item else {
            continue;
        };
        if ids.contains_key(key.as_str()) {
            continue;
        }
        let Some(data) = images.get(key) else {
            continue;
        };
        let same = embedded
            .iter()
            .find(|(other, _)| Arc::ptr_eq(other, data) || other.bytes == data.bytes);
        let id = match same {
            Some((_, id)) => id.clone(),
            None => {
                let id = XObjectId(format!("Im{}", embedded.len() + 1));
                let xobject = xobject(data).map_err(|reason| {
                    Error::Write(format!("the image `{key}` cannot be embedded: {reason}"))
                })?;
                pdf.resources
                    .xobjects
                    .map
                    .insert(id.clone(), XObject::External(xobject));
                embedded.push((data.clone(), id.clone()));
                id
            }
        };
        ids.insert(key.clone(), id);
    }
    Ok(ids)
}

/// Draws an image into the box (x, y from the bottom left, w, h) in PDF
/// points. The alt text goes in the marked-content property list (`/Span
/// <</Alt …>>`), where assistive technology finds it and text extraction
/// and the printed page do not.
pub fn draw(ops: &mut Vec<Op>, id: &XObjectId, (x, y, w, h): (f64, f64, f64, f64), alt: &str) {
    let alt = alt.trim();
    if !alt.is_empty() {
        let mut map = BTreeMap::new();
        map.insert("Alt".to_owned(), text(alt));
        ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".to_owned(),
            properties: DictItem::Dict { map },
        });
    }
    // An image fills the unit square: scale it to the box, then move it.
    ops.push(Op::UseXobject {
        id: id.clone(),
        transform: XObjectTransform {
            translate_x: Some(Pt(x as f32)),
            translate_y: Some(Pt(y as f32)),
            scale_x: Some(w as f32),
            scale_y: Some(h as f32),
            no_auto_scale: true,
            ..Default::default()
        },
    });
    if !alt.is_empty() {
        ops.push(Op::EndMarkedContent);
    }
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a BOM.
fn text(s: &str) -> DictItem {
    if s.is_ascii() {
        DictItem::String {
            data: s.as_bytes().to_vec(),
            literal: true,
        }
    } else {
        let mut data = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            data.extend(unit.to_be_bytes());
        }
        DictItem::String {
            data,
            literal: false,
        }
    }
}

fn name(n: &str) -> DictItem {
    DictItem::Name(n.as_bytes().to_vec())
}

/// The dictionary every image XObject starts from.
fn image_dict(width: u32, height: u32, color_space: &str) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), DictItem::Int(width.into())),
        ("Height".to_owned(), DictItem::Int(height.into())),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
        ("ColorSpace".to_owned(), name(color_space)),
    ])
}

fn xobject(data: &ImageData) -> std::result::Result<ExternalXObject, String> {
    let (width, height) = (data.width_px, data.height_px);
    let stream = match data.kind {
        ImageKind::Jpeg => {
            let color = data.jpeg_color.unwrap_or(JpegColor::Rgb);
            let space = match color {
                JpegColor::Gray => "DeviceGray",
                JpegColor::Rgb => "DeviceRGB",
                JpegColor::Cmyk { .. } => "DeviceCMYK",
            };
            let mut dict = image_dict(width, height, space);
            dict.insert("Filter".to_owned(), name("DCTDecode"));
            if color == (JpegColor::Cmyk { inverted: true }) {
                let flip = [1, 0].repeat(4).into_iter().map(DictItem::Int).collect();
                dict.insert("Decode".to_owned(), DictItem::Array(flip));
            }
            // Already compressed: flate would only cost time.
            ExternalStream {
                dict,
                content: data.bytes.clone(),
                compress: false,
            }
        }
        ImageKind::Png => {
            let flated = data
                .flated
                .get_or_init(|| flate_png(&data.bytes))
                .as_ref()
                .map_err(Clone::clone)?;
            let space = if flated.channels == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            let (w, h) = (flated.width, flated.height);
            let mut stream =
                flate_stream(image_dict(w, h, space), &flated.color, w, flated.channels);
            if let Some(alpha) = &flated.alpha {
                let mask = flate_stream(image_dict(w, h, "DeviceGray"), alpha, w, 1);
                stream
                    .dict
                    .insert("SMask".to_owned(), DictItem::Stream { stream: mask });
            }
            stream
        }
    };
    Ok(ExternalXObject {
        stream,
        width: Some(Px(width as usize)),
        height: Some(Px(height as usize)),
        dpi: None,
    })
}

/// A PNG's samples, colour and alpha apart, each row-filtered as a PNG is
/// and flate-compressed.
fn flate_png(bytes: &[u8]) -> std::result::Result<Flated, String> {
    let raster = decode_png(bytes)?;
    let deflate = |samples: &[u8], channels: usize| {
        use std::io::Write;
        let stride = raster.width as usize * channels;
        let filtered = filter_rows(samples, stride, channels);
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing to a Vec cannot fail.
        let _ = encoder.write_all(&filtered);
        encoder.finish().unwrap_or_default()
    };
    Ok(Flated {
        width: raster.width,
        height: raster.height,
        channels: raster.channels,
        color: deflate(&raster.color, raster.channels as usize),
        alpha: raster.alpha.as_deref().map(|alpha| deflate(alpha, 1)),
    })
}

/// Flated samples as an image stream (`/FlateDecode`, `/Predictor 15`).
fn flate_stream(
    mut dict: BTreeMap<String, DictItem>,
    content: &[u8],
    width: u32,
    channels: u8,
) -> ExternalStream {
    dict.insert("Filter".to_owned(), name("FlateDecode"));
    dict.insert(
        "DecodeParms".to_owned(),
        DictItem::Dict {
            map: BTreeMap::from([
                ("Predictor".to_owned(), DictItem::Int(15)),
                ("Colors".to_owned(), DictItem::Int(channels.into())),
                ("BitsPerComponent".to_owned(), DictItem::Int(8)),
                ("Columns".to_owned(), DictItem::Int(width.into())),
            ]),
        },
    );
    ExternalStream {
        dict,
        content: content.to_vec(),
        compress: false,
    }
}

/// Each row prefixed by the PNG filter (none, sub, up, average, Paeth) that
/// leaves the smallest sum of absolute values: libpng's heuristic.
fn filter_rows(samples: &[u8], stride: usize, bpp: usize) -> Vec<u8> {
    let rows = samples.len() / stride.max(1);
    let mut out = Vec::with_capacity(samples.len() + rows);
    let zero = vec![0u8; stride];
    let mut candidate = vec![0u8; stride];
    let mut best = vec![0u8; stride];
    for r in 0..rows {
        let row = &samples[r * stride..(r + 1) * stride];
        let up = if r == 0 {
            &zero[..]
        } else {
            &samples[(r - 1) * stride..r * stride]
        };
        let mut best_kind = 0u8;
        let mut best_cost = u64::MAX;
        for kind in 0..5u8 {
            for i in 0..stride {
                let a = if i >= bpp { row[i - bpp] } else { 0 };
                let b = up[i];
                let c = if i >= bpp { up[i - bpp] } else { 0 };
                let predicted = match kind {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((a as u16 + b as u16) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                candidate[i] = row[i].wrapping_sub(predicted);
            }
            let cost = candidate
                .iter()
                .map(|&v| (v as i8).unsigned_abs() as u64)
                .sum();
            if cost < best_cost {
                best_cost = cost;
                best_kind = kind;
                best.copy_from_slice(&candidate);
            }
        }
        out.push(best_kind);
        out.extend_from_slice(&best);
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = a as i16 + b as i16 - c as i16;
    let (pa, pb, pc) = (
        (p - a as i16).abs(),
        (p - b as i16).abs(),
        (p - c as i16).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes the filters, as a PDF reader does.
    fn unfilter(data: &[u8], stride: usize, bpp: usize) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        for (r, row) in data.chunks(stride + 1).enumerate() {
            for i in 0..stride {
                let a = if i >= bpp {
                    out[r * stride + i - bpp]
                } else {
                    0
                };
                let b = if r > 0 { out[(r - 1) * stride + i] } else { 0 };
                let c = if r > 0 && i >= bpp {
                    out[(r - 1) * stride + i - bpp]
                } else {
                    0
                };
                let predicted = match row[0] {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((a as u16 + b as u16) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                out.push(row[1 + i].wrapping_add(predicted));
            }
        }
        out
    }

    #[test]
    fn row_filters_round_trip() {
        let samples: Vec<u8> = (0..7 * 5 * 3).map(|i| (i * 37 % 251) as u8).collect();
        let filtered = filter_rows(&samples, 7 * 3, 3);
        assert_eq!(filtered.len(), samples.len() + 5);
        assert_eq!(unfilter(&filtered, 7 * 3, 3), samples);
        let gradient: Vec<u8> = (0..64u32 * 8).map(|i| (i % 64 * 4) as u8).collect();
        assert_eq!(unfilter(&filter_rows(&gradient, 64, 1), 64, 1), gradient);
    }
}

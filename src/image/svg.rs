//! SVG images: parsed with usvg, which keeps only what it can draw, and
//! written back out, so every format gets a clean copy; nothing outside the
//! file is read, and text is set in the vendored fonts.

use super::{ImageData, ImageKind};
use std::sync::Arc;

/// Text that begins (after a byte-order mark and white space) with `<`: an
/// XML document, so perhaps an SVG.
pub(super) fn looks_like_xml(bytes: &[u8]) -> bool {
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
pub(super) fn parse_svg(bytes: &[u8]) -> Result<ImageData, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "the SVG is not UTF-8 text".to_owned())?;
    let removed = hostile_parts(text)?;
    let options = usvg::Options {
        resources_dir: None,
        font_family: "Inter".to_owned(),
        fontdb: crate::fonts::vendored_database(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svgs_are_sized_and_cleaned() {
        let logo = include_bytes!("../../tests/fixtures/images/logo.svg");
        let image = ImageData::parse(logo.to_vec()).unwrap();
        assert_eq!(image.kind, ImageKind::Svg);
        assert_eq!(image.natural_size_pt(), (150.0, 60.0));
        assert!(image.removed.is_empty(), "{:?}", image.removed);
        let cleaned = String::from_utf8(image.bytes).unwrap();
        assert!(cleaned.starts_with("<svg") && !cleaned.contains("<text"));

        let hostile = include_bytes!("../../tests/fixtures/images/hostile.svg");
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

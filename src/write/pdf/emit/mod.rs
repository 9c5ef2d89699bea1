//! Laid-out pages → PDF bytes. The only module that knows printpdf (and
//! lopdf, which printpdf writes through): fonts, images (image.rs), content
//! streams, then a pass over the object tree for what printpdf cannot say — borderless links, a nested
//! outline, /Lang, honest metadata, no PDF/X claim, and a /ID derived from
//! the content so identical input gives identical bytes.

mod compress;
mod fonts;
mod image;

use super::font::Fonts;
use super::page::{Item, Laid, Rgb, Target};
use crate::doc::Document;
use crate::error::{Error, Result};
use crate::write::WriteOptions;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, Color, FontId, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a glyph is drawn: page, item of the page, glyph of the run.
type GlyphUse = (usize, usize, usize);

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// A stable six-letter subset tag per face, so rebuilds are byte-identical.
fn font_id(face: usize) -> FontId {
    let a = (b'A' + (face / 26 % 26) as u8) as char;
    let b = (b'A' + (face % 26) as u8) as char;
    FontId(format!("QUIR{a}{b}"))
}

/// The PDF of the laid pages. Each page's items are dropped as soon as its
/// operators are made, so a long document is not held twice.
pub fn emit(
    mut laid: Laid,
    fonts: &Fonts,
    doc: &Document,
    options: &WriteOptions,
) -> Result<Vec<u8>> {
    let title = doc.meta.title.clone().unwrap_or_default();
    let mut pdf = PdfDocument::new(&title);
    // Only the faces that draw something are embedded, each cut down to the
    // glyphs it draws.
    let mut used: BTreeMap<usize, BTreeSet<u16>> = BTreeMap::new();
    // printpdf maps each glyph to the text of its last use (ToUnicode), so
    // only that use need carry its text: not a string for every glyph.
    let mut last_use: HashMap<(usize, u16), GlyphUse> = HashMap::new();
    for (n, page) in laid.pages.iter().enumerate() {
        for (i, item) in page.items.iter().enumerate() {
            if let Item::Text(run) = item {
                if !drawn(run) {
                    continue;
                }
                let gids = used.entry(run.face).or_default();
                for (k, (_, g)) in run.glyphs.iter().enumerate() {
                    gids.insert(g.gid);
                    last_use.insert((run.face, g.gid), (n, i, k));
                }
            }
        }
    }
    let mut subsets: BTreeMap<usize, std::sync::Arc<fonts::Subset>> = BTreeMap::new();
    for (&face, gids) in &used {
        let subset = fonts::subset(fonts.faces[face], gids).map_err(|e| {
            Error::Write(format!("font {face} cannot be subset for embedding: {e}"))
        })?;
        pdf.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(subset.parsed.clone()));
        subsets.insert(face, subset);
    }
    let xobjects = image::embed(&mut pdf, &laid, &options.images)?;
    let h = laid.height;
    let mut pages = Vec::new();
    for (n, page) in laid.pages.iter_mut().enumerate() {
        let items = std::mem::take(&mut page.items);
        let mut ops = Vec::new();
        // Runs in a row share one text object, and the font and colour are
        // set only when they change: (face, size, colour) while in one.
        let mut open_text: Option<(usize, f64, Rgb)> = None;
        for (i, item) in items.iter().enumerate() {
            if !matches!(item, Item::Text(_)) && open_text.take().is_some() {
                ops.push(Op::EndTextSection);
            }
            match item {
                Item::Image {
                    x,
                    y,
                    w,
                    h: ih,
                    key,
                    alt,
                } => {
                    if let Some(id) = xobjects.get(key.as_str()) {
                        let place = (*x, h - y - ih, *w, *ih);
                        image::draw(&mut ops, id, place, alt);
                    }
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    color: c,
                } => {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(*x as f32),
                            y: Pt((h - y - rh) as f32),
                            width: Pt(*w as f32),
                            height: Pt(*rh as f32),
                            mode: Some(PaintMode::Fill),
                            winding_order: None,
                        },
                    });
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color: c,
                } => {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(*width as f32),
                    });
                    let p = |x: f64, y: f64| LinePoint {
                        p: Point {
                            x: Pt(x as f32),
                            y: Pt((h - y) as f32),
                        },
                        bezier: false,
                    };
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![p(*x1, *y1), p(*x2, *y2)],
                            is_closed: false,
                        },
                    });
                }
                Item::Text(run) if !drawn(run) => {}
                Item::Text(run) => {
                    if open_text.is_none() {
                        ops.push(Op::StartTextSection);
                    }
                    if open_text.is_none_or(|(face, size, _)| (face, size) != (run.face, run.size))
                    {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_id(run.face)),
                            size: Pt(run.size as f32),
                        });
                    }
                    if open_text.is_none_or(|(_, _, c)| c != run.color) {
                        ops.push(Op::SetFillColor {
                            col: color(run.color),
                        });
                    }
                    open_text = Some((run.face, run.size, run.color));
                    let carries_text =
                        |k: usize, gid: u16| last_use.get(&(run.face, gid)) == Some(&(n, i, k));
                    ops.extend(show_run(run, h, &subsets[&run.face], carries_text));
                }
            }
        }
        if open_text.is_some() {
            ops.push(Op::EndTextSection);
        }
        pages.push(PdfPage::new(
            printpdf::Mm::from(Pt(laid.width as f32)),
            printpdf::Mm::from(Pt(h as f32)),
            ops,
        ));
    }
    pdf.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    // Subset fonts are named `TAG+PostScriptName` (ISO 32000 9.6.4); printpdf
    // names them by the bare font id.
    let names: BTreeMap<Vec<u8>, Vec<u8>> = subsets
        .keys()
        .map(|&face| {
            let tag = font_id(face).0;
            let full = format!("{tag}+{}", fonts.faces[face].postscript_name);
            (tag.into_bytes(), full.into_bytes())
        })
        .collect();
    finish(&mut lo, &laid, doc, options, &names)?;
    compress::compress(&mut lo);
    // The /ID is a hash of the file written with a zero /ID, put in its
    // place (the same length, so no offset moves).
    let zero = Object::String(vec![0u8; 16], StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![zero.clone(), zero]));
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| Error::Write(format!("the PDF cannot be written: {e}")))?;
    let id: String = digest(&out).iter().map(|b| format!("{b:02X}")).collect();
    let placeholder = format!("<{}><{}>", "0".repeat(32), "0".repeat(32));
    let at = find_last(&out, placeholder.as_bytes())
        .ok_or_else(|| Error::Write("the PDF's /ID could not be set".to_owned()))?;
    out[at..at + placeholder.len()].copy_from_slice(format!("<{id}><{id}>").as_bytes());
    Ok(out)
}

/// Does the run show anything? A zero size (from a layout's scale) draws
/// nothing, and its TJ numbers would divide by zero.
fn drawn(run: &super::page::Run) -> bool {
    run.size.is_finite() && run.size > 0.0
}

/// Where `needle` last occurs in `haystack`.
fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A run as one text matrix at its first glyph and one `TJ` of all its
/// glyphs, the number after each moving the pen from where the glyph's
/// width leaves it to where the layout put the next (kerning, justified
/// spaces). One operator per glyph, as before, made a page's operators
/// the bulk of a long document's memory.
fn show_run(
    run: &super::page::Run,
    page_height: f64,
    subset: &fonts::Subset,
    carries_text: impl Fn(usize, u16) -> bool,
) -> [Op; 2] {
    let x0 = run.glyphs.first().map_or(0.0, |(x, _)| *x);
    let em = |x: f64| (x - x0) * 1000.0 / run.size;
    let codepoints = run
        .glyphs
        .iter()
        .enumerate()
        .map(|(i, (x, g))| {
            let gid = subset.remap[&g.gid];
            // In hundredths: float noise would write a number after every glyph.
            let offset = match run.glyphs.get(i + 1) {
                Some((next, _)) => {
                    ((em(*x) + subset.widths[&gid] - em(*next)) * 100.0).round() / 100.0
                }
                None => 0.0,
            };
            let cid = (!g.text.is_empty() && carries_text(i, g.gid)).then(|| g.text.to_string());
            Codepoint {
                gid,
                offset: offset as f32,
                cid,
            }
        })
        .collect();
    [
        Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x0 as f32), Pt((page_height - run.baseline) as f32)),
        },
        Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints)],
        },
    ]
}

/// 16 bytes of FNV-1a over the data, in two lanes.
fn digest(data: &[u8]) -> [u8; 16] {
    let mut a: u64 = 0xcbf29ce484222325;
    let mut b: u64 = 0x84222325cbf29ce4;
    for &byte in data {
        a = (a ^ byte as u64).wrapping_mul(0x100000001b3);
        b = (b ^ (byte as u64).rotate_left(3))
            .wrapping_mul(0x100000001b3)
            .rotate_left(7);
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a BOM.
fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` from a Unix time.
fn pdf_date(epoch: i64) -> String {
    let date = crate::date::date_from_epoch(epoch).replace('-', "");
    let secs = epoch.rem_euclid(86_400);
    format!(
        "D:{date}{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// `YYYY-MM-DD…` → `D:YYYYMMDD000000Z`.
fn meta_date(date: &str) -> Option<String> {
    let d: Vec<&str> = date.get(..10)?.split('-').collect();
    if d.len() == 3 && d.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) && d[0].len() == 4 {
        Some(format!("D:{}{}{}000000Z", d[0], d[1], d[2]))
    } else {
        None
    }
}

fn finish(
    lo: &mut lopdf::Document,
    laid: &Laid,
    doc: &Document,
    options: &WriteOptions,
    font_names: &BTreeMap<Vec<u8>, Vec<u8>>,
) -> Result<()> {
    let meta = &doc.meta;
    // Metadata: replace printpdf's Info (which claims PDF/X) with ours.
    let mut info = Dictionary::new();
    if let Some(t) = &meta.title {
        info.set("Title", text(t));
    }
    if !meta.authors.is_empty() {
        info.set("Author", text(&meta.authors.join(", ")));
    }
    if let Some(d) = meta.description.as_deref().filter(|d| !d.trim().is_empty()) {
        info.set("Subject", text(d));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text(&meta.keywords.join(", ")));
    }
    info.set("Creator", text("quire"));
    info.set(
        "Producer",
        text(concat!("quire ", env!("CARGO_PKG_VERSION"))),
    );
    let date = options
        .epoch
        .map(pdf_date)
        .or_else(|| meta.date.as_deref().and_then(meta_date));
    if let Some(date) = date {
        info.set(
            "CreationDate",
            Object::String(date.clone().into_bytes(), StringFormat::Literal),
        );
        info.set(
            "ModDate",
            Object::String(date.into_bytes(), StringFormat::Literal),
        );
    }
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));

    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    let h = laid.height;
    // Where each heading id lives.
    let mut anchors: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (n, page) in laid.pages.iter().enumerate() {
        for a in &page.anchors {
            anchors.entry(a.id.as_str()).or_insert((n, a.y));
        }
    }
    let dest = |page: usize, y: f64| -> Object {
        Object::Array(vec![
            Object::Reference(page_ids[page.min(page_ids.len() - 1)]),
            Object::Name(b"XYZ".to_vec()),
            Object::Integer(0),
            Object::Real((h - y + 4.0) as f32),
            Object::Null,
        ])
    };
    for object in lo.objects.values_mut() {
        if let Object::Dictionary(dict) = object {
            for key in [&b"BaseFont"[..], b"FontName"] {
                if let Ok(Object::Name(name)) = dict.get_mut(key) {
                    if let Some(full) = font_names.get(name.as_slice()) {
                        *name = full.clone();
                    }
                }
            }
        }
    }
    // printpdf stores page sizes in f32 millimetres (612 pt comes back as
    // 612.001); the box is written again in exact points.
    let media_box = Object::Array(
        [0.0, 0.0, laid.width, h]
            .iter()
            .map(|v| Object::Real(*v as f32))
            .collect(),
    );
    for &page_id in &page_ids {
        if let Ok(page) = lo.get_dictionary_mut(page_id) {
            page.set("MediaBox", media_box.clone());
            page.remove(b"TrimBox");
            page.remove(b"CropBox");
        }
    }
    // Links: borderless annotations.
    for (n, page) in laid.pages.iter().enumerate() {
        let Some(&page_id) = page_ids.get(n) else {
            continue;
        };
        let mut annots = Vec::new();
        for link in &page.links {
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(
                    [link.x, h - link.y - link.h, link.x + link.w, h - link.y]
                        .iter()
                        .map(|v| Object::Real(*v as f32))
                        .collect(),
                ),
            );
            a.set(
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            );
            a.set("P", Object::Reference(page_id));
            match &link.target {
                Target::Uri(uri) => {
                    let mut action = Dictionary::new();
                    action.set("S", Object::Name(b"URI".to_vec()));
                    action.set(
                        "URI",
                        Object::String(uri.as_bytes().to_vec(), StringFormat::Literal),
                    );
                    a.set("A", Object::Dictionary(action));
                }
                Target::Anchor(id) => match anchors.get(id.as_str()) {
                    Some(&(p, y)) => a.set("Dest", dest(p, y)),
                    None => continue,
                },
            }
            annots.push(Object::Reference(lo.add_object(a)));
        }
        if annots.is_empty() {
            continue;
        }
        if let Ok(Object::Dictionary(d)) = lo.get_object_mut(page_id) {
            d.set("Annots", Object::Array(annots));
        }
    }
    // The outline, nested by heading level in document order.
    let outline_id = if laid.outline.is_empty() || page_ids.is_empty() {
        None
    } else {
        Some(outline(lo, laid, &dest))
    };
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(|r| r.as_reference())
        .map_err(|e| Error::Write(format!("PDF without a catalog: {e}")))?;
    if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(root) {
        cat.remove(b"OutputIntents");
        cat.remove(b"Metadata");
        cat.remove(b"Outlines");
        cat.set("Lang", text(meta.lang.as_deref().unwrap_or("en")));
        match outline_id {
            Some(id) => {
                cat.set("Outlines", Object::Reference(id));
                cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
            None => cat.set("PageMode", Object::Name(b"UseNone".to_vec())),
        }
    }
    lo.prune_objects();
    Ok(())
}

fn outline(lo: &mut lopdf::Document, laid: &Laid, dest: &dyn Fn(usize, f64) -> Object) -> ObjectId {
    let root_id = lo.new_object_id();
    let entries = &laid.outline;
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry of a lower level.
    let mut parent: Vec<Option<usize>> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut d = Dictionary::new();
        d.set("Title", text(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map(|p| ids[p]).unwrap_or(root_id)),
        );
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[f]));
            d.set("Last", Object::Reference(ids[l]));
            d.set("Count", Object::Integer(kids.len() as i64));
        }
        d.set("Dest", dest(e.page, e.y));
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        root.set("First", Object::Reference(ids[f]));
        root.set("Last", Object::Reference(ids[l]));
    }
    root.set("Count", Object::Integer(entries.len() as i64));
    lo.objects.insert(root_id, Object::Dictionary(root));
    root_id
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::pdf_date(0), "D:19700101000000Z");
        assert_eq!(super::pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(
            super::meta_date("2024-05-01").as_deref(),
            Some("D:20240501000000Z")
        );
    }
}

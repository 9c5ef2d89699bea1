//! Laid-out pages → PDF bytes, through krilla: the only module that knows
//! it. Glyphs are drawn as the typesetter shaped them (krilla subsets the
//! faces and maps each glyph to its text), images (image.rs), borderless
//! links, the outline nested by heading level, and the structure tree
//! (tags.rs): every piece of content is either in it or an artifact. The
//! standards a layout or the command line asks for (standard.rs) are
//! checked by krilla at export; what it refuses is an error naming the
//! source line where the tree knows it.

mod image;
mod standard;
mod tags;

pub use standard::parse as parse_standard;

use super::font::Fonts;
use super::page::{Item, Laid, Mark, Rgb, Run, Target};
use crate::doc::Document;
use crate::error::{Error, Result};
use crate::write::WriteOptions;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target as LinkTarget};
use krilla::color::rgb;
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as Pdf, SerializeSettings};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};

/// The PDF of the laid pages, to the standards of `standard` (a list such
/// as `ua-1,a-2b`; empty for none). Each page's items are dropped once
/// drawn, so a long document is not held twice.
pub fn emit(
    mut laid: Laid,
    fonts: &Fonts,
    doc: &Document,
    options: &WriteOptions,
    standard: &str,
) -> Result<Vec<u8>> {
    let configuration = standard::parse(standard)?;
    let ua = standard::is_ua(&configuration);
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        xmp_metadata: false,
        ..Default::default()
    };
    let mut pdf = Pdf::new_with(settings);
    let mut faces: Vec<Option<Font>> = vec![None; fonts.faces.len()];
    let mut images = image::Images::new(&options.images);
    let mut tree = tags::Tree::new(&laid.tags);
    // The text of each link, for its description.
    let link_text = tags::link_text(&laid);
    let h = laid.height;
    // Where each heading id lives.
    let mut anchors: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for (n, page) in laid.pages.iter().enumerate() {
        for a in &page.anchors {
            anchors.entry(a.id.clone()).or_insert((n, a.y));
        }
    }
    let size = krilla::geom::Size::from_wh(laid.width as f32, h as f32)
        .ok_or_else(|| Error::Write("the page size is not a size".to_owned()))?;
    for page in &mut laid.pages {
        let items = std::mem::take(&mut page.items);
        let mut out = pdf.start_page_with(PageSettings::new(size));
        let mut surface = out.surface();
        // Items in a row with one mark and language share one
        // marked-content sequence.
        let mut open: Option<(Mark, Option<&str>)> = None;
        for item in &items {
            let (mark, lang) = (item.mark(), item.lang());
            if open != Some((mark, lang)) {
                if open.is_some() {
                    surface.end_tagged();
                }
                let id = surface.start_tagged(content_tag(mark, lang));
                if let Mark::Node(n) = mark {
                    tree.add(n, id);
                }
                open = Some((mark, lang));
            }
            draw(&mut surface, item, fonts, &mut faces, &mut images, &tree)?;
        }
        if open.is_some() {
            surface.end_tagged();
        }
        surface.finish();
        for link in &page.links {
            let Some(rect) = Rect::from_xywh(
                link.x as f32,
                link.y as f32,
                link.w.max(0.1) as f32,
                link.h.max(0.1) as f32,
            ) else {
                continue;
            };
            let (target, fallback) = match &link.target {
                Target::Uri(uri) => (
                    LinkTarget::Action(Action::Link(LinkAction::new(uri.clone()))),
                    uri.clone(),
                ),
                Target::Anchor(id) => match anchors.get(id.as_str()) {
                    Some(&(p, y)) => (
                        LinkTarget::Destination(Destination::Xyz(XyzDestination::new(
                            p,
                            Point::from_xy(0.0, (y - 4.0).max(0.0) as f32),
                        ))),
                        format!("#{id}"),
                    ),
                    None => continue,
                },
            };
            let text = match link.mark {
                Mark::Node(n) => link_text.get(&n).cloned(),
                _ => None,
            }
            .filter(|t| !t.is_empty());
            let description = match (text, link.mark) {
                (Some(text), _) => text,
                // A link that draws no text (a linked image) is described
                // by its image's alt text, else its address.
                (None, Mark::Node(n)) => {
                    let alt = tags::figure_alt(&laid.tags, n).unwrap_or(fallback);
                    tree.describe(n, alt.clone());
                    alt
                }
                (None, _) => fallback,
            };
            let annotation =
                Annotation::new_link(LinkAnnotation::new(rect, target), Some(description));
            // Every tagged annotation needs its place in the tree.
            match link.mark {
                Mark::Node(n) => tree.add(n, out.add_tagged_annotation(annotation)),
                _ => out.add_annotation(annotation),
            }
        }
        out.finish();
    }
    let title = document_title(doc);
    let mut outline = Outline::new();
    for node in outline_nodes(&laid) {
        outline.push_child(node);
    }
    if laid.outline.is_empty() && ua && !laid.pages.is_empty() {
        // PDF/UA asks for an outline: a document without headings has one
        // entry, its title.
        if let Some(t) = &title {
            let dest = XyzDestination::new(0, Point::from_xy(0.0, 0.0));
            outline.push_child(OutlineNode::new(t.clone(), dest));
        }
    }
    pdf.set_outline(outline);
    pdf.set_metadata(metadata(doc, options, title));
    pdf.set_tag_tree(tree.finish(doc.meta.lang.as_deref().unwrap_or("en")));
    let bytes = pdf
        .finish()
        .map_err(|e| standard::error(e, &laid.tags, standard));
    comemo::evict(REMEMBERED_PDFS);
    bytes
}

/// Forgets everything krilla remembers from earlier PDFs. It knows a
/// font by a summary of it (its length, checksum field, metrics and name),
/// not its bytes: a font file changed in place by a tool that keeps that
/// checksum would otherwise be drawn as it was.
pub fn forget_remembered() {
    comemo::evict(0);
}

/// How many PDFs back krilla's remembered subsets, glyph bounds and pages
/// are kept (each made PDF ages them by one; a use makes one young again):
/// what a batch's template shares stays, each record's own goes after a
/// hundred records, so a batch of any length holds a bounded amount (5,000
/// briefs: 64 MB at most; 93 MB when nothing is forgotten, 60 MB when
/// nothing was remembered).
const REMEMBERED_PDFS: usize = 100;

/// The document's title: the front matter's, else the name the build gave
/// it, else its first heading's.
fn document_title(doc: &Document) -> Option<String> {
    doc.meta
        .title
        .clone()
        .or_else(|| doc.meta.name.clone())
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            doc.blocks.iter().find_map(|b| match b {
                crate::doc::Block::Heading { content, .. } => {
                    let t = crate::doc::plain_text(content);
                    (!t.trim().is_empty()).then(|| t.trim().to_owned())
                }
                _ => None,
            })
        })
}

fn content_tag(mark: Mark, lang: Option<&str>) -> ContentTag<'_> {
    match mark {
        Mark::Node(_) => ContentTag::Span(SpanTag::empty().with_lang(lang)),
        Mark::Header => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Header)),
        Mark::Footer => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)),
        Mark::Artifact => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)),
    }
}

fn color(c: Rgb) -> krilla::color::Color {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(byte(c.0), byte(c.1), byte(c.2)).into()
}

fn draw(
    surface: &mut Surface<'_>,
    item: &Item,
    fonts: &Fonts,
    faces: &mut [Option<Font>],
    images: &mut image::Images<'_>,
    tree: &tags::Tree,
) -> Result<()> {
    match item {
        Item::Text(run) => draw_run(surface, run, fonts, faces),
        Item::Rect {
            x,
            y,
            w,
            h,
            color: c,
        } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x as f32, *y as f32, *w as f32, *h as f32) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill {
                    paint: color(*c).into(),
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
            Ok(())
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color: c,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1 as f32, *y1 as f32);
            path.line_to(*x2 as f32, *y2 as f32);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(*c).into(),
                    width: *width as f32,
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
            Ok(())
        }
        Item::Image {
            x,
            y,
            w,
            h,
            key,
            mark,
            ..
        } => {
            if let Mark::Node(n) = mark {
                surface.set_location(tree.location(*n));
            }
            images.draw(surface, key, (*x, *y, *w, *h))?;
            surface.reset_location();
            Ok(())
        }
    }
}

/// A run as krilla glyphs: each glyph's advance is the distance to the next
/// glyph's pen position (kerning and justification included), its offsets
/// the shaper's, and its text range its cluster's: the glyphs of a cluster
/// share one range, so krilla maps them to the cluster's text together
/// (and wraps them in `ActualText` where one glyph cannot stand for it
/// alone: a cluster of several glyphs, marks reordered before their base,
/// a glyph standing for different text elsewhere), as Typst's PDF export
/// does.
fn draw_run(
    surface: &mut Surface<'_>,
    run: &Run,
    fonts: &Fonts,
    faces: &mut [Option<Font>],
) -> Result<()> {
    // A zero size (from a layout's scale) draws nothing.
    if !(run.size.is_finite() && run.size > 0.0) || run.glyphs.is_empty() {
        return Ok(());
    }
    let font = match &faces[run.face] {
        Some(font) => font.clone(),
        None => {
            let font = font(fonts.faces[run.face].data, fonts.faces[run.face].index)
                .ok_or_else(|| Error::Write(format!("font {} cannot be embedded", run.face)))?;
            faces[run.face] = Some(font.clone());
            font
        }
    };
    let mut text = String::new();
    let mut glyphs = Vec::with_capacity(run.glyphs.len());
    let mut range = 0..0;
    for (k, (x, g)) in run.glyphs.iter().enumerate() {
        // A run that begins inside a cluster (its mark in another face, or
        // another colour) begins with the whole cluster's text.
        let starts = if k == 0 { &g.cluster } else { &g.text };
        if !starts.is_empty() {
            let start = text.len();
            text.push_str(starts);
            range = start..text.len();
        }
        let advance = match run.glyphs.get(k + 1) {
            Some((next, _)) => (next - x) / run.size,
            None => g.advance,
        };
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(g.gid.into()),
            advance as f32,
            g.x_offset as f32,
            g.y_offset as f32,
            0.0,
            range.clone(),
            None,
        ));
    }
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: color(run.color).into(),
        ..Default::default()
    }));
    let start = Point::from_xy(run.glyphs[0].0 as f32, run.baseline as f32);
    surface.draw_glyphs(start, &glyphs, font, &text, run.size as f32, false);
    Ok(())
}

/// The krilla font of a face's bytes, made once per process (it hashes the
/// whole font program): faces live as long as the process, so their
/// address names them.
fn font(data: &'static [u8], index: u32) -> Option<Font> {
    static MADE: Mutex<Vec<((usize, u32), Font)>> = Mutex::new(Vec::new());
    let key = (data.as_ptr() as usize, index);
    let lock = || MADE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, font)) = lock().iter().find(|(k, _)| *k == key) {
        return Some(font.clone());
    }
    let font = Font::new(data.into(), index)?;
    lock().push((key, font.clone()));
    Some(font)
}

/// The outline, nested by heading level in document order.
fn outline_nodes(laid: &Laid) -> Vec<OutlineNode> {
    let entries = &laid.outline;
    // Each entry's children: the entries after it of a deeper level, up to
    // the next of its own level or above.
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut top = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
            stack.pop();
        }
        match stack.last() {
            Some(&p) => kids[p].push(i),
            None => top.push(i),
        }
        stack.push(i);
    }
    fn build(i: usize, laid: &Laid, kids: &[Vec<usize>]) -> OutlineNode {
        let e = &laid.outline[i];
        let dest = XyzDestination::new(e.page, Point::from_xy(0.0, (e.y - 4.0).max(0.0) as f32));
        let mut node = OutlineNode::new(e.title.clone(), dest).with_open(true);
        for &k in &kids[i] {
            node.push_child(build(k, laid, kids));
        }
        node
    }
    top.into_iter().map(|i| build(i, laid, &kids)).collect()
}

fn metadata(doc: &Document, options: &WriteOptions, title: Option<String>) -> Metadata {
    let meta = &doc.meta;
    let mut m = Metadata::new()
        .creator("quire".to_owned())
        .producer(concat!("quire ", env!("CARGO_PKG_VERSION")).to_owned())
        .language(meta.lang.clone().unwrap_or_else(|| "en".to_owned()));
    if let Some(t) = title {
        m = m.title(t);
    }
    if !meta.authors.is_empty() {
        m = m.authors(meta.authors.clone());
    }
    if let Some(d) = meta.description.as_deref().filter(|d| !d.trim().is_empty()) {
        m = m.description(d.to_owned());
    }
    if !meta.keywords.is_empty() {
        m = m.keywords(meta.keywords.clone());
    }
    let date = options
        .epoch
        .map(|epoch| {
            let day = crate::date::date_from_epoch(epoch);
            (day, epoch.rem_euclid(86_400))
        })
        .or_else(|| meta.date.as_deref().map(|d| (d.to_owned(), 0)));
    if let Some(date) = date.and_then(|(day, secs)| date_time(&day, secs)) {
        m = m.creation_date(date);
    }
    m.document_id(document_id(doc))
}

/// `YYYY-MM-DD…` and seconds into the day → a UTC date.
fn date_time(day: &str, secs: i64) -> Option<DateTime> {
    let d: Vec<&str> = day.get(..10)?.split('-').collect();
    let [y, mo, da] = d.as_slice() else {
        return None;
    };
    let (y, mo, da) = (y.parse().ok()?, mo.parse().ok()?, da.parse().ok()?);
    Some(
        DateTime::new(y)
            .month(mo)
            .day(da)
            .hour((secs / 3600) as u8)
            .minute((secs % 3600 / 60) as u8)
            .second((secs % 60) as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// The document's `/ID`: a hash of its content, so the same input gives
/// the same bytes and another gives another id.
fn document_id(doc: &Document) -> String {
    let mut hasher = Fnv::default();
    let _ = write!(hasher, "{:?}{:?}{:?}", doc.meta, doc.blocks, doc.notes);
    let (a, b) = (hasher.a, hasher.b);
    format!("{a:016x}{b:016x}")
}

/// FNV-1a in two lanes, fed through `fmt::Write`.
struct Fnv {
    a: u64,
    b: u64,
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv {
            a: 0xcbf29ce484222325,
            b: 0x84222325cbf29ce4,
        }
    }
}

impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for &byte in s.as_bytes() {
            self.a = (self.a ^ byte as u64).wrapping_mul(0x100000001b3);
            self.b = (self.b ^ (byte as u64).rotate_left(3))
                .wrapping_mul(0x100000001b3)
                .rotate_left(7);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert!(super::date_time("2024-05-01", 0).is_some());
        assert!(super::date_time("2024-05", 0).is_none());
        assert!(super::date_time("soon", 0).is_none());
    }
}

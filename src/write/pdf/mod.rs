//! tree → PDF: the typesetter. font.rs shapes, lines.rs breaks paragraphs,
//! flow.rs (with list.rs, table.rs and figure.rs for images) turns blocks
//! into chunks, paginate.rs stacks them into pages (page.rs, plain data,
//! with the structure tree marks.rs keeps as the flow draws), and emit/ —
//! the only module that knows krilla — writes the bytes.

mod align;
mod bidi;
mod code;
mod contents;
mod draw;
mod dump;
mod emit;
mod figure;
mod flow;
mod font;
mod hyphen;
mod lines;
mod links;
mod list;
mod marks;
mod math;
mod matter;
mod page;
mod paginate;
mod script_space;
mod spans;
mod table;

use crate::diag::Diagnostic;
use crate::doc::{Document, Inline};
use crate::error::Result;
use crate::image::LOGO_KEY;
use crate::layout::Layout;
use crate::write::context::TemplateContext;
use crate::write::{WriteOptions, Written};
use flow::{Chunk, Colors, Flow};
use font::Fonts;
use page::{Item, Laid, Mark, Rgb};
use paginate::{paginate, Geometry};

/// No type is set smaller than this (pt), whatever a layout asks.
const MIN_SIZE_PT: f64 = 4.0;
/// Fitting to `max_pages` shrinks the type in quarter points and the
/// leading a hundredth per step, the leading never below this.
const FIT_STEP_PT: f64 = 0.25;
const FIT_LEADING_STEP: f64 = 0.01;
const FIT_LEADING_MIN: f64 = 1.25;
/// A figure leaves room in its column for a heading or a few lines, so it
/// is never parted from the heading that introduces it.
const FIGURE_COLUMN_SHARE: f64 = 0.85;
/// Space between the title block and the body (em), the accent rule
/// halfway down it, and the rule's weight (pt).
const TITLE_GAP_EM: f64 = 1.2;
const TITLE_RULE_AT_EM: f64 = 0.5;
const TITLE_RULE_PT: f64 = 1.2;
/// Running headers and footers: small type (pt), centred in the margin.
const RUNNING_SIZE_PT: f64 = 7.5;
const RUNNING_AT_MARGIN_SHARE: f64 = 0.5;

/// Page size in points for a paper name: ISO 216's A4 (210 × 297 mm) and
/// A5 (148 × 210 mm) at 72 / 25.4 points a millimetre, US Legal
/// (8.5 × 14 in) and, for any other name, US Letter (8.5 × 11 in).
fn paper(name: &str) -> (f64, f64) {
    match name.trim().to_ascii_lowercase().as_str() {
        "a4" => (595.276, 841.89),
        "a5" => (419.528, 595.276),
        "legal" => (612.0, 1008.0),
        _ => (612.0, 792.0),
    }
}

fn colors(layout: &Layout) -> Colors {
    let c = &layout.style.colors;
    let rgb = |color: crate::layout::Color| {
        let (r, g, b) = color.unit();
        Rgb(r, g, b)
    };
    Colors {
        text: rgb(c.text),
        accent: rgb(c.accent),
        muted: rgb(c.muted),
        rule: rgb(c.rule),
        shade: rgb(c.shade),
    }
}

pub fn write(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<Written> {
    let options = &with_logo(layout, options);
    let standard = options
        .pdf_standard
        .as_deref()
        .unwrap_or(&layout.style.pdf_standard);
    // A standard that does not exist fails before any typesetting.
    emit::parse_standard(standard)?;
    let (laid, mut fonts) = lay_out(doc, layout, options)?;
    // Characters no face could draw were skipped; the caller warns.
    Ok(Written {
        bytes: emit::emit(laid, &fonts, doc, options, standard)?,
        missing_chars: std::mem::take(&mut fonts.missing),
    })
}

pub use emit::forget_remembered;

/// Whether the PDF can hyphenate text in `lang` (BCP 47): a language
/// without embedded patterns is set without hyphenation.
pub fn hyphenates(lang: &str) -> bool {
    hyphen::has_patterns(lang)
}

/// The laid-out pages as text (`dump.rs`), for snapshots of what the PDF
/// draws, without writing a PDF.
pub fn pages_text(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<String> {
    let options = &with_logo(layout, options);
    let (laid, _) = lay_out(doc, layout, options)?;
    Ok(dump::dump(&laid))
}

/// The options with the layout's logo among the images.
fn with_logo<'a>(layout: &Layout, options: &'a WriteOptions) -> std::borrow::Cow<'a, WriteOptions> {
    match &layout.logo {
        Some(logo) => {
            let mut own = options.clone();
            own.images.insert(LOGO_KEY.to_owned(), logo.clone());
            std::borrow::Cow::Owned(own)
        }
        None => std::borrow::Cow::Borrowed(options),
    }
}

/// The pages, fitted to the most the layout or the options allow.
fn lay_out(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<(Laid, Fonts)> {
    let mut fonts = Fonts::load(layout, options.project_fonts.faces())?;
    fonts.system = !options.no_system_fonts;
    fonts.lang = doc.meta.lang.clone().unwrap_or_default();
    let style = &layout.style;
    let max_pages = options.max_pages.or(style.max_pages);
    let (size, leading) = (style.size.max(MIN_SIZE_PT), style.leading.max(1.0));
    let min_size = style.min_size.min(size).max(MIN_SIZE_PT);
    let mut laid = typeset(doc, layout, options, &mut fonts, size, leading)?;
    if let Some(max) = max_pages.filter(|&max| laid.pages.len() > max as usize) {
        // Shrink size and leading together in quarter points, down to the
        // layout's minimum: the largest step that fits, found by bisection
        // (fewer pages as the type gets smaller), each step one typesetting.
        let steps = ((size - min_size) / FIT_STEP_PT).floor() as u32;
        let at = |step: u32| {
            (
                size - FIT_STEP_PT * step as f64,
                (leading - FIT_LEADING_STEP * step as f64).max(leading.min(FIT_LEADING_MIN)),
            )
        };
        let fits = |laid: &Laid| laid.pages.len() <= max as usize;
        let (s, l) = at(steps);
        let smallest = typeset(doc, layout, options, &mut fonts, s, l)?;
        if !fits(&smallest) {
            let name = doc
                .meta
                .title
                .clone()
                .unwrap_or_else(|| "the document".to_owned());
            return Err(Diagnostic::error(
                "quire",
                format!(
                    "{name} needs {} pages even at the minimum size of {min_size}pt, but at most {max} {} allowed",
                    smallest.pages.len(),
                    if max == 1 { "is" } else { "are" }
                ),
            )
            .hint("shorten the text, raise `max_pages` or `--max-pages`, or lower `min_size` in the layout")
            .into());
        }
        // Invariant: step `lo` does not fit, step `hi` does.
        let (mut lo, mut hi) = (0, steps);
        laid = smallest;
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            let (s, l) = at(mid);
            let candidate = typeset(doc, layout, options, &mut fonts, s, l)?;
            if fits(&candidate) {
                hi = mid;
                laid = candidate;
            } else {
                lo = mid;
            }
        }
    }
    Ok((laid, fonts))
}

fn typeset(
    doc: &Document,
    layout: &Layout,
    options: &WriteOptions,
    fonts: &mut Fonts,
    size: f64,
    leading: f64,
) -> Result<Laid> {
    let style = &layout.style;
    let (pw, ph) = paper(options.paper.as_deref().unwrap_or(&style.page.size));
    let m = &style.page.margin;
    let columns = style.columns.max(1) as usize;
    let text_width = (pw - m.left - m.right).max(72.0);
    let column_width =
        ((text_width - style.column_gap * (columns as f64 - 1.0)) / columns as f64).max(36.0);
    let column_height = (ph - m.top - m.bottom).max(72.0);
    let mut flow = Flow {
        fonts,
        style,
        size,
        leading,
        colors: colors(layout),
        chunks: Vec::new(),
        headers: Vec::new(),
        list_depth: 0,
        images: &options.images,
        image_height: column_height * FIGURE_COLUMN_SHARE,
        lift_images: false,
        tags: Default::default(),
        mark: Mark::Artifact,
        link_node: None,
        align: crate::doc::Align::None,
        equations: crate::transform::equations::Equations::of(doc),
        last_formula: None,
    };
    // The title block across the full width of page 1.
    let title = matter::title_block(&mut flow, doc, text_width);
    let title_h: f64 = title.iter().map(|c| c.before + c.h).sum();
    let first_offset = if title.is_empty() {
        0.0
    } else {
        title_h + size * TITLE_GAP_EM
    };
    flow.chunks.clear();
    flow.blocks(&doc.blocks, 0.0, column_width, &[]);
    matter::signature(&mut flow, doc, column_width);
    matter::notes(&mut flow, doc, column_width);
    let geometry = Geometry {
        left: m.left,
        top: m.top,
        column_width,
        column_height,
        columns,
        gap: style.column_gap,
        first_offset,
    };
    let rule = flow.colors.rule;
    let entries = contents_entries(doc, layout);
    let (mut pages, outline) = if entries.is_empty() {
        paginate(
            std::mem::take(&mut flow.chunks),
            &flow.headers,
            &geometry,
            rule,
        )
    } else {
        // Set twice: the first pass finds the page of every heading, and the
        // numbered contents have the same lines, so nothing moves.
        let body = std::mem::take(&mut flow.chunks);
        let mut chunks = contents::chunks(&mut flow, &entries, &[], column_width);
        let count = chunks.len();
        chunks.extend(body);
        let measured = chunks.iter().map(Chunk::measure).collect();
        let (first, _) = paginate(measured, &flow.headers, &geometry, rule);
        let numbered = contents::chunks(&mut flow, &entries, &first, column_width);
        chunks.splice(0..count, numbered);
        paginate(chunks, &flow.headers, &geometry, rule)
    };
    // Place the title block.
    if let Some(first) = pages.first_mut() {
        // Before the body in the content stream, so that the text reads in
        // order (pdftotext, screen readers, copy and paste).
        let mut head = Vec::new();
        let mut y = m.top;
        for chunk in &title {
            y += chunk.before;
            for item in &chunk.items {
                let mut item = item.clone();
                item.shift(m.left, y);
                head.push(item);
            }
            for link in &chunk.links {
                let mut link = link.clone();
                link.x += m.left;
                link.y += y;
                first.links.push(link);
            }
            y += chunk.h;
        }
        if !title.is_empty() {
            let ry = m.top + title_h + size * TITLE_RULE_AT_EM;
            head.push(Item::Line {
                x1: m.left,
                y1: ry,
                x2: m.left + text_width,
                y2: ry,
                width: TITLE_RULE_PT,
                color: flow.colors.accent,
            });
        }
        first.items.splice(0..0, head);
    }
    // Header and footer on every page.
    let values = TemplateContext::new(doc, layout, options, String::new()).values();
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        let extra = [("page", (n + 1).to_string()), ("pages", total.to_string())];
        for (what, source, y) in [
            ("header", &style.header, m.top * RUNNING_AT_MARGIN_SHARE),
            (
                "footer",
                &style.footer,
                ph - m.bottom * RUNNING_AT_MARGIN_SHARE,
            ),
        ] {
            if source.trim().is_empty() {
                continue;
            }
            let text = layout.render_str(what, source, &values, &extra)?;
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let mut base = flow.base_style(RUNNING_SIZE_PT);
            base.color = flow.colors.muted;
            let s = flow.settings(text_width, false, false);
            let (lines, styles) = flow.set(&[Inline::text(text)], &base, &s);
            if let Some(line) = lines.first() {
                let mut chunk = Chunk::default();
                flow.mark = if what == "header" {
                    Mark::Header
                } else {
                    Mark::Footer
                };
                flow.draw_line(line, &styles, m.left, y, &mut chunk);
                page.items.extend(chunk.items);
            }
        }
    }
    Ok(Laid {
        width: pw,
        height: ph,
        pages,
        outline,
        tags: std::mem::take(&mut flow.tags),
    })
}

/// The headings the contents list (`toc: true`), down to `toc_depth`;
/// none when the layout asks for no contents or there is one heading only.
fn contents_entries(doc: &Document, layout: &Layout) -> Vec<crate::doc::TocEntry> {
    if !layout.style.toc {
        return Vec::new();
    }
    let entries: Vec<_> = crate::doc::toc(doc)
        .into_iter()
        .filter(|e| e.level <= layout.style.toc_depth && !e.text.trim().is_empty())
        .collect();
    if entries.len() < 2 {
        return Vec::new();
    }
    entries
}

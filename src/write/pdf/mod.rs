//! tree → PDF: the typesetter. font.rs shapes, lines.rs breaks paragraphs,
//! flow.rs (with list.rs, table.rs and figure.rs for images) turns blocks
//! into chunks, paginate.rs stacks them into pages (page.rs, plain data,
//! with the structure tree marks.rs keeps as the flow draws), and emit/ —
//! the only module that knows krilla — writes the bytes.

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
mod page;
mod paginate;
mod spans;
mod table;

use crate::diag::Diagnostic;
use crate::doc::{Document, Inline, Item as ListItem};
use crate::error::Result;
use crate::image::LOGO_KEY;
use crate::layout::Layout;
use crate::write::context::TemplateContext;
use crate::write::{WriteOptions, Written};
use flow::{Chunk, Colors, Flow};
use font::Fonts;
use page::{Item, Kind, Laid, Mark, Rgb};
use paginate::{paginate, Geometry};

/// Page size in points for a paper name.
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
    let mut fonts = Fonts::load(layout, &options.project_fonts)?;
    fonts.system = !options.no_system_fonts;
    fonts.lang = doc.meta.lang.clone().unwrap_or_default();
    let style = &layout.style;
    let max_pages = options.max_pages.or(style.max_pages);
    let (size, leading) = (style.size.max(4.0), style.leading.max(1.0));
    let min_size = style.min_size.min(size).max(4.0);
    let mut laid = typeset(doc, layout, options, &mut fonts, size, leading)?;
    if let Some(max) = max_pages.filter(|&max| laid.pages.len() > max as usize) {
        // Shrink size and leading together in quarter points, down to the
        // layout's minimum: the largest step that fits, found by bisection
        // (fewer pages as the type gets smaller), each step one typesetting.
        let steps = ((size - min_size) / 0.25).floor() as u32;
        let at = |step: u32| {
            (
                size - 0.25 * step as f64,
                (leading - 0.01 * step as f64).max(leading.min(1.25)),
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
        // A figure leaves room in its column for a heading or a few lines,
        // so it is never parted from the heading that introduces it.
        image_height: column_height * 0.85,
        lift_images: false,
        tags: Default::default(),
        mark: Mark::Artifact,
        link_node: None,
    };
    // The title block across the full width of page 1.
    let title = title_block(&mut flow, doc, text_width);
    let title_h: f64 = title.iter().map(|c| c.before + c.h).sum();
    let first_offset = if title.is_empty() {
        0.0
    } else {
        title_h + size * 1.2
    };
    flow.chunks.clear();
    flow.blocks(&doc.blocks, 0.0, column_width, &[]);
    signature(&mut flow, doc, column_width);
    notes(&mut flow, doc, column_width);
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
            let ry = m.top + title_h + size * 0.5;
            head.push(Item::Line {
                x1: m.left,
                y1: ry,
                x2: m.left + text_width,
                y2: ry,
                width: 1.2,
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
            ("header", &style.header, m.top * 0.5),
            ("footer", &style.footer, ph - m.bottom * 0.5),
        ] {
            if source.trim().is_empty() {
                continue;
            }
            let text = layout.render_str(what, source, &values, &extra)?;
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let mut base = flow.base_style(7.5);
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

fn title_block(flow: &mut Flow, doc: &Document, width: f64) -> Vec<Chunk> {
    flow.chunks.clear();
    let Some(title) = doc.meta.title.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Vec::new();
    };
    letter_head(flow, doc, width);
    let size = flow.size * flow.style.title_scale.max(1.0);
    let mut base = flow.base_style(size);
    base.variant.role = font::Role::Heading;
    base.variant.bold = true;
    base.hyphenate = false;
    let s = flow.settings(width, false, false);
    let (lines, styles) = flow.set(&[Inline::text(title)], &base, &s);
    let before = if flow.chunks.is_empty() {
        0.0
    } else {
        flow.size * 1.5
    };
    let outer = flow.open(Kind::Heading {
        level: 1,
        title: title.trim().to_owned(),
    });
    flow.push_lines(&lines, &styles, 0.0, size * 1.15, size, before);
    flow.close(outer);
    if let Some(sub) = doc
        .meta
        .subtitle
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        let mut base = flow.base_style(flow.size * 1.25);
        base.color = flow.colors.muted;
        let (lines, styles) = flow.set(&[Inline::text(sub)], &base, &s);
        let outer = flow.open(Kind::Paragraph);
        flow.push_lines(
            &lines,
            &styles,
            0.0,
            flow.size * 1.25 * 1.35,
            flow.size * 1.25,
            flow.size * 0.3,
        );
        flow.close(outer);
    }
    std::mem::take(&mut flow.chunks)
}

/// A letter's head, above the title: the layout's sender block and the
/// date flush right in small type, then the front matter's `recipient:`.
fn letter_head(flow: &mut Flow, doc: &Document, width: f64) {
    let sender = &flow.style.letterhead;
    let logo = flow.images.get(LOGO_KEY).map(|image| {
        let (w, h) = image.natural_size_pt();
        let height = flow.style.logo_height.max(8.0);
        (w * height / h.max(1e-6), height)
    });
    if !sender.is_empty() {
        let mut lines: Vec<String> = sender.clone();
        if let Some(date) = &doc.meta.date {
            lines.push(String::new());
            lines.push(date.clone());
        }
        let mut base = flow.base_style(flow.size * 0.82);
        base.color = flow.colors.muted;
        base.hyphenate = false;
        let settings = flow.settings(width * 0.6, false, false);
        let lh = base.size * 1.35;
        for text in lines {
            let (set, styles) = flow.set(&links::with_mail_links(&text), &base, &settings);
            let outer = flow.open(Kind::Paragraph);
            for line in &set {
                let mut chunk = Chunk {
                    h: lh,
                    baseline: (lh - base.size) / 2.0 + base.size * 0.8,
                    keep: true,
                    ..Default::default()
                };
                flow.draw_line(
                    line,
                    &styles,
                    width - line.width,
                    chunk.baseline,
                    &mut chunk,
                );
                flow.chunks.push(chunk);
            }
            flow.close(outer);
        }
    }
    if let Some((w, h)) = logo {
        // Top left, level with the sender block, which it may outgrow.
        let image = Item::Image {
            x: 0.0,
            y: 0.0,
            w,
            h,
            key: LOGO_KEY.to_owned(),
            mark: Mark::Artifact,
        };
        if flow.chunks.is_empty() {
            flow.chunks.push(Chunk {
                keep: true,
                ..Default::default()
            });
        }
        let sender_h: f64 = flow.chunks.iter().map(|c| c.h).sum();
        flow.chunks[0].items.push(image);
        if let Some(last) = flow.chunks.last_mut() {
            last.h += (h - sender_h).max(0.0);
        }
    }
    let recipient = doc.meta.lines("recipient");
    if !recipient.is_empty() {
        let base = flow.base_style(flow.size);
        let settings = flow.settings(width * 0.6, false, false);
        let before = if flow.chunks.is_empty() {
            0.0
        } else {
            flow.size * 1.5
        };
        for (i, text) in recipient.into_iter().enumerate() {
            let (lines, styles) = flow.set(&links::with_mail_links(&text), &base, &settings);
            let before = if i == 0 { before } else { 0.0 };
            let outer = flow.open(Kind::Paragraph);
            flow.push_lines(&lines, &styles, 0.0, flow.lh(), flow.size, before);
            flow.close(outer);
        }
    }
}

/// A letter's signature, after the body: the front matter's `signature:`
/// lines, the first set apart from the closing words above it.
fn signature(flow: &mut Flow, doc: &Document, width: f64) {
    let lines = doc.meta.lines("signature");
    let base = flow.base_style(flow.size);
    let settings = flow.settings(width, false, false);
    let count = lines.len();
    // Never alone on a page: the closing words above go with it.
    if let (true, Some(last)) = (count > 0, flow.chunks.last_mut()) {
        last.keep = true;
    }
    for (i, text) in lines.into_iter().enumerate() {
        let (set, styles) = flow.set(&[Inline::text(text)], &base, &settings);
        let before = if i == 0 { flow.size * 2.5 } else { 0.0 };
        let outer = flow.open(Kind::Paragraph);
        let first = flow.push_lines(&set, &styles, 0.0, flow.lh(), flow.size, before);
        flow.close(outer);
        // A signature is never split across pages.
        if i + 1 < count {
            for chunk in &mut flow.chunks[first..] {
                chunk.keep = true;
            }
        }
    }
}

fn notes(flow: &mut Flow, doc: &Document, width: f64) {
    if doc.notes.is_empty() {
        return;
    }
    let h = flow.size * 1.5;
    let mut rule = Chunk {
        h,
        before: flow.size,
        keep: true,
        ..Default::default()
    };
    rule.items.push(Item::Line {
        x1: 0.0,
        y1: h / 2.0,
        x2: width * 0.3,
        y2: h / 2.0,
        width: 0.6,
        color: flow.colors.rule,
    });
    flow.chunks.push(rule);
    let (size, leading) = (flow.size, flow.leading);
    flow.size = size * 0.85;
    flow.leading = leading.min(1.35);
    for (i, note) in doc.notes.iter().enumerate() {
        let first = flow.chunks.len();
        let item = ListItem {
            task: None,
            blocks: note.blocks.clone(),
        };
        let outer = flow.open(Kind::Note);
        flow.blocks(
            &[crate::doc::Block::List {
                start: Some(i as u64 + 1),
                style: Default::default(),
                delimiter: Default::default(),
                tight: true,
                items: vec![item],
            }],
            0.0,
            width,
            &[],
        );
        flow.close(outer);
        if let Some(c) = flow.chunks.get_mut(first) {
            c.anchors.push(page::Anchor {
                id: format!("fn-{}", i + 1),
                y: 0.0,
            });
        }
    }
    flow.size = size;
    flow.leading = leading;
}

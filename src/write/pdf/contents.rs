//! The table of contents a layout asks for (`toc: true`): a "Contents"
//! label, then one line per heading down to `toc_depth`, its page number
//! flush right, the whole line a link to the heading.

use super::flow::{Chunk, Flow, STEP_DOWN};

// Measures of the contents, in em of the body size.

/// The column of page numbers: room for three digits.
const NUMBER_COLUMN_EM: f64 = 2.5;
/// The line the `CONTENTS` label takes.
const LABEL_LINE_EM: f64 = 1.6;
/// Each level below the top indents its entries this much more.
const LEVEL_INDENT_EM: f64 = 1.2;
/// Space above a top-level entry, grouping its sub-entries under it.
const TOP_ENTRY_BEFORE_EM: f64 = 0.35;
use super::page::{Kind, Page, Target};
use crate::doc::Inline;
use crate::doc::TocEntry;

/// The contents as chunks, numbered from `pages` (a first pass, in which
/// the contents had these same lines); without pages, placeholders of the
/// same height.
pub fn chunks(flow: &mut Flow, entries: &[TocEntry], pages: &[Page], width: f64) -> Vec<Chunk> {
    let top = entries.iter().map(|e| e.level).min().unwrap_or(1);
    let number_width = flow.size * NUMBER_COLUMN_EM;
    let mut chunks = Vec::new();

    let mut label = flow.base_style(flow.size * STEP_DOWN);
    label.variant.bold = true;
    label.color = flow.colors.muted;
    label.tracking = flow.style.caps_tracking;
    let settings = flow.settings(width, false, false);
    let (lines, styles) = flow.set(&[Inline::text("CONTENTS")], &label, &settings);
    let outer = flow.open(Kind::Paragraph);
    for line in &lines {
        let mut chunk = line_chunk(flow.size * LABEL_LINE_EM, flow.size);
        flow.draw_line(line, &styles, 0.0, chunk.baseline, &mut chunk);
        chunks.push(chunk);
    }
    flow.close(outer);
    let outer = flow.open(Kind::Contents);
    let toc = flow.mark;
    for entry in entries {
        flow.mark = flow.tags.open(Kind::ContentsItem, toc);
        let page = pages
            .iter()
            .position(|page| page.anchors.iter().any(|a| a.id == entry.id))
            .map_or_else(|| "0".to_owned(), |n| (n + 1).to_string());
        let indent = f64::from(entry.level - top) * flow.size * LEVEL_INDENT_EM;
        let mut base = flow.base_style(flow.size);
        base.variant.bold = entry.level == top;
        base.hyphenate = false;
        base.link = Some(Target::Anchor(entry.id.clone()));
        let settings = flow.settings(width - indent - number_width, false, false);
        let (lines, styles) = flow.set(&[Inline::text(entry.text.trim())], &base, &settings);
        let mut number_style = base.clone();
        number_style.variant.bold = false;
        let number_settings = flow.settings(number_width, false, false);
        let (numbers, number_styles) =
            flow.set(&[Inline::text(page)], &number_style, &number_settings);
        let before = if entry.level == top {
            flow.size * TOP_ENTRY_BEFORE_EM
        } else {
            0.0
        };
        for (i, line) in lines.iter().enumerate() {
            let mut chunk = line_chunk(flow.lh(), flow.size);
            chunk.before = if i == 0 { before } else { 0.0 };
            chunk.keep = i + 1 < lines.len();
            flow.draw_line(line, &styles, indent, chunk.baseline, &mut chunk);
            if i + 1 == lines.len() {
                if let Some(number) = numbers.first() {
                    let x = width - number.width;
                    flow.draw_line(number, &number_styles, x, chunk.baseline, &mut chunk);
                }
            }
            chunks.push(chunk);
        }
    }
    flow.close(outer);
    // The contents end with a gap before the body.
    if let Some(last) = chunks.last_mut() {
        last.h += flow.size;
    }
    chunks
}

fn line_chunk(height: f64, size: f64) -> Chunk {
    Chunk {
        h: height,
        baseline: (height - size) / 2.0 + size * super::flow::ASCENT,
        ..Default::default()
    }
}

//! The table of contents a layout asks for (`toc: true`): a "Contents"
//! label, then one line per heading down to `toc_depth`, its page number
//! flush right, the whole line a link to the heading.

use super::flow::{Chunk, Flow};
use super::page::{Kind, Page, Target};
use crate::doc::Inline;
use crate::doc::TocEntry;

/// The contents as chunks, numbered from `pages` (a first pass, in which
/// the contents had these same lines); without pages, placeholders of the
/// same height.
pub fn chunks(flow: &mut Flow, entries: &[TocEntry], pages: &[Page], width: f64) -> Vec<Chunk> {
    let top = entries.iter().map(|e| e.level).min().unwrap_or(1);
    let number_width = flow.size * 2.5;
    let mut chunks = Vec::new();

    let mut label = flow.base_style(flow.size * 0.86);
    label.variant.bold = true;
    label.color = flow.colors.muted;
    label.tracking = flow.style.caps_tracking;
    let settings = flow.settings(width, false, false);
    let (lines, styles) = flow.set(&[Inline::text("CONTENTS")], &label, &settings);
    let outer = flow.open(Kind::Paragraph);
    for line in &lines {
        let mut chunk = line_chunk(flow.size * 1.6, flow.size);
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
        let indent = f64::from(entry.level - top) * flow.size * 1.2;
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
            flow.size * 0.35
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
        baseline: (height - size) / 2.0 + size * 0.8,
        ..Default::default()
    }
}

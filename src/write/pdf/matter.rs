//! The matter around a document's body: its title block (a letter's head,
//! the title, the subtitle) before it, a letter's signature and the
//! footnotes after it.

use super::flow::{Chunk, Flow, ASCENT, RULE_WIDTH_PT};
use super::page::{self, Item, Kind, Mark};
use super::{font, links};
use crate::doc::{Document, Inline, Item as ListItem};
use crate::image::LOGO_KEY;

// Measures, in em of the body size unless they say otherwise.

/// The title's leading: display type, set tight.
const TITLE_LEADING: f64 = 1.15;
/// The subtitle: a step and a half up from the text, with text's leading,
/// close under the title.
const SUBTITLE_SCALE: f64 = 1.25;
const SUBTITLE_LEADING: f64 = 1.35;
const SUBTITLE_BEFORE_EM: f64 = 0.3;
/// A letter's sender block and date: small type, with text's leading.
const SENDER_SCALE: f64 = 0.82;
const SENDER_LEADING: f64 = 1.35;
/// The sender block and the recipient take this share of the width, as
/// an address on a letter does.
const ADDRESS_MEASURE: f64 = 0.6;
/// Space between the letter head, the recipient and the title.
const ADDRESS_GAP_EM: f64 = 1.5;
/// The logo is never drawn shorter than this (pt): a mark still legible.
const LOGO_MIN_HEIGHT_PT: f64 = 8.0;
/// Room above a signature to sign by hand.
const SIGNATURE_SPACE_EM: f64 = 2.5;
/// The notes' rule: the height it takes, and the share of the measure it
/// spans (the short rule that marks notes off in print).
const NOTES_RULE_SPACE_EM: f64 = 1.5;
const NOTES_RULE_SHARE: f64 = 0.3;
/// Notes are set smaller than the text, and no looser than this leading.
const NOTES_SCALE: f64 = 0.85;
const NOTES_LEADING_MAX: f64 = 1.35;

/// The title block: the letter head (when the layout has one), the title
/// and the subtitle, across the full width of page 1.
pub(super) fn title_block(flow: &mut Flow, doc: &Document, width: f64) -> Vec<Chunk> {
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
        flow.size * ADDRESS_GAP_EM
    };
    let outer = flow.open(Kind::Heading {
        level: 1,
        title: title.trim().to_owned(),
    });
    let first_chunk = flow.chunks.len();
    flow.push_lines(&lines, &styles, 0.0, size * TITLE_LEADING, size, before);
    flow.close(outer);
    // The first heading repeated the title and was left out: links to it
    // land on the title.
    if let (Some(id), Some(chunk)) = (&doc.meta.title_id, flow.chunks.get_mut(first_chunk)) {
        chunk.anchors.push(super::page::Anchor {
            id: id.clone(),
            y: 0.0,
        });
    }
    if let Some(sub) = doc
        .meta
        .subtitle
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        let mut base = flow.base_style(flow.size * SUBTITLE_SCALE);
        base.color = flow.colors.muted;
        let (lines, styles) = flow.set(&[Inline::text(sub)], &base, &s);
        let outer = flow.open(Kind::Paragraph);
        flow.push_lines(
            &lines,
            &styles,
            0.0,
            flow.size * SUBTITLE_SCALE * SUBTITLE_LEADING,
            flow.size * SUBTITLE_SCALE,
            flow.size * SUBTITLE_BEFORE_EM,
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
        let height = flow.style.logo_height.max(LOGO_MIN_HEIGHT_PT);
        (w * height / h.max(1e-6), height)
    });
    if !sender.is_empty() {
        let mut lines: Vec<String> = sender.clone();
        if let Some(date) = &doc.meta.date {
            lines.push(String::new());
            lines.push(date.clone());
        }
        let mut base = flow.base_style(flow.size * SENDER_SCALE);
        base.color = flow.colors.muted;
        base.hyphenate = false;
        let settings = flow.settings(width * ADDRESS_MEASURE, false, false);
        let lh = base.size * SENDER_LEADING;
        for text in lines {
            let (set, styles) = flow.set(&links::with_mail_links(&text), &base, &settings);
            let outer = flow.open(Kind::Paragraph);
            for line in &set {
                let mut chunk = Chunk {
                    h: lh,
                    baseline: (lh - base.size) / 2.0 + base.size * ASCENT,
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
        let settings = flow.settings(width * ADDRESS_MEASURE, false, false);
        let before = if flow.chunks.is_empty() {
            0.0
        } else {
            flow.size * ADDRESS_GAP_EM
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
pub(super) fn signature(flow: &mut Flow, doc: &Document, width: f64) {
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
        let before = if i == 0 {
            flow.size * SIGNATURE_SPACE_EM
        } else {
            0.0
        };
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

/// The footnotes, after a short rule, smaller and tighter than the text.
pub(super) fn notes(flow: &mut Flow, doc: &Document, width: f64) {
    if doc.notes.is_empty() {
        return;
    }
    let h = flow.size * NOTES_RULE_SPACE_EM;
    let mut rule = Chunk {
        h,
        before: flow.size,
        keep: true,
        ..Default::default()
    };
    rule.items.push(Item::Line {
        x1: 0.0,
        y1: h / 2.0,
        x2: width * NOTES_RULE_SHARE,
        y2: h / 2.0,
        width: RULE_WIDTH_PT,
        color: flow.colors.rule,
    });
    flow.chunks.push(rule);
    let (size, leading) = (flow.size, flow.leading);
    flow.size = size * NOTES_SCALE;
    flow.leading = leading.min(NOTES_LEADING_MAX);
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

//! Right-to-left text: a set line's pieces put in visual order by the
//! Unicode bidi algorithm (`unicode-bidi`), and a right-to-left paragraph
//! aligned to the right edge. Each glyph keeps its logical text, so text
//! extraction gives the words back; the shaper has already put a
//! right-to-left word's glyphs in visual order.

use super::lines::{Line, Piece, Settings, Span};
use unicode_bidi::{BidiInfo, Level};

/// Whether a character is of a right-to-left script (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko… and their presentation forms).
fn is_rtl(ch: char) -> bool {
    matches!(ch as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// What bidi needs to know about a paragraph: whether it has any
/// right-to-left text at all (most have none, and skip all of this), and
/// its base direction (that of its first strong character).
#[derive(Debug, Clone, Copy, Default)]
pub struct Direction {
    pub mixed: bool,
    pub rtl: bool,
}

fn paragraph(spans: &[Span]) -> Direction {
    let mixed = spans.iter().any(|s| s.text.chars().any(is_rtl));
    if !mixed {
        return Direction::default();
    }
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let rtl = unicode_bidi::get_base_direction(text.as_str()) == unicode_bidi::Direction::Rtl;
    Direction { mixed, rtl }
}

/// Puts each line of a paragraph in visual order.
pub fn reorder_lines(lines: &mut [Line], spans: &[Span], s: &Settings) {
    let direction = paragraph(spans);
    let count = lines.len();
    for (i, line) in lines.iter_mut().enumerate() {
        // Measuring widths (a table's columns) sets no flush right.
        let flush = (!s.justify || i + 1 == count) && s.width < 1e5;
        reorder(line, direction, s.width, flush);
    }
}

/// Puts a line's pieces in visual order (the spaces between them kept in
/// their order along the line) and, for a right-to-left paragraph's line
/// that is not justified, moves it to the right edge of `width`.
fn reorder(line: &mut Line, direction: Direction, width: f64, flush: bool) {
    if !direction.mixed || line.pieces.is_empty() {
        return;
    }
    line.rtl = direction.rtl;
    // The line's text, each piece's start in it.
    let mut text = String::new();
    let mut starts = Vec::with_capacity(line.pieces.len());
    for (_, piece) in &line.pieces {
        starts.push(text.len());
        for (_, g) in &piece.glyphs {
            text.push_str(&g.text);
        }
        text.push(' ');
    }
    let base = if direction.rtl {
        Level::rtl()
    } else {
        Level::ltr()
    };
    let info = BidiInfo::new(&text, Some(base));
    let levels: Vec<Level> = starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).copied().unwrap_or(text.len()) - 1;
            // An empty piece (a hyphen has text, a space none) takes its
            // paragraph's level.
            if end > start {
                info.levels[start]
            } else {
                base
            }
        })
        .collect();
    let order = BidiInfo::reorder_visual(&levels);
    let gaps: Vec<f64> = line
        .pieces
        .windows(2)
        .map(|w| w[1].0 - (w[0].0 + w[0].1.width))
        .collect();
    let first = line.pieces[0].0;
    let mut pieces: Vec<Option<Piece>> = std::mem::take(&mut line.pieces)
        .into_iter()
        .map(|(_, p)| Some(p))
        .collect();
    let mut x = first;
    let mut placed = Vec::with_capacity(pieces.len());
    for (k, &logical) in order.iter().enumerate() {
        let Some(piece) = pieces[logical].take() else {
            continue;
        };
        let w = piece.width;
        placed.push((x, piece));
        x += w + gaps.get(k).copied().unwrap_or(0.0);
    }
    if direction.rtl && flush {
        let shift = (width - line.width).max(0.0);
        for (x, _) in &mut placed {
            *x += shift;
        }
    }
    line.pieces = placed;
}

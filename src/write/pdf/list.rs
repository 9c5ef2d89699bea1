//! Lists: markers (bullets by depth, numbers, task boxes) hung in the
//! margin beside each item's blocks.

use super::flow::{Chunk, Flow, BASELINE_SHARE};
use super::font::{Role, Variant};
use super::page::{Item, Kind, Mark, Run};
use crate::doc::{Delim, ListStyle};

// Measures of lists, in em of the body size.

/// The space between a number and its item's text.
const NUMBER_GAP_EM: f64 = 0.95;
/// A numbered item's indent at least: a two-digit number's (`10.`) and
/// its gap, so items 9 and 10 line up.
const NUMBER_INDENT_MIN_EM: f64 = 1.74;
/// The number's right edge short of the text: it hangs clear of it.
const NUMBER_HANG_EM: f64 = 0.45;
/// A bulleted item's indent, and where its bullet stands in it.
const BULLET_INDENT_EM: f64 = 1.25;
const BULLET_AT_EM: f64 = 0.2;
/// The space between a tight list's items (a loose one has the blocks').
const TIGHT_GAP_EM: f64 = 0.3;

impl Flow<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list(
        &mut self,
        (start, style, delimiter): (Option<u64>, ListStyle, Delim),
        tight: bool,
        items: &[crate::doc::Item],
        x: f64,
        width: f64,
        bars: &[f64],
        gap: f64,
    ) {
        // Numbered labels in their style and delimiters, `(a)`, `iv.`, `3)`.
        let labels: Vec<String> = (0..items.len() as u64)
            .map(|i| start.map_or_else(String::new, |n| delimiter.label(&style.number(n + i))))
            .collect();
        let label_variant = Variant {
            role: Role::Text,
            bold: true,
            italic: false,
        };
        let marker_w = match start {
            Some(_) => {
                let widest = labels
                    .iter()
                    .map(|label| {
                        let glyphs = self.fonts.shape(label, label_variant);
                        glyphs.iter().map(|g| g.advance).sum::<f64>()
                    })
                    .fold(0.0, f64::max);
                // As wide as the widest label and a space, never narrower
                // than a two-digit number's.
                self.size * (widest + NUMBER_GAP_EM).max(NUMBER_INDENT_MIN_EM)
            }
            None => self.size * BULLET_INDENT_EM,
        };
        self.list_depth += 1;
        let outer = self.open(Kind::List {
            style: start.map(|_| style),
        });
        let list = self.mark;
        let item_gap = if tight {
            self.size * TIGHT_GAP_EM
        } else {
            self.gap()
        };
        for (i, item) in items.iter().enumerate() {
            let first_chunk = self.chunks.len();
            let (text, face_role) = match (item.task, start) {
                (Some(done), _) => (
                    if done { "\u{2611}" } else { "\u{2610}" }.to_owned(),
                    Role::Text,
                ),
                (None, Some(_)) => (labels[i].clone(), Role::Text),
                (None, None) => (
                    ["\u{2022}", "\u{2013}", "\u{25e6}"][(self.list_depth - 1) % 3].to_owned(),
                    Role::Text,
                ),
            };
            let iw = width - marker_w;
            let li = self.tags.open(Kind::ListItem, list);
            // A bullet is decoration; a number or a task box says something.
            let marker = if item.task.is_none() && start.is_none() {
                Mark::Artifact
            } else {
                self.tags.open(Kind::Label, li)
            };
            self.mark = self.tags.open(Kind::ListBody, li);
            self.blocks(&item.blocks, x + marker_w, iw, bars);
            self.mark = list;
            if self.chunks.len() == first_chunk {
                self.chunks.push(Chunk {
                    h: self.lh(),
                    baseline: self.lh() * BASELINE_SHARE,
                    ..Default::default()
                });
            }
            let mut st = self.base_style(self.size);
            st.variant = Variant {
                role: face_role,
                bold: start.is_some(),
                italic: false,
            };
            st.color = self.colors.accent;
            let piece = self.fonts.shape(&text, st.variant);
            let pw: f64 = piece.iter().map(|g| g.advance * st.size).sum();
            let mx = if start.is_some() {
                x + marker_w - pw - self.size * NUMBER_HANG_EM
            } else {
                x + self.size * BULLET_AT_EM
            };
            let c = &mut self.chunks[first_chunk];
            c.before = if i == 0 { gap } else { item_gap };
            let mut gx = mx;
            let mut runs: Vec<Run> = Vec::new();
            for g in piece {
                if runs.last().is_none_or(|r| r.face != g.face) {
                    runs.push(Run {
                        face: g.face,
                        size: st.size,
                        color: st.color,
                        baseline: c.baseline,
                        glyphs: Vec::new(),
                        mark: marker,
                        lang: None,
                    });
                }
                let adv = g.advance * st.size;
                if let Some(r) = runs.last_mut() {
                    r.glyphs.push((gx, g));
                }
                gx += adv;
            }
            // The marker goes first in the content stream, so text extraction
            // reads it before the item's words.
            c.items.splice(0..0, runs.into_iter().map(Item::Text));
        }
        self.list_depth -= 1;
        self.close(outer);
    }
}

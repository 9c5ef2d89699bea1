//! Laid-out pages as text, one line per thing drawn, in drawing order:
//! what a snapshot of the PDF shows a reviewer (positions in points from
//! the top left, rounded to a tenth).

use super::page::{Item, Laid, Rgb, Run, Target};
use std::fmt::Write;

pub fn dump(laid: &Laid) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "paper {} × {}", pt(laid.width), pt(laid.height));
    for (n, page) in laid.pages.iter().enumerate() {
        let _ = writeln!(out, "\npage {}", n + 1);
        for item in &page.items {
            let _ = match item {
                Item::Text(run) => {
                    let text = run_text(run);
                    let x = run.glyphs.first().map_or(0.0, |(x, _)| *x);
                    writeln!(
                        out,
                        "  text {} {} face{} {} {} {:?} {text:?}",
                        pt(x),
                        pt(run.baseline),
                        run.face,
                        pt(run.size),
                        hex(run.color),
                        run.mark
                    )
                }
                Item::Rect { x, y, w, h, color } => writeln!(
                    out,
                    "  rect {} {} {}×{} {}",
                    pt(*x),
                    pt(*y),
                    pt(*w),
                    pt(*h),
                    hex(*color)
                ),
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color,
                } => writeln!(
                    out,
                    "  line {} {} → {} {} {} {}",
                    pt(*x1),
                    pt(*y1),
                    pt(*x2),
                    pt(*y2),
                    pt(*width),
                    hex(*color)
                ),
                Item::Image {
                    x,
                    y,
                    w,
                    h,
                    key,
                    mark,
                } => writeln!(
                    out,
                    "  image {} {} {}×{} {key} {mark:?}",
                    pt(*x),
                    pt(*y),
                    pt(*w),
                    pt(*h)
                ),
            };
        }
        for link in &page.links {
            let target = match &link.target {
                Target::Uri(uri) => uri.clone(),
                Target::Anchor(id) => format!("#{id}"),
            };
            let _ = writeln!(
                out,
                "  link {} {} {}×{} → {target}",
                pt(link.x),
                pt(link.y),
                pt(link.w),
                pt(link.h)
            );
        }
    }
    for entry in &laid.outline {
        let _ = writeln!(
            out,
            "outline {} {:?} page {}",
            entry.level,
            entry.title,
            entry.page + 1
        );
    }
    out
}

/// A gap wider than this many em between two glyphs reads as a space
/// (words are placed apart, not joined by a space glyph; a justified line
/// stretches its spaces, a letter-spaced one adds less than this).
const WORD_GAP_EM: f64 = 0.15;

/// The run's text, a space where the pen jumps between words.
fn run_text(run: &Run) -> String {
    let mut text = String::new();
    let mut pen: Option<f64> = None;
    for (x, glyph) in &run.glyphs {
        if pen.is_some_and(|pen| x - pen > WORD_GAP_EM * run.size) {
            text.push(' ');
        }
        text.push_str(&glyph.text);
        pen = Some(x + glyph.advance * run.size);
    }
    text
}

fn pt(value: f64) -> String {
    format!("{:.1}", value)
}

fn hex(color: Rgb) -> String {
    let byte = |c: f32| (c * 255.0).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        byte(color.0),
        byte(color.1),
        byte(color.2)
    )
}

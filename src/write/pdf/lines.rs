//! Line breaking: UAX #14 break opportunities and hyphenation make a
//! paragraph's boxes, glue and penalties; a total-fit (Knuth–Plass) search
//! (breaks.rs) chooses where its lines end; the lines are then set.

use super::font::{Fonts, Glyph, Variant};
use super::hyphen::hyphen_points;
use super::page::{Rgb, Target};
use std::cell::Cell;
use unicode_linebreak::{linebreaks, BreakOpportunity};

mod breaks;
mod owners;

use breaks::{choose_breaks, line_start, ratio};
use owners::Owners;

/// How a span of text is set.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanStyle {
    pub variant: Variant,
    pub size: f64,
    pub color: Rgb,
    pub link: Option<Target>,
    pub strike: bool,
    pub underline: bool,
    /// Extra space after every glyph, in em.
    pub tracking: f64,
    /// Baseline shift upwards, in pt (superscripts).
    pub rise: f64,
    /// Code and URLs are never hyphenated.
    pub hyphenate: bool,
    /// The hyphenation patterns of the text's language (`None`: none).
    pub lang: Option<hyphenation::Language>,
    /// A span's language (BCP 47) where it is not the document's, for the
    /// structure tree (`/Lang`: a screen reader switches voice).
    pub lang_tag: Option<std::sync::Arc<str>>,
    /// Small capitals, synthesised: lower-case letters set as capitals at
    /// `SMALL_CAPS_SCALE` of the size.
    pub small_caps: bool,
    /// A highlight drawn behind the text (`[text]{.mark}`).
    pub highlight: Option<Rgb>,
    /// A formula, set in place of its span's `math::OBJECT`.
    pub math: Option<std::sync::Arc<super::math::Formula>>,
}

#[derive(Debug, Clone)]
pub struct Span {
    pub text: String,
    pub style: usize,
}

/// A measure no text fills: lines set on it keep their natural width, to
/// measure what a table's column or a part of a line needs.
pub const UNBOUNDED_MEASURE: f64 = 1e6;

/// What the breaker needs to know about the measure and the style.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub width: f64,
    pub justify: bool,
    pub hyphenate: bool,
    pub min_word: usize,
    pub min_fragment: usize,
}

/// Shaped text of one style, placed as a unit.
#[derive(Debug, Clone)]
pub struct Piece {
    pub glyphs: Vec<(f64, Glyph)>,
    pub width: f64,
    pub style: usize,
}

#[derive(Debug, Clone)]
enum Node {
    Box(Piece),
    Glue {
        w: f64,
        stretch: f64,
        shrink: f64,
    },
    Penalty {
        w: f64,
        cost: f64,
        flagged: bool,
        style: usize,
    },
}

const FORCED: f64 = -10_000.0;

/// One set line: pieces at x offsets from the line start.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub pieces: Vec<(f64, Piece)>,
    pub width: f64,
    /// Its paragraph is right-to-left (the line is then already set flush right).
    pub rtl: bool,
}

fn make_piece(fonts: &mut Fonts, text: &str, style: &SpanStyle, index: usize) -> Piece {
    if let (Some(formula), super::math::OBJECT) = (&style.math, text) {
        // Drawn by `math::draw`: here only its width.
        return Piece {
            glyphs: Vec::new(),
            width: formula.width,
            style: index,
        };
    }
    if text == super::math::BREAK {
        // Where a formula may break: nothing to draw or copy.
        return Piece {
            glyphs: Vec::new(),
            width: 0.0,
            style: index,
        };
    }
    let glyphs = fonts.shape(text, style.variant);
    let mut x = 0.0;
    let mut placed = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let adv = g.advance * style.size;
        placed.push((x, g));
        x += adv + style.tracking * style.size;
    }
    Piece {
        glyphs: placed,
        width: x,
        style: index,
    }
}

/// Break spans into lines of at most `s.width`.
pub fn break_lines(
    fonts: &mut Fonts,
    spans: &[Span],
    styles: &[SpanStyle],
    s: &Settings,
) -> Vec<Line> {
    let nodes = build_nodes(fonts, spans, styles, s);
    let breaks = choose_breaks(&nodes, s);
    let mut lines = set_lines(fonts, &nodes, &breaks, styles, s);
    super::bidi::reorder_lines(&mut lines, spans, s);
    lines
}

fn build_nodes(fonts: &mut Fonts, spans: &[Span], styles: &[SpanStyle], s: &Settings) -> Vec<Node> {
    build_nodes_counting(fonts, spans, styles, s).0
}

/// `build_nodes`, and how many span starts it compared to find which span
/// each byte belongs to.
fn build_nodes_counting(
    fonts: &mut Fonts,
    spans: &[Span],
    styles: &[SpanStyle],
    s: &Settings,
) -> (Vec<Node>, usize) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(spans.len());
    for span in spans {
        starts.push(text.len());
        text.push_str(&span.text);
    }
    let owners = Owners {
        starts,
        spans,
        compared: Cell::new(0),
    };
    let style_at = |pos: usize| owners.style_at(pos);
    let mut nodes = Vec::new();
    let mut start = 0;
    for (end, opportunity) in linebreaks(&text) {
        let segment = &text[start..end];
        let word_len = segment.trim_end().len();
        let word_end = start + word_len;
        if word_len > 0 {
            // Cut points: span boundaries, hyphenation, emergencies.
            let mut cuts: Vec<(usize, bool)> = owners
                .starts_within(start, word_end)
                .iter()
                .map(|&p| (p, false))
                .collect(); // (byte, is hyphen point)
            let word = &text[start..word_end];
            let core_start = word.find(|c: char| c.is_alphabetic()).unwrap_or(0);
            let core_end = word
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_alphabetic())
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(0);
            let hyphenable = (start..word_end)
                .all(|p| !text.is_char_boundary(p) || styles[style_at(p)].hyphenate);
            if hyphenable && core_end > core_start {
                let lang = styles[style_at(start + core_start)].lang;
                for b in hyphen_points(&word[core_start..core_end], s, lang) {
                    cuts.push((start + core_start + b, true));
                }
            }
            cuts.sort_by_key(|c| c.0);
            cuts.dedup_by_key(|c| c.0);
            let mut pieces = Vec::new();
            let mut a = start;
            for &(c, hy) in cuts.iter().chain(std::iter::once(&(word_end, false))) {
                let st = style_at(a);
                pieces.push((make_piece(fonts, &text[a..c], &styles[st], st), hy));
                a = c;
            }
            let total: f64 = pieces.iter().map(|p| p.0.width).sum();
            if total > s.width {
                // Emergency: the word is wider than the measure, so it may break anywhere.
                let mut a = start;
                let mut before = None;
                for (i, ch) in word.char_indices() {
                    let p = start + i;
                    // Never inside a cluster: a mark cut from its base is
                    // shaped alone.
                    let cut = before.is_none_or(|b| super::font::may_cut_between(b, ch));
                    before = Some(ch);
                    if p > a && cut {
                        let st = style_at(a);
                        nodes.push(Node::Box(make_piece(fonts, &text[a..p], &styles[st], st)));
                        nodes.push(Node::Penalty {
                            w: 0.0,
                            cost: 900.0,
                            flagged: false,
                            style: st,
                        });
                        a = p;
                    }
                }
                let st = style_at(a);
                nodes.push(Node::Box(make_piece(
                    fonts,
                    &text[a..word_end],
                    &styles[st],
                    st,
                )));
            } else {
                let n = pieces.len();
                for (i, (piece, _)) in pieces.into_iter().enumerate() {
                    let st = piece.style;
                    nodes.push(Node::Box(piece));
                    if i + 1 < n && cuts.get(i).is_some_and(|c| c.1) {
                        let hy = make_piece(fonts, "-", &styles[st], st);
                        nodes.push(Node::Penalty {
                            w: hy.width,
                            cost: 50.0,
                            flagged: true,
                            style: st,
                        });
                    }
                }
            }
        }
        let st = style_at(word_end.saturating_sub(1).max(start));
        let style = &styles[st];
        let mandatory = opportunity == BreakOpportunity::Mandatory;
        let has_space = word_end < end && segment[word_len..].chars().any(|c| c != '\n');
        if mandatory {
            push_forced_break(&mut nodes, st);
        } else if has_space {
            let space = make_piece(fonts, " ", style, st)
                .width
                .max(style.size * 0.25);
            nodes.push(interword_glue(space, s.justify));
        } else if word_len > 0 {
            let after_hyphen = text[..end].ends_with('-');
            nodes.push(Node::Penalty {
                w: 0.0,
                cost: if after_hyphen { 50.0 } else { 100.0 },
                flagged: after_hyphen,
                style: st,
            });
        }
        start = end;
    }
    if !matches!(nodes.last(), Some(Node::Penalty { cost, .. }) if *cost <= FORCED) {
        push_forced_break(&mut nodes, 0);
    }
    (nodes, owners.compared.get())
}

/// The space between two words: stretching and shrinking a little in a
/// justified paragraph, stretching freely (never shrinking) in a ragged one.
fn interword_glue(space: f64, justify: bool) -> Node {
    let (stretch, shrink) = if justify {
        (space * 0.6, space * 0.3)
    } else {
        (space * 4.0, 0.0)
    };
    Node::Glue {
        w: space,
        stretch,
        shrink,
    }
}

/// A line that must end here: infinitely stretchable glue (so the short last
/// line is not justified) and a forced break.
fn push_forced_break(nodes: &mut Vec<Node>, style: usize) {
    nodes.push(Node::Glue {
        w: 0.0,
        stretch: 1e6,
        shrink: 0.0,
    });
    nodes.push(Node::Penalty {
        w: 0.0,
        cost: FORCED,
        flagged: false,
        style,
    });
}

fn set_lines(
    fonts: &mut Fonts,
    nodes: &[Node],
    breaks: &[usize],
    styles: &[SpanStyle],
    s: &Settings,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut prev: Option<usize> = None;
    for &b in breaks {
        let from = line_start(nodes, prev);
        let last = matches!(nodes[b], Node::Penalty { cost, .. } if cost <= FORCED);
        let mut r = ratio(nodes, from, b, s.width);
        if (!s.justify || last) && r > 0.0 {
            r = 0.0;
        }
        r = r.clamp(-1.0, 1e3);
        let mut x = 0.0;
        let mut line = Line::default();
        for n in &nodes[from..b] {
            match n {
                Node::Box(p) => {
                    line.pieces.push((x, p.clone()));
                    x += p.width;
                }
                Node::Glue { w, stretch, shrink } => {
                    if *stretch >= 1e6 {
                        continue;
                    }
                    x += w + if r >= 0.0 { r * stretch } else { r * shrink };
                }
                Node::Penalty { .. } => {}
            }
        }
        if let Node::Penalty {
            flagged: true,
            w,
            style,
            ..
        } = nodes[b]
        {
            if w > 0.0 {
                let st = line.pieces.last().map(|p| p.1.style).unwrap_or(style);
                line.pieces
                    .push((x, make_piece(fonts, "-", &styles[st], st)));
                x += w;
            }
        }
        // A display formula alone on its line: centred on the measure.
        if let [(px, piece)] = line.pieces.as_mut_slice() {
            match &styles[piece.style].math {
                // Numbered: the whole measure, the number at its right
                // edge (`math::draw` places the formula).
                Some(f) if super::math::spans_measure(f) => {
                    *px = 0.0;
                    x = s.width.max(piece.width);
                }
                Some(f) if f.display => {
                    *px = ((s.width - piece.width) / 2.0).max(0.0);
                    x = *px + piece.width;
                }
                _ => {}
            }
        }
        line.width = x;
        lines.push(line);
        prev = Some(b);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Style;
    use crate::write::pdf::font::Role;
    use crate::write::pdf::hyphen::language;

    fn setup() -> (Fonts, Vec<SpanStyle>) {
        let fonts = Fonts::from_style(&Style::default(), &[], |_| Ok(None)).unwrap();
        let style = SpanStyle {
            variant: Variant {
                role: Role::Text,
                bold: false,
                italic: false,
            },
            size: 10.0,
            color: Rgb(0.0, 0.0, 0.0),
            link: None,
            strike: false,
            underline: false,
            tracking: 0.0,
            rise: 0.0,
            hyphenate: true,
            lang: language("en"),
            lang_tag: None,
            small_caps: false,
            highlight: None,
            math: None,
        };
        (fonts, vec![style])
    }

    fn settings(width: f64, justify: bool) -> Settings {
        Settings {
            width,
            justify,
            hyphenate: true,
            min_word: 6,
            min_fragment: 3,
        }
    }

    const TEXT: &str = "The Python Software Foundation is the organization behind the open source Python programming language. We are devoted to creating the conditions for Python and the Python community to grow and thrive, internationally and institutionally.";

    #[test]
    fn no_line_is_overfull_and_last_is_not_stretched() {
        let (mut fonts, styles) = setup();
        for justify in [true, false] {
            let s = settings(120.0, justify);
            let lines = break_lines(
                &mut fonts,
                &[Span {
                    text: TEXT.into(),
                    style: 0,
                }],
                &styles,
                &s,
            );
            assert!(lines.len() > 3);
            for line in &lines {
                assert!(line.width <= s.width + 0.05, "overfull: {}", line.width);
            }
            let last = lines.last().unwrap();
            assert!(last.width < s.width - 5.0);
            if justify {
                for line in &lines[..lines.len() - 1] {
                    assert!(
                        (line.width - s.width).abs() < 0.5,
                        "justified line {}",
                        line.width
                    );
                }
            }
        }
    }

    #[test]
    fn hyphenation_is_used_in_narrow_measures() {
        let (mut fonts, styles) = setup();
        let s = settings(70.0, true);
        let lines = break_lines(
            &mut fonts,
            &[Span {
                text: TEXT.into(),
                style: 0,
            }],
            &styles,
            &s,
        );
        let hyphens = lines
            .iter()
            .filter(|l| {
                l.pieces.last().is_some_and(|p| {
                    p.1.glyphs.iter().map(|g| &*g.1.text).collect::<String>() == "-"
                })
            })
            .count();
        assert!(hyphens > 0);
        assert!(hyphen_points("STRUCTURE", &s, language("en")).is_empty());
        assert!(hyphen_points("short", &s, language("en")).is_empty());
    }

    /// A paragraph of `lines` source lines as flow.rs hands it over: a
    /// span for each line's text and one for each soft break between.
    fn many_spans(lines: usize) -> Vec<Span> {
        let words: Vec<&str> = TEXT.split(' ').collect();
        let mut spans = Vec::new();
        for line in 0..lines {
            let text: Vec<&str> = (0..8)
                .map(|k| words[(line * 8 + k) % words.len()])
                .collect();
            if line > 0 {
                spans.push(Span {
                    text: " ".into(),
                    style: 0,
                });
            }
            spans.push(Span {
                text: text.join(" "),
                style: 0,
            });
        }
        spans
    }

    #[test]
    fn the_search_finds_the_span_the_scan_found() {
        let spans: Vec<Span> = ["", "ab", "", "cd", "", "", "e", "fgh", ""]
            .iter()
            .enumerate()
            .map(|(style, text)| Span {
                text: (*text).into(),
                style,
            })
            .collect();
        let mut starts = Vec::new();
        let mut at = 0;
        for span in &spans {
            starts.push(at);
            at += span.text.len();
        }
        let owners = Owners {
            starts: starts.clone(),
            spans: &spans,
            compared: Cell::new(0),
        };
        for pos in 0..=at {
            let scanned = starts
                .iter()
                .enumerate()
                .rev()
                .find(|(_, &p)| p <= pos)
                .map_or(0, |(i, _)| spans[i].style);
            assert_eq!(owners.style_at(pos), scanned, "at {pos}");
            for to in pos..=at {
                let within: Vec<usize> = starts
                    .iter()
                    .copied()
                    .filter(|&p| p > pos && p < to)
                    .collect();
                assert_eq!(
                    owners.starts_within(pos, to),
                    within.as_slice(),
                    "{pos}..{to}"
                );
            }
        }
    }

    #[test]
    fn finding_each_bytes_span_costs_a_search_not_a_scan() {
        // Before, each word scanned every span, and each of its bytes
        // scanned back for its own: 415 span starts compared a byte for
        // 250 lines, 3,319 for 2,000 (4,000 spans); now 17 and 22.
        let (mut fonts, styles) = setup();
        let s = settings(240.0, true);
        let mut per_byte = Vec::new();
        for lines in [250, 2_000] {
            let spans = many_spans(lines);
            let bytes: usize = spans.iter().map(|s| s.text.len()).sum();
            let (_, compared) = build_nodes_counting(&mut fonts, &spans, &styles, &s);
            per_byte.push(compared as f64 / bytes as f64);
        }
        // A search of n starts compares about log2(n) + 1 of them (10 and
        // 13 for these), a little more than once a byte.
        assert!(per_byte[1] < 2.0 * 14.0, "{per_byte:?}");
        assert!(per_byte[1] < 1.5 * per_byte[0], "{per_byte:?}");
    }

    #[test]
    fn an_over_long_word_is_broken_anywhere() {
        let (mut fonts, styles) = setup();
        let s = settings(60.0, false);
        let text = "see https://example.org/a/very/long/path/that/never/ends/anywhere/at/all ok";
        let lines = break_lines(
            &mut fonts,
            &[Span {
                text: text.into(),
                style: 0,
            }],
            &styles,
            &s,
        );
        assert!(lines.len() >= 3);
        for line in &lines {
            assert!(line.width <= s.width + 0.05);
        }
    }
}

//! Inline content → spans: a paragraph's inlines become styled pieces of
//! text (bold, links, small caps, scripts, highlights) for the line breaker.

use super::flow::Flow;
use super::font::{Role, Variant};
use super::lines::{Span, SpanStyle};
use super::page::Rgb;

use crate::doc::{plain_text, Inline};
use crate::layout::LinkStyle;

/// Synthesised small capitals: the size of the capitals that stand for
/// lower-case letters (most fonts' own small caps are 0.7–0.8 of a capital).
const SMALL_CAPS_SCALE: f64 = 0.8;

/// Superscripts and subscripts: their size, and how far their baseline moves
/// (in the surrounding size) up and down.
const SCRIPT_SCALE: f64 = 0.7;
const SUPERSCRIPT_RISE: f64 = 0.33;
const SUBSCRIPT_DROP: f64 = 0.12;

/// `[text]{.mark}`: a pale yellow behind the words, as a highlighter pen.
const MARK_COLOR: Rgb = Rgb(1.0, 0.93, 0.55);

pub(super) fn text_variant(bold: bool, italic: bool) -> Variant {
    Variant {
        role: Role::Text,
        bold,
        italic,
    }
}

/// Inline code as written: tabs to their stops, and every space of a run
/// but its last made non-breaking, so the run keeps its width (the last
/// stays a place the line may break).
fn keep_spaces(text: &str, tab_width: usize) -> String {
    let text = crate::write::highlight::expand_tabs(text, tab_width);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' && chars.peek() == Some(&' ') {
            out.push('\u{a0}');
        } else {
            out.push(c);
        }
    }
    out
}

impl Flow<'_> {
    fn intern(styles: &mut Vec<SpanStyle>, style: &SpanStyle) -> usize {
        match styles.iter().position(|s| s == style) {
            Some(i) => i,
            None => {
                styles.push(style.clone());
                styles.len() - 1
            }
        }
    }

    fn push_text(
        &self,
        text: &str,
        cur: &SpanStyle,
        spans: &mut Vec<Span>,
        styles: &mut Vec<SpanStyle>,
    ) {
        if cur.small_caps {
            self.push_small_caps(text, cur, spans, styles);
            return;
        }
        // Runs of two or more capitalised words are letter-spaced.
        let words: Vec<&str> = text.split(' ').collect();
        let caps: Vec<bool> = words.iter().map(|w| crate::doc::is_caps_word(w)).collect();
        let mut out = String::new();
        let mut out_caps = None;
        for (i, w) in words.iter().enumerate() {
            let in_run = caps[i]
                && (i > 0 && caps[i - 1]
                    || i + 1 < words.len() && caps[i + 1]
                    || words.len() == 1 && cur.tracking > 0.0);
            let piece = if i + 1 < words.len() {
                format!("{w} ")
            } else {
                (*w).to_owned()
            };
            if out_caps.is_some() && out_caps != Some(in_run) {
                self.flush(&mut out, out_caps == Some(true), cur, spans, styles);
            }
            out_caps = Some(in_run);
            out.push_str(&piece);
        }
        self.flush(&mut out, out_caps == Some(true), cur, spans, styles);
    }

    /// Small caps: lower-case letters as smaller capitals, the rest as written.
    fn push_small_caps(
        &self,
        text: &str,
        cur: &SpanStyle,
        spans: &mut Vec<Span>,
        styles: &mut Vec<SpanStyle>,
    ) {
        let mut normal = cur.clone();
        normal.small_caps = false;
        let mut small = normal.clone();
        small.size = cur.size * SMALL_CAPS_SCALE;
        small.tracking = cur.tracking + 0.04;
        let mut piece = String::new();
        let mut piece_small = false;
        let mut emit = |piece: &mut String, is_small: bool| {
            if !piece.is_empty() {
                let style = Self::intern(styles, if is_small { &small } else { &normal });
                spans.push(Span {
                    text: std::mem::take(piece),
                    style,
                });
            }
        };
        for c in text.chars() {
            let is_small = c.is_lowercase();
            if is_small != piece_small {
                emit(&mut piece, piece_small);
                piece_small = is_small;
            }
            if is_small {
                piece.extend(c.to_uppercase());
            } else {
                piece.push(c);
            }
        }
        emit(&mut piece, piece_small);
    }

    fn flush(
        &self,
        out: &mut String,
        caps: bool,
        cur: &SpanStyle,
        spans: &mut Vec<Span>,
        styles: &mut Vec<SpanStyle>,
    ) {
        if out.is_empty() {
            return;
        }
        let mut st = cur.clone();
        if caps && st.variant.role != Role::Mono {
            st.tracking = self.style.caps_tracking;
            st.hyphenate = false;
        }
        let style = Self::intern(styles, &st);
        spans.push(Span {
            text: std::mem::take(out),
            style,
        });
    }

    /// A formula as one span; a display formula on a line of its own.
    fn push_formula(
        &self,
        formula: super::math::Formula,
        cur: &SpanStyle,
        spans: &mut Vec<Span>,
        styles: &mut Vec<SpanStyle>,
    ) {
        let display = formula.display;
        let line_break = |spans: &mut Vec<Span>, styles: &mut Vec<SpanStyle>| {
            let style = Self::intern(styles, cur);
            spans.push(Span {
                text: "\n".into(),
                style,
            });
        };
        if display && spans.last().is_some_and(|s| s.text != "\n") {
            line_break(spans, styles);
        }
        let mut st = cur.clone();
        st.math = Some(std::sync::Arc::new(formula));
        st.hyphenate = false;
        st.tracking = 0.0;
        let style = Self::intern(styles, &st);
        spans.push(Span {
            text: super::math::OBJECT.into(),
            style,
        });
        if display {
            line_break(spans, styles);
        }
    }

    pub fn inlines(
        &self,
        inlines: &[Inline],
        cur: &SpanStyle,
        spans: &mut Vec<Span>,
        styles: &mut Vec<SpanStyle>,
    ) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => self.push_text(text, cur, spans, styles),
                Inline::Emph { content } => {
                    let mut st = cur.clone();
                    st.variant.italic = !st.variant.italic;
                    self.inlines(content, &st, spans, styles);
                }
                Inline::Strong { content } => {
                    let mut st = cur.clone();
                    st.variant.bold = true;
                    self.inlines(content, &st, spans, styles);
                }
                Inline::Strike { content } => {
                    let mut st = cur.clone();
                    st.strike = true;
                    self.inlines(content, &st, spans, styles);
                }
                Inline::Underline { content } => {
                    let mut st = cur.clone();
                    st.underline = true;
                    self.inlines(content, &st, spans, styles);
                }
                Inline::SmallCaps { content } => {
                    let mut st = cur.clone();
                    st.small_caps = true;
                    st.hyphenate = false;
                    self.inlines(content, &st, spans, styles);
                }
                Inline::Mark { content } => {
                    let mut st = cur.clone();
                    st.highlight = Some(MARK_COLOR);
                    self.inlines(content, &st, spans, styles);
                }
                Inline::Superscript { content } | Inline::Subscript { content } => {
                    let mut st = cur.clone();
                    st.size = cur.size * SCRIPT_SCALE;
                    st.rise = match inline {
                        Inline::Superscript { .. } => cur.rise + cur.size * SUPERSCRIPT_RISE,
                        _ => cur.rise - cur.size * SUBSCRIPT_DROP,
                    };
                    st.tracking = 0.0;
                    self.inlines(content, &st, spans, styles);
                }
                // Classes are kept for HTML; print sets the words.
                // A span's `lang=` picks its hyphenation patterns.
                Inline::Span { attr, content } => {
                    match attr.pairs.iter().find(|(k, _)| k == "lang") {
                        Some((_, lang)) => {
                            let mut st = cur.clone();
                            st.lang = super::hyphen::language(lang);
                            st.lang_tag = (!lang.eq_ignore_ascii_case(&self.fonts.lang))
                                .then(|| lang.as_str().into());
                            self.inlines(content, &st, spans, styles)
                        }
                        None => self.inlines(content, cur, spans, styles),
                    }
                }
                Inline::Cite { content, .. } => self.inlines(content, cur, spans, styles),
                Inline::Math { display, tex, pos } => {
                    // A long inline formula may end a line after a
                    // top-level relation or operator: a zero-width space
                    // between its parts is the line's break opportunity.
                    if let Some(parts) = (!*display)
                        .then(|| super::math::typeset_parts(tex, cur.size))
                        .flatten()
                    {
                        for (i, part) in parts.into_iter().enumerate() {
                            if i > 0 {
                                let style = Self::intern(styles, cur);
                                spans.push(Span {
                                    text: super::math::BREAK.into(),
                                    style,
                                });
                            }
                            self.push_formula(part, cur, spans, styles);
                        }
                        continue;
                    }
                    let rows = self.equations.rows(*pos, tex);
                    match super::math::typeset_numbered(tex, *display, cur.size, rows) {
                        Some(formula) => self.push_formula(formula, cur, spans, styles),
                        // What cannot be laid out: its TeX in the code font
                        // (`write::math::problems` warns).
                        None => self.inlines(
                            &[Inline::Code {
                                attr: crate::doc::Attr::default(),
                                text: tex.clone(),
                            }],
                            cur,
                            spans,
                            styles,
                        ),
                    }
                }
                Inline::Code { text, .. } => {
                    let mut st = cur.clone();
                    st.variant.role = Role::Mono;
                    st.size = cur.size * 0.9;
                    st.hyphenate = false;
                    st.tracking = 0.0;
                    let i = Self::intern(styles, &st);
                    spans.push(Span {
                        text: keep_spaces(text, self.style.code.tab_width),
                        style: i,
                    });
                }
                Inline::Link { url, content, .. } => {
                    let mut st = cur.clone();
                    st.link = Some(super::links::link_target(url));
                    match self.style.link_style {
                        LinkStyle::Accent => st.color = self.colors.accent,
                        LinkStyle::Underline => {
                            st.color = self.colors.accent;
                            st.underline = true;
                        }
                        LinkStyle::Plain => {}
                    }
                    st.hyphenate = false;
                    self.inlines(content, &st, spans, styles);
                }
                Inline::Image { url, .. } if self.lift_images && self.images.contains_key(url) => {}
                Inline::Image { alt, .. } => {
                    let mut st = cur.clone();
                    st.color = self.colors.muted;
                    st.variant.italic = true;
                    let alt = plain_text(alt);
                    let i = Self::intern(styles, &st);
                    spans.push(Span {
                        text: format!("[{}]", if alt.is_empty() { "image" } else { &alt }),
                        style: i,
                    });
                }
                Inline::NoteRef { index } => {
                    let mut st = cur.clone();
                    st.size = cur.size * 0.68;
                    st.rise = cur.size * 0.36;
                    st.link = Some(super::page::Target::Anchor(format!("fn-{}", index + 1)));
                    st.color = self.colors.accent;
                    st.tracking = 0.0;
                    let i = Self::intern(styles, &st);
                    spans.push(Span {
                        text: format!("{}", index + 1),
                        style: i,
                    });
                }
                Inline::SoftBreak => self.push_text(" ", cur, spans, styles),
                Inline::LineBreak => {
                    let i = Self::intern(styles, cur);
                    spans.push(Span {
                        text: "\n".into(),
                        style: i,
                    });
                }
                Inline::Raw { format, text } if format == "latex" || format == "tex" => {
                    let set = crate::write::tex::inlines(text);
                    self.inlines(&set, cur, spans, styles);
                }
                Inline::Raw { .. } => {}
            }
        }
    }
}

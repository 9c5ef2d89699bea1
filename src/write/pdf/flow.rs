//! Flow: blocks → chunks (lines, rows, rules) with keep rules; paginate.rs
//! stacks the chunks into columns and pages.

use super::font::{Fonts, Role, Variant};
use super::lines::{break_lines, Line, Settings, Span, SpanStyle};
use super::page::{Anchor, Item, Kind, LinkArea, Mark, Rgb, Run, Tags, Target};
use crate::doc::{plain_text, Block, Inline};
use crate::image::Images;
use crate::layout::{LinkStyle, Style};

/// An unbreakable slice of the flow, positioned relative to its own top left.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub h: f64,
    /// Space above, dropped at the top of a column.
    pub before: f64,
    pub items: Vec<Item>,
    pub links: Vec<LinkArea>,
    pub anchors: Vec<Anchor>,
    pub outline: Option<(u8, String)>,
    /// Must stay in the same column as the next chunk.
    pub keep: bool,
    /// A table header to repeat above this chunk at the top of a column.
    pub header: Option<usize>,
    /// x positions of block-quote bars to draw beside this chunk.
    pub bars: Vec<f64>,
    /// Baseline of the first line (for list markers).
    pub baseline: f64,
    /// A forced page break: what follows starts a new page.
    pub page_break: bool,
}

/// Moves what a chunk draws `dy` down, and makes it that much taller.
fn shift_down(chunk: &mut Chunk, dy: f64) {
    if dy == 0.0 {
        return;
    }
    for item in &mut chunk.items {
        item.shift(0.0, dy);
    }
    for link in &mut chunk.links {
        link.y += dy;
    }
    for anchor in &mut chunk.anchors {
        anchor.y += dy;
    }
    chunk.baseline += dy;
    chunk.h += dy;
}

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

pub struct Colors {
    pub text: Rgb,
    pub accent: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub shade: Rgb,
}

pub struct Flow<'a> {
    pub fonts: &'a mut Fonts,
    pub style: &'a Style,
    pub size: f64,
    pub leading: f64,
    pub colors: Colors,
    pub chunks: Vec<Chunk>,
    pub headers: Vec<Chunk>,
    pub list_depth: usize,
    /// The loaded images, by URL.
    pub images: &'a Images,
    /// The tallest an image may be: most of a column's height.
    pub image_height: f64,
    /// While on, loaded images are left out of the text being set (they
    /// follow their paragraph as figures).
    pub lift_images: bool,
    /// The structure tree so far, and the node content goes into now.
    pub tags: Tags,
    pub mark: Mark,
    /// The link node the last piece drew into: (its parent, target, node).
    pub link_node: Option<(Mark, Target, Mark)>,
}

fn text_variant(bold: bool, italic: bool) -> Variant {
    Variant {
        role: Role::Text,
        bold,
        italic,
    }
}

impl<'a> Flow<'a> {
    pub fn base_style(&self, size: f64) -> SpanStyle {
        SpanStyle {
            variant: text_variant(false, false),
            size,
            color: self.colors.text,
            link: None,
            strike: false,
            underline: false,
            tracking: 0.0,
            rise: 0.0,
            hyphenate: true,
            small_caps: false,
            highlight: None,
        }
    }

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
                Inline::Span { content, .. } => self.inlines(content, cur, spans, styles),
                Inline::Code { text } => {
                    let mut st = cur.clone();
                    st.variant.role = Role::Mono;
                    st.size = cur.size * 0.9;
                    st.hyphenate = false;
                    st.tracking = 0.0;
                    let i = Self::intern(styles, &st);
                    spans.push(Span {
                        text: text.clone(),
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
                Inline::Raw { .. } => {}
            }
        }
    }

    pub fn settings(&self, width: f64, justify: bool, hyphenate: bool) -> Settings {
        Settings {
            width,
            justify,
            hyphenate: hyphenate && self.style.hyphenate,
            min_word: self.style.hyphenate_min_word.max(2),
            min_fragment: self.style.hyphenate_min_fragment.max(1),
        }
    }

    /// Set inlines as lines of `width`.
    pub fn set(
        &mut self,
        inlines: &[Inline],
        base: &SpanStyle,
        s: &Settings,
    ) -> (Vec<Line>, Vec<SpanStyle>) {
        let mut spans = Vec::new();
        let mut styles = vec![base.clone()];
        self.inlines(inlines, base, &mut spans, &mut styles);
        // Trim leading and trailing white space of the paragraph.
        while spans
            .first()
            .is_some_and(|s| s.text.trim().is_empty() && s.text != "\n")
        {
            spans.remove(0);
        }
        if let Some(first) = spans.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(last) = spans.last_mut() {
            last.text = last.text.trim_end_matches(' ').to_owned();
        }
        let lines = break_lines(self.fonts, &spans, &styles, s);
        (lines, styles)
    }

    /// Draw one line at (x, baseline) into a chunk.
    pub fn draw_line(
        &mut self,
        line: &Line,
        styles: &[SpanStyle],
        x0: f64,
        baseline: f64,
        chunk: &mut Chunk,
    ) {
        // Strike and underline rules, drawn after the text (over it).
        let mut rules: Vec<Item> = Vec::new();
        let mut underline: Option<usize> = None;
        // Highlights go under this line's text: drawn first.
        let line_start = chunk.items.len();
        let mut highlights: Vec<Item> = Vec::new();
        // One run for as much of the line as shares face, size, colour and
        // baseline: each run costs the PDF a text matrix and operators.
        let mut run: Option<Run> = None;
        for (x, piece) in &line.pieces {
            let st = &styles[piece.style];
            let x = x0 + x;
            let mark = self.piece_mark(st.link.as_ref());
            for (gx, g) in &piece.glyphs {
                let glyph_baseline = baseline - st.rise - g.y_offset * st.size;
                let continues = run.as_ref().is_some_and(|r| {
                    r.face == g.face
                        && r.size == st.size
                        && r.color == st.color
                        && r.baseline == glyph_baseline
                        && r.mark == mark
                });
                if !continues {
                    chunk.items.extend(run.take().map(Item::Text));
                }
                let r = run.get_or_insert_with(|| Run {
                    face: g.face,
                    size: st.size,
                    color: st.color,
                    baseline: glyph_baseline,
                    glyphs: Vec::new(),
                    mark,
                });
                r.glyphs.push((x + gx + g.x_offset * st.size, g.clone()));
            }
            if let Some(color) = st.highlight {
                let (top, h) = (baseline - st.size * 0.82 - st.rise, st.size * 1.08);
                match highlights.last_mut() {
                    Some(Item::Rect { x: hx, w, y, .. })
                        if (*y - top).abs() < 0.01 && x - (*hx + *w) < st.size =>
                    {
                        *w = x + piece.width - *hx;
                    }
                    _ => highlights.push(Item::Rect {
                        x,
                        y: top,
                        w: piece.width,
                        h,
                        color,
                    }),
                }
            }
            if st.strike {
                let y = baseline - st.size * 0.3;
                rules.push(Item::Line {
                    x1: x,
                    y1: y,
                    x2: x + piece.width,
                    y2: y,
                    width: st.size * 0.06,
                    color: st.color,
                });
            }
            if st.underline {
                // One rule under the words of a run, the spaces between them
                // included, where and as thick as the font says.
                let (position, thickness) = piece
                    .glyphs
                    .first()
                    .and_then(|(_, g)| self.fonts.faces.get(g.face))
                    .map_or((0.1, 0.07), |face| face.underline);
                let y = baseline + st.size * position - st.rise;
                match underline.and_then(|i| rules.get_mut(i)) {
                    Some(Item::Line { x2, y1, .. })
                        if (*y1 - y).abs() < 0.01 && x - *x2 < st.size =>
                    {
                        *x2 = x + piece.width;
                    }
                    _ => {
                        underline = Some(rules.len());
                        rules.push(Item::Line {
                            x1: x,
                            y1: y,
                            x2: x + piece.width,
                            y2: y,
                            width: st.size * thickness,
                            color: st.color,
                        });
                    }
                }
            }
            if let Some(target) = &st.link {
                // Merge with the previous area when it continues the same link.
                let (y, h) = (baseline - st.size * 0.95 - st.rise, st.size * 1.25);
                match chunk.links.last_mut() {
                    Some(l)
                        if l.target == *target
                            && l.mark == mark
                            && (l.x + l.w - x).abs() < st.size
                            && (l.y - y).abs() < 0.01 =>
                    {
                        l.w = x + piece.width - l.x;
                    }
                    _ => chunk.links.push(LinkArea {
                        x,
                        y,
                        w: piece.width,
                        h,
                        target: target.clone(),
                        mark,
                    }),
                }
            }
        }
        chunk.items.extend(run.map(Item::Text));
        chunk.items.extend(rules);
        chunk.items.splice(line_start..line_start, highlights);
    }

    /// Lines → chunks: one per line, kept so that no widow or orphan is left.
    pub fn push_lines(
        &mut self,
        lines: &[Line],
        styles: &[SpanStyle],
        x: f64,
        lh: f64,
        ascent: f64,
        before: f64,
    ) -> usize {
        let n = lines.len();
        let first = self.chunks.len();
        for (i, line) in lines.iter().enumerate() {
            let mut chunk = Chunk {
                h: lh,
                before: if i == 0 { before } else { 0.0 },
                ..Default::default()
            };
            let baseline = (lh - ascent) / 2.0 + ascent * 0.8;
            chunk.baseline = baseline;
            self.draw_line(line, styles, x, baseline, &mut chunk);
            chunk.keep = n > 1 && (i == 0 || i + 2 >= n) && i + 1 < n;
            self.chunks.push(chunk);
        }
        first
    }

    pub fn lh(&self) -> f64 {
        self.size * self.leading
    }

    pub fn gap(&self) -> f64 {
        self.size * 0.7
    }

    pub fn blocks(&mut self, blocks: &[Block], x: f64, width: f64, bars: &[f64]) {
        for (i, block) in blocks.iter().enumerate() {
            let start = self.chunks.len();
            self.block(block, x, width, bars, i == 0);
            for c in &mut self.chunks[start..] {
                for &b in bars {
                    if !c.bars.contains(&b) {
                        c.bars.push(b);
                    }
                }
            }
        }
    }

    pub(super) fn paragraph(&mut self, content: &[Inline], x: f64, width: f64, before: f64) {
        // A sentence in capitals (the seed's taglines) is set as a kicker:
        // smaller, bold, letter-spaced, never justified or hyphenated.
        let tagline = crate::doc::is_tagline(content);
        let mut base = self.base_style(self.size);
        let mut justify = self.style.justify;
        if tagline {
            base.size = self.size * 0.86;
            base.variant.bold = true;
            base.color = self.colors.muted;
            base.tracking = self.style.caps_tracking;
            base.hyphenate = false;
            justify = false;
        }
        let s = self.settings(width, justify, !tagline);
        let (lines, styles) = self.set(content, &base, &s);
        let lh = if tagline { base.size * 1.35 } else { self.lh() };
        let outer = self.open(Kind::Paragraph);
        self.push_lines(&lines, &styles, x, lh, base.size, before);
        if self.style.print_urls {
            self.link_addresses(content, x, width);
        }
        self.close(outer);
    }

    fn block(&mut self, block: &Block, x: f64, width: f64, bars: &[f64], first: bool) {
        let gap = if first { 0.0 } else { self.gap() };
        match block {
            Block::Paragraph { content } => {
                let mut found = Vec::new();
                super::figure::images_in(content, None, &mut found);
                if found.is_empty() {
                    self.paragraph(content, x, width, gap);
                } else {
                    self.paragraph_with_images(content, x, width, gap);
                }
            }
            Block::Heading {
                level,
                attr,
                content,
                pos,
                ..
            } => {
                let text = plain_text(content);
                if text.trim().is_empty() {
                    return;
                }
                let lvl = (*level as usize).clamp(1, 6);
                let scale = self
                    .style
                    .heading_scale
                    .get(lvl - 1)
                    .copied()
                    .unwrap_or(1.0);
                let size = self.size * scale;
                let mut base = self.base_style(size);
                base.variant = Variant {
                    role: Role::Heading,
                    bold: true,
                    italic: false,
                };
                base.color = if lvl <= 2 {
                    self.colors.accent
                } else {
                    self.colors.text
                };
                base.hyphenate = false;
                let s = self.settings(width, false, false);
                let (lines, styles) = self.set(content, &base, &s);
                let before = if first && bars.is_empty() {
                    0.0
                } else {
                    self.size * (0.9 + 0.25 * (4 - lvl.min(4)) as f64)
                };
                let lh = size * 1.22;
                let outer = self.open(Kind::Heading {
                    level: lvl as u8,
                    title: text.trim().to_owned(),
                });
                self.tags.at(self.mark, pos.line, pos.column);
                let start = self.push_lines(&lines, &styles, x, lh, size, before);
                self.close(outer);
                let after = self.size * 0.3;
                let n = self.chunks.len();
                for c in &mut self.chunks[start..n] {
                    c.keep = true;
                }
                if let Some(last) = self.chunks.last_mut() {
                    last.h += after;
                }
                let head = &mut self.chunks[start];
                head.anchors.push(Anchor {
                    id: attr.id.clone(),
                    y: 0.0,
                });
                head.outline = Some((*level, text));
            }
            Block::List {
                start,
                style,
                delimiter,
                tight,
                items,
            } => self.list(
                (*start, *style, *delimiter),
                *tight,
                items,
                x,
                width,
                bars,
                gap,
            ),
            Block::DefinitionList { items } => {
                let indent = self.size * 1.8;
                for (i, item) in items.iter().enumerate() {
                    let before = if i == 0 { gap } else { self.gap() };
                    let term = [Inline::Strong {
                        content: item.term.clone(),
                    }];
                    let start = self.chunks.len();
                    self.paragraph(&term, x, width, before);
                    // A term stays with the first line of its definition.
                    for c in &mut self.chunks[start..] {
                        c.keep = true;
                    }
                    for definition in &item.definitions {
                        let first = self.chunks.len();
                        self.blocks(definition, x + indent, width - indent, bars);
                        if let Some(c) = self.chunks.get_mut(first) {
                            c.before = self.size * 0.2;
                        }
                    }
                }
            }
            Block::LineBlock { lines } => {
                let mut content = Vec::new();
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        content.push(Inline::LineBreak);
                    }
                    content.extend(line.iter().cloned());
                }
                self.paragraph(&content, x, width, gap);
            }
            Block::Div { attr, blocks } => self.div(attr, blocks, x, width, bars, gap),
            Block::PageBreak => self.chunks.push(Chunk {
                page_break: true,
                ..Default::default()
            }),
            Block::Quote { blocks } => {
                let indent = self.size * 1.2;
                let mut bars = bars.to_vec();
                bars.push(x + self.size * 0.2);
                let first_chunk = self.chunks.len();
                let outer = self.open(Kind::Quote);
                self.blocks(blocks, x + indent, width - indent, &bars);
                self.close(outer);
                if let Some(c) = self.chunks.get_mut(first_chunk) {
                    c.before = c.before.max(gap);
                }
            }
            Block::Code { text, .. } => {
                let outer = self.open(Kind::Code);
                self.code(text, x, width, gap);
                self.close(outer);
            }
            Block::Table { align, head, rows } => {
                super::table::table(self, align, head, rows, x, width, gap)
            }
            Block::Rule => {
                let h = self.size * 1.2;
                let mut c = Chunk {
                    h,
                    before: gap,
                    ..Default::default()
                };
                c.items.push(Item::Line {
                    x1: x,
                    y1: h / 2.0,
                    x2: x + width,
                    y2: h / 2.0,
                    width: 0.6,
                    color: self.colors.rule,
                });
                self.chunks.push(c);
            }
            Block::Raw { .. } => {}
        }
    }

    /// A div: its blocks, styled by the layout's entry for its first class
    /// that has one (a shaded box, a rule down its left, a colour, kept
    /// on one page); a class with no entry changes nothing in print.
    fn div(
        &mut self,
        attr: &crate::doc::Attr,
        blocks: &[Block],
        x: f64,
        width: f64,
        bars: &[f64],
        gap: f64,
    ) {
        let entry = attr
            .classes
            .iter()
            .find_map(|class| self.style.classes.get(class))
            .cloned()
            .unwrap_or_default();
        let background = entry.background.map(Rgb::from);
        let rule = entry.rule.map(Rgb::from);
        let boxed = background.is_some() || rule.is_some();
        let pad = if boxed { self.size * 0.8 } else { 0.0 };
        let saved = self.colors.text;
        if let Some(color) = entry.color {
            self.colors.text = Rgb::from(color);
        }
        let first_chunk = self.chunks.len();
        self.blocks(blocks, x + pad, width - 2.0 * pad, bars);
        self.colors.text = saved;
        let n = self.chunks.len();
        if n == first_chunk {
            return;
        }
        self.chunks[first_chunk].before = self.chunks[first_chunk].before.max(gap);
        if boxed {
            // One box: the space between the blocks inside goes into the
            // chunks (so the shade has no gaps), and a padding above and below.
            for i in first_chunk..n {
                let c = &mut self.chunks[i];
                let mut dy = if i == first_chunk {
                    pad * 0.75
                } else {
                    c.before
                };
                if i > first_chunk {
                    c.before = 0.0;
                }
                if i + 1 == n {
                    c.h += pad * 0.75;
                }
                shift_down(c, dy);
                dy = c.h;
                let mut decoration = Vec::new();
                if let Some(color) = background {
                    decoration.push(Item::Rect {
                        x,
                        y: 0.0,
                        w: width,
                        h: dy,
                        color,
                    });
                }
                if let Some(color) = rule {
                    let rx = x + self.size * 0.12;
                    decoration.push(Item::Line {
                        x1: rx,
                        y1: 0.0,
                        x2: rx,
                        y2: dy,
                        width: self.size * 0.24,
                        color,
                    });
                }
                c.items.splice(0..0, decoration);
            }
        }
        if entry.keep {
            for c in &mut self.chunks[first_chunk..n - 1] {
                c.keep = true;
            }
        }
    }

    fn code(&mut self, text: &str, x: f64, width: f64, before: f64) {
        let mut base = self.base_style(self.size * 0.86);
        base.variant.role = Role::Mono;
        base.hyphenate = false;
        let pad = self.size * 0.6;
        let s = self.settings(width - 2.0 * pad, false, false);
        let lh = base.size * 1.4;
        let mut all = Vec::new();
        let mut styles = vec![base.clone()];
        for src in text.trim_end_matches('\n').split('\n') {
            if src.trim().is_empty() {
                all.push(Line::default());
                continue;
            }
            // Keep leading indentation: non-breaking spaces do not collapse.
            let indent = src.len() - src.trim_start_matches(' ').len();
            let shown = format!("{}{}", "\u{a0}".repeat(indent), &src[indent..]);
            let (lines, st) = self.set(&[Inline::text(shown)], &base, &s);
            styles = st;
            all.extend(lines);
        }
        let n = all.len();
        for (i, line) in all.iter().enumerate() {
            let top = if i == 0 { pad } else { 0.0 };
            let bottom = if i + 1 == n { pad } else { 0.0 };
            let h = lh + top + bottom;
            let mut c = Chunk {
                h,
                before: if i == 0 { before } else { 0.0 },
                ..Default::default()
            };
            c.items.push(Item::Rect {
                x,
                y: 0.0,
                w: width,
                h,
                color: self.colors.shade,
            });
            self.draw_line(line, &styles, x + pad, top + lh * 0.72, &mut c);
            c.keep = n > 1 && (i == 0 || i + 2 >= n) && i + 1 < n;
            self.chunks.push(c);
        }
    }
}

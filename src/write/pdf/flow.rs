//! Flow: blocks → chunks (lines, rows, rules) with keep rules; paginate.rs
//! stacks the chunks into columns and pages.

use super::font::{Fonts, Role, Variant};
use super::lines::{break_lines, Line, SpanStyle, UNBOUNDED_MEASURE};
use super::page::{Anchor, Item, Kind, LinkArea, Mark, Rgb, Tags, Target};
use super::spans::text_variant;
use crate::doc::{plain_text, Align, Block, Inline};
use crate::image::Images;
use crate::layout::Style;

// Measures of the flow, in em of the body size unless they say otherwise.

/// Space between blocks: half a line at the layouts' leading (1.4), so
/// paragraphs part without the hole of a blank line.
pub const BLOCK_GAP_EM: f64 = 0.7;
/// One step down the type scale (1 / 1.16): taglines, the contents' label.
pub const STEP_DOWN: f64 = 0.86;
/// Where a line's baseline sits in its line height: Inter's ascender over
/// the line box, so a single line's first baseline matches a paragraph's.
pub const BASELINE_SHARE: f64 = 0.75;
/// A line's baseline below the top of its text's own box (the line height
/// less its half-leadings): Inter's ascent, 0.8 of the size.
pub const ASCENT: f64 = 0.8;
/// A tagline's leading: capitals have no descenders and need less.
const TAGLINE_LEADING: f64 = 1.35;
/// Headings' leading: display sizes need less than text.
const HEADING_LEADING: f64 = 1.22;
/// Space above a heading of level 4 to 6; each level above 4 adds a step,
/// so a section's heading sits further from what it ends than a
/// subsection's does.
const HEADING_SPACE_EM: f64 = 0.9;
const HEADING_SPACE_STEP_EM: f64 = 0.25;
/// Space below a heading: a heading sits nearer its own text than the text
/// before it.
const HEADING_AFTER_EM: f64 = 0.3;
/// A definition's indent under its term, and the space above it.
const DEFINITION_INDENT_EM: f64 = 1.8;
const DEFINITION_BEFORE_EM: f64 = 0.2;
/// A block quote's indent, and where its bar stands inside the indent.
const QUOTE_INDENT_EM: f64 = 1.2;
const QUOTE_BAR_EM: f64 = 0.2;
/// A thematic break: the height it takes, and its hairline (pt; 0.6 pt
/// is about the thinnest rule an office laser prints unbroken).
const RULE_SPACE_EM: f64 = 1.2;
pub const RULE_WIDTH_PT: f64 = 0.6;
/// A styled div's padding inside its box, and the part of it above the
/// first and below the last block (text's own leading gives the rest).
const BOX_PAD_EM: f64 = 0.8;
const BOX_PAD_VERTICAL_SHARE: f64 = 0.75;
/// A div's rule down its left edge: its width, centred half that in.
const DIV_RULE_EM: f64 = 0.24;

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
    /// How paragraphs' lines sit on the measure: `None` as the layout
    /// says (justified or ragged right); raw TeX's `center` and
    /// `flushright` set them centred or ragged left.
    pub align: Align,
    /// The numbers of numbered equations.
    pub equations: crate::transform::equations::Equations,
    /// The structure node of the formula drawn last, which its later
    /// parts (a formula broken across lines) draw into.
    pub last_formula: Option<Mark>,
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
            lang: super::hyphen::language(&self.fonts.lang),
            lang_tag: None,
            small_caps: false,
            highlight: None,
            math: None,
        }
    }

    pub fn lh(&self) -> f64 {
        self.size * self.leading
    }

    pub fn gap(&self) -> f64 {
        self.size * BLOCK_GAP_EM
    }

    pub fn blocks(&mut self, blocks: &[Block], x: f64, width: f64, bars: &[f64]) {
        for (i, block) in blocks.iter().enumerate() {
            let start = self.chunks.len();
            self.block(block, x, width, bars, i == 0);
            // A paragraph that introduces what follows ("…as follows:")
            // stays with it, never alone at the foot of a page.
            if introduces(block)
                && blocks
                    .get(i + 1)
                    .is_some_and(|next| !matches!(next, Block::Heading { .. }))
            {
                if let Some(last) = self.chunks[start..].last_mut() {
                    last.keep = true;
                }
            }
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
            base.size = self.size * STEP_DOWN;
            base.variant.bold = true;
            base.color = self.colors.muted;
            base.tracking = self.style.caps_tracking;
            base.hyphenate = false;
            justify = false;
        }
        if matches!(self.align, Align::Center | Align::Right) {
            justify = false;
        }
        let s = self.settings(width, justify, !tagline);
        let (mut lines, styles) = self
            .filled_line(content, &base, width)
            .unwrap_or_else(|| self.set(content, &base, &s));
        align_lines(&mut lines, width, self.align);
        let lh = if tagline {
            base.size * TAGLINE_LEADING
        } else {
            self.lh()
        };
        let outer = self.open(Kind::Paragraph);
        self.push_lines(&lines, &styles, x, lh, base.size, before);
        if self.style.print_urls {
            self.link_addresses(content, x, width);
        }
        self.close(outer);
    }

    /// A paragraph with raw TeX's `\hfill` in it, as one line: what is
    /// before the first fill at the left margin, what is after the last at
    /// the right, the parts between spread evenly (`Name \hfill Date`).
    /// None when there is no fill or the parts do not fit on one line;
    /// the fills are then left out.
    fn filled_line(
        &mut self,
        content: &[Inline],
        base: &SpanStyle,
        width: f64,
    ) -> Option<(Vec<Line>, Vec<SpanStyle>)> {
        let parts: Vec<&[Inline]> = content.split(crate::write::tex::is_fill).collect();
        if parts.len() < 2 {
            return None;
        }
        // Each part's natural width: set on a measure nothing fills.
        let natural = self.settings(UNBOUNDED_MEASURE, false, false);
        let mut styles = vec![base.clone()];
        let mut set = Vec::with_capacity(parts.len());
        for part in parts {
            let spans = self.spans(part, base, &mut styles);
            let mut lines = break_lines(self.fonts, &spans, &styles, &natural);
            if lines.len() > 1 {
                return None;
            }
            set.push(lines.pop().unwrap_or_default());
        }
        let used: f64 = set.iter().map(|line| line.width).sum();
        if used > width {
            return None;
        }
        let gap = (width - used) / (set.len() - 1) as f64;
        let mut line = Line {
            width,
            ..Line::default()
        };
        let mut at = 0.0;
        for part in set {
            line.pieces
                .extend(part.pieces.into_iter().map(|(x, piece)| (at + x, piece)));
            at += part.width + gap;
        }
        Some((vec![line], styles))
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
            Block::Figure { content } => self.implicit_figure(content, x, width, gap),
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
                    self.size * (HEADING_SPACE_EM + HEADING_SPACE_STEP_EM * (4 - lvl.min(4)) as f64)
                };
                let lh = size * HEADING_LEADING;
                let outer = self.open(Kind::Heading {
                    level: lvl as u8,
                    title: text.trim().to_owned(),
                });
                self.tags.at(self.mark, pos.line, pos.column);
                let start = self.push_lines(&lines, &styles, x, lh, size, before);
                self.close(outer);
                let after = self.size * HEADING_AFTER_EM;
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
                let indent = self.size * DEFINITION_INDENT_EM;
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
                            c.before = self.size * DEFINITION_BEFORE_EM;
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
                let indent = self.size * QUOTE_INDENT_EM;
                let mut bars = bars.to_vec();
                bars.push(x + self.size * QUOTE_BAR_EM);
                let first_chunk = self.chunks.len();
                let outer = self.open(Kind::Quote);
                self.blocks(blocks, x + indent, width - indent, &bars);
                self.close(outer);
                if let Some(c) = self.chunks.get_mut(first_chunk) {
                    c.before = c.before.max(gap);
                }
            }
            Block::Code { lang, attr, text } => {
                let outer = self.open(Kind::Code);
                self.code((lang.as_deref(), attr, text), x, width, gap);
                self.close(outer);
            }
            Block::Table {
                caption,
                columns,
                head,
                body,
                foot,
                ..
            } => {
                // Each cell set as one paragraph; the first header row is
                // the head, any others lead the body.
                let inlines = |row: &crate::doc::Row| -> Vec<Vec<Inline>> {
                    row.iter().map(|cell| cell.inlines().into_owned()).collect()
                };
                let mut rows = head.iter().chain(body).chain(foot).map(inlines);
                let first = if head.is_empty() {
                    Vec::new()
                } else {
                    rows.next().unwrap_or_default()
                };
                let rows: Vec<_> = rows.collect();
                let align: Vec<Align> = columns.iter().map(|c| c.align).collect();
                super::table::table(self, caption, &align, &first, &rows, x, width, gap)
            }
            Block::Rule => {
                let h = self.size * RULE_SPACE_EM;
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
                    width: RULE_WIDTH_PT,
                    color: self.colors.rule,
                });
                self.chunks.push(c);
            }
            // Raw TeX's layout commands: space, and environments' bodies.
            Block::Raw { format, text } if format == "latex" || format == "tex" => {
                for set in crate::write::tex::blocks(text) {
                    match set {
                        crate::write::tex::Set::Blocks(align, blocks) => {
                            let outer = std::mem::replace(&mut self.align, align);
                            let start = self.chunks.len();
                            self.blocks(&blocks, x, width, bars);
                            self.align = outer;
                            // The environment stands apart as a paragraph does.
                            if let Some(first) = self.chunks.get_mut(start) {
                                first.before = first.before.max(gap);
                            }
                        }
                        crate::write::tex::Set::Space(em) => self.chunks.push(Chunk {
                            h: self.size * em,
                            ..Default::default()
                        }),
                    }
                }
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
        let pad = if boxed { self.size * BOX_PAD_EM } else { 0.0 };
        let saved = self.colors.text;
        if let Some(color) = entry.color {
            self.colors.text = Rgb::from(color);
        }
        let first_chunk = self.chunks.len();
        let outer = self.open(Kind::Div);
        self.blocks(blocks, x + pad, width - 2.0 * pad, bars);
        self.close(outer);
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
                    pad * BOX_PAD_VERTICAL_SHARE
                } else {
                    c.before
                };
                if i > first_chunk {
                    c.before = 0.0;
                }
                if i + 1 == n {
                    c.h += pad * BOX_PAD_VERTICAL_SHARE;
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
                    let rx = x + self.size * DIV_RULE_EM / 2.0;
                    decoration.push(Item::Line {
                        x1: rx,
                        y1: 0.0,
                        x2: rx,
                        y2: dy,
                        width: self.size * DIV_RULE_EM,
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
}

/// Whether a block is a paragraph that ends in a colon: an introduction
/// to the block after it.
fn introduces(block: &Block) -> bool {
    match block {
        Block::Paragraph { content } => plain_text(content).trim_end().ends_with(':'),
        _ => false,
    }
}

/// Moves each line along the measure as `align` says: centred, or flush
/// right. A right-to-left paragraph's lines are set flush right already.
fn align_lines(lines: &mut [super::lines::Line], width: f64, align: Align) {
    let share = match align {
        Align::Center => 0.5,
        Align::Right => 1.0,
        Align::Left | Align::None => return,
    };
    for line in lines.iter_mut().filter(|line| !line.rtl) {
        let shift = ((width - line.width) * share).max(0.0);
        for (x, _) in &mut line.pieces {
            *x += shift;
        }
    }
}

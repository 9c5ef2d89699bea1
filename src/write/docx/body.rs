//! The body: blocks → paragraphs (and tables), each in a named style, with
//! the list numbering, bookmarks, page breaks and notes they carry.

use super::media::Media;
use super::numbering::{Kind, Numbering};
use super::package::Rels;
use super::props::{twips, Border, Indent, ParaProps, RunProps};
use super::runs::Piece;
use super::styles::{style_id, Geometry};
use super::xml::is_well_formed;
use crate::doc::{plain_text, Attr, Block, Definition, Document, Inline, Item};
use crate::layout::Layout;
use crate::write::highlight;
use crate::write::WriteOptions;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Word's bookmark names: at most 40 characters (ECMA-376 17.13.6.2 leaves
/// the length open; Word cuts longer ones and loses the link).
const BOOKMARK_MAX: usize = 40;
/// A PDF's rule under a `---`: a hairline in the rule colour, in eighths of
/// a point.
const RULE_EIGHTHS: u32 = 6;

/// How the blocks inside a container are set: inherited downward.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    /// Paragraph style over the default (Block Text in a quote, a class's).
    pub style: Option<String>,
    /// Extra left indent (list item continuations, nested quotes), twips.
    pub indent: i64,
    /// List depth of the next list.
    pub depth: usize,
    pub keep: bool,
    pub bidi: bool,
    pub justify: Option<&'static str>,
    /// Run properties every run inherits (a class's colour, a `lang`).
    pub run: RunProps,
    /// Paragraphs of a tight list.
    pub tight: bool,
}

/// Which part is being written: the document or the footnotes, each with
/// its own relationships.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Part {
    Document,
    Footnotes,
}

pub struct Writer<'a> {
    pub doc: &'a Document,
    pub layout: &'a Layout,
    pub options: &'a WriteOptions,
    pub geometry: Geometry,
    pub out: String,
    pub part: Part,
    pub rels: Rels,
    pub note_rels: Rels,
    pub numbering: Numbering,
    /// Each footnote's paragraphs, its id its index + 1.
    pub notes: Vec<String>,
    pub media: Media,
    /// Paragraph styles `custom-style` asked for, to be defined.
    pub custom_styles: Vec<String>,
    /// Character styles `custom-style` on spans asked for.
    pub custom_char_styles: Vec<String>,
    anchors: BTreeMap<String, String>,
    next_bookmark: u32,
    pub next_drawing: u32,
    /// A page break waits for the next paragraph (`pageBreakBefore`).
    page_break: bool,
    /// Bookmarks (ids) that open at the next paragraph.
    pending_bookmarks: Vec<String>,
    /// The next paragraph starts with the footnote's own number.
    note_mark: bool,
    /// The last block was a heading or the title: the next paragraph is a
    /// First Paragraph (no first-line indent in a reference that has one).
    pub after_heading: bool,
    /// Notes being written inside notes (a note that cites itself).
    note_depth: usize,
    /// The numbers of numbered equations.
    pub equations: crate::transform::equations::Equations,
}

impl<'a> Writer<'a> {
    pub fn new(doc: &'a Document, layout: &'a Layout, options: &'a WriteOptions) -> Writer<'a> {
        Writer {
            doc,
            layout,
            options,
            geometry: Geometry::of(&layout.style, options),
            out: String::new(),
            part: Part::Document,
            rels: Rels::new("rId"),
            note_rels: Rels::new("rId"),
            numbering: Numbering::default(),
            notes: Vec::new(),
            media: Media::default(),
            custom_styles: Vec::new(),
            custom_char_styles: Vec::new(),
            anchors: BTreeMap::new(),
            next_bookmark: 0,
            next_drawing: 1,
            page_break: false,
            pending_bookmarks: Vec::new(),
            note_mark: false,
            after_heading: false,
            note_depth: 0,
            equations: crate::transform::equations::Equations::of(doc),
        }
    }

    /// The relationships of the part being written.
    pub fn rels_mut(&mut self) -> &mut Rels {
        match self.part {
            Part::Document => &mut self.rels,
            Part::Footnotes => &mut self.note_rels,
        }
    }

    /// The bookmark name for an id: letters, digits and `_`, starting with
    /// a letter, at most 40 characters, unique.
    pub fn anchor(&mut self, id: &str) -> String {
        if let Some(name) = self.anchors.get(id) {
            return name.clone();
        }
        let mut name: String = id
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        if !name.starts_with(|c: char| c.is_alphabetic()) {
            name.insert_str(0, "q_");
        }
        name = name.chars().take(BOOKMARK_MAX).collect();
        let taken =
            |n: &String, anchors: &BTreeMap<String, String>| anchors.values().any(|v| v == n);
        let mut n = 2;
        while taken(&name, &self.anchors) {
            let suffix = format!("_{n}");
            name = name
                .chars()
                .take(BOOKMARK_MAX - suffix.len())
                .collect::<String>()
                + &suffix;
            n += 1;
        }
        self.anchors.insert(id.to_owned(), name.clone());
        name
    }

    pub fn blocks(&mut self, blocks: &[Block], ctx: &Ctx) {
        for block in blocks {
            self.block(block, ctx);
        }
    }

    fn body_style(&mut self, ctx: &Ctx) -> String {
        if let Some(style) = &ctx.style {
            return style.clone();
        }
        let style = if ctx.tight {
            "Compact"
        } else if self.after_heading {
            "FirstParagraph"
        } else {
            "BodyText"
        };
        style.to_owned()
    }

    fn base_props(&mut self, ctx: &Ctx) -> ParaProps {
        ParaProps {
            style: Some(self.body_style(ctx)),
            indent: (ctx.indent > 0).then(|| Indent {
                left: ctx.indent,
                ..Indent::default()
            }),
            justify: ctx.justify,
            ..ParaProps::default()
        }
    }

    fn block(&mut self, block: &Block, ctx: &Ctx) {
        match block {
            Block::Heading {
                level,
                attr,
                content,
                ..
            } => {
                if !attr.id.is_empty() {
                    self.pending_bookmarks.push(attr.id.clone());
                }
                let props = ParaProps {
                    style: Some(format!("Heading{}", level.clamp(&1, &6))),
                    bidi: ctx.bidi,
                    justify: ctx.justify,
                    ..ParaProps::default()
                };
                self.paragraph(props, content, ctx);
                self.after_heading = true;
                return;
            }
            Block::Paragraph { content } => {
                let props = self.base_props(ctx);
                self.paragraph(props, content, ctx);
            }
            Block::Figure { content } => self.figure(content, ctx),
            Block::List {
                start,
                style,
                delimiter,
                tight,
                items,
            } => {
                let kind = match start {
                    None => Kind::Bullet,
                    Some(start) => Kind::Ordered {
                        start: *start,
                        style: *style,
                        delimiter: *delimiter,
                    },
                };
                self.list(kind, *tight, items, ctx);
            }
            Block::DefinitionList { items } => self.definitions(items, ctx),
            Block::LineBlock { lines } => {
                let mut content = Vec::new();
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        content.push(Inline::LineBreak);
                    }
                    content.extend(line.iter().cloned());
                }
                let props = self.base_props(ctx);
                self.paragraph(props, &content, ctx);
            }
            Block::Quote { blocks } => {
                let nested = ctx.style.as_deref() == Some("BlockText");
                let inner = Ctx {
                    style: Some("BlockText".to_owned()),
                    indent: if nested {
                        ctx.indent + twips(self.layout.style.size * 1.6)
                    } else {
                        ctx.indent
                    },
                    tight: false,
                    ..ctx.clone()
                };
                self.blocks(blocks, &inner);
            }
            Block::Code { lang, attr, text } => self.code(lang.as_deref(), attr, text, ctx),
            Block::Table {
                attr,
                caption,
                columns,
                head,
                body,
                foot,
                ..
            } => {
                let table = super::table::Table {
                    attr,
                    caption,
                    columns,
                    head,
                    body,
                    foot,
                };
                self.table(&table, ctx);
            }
            Block::Div { attr, blocks } => self.div(attr, blocks, ctx),
            Block::PageBreak => {
                self.page_break = true;
                return;
            }
            Block::Rule => {
                let mut props = self.base_props(ctx);
                props.style = Some("BodyText".to_owned());
                props.border_bottom = Some(Border {
                    color: self.layout.style.colors.rule,
                    eighths: RULE_EIGHTHS,
                    space: 1,
                });
                self.paragraph(props, &[], ctx);
            }
            Block::Raw { format, text } => {
                if format == "openxml" && is_well_formed(text) {
                    self.flush_page_break();
                    self.out.push_str(text);
                } else if format == "latex" || format == "tex" {
                    // Raw TeX's layout: environments' bodies as blocks,
                    // aligned as the environment says; space is left to
                    // the paragraph spacing of the styles.
                    for set in crate::write::tex::blocks(text) {
                        if let crate::write::tex::Set::Blocks(align, blocks) = set {
                            let ctx = Ctx {
                                justify: super::table::jc(align).or(ctx.justify),
                                ..ctx.clone()
                            };
                            self.blocks(&blocks, &ctx);
                        }
                    }
                }
            }
        }
        self.after_heading = false;
    }

    /// A page break no paragraph took: a paragraph of its own.
    pub fn flush_page_break(&mut self) {
        if std::mem::take(&mut self.page_break) {
            self.out
                .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        }
    }

    /// One paragraph: its properties, the bookmarks waiting for it, its runs.
    pub fn paragraph(&mut self, mut props: ParaProps, content: &[Inline], ctx: &Ctx) {
        props.page_break_before |= std::mem::take(&mut self.page_break);
        props.bidi |= ctx.bidi;
        props.keep_next |= ctx.keep;
        props.keep_lines |= ctx.keep;
        self.out.push_str("<w:p>");
        props.write(&mut self.out);
        let mut bookmarks = Vec::new();
        for id in std::mem::take(&mut self.pending_bookmarks) {
            let name = self.anchor(&id);
            let n = self.bookmark_id();
            let _ = write!(
                self.out,
                "<w:bookmarkStart w:id=\"{n}\" w:name=\"{name}\"/>"
            );
            bookmarks.push(n);
        }
        if std::mem::take(&mut self.note_mark) {
            self.out.push_str(
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>\
                 <w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
            );
        }
        let mut pieces = Vec::new();
        self.inlines(content, &ctx.run, &mut pieces);
        super::runs::write(&pieces, &mut self.out);
        for n in bookmarks {
            let _ = write!(self.out, "<w:bookmarkEnd w:id=\"{n}\"/>");
        }
        self.out.push_str("</w:p>");
    }

    pub fn bookmark_id(&mut self) -> u32 {
        self.next_bookmark += 1;
        self.next_bookmark - 1
    }

    /// An inline bookmark around a span with an id.
    pub fn bookmark(&mut self, id: &str, inner: Vec<Piece>, pieces: &mut Vec<Piece>) {
        let name = self.anchor(id);
        let n = self.bookmark_id();
        pieces.push(Piece::Xml(format!(
            "<w:bookmarkStart w:id=\"{n}\" w:name=\"{name}\"/>"
        )));
        pieces.extend(inner);
        pieces.push(Piece::Xml(format!("<w:bookmarkEnd w:id=\"{n}\"/>")));
    }

    /// A figure: the image centred, kept with its caption under it.
    fn figure(&mut self, content: &[Inline], ctx: &Ctx) {
        let caption = crate::doc::figure_caption(content).to_vec();
        let props = ParaProps {
            style: Some(
                if caption.is_empty() {
                    "Figure"
                } else {
                    "CaptionedFigure"
                }
                .to_owned(),
            ),
            ..ParaProps::default()
        };
        self.paragraph(props, content, ctx);
        if !caption.is_empty() {
            let props = ParaProps {
                style: Some("ImageCaption".to_owned()),
                ..ParaProps::default()
            };
            self.paragraph(props, &caption, ctx);
        }
    }

    fn list(&mut self, kind: Kind, tight: bool, items: &[Item], ctx: &Ctx) {
        let depth = ctx.depth;
        let num = self.numbering.add(depth, kind);
        let (left, _) = Numbering::indent(depth);
        let inner = Ctx {
            depth: depth + 1,
            indent: left,
            tight,
            ..ctx.clone()
        };
        for item in items {
            let mark = item
                .task
                .map(|done| if done { "\u{2612} " } else { "\u{2610} " });
            let mut numbered = ParaProps {
                style: Some(if tight { "Compact" } else { "BodyText" }.to_owned()),
                numbering: Some((num, depth as u32)),
                justify: ctx.justify,
                ..ParaProps::default()
            };
            if let Some(style) = &ctx.style {
                numbered.style = Some(style.clone());
            }
            let (first, rest) = match item.blocks.split_first() {
                Some((Block::Paragraph { content }, rest)) => (Some(content), rest),
                _ => (None, item.blocks.as_slice()),
            };
            let mut content = Vec::new();
            if let Some(mark) = mark {
                content.push(Inline::text(mark));
            }
            if let Some(first) = first {
                content.extend(first.iter().cloned());
            }
            let item_ctx = Ctx {
                tight,
                ..ctx.clone()
            };
            self.paragraph(numbered, &content, &item_ctx);
            self.after_heading = false;
            self.blocks(rest, &inner);
        }
    }

    fn definitions(&mut self, items: &[Definition], ctx: &Ctx) {
        for item in items {
            let props = ParaProps {
                style: Some("DefinitionTerm".to_owned()),
                ..ParaProps::default()
            };
            self.paragraph(props, &item.term, ctx);
            let inner = Ctx {
                style: Some("Definition".to_owned()),
                ..ctx.clone()
            };
            for definition in &item.definitions {
                self.blocks(definition, &inner);
            }
        }
    }

    /// A code block: one Source Code paragraph, lines broken inside it, each
    /// token in the theme's colour.
    fn code(&mut self, lang: Option<&str>, attr: &Attr, text: &str, ctx: &Ctx) {
        let style = &self.layout.style;
        let text = highlight::expand_tabs(text.trim_end_matches('\n'), style.code.tab_width);
        let tokens = highlight::highlight(lang.or(attr.classes.first().map(String::as_str)), &text);
        let number = highlight::first_line_number(attr, style.code.line_numbers);
        let mut pieces = Vec::new();
        for (i, line) in highlight::lines(&tokens).into_iter().enumerate() {
            if i > 0 {
                pieces.push(Piece::Text(RunProps::default(), "\n".to_owned()));
            }
            if let Some(first) = number {
                pieces.push(Piece::Text(
                    RunProps {
                        color: Some(style.colors.muted),
                        ..RunProps::default()
                    },
                    format!("{:>3}  ", first + i as u64),
                ));
            }
            for (kind, token) in line {
                pieces.push(Piece::Text(
                    RunProps {
                        color: kind.color(&style.code.theme),
                        ..RunProps::default()
                    },
                    token,
                ));
            }
        }
        let mut props = self.base_props(ctx);
        props.style = Some("SourceCode".to_owned());
        props.justify = None;
        props.page_break_before |= std::mem::take(&mut self.page_break);
        props.bidi = false;
        self.out.push_str("<w:p>");
        props.write(&mut self.out);
        super::runs::write(&pieces, &mut self.out);
        self.out.push_str("</w:p>");
    }

    fn div(&mut self, attr: &Attr, blocks: &[Block], ctx: &Ctx) {
        let mut inner = ctx.clone();
        if let Some(custom) = attr.get("custom-style") {
            if !self.custom_styles.iter().any(|s| s == custom) {
                self.custom_styles.push(custom.to_owned());
            }
            inner.style = Some(style_id(custom));
        } else if let Some(class) = attr
            .classes
            .iter()
            .find(|c| self.layout.style.classes.contains_key(*c))
        {
            let look = &self.layout.style.classes[class];
            inner.style = Some(style_id(class));
            inner.keep |= look.keep;
        }
        match attr.get("dir") {
            Some("rtl") => {
                inner.bidi = true;
                inner.run.rtl = true;
            }
            Some("ltr") => {
                inner.bidi = false;
                inner.run.rtl = false;
            }
            _ => {}
        }
        if let Some(lang) = attr.get("lang") {
            inner.run.lang = Some(lang.to_owned());
        }
        if !attr.id.is_empty() {
            self.pending_bookmarks.push(attr.id.clone());
        }
        self.blocks(blocks, &inner);
    }

    /// A footnote's blocks into the footnotes part; the reference run.
    pub fn note(&mut self, index: usize) -> Option<Piece> {
        let note = self.doc.notes.get(index)?;
        if self.note_depth > 0 {
            return None;
        }
        let id = self.notes.len() + 1;
        self.notes.push(String::new());
        let saved_out = std::mem::take(&mut self.out);
        let saved_part = std::mem::replace(&mut self.part, Part::Footnotes);
        let saved_bookmarks = std::mem::take(&mut self.pending_bookmarks);
        let saved_break = std::mem::take(&mut self.page_break);
        let saved_heading = std::mem::take(&mut self.after_heading);
        self.note_depth += 1;
        self.note_mark = true;
        let ctx = Ctx {
            style: Some("FootnoteText".to_owned()),
            ..Ctx::default()
        };
        self.blocks(&note.blocks, &ctx);
        if self.note_mark {
            self.paragraph(
                ParaProps {
                    style: Some("FootnoteText".to_owned()),
                    ..ParaProps::default()
                },
                &[],
                &ctx,
            );
        }
        self.note_depth -= 1;
        self.notes[id - 1] = std::mem::replace(&mut self.out, saved_out);
        self.part = saved_part;
        self.pending_bookmarks = saved_bookmarks;
        self.page_break = saved_break;
        self.after_heading = saved_heading;
        Some(Piece::Xml(format!(
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        )))
    }

    /// The alt text of an image, or its title: `descr` on every drawing.
    pub fn alt_text(alt: &[Inline], title: &str) -> String {
        let alt = plain_text(alt);
        if alt.trim().is_empty() {
            title.to_owned()
        } else {
            alt
        }
    }
}

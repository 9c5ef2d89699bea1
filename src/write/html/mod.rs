//! tree → HTML: one body renderer, framed by the layout's `page.html` or
//! `fragment.html`. The body is also what the EPUB writer reuses, so it is
//! well-formed XML as well as HTML (void elements closed with ` />`).

use crate::doc::{plain_text, Block, Document, Inline};
use crate::error::Result;
use crate::layout::Layout;
use crate::write::context::TemplateContext;
use crate::write::css::scope_css;
use crate::write::WriteOptions;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How the body is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyOptions {
    /// Give headings their ids and wrap tables for small screens, keep
    /// non-ASCII in URLs as typed (off in the `--raw` spec-conformance
    /// mode, which matches cmark-gfm byte for byte).
    pub decorate: bool,
    /// GFM's tag filter: neutralise `<script>`, `<iframe>`… in raw HTML.
    pub tag_filter: bool,
    /// Number the lines of every code block (the layout's
    /// `code.line_numbers`), not only those marked `.numberLines`.
    pub line_numbers: bool,
}

use super::escape::tag_filter;
pub use attributes::attributes;
use attributes::{
    code_block_attributes, div_attributes, has_author_style, image_attributes, link_attributes,
};
pub use list::list_type;

mod attributes;
mod inline;
mod list;
mod section;
mod table;
pub use super::escape::{escape, escape_href, unescape};

/// The class of the element that wraps every page body and fragment; all of
/// the layout's CSS is scoped under it.
pub const SCOPE_CLASS: &str = "quire";

/// The standalone page, through the layout's `page.html`.
pub fn page(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<String> {
    let context = context(doc, layout, options, false)?;
    layout.render("page.html", &context.into_full())
}

/// The embeddable piece, through the layout's `fragment.html`: no `<html>`,
/// CSS scoped under the wrapping class, no script.
pub fn fragment(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<String> {
    let context = context(doc, layout, options, true)?;
    layout.render("fragment.html", &context.into_full())
}

fn context(
    doc: &Document,
    layout: &Layout,
    options: &WriteOptions,
    fragment: bool,
) -> Result<TemplateContext> {
    // The page and the fragment are read away from the source folder (the
    // fragment inside another site): loaded images travel inside them.
    let sources = options
        .images
        .iter()
        .map(|(url, image)| (url.clone(), image.data_uri()))
        .collect();
    let mut body = body_with_sources(
        doc,
        BodyOptions {
            decorate: true,
            tag_filter: fragment,
            line_numbers: layout.style.code.line_numbers,
        },
        &sources,
    );
    // Raw HTML and the author's CSS from the source are made safe for the
    // fragment always, and for the page unless the project trusts its
    // sources (`trust_html`).
    if (fragment || !options.trust_html) && (doc.has_raw_html() || has_author_style(doc)) {
        body = crate::write::sanitize::sanitize(&body);
    }
    let mut context = TemplateContext::new(doc, layout, options, body);
    context.css = scope_css(&context.style_sheet(layout)?, SCOPE_CLASS);
    if !fragment && layout.style.web_fonts {
        let text = crate::write::webfonts::ScreenText::of(doc, layout, [context.body.as_str()]);
        let faces = crate::write::webfonts::layout_fonts(layout, &options.project_fonts, &text)?;
        let faces = crate::write::webfonts::font_face_css(&faces, |face, css| {
            use base64::Engine;
            let _ = write!(css, "data:{};base64,", face.media_type());
            base64::engine::general_purpose::STANDARD.encode_string(&face.bytes, css);
        });
        context.css = faces + &context.css;
    }
    Ok(context)
}

/// The document's body as HTML.
pub fn body(doc: &Document, options: BodyOptions) -> String {
    body_with_sources(doc, options, &BTreeMap::new())
}

/// The body, with each image whose URL is a key of `sources` pointing at
/// the value instead (a `data:` URI, a file inside an EPUB).
pub fn body_with_sources(
    doc: &Document,
    options: BodyOptions,
    sources: &BTreeMap<String, String>,
) -> String {
    body_parts(doc, options, sources, &[]).concat()
}

/// The body in parts, cut before each top-level block whose index is in
/// `cuts` (ascending): one renderer runs through all of them, so note
/// references keep their numbers, and the notes end the last part.
pub fn body_parts(
    doc: &Document,
    options: BodyOptions,
    sources: &BTreeMap<String, String>,
    cuts: &[usize],
) -> Vec<String> {
    let mut renderer = Renderer {
        out: String::new(),
        options,
        note_refs: vec![0; doc.notes.len()],
        sources,
        equations: crate::transform::equations::Equations::of(doc),
    };
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for &cut in cuts.iter().chain([&doc.blocks.len()]) {
        let cut = cut.clamp(from, doc.blocks.len());
        renderer.blocks(&doc.blocks[from..cut], false);
        parts.push(std::mem::take(&mut renderer.out));
        from = cut;
    }
    if !doc.notes.is_empty() {
        // The notes join the last part (`out` is empty again here).
        let last = parts.pop().unwrap_or_default();
        renderer.out = last;
        renderer.notes(doc);
        parts.push(renderer.out);
    }
    parts
}

struct Renderer<'a> {
    out: String,
    options: BodyOptions,
    /// How many times each note has been referenced so far (for unique ids).
    note_refs: Vec<usize>,
    /// Image URL → what `src` says instead.
    sources: &'a BTreeMap<String, String>,
    /// The numbers of numbered equations.
    equations: crate::transform::equations::Equations,
}

impl Renderer<'_> {
    /// A newline unless the output already ends a line (cmark's `cr`).
    /// Highlighted code: each token in a span of its kind's class.
    fn tokens(&mut self, tokens: &[crate::write::highlight::Token]) {
        for (kind, piece) in tokens {
            match kind.class() {
                Some(class) => {
                    let _ = write!(self.out, "<span class=\"{class}\">{}</span>", escape(piece));
                }
                None => self.out.push_str(&escape(piece)),
            }
        }
    }

    fn cr(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for block in blocks {
            self.block(block, tight);
        }
    }

    fn block(&mut self, block: &Block, tight: bool) {
        match block {
            Block::Paragraph { content } if tight => self.inlines(content),
            Block::Paragraph { content } => {
                self.cr();
                if self.options.decorate && crate::doc::is_tagline(content) {
                    let _ = write!(self.out, "<p class=\"quire-kicker\"{}>", dir(content));
                } else {
                    let _ = write!(self.out, "<p{}>", dir(content));
                }
                self.inlines(content);
                self.out.push_str("</p>\n");
            }
            // The caption repeats the image's alt text, which assistive
            // technology has read already: hidden from it, as pandoc does
            // (the PDF cannot hide text that is on the page from it).
            Block::Figure { content } => {
                self.cr();
                // The image's id names the figure, as pandoc writes it.
                let (id, content) = figure_id(content);
                let _ = writeln!(self.out, "<figure{id}>");
                self.inlines(&content);
                self.out.push_str("\n<figcaption aria-hidden=\"true\">");
                self.inlines(crate::doc::figure_caption(&content));
                self.out.push_str("</figcaption>\n</figure>\n");
            }
            Block::Heading {
                level,
                attr,
                content,
                ..
            } => {
                self.cr();
                if self.options.decorate && !attr.is_empty() {
                    let _ = write!(self.out, "<h{level}{}>", attributes(attr));
                } else {
                    let _ = write!(self.out, "<h{level}>");
                }
                self.inlines(content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::List {
                start,
                style,
                delimiter,
                tight,
                items,
            } => self.list(*start, *style, *delimiter, *tight, items),
            Block::Quote { blocks } => {
                self.cr();
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks, false);
                self.cr();
                self.out.push_str("</blockquote>\n");
            }
            Block::Code { lang, attr, text } => {
                use crate::write::highlight;
                self.cr();
                let start = highlight::first_line_number(attr, self.options.line_numbers);
                // The fence's `#id`, other classes and pairs are the block's,
                // as pandoc writes them; the language is the code's class.
                let _ = write!(
                    self.out,
                    "<pre{}>",
                    code_block_attributes(attr, lang, start)
                );
                match lang {
                    Some(lang) => {
                        let _ = write!(self.out, "<code class=\"language-{}\">", escape(lang));
                    }
                    None => self.out.push_str("<code>"),
                }
                let tokens = highlight::highlight(lang.as_deref(), text);
                match start {
                    None => self.tokens(&tokens),
                    Some(start) => {
                        let lines = highlight::lines(&tokens);
                        // The fence's last newline ends the last line; it
                        // starts no line of its own.
                        let count = lines.len() - usize::from(text.ends_with('\n'));
                        for (n, line) in lines.iter().take(count).enumerate() {
                            // Shown, but not read aloud nor copied (CSS).
                            let _ = write!(
                                self.out,
                                "<span class=\"line-number\" aria-hidden=\"true\">{}</span>",
                                start + n as u64
                            );
                            self.tokens(line);
                            self.out.push('\n');
                        }
                    }
                }
                self.out.push_str("</code></pre>\n");
            }
            Block::Raw { format, text } => {
                if format == "html" {
                    self.cr();
                    let html = self.raw_html(text);
                    self.out.push_str(&html);
                    self.cr();
                }
            }
            Block::DefinitionList { items } => {
                self.cr();
                self.out.push_str("<dl>\n");
                for item in items {
                    self.out.push_str("<dt>");
                    self.inlines(&item.term);
                    self.out.push_str("</dt>\n");
                    for definition in &item.definitions {
                        self.out.push_str("<dd>\n");
                        self.blocks(definition, item.tight);
                        self.cr();
                        self.out.push_str("</dd>\n");
                    }
                }
                self.out.push_str("</dl>\n");
            }
            Block::LineBlock { lines } => {
                self.cr();
                self.out.push_str("<div class=\"line-block\">");
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("<br />\n");
                    }
                    self.inlines(line);
                }
                self.out.push_str("</div>\n");
            }
            Block::Div { attr, blocks } => self.div(attr, blocks),
            Block::PageBreak => {
                self.cr();
                self.out
                    .push_str("<div class=\"page-break\" role=\"separator\"></div>\n");
            }
            Block::Rule => {
                self.cr();
                self.out.push_str("<hr />\n");
            }
            Block::Table { .. } => self.table(block),
        }
    }

    fn notes(&mut self, doc: &Document) {
        self.cr();
        self.out
            .push_str("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (index, note) in doc.notes.iter().enumerate() {
            let n = index + 1;
            let _ = writeln!(self.out, "<li id=\"fn-{n}\">");
            self.blocks(&note.blocks, false);
            // The link back goes inside the last paragraph, as readers
            // expect; after any other last block (a figure, a list) it
            // stands alone in the item, as pandoc writes it, not as a
            // paragraph of its own.
            let back = format!(" <a href=\"#fnref-{n}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference {n}\">↩</a>");
            if self.out.ends_with("</p>\n") {
                self.out.truncate(self.out.len() - "</p>\n".len());
                self.out.push_str(&back);
                self.out.push_str("</p>\n");
            } else {
                self.cr();
                let _ = writeln!(self.out, "{}", back.trim_start());
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text { text } => self.out.push_str(&escape(text)),
            Inline::SoftBreak => self.out.push('\n'),
            Inline::LineBreak => self.out.push_str("<br />\n"),
            Inline::Code { attr, text } => {
                let _ = write!(
                    self.out,
                    "<code{}>{}</code>",
                    attributes(attr),
                    escape(text)
                );
            }
            // MathML, in pandoc's `<span class="math …">`; what cannot be
            // read is its TeX as code (`math::problems` warns).
            Inline::Math { display, tex, pos } => {
                let class = if *display { "display" } else { "inline" };
                let rows = self.equations.rows(*pos, tex);
                match crate::write::math::numbered_mathml(tex, *display, rows) {
                    Ok(mathml) => {
                        let _ = write!(self.out, "<span class=\"math {class}\">{mathml}</span>");
                    }
                    Err(_) => {
                        let _ = write!(
                            self.out,
                            "<code class=\"math {class}\">{}</code>",
                            escape(tex)
                        );
                    }
                }
            }
            Inline::Cite { citations, content } => {
                let keys: Vec<&str> = citations.iter().map(|c| c.id.as_str()).collect();
                let _ = write!(
                    self.out,
                    "<span class=\"citation\" data-cites=\"{}\">",
                    escape(&keys.join(" "))
                );
                self.inlines(content);
                self.out.push_str("</span>");
            }
            Inline::Raw { format, text } => {
                if format == "html" {
                    let html = self.raw_html(text);
                    self.out.push_str(&html);
                }
            }
            Inline::Emph { content } => self.wrap("em", content),
            Inline::Strong { content } => self.wrap("strong", content),
            Inline::Strike { content } => self.wrap("del", content),
            Inline::Underline { content } => self.wrap("u", content),
            Inline::Mark { content } => self.wrap("mark", content),
            Inline::Superscript { content } => self.wrap("sup", content),
            Inline::Subscript { content } => self.wrap("sub", content),
            Inline::SmallCaps { content } => {
                self.out.push_str("<span class=\"smallcaps\">");
                self.inlines(content);
                self.out.push_str("</span>");
            }
            Inline::Span { attr, content } => self.span(attr, content),
            Inline::Link {
                attr,
                url,
                title,
                content,
                ..
            } => {
                let _ = write!(
                    self.out,
                    "<a href=\"{}\"{}",
                    escape_href(url, !self.options.decorate),
                    link_attributes(attr)
                );
                if !title.is_empty() {
                    let _ = write!(self.out, " title=\"{}\"", escape(title));
                }
                self.out.push('>');
                self.inlines(content);
                self.out.push_str("</a>");
            }
            Inline::Image {
                attr,
                url,
                title,
                alt,
                ..
            } => {
                let src = self.sources.get(url).unwrap_or(url);
                let _ = write!(
                    self.out,
                    "<img src=\"{}\" alt=\"{}\"{}",
                    escape_href(src, !self.options.decorate),
                    // `{alt="…"}` overrides the description, as in pandoc.
                    escape(&attr.get("alt").map_or_else(|| alt_text(alt), str::to_owned)),
                    image_attributes(attr)
                );
                if !title.is_empty() {
                    let _ = write!(self.out, " title=\"{}\"", escape(title));
                }
                self.out.push_str(" />");
            }
            Inline::NoteRef { index } => {
                let n = index + 1;
                let seen = self.note_refs.get_mut(*index).map_or(0, |count| {
                    *count += 1;
                    *count
                });
                let id = if seen > 1 {
                    format!("fnref-{n}-{seen}")
                } else {
                    format!("fnref-{n}")
                };
                let _ = write!(
                    self.out,
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\">{n}</a></sup>"
                );
            }
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }

    fn raw_html(&self, html: &str) -> String {
        if self.options.tag_filter {
            tag_filter(html)
        } else {
            html.to_owned()
        }
    }
}

/// An image's alt text: the plain text of its inlines, line breaks as in cmark.
fn alt_text(alt: &[Inline]) -> String {
    let mut out = String::new();
    for inline in alt {
        match inline {
            Inline::SoftBreak => out.push('\n'),
            Inline::LineBreak => out.push('\n'),
            other => out.push_str(&plain_text(std::slice::from_ref(other))),
        }
    }
    out
}

/// A figure's id (` id="…"`) taken from its image, and its content with
/// the image's id left off.
fn figure_id(content: &[Inline]) -> (String, std::borrow::Cow<'_, [Inline]>) {
    let has_id =
        |inline: &Inline| matches!(inline, Inline::Image { attr, .. } if !attr.id.is_empty());
    let Some(at) = content.iter().position(has_id) else {
        return (String::new(), std::borrow::Cow::Borrowed(content));
    };
    let mut owned = content.to_vec();
    let mut id = String::new();
    if let Inline::Image { attr, .. } = &mut owned[at] {
        id = format!(" id=\"{}\"", escape(&std::mem::take(&mut attr.id)));
    }
    (id, std::borrow::Cow::Owned(owned))
}

/// ` dir="rtl"` for text whose first strong character is right-to-left
/// (Arabic, Hebrew): the browser then orders and aligns it so.
fn dir(inlines: &[Inline]) -> &'static str {
    let text = crate::doc::plain_text(inlines);
    match unicode_bidi::get_base_direction(text.as_str()) {
        unicode_bidi::Direction::Rtl => " dir=\"rtl\"",
        _ => "",
    }
}

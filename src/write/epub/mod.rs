//! tree → EPUB 3: XHTML content documents through the layout's
//! `chapter.xhtml` (the body comes from the HTML writer's renderer), packaged
//! by epub-builder (the only file that knows it), then made reproducible.
//!
//! epub-builder writes the package; we then replace what it cannot do right:
//! the navigation document and NCX (ours nest headings to the layout's depth
//! and carry `lang`), the identifier (a UUID v5 of the document's identity,
//! not a random one), `dcterms:modified` (from `SOURCE_DATE_EPOCH` or the
//! front matter date, not the clock), a duplicate `epub-creator-0` id that
//! 0.8.3 writes when both an author and a language are set, the metadata it
//! has no setter for, and the zip itself (fixed times, stable order).

mod cover;
mod images;
mod package;
mod xhtml;

use crate::date::Stamp;
use crate::doc::{plain_text, Block, TocEntry};
use crate::doc::{Document, Value};
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::write::context::TemplateContext;
use crate::write::html::{self, escape, BodyOptions};
use crate::write::WriteOptions;
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary,
};
use images::{accessibility, package_images};
use std::collections::{BTreeMap, HashMap};

/// The language when neither the front matter nor the project names one.
const DEFAULT_LANG: &str = "en";
const COVER_FILE: &str = "cover.xhtml";

/// One content document.
struct Chapter {
    file: String,
    title: String,
    html: String,
}

pub fn write(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<Vec<u8>> {
    let mut doc = xhtml::prepare(doc, &options.images);
    let images = package_images(&doc, &options.images);
    let lang = doc
        .meta
        .lang
        .clone()
        .filter(|lang| valid_lang(lang))
        .unwrap_or_else(|| DEFAULT_LANG.to_owned());
    doc.meta.lang = Some(lang.clone());
    // An EPUB must have a title: the document's, else its name.
    let title = doc
        .meta
        .title
        .clone()
        .or_else(|| doc.meta.name.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled".to_owned());
    if doc.meta.title.is_none() {
        doc.meta.name = Some(title.clone());
    }

    let mut chapters = split(
        &doc,
        &images.sources,
        layout.style.chapter_level,
        layout.style.code.line_numbers,
    );
    let files = link_chapters(&mut chapters);
    let toc: Vec<TocEntry> = crate::doc::toc(&doc)
        .into_iter()
        .filter(|e| !e.text.trim().is_empty())
        .collect();

    let mut context = TemplateContext::with_toc(&doc, layout, options, String::new(), toc.clone());
    let mut css = crate::write::css::scope_css(&context.style_sheet(layout)?, html::SCOPE_CLASS);
    // The book set in the layout's type (`embed_fonts`), its files beside
    // the stylesheet.
    let fonts = if layout.style.embed_fonts {
        let text = crate::write::webfonts::ScreenText::of(
            &doc,
            layout,
            chapters.iter().map(|chapter| chapter.html.as_str()),
        );
        crate::write::webfonts::layout_fonts(layout, &options.project_fonts, &text)?
    } else {
        Vec::new()
    };
    css = crate::write::webfonts::font_face_css(&fonts, |face, css| {
        css.push_str("fonts/");
        css.push_str(&face.file);
    }) + &css;
    context.css = css.clone();
    let mut rendered = Vec::with_capacity(chapters.len());
    for chapter in &chapters {
        context.body = chapter.html.clone();
        rendered.push(layout.render("chapter.xhtml", &context.full())?);
    }

    let identifier = package::uuid_v5(&format!(
        "quire:{}\n{}\n{}\n{}",
        title,
        doc.meta.subtitle.as_deref().unwrap_or(""),
        doc.meta.date.as_deref().unwrap_or(""),
        lang
    ));
    let date = doc.meta.date.as_deref().and_then(Stamp::from_date);
    let stamp = options
        .epoch
        .map(Stamp::from_epoch)
        .or(date)
        .unwrap_or_else(|| Stamp::from_epoch(315_532_800)); // 1980-01-01, the zip epoch

    let mut builder =
        EpubBuilder::new(ZipLibrary::new().map_err(epub_error)?).map_err(epub_error)?;
    builder.epub_version(EpubVersion::V30);
    builder.escape_html(true);
    builder.set_title(title.clone());
    builder.add_language(lang.clone());
    builder.set_generator(format!("quire {}", env!("CARGO_PKG_VERSION")));
    builder.set_uuid(identifier);
    builder.set_modified_date(
        chrono::DateTime::from_timestamp(stamp.unix_seconds(), 0).unwrap_or_default(),
    );
    // The chapters that hold MathML: declared in the manifest, and the
    // book's formulas are MathML for assistive technology.
    let with_math: Vec<&str> = chapters
        .iter()
        .zip(&rendered)
        .filter(|(_, xhtml)| xhtml.contains("<math "))
        .map(|(chapter, _)| chapter.file.as_str())
        .collect();
    let mut features = accessibility(&images);
    if !with_math.is_empty() {
        features.push(("schema:accessibilityFeature", "MathML"));
    }
    for (property, value) in features {
        builder.add_metadata_opf(Box::new(MetadataOpfV3::new(
            property.to_owned(),
            value.to_owned(),
        )));
    }
    for author in authors(&doc, options) {
        builder.add_author(author);
    }
    if let Some(description) = description(&doc) {
        builder.add_description(description);
    }
    for keyword in &doc.meta.keywords {
        builder.add_subject(keyword.clone());
    }
    if let Some(Value::String(rights)) = doc.meta.extra.get("rights") {
        builder.set_license(rights.clone());
    }
    builder.stylesheet(css.as_bytes()).map_err(epub_error)?;
    for font in &fonts {
        builder
            .add_resource(
                format!("fonts/{}", font.file),
                &*font.bytes,
                font.media_type(),
            )
            .map_err(epub_error)?;
    }
    for (file, image) in &images.files {
        builder
            .add_resource(file, image.bytes.as_slice(), image.kind.media_type())
            .map_err(epub_error)?;
    }
    let cover = cover::cover(&doc, layout, &lang);
    builder
        .add_content(
            EpubContent::new(COVER_FILE, cover.as_bytes())
                .title("Cover")
                .reftype(ReferenceType::Cover),
        )
        .map_err(epub_error)?;
    for (i, (chapter, xhtml)) in chapters.iter().zip(&rendered).enumerate() {
        let mut content =
            EpubContent::new(chapter.file.clone(), xhtml.as_bytes()).title(chapter.title.clone());
        if i == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        builder.add_content(content).map_err(epub_error)?;
    }
    let mut epub = Vec::new();
    builder.generate(&mut epub).map_err(epub_error)?;

    let opf = read_entry(&epub, "OEBPS/content.opf")?;
    let opf = patch_opf(&opf, &doc, &extra_metadata(&doc, options, date));
    let opf = declare_mathml(opf, &with_math);
    let entries = |id: &str| {
        files
            .get(id)
            .cloned()
            .unwrap_or_else(|| chapters[0].file.clone())
    };
    let depth = layout.style.toc_depth.clamp(1, 6);
    let nav_entries: Vec<(u8, String, String)> = toc
        .iter()
        .filter(|e| e.level <= depth && !e.id.is_empty())
        .map(|e| {
            (
                e.level,
                format!("{}#{}", entries(&e.id), e.id),
                e.text.trim().to_owned(),
            )
        })
        .collect();
    let nav_entries = if nav_entries.is_empty() {
        vec![(1, chapters[0].file.clone(), title.clone())]
    } else {
        nav_entries
    };
    let nav = nav(&nav_entries, &title, &lang, &chapters[0].file);
    let ncx = ncx(&nav_entries, &title, &identifier.urn().to_string());
    package::rewrite(
        &epub,
        stamp,
        &[
            ("OEBPS/content.opf".to_owned(), opf.into_bytes()),
            ("OEBPS/nav.xhtml".to_owned(), nav.into_bytes()),
            ("OEBPS/toc.ncx".to_owned(), ncx.into_bytes()),
        ],
    )
}

fn epub_error(err: epub_builder::Error) -> Error {
    Error::Write(format!("could not assemble the EPUB: {err}"))
}

fn read_entry(epub: &[u8], name: &str) -> Result<String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub))
        .map_err(|err| Error::Write(format!("could not assemble the EPUB: {err}")))?;
    let mut file = archive
        .by_name(name)
        .map_err(|err| Error::Write(format!("could not assemble the EPUB ({name}): {err}")))?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|err| Error::Write(format!("could not assemble the EPUB ({name}): {err}")))?;
    Ok(text)
}

/// A BCP 47-looking tag (letters, digits and hyphens, starting with letters).
fn valid_lang(lang: &str) -> bool {
    let lang = lang.trim();
    !lang.is_empty()
        && lang.len() <= 35
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && lang
            .split('-')
            .all(|part| !part.is_empty() && part.len() <= 8)
        && lang
            .split('-')
            .next()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
}

fn authors(doc: &Document, options: &WriteOptions) -> Vec<String> {
    let authors: Vec<String> = doc
        .meta
        .authors
        .iter()
        .filter(|a| !a.trim().is_empty())
        .cloned()
        .collect();
    if authors.is_empty() {
        options
            .publisher
            .iter()
            .filter(|p| !p.trim().is_empty())
            .cloned()
            .collect()
    } else {
        authors
    }
}

/// The description, unless it is a placeholder (`...`, `TODO`).
fn description(doc: &Document) -> Option<String> {
    let text = doc.meta.description.as_deref()?.trim();
    let placeholder = text
        .chars()
        .all(|c| matches!(c, '.' | '…' | '-' | '_' | ' '))
        || ["todo", "tbd", "tba", "description", "lorem ipsum"]
            .contains(&text.to_lowercase().as_str());
    (!placeholder).then(|| text.to_owned())
}

/// Cuts the body into chapters before each top-level heading of level ≤
/// `level` that has an id (0: one content document); each chapter is
/// titled by its first heading. Footnotes stay at the end of the last one.
fn split(
    doc: &Document,
    sources: &BTreeMap<String, String>,
    level: u8,
    line_numbers: bool,
) -> Vec<Chapter> {
    let cuts: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| {
            level > 0
                && matches!(block, Block::Heading { level: l, attr, .. }
                    if *l <= level && !attr.id.is_empty())
        })
        .map(|(i, _)| i)
        .collect();
    let options = BodyOptions {
        decorate: true,
        tag_filter: true,
        line_numbers,
    };
    let parts = html::body_parts(doc, options, sources, &cuts);
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    let ends = cuts.iter().copied().chain([doc.blocks.len()]);
    let mut chapters: Vec<Chapter> = Vec::new();
    for ((start, end), html) in starts.zip(ends).zip(parts) {
        if html.trim().is_empty() {
            continue;
        }
        let title = doc.blocks[start..end]
            .iter()
            .find_map(|block| match block {
                Block::Heading { content, .. } => Some(plain_text(content).trim().to_owned()),
                _ => None,
            })
            .filter(|title| !title.is_empty())
            .unwrap_or_else(|| {
                doc.meta
                    .title
                    .clone()
                    .or_else(|| doc.meta.name.clone())
                    .unwrap_or_default()
            });
        chapters.push(Chapter {
            file: format!("chapter-{}.xhtml", chapters.len() + 1),
            title,
            html,
        });
    }
    if chapters.is_empty() {
        chapters.push(Chapter {
            file: "chapter-1.xhtml".to_owned(),
            title: doc
                .meta
                .title
                .clone()
                .or_else(|| doc.meta.name.clone())
                .unwrap_or_default(),
            html: String::new(),
        });
    }
    chapters
}

/// Which chapter holds each id; `href="#id"` pointing into another chapter
/// becomes `href="chapter-N.xhtml#id"`.
fn link_chapters(chapters: &mut [Chapter]) -> HashMap<String, String> {
    let mut files = HashMap::new();
    for chapter in chapters.iter() {
        for id in attribute_values(&chapter.html, " id=\"") {
            files.entry(id).or_insert_with(|| chapter.file.clone());
        }
    }
    if chapters.len() > 1 {
        for chapter in chapters.iter_mut() {
            let mut out = String::with_capacity(chapter.html.len());
            let mut rest = chapter.html.as_str();
            while let Some(at) = rest.find(" href=\"#") {
                let value_start = at + " href=\"#".len();
                out.push_str(&rest[..value_start - 1]);
                let end = rest[value_start..]
                    .find('"')
                    .map_or(rest.len(), |e| value_start + e);
                let id = &rest[value_start..end];
                match files.get(&html::unescape(id)) {
                    Some(file) if *file != chapter.file => out.push_str(file),
                    _ => {}
                }
                out.push('#');
                rest = &rest[value_start..];
            }
            out.push_str(rest);
            chapter.html = out;
        }
    }
    files
}

fn attribute_values(html: &str, prefix: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(prefix) {
        rest = &rest[at + prefix.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        values.push(html::unescape(&rest[..end]));
        rest = &rest[end..];
    }
    values
}

/// What epub-builder has no setter for, as OPF lines: the subtitle (a
/// second title that refines the first), the day of publication, the
/// publisher.
fn extra_metadata(doc: &Document, options: &WriteOptions, date: Option<Stamp>) -> Vec<String> {
    let mut extra = Vec::new();
    if let Some(subtitle) = doc
        .meta
        .subtitle
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        extra.push(format!(
            "<dc:title id=\"subtitle\">{}</dc:title>",
            escape(subtitle.trim())
        ));
        extra
            .push("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".to_owned());
    }
    if let Some(date) = date.or(options.epoch.map(Stamp::from_epoch)) {
        extra.push(format!("<dc:date>{}</dc:date>", date.day()));
    }
    if let Some(publisher) = options
        .publisher
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        extra.push(format!(
            "<dc:publisher>{}</dc:publisher>",
            escape(publisher.trim())
        ));
    }
    extra
}

/// What epub-builder 0.8.3 gets wrong in the package document: it gives
/// the package no language of its own (DAISY Ace's `epub-lang` asks for
/// one), and numbers languages and creators from the same `epub-creator-N`
/// ids, so a document with an author and a language has a duplicate id.
/// `extra` lines join the end of the metadata.
fn patch_opf(opf: &str, doc: &Document, extra: &[String]) -> String {
    let mut opf = opf.to_owned();
    if let Some(lang) = doc.meta.lang.as_deref() {
        let package = format!("<package version=\"3.0\" xml:lang=\"{}\"", escape(lang));
        opf = opf.replacen("<package version=\"3.0\"", &package, 1);
    }
    opf = opf.replace(
        "<dc:language id=\"epub-creator-",
        "<dc:language id=\"language-",
    );
    let extra: String = extra.iter().map(|line| format!("    {line}\n")).collect();
    match opf.find("  </metadata>") {
        Some(at) => format!("{}{}{}", &opf[..at], extra, &opf[at..]),
        None => opf,
    }
}

/// EPUB 3 asks that content documents holding MathML say so: the
/// `mathml` property on their manifest items.
fn declare_mathml(mut opf: String, files: &[&str]) -> String {
    for file in files {
        let href = format!("href=\"{}\"/>", escape(file));
        let declared = format!("href=\"{}\" properties=\"mathml\"/>", escape(file));
        opf = opf.replacen(&href, &declared, 1);
    }
    opf
}

/// A node of the navigation tree: an entry and its children.
struct NavNode<'a> {
    entry: &'a (u8, String, String),
    children: Vec<NavNode<'a>>,
}

/// Nests entries by level: a deeper heading goes under the nearest
/// shallower one before it, whatever the jump in levels.
fn nest(entries: &[(u8, String, String)]) -> Vec<NavNode<'_>> {
    fn take<'a>(
        entries: &'a [(u8, String, String)],
        i: &mut usize,
        parent_level: u8,
    ) -> Vec<NavNode<'a>> {
        let mut nodes = Vec::new();
        while *i < entries.len() && entries[*i].0 > parent_level {
            let entry = &entries[*i];
            *i += 1;
            let children = take(entries, i, entry.0);
            nodes.push(NavNode { entry, children });
        }
        nodes
    }
    let mut i = 0;
    let mut nodes = Vec::new();
    while i < entries.len() {
        nodes.extend(take(entries, &mut i, 0));
    }
    nodes
}

fn nav_list(nodes: &[NavNode<'_>], indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    out.push_str(&format!("{pad}<ol>\n"));
    for node in nodes {
        let (_, href, text) = node.entry;
        out.push_str(&format!(
            "{pad}  <li><a href=\"{}\">{}</a>",
            escape(href),
            escape(text)
        ));
        if !node.children.is_empty() {
            out.push('\n');
            nav_list(&node.children, indent + 2, out);
            out.push_str(&format!("{pad}  "));
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!("{pad}</ol>\n"));
}

fn nav(entries: &[(u8, String, String)], title: &str, lang: &str, first: &str) -> String {
    let mut list = String::new();
    nav_list(&nest(entries), 2, &mut list);
    let lang = escape(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
<head>\n  <meta charset=\"UTF-8\" />\n  <title>{title}</title>\n  <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\" />\n</head>\n\
<body>\n<main class=\"quire\">\n  <nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n    <h1 id=\"toc-title\">Contents</h1>\n{list}  </nav>\n\
  <nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" aria-labelledby=\"landmarks-title\">\n    <h2 id=\"landmarks-title\">Landmarks</h2>\n    <ol>\n\
      <li><a epub:type=\"cover\" href=\"{COVER_FILE}\">Cover</a></li>\n      \n\
      <li><a epub:type=\"bodymatter\" href=\"{first}\">Start of content</a></li>\n    </ol>\n  </nav>\n</main>\n</body>\n</html>\n",
        title = escape(title),
        first = escape(first),
    )
}

fn ncx(entries: &[(u8, String, String)], title: &str, identifier: &str) -> String {
    fn points(
        nodes: &[NavNode<'_>],
        order: &mut usize,
        depth: usize,
        max: &mut usize,
        out: &mut String,
    ) {
        *max = (*max).max(depth);
        for node in nodes {
            *order += 1;
            let (_, href, text) = node.entry;
            out.push_str(&format!(
                "<navPoint id=\"navPoint-{order}\" playOrder=\"{order}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/>",
                escape(text),
                escape(href)
            ));
            points(&node.children, order, depth + 1, max, out);
            out.push_str("</navPoint>\n");
        }
    }
    let mut map = String::new();
    let (mut order, mut depth) = (0, 0);
    points(&nest(entries), &mut order, 1, &mut depth, &mut map);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">\n<head>\n\
<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n\
<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n{map}</navMap>\n</ncx>\n",
        escape(identifier),
        escape(title)
    )
}

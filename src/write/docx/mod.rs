//! tree → DOCX (WordprocessingML): styles from the layout or a reference
//! document, real Word numbering, footnotes, hyperlinks and bookmarks,
//! images with alt text, written as OOXML parts and zipped.
//!
//! Written on `zip` (already a dependency) with XML text made here rather
//! than with docx-rs: measured on this machine, docx-rs 0.4.22 adds 20
//! crates to the tree (image 0.25 with tiff, a second zip major, quick-xml)
//! and 74 s of compile CPU to a clean build, and it models the document in
//! its own types, so a reference document's styles cannot pass through as
//! written and be put back in schema order (openxml-audit's findings in
//! pandoc's files). Reading a reference uses roxmltree (usvg's), and SVG
//! fallbacks resvg (krilla-svg's): no new crate at all.

mod body;
mod front;
mod media;
mod notes;
mod numbering;
mod package;
mod props;
mod reference;
mod runs;
mod styles;
mod table;
mod theme;
mod xml;

use crate::date::Stamp;
use crate::doc::Document;
use crate::error::Result;
use crate::layout::Layout;
use crate::write::context::TemplateContext;
use crate::write::{WriteOptions, Written};
use body::{Ctx, Writer};
use package::{Rels, DOCUMENT};
use std::fmt::Write;
use xml::{body_namespaces, escape, DECLARATION};

/// The language when neither the front matter nor the project names one.
const DEFAULT_LANG: &str = "en";
/// Where `{{ page }}` and `{{ pages }}` fall in a rendered running header
/// or footer: private-use characters no template writes.
const PAGE_MARK: &str = "\u{F8F0}";
const PAGES_MARK: &str = "\u{F8F1}";
/// 1980-01-01, the zip format's first day: the date of a document with no
/// date and no `SOURCE_DATE_EPOCH`.
const ZIP_EPOCH: i64 = 315_532_800;

pub fn write(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<Written> {
    let lang = doc
        .meta
        .lang
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_LANG.to_owned());
    let reference = match options.reference_docx.as_deref() {
        Some(bytes) => Some(reference::Reference::read(bytes)?),
        None => None,
    };

    let mut writer = Writer::new(doc, layout, options);
    writer.title_block();
    if layout.style.toc {
        writer.contents();
    }
    writer.blocks(&doc.blocks, &Ctx::default());
    let body = std::mem::take(&mut writer.out);

    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut rels = std::mem::take(&mut writer.rels);
    // The page setup and running header/footer: the reference's, or the
    // layout's.
    let sect_pr = match reference
        .as_ref()
        .and_then(|r| r.section(&mut rels, &mut parts))
    {
        Some(sect_pr) => sect_pr,
        None => {
            let header = running(doc, layout, options, "header", &layout.style.header)?
                .map(|xml| add_part(&mut rels, &mut parts, "header", "header1.xml", xml));
            let footer = running(doc, layout, options, "footer", &layout.style.footer)?
                .map(|xml| add_part(&mut rels, &mut parts, "footer", "footer1.xml", xml));
            writer
                .geometry
                .sect_pr(header.as_deref(), footer.as_deref())
        }
    };
    let document = format!(
        "{DECLARATION}<w:document {}><w:body>{body}{sect_pr}</w:body></w:document>",
        body_namespaces()
    );

    let mut defs = styles::styles(layout, &writer.custom_styles);
    for name in &writer.custom_char_styles {
        let id = styles::style_id(name);
        if !defs.iter().any(|d| d.id == id) {
            defs.push(styles::StyleDef::character(&id, name));
        }
    }
    let styles = match &reference {
        Some(reference) => reference.styles(&defs)?,
        None => styles::styles_xml(layout, &lang, &defs),
    };
    let mut structural = vec![
        ("styles", "styles.xml", styles.into_bytes()),
        (
            "footnotes",
            "footnotes.xml",
            notes::footnotes_xml(&writer.notes).into_bytes(),
        ),
        (
            "settings",
            "settings.xml",
            notes::settings_xml(layout.style.hyphenate).into_bytes(),
        ),
        (
            "fontTable",
            "fontTable.xml",
            styles::font_table(&layout.style).into_bytes(),
        ),
    ];
    if !writer.numbering.is_empty() {
        structural.push((
            "numbering",
            "numbering.xml",
            writer.numbering.xml().into_bytes(),
        ));
    }
    let theme = reference
        .as_ref()
        .and_then(|r| r.theme.clone())
        .unwrap_or_else(|| theme::theme_xml(&layout.style).into_bytes());
    structural.push(("theme", "theme/theme1.xml", theme));
    for (kind, name, bytes) in structural {
        rels.add(kind, name, false);
        parts.push((format!("word/{name}"), bytes));
    }
    if !writer.note_rels.list.is_empty() {
        parts.push((
            "word/_rels/footnotes.xml.rels".to_owned(),
            writer.note_rels.xml().into_bytes(),
        ));
    }
    parts.push((
        "word/_rels/document.xml.rels".to_owned(),
        rels.xml().into_bytes(),
    ));
    parts.extend(std::mem::take(&mut writer.media.files));

    let stamp = options
        .epoch
        .map(Stamp::from_epoch)
        .or_else(|| doc.meta.date.as_deref().and_then(Stamp::from_date))
        .unwrap_or_else(|| Stamp::from_epoch(ZIP_EPOCH));
    parts.push((
        "docProps/core.xml".to_owned(),
        package::core_properties(&doc.meta, &lang, stamp).into_bytes(),
    ));
    parts.insert(0, (DOCUMENT.to_owned(), document.into_bytes()));
    Ok(package::zip(parts, stamp)?.into())
}

/// Adds a header or footer part; its relationship id.
fn add_part(
    rels: &mut Rels,
    parts: &mut Vec<(String, Vec<u8>)>,
    kind: &'static str,
    name: &str,
    xml: String,
) -> String {
    parts.push((format!("word/{name}"), xml.into_bytes()));
    rels.add(kind, name, false)
}

/// The layout's running header or footer as a part: its template rendered
/// as the PDF's is, `{{ page }}` and `{{ pages }}` as Word's PAGE and
/// NUMPAGES fields (so Word and LibreOffice number the pages they set).
fn running(
    doc: &Document,
    layout: &Layout,
    options: &WriteOptions,
    what: &str,
    source: &str,
) -> Result<Option<String>> {
    if source.trim().is_empty() {
        return Ok(None);
    }
    let values = TemplateContext::new(doc, layout, options, String::new()).values();
    let extra = [
        ("page", PAGE_MARK.to_owned()),
        ("pages", PAGES_MARK.to_owned()),
    ];
    let text = layout.render_str(what, source, &values, &extra)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (tag, style) = if what == "header" {
        ("hdr", "Header")
    } else {
        ("ftr", "Footer")
    };
    let mut out = format!(
        "{DECLARATION}<w:{tag} {}><w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>",
        body_namespaces()
    );
    let mut rest = text;
    while !rest.is_empty() {
        let next = [(PAGE_MARK, "PAGE"), (PAGES_MARK, "NUMPAGES")]
            .iter()
            .filter_map(|(mark, field)| rest.find(mark).map(|at| (at, *mark, *field)))
            .min();
        let end = next.map_or(rest.len(), |(at, _, _)| at);
        if end > 0 {
            let _ = write!(
                out,
                "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(&rest[..end])
            );
        }
        match next {
            Some((at, mark, field)) => {
                let _ = write!(
                    out,
                    "<w:fldSimple w:instr=\" {field} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
                );
                rest = &rest[at + mark.len()..];
            }
            None => rest = "",
        }
    }
    let _ = write!(out, "</w:p></w:{tag}>");
    Ok(Some(out))
}

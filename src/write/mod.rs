//! The writers: plain functions from the tree and a layout to bytes.

pub mod context;
pub mod css;
pub mod docx;
pub mod epub;
pub mod escape;
pub mod highlight;
pub mod html;
pub mod math;
pub mod pdf;
pub mod sanitize;
pub mod tex;
pub mod text;
pub mod webfonts;

use crate::doc::Document;
use crate::error::Result;
pub use crate::format::Format;
use crate::layout::Layout;
use serde::Serialize;
use std::collections::BTreeSet;

/// What a writer needs besides the tree and the layout.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// The build date shown by templates (`build.date`): from
    /// `SOURCE_DATE_EPOCH` or the front matter, never the wall clock.
    pub build_date: Option<String>,
    /// `SOURCE_DATE_EPOCH`, for timestamps inside PDF and EPUB files.
    pub epoch: Option<i64>,
    /// `--max-pages`: over the layout's `max_pages`.
    pub max_pages: Option<u32>,
    /// `--paper`: `letter` or `a4`, over the layout's page size.
    pub paper: Option<String>,
    /// The project's publisher (EPUB metadata, default author).
    pub publisher: Option<String>,
    /// The document's local images that could be loaded, keyed by the URL
    /// as written in the tree (filled by `assets::load`). An image whose URL
    /// is not here is shown by its alt text (PDF, EPUB) or left as a link.
    pub images: crate::image::Images,
    /// `trust_html` in quire.yaml: the HTML page keeps the source's raw HTML
    /// as written (the fragment is sanitised regardless).
    pub trust_html: bool,
    /// `--pdf-standard` or quire.yaml's `pdf_standard`: over the layout's.
    pub pdf_standard: Option<String>,
    /// `--no-system-fonts` or quire.yaml's `system_fonts: false`: the PDF
    /// uses the layout's fonts only, so it is the same on every machine.
    pub no_system_fonts: bool,
    /// The faces of the project's `fonts/` folder: named by the layout, or
    /// drawn from for characters the layout's fonts lack.
    pub project_fonts: std::sync::Arc<crate::fonts::ProjectFonts>,
    /// `--reference-doc` or quire.yaml's `reference_docx`: the bytes of a
    /// .docx whose styles, page setup, headers and footers the DOCX takes.
    pub reference_docx: Option<std::sync::Arc<Vec<u8>>>,
}

/// The shape version of `--to json`; bumped when the tree changes shape.
pub const JSON_VERSION: u32 = 4;

/// One format's bytes, and what the writer had to leave out.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub bytes: Vec<u8>,
    /// Characters no font in the layout can draw (PDF): left off the page,
    /// for the caller to warn about.
    pub missing_chars: BTreeSet<char>,
}

impl From<Vec<u8>> for Written {
    fn from(bytes: Vec<u8>) -> Self {
        Written {
            bytes,
            missing_chars: BTreeSet::new(),
        }
    }
}

/// Writes one format.
pub fn write(
    doc: &Document,
    layout: &Layout,
    format: Format,
    options: &WriteOptions,
) -> Result<Written> {
    Ok(match format {
        Format::Html => html::page(doc, layout, options)?.into_bytes().into(),
        Format::Fragment => html::fragment(doc, layout, options)?.into_bytes().into(),
        Format::Text => text::write(doc, layout, options)?.into_bytes().into(),
        Format::Json => json(doc).into(),
        Format::PandocJson => crate::pandoc_ast::to_json(doc).into(),
        Format::Pdf => pdf::write(doc, layout, options)?,
        Format::Epub => epub::write(doc, layout, options)?.into(),
        Format::Docx => docx::write(doc, layout, options)?,
    })
}

/// The tree as JSON, with the shape version first.
pub fn json(doc: &Document) -> Vec<u8> {
    #[derive(Serialize)]
    struct Versioned<'a> {
        version: u32,
        #[serde(flatten)]
        document: &'a Document,
    }
    let mut bytes = serde_json::to_vec_pretty(&Versioned {
        version: JSON_VERSION,
        document: doc,
    })
    .unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A zip entry's time (the EPUB's and the DOCX's, from the build's date):
/// the zip format counts from 1980 to 2107.
pub(crate) fn zip_time(stamp: crate::date::Stamp) -> zip::DateTime {
    let year = stamp.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        stamp.month(),
        stamp.day_of_month(),
        stamp.hour(),
        stamp.minute(),
        stamp.second(),
    )
    .unwrap_or_default()
}

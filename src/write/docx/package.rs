//! The package: the parts, `[Content_Types].xml`, the relationships, the
//! core properties, zipped with fixed times in a fixed order so that two
//! builds of one source are the same bytes.

use super::xml::{escape, DECLARATION};
use crate::date::Stamp;
use crate::doc::Meta;
use crate::error::{Error, Result};
use crate::write::zip_time;
use std::fmt::Write as _;
use std::io::{Cursor, Write};

pub const DOCUMENT: &str = "word/document.xml";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// Relationship types (ECMA-376 part 1, 15.2).
pub const REL_OFFICE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_CORE: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq)]
pub struct Rel {
    pub id: String,
    /// The type's last word under `REL_OFFICE` (`styles`, `image`, `hyperlink`).
    pub kind: &'static str,
    pub target: String,
    pub external: bool,
}

/// A part's relationships, numbered in the order they are added.
#[derive(Debug, Clone, Default)]
pub struct Rels {
    pub list: Vec<Rel>,
    /// The prefix of this part's ids (`rId`; the reference's headers keep theirs).
    prefix: &'static str,
}

impl Rels {
    pub fn new(prefix: &'static str) -> Rels {
        Rels {
            list: Vec::new(),
            prefix,
        }
    }

    /// The id of a relationship to `target`, added if new.
    pub fn add(&mut self, kind: &'static str, target: &str, external: bool) -> String {
        if let Some(rel) = self
            .list
            .iter()
            .find(|r| r.kind == kind && r.target == target && r.external == external)
        {
            return rel.id.clone();
        }
        let id = format!("{}{}", self.prefix, self.list.len() + 1);
        self.list.push(Rel {
            id: id.clone(),
            kind,
            target: target.to_owned(),
            external,
        });
        id
    }

    pub fn xml(&self) -> String {
        let mut out = format!("{DECLARATION}<Relationships xmlns=\"{RELS_NS}\">");
        for rel in &self.list {
            let _ = write!(
                out,
                "<Relationship Id=\"{}\" Type=\"{REL_OFFICE}/{}\" Target=\"{}\"{}/>",
                rel.id,
                rel.kind,
                escape(&rel.target),
                if rel.external {
                    " TargetMode=\"External\""
                } else {
                    ""
                }
            );
        }
        out.push_str("</Relationships>");
        out
    }
}

/// The content type of each part the writer makes, by name.
fn override_type(name: &str) -> Option<String> {
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let wml = |kind: &str| format!("{WML}.{kind}+xml");
    Some(match name {
        DOCUMENT => wml("document.main"),
        "word/styles.xml" => wml("styles"),
        "word/numbering.xml" => wml("numbering"),
        "word/footnotes.xml" => wml("footnotes"),
        "word/settings.xml" => wml("settings"),
        "word/fontTable.xml" => wml("fontTable"),
        "word/theme/theme1.xml" => {
            "application/vnd.openxmlformats-officedocument.theme+xml".to_owned()
        }
        "docProps/core.xml" => {
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned()
        }
        name if name.starts_with("word/header") && name.ends_with(".xml") => wml("header"),
        name if name.starts_with("word/footer") && name.ends_with(".xml") => wml("footer"),
        _ => return None,
    })
}

fn content_types(parts: &[(String, Vec<u8>)]) -> String {
    let mut out = format!(
        "{DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    let mut extensions: Vec<&str> = parts
        .iter()
        .filter_map(|(name, _)| name.rsplit_once('.').map(|(_, ext)| ext))
        .filter(|ext| !matches!(*ext, "xml" | "rels"))
        .collect();
    extensions.sort_unstable();
    extensions.dedup();
    for ext in extensions {
        let media = match ext {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "svg" => "image/svg+xml",
            "gif" => "image/gif",
            "emf" => "image/x-emf",
            "wmf" => "image/x-wmf",
            _ => "application/octet-stream",
        };
        let _ = write!(
            out,
            "<Default Extension=\"{ext}\" ContentType=\"{media}\"/>"
        );
    }
    for (name, _) in parts {
        if let Some(kind) = override_type(name) {
            let _ = write!(
                out,
                "<Override PartName=\"/{name}\" ContentType=\"{kind}\"/>"
            );
        }
    }
    out.push_str("</Types>");
    out
}

/// `docProps/core.xml`: title, authors, keywords, language and dates.
pub fn core_properties(meta: &Meta, lang: &str, stamp: Stamp) -> String {
    let mut out = format!(
        "{DECLARATION}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    );
    let title = meta.title.as_deref().or(meta.name.as_deref());
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        let _ = write!(out, "<dc:title>{}</dc:title>", escape(title));
    }
    if let Some(subject) = meta.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
        let _ = write!(out, "<dc:subject>{}</dc:subject>", escape(subject));
    }
    if !meta.authors.is_empty() {
        let _ = write!(
            out,
            "<dc:creator>{}</dc:creator>",
            escape(&meta.authors.join("; "))
        );
    }
    if !meta.keywords.is_empty() {
        let _ = write!(
            out,
            "<cp:keywords>{}</cp:keywords>",
            escape(&meta.keywords.join(", "))
        );
    }
    if let Some(description) = meta.description.as_deref() {
        let _ = write!(
            out,
            "<dc:description>{}</dc:description>",
            escape(description)
        );
    }
    let _ = write!(out, "<dc:language>{}</dc:language>", escape(lang));
    let when = stamp.w3c();
    let _ = write!(
        out,
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>"
    );
    out.push_str("</cp:coreProperties>");
    out
}

/// The package's own relationships: the document and its core properties.
fn root_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"{RELS_NS}\">\
         <Relationship Id=\"rId1\" Type=\"{REL_OFFICE}/officeDocument\" Target=\"{DOCUMENT}\"/>\
         <Relationship Id=\"rId2\" Type=\"{REL_CORE}\" Target=\"docProps/core.xml\"/>\
         </Relationships>"
    )
}

fn zip_error(err: impl std::fmt::Display) -> Error {
    Error::Write(format!("could not assemble the DOCX: {err}"))
}

/// Zips `parts` (name, bytes) after `[Content_Types].xml` and `_rels/.rels`,
/// in the order given, every entry dated `stamp` and deflated.
pub fn zip(parts: Vec<(String, Vec<u8>)>, stamp: Stamp) -> Result<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip_time(stamp))
        .unix_permissions(0o644);
    let head = [
        (
            "[Content_Types].xml".to_owned(),
            content_types(&parts).into_bytes(),
        ),
        ("_rels/.rels".to_owned(), root_rels().into_bytes()),
    ];
    for (name, bytes) in head.into_iter().chain(parts) {
        writer.start_file(name, options).map_err(zip_error)?;
        writer.write_all(&bytes).map_err(zip_error)?;
    }
    Ok(writer.finish().map_err(zip_error)?.into_inner())
}

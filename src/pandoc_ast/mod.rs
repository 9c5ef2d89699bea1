//! pandoc's JSON AST (pandoc-types' `Text.Pandoc.Definition`) ⇄ the
//! document tree, both ways, serde only: what `--to pandoc-json` writes,
//! `--from pandoc-json` reads, and what pandoc's JSON filters get and give
//! back.
//!
//! The two trees differ where quire's is trimmed: its text is joined words
//! (pandoc's `Str`/`Space`, split on the way out and joined on the way in);
//! a footnote is a reference into `Document::notes` (pandoc's inline
//! `Note`); a page break is what pandoc's page-break filters look for, a
//! raw LaTeX `\newpage`; `Mark` is pandoc's `[…]{.mark}` span; a task list
//! item starts with `☐`/`☒` as pandoc's reader writes it; pandoc's
//! `Quoted` is read as text inside quotation marks.

mod meta;
mod read;
pub mod types;
mod write;

use crate::doc::Document;

/// The pandoc-types version written: pandoc 3's.
pub const API_VERSION: [u32; 3] = [1, 23, 1];

/// The pandoc-types versions read: 1.22 is what pandoc 2.17's filters
/// (pythondotorg pins pandoc 2.17.1.1 and panflute 2.3.1) write back; 1.21
/// has the same tables. Earlier ones had another `Table`.
const READ_MINOR: std::ops::RangeInclusive<u32> = 21..=23;

/// The document as pandoc's JSON (`pandoc -t json` writes the same shape).
pub fn to_json(doc: &Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(&write::pandoc(doc)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The document in pandoc's JSON (`pandoc -t json`, a filter's output);
/// the error says what is wrong and where.
pub fn from_json(json: &[u8]) -> Result<Document, String> {
    #[derive(serde::Deserialize)]
    struct Version {
        #[serde(rename = "pandoc-api-version")]
        api_version: Vec<u32>,
    }
    let version: Version = serde_json::from_slice(json).map_err(|err| {
        format!("not pandoc's JSON AST (a document with `pandoc-api-version`): {err}")
    })?;
    match version.api_version.as_slice() {
        [1, minor, ..] if READ_MINOR.contains(minor) => {}
        other => {
            let shown: Vec<String> = other.iter().map(u32::to_string).collect();
            return Err(format!(
                "pandoc-api-version {} is not read: quire reads 1.21 to 1.23 (pandoc 2.11 to 3.x)",
                shown.join(".")
            ));
        }
    }
    let pandoc: types::Pandoc = serde_json::from_slice(json).map_err(|err| {
        let nested = err.to_string().contains("recursion limit");
        if nested {
            format!("the document nests too deeply to be read: {err}")
        } else {
            format!("pandoc's JSON AST: {err}")
        }
    })?;
    Ok(read::document(pandoc))
}

#[cfg(test)]
mod tests;

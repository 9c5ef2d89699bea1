//! Metadata the body gives (pandoc's title block, YAML blocks after the
//! front matter), and a title set once.

use crate::diag::Diagnostic;
use crate::doc::{self, Document};
use crate::read;
use crate::source::Source;

/// The front matter keys that say how a document is built, not what it
/// says: only the front matter sets them, never a metadata block inside
/// the body (which text filled in from records can reach).
const BUILD_KEYS: &[&str] = &[
    "layout",
    "formats",
    "data",
    "data_name",
    "pdf_standard",
    "max_pages",
    "reference_docx",
    "system_fonts",
    "output",
];

/// pandoc's title block fills what the front matter left empty; YAML blocks
/// in the body set metadata (a later block over an earlier one, as pandoc
/// reads them), except the build keys, which are warned about.
pub(super) fn apply_body_metadata(
    meta: &mut doc::Meta,
    metadata: &[read::BodyMetadata],
    source: &Source,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for block in metadata {
        match block {
            read::BodyMetadata::TitleBlock {
                title,
                authors,
                date,
            } => {
                if meta.title.is_none() && !title.is_empty() {
                    meta.title = Some(title.clone());
                }
                if meta.authors.is_empty() {
                    meta.authors = authors.clone();
                }
                if meta.date.is_none() && !date.is_empty() {
                    meta.date = Some(date.clone());
                }
            }
            read::BodyMetadata::Yaml { yaml, pos } => {
                for (key, value) in crate::source::metadata_block(yaml) {
                    if BUILD_KEYS.contains(&key.as_str()) {
                        diagnostics.push(
                            Diagnostic::warning(
                                &source.name,
                                format!("`{key}` in a metadata block inside the body is ignored"),
                            )
                            .at(&source.text, pos.line, pos.column)
                            .hint("how a document is built is set in its front matter only"),
                        );
                        continue;
                    }
                    if matches!(key.as_str(), "author" | "authors") {
                        meta.authors.clear();
                    }
                    crate::source::set_key(meta, key, value);
                }
            }
        }
    }
}

/// Leaves out the first heading when its text is the title (ignoring
/// case): the title is set once, with the heading's id.
pub(super) fn drop_repeated_title(doc: &mut Document, title: &str) {
    let first = doc
        .blocks
        .iter()
        .position(|block| matches!(block, doc::Block::Heading { .. }));
    let Some(index) = first else {
        return;
    };
    let doc::Block::Heading { attr, content, .. } = &doc.blocks[index] else {
        return;
    };
    let text = doc::plain_text(content);
    if text.trim().to_lowercase() != title.trim().to_lowercase() {
        return;
    }
    if !attr.id.is_empty() {
        doc.meta.title_id = Some(attr.id.clone());
    }
    doc.blocks.remove(index);
}

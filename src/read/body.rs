//! What the reader gives: the body's blocks and notes, what it had to
//! leave out, and the metadata the body itself wrote.

use crate::doc::{Block, Inline, Note, Pos};

/// The body of a document and its footnotes.
pub struct Body {
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
    /// Where lists and quotes first went deeper than `MAX_NESTING` (their
    /// deeper content is kept at that depth), for a warning.
    pub flattened: Option<Pos>,
    /// What the reader left out, with where (raw blocks for formats no
    /// writer speaks), for warnings.
    pub warnings: Vec<(Pos, String)>,
    /// Metadata the body gives: pandoc's title block, YAML blocks after
    /// the front matter (each with its first line).
    pub metadata: Vec<BodyMetadata>,
}

impl Body {
    /// Markdown too deeply nested to read: one paragraph of its text.
    pub(super) fn text(markdown: &str) -> Body {
        Body {
            blocks: vec![Block::Paragraph {
                content: vec![Inline::text(markdown)],
            }],
            notes: Vec::new(),
            flattened: None,
            warnings: Vec::new(),
            metadata: Vec::new(),
        }
    }
}

/// Metadata written in the body rather than the front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyMetadata {
    /// `% title`, `% authors`, `% date`.
    TitleBlock {
        title: String,
        authors: Vec<String>,
        date: String,
    },
    /// A YAML block, as written.
    Yaml { yaml: String, pos: Pos },
}

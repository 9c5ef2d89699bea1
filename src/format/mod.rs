//! The output formats: vocabulary shared by the project file, the CLI and
//! the writers.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Epub,
    Html,
    Fragment,
    #[serde(rename = "txt", alias = "text")]
    Text,
    Json,
    /// pandoc's JSON AST (pandoc-types 1.23), what `pandoc -t json` writes.
    #[serde(rename = "pandoc-json")]
    PandocJson,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Pdf,
        Format::Docx,
        Format::Epub,
        Format::Html,
        Format::Fragment,
        Format::Text,
        Format::Json,
        Format::PandocJson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Epub => "epub",
            Format::Html => "html",
            Format::Fragment => "fragment",
            Format::Text => "txt",
            Format::Json => "json",
            Format::PandocJson => "pandoc-json",
        }
    }

    /// The output file's name for a document whose file stem is `stem`.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            Format::Fragment => format!("{stem}.fragment.html"),
            Format::PandocJson => format!("{stem}.pandoc.json"),
            other => format!("{stem}.{}", other.name()),
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "text" => Some(Format::Text),
            name => Format::ALL.into_iter().find(|f| f.name() == name),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

mod dialect;

pub use dialect::{Dialect, Extension, Extensions, Flavor};

/// What a build reads its inputs as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Markdown in the build's dialect, with YAML front matter.
    #[default]
    Markdown,
    /// pandoc's JSON AST (`pandoc -t json`): its metadata is the front matter.
    PandocJson,
}

impl InputFormat {
    /// pandoc's format string for the JSON AST, as `--from` takes it.
    pub fn parse(name: &str) -> Option<InputFormat> {
        matches!(
            name.trim().to_ascii_lowercase().as_str(),
            "json" | "pandoc-json"
        )
        .then_some(InputFormat::PandocJson)
    }
}

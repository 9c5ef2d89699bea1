//! quire: one Markdown source in; PDF, EPUB, HTML, an embeddable fragment,
//! plain text and the document tree as JSON out, all from one layout.
//!
//! The pipeline runs one way: load (`source`) → read (`read`) → transform
//! (`transform`) → write (`write`); `build` runs it over a list of inputs
//! (once per record for a batch) and writes the files. The library never
//! prints: it returns values and diagnostics.
//!
//! The modules are rooms, listed here bottom to top; each uses only those
//! above it in this list (`tests/it/rooms.rs` keeps it so).

// The vocabulary: diagnostics, errors, the tree, formats, dates.
pub mod date;
pub mod diag;
pub mod doc;
pub mod error;
pub mod format;
// Inputs: the file system, sources, data records, images, the project.
pub mod data;
pub mod files;
pub mod fonts;
pub mod image;
pub mod project;
pub mod source;
// Templates (minijinja) and layouts.
pub mod layout;
pub mod template;
// The pipeline's stages.
pub mod assets;
pub mod read;
pub mod transform;
// pandoc's JSON AST, both ways, and the JSON filters run over it.
pub mod filters;
pub mod pandoc_ast;
pub mod write;
// Orchestration.
pub mod build;
pub mod scaffold;
// The preview `quire watch --serve` runs.
pub mod serve;
// The Python package's bindings (PyO3), over the API above: they, and the
// CLI they compile in, name the library as `quire::…` as the binary does.
#[cfg(feature = "python")]
extern crate self as quire;
#[cfg(feature = "python")]
mod python;

pub use build::{
    build, check, compile, compile_with, forget_earlier_builds, raw_html, render_records,
    render_source, resolve_inputs, BatchReport, BuildOptions, Compiled, DocumentReport, Outputs,
    Progress, RecordFailure, Rendered, RenderedRecords, PIPELINE_STACK_BYTES,
};
pub use date::date_from_epoch;
pub use diag::{Diagnostic, Severity};
pub use doc::Document;
pub use error::{Error, Result};
pub use format::{Format, InputFormat};
pub use layout::Layout;
pub use project::Project;
pub use read::{Dialect, Extension, Flavor};
pub use source::{load, Input, Source};
pub use template::{Record, SourceTemplate};
pub use write::WriteOptions;

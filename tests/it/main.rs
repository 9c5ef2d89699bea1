//! Every integration test in one binary: one link of quire and its
//! dependencies instead of one per file (CI time). Each module is one area.

#[path = "../common/mod.rs"]
mod common;

mod agreement;
mod batch;
mod citations_links;
mod cli;
mod code;
mod dialect;
mod docs;
mod docx;
mod epub;
mod filters;
mod hostile;
mod html_blocks;
mod images;
mod layouts;
mod math;
mod pandoc;
mod pandoc_blocks;
mod pandoc_json;
mod pandoc_structure;
mod pdf;
mod rooms;
mod scenarios;
mod scripts;
mod serve;
mod snapshots;
mod spec;
mod svg;
mod tagged;
mod tex_macros;
mod watch;

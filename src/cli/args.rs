//! The command line's shape (clap derive): commands, their options and examples.

use clap::{Args, Parser, Subcommand};
use quire::{Dialect, Format, InputFormat};
use std::path::PathBuf;

const BUILD_EXAMPLES: &str = "\
Examples:
  quire build                                  build every document in the source folder
  quire build source/about-psf.md --to html,txt -o dist
  quire build source/about-psf.md --layout factsheet
  cat notes.md | quire build - --to html -o -   standard input to standard output
  quire build - --from commonmark --to html --raw -o -
  quire build source/sponsor-brief.md --data data/sponsors.csv --to pdf
                                               one PDF per sponsor, in dist/sponsor-brief/";

const WATCH_EXAMPLES: &str = "\
Examples:
  quire watch                                  rebuild the source folder on every change
  quire watch source/about-psf.md --to pdf,html
  quire watch --serve --open                   also preview the outputs in the browser, reloaded on every rebuild
  quire watch --serve --port 0                 on any free port (the URL is printed)";

const NEW_EXAMPLES: &str = "\
Examples:
  quire new handouts && cd handouts && quire build
  quire new briefs --layout-from brief       copy the brief layout to layouts/brief to edit";

const CHECK_EXAMPLES: &str = "\
Examples:
  quire check                         check every document in the source folder
  quire check source/about-psf.md
  quire check --deny-warnings source/";

#[derive(Parser)]
#[command(
    name = "quire",
    version,
    about = "Compile Markdown into PDF, EPUB, HTML, an embeddable fragment, plain text and JSON, from one layout."
)]
pub struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build documents into one or more formats.
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildArgs),
    /// Read documents and report every diagnostic without writing anything.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Build, then rebuild whenever a source, layout, data file, font or quire.yaml changes.
    #[command(after_help = WATCH_EXAMPLES)]
    Watch(WatchArgs),
    /// Start a project: quire.yaml, source/example.md, and optionally a layout to edit.
    #[command(after_help = NEW_EXAMPLES)]
    New {
        /// Folder of the new project (created if needed; default: this folder).
        dir: Option<PathBuf>,
        /// Copy this layout into layouts/NAME, to edit, and use it.
        #[arg(long, value_name = "NAME")]
        layout_from: Option<String>,
    },
    /// List the layouts this project can use.
    #[command(after_help = "Example:\n  quire layouts")]
    Layouts,
}

#[derive(Args, Clone)]
pub struct InputArgs {
    /// Markdown files or folders (`-` for standard input); default: the project's source folder.
    pub inputs: Vec<String>,
    /// Input format, as pandoc names it: markdown, gfm or commonmark, with
    /// pandoc's extension switches (`markdown-raw_tex`, `gfm+tex_math_dollars`),
    /// or pandoc-json (pandoc's JSON AST, what `pandoc -t json` writes).
    #[arg(long, short = 'f', default_value = "markdown", value_parser = reader_parser)]
    pub from: Reader,
    /// Also read images and data from this folder outside the project (repeatable).
    #[arg(long, value_name = "PATH")]
    pub allow_outside: Vec<PathBuf>,
}

#[derive(Args, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Formats, comma-separated: pdf, docx, epub, html, fragment, txt, json, pandoc-json (default: from quire.yaml).
    #[arg(long, short = 't', value_delimiter = ',', value_parser = parse_format)]
    pub to: Vec<Format>,
    /// Output folder (default: from quire.yaml), or `-` for standard output.
    #[arg(long, short = 'o')]
    pub output: Option<String>,
    /// Layout for every document, over the front matter and quire.yaml.
    #[arg(long, short = 'l')]
    pub layout: Option<String>,
    /// PDF: fit the document on at most N pages (over the layout's max_pages).
    #[arg(long, value_name = "N")]
    pub max_pages: Option<u32>,
    /// PDF: paper size, over the layout's.
    #[arg(long, value_parser = ["letter", "a4"])]
    pub paper: Option<String>,
    /// PDF: standards to write to, comma-separated: ua-1, a-2b, a-2u, a-3b, … or none (over quire.yaml and the layout).
    #[arg(long, value_name = "LIST")]
    pub pdf_standard: Option<String>,
    /// PDF: the layout's fonts only, no system fonts for the characters they lack (the same PDF on every machine).
    #[arg(long)]
    pub no_system_fonts: bool,
    /// DOCX: styles, page setup, headers and footers from this .docx, as pandoc's (over quire.yaml's `reference_docx`).
    #[arg(long, value_name = "FILE")]
    pub reference_doc: Option<PathBuf>,
    /// With `--to html`: only the body HTML, no layout, no transforms (as cmark-gfm writes it).
    #[arg(long)]
    pub raw: bool,
    /// Records (YAML, CSV or JSON): build each input once per record, over the front matter's `data:`.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Output name of each record, a template such as `{{ sponsor.name }}` (default: its `slug`, else its first field).
    #[arg(long, value_name = "TEMPLATE")]
    pub name: Option<String>,
    /// A pandoc JSON filter run on the document before it is written, as pandoc runs it (repeatable, in order).
    #[arg(long, value_name = "PROGRAM")]
    pub filter: Vec<PathBuf>,
    /// Not supported: Lua filters run inside pandoc's own interpreter (refused with an error).
    #[arg(long, value_name = "FILE")]
    pub lua_filter: Vec<PathBuf>,
}

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Serve the output folder on 127.0.0.1 and reload open pages after every rebuild.
    #[arg(long)]
    pub serve: bool,
    /// With --serve: the port (0: any free one). Default: 3000, or a free one if 3000 is taken.
    #[arg(long, value_name = "N", requires = "serve")]
    pub port: Option<u16>,
    /// With --serve: open the preview in the browser, if there is one.
    #[arg(long, requires = "serve")]
    pub open: bool,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Count warnings as errors (exit 1).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Records (YAML, CSV or JSON): check the document once per record, over the front matter's `data:`.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
}

/// What `--from` names: a Markdown dialect, or pandoc's JSON AST.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reader {
    pub input: InputFormat,
    /// The Markdown dialect (for pandoc JSON, the one Markdown inside it
    /// would be read with: the default).
    pub dialect: Dialect,
}

/// A dialect as pandoc names it, with its switches (`markdown-raw_tex`),
/// or `pandoc-json`. Switches quire knows but does not read are warned
/// about by the build.
fn reader_parser(spec: &str) -> Result<Reader, String> {
    if let Some(input) = InputFormat::parse(spec) {
        return Ok(Reader {
            input,
            dialect: Dialect::default(),
        });
    }
    Dialect::parse(spec)
        .map(|(dialect, _)| Reader {
            input: InputFormat::Markdown,
            dialect,
        })
        .map_err(|e| format!("{}; or pandoc-json", e.0))
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name).ok_or_else(|| {
        format!("unknown format `{name}`; formats: pdf, docx, epub, html, fragment, txt, json, pandoc-json")
    })
}

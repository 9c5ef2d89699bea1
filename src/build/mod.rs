//! Orchestration: inputs → the pipeline (load, read, transform, write) →
//! files. `batch` runs the same pipeline once per data record.

mod batch;
mod meta;
pub mod pandoc_args;
mod render;

use meta::{apply_body_metadata, drop_repeated_title};

pub use batch::{render_records, BatchReport, RecordFailure, RenderedRecords};
pub use render::{render_source, Rendered};

use render::{render_document, render_read, Plan};

use crate::assets;
use crate::diag::Diagnostic;
use crate::doc::{self, Document};
use crate::error::{Error, Result};
use crate::files;
use crate::filters::Filters;
use crate::fonts;
use crate::format::{Format, InputFormat};
use crate::layout::Layout;
use crate::project::Project;
use crate::read::{self, Dialect, Flavor};
use crate::source::{load, Input, Source};
use crate::template::{self, Record, SourceTemplate};
use crate::transform;
use crate::write::{self, WriteOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Each format's bytes, in format order.
pub type Outputs = Vec<(Format, Vec<u8>)>;

/// A document after load, read and transform: ready for any writer.
pub struct Compiled {
    pub source: Source,
    pub doc: Document,
    /// What load, read and the transforms reported, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The stack the pipeline is run on: deeply nested input recurses deeply
/// (the CLI's worker thread and the Python package's calls have this much).
pub const PIPELINE_STACK_BYTES: usize = 512 << 20;

/// The pipeline up to the tree: front matter, Markdown, transforms.
pub fn compile(source: Source, project: &Project, dialect: Dialect) -> Result<Compiled> {
    let options = BuildOptions {
        dialect,
        ..BuildOptions::default()
    };
    compile_with(source, project, &options, None)
}

/// `compile` with the dialect and the metadata of `options`, the source
/// first rendered as a data template for one record of a batch (front
/// matter values, then the body) when `data` is given.
pub fn compile_with(
    source: Source,
    project: &Project,
    options: &BuildOptions,
    data: Option<(&SourceTemplate, Record<'_>)>,
) -> Result<Compiled> {
    Ok(finish(
        read_source(source, options, data)?,
        project,
        options.dialect,
    ))
}

/// The tree as the reader made it, before the transforms: what filters
/// see (a raw `\newpage` is still raw).
fn read_source(
    mut source: Source,
    options: &BuildOptions,
    data: Option<(&SourceTemplate, Record<'_>)>,
) -> Result<Compiled> {
    if options.input_format == InputFormat::PandocJson {
        if data.is_some() {
            return Err(Error::Usage(
                "a pandoc JSON input cannot be a data template: give the records' template in Markdown"
                    .to_owned(),
            ));
        }
        let mut doc = pandoc_json(&source, options)?;
        pandoc_args::shift_headings(&mut doc, options.shift_heading_level_by);
        return Ok(Compiled {
            source,
            doc,
            diagnostics: Vec::new(),
        });
    }
    let dialect = options.dialect;
    let (mut meta, mut diagnostics, body_offset, body_line_offset) = {
        let split = source.split()?;
        let (meta, mut diagnostics) = meta_of(&source, options)?;
        diagnostics.extend(source.warnings.iter().cloned());
        let body_offset = source.text.len() - split.body.len();
        (meta, diagnostics, body_offset, split.body_line_offset)
    };
    if let Some((template, record)) = data {
        if let Err((key, message)) = template.render_meta(&mut meta, record) {
            return Err(source.key_diagnostic(&key, message)?.into());
        }
        let body = template.render_body(record, &template::meta_map(&meta))?;
        source.text.truncate(body_offset);
        source.text.push_str(&body);
    }
    let body = read::read(&source.text[body_offset..], body_line_offset, dialect);
    if let Some(pos) = body.flattened {
        diagnostics.push(
            Diagnostic::warning(
                &source.name,
                format!(
                    "lists and quotes nest more than {} deep here; the deeper ones are set at that depth",
                    read::MAX_NESTING
                ),
            )
            .at(&source.text, pos.line, pos.column),
        );
    }
    for (pos, message) in &body.warnings {
        diagnostics.push(Diagnostic::warning(&source.name, message.clone()).at(
            &source.text,
            pos.line,
            pos.column,
        ));
    }
    apply_body_metadata(&mut meta, &body.metadata, &source, &mut diagnostics);
    for ignored in crate::layout::pandoc::ignored(&meta, None) {
        diagnostics.push(source.key_warning(&ignored.key, ignored.message)?);
    }
    let mut doc = Document {
        meta,
        blocks: body.blocks,
        notes: body.notes,
    };
    pandoc_args::shift_headings(&mut doc, options.shift_heading_level_by);
    Ok(Compiled {
        source,
        doc,
        diagnostics,
    })
}

/// The tree made ready for the writers: the transforms (ids, links, the
/// language's quotation marks…) and a title when the source has none.
fn finish(compiled: Compiled, project: &Project, dialect: Dialect) -> Compiled {
    let Compiled {
        source,
        mut doc,
        mut diagnostics,
    } = compiled;
    let context = transform::Context {
        file: &source.name,
        text: &source.text,
        base_url: project.config.base_url.as_deref(),
        identifiers: transform::headings::Identifiers::of(dialect),
    };
    // The passes may depend on the language (quotation marks).
    if doc.meta.lang.is_none() {
        doc.meta.lang = Some(project.config.lang.clone());
    }
    diagnostics.extend(transform::run(&mut doc, &context));
    // Formulas no format can typeset: each sets the TeX as code.
    for (pos, message) in crate::write::math::problems(&doc) {
        diagnostics.push(
            Diagnostic::warning(&source.name, message)
                .at(&source.text, pos.line, pos.column)
                .hint("quire reads LaTeX math mode and amsmath's environments"),
        );
    }
    match doc.meta.title.clone() {
        // A first heading that repeats the title is not set again: its id
        // stays, as an anchor on the title.
        Some(title) => drop_repeated_title(&mut doc, &title),
        None => {
            let (name, origin) = match first_heading(&doc) {
                Some(heading) => (heading, "the first heading"),
                None => (stem_title(&source.name), "the file name"),
            };
            diagnostics.push(
                Diagnostic::note(
                    &source.name,
                    format!(
                        "no title in the front matter: none is shown; the EPUB's and the PDF's metadata name it by {origin}, `{name}`"
                    ),
                )
                .hint("add `title: …` to the front matter"),
            );
            doc.meta.name = Some(name);
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    Compiled {
        source,
        doc,
        diagnostics,
    }
}

/// A pandoc JSON input's tree, with `options.metadata` set over its own.
fn pandoc_json(source: &Source, options: &BuildOptions) -> Result<Document> {
    let mut doc = crate::pandoc_ast::from_json(source.text.as_bytes()).map_err(|message| {
        Diagnostic::error(&source.name, message)
            .hint("`--from pandoc-json` reads what `pandoc -t json` writes")
    })?;
    set_metadata(&mut doc.meta, options);
    Ok(doc)
}

/// The front matter with `options.metadata` set over it, as pandoc's
/// `--metadata` sets values over the file's.
fn meta_of(source: &Source, options: &BuildOptions) -> Result<(doc::Meta, Vec<Diagnostic>)> {
    if options.input_format == InputFormat::PandocJson {
        return Ok((pandoc_json(source, options)?.meta, Vec::new()));
    }
    let (mut meta, diagnostics) = source.meta(&source.split()?)?;
    set_metadata(&mut meta, options);
    Ok((meta, diagnostics))
}

fn set_metadata(meta: &mut doc::Meta, options: &BuildOptions) {
    for (key, value) in &options.metadata {
        if matches!(key.as_str(), "author" | "authors") {
            meta.authors.clear();
        }
        crate::source::set_key(meta, key.clone(), value.clone());
    }
}

fn first_heading(doc: &Document) -> Option<String> {
    doc.blocks.iter().find_map(|block| match block {
        doc::Block::Heading { content, .. } => Some(doc::plain_text(content).trim().to_owned()),
        _ => None,
    })
}

fn stem_title(name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
    if stem == "-" {
        "Untitled".to_owned()
    } else {
        stem.replace(['-', '_'], " ")
    }
}

/// `--raw`: the body HTML only, as cmark-gfm writes it. No front matter, no
/// layout, no transforms; used to check the CommonMark and GFM specs.
pub fn raw_html(markdown: &[u8], dialect: Dialect) -> Result<String> {
    let text = std::str::from_utf8(markdown)
        .map_err(|_| Diagnostic::error("-", "the input is not valid UTF-8"))?;
    let body = read::read(text, 0, dialect);
    let doc = Document {
        blocks: body.blocks,
        notes: body.notes,
        ..Document::default()
    };
    Ok(write::html::body(
        &doc,
        write::html::BodyOptions {
            decorate: false,
            tag_filter: dialect.flavor == Flavor::Gfm,
            line_numbers: false,
        },
    ))
}

/// What `build` needs besides the inputs.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Formats to write; the front matter's (`formats:`), else the project's
    /// default list, when empty.
    pub formats: Vec<Format>,
    /// Output folder; the project's when `None`.
    pub out_dir: Option<PathBuf>,
    /// Write the one format to standard output instead of a file.
    pub to_stdout: bool,
    /// Layout for every document, over the front matter and the project.
    pub layout: Option<String>,
    pub dialect: Dialect,
    pub write: WriteOptions,
    /// `--data`: records to build every input once per record, over the
    /// front matter's `data:`.
    pub data: Option<PathBuf>,
    /// `--reference-doc`: the .docx the DOCX takes its styles from, over
    /// quire.yaml's `reference_docx`.
    pub reference_doc: Option<PathBuf>,
    /// `--name`: a template for each record's output name.
    pub name: Option<String>,
    /// Front matter values set over every document's own (`title`,
    /// `author`, any key a template reads), as pandoc's `--metadata`.
    pub metadata: Vec<(String, doc::Value)>,
    /// `--from pandoc-json`: the inputs are pandoc's JSON AST, not Markdown.
    pub input_format: InputFormat,
    /// `--filter`: pandoc JSON filters run on the tree as the reader made
    /// it, once for each of pandoc's writers among the formats.
    pub filters: Filters,
    /// pandoc's `--shift-heading-level-by`: headings this many levels down
    /// (up when negative), as the reader made them.
    pub shift_heading_level_by: i32,
}

impl BuildOptions {
    /// The options quire.yaml sets (PDF standard, publisher, raw HTML,
    /// system fonts), dated `epoch` (`SOURCE_DATE_EPOCH`) when given: what
    /// `quire build` starts from before its flags.
    pub fn for_project(project: &Project, epoch: Option<i64>) -> BuildOptions {
        let config = &project.config;
        BuildOptions {
            write: WriteOptions {
                build_date: epoch.map(crate::date::date_from_epoch),
                epoch,
                pdf_standard: config.pdf_standard.clone(),
                publisher: config.publisher.clone(),
                trust_html: config.trust_html,
                no_system_fonts: !config.system_fonts,
                ..WriteOptions::default()
            },
            ..BuildOptions::default()
        }
    }
}

/// What a build reports while it runs, for a progress bar.
#[derive(Debug, Clone)]
pub enum Progress {
    /// A batch of `total` records from `input` begins.
    BatchStarted { input: String, total: usize },
    /// One record of the running batch is done (built or failed).
    RecordDone,
}

/// What happened to one input.
pub struct DocumentReport {
    pub input: Input,
    /// Distinct diagnostics, in source order (a batch reports each once).
    pub diagnostics: Vec<Diagnostic>,
    /// Files written, in format order (for a batch: none; see `batch`).
    pub written: Vec<PathBuf>,
    /// Bytes for standard output (`to_stdout`).
    pub stdout: Option<Vec<u8>>,
    pub error: Option<Error>,
    /// For a data-driven input: what happened to its records.
    pub batch: Option<BatchReport>,
}

/// Builds every input into every format. Each document is rendered in full
/// before any of its files is written, so a failure leaves no partial output.
/// An input with data (`--data`, or `data:` in its front matter) is built
/// once per record, in parallel, into a folder named after it.
pub fn build(
    project: &Project,
    inputs: &[Input],
    options: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<DocumentReport>> {
    if options.to_stdout && options.formats.len() != 1 {
        return Err(Error::Usage(
            "`-o -` writes one format to standard output; ask for exactly one with --to".to_owned(),
        ));
    }
    let out_dir = options
        .out_dir
        .clone()
        .unwrap_or_else(|| project.output_dir());
    let options = &prepared(project, options)?;
    let mut layouts: HashMap<String, Layout> = HashMap::new();
    let mut reports = Vec::new();
    for input in inputs {
        let mut report = DocumentReport {
            input: input.clone(),
            diagnostics: Vec::new(),
            written: Vec::new(),
            stdout: None,
            error: None,
            batch: None,
        };
        let target = Target {
            project,
            options,
            out_dir: &out_dir,
        };
        if let Err(err) = build_one(&target, input, &mut layouts, &mut report, progress) {
            report.error = Some(err);
        }
        reports.push(report);
    }
    // Said of every document: the fonts folder serves them all.
    let warnings = font_warnings(options);
    for report in &mut reports {
        report.diagnostics.extend(warnings.iter().cloned());
    }
    Ok(reports)
}

/// `options` with what every document of the build shares loaded once:
/// the project's fonts folder and the reference document.
fn prepared(project: &Project, options: &BuildOptions) -> Result<BuildOptions> {
    let mut options = with_project_fonts(project, options);
    options.write.reference_docx = reference_docx(project, &options)?;
    Ok(options)
}

/// `options` with the project's `fonts/` folder, read when a writer first
/// needs its faces (then once for every document and record).
fn with_project_fonts(project: &Project, options: &BuildOptions) -> BuildOptions {
    BuildOptions {
        write: WriteOptions {
            project_fonts: std::sync::Arc::new(fonts::ProjectFonts::new(project.fonts_dir())),
            ..options.write.clone()
        },
        ..options.clone()
    }
}

/// The reference document's bytes, read once for every document, when the
/// build makes a DOCX and one is named (`--reference-doc`, else quire.yaml).
fn reference_docx(
    project: &Project,
    options: &BuildOptions,
) -> Result<Option<std::sync::Arc<Vec<u8>>>> {
    let path = match (&options.reference_doc, &project.config.reference_docx) {
        (Some(given), _) => given.clone(),
        (None, Some(configured)) => project.root.join(configured),
        (None, None) => return Ok(None),
    };
    Ok(Some(std::sync::Arc::new(files::read(&path)?)))
}

/// A warning for each file of the project's fonts folder that looks like a
/// font but could not be used (none when no writer read the folder).
fn font_warnings(options: &BuildOptions) -> Vec<Diagnostic> {
    options
        .write
        .project_fonts
        .refused()
        .into_iter()
        .map(|(path, reason)| {
            Diagnostic::warning(files::display(&path), format!("{reason}; skipped"))
                .hint("the fonts folder takes .ttf, .otf and .ttc files")
        })
        .collect()
}

/// What every document of a build shares.
struct Target<'a> {
    project: &'a Project,
    options: &'a BuildOptions,
    out_dir: &'a Path,
}

fn build_one(
    target: &Target<'_>,
    input: &Input,
    layouts: &mut HashMap<String, Layout>,
    report: &mut DocumentReport,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<()> {
    let (project, options) = (target.project, target.options);
    let source = load(input)?;
    let plan = Plan::new(target, &source, layouts)?;
    let layout = plan.layout.as_ref();
    if let Some(data) = batch::Data::load(&source, &plan.meta, options, project)? {
        if options.to_stdout {
            return Err(Error::Usage(
                "a document with data makes one file per record: give an output folder, not `-o -`"
                    .to_owned(),
            ));
        }
        progress(Progress::BatchStarted {
            input: input.name(),
            total: data.len(),
        });
        let batch = batch::Batch {
            source: &source,
            data: &data,
            layout,
            formats: &plan.formats,
            folder: target.out_dir.join(input.stem()),
        };
        let (batch_report, diagnostics) = batch::build(target, &batch, progress);
        report.diagnostics = diagnostics;
        report.batch = Some(batch_report);
        return Ok(());
    }
    let rendered = render_document(target, source, layout, &plan.formats);
    report.diagnostics = rendered.diagnostics;
    let outputs = rendered.outputs?;
    if options.to_stdout {
        report.stdout = outputs.into_iter().next().map(|(_, bytes)| bytes);
        return Ok(());
    }
    report.written = write_outputs(target.out_dir, &input.stem(), outputs)?;
    Ok(())
}

/// What `quire check` finds in one input, without writing anything: its
/// diagnostics (its images' among them), and for a document with data those
/// of every record, each once, a failing record's error among them.
pub fn check(project: &Project, input: &Input, options: &BuildOptions) -> Result<Vec<Diagnostic>> {
    let source = load(input)?;
    let meta = meta_of(&source, options)?.0;
    match batch::Data::load(&source, &meta, options, project)? {
        Some(data) => batch::check(project, &source, &data, options),
        None => {
            let compiled = compile_with(source, project, options, None)?;
            Ok(check_compiled(project, compiled))
        }
    }
}

/// A compiled document's diagnostics with those of loading its images.
fn check_compiled(project: &Project, mut compiled: Compiled) -> Vec<Diagnostic> {
    let diagnostics = &mut compiled.diagnostics;
    assets::check(project, &compiled.source, &compiled.doc, diagnostics);
    compiled.diagnostics
}

fn write_outputs(dir: &Path, stem: &str, outputs: Outputs) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (format, bytes) in outputs {
        let path = dir.join(format.file_name(stem));
        files::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Forgets what earlier builds in this process left to be reused by later
/// ones and that cannot tell a changed file from its old self: for a
/// watch or a long-lived caller, after the project's fonts, layouts or
/// settings change.
pub fn forget_earlier_builds() {
    crate::write::pdf::forget_remembered();
}

/// The inputs a build means: files as given, folders searched for Markdown,
/// `-` for standard input, the project's source folder when none is given.
pub fn resolve_inputs(project: &Project, given: &[String]) -> Result<Vec<Input>> {
    if given.is_empty() {
        let dir = project.source_dir();
        if !files::is_dir(&dir) {
            return Err(Diagnostic::error(
                files::display(&dir),
                "no input given and no source folder here",
            )
            .hint("name a Markdown file, or run `quire new` to start a project")
            .into());
        }
        let shown = files::relative_to_cwd(&dir);
        return Ok(files::markdown_files(&shown)?
            .into_iter()
            .map(Input::File)
            .collect());
    }
    let mut inputs = Vec::new();
    for name in given {
        if name == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(name);
        if files::is_dir(&path) {
            inputs.extend(files::markdown_files(&path)?.into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(path));
        }
    }
    Ok(inputs)
}

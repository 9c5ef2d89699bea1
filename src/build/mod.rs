//! Orchestration: inputs → the pipeline (load, read, transform, write) →
//! files. `batch` runs the same pipeline once per data record.

mod batch;

pub use batch::{BatchReport, RecordFailure};

use crate::assets;
use crate::diag::{self, Diagnostic};
use crate::doc::{self, Document};
use crate::error::{Error, Result};
use crate::files;
use crate::format::Format;
use crate::layout::Layout;
use crate::project::Project;
use crate::read::{self, Dialect};
use crate::source::{load, Input, Source};
use crate::template::{self, Record, SourceTemplate};
use crate::transform;
use crate::write::{self, WriteOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The stack a thread running the pipeline gets (the CLI's build thread,
/// and the second worker writing a document's formats): deeply nested input
/// recurses deeply. Only the pages it touches are ever committed.
pub const STACK_SIZE: usize = 512 << 20;

/// A document after load, read and transform: ready for any writer.
pub struct Compiled {
    pub source: Source,
    pub doc: Document,
    /// What load, read and the transforms reported, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The pipeline up to the tree: front matter, Markdown, transforms.
pub fn compile(source: Source, project: &Project, dialect: Dialect) -> Result<Compiled> {
    compile_with(source, project, dialect, None)
}

/// `compile`, with the source first rendered as a data template for one
/// record of a batch (front matter values, then the body).
pub fn compile_with(
    mut source: Source,
    project: &Project,
    dialect: Dialect,
    data: Option<(&SourceTemplate, Record<'_>)>,
) -> Result<Compiled> {
    let (mut meta, mut diagnostics, body_offset, body_line_offset) = {
        let split = source.split()?;
        let (meta, diagnostics) = source.meta(&split)?;
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
        diagnostics.push(
            Diagnostic::warning(&source.name, message.clone())
                .at(&source.text, pos.line, pos.column)
                .hint("write it in Markdown, or as raw `{=html}`"),
        );
    }
    for ignored in crate::layout::pandoc::ignored(&meta, None) {
        diagnostics.push(source.key_warning(&ignored.key, ignored.message)?);
    }
    let mut doc = Document {
        meta,
        blocks: body.blocks,
        notes: body.notes,
    };
    let context = transform::Context {
        file: &source.name,
        text: &source.text,
        base_url: project.config.base_url.as_deref(),
    };
    // The passes may depend on the language (quotation marks).
    if doc.meta.lang.is_none() {
        doc.meta.lang = Some(project.config.lang.clone());
    }
    diagnostics.extend(transform::run(&mut doc, &context));
    if doc.meta.title.is_none() {
        let (title, origin) = match first_heading(&doc) {
            Some(heading) => (heading, "the first heading"),
            None => (stem_title(&source.name), "the file name"),
        };
        diagnostics.push(
            Diagnostic::note(
                &source.name,
                format!("no title in the front matter; using {origin}: `{title}`"),
            )
            .hint("add `title: …` to the front matter"),
        );
        doc.meta.title = Some(title);
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    Ok(Compiled {
        source,
        doc,
        diagnostics,
    })
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
            tag_filter: dialect == Dialect::Gfm,
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
    /// `--name`: a template for each record's output name.
    pub name: Option<String>,
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
    Ok(reports)
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
    let meta = source.meta(&source.split()?)?.0;
    let layout_name = options
        .layout
        .clone()
        .or_else(|| meta.layout.clone())
        .unwrap_or_else(|| project.config.layout.clone());
    if !layouts.contains_key(&layout_name) {
        layouts.insert(layout_name.clone(), Layout::load(&layout_name, project)?);
    }
    // pandoc's front matter (geometry, fontsize…) over the layout.
    let layout = crate::layout::pandoc::apply(&layouts[&layout_name], &meta);
    let layout = layout.as_ref();
    let formats = formats(&source, &meta, options, project)?;
    if let Some(data) = batch::Data::load(input, &source, &meta, options, project)? {
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
            input,
            source: &source,
            data: &data,
            layout,
            formats: &formats,
            folder: target.out_dir.join(input.stem()),
        };
        let (batch_report, diagnostics) = batch::build(target, &batch, progress);
        report.diagnostics = diagnostics;
        report.batch = Some(batch_report);
        return Ok(());
    }
    let mut compiled = compile(source, project, options.dialect)?;
    for ignored in crate::layout::pandoc::ignored(&compiled.doc.meta, Some(&layout.style)) {
        if matches!(ignored.key.as_str(), "mainfont" | "monofont") {
            let warning = compiled.source.key_warning(&ignored.key, ignored.message)?;
            compiled.diagnostics.push(warning);
        }
    }
    let outputs = render(target, input, &mut compiled, layout, &formats);
    report.diagnostics = compiled.diagnostics;
    let outputs = outputs?;
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
    let meta = source.meta(&source.split()?)?.0;
    match batch::Data::load(input, &source, &meta, options, project)? {
        Some(data) => batch::check(project, input, &source, &data, options.dialect),
        None => {
            let compiled = compile(source, project, options.dialect)?;
            Ok(check_compiled(project, input, compiled))
        }
    }
}

/// A compiled document's diagnostics with those of loading its images.
fn check_compiled(project: &Project, input: &Input, mut compiled: Compiled) -> Vec<Diagnostic> {
    let diagnostics = &mut compiled.diagnostics;
    assets::check(project, input, &compiled.source, &compiled.doc, diagnostics);
    compiled.diagnostics
}

/// Every format of one document, in memory, with its images loaded from the
/// project (their warnings join the document's): nothing is written until
/// all of them are made.
fn render(
    target: &Target<'_>,
    input: &Input,
    compiled: &mut Compiled,
    layout: &Layout,
    formats: &[Format],
) -> Result<Vec<(Format, Vec<u8>)>> {
    let mut options = target.options.write.clone();
    options.images = assets::load(
        target.project,
        input,
        &compiled.source,
        &compiled.doc,
        &mut compiled.diagnostics,
    )?;
    if options.build_date.is_none() {
        options.build_date = compiled.doc.meta.date.clone();
    }
    let write_one = |format: Format| write::write(&compiled.doc, layout, format, &options);
    let written = write_formats(formats, &write_one);
    let mut outputs = Vec::new();
    let mut missing_chars = std::collections::BTreeSet::new();
    for (&format, written) in formats.iter().zip(written) {
        let written = written.map_err(|e| in_source(e, &compiled.source))?;
        missing_chars.extend(written.missing_chars);
        outputs.push((format, written.bytes));
    }
    let lang = compiled.doc.meta.lang.clone().unwrap_or_default();
    if formats.contains(&Format::Pdf) && layout.style.hyphenate && !write::pdf::hyphenates(&lang) {
        compiled.diagnostics.push(Diagnostic::note(
            &compiled.source.name,
            format!(
                "no hyphenation patterns for `lang: {lang}`; the PDF is set without hyphenation"
            ),
        ));
    }
    for ch in missing_chars {
        compiled
            .diagnostics
            .push(missing_char(&compiled.source, ch, !options.no_system_fonts));
    }
    Ok(outputs)
}

/// Every format of one document, in the order asked (so the first failure
/// reported is the same). The formats are independent, and the seed's PDF
/// takes longer than its EPUB, HTML and text together: two workers, this
/// thread and one more, take them in turn, so the others are made while the
/// PDF is. (More threads gain nothing while the PDF is the longest, and
/// each costs its start and its stack's first pages.)
fn write_formats(
    formats: &[Format],
    write_one: &(dyn Fn(Format) -> Result<write::Written> + Sync),
) -> Vec<Result<write::Written>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&format) = formats.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((format, write_one(format)));
        }
        done
    };
    let mut done = if formats.len() < 2 {
        work()
    } else {
        std::thread::scope(|scope| {
            // Without the helper (no thread to be had), this thread does all.
            let helper = std::thread::Builder::new()
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, work);
            let mut done = work();
            if let Ok(Ok(more)) = helper.map(|helper| helper.join()) {
                done.extend(more);
            }
            done
        })
    };
    formats
        .iter()
        .map(|format| {
            let made = done.iter().position(|(f, _)| f == format);
            made.map_or_else(
                || Err(Error::Write(format!("the {} writer failed", format.name()))),
                |i| done.swap_remove(i).1,
            )
        })
        .collect()
}

/// A writer's error about the document (no file named): in its source, at
/// its line when it has one.
fn in_source(err: Error, source: &Source) -> Error {
    match err {
        Error::Input(mut d) if d.file.is_empty() => {
            d.file = source.name.clone();
            if d.line > 0 {
                let (line, column) = (d.line, d.column);
                *d = d.at(&source.text, line, column);
            }
            Error::Input(d)
        }
        other => other,
    }
}

/// A warning for a character no font has, at its first use, naming the
/// package with a font for it.
fn missing_char(source: &Source, ch: char, system: bool) -> Diagnostic {
    let (fonts, hint) = if system {
        ("in the layout or the system", "install")
    } else {
        (
            "in the layout (system fonts are off)",
            "drop `--no-system-fonts` (or `system_fonts: false`) and install",
        )
    };
    let diagnostic = Diagnostic::warning(
        &source.name,
        format!(
            "no font {fonts} has `{ch}` (U+{:04X}); the PDF leaves it out",
            ch as u32
        ),
    )
    .hint(format!(
        "{hint} {}, or add a font that has it to the layout's `fonts`",
        crate::fonts::package_for(ch)
    ));
    match source.text.find(ch) {
        Some(offset) => {
            let (line, column) = diag::line_column(&source.text, offset);
            diagnostic.at(&source.text, line, column)
        }
        None => diagnostic,
    }
}

fn write_outputs(dir: &Path, stem: &str, outputs: Vec<(Format, Vec<u8>)>) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (format, bytes) in outputs {
        let path = dir.join(format.file_name(stem));
        files::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The formats of one document: `--to`, else the front matter's `formats:`,
/// else the project's.
fn formats(
    source: &Source,
    meta: &doc::Meta,
    options: &BuildOptions,
    project: &Project,
) -> Result<Vec<Format>> {
    if !options.formats.is_empty() {
        return Ok(options.formats.clone());
    }
    let Some(value) = meta.extra.get("formats") else {
        return Ok(project.config.formats.clone());
    };
    let names: Vec<String> = match value {
        doc::Value::List(items) => items.iter().map(doc::Value::to_text).collect(),
        other => other
            .to_text()
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect(),
    };
    names
        .iter()
        .map(|name| {
            Format::parse(name).ok_or_else(|| {
                match source.key_diagnostic(
                    "formats",
                    format!(
                        "unknown format `{name}`; formats: pdf, epub, html, fragment, txt, json"
                    ),
                ) {
                    Ok(diagnostic) => diagnostic.into(),
                    Err(err) => err,
                }
            })
        })
        .collect()
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

//! One document in memory: its plan (front matter, layout, formats), then
//! every format's bytes with the images loaded, nothing written. `build`
//! writes what this makes; the Python package keeps it.

use super::{batch, finish, meta_of, read_source, BuildOptions, Compiled, Outputs, Target};
use crate::assets;
use crate::diag::{self, Diagnostic};
use crate::doc;
use crate::error::{Error, Result};
use crate::filters;
use crate::format::Format;
use crate::layout::Layout;
use crate::project::Project;
use crate::source::Source;
use crate::write;
use std::collections::HashMap;
use std::path::Path;

/// What one source is built with: its front matter (with the metadata set
/// over it), its layout (pandoc's front matter keys applied) and formats.
pub(super) struct Plan<'a> {
    pub meta: doc::Meta,
    pub layout: std::borrow::Cow<'a, Layout>,
    pub formats: Vec<Format>,
}

impl<'a> Plan<'a> {
    pub(super) fn new(
        target: &Target<'_>,
        source: &Source,
        layouts: &'a mut HashMap<String, Layout>,
    ) -> Result<Plan<'a>> {
        let (project, options) = (target.project, target.options);
        let meta = meta_of(source, options)?.0;
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
        let formats = formats(source, &meta, options, project)?;
        Ok(Plan {
            meta,
            layout,
            formats,
        })
    }
}

/// One document made in memory.
pub struct Rendered {
    /// Each format's bytes, in format order, or why the document could not
    /// be made. A format that could not be written while others were is
    /// left out, and its error is among the diagnostics.
    pub outputs: Result<Outputs>,
    /// What the pipeline reported, in source order (also when it failed).
    pub diagnostics: Vec<Diagnostic>,
}

/// One source held in memory, made into `options.formats` (else its front
/// matter's, else the project's) with nothing written: what
/// `quire build FILE -o -` makes, for callers that keep the bytes (the
/// Python package). Its images are read from `source.folder`, inside the
/// project. A source with `data:` is refused: that is `render_records`.
pub fn render_source(project: &Project, source: Source, options: &BuildOptions) -> Rendered {
    let failed = |error: Error| Rendered {
        outputs: Err(error),
        diagnostics: Vec::new(),
    };
    let options = &match super::prepared(project, options) {
        Ok(options) => options,
        Err(error) => return failed(error),
    };
    let target = Target {
        project,
        options,
        out_dir: Path::new(""),
    };
    let mut layouts = HashMap::new();
    let plan = match Plan::new(&target, &source, &mut layouts) {
        Ok(plan) => plan,
        Err(error) => return failed(error),
    };
    match batch::Data::load(&source, &plan.meta, options, project) {
        Ok(None) => {}
        Ok(Some(_)) => {
            return failed(Error::Usage(
                "this document has `data:`, which makes one document per record: render it with its records"
                    .to_owned(),
            ))
        }
        Err(error) => return failed(error),
    }
    let mut rendered = render_document(&target, source, plan.layout.as_ref(), &plan.formats);
    rendered.diagnostics.extend(super::font_warnings(options));
    rendered
}

/// The pipeline from a loaded source to every format's bytes, with the
/// warnings only a full build finds (pandoc's font keys the layout ignores).
pub(super) fn render_document(
    target: &Target<'_>,
    source: Source,
    layout: &Layout,
    formats: &[Format],
) -> Rendered {
    let read = match read_source(source, target.options, None) {
        Ok(read) => read,
        Err(error) => {
            return Rendered {
                outputs: Err(error),
                diagnostics: Vec::new(),
            }
        }
    };
    let mut font_warnings = Vec::new();
    for ignored in crate::layout::pandoc::ignored(&read.doc.meta, Some(&layout.style)) {
        if matches!(ignored.key.as_str(), "mainfont" | "monofont") {
            match read.source.key_warning(&ignored.key, ignored.message) {
                Ok(warning) => font_warnings.push(warning),
                Err(error) => {
                    return Rendered {
                        outputs: Err(error),
                        diagnostics: read.diagnostics,
                    }
                }
            }
        }
    }
    render_read(target, read, layout, formats, font_warnings)
}

/// The tree as the reader made it (`read`) made into every format: the
/// filters run on it once for each of pandoc's writers among `formats`
/// (`latex` for the PDF, `html` for the page and the fragment…), then the
/// transforms on what they leave, so ids, links and confined images are
/// the filters' output's too; `found` joins the diagnostics after the
/// transforms'.
pub(super) fn render_read(
    target: &Target<'_>,
    read: Compiled,
    layout: &Layout,
    formats: &[Format],
    found: Vec<Diagnostic>,
) -> Rendered {
    let project = target.project;
    let filters = &target.options.filters;
    if filters.is_empty() {
        let mut compiled = finish(read, project, target.options.dialect);
        compiled.diagnostics.extend(found);
        let outputs = render(target, &mut compiled, layout, formats);
        return Rendered {
            outputs,
            diagnostics: compiled.diagnostics,
        };
    }
    let mut writers: Vec<&str> = formats.iter().map(|&f| filters::writer_name(f)).collect();
    writers.sort_unstable();
    writers.dedup();
    let mut diagnostics = Vec::new();
    let mut made: Vec<(Format, Vec<u8>)> = Vec::new();
    let mut first_error = None;
    for writer in writers {
        let group: Vec<Format> = formats
            .iter()
            .copied()
            .filter(|&f| filters::writer_name(f) == writer)
            .collect();
        let filtered = filters::run(filters, read.doc.clone(), writer, &read.source.name);
        let (doc, said) = match filtered {
            Ok(done) => done,
            Err(error) => {
                merge(&mut diagnostics, read.diagnostics);
                return Rendered {
                    outputs: Err(error),
                    diagnostics,
                };
            }
        };
        let mut compiled = finish(
            Compiled {
                source: read.source.clone(),
                doc,
                diagnostics: read.diagnostics.clone(),
            },
            project,
            target.options.dialect,
        );
        compiled.diagnostics.extend(said);
        compiled.diagnostics.extend(found.iter().cloned());
        match render(target, &mut compiled, layout, &group) {
            Ok(outputs) => made.extend(outputs),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
        merge(&mut diagnostics, compiled.diagnostics);
    }
    if made.is_empty() {
        if let Some(error) = first_error {
            return Rendered {
                outputs: Err(error),
                diagnostics,
            };
        }
    } else if let Some(error) = first_error {
        let diagnostic = error
            .diagnostic()
            .cloned()
            .unwrap_or_else(|| Diagnostic::error(&read.source.name, error.to_string()));
        merge(&mut diagnostics, vec![diagnostic]);
    }
    // In the order asked, as without filters.
    let outputs = formats
        .iter()
        .filter_map(|format| {
            let at = made.iter().position(|(f, _)| f == format)?;
            Some(made.swap_remove(at))
        })
        .collect();
    Rendered {
        outputs: Ok(outputs),
        diagnostics,
    }
}

/// Adds the diagnostics not already in `all`: each writer's run of the
/// transforms reports the same ones.
fn merge(all: &mut Vec<Diagnostic>, found: Vec<Diagnostic>) {
    for d in found {
        if !all.contains(&d) {
            all.push(d);
        }
    }
}

/// Every format of one document, in memory, with its images loaded from the
/// project (their warnings join the document's): nothing is written until
/// all of them are made.
pub(super) fn render(
    target: &Target<'_>,
    compiled: &mut Compiled,
    layout: &Layout,
    formats: &[Format],
) -> Result<Outputs> {
    let mut options = target.options.write.clone();
    options.images = assets::load(
        target.project,
        &compiled.source,
        &compiled.doc,
        &mut compiled.diagnostics,
    );
    if options.build_date.is_none() {
        options.build_date = compiled.doc.meta.date.clone();
    }
    let write_one = |format: Format| write::write(&compiled.doc, layout, format, &options);
    let written = write_formats(formats, &write_one);
    let mut outputs = Vec::new();
    let mut failures = Vec::new();
    let mut missing_chars = std::collections::BTreeSet::new();
    for (&format, written) in formats.iter().zip(written) {
        match written {
            Ok(written) => {
                missing_chars.extend(written.missing_chars);
                outputs.push((format, written.bytes));
            }
            Err(err) => failures.push(not_written(format, err, &compiled.source)),
        }
    }
    // A format that cannot be written costs only itself: the others are
    // made, and its error joins the document's diagnostics (a build with
    // one fails). With none made, the first error is the document's.
    if outputs.is_empty() {
        if let Some(first) = failures.into_iter().next() {
            return Err(first);
        }
    } else {
        compiled.diagnostics.extend(failures.iter().map(|failure| {
            failure
                .diagnostic()
                .cloned()
                .unwrap_or_else(|| Diagnostic::error(&compiled.source.name, failure.to_string()))
        }));
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
/// thread and one more, take them in turn, longest first, so the others
/// are made while the PDF is. (Taken in the order asked, `--to
/// html,txt,epub,pdf` started the PDF only once the HTML was done. More
/// threads gain nothing while the PDF is the longest, and each costs its
/// start and its stack's first pages.)
fn write_formats(
    formats: &[Format],
    write_one: &(dyn Fn(Format) -> Result<write::Written> + Sync),
) -> Vec<Result<write::Written>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut longest_first = formats.to_vec();
    longest_first.sort_by_key(|&format| time_rank(format));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&format) = longest_first.get(next.fetch_add(1, Ordering::Relaxed)) {
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
                .stack_size(super::PIPELINE_STACK_BYTES)
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

/// Where a format comes when the longest are written first: the PDF sets
/// every line and subsets its fonts, the EPUB and the HTML page cut their
/// screen fonts, the rest print the tree.
fn time_rank(format: Format) -> u8 {
    match format {
        Format::Pdf => 0,
        Format::Epub => 1,
        Format::Docx => 2,
        Format::Html => 3,
        Format::Fragment => 4,
        Format::Text => 5,
        Format::Json => 6,
        Format::PandocJson => 7,
    }
}

/// A writer's error, saying which format is not written; about the
/// document (no file named), in its source,
/// at its line when it has one.
fn not_written(format: Format, err: Error, source: &Source) -> Error {
    let label = match format {
        Format::Pdf => "PDF",
        Format::Epub => "EPUB",
        Format::Html => "HTML page",
        Format::Fragment => "HTML fragment",
        Format::Text => "plain text",
        Format::Json => "JSON",
        Format::PandocJson => "pandoc JSON",
        Format::Docx => "DOCX",
    };
    let say = |message: &str| format!("no {label} written: {message}");
    let in_source = |mut d: Box<Diagnostic>| {
        d.message = say(&d.message);
        if d.file.is_empty() {
            d.file = source.name.clone();
            if d.line > 0 {
                let (line, column) = (d.line, d.column);
                *d = d.at(&source.text, line, column);
            }
        }
        d
    };
    match err {
        Error::Input(d) => Error::Input(in_source(d)),
        Error::Layout(mut d) => {
            d.message = say(&d.message);
            Error::Layout(d)
        }
        Error::Write(message) => Error::Write(say(&message)),
        Error::Usage(message) => Error::Usage(say(&message)),
    }
}

/// A warning for a character no font has, at its first use, naming the
/// package with a font for it.
fn missing_char(source: &Source, ch: char, system: bool) -> Diagnostic {
    if crate::fonts::never_drawn(ch) {
        let diagnostic = Diagnostic::warning(
            &source.name,
            format!(
                "U+{:04X} is a control character or unassigned, which no font draws; the PDF draws `�` (U+FFFD) in its place",
                ch as u32
            ),
        )
        .hint("remove it from the source (a copy from another program may have brought it)");
        return at_first_use(source, ch, diagnostic);
    }
    let (fonts, hint) = if system {
        ("in the layout, the project or the system", "install")
    } else {
        (
            "in the layout or the project (system fonts are off)",
            "drop `--no-system-fonts` (or `system_fonts: false`) and install",
        )
    };
    let diagnostic = Diagnostic::warning(
        &source.name,
        format!(
            "no font {fonts} has `{ch}` (U+{:04X}); the PDF draws `�` (U+FFFD) in its place",
            ch as u32
        ),
    )
    .hint(format!(
        "{hint} {}, or put a font that has it in the project's fonts folder",
        crate::fonts::package_for(ch)
    ));
    at_first_use(source, ch, diagnostic)
}

/// The diagnostic at the character's first place in the source.
fn at_first_use(source: &Source, ch: char, diagnostic: Diagnostic) -> Diagnostic {
    match source.text.find(ch) {
        Some(offset) => {
            let (line, column) = diag::line_column(&source.text, offset);
            diagnostic.at(&source.text, line, column)
        }
        None => diagnostic,
    }
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
                        "unknown format `{name}`; formats: pdf, docx, epub, html, fragment, txt, json, pandoc-json"
                    ),
                ) {
                    Ok(diagnostic) => diagnostic.into(),
                    Err(err) => err,
                }
            })
        })
        .collect()
}

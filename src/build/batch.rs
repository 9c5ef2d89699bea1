//! Data-driven documents: one source built once per record of a data file
//! (`--data`, or `data:` in the front matter), the records in parallel.

use super::{
    check_compiled, compile_with, read_source, render_read, write_outputs, BuildOptions, Outputs,
    Plan, Progress, Target,
};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::files::{self, Confined};
use crate::format::Format;
use crate::layout::Layout;
use crate::project::Project;
use crate::source::Source;
use crate::template::{Record, SourceTemplate};
use crate::{data, doc};
use std::path::{Path, PathBuf};

/// The documents `render_records` made, one per record in order.
pub struct RenderedRecords {
    /// Each record's formats in format order, or why it failed (the
    /// other records are made all the same).
    pub records: Vec<Result<Outputs>>,
    /// Distinct diagnostics of every record, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The records of one data-driven input.
pub struct BatchReport {
    pub records: usize,
    /// The folder the records' files went to.
    pub folder: PathBuf,
    pub failures: Vec<RecordFailure>,
}

/// A record that could not be built; the others were.
pub struct RecordFailure {
    /// 1-based, in data file order.
    pub number: usize,
    pub name: String,
    pub error: Error,
}

/// A data-driven source: its records and its body compiled as a template.
pub(crate) struct Data {
    records: Vec<serde_json::Value>,
    /// `records` as the template sees it, converted once.
    records_value: crate::template::Shared,
    template: SourceTemplate,
    /// The name a record goes by in the template: `data_name:`, else `record`.
    data_name: String,
}

impl Data {
    /// The records and template of `source`, or `None` when it has no data.
    pub(crate) fn load(
        source: &Source,
        meta: &doc::Meta,
        options: &BuildOptions,
        project: &Project,
    ) -> Result<Option<Data>> {
        let Some(path) = data_file(source, meta, options, project)? else {
            return Ok(None);
        };
        let shown = files::display(&path);
        let bytes = match files::read_inside(&project.readable_roots(), &path) {
            Confined::Read(_, bytes) => bytes,
            Confined::Outside => {
                return Err(Diagnostic::error(
                    &shown,
                    "the data file is outside the project folder",
                )
                .hint(format!(
                    "move it into the project ({}), or allow its folder (`--allow-outside DIR`; from Python, `allow_outside=[DIR]`)",
                    files::display(&project.root)
                ))
                .into())
            }
            // Reading again gives the reason in the usual words.
            Confined::Missing | Confined::Unreadable(_) => files::read(&path)?,
        };
        let text = Source::decode(&shown, &bytes)?.text;
        let records = data::Records::parse(&shown, &text)?.records;
        Data::new(source, meta, records).map(Some)
    }

    /// `source` as a template over records given in memory.
    fn new(source: &Source, meta: &doc::Meta, records: Vec<serde_json::Value>) -> Result<Data> {
        let body_offset = source.text.len() - source.split()?.body.len();
        let template = SourceTemplate::new(&source.name, &source.text, body_offset)?;
        let data_name = match meta.extra.get("data_name") {
            Some(doc::Value::String(name)) => name.clone(),
            _ => "record".to_owned(),
        };
        Ok(Data {
            records_value: crate::template::Shared::new(&records),
            records,
            template,
            data_name,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    fn record(&self, index: usize) -> Record<'_> {
        Record {
            name: &self.data_name,
            value: &self.records[index],
            index,
            records: &self.records_value,
        }
    }
}

/// The data file a document is built from, if any: `--data` as given, else
/// the front matter's `data:`, relative to the source's folder or, failing
/// that, to the project root.
fn data_file(
    source: &Source,
    meta: &doc::Meta,
    options: &BuildOptions,
    project: &Project,
) -> Result<Option<PathBuf>> {
    if let Some(path) = &options.data {
        return Ok(Some(path.clone()));
    }
    match meta.extra.get("data") {
        None => Ok(None),
        Some(doc::Value::String(name)) => {
            let beside = source.folder.join(name);
            let in_project = files::relative_to_cwd(&project.root.join(name));
            if files::is_file(&beside) || !files::is_file(&in_project) {
                Ok(Some(beside))
            } else {
                Ok(Some(in_project))
            }
        }
        Some(_) => Err(source
            .key_diagnostic("data", "`data:` names one data file (YAML, CSV or JSON)")?
            .into()),
    }
}

/// What `quire check` finds in every record (each diagnostic once), a
/// failing record's error among them.
pub(crate) fn check(
    project: &Project,
    source: &Source,
    data: &Data,
    options: &BuildOptions,
) -> Result<Vec<Diagnostic>> {
    let mut found = Vec::new();
    for index in 0..data.len() {
        let record = Some((&data.template, data.record(index)));
        let diagnostics = match compile_with(source.clone(), project, options, record) {
            Ok(compiled) => check_compiled(project, compiled),
            Err(Error::Input(diagnostic)) => vec![*diagnostic],
            Err(err) => return Err(err),
        };
        merge(&mut found, diagnostics);
    }
    found.sort_by_key(|d| (d.line, d.column));
    Ok(found)
}

/// What one batch builds from: the source, its data, layout and formats.
pub(crate) struct Batch<'a> {
    pub source: &'a Source,
    pub data: &'a Data,
    pub layout: &'a Layout,
    pub formats: &'a [Format],
    pub folder: PathBuf,
}

/// Builds every record in parallel; each record's files are written as soon
/// as they are made, so memory does not grow with the list.
pub(crate) fn build(
    target: &Target<'_>,
    batch: &Batch<'_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> (BatchReport, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let mut names = data::Names::default();
    let named: Vec<(String, Option<String>)> = (0..batch.data.len())
        .map(|index| {
            let wanted = match &target.options.name {
                Some(name) => batch
                    .data
                    .template
                    .render_text(name, batch.data.record(index)),
                None => Ok(data::default_name(&batch.data.records[index])),
            };
            match wanted {
                Ok(wanted) => (names.claim(&wanted, index + 1), None),
                Err(message) => (format!("record-{}", index + 1), Some(message)),
            }
        })
        .collect();
    let results: Vec<Result<Vec<Diagnostic>>> = on_workers(|| {
        named
            .par_iter()
            .enumerate()
            .map(|(index, (name, name_error))| {
                let result = match name_error {
                    Some(message) => Err(Error::Usage(format!("--name: {message}"))),
                    None => build_record(target, batch, index, name),
                };
                progress(Progress::RecordDone);
                result
            })
            .collect()
    });
    let mut diagnostics = Vec::new();
    let mut failures = Vec::new();
    for (index, result) in results.into_iter().enumerate() {
        match result {
            Ok(found) => merge(&mut diagnostics, found),
            Err(error) => failures.push(RecordFailure {
                number: index + 1,
                name: named[index].0.clone(),
                error,
            }),
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let report = BatchReport {
        records: batch.data.len(),
        folder: batch.folder.clone(),
        failures,
    };
    (report, diagnostics)
}

fn build_record(
    target: &Target<'_>,
    batch: &Batch<'_>,
    index: usize,
    name: &str,
) -> Result<Vec<Diagnostic>> {
    let (outputs, diagnostics) = render_record(target, batch, index)?;
    write_outputs(&batch.folder, name, outputs)?;
    Ok(diagnostics)
}

/// One record's document in every format, in memory.
fn render_record(
    target: &Target<'_>,
    batch: &Batch<'_>,
    index: usize,
) -> Result<(Outputs, Vec<Diagnostic>)> {
    let read = read_source(
        batch.source.clone(),
        target.options,
        Some((&batch.data.template, batch.data.record(index))),
    )?;
    let rendered = render_read(target, read, batch.layout, batch.formats, Vec::new());
    Ok((rendered.outputs?, rendered.diagnostics))
}

/// One source held in memory as a data template, made once per record
/// (records given in memory, over any `data:` of its front matter) in
/// parallel, as a batch is, with nothing written: one document per sponsor
/// for a caller that keeps the bytes (the Python package). The error is
/// the source's own (its front matter, its template, its layout); a
/// record's failure is that record's entry.
pub fn render_records(
    project: &Project,
    source: Source,
    records: Vec<serde_json::Value>,
    options: &BuildOptions,
) -> Result<RenderedRecords> {
    use rayon::prelude::*;
    let options = &super::prepared(project, options)?;
    let target = Target {
        project,
        options,
        out_dir: Path::new(""),
    };
    let mut layouts = std::collections::HashMap::new();
    let plan = Plan::new(&target, &source, &mut layouts)?;
    let data = Data::new(&source, &plan.meta, records)?;
    let batch = Batch {
        source: &source,
        data: &data,
        layout: plan.layout.as_ref(),
        formats: &plan.formats,
        folder: PathBuf::new(),
    };
    let results: Vec<_> = on_workers(|| {
        (0..data.len())
            .into_par_iter()
            .map(|index| render_record(&target, &batch, index))
            .collect()
    });
    let mut diagnostics = Vec::new();
    let records = results
        .into_iter()
        .map(|result| {
            result.map(|(outputs, found)| {
                merge(&mut diagnostics, found);
                outputs
            })
        })
        .collect();
    diagnostics.sort_by_key(|d| (d.line, d.column));
    diagnostics.extend(super::font_warnings(options));
    Ok(RenderedRecords {
        records,
        diagnostics,
    })
}

/// Runs a batch's parallel work on workers with the pipeline's stack:
/// rayon's own threads have 2 MiB, which deeply nested input overflows
/// (an abort, which from the Python package ends the interpreter). The
/// stack is reserved, not committed, so the workers cost only what they use.
fn on_workers<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static WORKERS: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let workers = WORKERS.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(super::PIPELINE_STACK_BYTES)
            .thread_name(|n| format!("quire-batch-{n}"))
            .build()
            .ok()
    });
    match workers {
        Some(workers) => workers.install(work),
        None => work(),
    }
}

/// Adds the diagnostics not already in `all`: every record of a batch
/// reports the same template warning.
fn merge(all: &mut Vec<Diagnostic>, found: Vec<Diagnostic>) {
    for d in found {
        if !all.contains(&d) {
            all.push(d);
        }
    }
}

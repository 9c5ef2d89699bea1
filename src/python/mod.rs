//! The Python package's extension module, `quire._quire` (PyO3, behind the
//! `python` feature; python/quire/ is the package around it). It calls the
//! library only through its public API, named as `quire::…` as any other
//! crate would, and it compiles the CLI in whole, so the package's `quire`
//! command and `python -m quire` are the binary's own.
//!
//! Every call converts its arguments, releases the GIL, runs the pipeline
//! on a thread of its own (the stack the CLI gives it) and hands back bytes
//! or text; diagnostics become `quire.QuireWarning`s and errors
//! `quire.QuireError`s, both defined in python/quire/_errors.py.

#[path = "../cli/mod.rs"]
mod cli;
mod pandoc;

use pandoc::{convert_file, convert_text, get_pandoc_version};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use quire::{
    BuildOptions, Diagnostic, Dialect, Error, Format, InputFormat, Project, Severity, Source,
};
use std::path::PathBuf;

/// What diagnostics call a source given as a string (Python's own name
/// for code that has no file).
const TEXT_NAME: &str = "<string>";

/// pandoc's names for quire's formats, beside quire's own.
const PANDOC_FORMATS: [(&str, Format); 3] = [
    ("plain", Format::Text),
    ("html5", Format::Html),
    ("epub3", Format::Epub),
];

#[pymodule]
fn _quire(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_function(wrap_pyfunction!(convert_text, module)?)?;
    module.add_function(wrap_pyfunction!(convert_file, module)?)?;
    module.add_function(wrap_pyfunction!(render_records, module)?)?;
    module.add_function(wrap_pyfunction!(build, module)?)?;
    module.add_function(wrap_pyfunction!(layouts, module)?)?;
    module.add_function(wrap_pyfunction!(run_cli, module)?)?;
    module.add_function(wrap_pyfunction!(get_pandoc_version, module)?)?;
    module.add_class::<Layout>()?;
    module.add_class::<BuildResult>()?;
    Ok(())
}

/// One layout a project can use.
#[pyclass(frozen, get_all, module = "quire")]
struct Layout {
    /// The name `layout=` takes.
    name: String,
    /// The layout's own words about itself (`description:` in layout.yaml).
    description: String,
    /// `built-in`, or the project folder it comes from.
    origin: String,
}

#[pymethods]
impl Layout {
    fn __repr__(&self) -> String {
        format!("Layout(name={:?}, origin={:?})", self.name, self.origin)
    }
}

/// What `quire.build` did: the files it wrote and the documents that failed.
#[pyclass(frozen, get_all, module = "quire")]
struct BuildResult {
    /// Every file written, in input and format order.
    written: Vec<PathBuf>,
    /// The folder of each data-driven document, one file per record inside.
    batch_folders: Vec<PathBuf>,
    /// A `QuireError` for each document or record that could not be built;
    /// the others were.
    errors: Vec<Py<PyAny>>,
}

#[pymethods]
impl BuildResult {
    /// True when every document was built.
    #[getter]
    fn ok(&self) -> bool {
        self.errors.is_empty()
    }

    fn __repr__(&self) -> String {
        format!(
            "BuildResult(written={}, errors={})",
            self.written.len(),
            self.errors.len()
        )
    }
}

/// What a conversion takes besides its source, as Python gave it.
struct Request {
    format: Format,
    project: Project,
    options: BuildOptions,
    /// The folder a text source's images are read relative to.
    base_dir: PathBuf,
}

/// The keywords every call shares (quire's own).
struct Keywords<'a, 'py> {
    layout: Option<String>,
    base_dir: PathBuf,
    allow_outside: Vec<PathBuf>,
    max_pages: Option<u32>,
    metadata: Option<&'a Bound<'py, PyDict>>,
}

impl Request {
    /// `from`: pandoc's input format (a Markdown dialect with its
    /// switches, or `json`/`pandoc-json`).
    fn new(format: Format, from: &str, keywords: Keywords<'_, '_>) -> PyResult<Request> {
        let (input_format, dialect) = match InputFormat::parse(from) {
            Some(input) => (input, Dialect::default()),
            None => (
                InputFormat::Markdown,
                Dialect::parse(from).map_err(|e| usage(e.0))?.0,
            ),
        };
        let Keywords {
            layout,
            base_dir,
            allow_outside,
            max_pages,
            metadata,
        } = keywords;
        if !quire::files::is_dir(&base_dir) {
            return Err(usage(format!(
                "base_dir `{}` is not a folder",
                base_dir.display()
            )));
        }
        let project = Project::load(&base_dir)
            .map_err(failure)?
            .allowing(&allow_outside);
        let mut options = BuildOptions::for_project(&project, quire::date::source_date_epoch());
        options.formats = vec![format];
        options.layout = layout;
        options.dialect = dialect;
        options.input_format = input_format;
        options.write.max_pages = max_pages;
        if let Some(metadata) = metadata {
            for (key, value) in metadata.iter() {
                let key: String = key.extract()?;
                let value = pythonize::depythonize(&value)
                    .map_err(|err| usage(format!("metadata `{key}`: {err}")))?;
                options.metadata.push((key, value));
            }
        }
        Ok(Request {
            format,
            project,
            options,
            base_dir,
        })
    }
}

/// Renders `template` once for each record (a dict), in parallel, and
/// returns one document per record, in order: bytes for PDF and EPUB, str
/// for the others. The records' values stay literal text (Markdown in them
/// is not read as Markdown). The first record that fails raises its
/// `QuireError` (with `.record`, its 0-based index); the same keywords as
/// `convert_text`, without `data` and `outputfile`.
#[pyfunction]
#[pyo3(signature = (template, records, to = "pdf", *, format = "markdown", layout = None,
    base_dir = PathBuf::from("."), max_pages = None, metadata = None,
    allow_outside = Vec::new()))]
#[pyo3(
    text_signature = "(template, records, to='pdf', *, format='markdown', layout=None, base_dir='.', max_pages=None, metadata=None, allow_outside=())"
)]
#[allow(clippy::too_many_arguments)]
fn render_records(
    py: Python<'_>,
    template: &str,
    records: Vec<Bound<'_, PyAny>>,
    to: &str,
    format: &str,
    layout: Option<String>,
    base_dir: PathBuf,
    max_pages: Option<u32>,
    metadata: Option<&Bound<'_, PyDict>>,
    allow_outside: Vec<PathBuf>,
) -> PyResult<Vec<Py<PyAny>>> {
    let source = Source::decode(TEXT_NAME, template.as_bytes())
        .map_err(failure)?
        .in_folder(&base_dir);
    let Request {
        format,
        project,
        options,
        ..
    } = Request::new(
        parse_format(to)?,
        format,
        Keywords {
            layout,
            base_dir,
            allow_outside,
            max_pages,
            metadata,
        },
    )?;
    let records = records
        .iter()
        .map(record_of)
        .collect::<PyResult<Vec<_>>>()?;
    let rendered = py
        .detach(|| {
            on_pipeline_stack(move || quire::render_records(&project, source, records, &options))
        })?
        .map_err(failure)?;
    warn(py, &rendered.diagnostics)?;
    let mut documents = Vec::with_capacity(rendered.records.len());
    for (index, outputs) in rendered.records.into_iter().enumerate() {
        let outputs = outputs.map_err(|error| {
            let err = failure(error);
            let _ = err.value(py).setattr("record", index);
            err
        })?;
        documents.push(result(py, format, one_output(outputs)?)?);
    }
    Ok(documents)
}

/// Builds documents into files as `quire build` does: `paths` (files or
/// folders; default the project's source folder), into `output` (default
/// the project's output folder), in the formats `to` names (a list, or a
/// comma-separated str; default the front matter's, else quire.yaml's).
/// A document that fails is in `.errors` and the others are built; a
/// wrong request (an unknown format) raises `UsageError`.
#[pyfunction]
#[pyo3(signature = (paths = None, *, project = PathBuf::from("."), to = None, output = None))]
#[pyo3(text_signature = "(paths=None, *, project='.', to=None, output=None)")]
fn build(
    py: Python<'_>,
    paths: Option<Vec<PathBuf>>,
    project: PathBuf,
    to: Option<&Bound<'_, PyAny>>,
    output: Option<PathBuf>,
) -> PyResult<BuildResult> {
    let project = Project::load(&project).map_err(failure)?;
    let names: Vec<String> = match to {
        None => Vec::new(),
        Some(to) => match to.extract::<String>() {
            Ok(text) => text.split(',').map(str::to_owned).collect(),
            Err(_) => to.extract()?,
        },
    };
    let mut options = BuildOptions::for_project(&project, quire::date::source_date_epoch());
    options.formats = names
        .iter()
        .map(|name| parse_format(name))
        .collect::<PyResult<_>>()?;
    options.out_dir = output;
    let given: Vec<String> = paths
        .unwrap_or_default()
        .iter()
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    let reports = py.detach(|| {
        on_pipeline_stack(move || {
            let inputs = quire::resolve_inputs(&project, &given)?;
            quire::build(&project, &inputs, &options, &|_| {})
        })
    })?;
    let reports = reports.map_err(failure)?;
    let mut result = BuildResult {
        written: Vec::new(),
        batch_folders: Vec::new(),
        errors: Vec::new(),
    };
    for report in reports {
        warn(py, &report.diagnostics)?;
        result.written.extend(report.written);
        if let Some(batch) = report.batch {
            result.batch_folders.push(batch.folder);
            for failure in batch.failures {
                result.errors.push(error_object(py, failure.error)?);
            }
        }
        if let Some(error) = report.error {
            result.errors.push(error_object(py, error)?);
        }
    }
    Ok(result)
}

/// The layouts the project at `base_dir` can use: quire's built-in ones
/// and the project's own (`layouts/NAME`), by name.
#[pyfunction]
#[pyo3(signature = (base_dir = PathBuf::from(".")))]
#[pyo3(text_signature = "(base_dir='.')")]
fn layouts(base_dir: PathBuf) -> PyResult<Vec<Layout>> {
    let project = Project::load(&base_dir).map_err(failure)?;
    Ok(quire::layout::list(&project)
        .into_iter()
        .map(|info| Layout {
            name: info.name,
            description: info.description,
            origin: info.origin,
        })
        .collect())
}

/// Runs the `quire` command with `args` (the first is the program's name)
/// and returns its exit code; what it prints goes to the process's own
/// standard output and error.
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<String>) -> u8 {
    py.detach(|| cli::run_args(args))
}

/// A record for a data template: a dict of JSON-like values.
fn record_of(value: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    pythonize::depythonize(value).map_err(|err| usage(format!("a record: {err}")))
}

/// The one format a conversion asked for.
fn one_output(outputs: quire::Outputs) -> PyResult<Vec<u8>> {
    outputs
        .into_iter()
        .next()
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| PyRuntimeError::new_err("quire made no output"))
}

/// Binary formats as bytes, text formats as str.
fn result(py: Python<'_>, format: Format, bytes: Vec<u8>) -> PyResult<Py<PyAny>> {
    match format {
        Format::Pdf | Format::Epub | Format::Docx => {
            Ok(PyBytes::new(py, &bytes).into_any().unbind())
        }
        _ => {
            let text = String::from_utf8(bytes)
                .map_err(|_| PyRuntimeError::new_err("quire made text that is not UTF-8"))?;
            Ok(PyString::new(py, &text).into_any().unbind())
        }
    }
}

fn parse_format(name: &str) -> PyResult<Format> {
    let name = name.trim().to_ascii_lowercase();
    PANDOC_FORMATS
        .iter()
        .find(|(pandoc, _)| *pandoc == name)
        .map(|(_, format)| *format)
        .or_else(|| Format::parse(&name))
        .ok_or_else(|| {
            usage(format!(
                "unknown format `{name}`; formats: pdf, docx, epub, html, fragment, txt, json \
                 (pandoc's plain, html5 and epub3 too)"
            ))
        })
}

/// Runs `work` on a thread with the stack the pipeline needs (a Python
/// thread's may be small); a panic there is an error, not a crash.
fn on_pipeline_stack<T: Send>(work: impl FnOnce() -> T + Send) -> PyResult<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(quire::PIPELINE_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|err| PyRuntimeError::new_err(format!("quire cannot start: {err}")))?
            .join()
            .map_err(|_| PyRuntimeError::new_err("quire failed inside (a bug: please report it)"))
    })
}

/// Each warning as a `quire.QuireWarning` through `warnings.warn`, so
/// filters, `pytest.warns` and logging see them; notes stay quiet, as on
/// the command line.
fn warn(py: Python<'_>, diagnostics: &[Diagnostic]) -> PyResult<()> {
    let warnings = py.import("warnings")?;
    for diagnostic in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        let text = diagnostic.render(false);
        let warning = instance(
            py,
            "QuireWarning",
            &text,
            &diagnostic.message,
            Some(diagnostic),
        )?;
        warnings.call_method1("warn", (warning,))?;
    }
    Ok(())
}

/// The library's error as the `QuireError` subclass for its kind.
fn failure(error: Error) -> PyErr {
    Python::attach(|py| match error_object(py, error) {
        Ok(object) => PyErr::from_value(object.into_bound(py)),
        Err(err) => err,
    })
}

fn error_object(py: Python<'_>, error: Error) -> PyResult<Py<PyAny>> {
    let class = match &error {
        Error::Input(_) => "InputError",
        Error::Layout(_) => "LayoutError",
        Error::Usage(_) => "UsageError",
        Error::Write(_) => "QuireError",
    };
    match error.diagnostic() {
        Some(d) => instance(py, class, &d.render(false), &d.message, Some(d)),
        None => {
            let message = error.to_string();
            instance(py, class, &format!("error: {message}"), &message, None)
        }
    }
}

fn usage(message: String) -> PyErr {
    failure(Error::Usage(message))
}

/// An object of python/quire/_errors.py's class `class`: `text` is its
/// `str()`, the place is the diagnostic's (None without one).
fn instance(
    py: Python<'_>,
    class: &str,
    text: &str,
    message: &str,
    diagnostic: Option<&Diagnostic>,
) -> PyResult<Py<PyAny>> {
    let class = py.import("quire._errors")?.getattr(class)?;
    let fields = PyDict::new(py);
    fields.set_item("message", message)?;
    if let Some(d) = diagnostic {
        fields.set_item("file", &d.file)?;
        if d.line > 0 {
            fields.set_item("line", d.line)?;
            fields.set_item("column", d.column)?;
        }
        fields.set_item("hint", &d.hint)?;
    }
    Ok(class.call((text,), Some(&fields))?.unbind())
}

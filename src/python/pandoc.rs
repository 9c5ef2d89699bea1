//! pypandoc's functions: `convert_text`, `convert_file` and
//! `get_pandoc_version` with pypandoc's arguments and results, pandoc's
//! format names and options, so `import quire as pypandoc` runs pypandoc's
//! calls unchanged.

use super::{failure, on_pipeline_stack, one_output, record_of, result, usage, warn};
use super::{Keywords, Request, TEXT_NAME};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use quire::build::pandoc_args::{self, PandocArgs};
use quire::{BuildOptions, Diagnostic, Format, Source};
use std::path::{Path, PathBuf};

/// pypandoc's arguments beyond quire's: pandoc's options, filters, the
/// working folder.
struct Pandoc {
    extra_args: Vec<String>,
    filters: Vec<PathBuf>,
    cworkdir: Option<PathBuf>,
}

impl Pandoc {
    /// The request for pandoc's output format `to` (`html` the body, the
    /// page with `-s`), with pandoc's options set on it; one warning names
    /// the options ignored. Files the caller names (a reference document,
    /// filters, resource folders) are theirs to name, not confined.
    fn request(
        self,
        py: Python<'_>,
        to: &str,
        from: &str,
        mut keywords: Keywords<'_, '_>,
    ) -> PyResult<Request> {
        let in_work_dir = |path: PathBuf| match &self.cworkdir {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path,
        };
        if let Some(dir) = &self.cworkdir {
            if keywords.base_dir == Path::new(".") {
                keywords.base_dir = dir.clone();
            }
        }
        let mut given = BuildOptions::default();
        let PandocArgs {
            standalone,
            resource_path,
            ignored,
        } = pandoc_args::apply(&mut given, &self.extra_args).map_err(failure)?;
        keywords
            .allow_outside
            .extend(resource_path.into_iter().map(in_work_dir));
        let format = pandoc_format(to, standalone)?;
        let mut request = Request::new(format, from, keywords)?;
        let options = &mut request.options;
        options.reference_doc = given.reference_doc.map(in_work_dir);
        options.metadata.extend(given.metadata);
        options.shift_heading_level_by = given.shift_heading_level_by;
        options.filters.programs = given
            .filters
            .programs
            .into_iter()
            .chain(self.filters)
            .map(in_work_dir)
            .collect();
        // `.py` filters run under this interpreter, as pypandoc's would
        // under the `python` on PATH.
        options.filters.python = py
            .import("sys")?
            .getattr("executable")?
            .extract::<Option<PathBuf>>()?
            .filter(|path| !path.as_os_str().is_empty());
        if !ignored.is_empty() {
            let message = format!(
                "pandoc options without a meaning here are ignored: {}",
                ignored.join(" ")
            );
            warn(py, &[Diagnostic::warning(TEXT_NAME, message)])?;
        }
        Ok(request)
    }
}

/// pandoc's name for an output format, as pypandoc takes it (pandoc's names
/// win over quire's; quire's own still work).
fn pandoc_format(to: &str, standalone: bool) -> PyResult<Format> {
    let name = to.trim().to_ascii_lowercase();
    Ok(match name.as_str() {
        "html" | "html5" | "html4" if standalone => Format::Html,
        "html" | "html5" | "html4" => Format::Fragment,
        "plain" => Format::Text,
        "json" => Format::PandocJson,
        "epub3" => Format::Epub,
        other => match Format::parse(other) {
            Some(format) => format,
            None => {
                return Err(usage(format!(
                    "unknown format `{other}`; formats: pdf, docx, epub3, html (the page \
                     with -s), plain, json (pandoc's AST), and quire's fragment, txt"
                )))
            }
        },
    })
}

/// The text of pypandoc's `source`: a str, or bytes in `encoding`.
fn source_text(source: &Bound<'_, PyAny>, encoding: &str) -> PyResult<String> {
    match source.extract::<String>() {
        Ok(text) => Ok(text),
        Err(_) => source.call_method1("decode", (encoding,))?.extract(),
    }
}

/// Converts Markdown text, as `pypandoc.convert_text` does, with its
/// arguments: `import quire as pypandoc` runs pypandoc's calls unchanged.
///
/// `to` is pandoc's name of the output: pdf, docx, epub3, html (the body;
/// the page with `-s` in `extra_args`), plain, json (pandoc's AST), or
/// quire's fragment, txt. `format` is pandoc's input format
/// (`markdown-raw_tex-tex_math_dollars`, gfm, commonmark, json). PDF, DOCX
/// and EPUB come back as bytes, the others as str; with `outputfile` the
/// result is written into that file in place and "" returned. `extra_args`
/// takes pandoc's options (`--reference-doc`, `-M`, `-V`, `-s`, `--toc`,
/// `--number-sections`, `--shift-heading-level-by`, `--resource-path`,
/// `--filter`); `filters` are pandoc JSON filters, run in order (`.py`
/// ones under this interpreter). `base_dir` is the project: its quire.yaml
/// and layouts are used, and images are read relative to it and only from
/// inside it (and the folders in `allow_outside` and `--resource-path`).
/// `data` is one record the text is rendered with as a template; `metadata`
/// sets front matter values over the text's own. Warnings go through
/// `warnings` as `quire.QuireWarning`; errors raise `quire.QuireError`
/// (a `RuntimeError`, as pypandoc's are).
#[pyfunction]
#[pyo3(signature = (source, to, format = None, extra_args = Vec::new(), encoding = "utf-8",
    outputfile = None, filters = None, verify_format = true, sandbox = false, cworkdir = None,
    *, layout = None, data = None, base_dir = PathBuf::from("."), max_pages = None,
    metadata = None, allow_outside = Vec::new()))]
#[pyo3(
    text_signature = "(source, to, format=None, extra_args=(), encoding='utf-8', outputfile=None, filters=None, verify_format=True, sandbox=False, cworkdir=None, *, layout=None, data=None, base_dir='.', max_pages=None, metadata=None, allow_outside=())"
)]
#[allow(clippy::too_many_arguments)]
pub(super) fn convert_text(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    to: &str,
    format: Option<&str>,
    extra_args: Vec<String>,
    encoding: &str,
    outputfile: Option<PathBuf>,
    filters: Option<Vec<PathBuf>>,
    verify_format: bool,
    sandbox: bool,
    cworkdir: Option<PathBuf>,
    layout: Option<String>,
    data: Option<&Bound<'_, PyAny>>,
    base_dir: PathBuf,
    max_pages: Option<u32>,
    metadata: Option<&Bound<'_, PyDict>>,
    allow_outside: Vec<PathBuf>,
) -> PyResult<Py<PyAny>> {
    // pandoc checks names before it runs, and quire always does; quire
    // never reads outside the project nor fetches anything: always
    // sandboxed.
    let _ = (verify_format, sandbox);
    let text = source_text(source, encoding)?;
    let keywords = Keywords {
        layout,
        base_dir,
        allow_outside,
        max_pages,
        metadata,
    };
    let pandoc = Pandoc {
        extra_args,
        filters: filters.unwrap_or_default(),
        cworkdir,
    };
    let request = pandoc.request(py, to, format.unwrap_or("markdown"), keywords)?;
    let source = Source::decode(TEXT_NAME, text.as_bytes())
        .map_err(failure)?
        .in_folder(&request.base_dir);
    convert(py, source, request, data, outputfile)
}

/// Converts a Markdown file, as `pypandoc.convert_file` does; the same
/// arguments as `convert_text` (`format` defaults to Markdown, or pandoc's
/// JSON for a `.json` file). Images are read relative to the file, from
/// inside `base_dir`.
#[pyfunction]
#[pyo3(signature = (source_file, to, format = None, extra_args = Vec::new(), encoding = "utf-8",
    outputfile = None, filters = None, verify_format = true, sandbox = false, cworkdir = None,
    *, layout = None, data = None, base_dir = PathBuf::from("."), max_pages = None,
    metadata = None, allow_outside = Vec::new()))]
#[pyo3(
    text_signature = "(source_file, to, format=None, extra_args=(), encoding='utf-8', outputfile=None, filters=None, verify_format=True, sandbox=False, cworkdir=None, *, layout=None, data=None, base_dir='.', max_pages=None, metadata=None, allow_outside=())"
)]
#[allow(clippy::too_many_arguments)]
pub(super) fn convert_file(
    py: Python<'_>,
    source_file: PathBuf,
    to: &str,
    format: Option<&str>,
    extra_args: Vec<String>,
    encoding: &str,
    outputfile: Option<PathBuf>,
    filters: Option<Vec<PathBuf>>,
    verify_format: bool,
    sandbox: bool,
    cworkdir: Option<PathBuf>,
    layout: Option<String>,
    data: Option<&Bound<'_, PyAny>>,
    base_dir: PathBuf,
    max_pages: Option<u32>,
    metadata: Option<&Bound<'_, PyDict>>,
    allow_outside: Vec<PathBuf>,
) -> PyResult<Py<PyAny>> {
    let _ = (verify_format, sandbox, encoding);
    let source_file = match &cworkdir {
        Some(dir) if source_file.is_relative() => dir.join(&source_file),
        _ => source_file,
    };
    let is_json = source_file.extension().is_some_and(|e| e == "json");
    let from = format.unwrap_or(if is_json { "json" } else { "markdown" });
    let keywords = Keywords {
        layout,
        base_dir,
        allow_outside,
        max_pages,
        metadata,
    };
    let pandoc = Pandoc {
        extra_args,
        filters: filters.unwrap_or_default(),
        cworkdir,
    };
    let request = pandoc.request(py, to, from, keywords)?;
    let source = quire::load(&quire::Input::File(source_file)).map_err(failure)?;
    convert(py, source, request, data, outputfile)
}

/// The version of pandoc whose AST, formats and options quire follows, as
/// pypandoc's `get_pandoc_version` gives pandoc's.
#[pyfunction]
pub(super) fn get_pandoc_version() -> &'static str {
    quire::filters::PANDOC_VERSION
}

/// One document: rendered with the GIL released, its warnings raised as
/// Python warnings, then returned or written to `outputfile`.
fn convert(
    py: Python<'_>,
    source: Source,
    request: Request,
    data: Option<&Bound<'_, PyAny>>,
    outputfile: Option<PathBuf>,
) -> PyResult<Py<PyAny>> {
    let record = data.map(record_of).transpose()?;
    let Request {
        format,
        project,
        options,
        ..
    } = request;
    let (outputs, diagnostics) = py.detach(|| {
        on_pipeline_stack(move || match record {
            Some(record) => match quire::render_records(&project, source, vec![record], &options) {
                Ok(mut rendered) => (rendered.records.remove(0), rendered.diagnostics),
                Err(error) => (Err(error), Vec::new()),
            },
            None => {
                let rendered = quire::render_source(&project, source, &options);
                (rendered.outputs, rendered.diagnostics)
            }
        })
    })?;
    warn(py, &diagnostics)?;
    let bytes = one_output(outputs.map_err(failure)?)?;
    match outputfile {
        Some(path) => {
            write_in_place(py, &path, &bytes)?;
            // What pypandoc returns when it has written the file.
            Ok(PyString::new(py, "").into_any().unbind())
        }
        None => result(py, format, bytes),
    }
}

/// Writes `bytes` into the file at `path` in place (opened, emptied,
/// written), as pandoc does: a caller holding the file open (a
/// `NamedTemporaryFile` whose `.name` it passed) reads them through its
/// handle, which a new file renamed over it would leave on the old one.
/// Written through Python's own `open`, as the caller's file is Python's.
fn write_in_place(py: Python<'_>, path: &Path, bytes: &[u8]) -> PyResult<()> {
    let file = py
        .import("builtins")?
        .getattr("open")?
        .call1((path, "wb"))?;
    let written = file.call_method1("write", (PyBytes::new(py, bytes),));
    file.call_method0("close")?;
    written.map(|_| ())
}

//! `quire build`: inputs → files (or standard output), with a progress bar
//! for batches; `--raw` for the spec runner.

use super::args::BuildArgs;
use super::terminal::Terminal;
use indicatif::{ProgressBar, ProgressStyle};
use quire::{Diagnostic, Error, Format, Input, Progress, Project, Severity};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

pub fn build(terminal: &Terminal, project: &Project, args: BuildArgs) -> ExitCode {
    build_reporting(terminal, project, args).code
}

/// What a build did, beside what it printed: for the watch's preview.
pub struct Built {
    pub code: ExitCode,
    /// Some output file was written.
    pub wrote: bool,
    /// Every error printed, as a value (a usage or write error as a
    /// diagnostic without a position).
    pub errors: Vec<Diagnostic>,
}

/// Prints an error as `Terminal::fail` does and keeps it.
struct Failures<'a> {
    terminal: &'a Terminal,
    errors: Vec<Diagnostic>,
}

impl Failures<'_> {
    fn fail(&mut self, err: &Error, file: &str) -> ExitCode {
        self.errors.push(
            err.diagnostic()
                .cloned()
                .unwrap_or_else(|| Diagnostic::error(file, err.to_string())),
        );
        self.terminal.fail(err)
    }

    fn built(self, code: ExitCode, wrote: bool) -> Built {
        Built {
            code,
            wrote,
            errors: self.errors,
        }
    }
}

/// `build`, also returning what it wrote and its errors.
pub fn build_reporting(terminal: &Terminal, project: &Project, args: BuildArgs) -> Built {
    let mut failures = Failures {
        terminal,
        errors: Vec::new(),
    };
    let project = &project.allowing(&args.input.allow_outside);
    let to_stdout = args.output.as_deref() == Some("-");
    if args.raw {
        return failures.built(raw(terminal, &args, to_stdout), false);
    }
    if !args.lua_filter.is_empty() {
        let code = failures.fail(&quire::filters::lua_refused(), "");
        return failures.built(code, false);
    }
    let inputs = match quire::resolve_inputs(project, &args.input.inputs) {
        Ok(inputs) => inputs,
        Err(err) => {
            let code = failures.fail(&err, "");
            return failures.built(code, false);
        }
    };
    if to_stdout && inputs.len() != 1 {
        let code = failures.fail(
            &Error::Usage("`-o -` writes one document; give exactly one input".to_owned()),
            "",
        );
        return failures.built(code, false);
    }
    let mut options = quire::BuildOptions::for_project(project, quire::date::source_date_epoch());
    options.formats = args.to;
    options.out_dir = args.output.filter(|o| o != "-").map(PathBuf::from);
    options.to_stdout = to_stdout;
    options.layout = args.layout;
    options.dialect = args.input.from.dialect;
    options.input_format = args.input.from.input;
    options.filters.programs = args.filter;
    options.write.max_pages = args.max_pages;
    options.write.paper = args.paper;
    options.write.pdf_standard = args.pdf_standard.or(options.write.pdf_standard);
    options.write.no_system_fonts |= args.no_system_fonts;
    options.reference_doc = args.reference_doc;
    options.data = args.data;
    options.name = args.name;
    let started = Instant::now();
    let bar = Mutex::new(None::<ProgressBar>);
    let progress = |event: Progress| {
        let Ok(mut bar) = bar.lock() else { return };
        match event {
            Progress::BatchStarted { input, total } if terminal.progress() => {
                let style = ProgressStyle::with_template(
                    "{msg} [{bar:30}] {pos}/{len} records · {per_sec} · {eta} left",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
                *bar = Some(
                    ProgressBar::new(total as u64)
                        .with_style(style)
                        .with_message(input),
                );
            }
            Progress::BatchStarted { .. } => {}
            Progress::RecordDone => {
                if let Some(bar) = bar.as_ref() {
                    bar.inc(1);
                }
            }
        }
    };
    let reports = match quire::build(project, &inputs, &options, &progress) {
        Ok(reports) => reports,
        Err(err) => {
            let code = failures.fail(&err, "");
            return failures.built(code, false);
        }
    };
    let mut failed = false;
    let mut wrote = false;
    for report in reports {
        let name = report.input.name();
        wrote |= !report.written.is_empty()
            || report
                .batch
                .as_ref()
                .is_some_and(|b| b.records > b.failures.len());
        for d in report.diagnostics.iter().filter(|d| {
            d.severity == Severity::Error || (!terminal.quiet && d.severity >= Severity::Warning)
        }) {
            terminal.show(d);
        }
        // A format that could not be written (the others were): the
        // build fails, and the preview shows why.
        let format_errors: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        failed |= !format_errors.is_empty();
        failures.errors.extend(format_errors.into_iter().cloned());
        if let Some(bar) = bar.lock().ok().and_then(|mut bar| bar.take()) {
            bar.finish_and_clear();
        }
        if let Some(batch) = &report.batch {
            failed |= !batch.failures.is_empty();
            terminal.summarise(&report.input, batch, started.elapsed());
            failures.errors.extend(batch.failures.iter().map(|f| {
                f.error.diagnostic().cloned().unwrap_or_else(|| {
                    Diagnostic::error(
                        &name,
                        format!("record {} ({}): {}", f.number, f.name, f.error),
                    )
                })
            }));
        }
        if let Some(err) = &report.error {
            failed = true;
            let code = failures.fail(err, &name);
            if let Error::Usage(_) = err {
                return failures.built(code, wrote);
            }
            continue;
        }
        if let Some(bytes) = report.stdout {
            if let Err(err) = quire::files::write_stdout(&bytes) {
                let code = failures.fail(&err, "-");
                return failures.built(code, wrote);
            }
        } else if !terminal.quiet && report.batch.is_none() {
            let written: Vec<String> = report
                .written
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            eprintln!("built {name} → {}", written.join(", "));
        }
    }
    let code = if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    failures.built(code, wrote)
}

/// `--raw`: Markdown in, cmark-style body HTML out, nothing else.
fn raw(terminal: &Terminal, args: &BuildArgs, to_stdout: bool) -> ExitCode {
    if !args.to.is_empty() && args.to != [Format::Html] {
        return terminal.fail(&Error::Usage(
            "--raw writes body HTML only: use it with --to html".to_owned(),
        ));
    }
    if !to_stdout || args.input.inputs.len() != 1 {
        return terminal.fail(&Error::Usage("--raw reads one input and writes to standard output: quire build FILE --to html --raw -o -".to_owned()));
    }
    let input = match args.input.inputs[0].as_str() {
        "-" => Input::Stdin,
        path => Input::File(PathBuf::from(path)),
    };
    let bytes = match &input {
        Input::Stdin => quire::files::read_stdin(),
        Input::File(path) => quire::files::read(path),
    };
    let result = bytes.and_then(|bytes| quire::raw_html(&bytes, args.input.from.dialect));
    match result.and_then(|html| quire::files::write_stdout(html.as_bytes())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => terminal.fail(&err),
    }
}

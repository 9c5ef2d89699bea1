//! The `quire` command: arguments → library calls → diagnostics and exit code.
//! Exit codes: 0 ok, 1 input errors, 2 usage errors.

mod cli {
    pub mod watch;
}

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use quire::{BatchReport, Diagnostic, Dialect, Error, Format, Input, Progress, Project, Severity};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
  quire watch source/about-psf.md --to pdf,html";

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
struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build documents into one or more formats.
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildArgs),
    /// Read documents and report every diagnostic without writing anything.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Build, then rebuild whenever a source, layout, data file, font or quire.yaml changes.
    #[command(after_help = WATCH_EXAMPLES)]
    Watch(BuildArgs),
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
struct InputArgs {
    /// Markdown files or folders (`-` for standard input); default: the project's source folder.
    inputs: Vec<String>,
    /// Markdown dialect.
    #[arg(long, short = 'f', value_enum, default_value_t = Dialect::Markdown)]
    from: Dialect,
    /// Also read images and data from this folder outside the project (repeatable).
    #[arg(long, value_name = "PATH")]
    allow_outside: Vec<PathBuf>,
}

#[derive(Args, Clone)]
struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Formats, comma-separated: pdf, epub, html, fragment, txt, json (default: from quire.yaml).
    #[arg(long, short = 't', value_delimiter = ',', value_parser = parse_format)]
    to: Vec<Format>,
    /// Output folder (default: from quire.yaml), or `-` for standard output.
    #[arg(long, short = 'o')]
    output: Option<String>,
    /// Layout for every document, over the front matter and quire.yaml.
    #[arg(long, short = 'l')]
    layout: Option<String>,
    /// PDF: fit the document on at most N pages (over the layout's max_pages).
    #[arg(long, value_name = "N")]
    max_pages: Option<u32>,
    /// PDF: paper size, over the layout's.
    #[arg(long, value_parser = ["letter", "a4"])]
    paper: Option<String>,
    /// PDF: standards to write to, comma-separated: ua-1, a-2b, a-2u, a-3b, … or none (over quire.yaml and the layout).
    #[arg(long, value_name = "LIST")]
    pdf_standard: Option<String>,
    /// With `--to html`: only the body HTML, no layout, no transforms (as cmark-gfm writes it).
    #[arg(long)]
    raw: bool,
    /// Records (YAML, CSV or JSON): build each input once per record, over the front matter's `data:`.
    #[arg(long, value_name = "FILE")]
    data: Option<PathBuf>,
    /// Output name of each record, a template such as `{{ sponsor.name }}` (default: its `slug`, else its first field).
    #[arg(long, value_name = "TEMPLATE")]
    name: Option<String>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Count warnings as errors (exit 1).
    #[arg(long)]
    deny_warnings: bool,
    /// Records (YAML, CSV or JSON): check the document once per record, over the front matter's `data:`.
    #[arg(long, value_name = "FILE")]
    data: Option<PathBuf>,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name).ok_or_else(|| {
        format!("unknown format `{name}`; formats: pdf, epub, html, fragment, txt, json")
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Deeply nested input recurses deeply; give the pipeline room.
    let worker = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || run(cli))
        .and_then(|handle| {
            handle
                .join()
                .map_err(|_| std::io::Error::other("the build thread failed"))
        });
    match worker {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

struct Terminal {
    quiet: bool,
    color: bool,
    /// Standard error is a terminal: progress bars are drawn.
    interactive: bool,
}

impl Terminal {
    fn progress(&self) -> bool {
        self.interactive && !self.quiet
    }

    /// A batch's outcome: one line, then each failed record with its error.
    fn summarise(&self, input: &Input, batch: &BatchReport, elapsed: Duration) {
        let built = batch.records - batch.failures.len();
        if !self.quiet || !batch.failures.is_empty() {
            eprintln!(
                "built {} → {built} of {} record(s) in {}/ ({:.1} s)",
                input.name(),
                batch.records,
                batch.folder.display(),
                elapsed.as_secs_f64()
            );
        }
        for failure in &batch.failures {
            eprintln!("record {} ({}) failed:", failure.number, failure.name);
            self.fail(&failure.error);
        }
    }

    fn show(&self, diagnostic: &Diagnostic) {
        eprintln!("{}", diagnostic.render(self.color));
    }

    fn fail(&self, err: &Error) -> ExitCode {
        match err {
            Error::Input(diagnostic) => {
                self.show(diagnostic);
                ExitCode::from(1)
            }
            Error::Usage(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    let on_terminal = std::io::stderr().is_terminal();
    let terminal = Terminal {
        quiet: cli.quiet,
        color: on_terminal && std::env::var_os("NO_COLOR").is_none(),
        interactive: on_terminal,
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let project = match Project::discover(&cwd) {
        Ok(project) => project,
        Err(err) => return terminal.fail(&err),
    };
    match cli.command {
        Command::Build(args) => build(&terminal, &project, args),
        Command::Check(args) => check(&terminal, &project, args),
        Command::Watch(args) => watch(&terminal, &cwd, project, args),
        Command::New { dir, layout_from } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            match quire::project::scaffold(&dir, layout_from.as_deref()) {
                Ok(scaffold) => {
                    if !terminal.quiet {
                        for file in &scaffold.files {
                            eprintln!("created {}", file.display());
                        }
                        eprintln!("next: cd {} && quire build", dir.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => terminal.fail(&err),
            }
        }
        Command::Layouts => {
            for layout in quire::layout::list(&project) {
                println!(
                    "{:<12} {}  ({})",
                    layout.name, layout.description, layout.origin
                );
            }
            ExitCode::SUCCESS
        }
    }
}

fn build(terminal: &Terminal, project: &Project, args: BuildArgs) -> ExitCode {
    let project = &project.allowing(&args.input.allow_outside);
    let to_stdout = args.output.as_deref() == Some("-");
    if args.raw {
        return raw(terminal, &args, to_stdout);
    }
    let inputs = match quire::resolve_inputs(project, &args.input.inputs) {
        Ok(inputs) => inputs,
        Err(err) => return terminal.fail(&err),
    };
    if to_stdout && inputs.len() != 1 {
        return terminal.fail(&Error::Usage(
            "`-o -` writes one document; give exactly one input".to_owned(),
        ));
    }
    let options = quire::BuildOptions {
        formats: args.to,
        out_dir: args.output.filter(|o| o != "-").map(PathBuf::from),
        to_stdout,
        layout: args.layout,
        dialect: args.input.from,
        write: quire::WriteOptions {
            build_date: source_epoch().map(quire::date_from_epoch),
            epoch: source_epoch(),
            max_pages: args.max_pages,
            paper: args.paper,
            pdf_standard: args
                .pdf_standard
                .or_else(|| project.config.pdf_standard.clone()),
            publisher: project.config.publisher.clone(),
            trust_html: project.config.trust_html,
            ..Default::default()
        },
        data: args.data,
        name: args.name,
    };
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
        Err(err) => return terminal.fail(&err),
    };
    let mut failed = false;
    for report in reports {
        if !terminal.quiet {
            for d in report
                .diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
            {
                terminal.show(d);
            }
        }
        if let Some(bar) = bar.lock().ok().and_then(|mut bar| bar.take()) {
            bar.finish_and_clear();
        }
        if let Some(batch) = &report.batch {
            failed |= !batch.failures.is_empty();
            terminal.summarise(&report.input, batch, started.elapsed());
        }
        if let Some(err) = &report.error {
            failed = true;
            if let Error::Usage(_) = err {
                return terminal.fail(err);
            }
            terminal.fail(err);
            continue;
        }
        if let Some(bytes) = report.stdout {
            if let Err(err) = quire::files::write_stdout(&bytes) {
                return terminal.fail(&err);
            }
        } else if !terminal.quiet && report.batch.is_none() {
            let written: Vec<String> = report
                .written
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            eprintln!("built {} → {}", report.input.name(), written.join(", "));
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `quire watch`: one build, then one rebuild per burst of changes, each
/// reported on one line; errors are shown and the watch goes on.
fn watch(terminal: &Terminal, cwd: &Path, mut project: Project, args: BuildArgs) -> ExitCode {
    if args.raw || args.output.as_deref() == Some("-") {
        return terminal.fail(&Error::Usage(
            "quire watch writes files: drop --raw and `-o -`".to_owned(),
        ));
    }
    build(terminal, &project, args.clone());
    let output = args
        .output
        .as_ref()
        .map_or_else(|| project.output_dir(), PathBuf::from);
    let root = project.root.clone();
    let result = cli::watch::watch(&root, &output, |rebuild| {
        let started = Instant::now();
        let mut run = args.clone();
        if let cli::watch::Rebuild::Sources(changed) = &rebuild {
            let inputs = quire::resolve_inputs(&project, &args.input.inputs).unwrap_or_default();
            let same = |input: &Input, path: &PathBuf| match input {
                Input::File(file) => std::fs::canonicalize(file).is_ok_and(|f| &f == path),
                Input::Stdin => false,
            };
            run.input.inputs = inputs
                .iter()
                .filter(|input| changed.iter().any(|path| same(input, path)))
                .map(Input::name)
                .collect();
            if run.input.inputs.is_empty() {
                return;
            }
        } else {
            match Project::discover(cwd) {
                Ok(reloaded) => project = reloaded,
                Err(err) => {
                    terminal.fail(&err);
                    return;
                }
            }
        }
        let code = build(terminal, &project, run);
        let verdict = if code == ExitCode::SUCCESS {
            "rebuilt"
        } else {
            "rebuild failed"
        };
        eprintln!("{verdict} in {:.2} s", started.elapsed().as_secs_f64());
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => terminal.fail(&Error::Usage(format!(
            "cannot watch {}: {err}",
            root.display()
        ))),
    }
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
    let result = bytes.and_then(|bytes| quire::raw_html(&bytes, args.input.from));
    match result.and_then(|html| quire::files::write_stdout(html.as_bytes())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => terminal.fail(&err),
    }
}

fn check(terminal: &Terminal, project: &Project, args: CheckArgs) -> ExitCode {
    let project = &project.allowing(&args.input.allow_outside);
    let inputs = match quire::resolve_inputs(project, &args.input.inputs) {
        Ok(inputs) => inputs,
        Err(err) => return terminal.fail(&err),
    };
    let options = quire::BuildOptions {
        dialect: args.input.from,
        data: args.data,
        ..Default::default()
    };
    let (mut errors, mut warnings) = (0, 0);
    for input in &inputs {
        match quire::check(project, input, &options) {
            Ok(diagnostics) => {
                for d in &diagnostics {
                    match d.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                        Severity::Note => {}
                    }
                    if !terminal.quiet || d.severity == Severity::Error {
                        terminal.show(d);
                    }
                }
            }
            Err(err) => {
                errors += 1;
                terminal.fail(&err);
            }
        }
    }
    if !terminal.quiet {
        eprintln!(
            "checked {} document(s): {errors} error(s), {warnings} warning(s)",
            inputs.len()
        );
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `SOURCE_DATE_EPOCH`, for reproducible builds.
fn source_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse::<i64>()
        .ok()
}

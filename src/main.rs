//! The `quire` command: arguments → library calls → diagnostics and exit code.
//! Exit codes: 0 ok, 1 input errors, 2 usage errors.

use clap::{Args, Parser, Subcommand};
use quire::{Diagnostic, Dialect, Error, Format, Input, Project, Severity};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

const BUILD_EXAMPLES: &str = "\
Examples:
  quire build                                  build every document in the source folder
  quire build source/about-psf.md --to html,txt -o dist
  quire build source/about-psf.md --layout factsheet
  cat notes.md | quire build - --to html -o -   standard input to standard output
  quire build - --from commonmark --to html --raw -o -";

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
    /// List the layouts this project can use.
    #[command(after_help = "Example:\n  quire layouts")]
    Layouts,
}

#[derive(Args)]
struct InputArgs {
    /// Markdown files or folders (`-` for standard input); default: the project's source folder.
    inputs: Vec<String>,
    /// Markdown dialect.
    #[arg(long, short = 'f', value_enum, default_value_t = Dialect::Markdown)]
    from: Dialect,
}

#[derive(Args)]
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
    /// With `--to html`: only the body HTML, no layout, no transforms (as cmark-gfm writes it).
    #[arg(long)]
    raw: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Count warnings as errors (exit 1).
    #[arg(long)]
    deny_warnings: bool,
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
}

impl Terminal {
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
    let terminal = Terminal {
        quiet: cli.quiet,
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let project = match Project::discover(&cwd) {
        Ok(project) => project,
        Err(err) => return terminal.fail(&err),
    };
    match cli.command {
        Command::Build(args) => build(&terminal, &project, args),
        Command::Check(args) => check(&terminal, &project, args),
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
            publisher: project.config.publisher.clone(),
            ..Default::default()
        },
    };
    let reports = match quire::build(project, &inputs, &options) {
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
        } else if !terminal.quiet {
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
    let inputs = match quire::resolve_inputs(project, &args.input.inputs) {
        Ok(inputs) => inputs,
        Err(err) => return terminal.fail(&err),
    };
    let (mut errors, mut warnings) = (0, 0);
    for input in &inputs {
        let compiled =
            quire::load(input).and_then(|source| quire::compile(source, project, args.input.from));
        match compiled {
            Ok(mut compiled) => {
                let diagnostics = &mut compiled.diagnostics;
                quire::assets::check(project, input, &compiled.source, &compiled.doc, diagnostics);
                for d in &compiled.diagnostics {
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

//! The `quire` command: arguments → library calls → diagnostics and exit code.
//! Exit codes: 0 ok, 1 input errors, 2 usage errors.

mod args;
mod build;
mod check;
mod new;
mod terminal;
mod watch;

use args::{Cli, Command};
use clap::Parser;
use quire::Project;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use terminal::Terminal;

/// Runs `quire` with these arguments (the first is the program's name) and
/// returns its exit code. The binary's `main` comes here, and so do the
/// Python package's `quire` command and `python -m quire` (python.rs
/// compiles this module into the extension), so both are one CLI.
pub fn run_args<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        // `--help` and `--version` come here too, printed to standard
        // output with code 0; a wrong command line is code 2.
        Err(err) => {
            let _ = err.print();
            return u8::try_from(err.exit_code()).unwrap_or(2);
        }
    };
    // Deeply nested input recurses deeply; give the pipeline room: a stack
    // of its own, on this thread. (A thread with that stack cost a txt
    // build about a ninth of its time here: its start, and a heap of its
    // own grown a page at a time.) A panic has printed its message; the code
    // says the build failed.
    let worker = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        stacker::grow(quire::PIPELINE_STACK_BYTES, || run(cli))
    }));
    let code = match worker {
        Ok(code) => number(code),
        Err(_) => {
            eprintln!("error: the build failed");
            1
        }
    };
    // Inside Python the process goes on: what was printed must be out.
    let _ = std::io::stdout().flush();
    code
}

/// The number an `ExitCode` stands for, which it does not tell: the
/// commands make theirs from a `u8` (0 ok, 1 input errors, 2 usage errors).
fn number(code: ExitCode) -> u8 {
    (0..=u8::MAX)
        .find(|&n| ExitCode::from(n) == code)
        .unwrap_or(1)
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
        Command::Build(args) => build::build(&terminal, &project, args),
        Command::Check(args) => check::check(&terminal, &project, args),
        Command::Watch(args) => watch::watch(&terminal, &cwd, project, args),
        Command::New { dir, layout_from } => new::new(&terminal, dir, layout_from),
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

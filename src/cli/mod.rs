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
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use terminal::Terminal;

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Deeply nested input recurses deeply; give the pipeline room.
    let worker = std::thread::Builder::new()
        .stack_size(quire::build::STACK_SIZE)
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

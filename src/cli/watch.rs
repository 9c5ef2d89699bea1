//! `quire watch`: build once, then rebuild whenever a source, layout, data
//! file, font or `quire.yaml` changes. Errors are printed and the watch goes
//! on; only Ctrl-C ends it.

use super::args::BuildArgs;
use super::build::build;
use super::terminal::Terminal;
use quire::files::{self, Change};
use quire::{Error, Input, Project};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// `quire watch`: one build, then one rebuild per burst of changes, each
/// reported on one line; errors are shown and the watch goes on.
pub fn watch(terminal: &Terminal, cwd: &Path, mut project: Project, args: BuildArgs) -> ExitCode {
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
    let ready = || {
        if !terminal.quiet {
            eprintln!("watching {} (Ctrl-C to stop)", root.display());
        }
    };
    let result = files::watch(&root, &output, ready, |rebuild| {
        let started = Instant::now();
        let mut run = args.clone();
        if let Change::Sources(changed) = &rebuild {
            let inputs = quire::resolve_inputs(&project, &args.input.inputs).unwrap_or_default();
            let same = |input: &Input, path: &PathBuf| match input {
                Input::File(file) => files::canonical(file).is_some_and(|f| &f == path),
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

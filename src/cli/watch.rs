//! `quire watch`: build once, then rebuild whenever a source, layout, data
//! file, font or `quire.yaml` changes. Errors are printed and the watch goes
//! on; Ctrl-C ends it after the rebuild under way (exit 0). With `--serve`,
//! the outputs are previewed in the browser and reloaded after each rebuild.

use super::args::{BuildArgs, WatchArgs};
use super::build::{build_reporting, Built};
use super::terminal::Terminal;
use quire::files::{self, Change, Stopper};
use quire::serve::{Preview, ServeError};
use quire::{Diagnostic, Error, Input, Project};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The preview's port when `--port` is not given: the one mdBook's and
/// Typst's previews use; a free one is taken when it is busy.
const DEFAULT_PORT: u16 = 3000;

/// `quire watch`: one build, then one rebuild per burst of changes, each
/// reported on one line; errors are shown and the watch goes on.
pub fn watch(terminal: &Terminal, cwd: &Path, mut project: Project, args: WatchArgs) -> ExitCode {
    let WatchArgs {
        build: args,
        serve,
        port,
        open,
    } = args;
    if args.raw || args.output.as_deref() == Some("-") {
        return terminal.fail(&Error::Usage(
            "quire watch writes files: drop --raw and `-o -`".to_owned(),
        ));
    }
    let watch = files::Watch::new();
    stop_on_signal(watch.stopper());
    let first = build_reporting(terminal, &project, args.clone());
    let output = args
        .output
        .as_ref()
        .map_or_else(|| project.output_dir(), PathBuf::from);
    let preview = if serve {
        match start_preview(terminal, &output, port) {
            Ok(preview) => {
                preview.publish(first.wrote, first.errors);
                if open {
                    open_browser(terminal, &preview.url());
                }
                Some(preview)
            }
            Err(err) => return terminal.fail(&err),
        }
    } else {
        None
    };
    let root = project.root.clone();
    let ready = || {
        if !terminal.quiet {
            eprintln!("watching {} (Ctrl-C to stop)", root.display());
        }
    };
    let result = watch.run(&root, &output, ready, |change| {
        let started = Instant::now();
        let Some(built) = rebuild(terminal, cwd, &mut project, &args, change) else {
            return;
        };
        let verdict = if built.code == ExitCode::SUCCESS {
            "rebuilt"
        } else {
            "rebuild failed"
        };
        // Milliseconds: a rebuild of one document is a matter of them.
        eprintln!("{verdict} in {:.3} s", started.elapsed().as_secs_f64());
        if let Some(preview) = &preview {
            preview.publish(built.wrote, built.errors);
        }
    });
    if let Some(preview) = preview {
        preview.stop();
    }
    match result {
        Ok(()) => {
            if !terminal.quiet {
                eprintln!("stopped");
            }
            ExitCode::SUCCESS
        }
        Err(err) => terminal.fail(&Error::Usage(format!(
            "cannot watch {}: {err}",
            root.display()
        ))),
    }
}

/// One rebuild for a burst of changes: only the sources that changed when
/// only sources did, else everything with the project read again. None when
/// the change concerns no input.
fn rebuild(
    terminal: &Terminal,
    cwd: &Path,
    project: &mut Project,
    args: &BuildArgs,
    change: Change,
) -> Option<Built> {
    let mut run = args.clone();
    if let Change::Sources(changed) = &change {
        let inputs = quire::resolve_inputs(project, &args.input.inputs).unwrap_or_default();
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
            return None;
        }
    } else {
        // A font or layout may have changed in place.
        quire::forget_earlier_builds();
        match Project::discover(cwd) {
            Ok(reloaded) => *project = reloaded,
            Err(err) => {
                let errors = vec![err
                    .diagnostic()
                    .cloned()
                    .unwrap_or_else(|| Diagnostic::error("quire.yaml", err.to_string()))];
                return Some(Built {
                    code: terminal.fail(&err),
                    wrote: false,
                    errors,
                });
            }
        }
    }
    Some(build_reporting(terminal, project, run))
}

/// The first Ctrl-C (or SIGTERM, SIGHUP) ends the watch once the rebuild
/// under way is written, so no file is left half-made; a second one, for a
/// rebuild that takes too long, ends the process at once.
fn stop_on_signal(stopper: Stopper) {
    let mut asked = false;
    // Without a handler (one is already set) a signal still ends the process.
    let _ = ctrlc::set_handler(move || {
        if asked {
            std::process::exit(130);
        }
        asked = true;
        stopper.stop();
    });
}

/// Serves `output` on `--port`, or on the default port, or on any free one
/// when the default is taken (saying so); prints the URL.
fn start_preview(terminal: &Terminal, output: &Path, port: Option<u16>) -> Result<Preview, Error> {
    let started = match port {
        Some(port) => Preview::start(output, port),
        None => Preview::start(output, DEFAULT_PORT).or_else(|err| match err {
            ServeError::PortTaken { port } => {
                if !terminal.quiet {
                    eprintln!("port {port} is taken; serving on a free port instead");
                }
                Preview::start(output, 0)
            }
            other => Err(other),
        }),
    };
    let preview = started.map_err(|err| Error::Usage(err.to_string()))?;
    // The URL is what --serve is for: printed even with --quiet.
    eprintln!(
        "serving {} at {} (Ctrl-C to stop)",
        files::relative_to_cwd(output).display(),
        preview.url()
    );
    Ok(preview)
}

/// Opens the preview in the browser; without one, says so and goes on.
fn open_browser(terminal: &Terminal, url: &str) {
    if let Err(err) = open::that_detached(url) {
        if !terminal.quiet {
            eprintln!("note: no browser could be opened ({err}); open {url} yourself");
        }
    }
}

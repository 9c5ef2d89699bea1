//! `quire check`: read and transform without writing; every diagnostic.

use super::args::CheckArgs;
use super::terminal::Terminal;
use quire::{Project, Severity};
use std::process::ExitCode;

pub fn check(terminal: &Terminal, project: &Project, args: CheckArgs) -> ExitCode {
    let project = &project.allowing(&args.input.allow_outside);
    let inputs = match quire::resolve_inputs(project, &args.input.inputs) {
        Ok(inputs) => inputs,
        Err(err) => return terminal.fail(&err),
    };
    let options = quire::BuildOptions {
        dialect: args.input.from.dialect,
        input_format: args.input.from.input,
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

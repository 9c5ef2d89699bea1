//! What the command prints: diagnostics rustc-style, batch summaries, and
//! the exit code an error means.

use quire::{BatchReport, Diagnostic, Error, Input};
use std::process::ExitCode;
use std::time::Duration;

pub struct Terminal {
    pub quiet: bool,
    pub color: bool,
    /// Standard error is a terminal: progress bars are drawn.
    pub interactive: bool,
}

impl Terminal {
    pub fn progress(&self) -> bool {
        self.interactive && !self.quiet
    }

    /// A batch's outcome: one line, then each failed record with its error.
    pub fn summarise(&self, input: &Input, batch: &BatchReport, elapsed: Duration) {
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

    pub fn show(&self, diagnostic: &Diagnostic) {
        eprintln!("{}", diagnostic.render(self.color));
    }

    pub fn fail(&self, err: &Error) -> ExitCode {
        match err {
            Error::Input(diagnostic) | Error::Layout(diagnostic) => {
                self.show(diagnostic);
                ExitCode::from(1)
            }
            Error::Usage(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Error::Write(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
        }
    }
}

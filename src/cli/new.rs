//! `quire new`: start a project, and say what was written.

use super::terminal::Terminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn new(terminal: &Terminal, dir: Option<PathBuf>, layout_from: Option<String>) -> ExitCode {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    match quire::scaffold::scaffold(&dir, layout_from.as_deref()) {
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

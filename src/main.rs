//! The `quire` binary: everything is in `cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(cli::run_args(std::env::args_os()))
}

//! The `tipbox` binary: parses the command line and hands over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = tipbox::cli::Cli::parse();
    match tipbox::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tipbox: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

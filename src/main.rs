//! The `tipbox` binary: parses the command line and hands over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = tipbox::cli::Cli::parse();
    match tipbox::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // Errors may quote what a bundle or a file said: never let that act on the terminal.
            eprintln!("tipbox: {}", tipbox::text::Untrusted::new(format!("{e:#}")).terminal());
            std::process::ExitCode::FAILURE
        }
    }
}

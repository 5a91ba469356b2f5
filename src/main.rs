//! The `tipbox` binary: parses the command line and hands over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = tipbox::cli::Cli::parse();
    match tipbox::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // A usage error found after parsing looks and exits like clap's own.
            if let Some(usage) = e.downcast_ref::<clap::Error>() {
                let _ = usage.print();
                return std::process::ExitCode::from(2);
            }
            // Errors may quote what a bundle or a file said: never let that act on the terminal.
            eprintln!("tipbox: {}", tipbox::text::Untrusted::new(tipbox::cli::message(&e)).terminal());
            std::process::ExitCode::FAILURE
        }
    }
}

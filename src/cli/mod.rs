//! The command line: one small function per subcommand (the README's "Contracts" section is the contract).

pub mod backup;
pub mod check;
pub mod client;
pub mod export;
pub mod filters;
pub mod input;
pub mod keys;
pub mod output;
pub mod places;
pub mod serve;
pub mod shell;
pub mod triage;
pub mod vault;
pub mod vault_run;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// tipbox: an anonymous tip line over Tor, encrypted to keyholders on receipt.
#[derive(Parser)]
#[command(name = "tipbox", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(serve::ServeArgs),
    /// Create a keyholder identity (passphrase-protected) and print its recipient and signing key.
    Keygen(keys::KeygenArgs),
    /// Keyholder identities: print the public keys of one.
    #[command(subcommand)]
    Key(keys::KeyCommand),
    /// Create a keyholder's API token and print the line for the server config.
    Token(keys::TokenArgs),
    /// Write the keyholder bundle on the server host, without network (server stopped).
    Export(export::ExportArgs),
    /// Download a bundle from the keyholder API.
    Pull(client::PullArgs),
    /// Upload a reply bundle to the keyholder API.
    Push(client::BundleArgs),
    /// Send the acknowledgement list `vault import` wrote (retention may delete those items).
    Ack(client::BundleArgs),
    /// The offline vault: import, list, show, extract, triage, reply, reports.
    Vault(vault::VaultArgs),
    /// Verify a deployment: config, keys, file modes, sockets. Non-zero exit on any error.
    Check(check::CheckArgs),
    /// Write a consistent backup of the store (from the running server, or a stopped store).
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty data directory (server stopped).
    Restore(backup::RestoreArgs),
    /// Settle the store now: apply deletions, rewrite it and shred the old files, set file
    /// times to the day (the running server also does this on its own).
    Settle(backup::SettleArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(a) => serve::run(a),
        Command::Keygen(a) => keys::keygen(a),
        Command::Key(c) => keys::key(c),
        Command::Token(a) => keys::token(a),
        Command::Export(a) => export::run(a),
        Command::Pull(a) => client::pull(a),
        Command::Push(a) => client::push(a),
        Command::Ack(a) => client::ack(a),
        Command::Vault(a) => vault_run::run(a),
        Command::Check(a) => check::run(a),
        Command::Backup(a) => backup::backup(a),
        Command::Restore(a) => backup::restore(a),
        Command::Settle(a) => backup::settle(a),
    }
}

/// The sentence for an error: its causes joined with `: `, each said once. Many errors embed
/// their source's words in their own (`#[error("{0}")]` over an I/O error that already names
/// its file), so printing the whole chain as is would repeat the path and the reason; a cause
/// whose words are already there is left out, and so is Rust's "(os error N)".
pub fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        let s = match s.find(" (os error ") {
            Some(i) if s.ends_with(')') => s[..i].to_owned(),
            _ => s,
        };
        if s.is_empty() || out.contains(&s) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_cause_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let named = crate::files::named(std::path::Path::new("/x/b.tar"), io);
        let e = anyhow::Error::from(crate::vault::VaultError::Io(named));
        assert_eq!(super::message(&e), "/x/b.tar: entity not found");
        let raw = std::io::Error::from_raw_os_error(2);
        let e = anyhow::Error::from(crate::vault::VaultError::Io(raw)).context("reading b.tar");
        assert_eq!(super::message(&e), "reading b.tar: No such file or directory");
    }
}

/// Sets up logging to stderr. Level from `TIPBOX_LOG` (default `info`). No timestamps: the
/// service manager adds its own, and ours would only add precision nobody needs.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TIPBOX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .try_init();
}

/// `--config FILE` and `--data DIR`, for operator commands that work on a data directory.
#[derive(clap::Args)]
pub struct DataArgs {
    /// Config file (for the data directory and the keyholder list).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Data directory (overrides the config).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

impl DataArgs {
    /// The layered config with `--data` applied.
    pub fn load(&self) -> anyhow::Result<crate::config::Config> {
        let mut cfg = load_config(self.config.as_ref())?;
        if let Some(d) = &self.data {
            cfg.data_dir = d.clone();
        }
        Ok(cfg)
    }
}

/// Loads the layered config: defaults, then `file`, then `TIPBOX_` environment variables.
pub fn load_config(file: Option<&PathBuf>) -> anyhow::Result<crate::config::Config> {
    Ok(crate::config::Config::load(file.map(PathBuf::as_path), std::env::vars())?)
}

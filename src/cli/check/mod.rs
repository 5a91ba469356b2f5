//! `tipbox check --config FILE`: verifies a deployment before it serves anyone. Every problem
//! is printed with how to fix it; any error makes the exit status non-zero (so a systemd
//! `ExecStartPre=` stops the start).
//!
//! Here: keyholders, listeners, TLS and the data directory. Token hashes (reported rather than
//! only refused at loading) and deployment settings that defaults leave open are in `settings`,
//! the search for identities in `identities`.

mod identities;
mod questions;
mod settings;

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::config::Config;
use crate::crypto::{instance, seal};
use crate::server::listener::ListenAddr;

/// Flags of `tipbox check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The config file to check.
    #[arg(long)]
    pub config: PathBuf,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Whether it stops the deployment.
    pub error: bool,
    /// What is wrong.
    pub problem: String,
    /// How to fix it.
    pub fix: String,
}

#[derive(Default)]
struct Report(Vec<Finding>);

impl Report {
    fn error(&mut self, problem: impl Into<String>, fix: impl Into<String>) {
        self.0.push(Finding { error: true, problem: problem.into(), fix: fix.into() });
    }
    fn warn(&mut self, problem: impl Into<String>, fix: impl Into<String>) {
        self.0.push(Finding { error: false, problem: problem.into(), fix: fix.into() });
    }
}

fn mode(p: &Path) -> Option<u32> {
    std::fs::metadata(p).ok().map(|m| m.permissions().mode() & 0o7777)
}

fn check_listener(r: &mut Report, what: &str, addr: &str, tls: bool) {
    match addr.parse::<ListenAddr>() {
        Err(e) => r.error(format!("{what}: {e}"), "use HOST:PORT (loopback) or unix:/run/tipbox/<name>.sock"),
        Ok(ListenAddr::Tcp(a)) => {
            if !a.ip().is_loopback() && !tls {
                r.error(
                    format!("{what} listens on {a}, reachable from the network, without TLS"),
                    "listen on a Unix socket or loopback behind Tor, or set [source] tls_cert and tls_key",
                );
            }
        }
        Ok(ListenAddr::Unix(p)) => {
            let parent = p.parent().unwrap_or(Path::new("/"));
            match std::fs::metadata(parent) {
                Err(_) => r.error(
                    format!("{what}: socket directory {} does not exist", parent.display()),
                    "create it (deploy/tipbox.tmpfiles makes /run/tipbox tipbox:debian-tor 2710)",
                ),
                Ok(m) => {
                    if m.permissions().mode() & 0o007 != 0 {
                        r.error(
                            format!(
                                "{what}: {} is accessible to every user (mode {:o})",
                                parent.display(),
                                m.permissions().mode() & 0o7777
                            ),
                            "chmod o-rwx it: only tipbox and tor may reach the sockets",
                        );
                    }
                }
            }
            if let Ok(m) = std::fs::symlink_metadata(&p)
                && !m.file_type().is_socket()
            {
                r.error(
                    format!("{what}: {} exists and is not a socket", p.display()),
                    "remove it; tipbox creates the socket",
                );
            }
        }
    }
}

/// Keyholders: recipients that parse, once each, with signing keys; the API's tokens.
fn check_keyholders(r: &mut Report, cfg: &Config) {
    if cfg.keyholders.is_empty() {
        r.error(
            "no [[keyholders]]: tips could be encrypted to nobody",
            "add each keyholder's recipient (tipbox keygen prints it)",
        );
    }
    let mut seen = std::collections::HashSet::new();
    for k in &cfg.keyholders {
        if seal::parse_recipients(std::slice::from_ref(&k.recipient)).is_err() {
            r.error(
                format!("keyholder {:?}: {:?} is not an age X25519 recipient", k.name, k.recipient),
                "use the age1… line tipbox keygen printed",
            );
        }
        if !seen.insert(k.recipient.trim()) {
            r.warn(format!("keyholder {:?} is listed twice", k.name), "remove the duplicate");
        }
    }
    for k in &cfg.keyholders {
        if k.signing_key.is_none() {
            r.warn(
                format!("keyholder {:?} has no signing_key: their replies and acknowledgements are refused", k.name),
                "add the signing_key line that `tipbox key show --identity THEIR_IDENTITY` prints (on their offline machine)",
            );
        }
    }
    if !cfg.keyholder_api.listen.is_empty() {
        // Hashes that do not parse were reported and left out while loading (`settings::load`).
        if cfg.keyholder_api.tokens.is_empty() {
            r.warn(
                "the keyholder API has no valid tokens: nobody can pull",
                "run `tipbox token --name NAME --out token-NAME` for each keyholder and paste the line under [keyholder_api.tokens]",
            );
        }
        check_listener(r, "keyholder API", &cfg.keyholder_api.listen, false);
    }
}

/// TLS files that load, and a key nobody else can read.
fn check_tls(r: &mut Report, cfg: &Config) {
    let (Some(c), Some(k)) = (&cfg.source.tls_cert, &cfg.source.tls_key) else { return };
    if let Err(e) = crate::server::tls::load(c, k, cfg.source.tls12) {
        r.error(format!("TLS: {e}"), "point tls_cert at the PEM chain and tls_key at its PEM private key");
    }
    if let Some(m) = mode(k)
        && m & 0o007 != 0
    {
        r.error(
            format!("TLS key {} is readable by every user (mode {m:o})", k.display()),
            "chmod 640 it (root:tipbox) or 600",
        );
    }
}

/// The data directory: private, ours, with an intact instance key and no demo artefacts.
fn check_data_dir(r: &mut Report, data: &Path) {
    let m = match std::fs::metadata(data) {
        Err(_) => {
            return r.warn(
                format!("data directory {} does not exist yet", data.display()),
                "it is created (0700) at the first start",
            );
        }
        Ok(m) => m,
    };
    let mo = m.permissions().mode() & 0o7777;
    if mo & 0o077 != 0 {
        r.error(
            format!("data directory {} has mode {mo:o}", data.display()),
            format!("chmod 700 {}", data.display()),
        );
    }
    if m.uid() != rustix::process::geteuid().as_raw() {
        r.warn(
            format!(
                "data directory {} belongs to uid {}, not to the user running this check",
                data.display(),
                m.uid()
            ),
            "chown it to the service user (tipbox)",
        );
    }
    let key = data.join(instance::FILE_NAME);
    match mode(&key) {
        None => r.warn(
            format!("{} does not exist yet", key.display()),
            "it is created (0600) at the first start; back it up then",
        ),
        Some(km) if km & 0o077 != 0 => {
            r.error(format!("{} has mode {km:o}", key.display()), format!("chmod 600 {}", key.display()))
        }
        Some(_) => {
            if instance::InstanceKeys::load_or_create(data).is_err() {
                r.error(
                    format!("{} is damaged", key.display()),
                    "restore it from the backup kept with the store",
                );
            }
        }
    }
    for demo in [crate::cli::serve::DEMO_IDENTITY, crate::cli::serve::DEMO_TOKEN] {
        if data.join(demo).exists() {
            r.error(
                format!("demo artefact {} in the data directory", data.join(demo).display()),
                "this data directory was used with --demo: start from a fresh one",
            );
        }
    }
}

/// No keyholder identity may live on the server, whatever its name (see `identities`).
fn check_identities(r: &mut Report, cfg: &Config, path: &Path) {
    let mut roots = vec![cfg.data_dir.clone()];
    if let Some(p) = path.parent() {
        roots.push(if p.as_os_str().is_empty() { PathBuf::from(".") } else { p.to_path_buf() });
    }
    let scan = identities::scan(&roots);
    for (file, kind) in &scan.found {
        let (what, fix) = match kind {
            identities::Kind::Plaintext => (
                "holds an age secret key (AGE-SECRET-KEY-…) in plaintext",
                "identities belong on keyholders' offline machines only: move it off this server, and treat the key \
                 as exposed (a new identity for its keyholder, and their new recipient in [[keyholders]])",
            ),
            identities::Kind::Encrypted => (
                "is a passphrase-encrypted age file, as tipbox keygen writes identities",
                "identities belong on keyholders' offline machines only, even encrypted (a seized server would let \
                 the passphrase be guessed at leisure): move it off this server",
            ),
        };
        r.error(format!("{} looks like a keyholder identity: it {what}", file.display()), fix);
    }
    if scan.truncated {
        r.warn(
            format!("the search for identities stopped after {} files", identities::MAX_FILES),
            "keep the config file's directory and the data directory to what tipbox needs",
        );
    }
}

/// Runs every check on `cfg` (loaded from `path`).
pub fn check(cfg: &Config, path: &Path) -> Vec<Finding> {
    let mut r = Report::default();
    check_into(&mut r, cfg, path);
    r.0
}

fn check_into(r: &mut Report, cfg: &Config, path: &Path) {
    if let Some(m) = mode(path)
        && m & 0o007 != 0
    {
        r.warn(
            format!("{} is readable by every user (mode {m:o})", path.display()),
            "chmod 640 it (root:tipbox)",
        );
    }
    check_keyholders(r, cfg);
    check_listener(r, "source listener", &cfg.source.listen, cfg.source.tls_cert.is_some());
    settings::check(r, cfg);
    questions::check(r, &cfg.questions);
    check_tls(r, cfg);
    check_data_dir(r, &cfg.data_dir);
    check_identities(r, cfg, path);
    // Costs.
    if cfg.argon2.memory_kib < 64 * 1024 {
        r.warn(
            format!("argon2 memory is {} KiB", cfg.argon2.memory_kib),
            "use at least 65536 (64 MiB) in production",
        );
    }
    if !cfg.retention.delete_after_ack {
        r.warn(
            "delete_after_ack is off: acknowledged tips stay on the server",
            "turn it on unless you have a reason",
        );
    }
}

/// Runs the command.
pub fn run(a: CheckArgs) -> anyhow::Result<()> {
    let mut r = Report::default();
    match settings::load(&a.config, &mut r) {
        Ok(cfg) => check_into(&mut r, &cfg, &a.config),
        Err(e) => r.error(
            format!("{e}"),
            format!("correct {} (every key is documented in config/tipbox.example.toml)", a.config.display()),
        ),
    }
    let findings = r.0;
    let errors = findings.iter().filter(|f| f.error).count();
    for f in &findings {
        println!("{}: {}\n  fix: {}", if f.error { "error" } else { "warning" }, f.problem, f.fix);
    }
    println!("{errors} error(s), {} warning(s)", findings.len() - errors);
    if errors > 0 {
        anyhow::bail!("{errors} problem(s) must be fixed before serving");
    }
    Ok(())
}

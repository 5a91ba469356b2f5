//! `tipbox serve`.

use std::fs::{self};
use std::path::PathBuf;

use age::secrecy::ExposeSecret;
use anyhow::Context;
use clap::Args;

use crate::config::{Config, Keyholder};
use crate::crypto::token;

/// Flags of `tipbox serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Config file (TOML).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Try tipbox out: data in ./data, loopback listeners, a demo keyholder identity and token.
    #[arg(long)]
    pub demo: bool,
    /// Data directory (overrides the config).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Source interface address: HOST:PORT or unix:/path.
    #[arg(long)]
    pub listen: Option<String>,
    /// Keyholder API address: HOST:PORT or unix:/path.
    #[arg(long)]
    pub keyholder_listen: Option<String>,
    /// TLS certificate chain (PEM) for the source listener.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM) for the source listener.
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// File names of the demo artefacts inside the data directory.
pub const DEMO_IDENTITY: &str = "demo-identity.txt";
/// Demo keyholder API token.
pub const DEMO_TOKEN: &str = "demo-token.txt";

/// Runs the server.
pub fn run(a: ServeArgs) -> anyhow::Result<()> {
    super::init_logging();
    let mut cfg = super::load_config(a.config.as_ref())?;
    if let Some(d) = a.data {
        cfg.data_dir = d;
    }
    if let Some(l) = a.listen {
        cfg.source.listen = l;
    }
    if let Some(l) = a.keyholder_listen {
        cfg.keyholder_api.listen = l;
    }
    if let (Some(c), Some(k)) = (a.tls_cert, a.tls_key) {
        cfg.source.tls_cert = Some(c);
        cfg.source.tls_key = Some(k);
    }
    if a.demo {
        demo(&mut cfg)?;
    }
    if cfg.keyholders.is_empty() {
        anyhow::bail!(
            "no keyholders configured: add [[keyholders]] entries (tipbox keygen prints a recipient), or try `tipbox serve --demo`"
        );
    }
    cfg.validate()?;
    let system = actix_rt::System::new();
    system.block_on(crate::server::run(cfg)).context("server failed")?;
    Ok(())
}

/// Sets up the embedded demo: creates the demo identity and token once, adds them to `cfg`.
fn demo(cfg: &mut Config) -> anyhow::Result<()> {
    crate::files::create_private_dir(&cfg.data_dir)?;
    let id_path = cfg.data_dir.join(DEMO_IDENTITY);
    if !id_path.exists() {
        let id = age::x25519::Identity::generate();
        let text = format!(
            "# tipbox DEMO keyholder identity: unencrypted, for trying tipbox out only.\n# public key: {}\n{}\n",
            id.to_public(),
            id.to_string().expose_secret()
        );
        crate::files::write_new(&id_path, text.as_bytes())?;
    }
    let identity = crate::vault::identity::read_plain_identity(&fs::read_to_string(&id_path)?)
        .with_context(|| format!("reading {}", id_path.display()))?;
    let tok_path = cfg.data_dir.join(DEMO_TOKEN);
    if !tok_path.exists() {
        let (t, _) = token::generate()?;
        crate::files::write_new(&tok_path, format!("{}\n", t.expose_secret()).as_bytes())?;
    }
    let tok = zeroize::Zeroizing::new(fs::read_to_string(&tok_path)?);
    let tok = token::from_file_text(&tok).map_err(|e| anyhow::anyhow!("{}: {e}", tok_path.display()))?;
    cfg.keyholder_api.tokens.insert("demo".into(), token::hash(tok.as_bytes()));
    let signing_key = crate::crypto::sign::SigningKey::from_identity(&identity)?.public().to_string();
    cfg.keyholders.push(Keyholder {
        name: "demo".into(),
        recipient: identity.to_public().to_string(),
        signing_key: Some(signing_key),
    });
    if cfg.organisation == Config::default().organisation {
        cfg.organisation = "tipbox demo".into();
    }
    eprintln!(
        "\n*** DEMO MODE: for trying tipbox out only. ***\n\
         *** The keyholder identity {} is stored UNENCRYPTED next to the data, and the API token is in {}. ***\n\
         *** Anyone with this directory can read every tip. Never use --demo for real sources. ***\n",
        id_path.display(),
        tok_path.display()
    );
    Ok(())
}

//! `tipbox keygen`, `tipbox key show` and `tipbox token`.

use std::path::PathBuf;

use age::secrecy::ExposeSecret;
use anyhow::bail;
use clap::{Args, Subcommand};

use crate::crypto::sign::SigningKey;
use crate::crypto::token;

/// Flags of `tipbox keygen`.
#[derive(Args)]
pub struct KeygenArgs {
    /// Where to write the identity file (created with mode 0600; never overwritten). Default:
    /// $TIPBOX_IDENTITY, else ~/.config/tipbox/identity.age, where `tipbox vault` looks.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the identity unencrypted. For tests and demos only.
    #[arg(long)]
    pub plaintext: bool,
}

/// `tipbox key` subcommands.
#[derive(Subcommand)]
pub enum KeyCommand {
    /// Print the public keys of an identity: its age recipient and its signing key.
    Show {
        /// The identity file (default: where `keygen` writes it).
        #[arg(long)]
        identity: Option<PathBuf>,
    },
}

/// Flags of `tipbox token`.
#[derive(Args)]
pub struct TokenArgs {
    /// The keyholder the token is for (their `[[keyholders]] name`).
    #[arg(long, required_unless_present = "hash_of")]
    pub name: Option<String>,
    /// Write the token into this file (mode 0600, never overwritten) instead of printing it.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the config hash of an existing token file instead of making a new token.
    #[arg(long, conflicts_with = "out")]
    pub hash_of: Option<PathBuf>,
}

fn print_public(recipient: &str, signing: &str) {
    println!("recipient:   {recipient}");
    println!("signing key: {signing}");
}

/// Creates a keyholder identity.
pub fn keygen(a: KeygenArgs) -> anyhow::Result<()> {
    let out = super::places::identity(a.out)?;
    super::places::make_parent(&out)?;
    let keys = crate::vault::identity::generate_identity_file(&out, a.plaintext)?;
    if a.plaintext {
        eprintln!("warning: {} is NOT passphrase-protected: use it for tests and demos only", out.display());
    }
    eprintln!(
        "identity written to {} (mode 0600). Give both lines below to the operator (for [[keyholders]]) and to your teammates (for `vault team add`):",
        out.display()
    );
    print_public(&keys.recipient, &keys.signing_key);
    Ok(())
}

/// Runs `tipbox key …`.
pub fn key(c: KeyCommand) -> anyhow::Result<()> {
    match c {
        KeyCommand::Show { identity } => {
            let id = crate::vault::identity::load_identity(&super::places::identity(identity)?)?;
            print_public(&id.to_public().to_string(), &SigningKey::from_identity(&id)?.public().to_string());
        }
    }
    Ok(())
}

/// Creates an API token, or hashes an existing one.
pub fn token(a: TokenArgs) -> anyhow::Result<()> {
    if let Some(file) = a.hash_of {
        let text = zeroize::Zeroizing::new(String::from_utf8(crate::files::read(&file)?)?);
        let t = token::from_file_text(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let name = a.name.as_deref().unwrap_or("NAME");
        eprintln!(
            "Paste this line under [keyholder_api.tokens] in the server config (NAME = the keyholder's name):"
        );
        println!("{name} = \"{}\"", token::hash(t.as_bytes()));
        return Ok(());
    }
    let Some(name) = a.name else { bail!("--name is needed") };
    let (t, hash) = token::generate()?;
    match &a.out {
        Some(p) => {
            crate::files::write_new(p, format!("{}\n", t.expose_secret()).as_bytes())?;
            eprintln!(
                "token written to {} (mode 0600): give it to {name}'s online machine for --token-file",
                p.display()
            );
        }
        None => {
            eprintln!("Give this token to {name} (to keep in a 0600 file for --token-file):");
            println!("{}", t.expose_secret());
        }
    }
    eprintln!("Paste this line under [keyholder_api.tokens] in the server config:");
    println!("{name} = \"{hash}\"");
    Ok(())
}

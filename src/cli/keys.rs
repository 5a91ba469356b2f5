//! `tipbox keygen` and `tipbox token`.

use std::path::PathBuf;

use age::secrecy::ExposeSecret;
use clap::Args;

use crate::crypto::token;

/// Flags of `tipbox keygen`.
#[derive(Args)]
pub struct KeygenArgs {
    /// Where to write the identity file (created with mode 0600; never overwritten).
    #[arg(long)]
    pub out: PathBuf,
    /// Write the identity unencrypted. For tests and demos only.
    #[arg(long)]
    pub plaintext: bool,
}

/// Creates a keyholder identity.
pub fn keygen(a: KeygenArgs) -> anyhow::Result<()> {
    let recipient = crate::vault::identity::generate_identity_file(&a.out, a.plaintext)?;
    if a.plaintext {
        eprintln!(
            "warning: {} is NOT passphrase-protected: use it for tests and demos only",
            a.out.display()
        );
    }
    eprintln!(
        "identity written to {} (mode 0600); add this recipient to the server's [[keyholders]]:",
        a.out.display()
    );
    println!("{recipient}");
    Ok(())
}

/// Creates an API token.
pub fn token() -> anyhow::Result<()> {
    let (t, hash) = token::generate()?;
    println!("token: {}", t.expose_secret());
    println!("hash:  {hash}");
    eprintln!("Give the token to the keyholder (store it in a 0600 file for --token-file);");
    eprintln!("put the hash in the server config: [keyholder_api] token_hashes = [\"…\"]");
    Ok(())
}

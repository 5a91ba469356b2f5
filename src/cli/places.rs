//! Where the keyholder's files live when the command line does not say: one vault and one
//! identity per person, in the places a desktop keeps such things, so that a working session
//! does not repeat `--vault … --identity …` on every line.
//!
//! `TIPBOX_VAULT` and `TIPBOX_IDENTITY` name them directly; otherwise the vault is
//! `$XDG_DATA_HOME/tipbox/vault` (`~/.local/share/tipbox/vault`) and the identity
//! `$XDG_CONFIG_HOME/tipbox/identity.age` (`~/.config/tipbox/identity.age`).

use std::path::PathBuf;

use anyhow::anyhow;

fn base(xdg: &str, fallback: &str) -> anyhow::Result<PathBuf> {
    if let Some(d) = std::env::var_os(xdg).filter(|d| !d.is_empty()).map(PathBuf::from)
        && d.is_absolute()
    {
        return Ok(d);
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| anyhow!("HOME is not set: give --vault and --identity"))?;
    Ok(PathBuf::from(home).join(fallback))
}

/// The vault directory: `--vault`, else `TIPBOX_VAULT`, else the default place.
pub fn vault(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match given.or_else(|| std::env::var_os("TIPBOX_VAULT").filter(|v| !v.is_empty()).map(PathBuf::from)) {
        Some(p) => Ok(p),
        None => Ok(base("XDG_DATA_HOME", ".local/share")?.join("tipbox").join("vault")),
    }
}

/// The identity file: `--identity` (or keygen's `--out`), else `TIPBOX_IDENTITY`, else the
/// default place.
pub fn identity(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match given.or_else(|| std::env::var_os("TIPBOX_IDENTITY").filter(|v| !v.is_empty()).map(PathBuf::from)) {
        Some(p) => Ok(p),
        None => Ok(base("XDG_CONFIG_HOME", ".config")?.join("tipbox").join("identity.age")),
    }
}

/// Creates the parent directories of a default place, private (0700), when they are missing.
pub fn make_parent(path: &std::path::Path) -> anyhow::Result<()> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|e| crate::files::named(parent, e))?;
    }
    Ok(())
}

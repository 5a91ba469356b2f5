//! Where `vault import` writes the signed acknowledgement list for `tipbox ack`, from the
//! command line and the desk alike.

use std::path::{Path, PathBuf};

use super::VaultError;
use crate::bundle::signing::AckList;

/// The default place: beside the bundle, its name + `.ack`.
pub fn default_path(bundle: &Path) -> PathBuf {
    let mut p = bundle.as_os_str().to_owned();
    p.push(".ack");
    PathBuf::from(p)
}

/// Writes `ack` to `path` (replaced atomically: an older list for the same bundle is only ever
/// a subset of this one).
pub fn write(ack: &AckList, path: &Path) -> Result<(), VaultError> {
    let json = serde_json::to_string_pretty(ack).map_err(|e| VaultError::Corrupt(e.to_string()))?;
    Ok(crate::files::write_atomic(path, json.as_bytes())?)
}

//! Writing bundles as a stream: the manifest, then each part file copied straight from disk.
//! Memory holds the manifest and one copy buffer, whatever the number or size of the parts.
//! What goes into a server's bundle is the store's business (`store::export`).

use std::io::{self, Read, Write};

use super::format::{MANIFEST, Manifest, part_path};

/// Bundle writing errors.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Reading the store (its message).
    #[error("store: {0}")]
    Store(String),
    /// Writing the archive or reading a part.
    #[error("bundle I/O: {0}")]
    Io(#[from] io::Error),
    /// Encoding the manifest.
    #[error("manifest: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes a tar bundle of `manifest` whose part bytes come from `open(part)`.
pub fn write_bundle<W: Write>(
    manifest: &Manifest,
    out: W,
    mut open: impl FnMut(&super::format::ManifestPart) -> io::Result<Box<dyn Read>>,
) -> Result<W, WriteError> {
    let mut b = tar::Builder::new(out);
    let json = serde_json::to_vec_pretty(manifest)?;
    append_entry(&mut b, MANIFEST, json.len() as u64, &json[..])?;
    for p in manifest.parts() {
        let r = open(p)?;
        // `take` keeps a file that grew since the manifest from corrupting the archive.
        append_entry(&mut b, &part_path(&p.id), p.size, r.take(p.size))?;
    }
    Ok(b.into_inner()?)
}

/// Appends one regular file entry (mode 0600, mtime 0: archives say nothing about when files
/// were written).
pub fn append_entry<W: Write, R: Read>(
    b: &mut tar::Builder<W>,
    path: &str,
    size: u64,
    data: R,
) -> io::Result<()> {
    let mut h = tar::Header::new_ustar();
    h.set_path(path)?;
    h.set_size(size);
    h.set_mode(0o600);
    h.set_mtime(0);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    b.append(&h, data)
}

//! Writing bundles as a stream: the manifest, then each part file copied straight from disk.
//! Memory holds the manifest and one copy buffer, whatever the number or size of the parts.

use std::io::{self, Read, Write};

use super::format::{MANIFEST, Manifest, part_path};
use crate::store::{ItemRecord, Store, StoreError};

/// Bundle writing errors.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Reading the store.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// Writing the archive or reading a part.
    #[error("bundle I/O: {0}")]
    Io(#[from] io::Error),
    /// Encoding the manifest.
    #[error("manifest: {0}")]
    Json(#[from] serde_json::Error),
}

pub use crate::store::backup::append_entry;

/// Writes a tar bundle of `manifest` whose part bytes come from `open(part)`.
pub fn write_bundle<W: Write>(
    manifest: &Manifest,
    out: W,
    mut open: impl FnMut(&super::format::ManifestPart) -> io::Result<Box<dyn Read>>,
) -> Result<W, WriteError> {
    let mut b = tar::Builder::new(out);
    let json = serde_json::to_vec_pretty(manifest)?;
    append_entry(&mut b, MANIFEST, json.len() as u64, &json[..])?;
    for item in &manifest.items {
        for p in &item.parts {
            let r = open(p)?;
            // `take` keeps a file that grew since the manifest from corrupting the archive.
            append_entry(&mut b, &part_path(&p.id), p.size, r.take(p.size))?;
        }
    }
    Ok(b.into_inner()?)
}

/// The manifest of everything in `store` not yet retired, and (for a keyholder's bundle) not
/// yet acknowledged by `for_keyholder`.
pub fn server_manifest(
    store: &Store,
    origin: String,
    keyholders: Vec<String>,
    for_keyholder: Option<&str>,
) -> Result<Manifest, WriteError> {
    let mut m = Manifest::new(super::format::BundleKind::Server, origin, keyholders);
    let mut items: Vec<ItemRecord> = Vec::new();
    for rec in store.items() {
        let rec = rec?;
        if !rec.acked && for_keyholder.is_none_or(|k| !rec.acked_by.contains(k)) {
            items.push(rec);
        }
    }
    // Oldest day first; ids are random, so nothing finer than the day is revealed.
    items.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    for rec in items {
        let Some(src) = store.source(&rec.source)? else { continue };
        m.items.push(super::format::ManifestItem {
            id: rec.id,
            kind: rec.kind,
            source: rec.source,
            source_recipient: src.recipient,
            day: rec.day,
            parts: rec
                .parts
                .iter()
                .map(|p| super::format::ManifestPart { id: p.id, role: p.role, size: p.size })
                .collect(),
            signature: rec.signature,
        });
    }
    Ok(m)
}

/// Writes the server bundle of `store` to `out` (see [`server_manifest`]).
pub fn write_server_bundle<W: Write>(
    store: &Store,
    origin: String,
    keyholders: Vec<String>,
    for_keyholder: Option<&str>,
    out: W,
) -> Result<(Manifest, W), WriteError> {
    let m = server_manifest(store, origin, keyholders, for_keyholder)?;
    let w = write_bundle(&m, out, |p| {
        Ok(Box::new(io::BufReader::with_capacity(64 * 1024, store.blobs().open(&p.id)?)))
    })?;
    Ok((m, w))
}

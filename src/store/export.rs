//! The server's bundle: every item not yet retired (and, for one keyholder, not yet
//! acknowledged by them), oldest day first, and the team packets this keyholder does not have
//! yet, written as the bundle format says ([`crate::bundle::write`]).

use std::io::{self, Write};

use super::{ItemRecord, Store, StoreError};
use crate::bundle::format::{BundleKind, Manifest, ManifestItem, ManifestPart, TeamPacket};
use crate::bundle::write::{WriteError, write_bundle};

fn store_error(e: StoreError) -> WriteError {
    WriteError::Store(e.to_string())
}

/// The manifest of everything in `store` not yet retired, and (for a keyholder's bundle) not
/// yet acknowledged by `for_keyholder`.
pub fn server_manifest(
    store: &Store,
    origin: String,
    keyholders: Vec<String>,
    for_keyholder: Option<&str>,
) -> Result<Manifest, WriteError> {
    let mut m = Manifest::new(BundleKind::Server, origin, keyholders);
    let mut items: Vec<ItemRecord> = Vec::new();
    for rec in store.items() {
        let rec = rec.map_err(store_error)?;
        if !rec.acked && for_keyholder.is_none_or(|k| !rec.acked_by.contains(k)) {
            items.push(rec);
        }
    }
    // Oldest day first; ids are random, so nothing finer than the day is revealed.
    items.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    for rec in items {
        let Some(src) = store.source(&rec.source).map_err(store_error)? else { continue };
        m.items.push(ManifestItem {
            id: rec.id,
            kind: rec.kind,
            source: rec.source,
            source_recipient: src.recipient,
            day: rec.day,
            parts: rec.parts.iter().map(|p| ManifestPart { id: p.id, role: p.role, size: p.size }).collect(),
            signature: rec.signature,
        });
    }
    let mut team = store.team_packets().map_err(store_error)?;
    team.retain(|t| for_keyholder.is_none_or(|k| !t.acked_by.contains(k)));
    team.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    m.team = team
        .into_iter()
        .map(|t| TeamPacket {
            id: t.id,
            day: t.day,
            part: ManifestPart { id: t.part.id, role: t.part.role, size: t.part.size },
            signature: t.signature,
        })
        .collect();
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

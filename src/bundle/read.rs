//! Reading bundles as a stream, checking every entry against the manifest.
//!
//! The manifest must come first; every later entry must be a regular file named
//! `parts/<id>.age` for a part the manifest lists, exactly once, with the listed size. Anything
//! else (links, directories, absolute or `..` paths, unknown or repeated parts, a missing part)
//! is an error: bundles cross an air gap and may have been tampered with on the way.

use std::collections::HashMap;
use std::io::{self, Read};

use super::format::{
    BundleKind, FORMAT, MANIFEST, MAX_ITEMS, MAX_KEYHOLDERS, MAX_MANIFEST_BYTES, MAX_PART_BYTES,
    MAX_PARTS_PER_ITEM, MAX_TEAM_PACKETS, MAX_TEAM_PART_BYTES, Manifest, ManifestPart, VERSION, part_path,
};

/// Bundle reading errors.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a tar archive, or truncated.
    #[error("not a readable bundle: {0}")]
    Io(#[from] io::Error),
    /// The manifest is missing, too large or malformed.
    #[error("bad manifest: {0}")]
    Manifest(String),
    /// An entry does not match the manifest.
    #[error("bad entry: {0}")]
    Entry(String),
    /// The part handler refused a part.
    #[error("{0}")]
    Rejected(String),
}

/// Checks every field of a parsed manifest: a bundle crosses the air gap and may have been
/// written by a compromised server or changed on the way, so nothing in it is taken on trust.
/// Ids and days are checked by their types while parsing; this checks the rest: the origin,
/// recipients, counts, sizes and the shape of each item.
pub fn check_manifest(m: &Manifest) -> Result<(), ReadError> {
    let bad = |s: String| Err(ReadError::Manifest(s));
    if m.format != FORMAT {
        return bad("not a tipbox bundle".into());
    }
    if m.version != VERSION {
        return bad(format!("unsupported version {}", m.version));
    }
    if !is_origin(&m.origin) {
        return bad("the origin is not an instance id (16 hex digits)".into());
    }
    if m.keyholders.len() > MAX_KEYHOLDERS {
        return bad(format!("more than {MAX_KEYHOLDERS} keyholder recipients"));
    }
    if m.keyholders.iter().any(|k| k.len() > 100 || k.parse::<age::x25519::Recipient>().is_err()) {
        return bad("a keyholder entry is not an age1… recipient".into());
    }
    if m.items.len() > MAX_ITEMS {
        return bad(format!("more than {MAX_ITEMS} items"));
    }
    check_team(m)?;
    let mut items = std::collections::HashSet::new();
    for i in &m.items {
        if !items.insert(i.id) {
            return bad(format!("item {} listed twice", i.id));
        }
        check_item(i)?;
        if m.kind != BundleKind::Server && i.kind != crate::model::item::ItemKind::Reply {
            return bad(format!("item {}: only a server bundle carries tips and follow-ups", i.id));
        }
    }
    for t in &m.team {
        if !items.insert(t.id) {
            return bad(format!("item {} listed twice", t.id));
        }
    }
    let mut parts = std::collections::HashSet::new();
    if let Some(p) = m.parts().find(|p| !parts.insert(p.id)) {
        return bad(format!("part {} listed twice", p.id));
    }
    Ok(())
}

/// Team packets: only in server and sync bundles (a sync bundle has exactly one), each one
/// part of role `team` of a sane size.
fn check_team(m: &Manifest) -> Result<(), ReadError> {
    use crate::model::item::PartRole;
    let bad = |s: String| Err(ReadError::Manifest(s));
    match m.kind {
        BundleKind::Replies if !m.team.is_empty() => {
            return bad("a reply bundle carries no team packets".into());
        }
        BundleKind::Sync if m.team.len() != 1 => return bad("a sync bundle carries one team packet".into()),
        _ => {}
    }
    if m.team.len() > MAX_TEAM_PACKETS {
        return bad(format!("more than {MAX_TEAM_PACKETS} team packets"));
    }
    for t in &m.team {
        if t.part.role != PartRole::Team || t.part.size == 0 || t.part.size > MAX_TEAM_PART_BYTES {
            return bad(format!("team packet {}: its part is not a team part of a sane size", t.id));
        }
    }
    Ok(())
}

/// Whether `s` is an instance id as the server writes it.
pub fn is_origin(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// One item's shape: a tip or follow-up is a document and then attachments; a reply is one
/// reply part, and only a reply carries a signature.
fn check_item(i: &super::format::ManifestItem) -> Result<(), ReadError> {
    use crate::model::item::{ItemKind, PartRole};
    let bad = |s: &str| Err(ReadError::Manifest(format!("item {}: {s}", i.id)));
    if i.source_recipient.len() > 100 || i.source_recipient.parse::<age::x25519::Recipient>().is_err() {
        return bad("the source recipient is not an age1… recipient");
    }
    if i.parts.is_empty() || i.parts.len() > MAX_PARTS_PER_ITEM {
        return bad("wrong number of parts");
    }
    if i.parts.iter().any(|p| p.size == 0 || p.size > MAX_PART_BYTES) {
        return bad("a part size is out of range");
    }
    let roles: Vec<PartRole> = i.parts.iter().map(|p| p.role).collect();
    let shape_ok = match i.kind {
        ItemKind::Reply => roles == [PartRole::Reply],
        ItemKind::Tip | ItemKind::Followup => {
            roles[0] == PartRole::Document && roles[1..].iter().all(|r| *r == PartRole::Attachment)
        }
    };
    if !shape_ok {
        return bad("its parts do not fit its kind");
    }
    if i.signature.is_some() != (i.kind == ItemKind::Reply) {
        return bad("only replies are signed, and every reply must be");
    }
    Ok(())
}

/// Reads a bundle: parses and checks the manifest, then calls `on_part` with each part's
/// metadata and a reader of exactly its bytes. Returns the manifest once every listed part has
/// been seen.
pub fn read_bundle<R: Read>(
    input: R,
    mut on_part: impl FnMut(&Manifest, &ManifestPart, &mut dyn Read) -> Result<(), String>,
) -> Result<Manifest, ReadError> {
    let mut archive = tar::Archive::new(input);
    let mut entries = archive.entries()?;
    let mut first = entries.next().ok_or_else(|| ReadError::Manifest("empty archive".into()))??;
    if first.path()?.to_str() != Some(MANIFEST) || first.header().entry_type() != tar::EntryType::Regular {
        return Err(ReadError::Manifest("manifest.json must come first".into()));
    }
    if first.size() > MAX_MANIFEST_BYTES {
        return Err(ReadError::Manifest("manifest too large".into()));
    }
    let mut json = Vec::new();
    (&mut first).take(MAX_MANIFEST_BYTES).read_to_end(&mut json)?;
    let manifest: Manifest = serde_json::from_slice(&json).map_err(|e| ReadError::Manifest(e.to_string()))?;
    drop(json);
    check_manifest(&manifest)?;
    let mut expected: HashMap<String, ManifestPart> = HashMap::new();
    for p in manifest.parts() {
        expected.insert(part_path(&p.id), p.clone());
    }
    for entry in entries {
        let mut entry = entry?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(ReadError::Entry("only regular files are allowed".into()));
        }
        let path = entry
            .path()?
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| ReadError::Entry("non-UTF-8 path".into()))?;
        let part = expected
            .remove(&path)
            .ok_or_else(|| ReadError::Entry(format!("unexpected or repeated entry {path:?}")))?;
        if entry.size() != part.size {
            return Err(ReadError::Entry(format!("{path}: size differs from the manifest")));
        }
        on_part(&manifest, &part, &mut entry).map_err(ReadError::Rejected)?;
        // Whatever the handler left unread is drained by the archive iterator.
    }
    if let Some(missing) = expected.keys().next() {
        return Err(ReadError::Entry(format!("{missing} is missing")));
    }
    Ok(manifest)
}

/// Reads only the manifest of a bundle (checking the rest of the archive's structure).
pub fn read_manifest<R: Read>(input: R) -> Result<Manifest, ReadError> {
    read_bundle(input, |_, _, r| io::copy(r, &mut io::sink()).map(|_| ()).map_err(|e| e.to_string()))
}

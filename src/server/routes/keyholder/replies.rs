//! Checking an uploaded reply or sync bundle completely before anything is stored.
//!
//! What the server can verify about a reply it cannot read: that it is an age file for X25519
//! recipients only, of a sane size, for a source this server knows, addressed to that source's
//! recipient, and signed by a keyholder in this server's config over exactly this instance,
//! item, part, source and ciphertext. A team packet (triage operations, see `vault::ops`) is
//! checked the same way: an X25519 age file signed by a configured keyholder over this
//! instance, its ids, day and ciphertext. One bad entry refuses the whole bundle.

use std::collections::HashMap;
use std::io;

use super::error::ApiError;
use crate::bundle::format::{BundleKind, MAX_TEAM_PART_BYTES, Manifest};
use crate::bundle::read::read_bundle;
use crate::bundle::signing::{reply_statement, sha256, team_statement};
use crate::crypto::seal;
use crate::crypto::sign::{PublicKey, Signed};
use crate::store::{ItemId, ItemKind, PartId, PartRole, SourceId, Store};

use crate::server::size_limits::MAX_REPLY_BYTES;

/// A reply that passed every check.
pub struct CheckedReply {
    /// Item id.
    pub id: ItemId,
    /// Part id.
    pub part: PartId,
    /// The source's thread.
    pub source: SourceId,
    /// The age file.
    pub ciphertext: Vec<u8>,
    /// The keyholder's signature.
    pub signature: Signed,
}

/// A team packet that passed every check.
pub struct CheckedTeam {
    /// Packet id.
    pub id: ItemId,
    /// Part id.
    pub part: PartId,
    /// The age file.
    pub ciphertext: Vec<u8>,
    /// The uploader's signature.
    pub signature: Signed,
}

/// Everything of an upload that passed every check.
pub struct Checked {
    /// Its replies.
    pub replies: Vec<CheckedReply>,
    /// Its team packet (sync bundles only).
    pub team: Option<CheckedTeam>,
}

/// Reads `body` as a bundle of `kind` (replies or sync), keeping each part's bytes after
/// checking its role, size and age header.
fn read_parts(body: &[u8], kind: BundleKind) -> Result<(Manifest, HashMap<PartId, Vec<u8>>), ApiError> {
    let mut parts: HashMap<PartId, Vec<u8>> = HashMap::new();
    let manifest: Manifest = read_bundle(body, |m, p, r| {
        if m.kind != kind {
            return Err("not a bundle of the expected kind".into());
        }
        let max = match p.role {
            PartRole::Reply => MAX_REPLY_BYTES,
            PartRole::Team if kind == BundleKind::Sync => MAX_TEAM_PART_BYTES,
            _ => return Err("bad part".into()),
        };
        if p.size > max {
            return Err("part too large".into());
        }
        let mut v = Vec::with_capacity(usize::try_from(p.size).unwrap_or(0));
        io::Read::read_to_end(&mut io::Read::take(r, max), &mut v).map_err(|e| e.to_string())?;
        seal::check_x25519_header(&v).map_err(|e| e.to_string())?;
        parts.insert(p.id, v);
        Ok(())
    })
    .map_err(|_| ApiError::Invalid("not a valid reply or sync bundle"))?;
    if manifest.kind != kind {
        return Err(ApiError::Invalid("not a bundle of the expected kind"));
    }
    Ok((manifest, parts))
}

/// Checks every reply of `body`; `signers` are the configured keyholders' keys.
pub fn check(
    store: &Store,
    origin: &str,
    signers: &[PublicKey],
    body: &[u8],
) -> Result<Vec<CheckedReply>, ApiError> {
    let (manifest, mut parts) = read_parts(body, BundleKind::Replies)?;
    if manifest.items.is_empty() {
        return Err(ApiError::Invalid("not a reply bundle"));
    }
    check_replies(store, origin, signers, &manifest, &mut parts)
}

/// Checks a sync bundle from `tipbox vault sync`: its one team packet and its replies.
pub fn check_sync(
    store: &Store,
    origin: &str,
    signers: &[PublicKey],
    body: &[u8],
) -> Result<Checked, ApiError> {
    let (manifest, mut parts) = read_parts(body, BundleKind::Sync)?;
    if manifest.origin != origin {
        return Err(ApiError::Invalid("this sync bundle is for another instance"));
    }
    let replies = check_replies(store, origin, signers, &manifest, &mut parts)?;
    let mut team = None;
    for t in &manifest.team {
        let ciphertext = parts.remove(&t.part.id).ok_or(ApiError::Invalid("a team part is missing"))?;
        let statement = team_statement(origin, t.id, t.part.id, t.day, &sha256(&ciphertext));
        t.signature.verify_pinned(&statement, signers).map_err(|_| {
            ApiError::Signature("the team packet is not signed by a keyholder of this server")
        })?;
        team = Some(CheckedTeam { id: t.id, part: t.part.id, ciphertext, signature: t.signature });
    }
    Ok(Checked { replies, team })
}

fn check_replies(
    store: &Store,
    origin: &str,
    signers: &[PublicKey],
    manifest: &Manifest,
    parts: &mut HashMap<PartId, Vec<u8>>,
) -> Result<Vec<CheckedReply>, ApiError> {
    let mut out = Vec::with_capacity(manifest.items.len());
    for item in &manifest.items {
        if item.kind != ItemKind::Reply {
            return Err(ApiError::Invalid("a reply bundle holds replies only"));
        }
        let src = store
            .source(&item.source)
            .map_err(|_| ApiError::Internal("store"))?
            .ok_or(ApiError::UnknownSource)?;
        if src.recipient != item.source_recipient {
            return Err(ApiError::Invalid("a reply is not addressed to its source"));
        }
        let part = item.parts[0].id;
        let ciphertext = parts.remove(&part).ok_or(ApiError::Invalid("a reply part is missing"))?;
        let signature = item.signature.ok_or(ApiError::Signature("a reply is not signed"))?;
        let statement =
            reply_statement(origin, item.id, part, item.source, &src.recipient, &sha256(&ciphertext));
        signature
            .verify_pinned(&statement, signers)
            .map_err(|_| ApiError::Signature("a reply is not signed by a keyholder of this server"))?;
        out.push(CheckedReply { id: item.id, part, source: item.source, ciphertext, signature });
    }
    Ok(out)
}

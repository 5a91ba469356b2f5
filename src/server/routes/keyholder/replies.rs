//! Checking an uploaded reply bundle completely before anything is stored.
//!
//! What the server can verify about a reply it cannot read: that it is an age file for X25519
//! recipients only, of a sane size, for a source this server knows, addressed to that source's
//! recipient, and signed by a keyholder in this server's config over exactly this instance,
//! item, part, source and ciphertext. One bad reply refuses the whole bundle.

use std::collections::HashMap;
use std::io;

use super::error::ApiError;
use crate::bundle::format::{BundleKind, Manifest};
use crate::bundle::read::read_bundle;
use crate::bundle::signing::{reply_statement, sha256};
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

/// Checks every reply of `body`; `signers` are the configured keyholders' keys.
pub fn check(
    store: &Store,
    origin: &str,
    signers: &[PublicKey],
    body: &[u8],
) -> Result<Vec<CheckedReply>, ApiError> {
    let mut parts: HashMap<PartId, Vec<u8>> = HashMap::new();
    let manifest: Manifest = read_bundle(body, |m, p, r| {
        if m.kind != BundleKind::Replies {
            return Err("not a reply bundle".into());
        }
        if p.role != PartRole::Reply || p.size > MAX_REPLY_BYTES {
            return Err("bad reply part".into());
        }
        let mut v = Vec::with_capacity(usize::try_from(p.size).unwrap_or(0));
        io::Read::read_to_end(&mut io::Read::take(r, MAX_REPLY_BYTES), &mut v).map_err(|e| e.to_string())?;
        seal::check_x25519_header(&v).map_err(|e| e.to_string())?;
        parts.insert(p.id, v);
        Ok(())
    })
    .map_err(|_| ApiError::Invalid("not a valid reply bundle"))?;
    if manifest.kind != BundleKind::Replies || manifest.items.is_empty() {
        return Err(ApiError::Invalid("not a reply bundle"));
    }
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

//! `vault reply`: a reply bundle for `tipbox push`, encrypted to the source and to every
//! keyholder, and kept in the vault's own thread.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::state::Item;
use super::{Vault, VaultError};
use crate::bundle::document::{self, REPLY_FORMAT, ReplyDocument, VERSION};
use crate::bundle::format::{BundleKind, Manifest, ManifestItem, ManifestPart};
use crate::bundle::write::write_bundle;
use crate::crypto::seal;
use crate::store::{ItemId, ItemKind, PartId, PartRole, today};

/// Longest reply, characters (the inbox shows up to 1 MiB of ciphertext).
pub const MAX_REPLY_CHARS: usize = 50_000;

/// What `reply` did.
#[derive(Debug, serde::Serialize)]
pub struct ReplyOutcome {
    /// Case answered.
    pub case: u32,
    /// The reply's item id.
    pub item: String,
    /// Recipients it was encrypted to (the source plus every keyholder).
    pub recipients: usize,
    /// The source had not asked to be answered.
    pub contact_not_requested: bool,
}

/// Writes a reply bundle to `out` (which must not exist) and records the reply in the vault.
pub fn reply(v: &mut Vault, reference: &str, message: &str, out: &Path) -> Result<ReplyOutcome, VaultError> {
    let message = message.trim();
    if message.is_empty() || message.chars().count() > MAX_REPLY_CHARS {
        return Err(VaultError::Invalid(format!("a reply has 1 to {MAX_REPLY_CHARS} characters")));
    }
    let case = v.resolve(reference)?.clone();
    let mut recipients = seal::parse_recipients(std::slice::from_ref(&case.source_recipient))?;
    let keyholders: Vec<String> = v.state.keyholders.iter().cloned().collect();
    recipients.extend(seal::parse_recipients(&keyholders)?);
    let doc = ReplyDocument {
        format: REPLY_FORMAT.into(),
        version: VERSION,
        day: today(),
        message: message.to_owned(),
    };
    let plain = document::to_padded_json(&doc).map_err(|e| VaultError::Corrupt(e.to_string()))?;
    let ct = seal::encrypt(&recipients, &plain)?;

    let id = ItemId::random().map_err(|e| VaultError::Io(std::io::Error::other(e)))?;
    let part = PartId::random().map_err(|e| VaultError::Io(std::io::Error::other(e)))?;
    let mp = ManifestPart { id: part, role: PartRole::Reply, size: ct.len() as u64 };
    let mut manifest = Manifest::new(BundleKind::Replies, case.origin.clone(), keyholders);
    manifest.items.push(ManifestItem {
        id,
        kind: ItemKind::Reply,
        source: case.source,
        source_recipient: case.source_recipient.clone(),
        day: today(),
        parts: vec![mp.clone()],
    });
    let file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(out)?;
    let mut w =
        write_bundle(&manifest, BufWriter::new(file), |_| Ok(Box::new(std::io::Cursor::new(ct.clone()))))
            .map_err(|e| VaultError::Io(std::io::Error::other(e.to_string())))?;
    w.flush()?;
    w.get_ref().sync_all()?;

    super::write_atomic(&v.part_path(&part), &ct)?;
    v.state.items.insert(
        id,
        Item {
            id,
            case: case.number,
            kind: ItemKind::Reply,
            day: today(),
            parts: vec![mp],
            attachments: Vec::new(),
        },
    );
    if let Some(c) = v.state.cases.get_mut(&case.number) {
        c.items.push(id);
    }
    v.save()?;
    Ok(ReplyOutcome {
        case: case.number,
        item: id.to_string(),
        recipients: recipients.len(),
        contact_not_requested: !case.summary.contact_ok,
    })
}

//! `vault reply`: a signed reply bundle for `tipbox push`, encrypted to the source and to the
//! team roster (never to recipients a bundle named), and kept in the vault's own thread; the
//! team's vaults get it from the server's bundles or the next `vault sync`.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::state::{Item, PartRecord};
use super::{Vault, VaultError, team};
use crate::bundle::document::{self, REPLY_FORMAT, ReplyDocument, VERSION};
use crate::bundle::format::{BundleKind, Manifest, ManifestItem, ManifestPart};
use crate::bundle::signing::{reply_statement, sha256};
use crate::bundle::write::write_bundle;
use crate::crypto::seal;
use crate::crypto::sign::Signed;
use crate::files;
use crate::model::item::{ItemKind, PartRole};
use crate::model::{Day, ItemId, PartId};

/// Longest reply, characters (the inbox shows up to 1 MiB of ciphertext).
pub const MAX_REPLY_CHARS: usize = 50_000;

/// What `reply` did.
#[derive(Debug)]
pub struct ReplyOutcome {
    /// Case answered.
    pub case: u32,
    /// The reply's item id.
    pub item: ItemId,
    /// Who besides the source can read it (team names; `you` first).
    pub readers: Vec<String>,
    /// The source had not asked to be answered.
    pub contact_not_requested: bool,
}

fn io_err(e: impl std::fmt::Display) -> VaultError {
    VaultError::Io(std::io::Error::other(e.to_string()))
}

/// Writes a reply bundle to `out` (which must not exist) and records the reply in the vault.
pub fn reply(v: &mut Vault, reference: &str, message: &str, out: &Path) -> Result<ReplyOutcome, VaultError> {
    let message = message.trim();
    if message.is_empty() || message.chars().count() > MAX_REPLY_CHARS {
        return Err(VaultError::Invalid(format!("a reply has 1 to {MAX_REPLY_CHARS} characters")));
    }
    let case = v.resolve(reference)?.clone();
    let team = team::recipients(v)?;
    let mut recipients = seal::parse_recipients(std::slice::from_ref(&case.source_recipient))?;
    recipients.extend(team.iter().map(|(_, r)| r.clone()));
    let doc = ReplyDocument {
        format: REPLY_FORMAT.into(),
        version: VERSION,
        day: Day::today(),
        message: message.to_owned(),
    };
    let plain = document::to_padded_json(&doc).map_err(|e| VaultError::Corrupt(e.to_string()))?;
    let ct = seal::encrypt(&recipients, &plain)?;

    let id = ItemId::random().map_err(io_err)?;
    let part = PartId::random().map_err(io_err)?;
    let hash = sha256(&ct);
    let statement = reply_statement(&case.origin, id, part, case.source, &case.source_recipient, &hash);
    let signature = Signed::new(v.signing_key(), &statement);
    let mp = ManifestPart { id: part, role: PartRole::Reply, size: ct.len() as u64 };
    let roster: Vec<String> = team.iter().map(|(_, r)| r.to_string()).collect();
    let mut manifest = Manifest::new(BundleKind::Replies, case.origin.clone(), roster);
    manifest.items.push(ManifestItem {
        id,
        kind: ItemKind::Reply,
        source: case.source,
        source_recipient: case.source_recipient.clone(),
        day: Day::today(),
        parts: vec![mp.clone()],
        signature: Some(signature),
    });
    let file = files::create_new(out)?;
    let mut w =
        write_bundle(&manifest, BufWriter::new(file), |_| Ok(Box::new(std::io::Cursor::new(ct.clone()))))
            .map_err(io_err)?;
    w.flush().map_err(|e| files::named(out, e))?;
    w.get_ref().sync_all().map_err(|e| files::named(out, e))?;

    files::write_new(&v.part_path(&part), &ct)?;
    let record =
        PartRecord { id: part, role: PartRole::Reply, size: mp.size, sha256: crate::crypto::hex(&hash) };
    v.state.items.insert(
        id,
        Item {
            id,
            case: case.number,
            kind: ItemKind::Reply,
            day: Day::today(),
            parts: vec![record],
            attachments: Vec::new(),
            signer: Some(v.signing_key().public()),
            signature: Some(signature),
        },
    );
    if let Some(c) = v.state.cases.get_mut(&case.number) {
        c.items.push(id);
    }
    v.state.unsent_replies.insert(id);
    // Saves too: the team learns from the next sync that this case was answered.
    v.record(vec![super::ops::Op::Replied { case: case.key(), item: id }])?;
    Ok(ReplyOutcome {
        case: case.number,
        item: id,
        readers: team.into_iter().map(|(n, _)| n).collect(),
        contact_not_requested: !case.summary.contact_ok(),
    })
}

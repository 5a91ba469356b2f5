//! `vault sync --out BUNDLE`: the batches and replies this vault has and the team may not, as
//! a sync bundle for `tipbox push` (the server hands it to every other keyholder's next pull)
//! or for a USB stick; and, at `vault import`, the team packets a bundle brings.
//!
//! A team packet's plaintext is a [`TeamDocument`]; its ciphertext is encrypted to the roster
//! (the owner and every teammate), never to recipients a bundle named. The packet itself is
//! signed for the server ([`crate::bundle::signing::team_statement`]); inside it, every batch
//! carries its author's own signature, which each vault checks against its own roster, so a
//! batch passed on by a teammate is as trustworthy as one from its author, and no more.

use std::collections::BTreeSet;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::op::SignedBatch;
use crate::bundle::format::{
    BundleKind, MAX_TEAM_PART_BYTES, Manifest, ManifestItem, ManifestPart, TeamPacket,
};
use crate::bundle::signing::{sha256, team_statement};
use crate::bundle::write::write_bundle;
use crate::crypto::seal;
use crate::crypto::sign::Signed;
use crate::files;
use crate::model::item::{ItemKind, PartRole};
use crate::model::{Day, ItemId, OpId, PartId};
use crate::vault::{Vault, VaultError, team};

/// `format` of a team document.
pub const TEAM_FORMAT: &str = "tipbox-team";
/// Its version.
pub const TEAM_VERSION: u32 = 1;
/// Most batches one team document may carry.
pub const MAX_BATCHES: usize = 200_000;

/// What a team packet decrypts to.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamDocument {
    /// [`TEAM_FORMAT`].
    pub format: String,
    /// [`TEAM_VERSION`].
    pub version: u32,
    /// The batches.
    pub batches: Vec<SignedBatch>,
}

/// What `sync` wrote.
#[derive(Debug)]
pub struct SyncOutcome {
    /// Batches in the bundle.
    pub batches: usize,
    /// Operations in them.
    pub ops: usize,
    /// Replies in the bundle.
    pub replies: usize,
    /// Who can read it (roster names, `you` first).
    pub readers: Vec<String>,
}

fn io_err(e: impl std::fmt::Display) -> VaultError {
    VaultError::Io(std::io::Error::other(e.to_string()))
}

/// The one server instance this vault's cases come from, or the one `origin` names.
fn origin_of(v: &Vault, origin: Option<&str>) -> Result<String, VaultError> {
    let known: BTreeSet<&str> = v.state.cases.values().map(|c| c.origin.as_str()).collect();
    match (origin, known.len()) {
        (Some(o), _) if known.contains(o) => Ok(o.to_owned()),
        (Some(o), _) => Err(VaultError::NotFound(format!("no case of this vault comes from instance {o}"))),
        (None, 1) => Ok(known.into_iter().next().unwrap_or_default().to_owned()),
        (None, 0) => Err(VaultError::Invalid("nothing to sync: this vault holds no case yet".into())),
        (None, _) => Err(VaultError::Invalid(format!(
            "this vault holds cases of several instances ({}): say which with --origin",
            known.into_iter().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Writes a sync bundle to `out` (which must not exist): the batches and replies not yet sent
/// (every batch and reply with `all`), for instance `origin`.
pub fn sync(v: &mut Vault, out: &Path, all: bool, origin: Option<&str>) -> Result<SyncOutcome, VaultError> {
    let origin = origin_of(v, origin)?;
    let st = &v.state;
    let ids: Vec<OpId> =
        if all { st.ops.keys().copied().collect() } else { st.unsent.iter().copied().collect() };
    let batches: Vec<SignedBatch> = ids.iter().filter_map(|id| st.ops.get(id).cloned()).collect();
    let replies: Vec<ItemId> = st
        .items
        .values()
        .filter(|i| i.kind == ItemKind::Reply && i.signature.is_some())
        .filter(|i| st.cases.get(&i.case).is_some_and(|c| c.origin == origin))
        .filter(|i| all || st.unsent_replies.contains(&i.id))
        .map(|i| i.id)
        .collect();
    if batches.is_empty() && replies.is_empty() {
        return Err(VaultError::Invalid(
            "nothing new to send to the team (with --all, everything is sent again)".into(),
        ));
    }
    let outcome = SyncOutcome {
        batches: batches.len(),
        ops: batches.iter().map(|b| b.batch.ops.len()).sum(),
        replies: replies.len(),
        readers: team::recipients(v)?.into_iter().map(|(n, _)| n).collect(),
    };
    let manifest = write(v, out, &origin, batches, &replies)?;
    for id in ids {
        v.state.unsent.remove(&id);
    }
    for r in &replies {
        v.state.unsent_replies.remove(r);
    }
    v.save()?;
    debug_assert_eq!(manifest.items.len(), outcome.replies);
    Ok(outcome)
}

/// Encrypts the batches to the roster and writes the bundle.
fn write(
    v: &Vault,
    out: &Path,
    origin: &str,
    batches: Vec<SignedBatch>,
    replies: &[ItemId],
) -> Result<Manifest, VaultError> {
    let roster = team::recipients(v)?;
    let doc = TeamDocument { format: TEAM_FORMAT.into(), version: TEAM_VERSION, batches };
    let plain =
        zeroize::Zeroizing::new(serde_json::to_vec(&doc).map_err(|e| VaultError::Corrupt(e.to_string()))?);
    let recipients: Vec<age::x25519::Recipient> = roster.iter().map(|(_, r)| r.clone()).collect();
    let ct = seal::encrypt(&recipients, &plain)?;
    if ct.len() as u64 > MAX_TEAM_PART_BYTES {
        return Err(VaultError::Invalid("too much to send at once".into()));
    }
    let (id, part, day) =
        (ItemId::random().map_err(io_err)?, PartId::random().map_err(io_err)?, Day::today());
    let signature = Signed::new(v.signing_key(), &team_statement(origin, id, part, day, &sha256(&ct)));
    let keyholders = roster.iter().map(|(_, r)| r.to_string()).collect();
    let mut m = Manifest::new(BundleKind::Sync, origin.to_owned(), keyholders);
    m.team.push(TeamPacket {
        id,
        day,
        part: ManifestPart { id: part, role: PartRole::Team, size: ct.len() as u64 },
        signature,
    });
    for rid in replies {
        let (item, case) = (&v.state.items[rid], &v.state.cases[&v.state.items[rid].case]);
        let p = &item.parts[0];
        m.items.push(ManifestItem {
            id: item.id,
            kind: ItemKind::Reply,
            source: case.source,
            source_recipient: case.source_recipient.clone(),
            day: item.day,
            parts: vec![ManifestPart { id: p.id, role: p.role, size: p.size }],
            signature: item.signature,
        });
    }
    let file = files::create_new(out)?;
    let mut w = write_bundle(&m, BufWriter::new(file), |p| {
        if p.id == part {
            return Ok(Box::new(std::io::Cursor::new(ct.clone())));
        }
        let ct = v.read_part(&p.id).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Box::new(std::io::Cursor::new(ct)))
    })
    .map_err(io_err)?;
    w.flush().map_err(|e| files::named(out, e))?;
    w.get_ref().sync_all().map_err(|e| files::named(out, e))?;
    Ok(m)
}

/// What the team packets of one bundle brought.
#[derive(Debug, Default)]
pub struct Received {
    /// Batches new to this vault, verified.
    pub accepted: Vec<SignedBatch>,
    /// Batches it already had.
    pub known: usize,
    /// Why batches were refused (a stranger's signature, a bad signature, a malformed batch).
    pub refused: Vec<String>,
    /// Packets that decrypted (acknowledged).
    pub read: Vec<ItemId>,
    /// Packets not encrypted to this identity.
    pub unreadable: usize,
}

/// Decrypts and checks the team packets staged at `path(part)`; nothing is merged yet.
pub fn receive(
    v: &Vault,
    packets: &[TeamPacket],
    path: impl Fn(&PartId) -> std::path::PathBuf,
) -> Result<Received, VaultError> {
    let roster = v.roster_keys();
    let mut r = Received::default();
    let mut seen = BTreeSet::new();
    for p in packets {
        let mut ct = Vec::new();
        files::open(&path(&p.part.id))?.take(MAX_TEAM_PART_BYTES).read_to_end(&mut ct)?;
        let Ok(plain) = seal::decrypt(v.identity(), &ct) else {
            r.unreadable += 1;
            continue;
        };
        let doc: TeamDocument = serde_json::from_slice(&plain).map_err(|e| {
            VaultError::Refused(format!(
                "team packet {}: not a team document ({e}); nothing was imported",
                p.id
            ))
        })?;
        if doc.format != TEAM_FORMAT || doc.version != TEAM_VERSION || doc.batches.len() > MAX_BATCHES {
            return Err(VaultError::Refused(format!(
                "team packet {}: not a team document of a known version; nothing was imported",
                p.id
            )));
        }
        r.read.push(p.id);
        for b in doc.batches {
            if let Some(have) = v.state.ops.get(&b.batch.id) {
                if *have != b {
                    r.refused.push(format!(
                        "batch {}: a different batch under an id this vault holds",
                        b.batch.id
                    ));
                } else {
                    r.known += 1;
                }
                continue;
            }
            match b.verify(&roster) {
                Ok(()) if seen.insert(b.batch.id) => r.accepted.push(b),
                Ok(()) => r.known += 1,
                Err(why) => r.refused.push(format!("batch {}: {why}", b.batch.id)),
            }
        }
    }
    Ok(r)
}

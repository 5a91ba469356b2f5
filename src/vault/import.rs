//! `vault import BUNDLE`: a transaction over immutable evidence.
//!
//! A bundle crosses the air gap from a server that may be compromised, over a machine and a
//! USB stick that may be tampered with. So import
//!
//! 1. **stages** every part in `<vault>/.staging-*` (hashing it on the way), touching nothing
//!    else;
//! 2. **plans**: a known item must arrive exactly as the vault holds it (same parts, sizes and
//!    hashes; same source recipient and origin for its case), and a new item may not name a
//!    part the vault already has; any difference is a conflict and refuses the whole bundle;
//!    every new item that this identity can open is decrypted and checked field by field
//!    ([`super::validate`]), and a reply must be signed by the owner or a team member; each
//!    attachment is decrypted once, whole, to record its plaintext's SHA-256 and what its
//!    metadata reveals ([`super::metadata`]), and one whose length is not the declared one
//!    (padded with zeros to its PADMÉ length) refuses the bundle;
//! 3. **publishes** only what is new: staged parts are hard-linked into `parts/` (never over an
//!    existing file), then the state is saved atomically.
//!
//! Team packets (the team's triage operations, [`super::ops`]) are decrypted and every batch
//! in them checked against the roster before anything is saved; a batch that fails is left out
//! and reported, the rest merged, and the owner signs a `seen` batch for the items new here. A
//! reply signed by someone outside the roster is left out and reported the same way in a
//! server or sync bundle (a reply bundle handed over is refused whole).
//!
//! Any error before the save leaves the vault exactly as it was. An import in which none of
//! the new items decrypts fails, so that a wrong `[[keyholders]]` entry on the server is not
//! followed by an `ack` that deletes tips nobody can read. What was imported (or was already
//! here) goes into a signed acknowledgement list for `tipbox ack`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use super::state::{Case, Item, PartRecord, Status, Summary};
use super::team::{self, RosterDiff};
use super::validate::{self, CheckedTip};
use super::{Vault, VaultError, sha256_file};
use crate::bundle::format::{BundleKind, Manifest, ManifestItem};
use crate::bundle::read::read_bundle;
use crate::bundle::signing::{AckList, reply_statement};
use crate::crypto::seal;
use crate::crypto::sign::PublicKey;
use crate::files;
use crate::model::item::ItemKind;
use crate::model::{ItemId, PartId};

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    /// Items new to this vault.
    pub new_items: usize,
    /// Items it already had, unchanged.
    pub known_items: usize,
    /// Cases created.
    pub new_cases: usize,
    /// New items not encrypted to this identity, skipped.
    pub unreadable: usize,
    /// How the bundle's keyholder list differs from the team roster.
    pub roster: RosterDiff,
    /// Signed list of this bundle's items that the vault now holds (server bundles only).
    pub ack: Option<AckList>,
    /// Batches of team operations new to this vault, merged.
    pub new_batches: usize,
    /// Operations in them.
    pub new_ops: usize,
    /// Batches it already had.
    pub known_batches: usize,
    /// Batches refused (signed by a stranger, badly signed or malformed), with why.
    pub refused_batches: Vec<String>,
    /// Replies refused because a stranger to the roster signed them, with who.
    pub refused_replies: Vec<String>,
    /// Team packets not encrypted to this identity.
    pub unreadable_team: usize,
}

/// Prefix of staging directories.
const STAGING: &str = ".staging-";

/// Removes staging directories an interrupted import left behind (never anything else).
pub fn remove_stale_staging(dir: &Path) -> Result<(), VaultError> {
    for e in std::fs::read_dir(dir).map_err(|e| files::named(dir, e))?.flatten() {
        if e.file_name().to_str().is_some_and(|n| n.starts_with(STAGING)) {
            super::remove_tree(&e.path())?;
        }
    }
    Ok(())
}

/// A staging directory; removed with everything in it when dropped.
struct Stage {
    dir: PathBuf,
    hashes: BTreeMap<PartId, String>,
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = super::remove_tree(&self.dir);
    }
}

impl Stage {
    fn new(vault: &Path) -> Result<Self, VaultError> {
        let rand = crate::crypto::random_array::<8>().map_err(|e| VaultError::Io(io::Error::other(e)))?;
        let dir = vault.join(format!("{STAGING}{}", crate::crypto::hex(&rand)));
        files::create_private_dir(&dir)?;
        Ok(Self { dir, hashes: BTreeMap::new() })
    }

    fn path(&self, id: &PartId) -> PathBuf {
        self.dir.join(format!("{id}.age"))
    }

    /// Reads the bundle, writing each part into the stage and hashing it.
    fn receive(&mut self, bundle: &Path) -> Result<Manifest, VaultError> {
        let file = files::open(bundle)?;
        let dir = self.dir.clone();
        let hashes = &mut self.hashes;
        let manifest = read_bundle(BufReader::new(file), |_, p, r| {
            let path = dir.join(format!("{}.age", p.id));
            let mut w = HashingWriter::new(files::create_new(&path).map_err(|e| e.to_string())?);
            let n = io::copy(r, &mut w).map_err(|e| e.to_string())?;
            if n != p.size {
                return Err("a part is shorter than the manifest says".into());
            }
            let (_, hash) = w.finish();
            hashes.insert(p.id, hash);
            Ok(())
        })?;
        // One sync of the whole file system instead of one per part: every staged part is on
        // disk before any of them is linked into `parts/` and named by the state.
        let d = files::open(&self.dir)?;
        rustix::fs::syncfs(&d).map_err(|e| files::named(&self.dir, e.into()))?;
        Ok(manifest)
    }

    fn record(&self, mi: &ManifestItem) -> Vec<PartRecord> {
        mi.parts
            .iter()
            .map(|p| PartRecord {
                id: p.id,
                role: p.role,
                size: p.size,
                sha256: self.hashes.get(&p.id).cloned().unwrap_or_default(),
            })
            .collect()
    }

    /// Links a staged part into `parts/`. An existing file is never replaced: when one is
    /// there (no record names it, or planning would have refused) with the same content, it is
    /// kept; with other content it is moved into `quarantine/` for a person to look at.
    fn publish(&self, vault: &Vault, id: &PartId) -> Result<(), VaultError> {
        let target = vault.part_path(id);
        match std::fs::hard_link(self.path(id), &target) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let staged = self.hashes.get(id).cloned().unwrap_or_default();
                if crate::crypto::hex(&sha256_file(&target)?) == staged {
                    return Ok(());
                }
                let q = vault.dir().join("quarantine");
                files::create_private_dir(&q)?;
                let aside = q.join(format!(
                    "{id}.age.{}",
                    crate::crypto::hex(&crate::crypto::random_array::<4>().unwrap_or_default())
                ));
                std::fs::rename(&target, &aside).map_err(|e| files::named(&target, e))?;
                std::fs::hard_link(self.path(id), &target).map_err(|e| files::named(&target, e))?;
                Ok(())
            }
            Err(e) => Err(files::named(&target, e).into()),
        }
    }
}

/// A `Write` that hashes what passes through.
struct HashingWriter<W> {
    inner: W,
    hash: sha2::Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        use sha2::Digest;
        Self { inner, hash: sha2::Sha256::new() }
    }
    fn finish(self) -> (W, String) {
        use sha2::Digest;
        (self.inner, crate::crypto::hex(&self.hash.finalize()))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A new item that decrypted and passed every check.
struct Accepted<'m> {
    mi: &'m ManifestItem,
    tip: Option<CheckedTip>,
    signer: Option<PublicKey>,
}

/// What planning decided.
#[derive(Default)]
struct Plan<'m> {
    accepted: Vec<Accepted<'m>>,
    known: Vec<ItemId>,
    unreadable: usize,
    conflicts: Vec<String>,
    /// Replies signed by someone outside the roster: left out, reported, not acknowledged.
    strangers: Vec<String>,
}

/// Imports `bundle_path` into `vault`.
pub fn import(vault: &mut Vault, bundle_path: &Path) -> Result<ImportOutcome, VaultError> {
    let mut stage = Stage::new(vault.dir())?;
    let manifest = stage.receive(bundle_path)?;
    let roster = team::compare(vault, &manifest.keyholders);
    let plan = plan(vault, &manifest, &stage)?;
    if !plan.conflicts.is_empty() {
        return Err(VaultError::Refused(format!(
            "this bundle contradicts what the vault already holds, so nothing was imported (a tampered bundle or a compromised server):\n  {}",
            plan.conflicts.join("\n  ")
        )));
    }
    if plan.accepted.is_empty() && plan.unreadable > 0 {
        return Err(VaultError::Refused(format!(
            "this bundle is not encrypted to your identity ({}): none of its {} new item(s) opens. Nothing was imported; \
             do not acknowledge it. Check that the server's [[keyholders]] lists your recipient.",
            vault.state.owner, plan.unreadable
        )));
    }
    let received = super::ops::sync::receive(vault, &manifest.team, |p| stage.path(p))?;
    let mut out = ImportOutcome {
        known_items: plan.known.len(),
        unreadable: plan.unreadable,
        roster,
        refused_replies: plan.strangers.clone(),
        known_batches: received.known,
        refused_batches: received.refused.clone(),
        unreadable_team: received.unreadable,
        ..Default::default()
    };
    for a in &plan.accepted {
        for p in &a.mi.parts {
            stage.publish(vault, &p.id)?;
        }
    }
    files::sync_dir(&vault.dir().join("parts"))?;
    let mut imported = plan.known.clone();
    let mut fresh = Vec::new();
    for a in plan.accepted {
        imported.push(a.mi.id);
        fresh.push(a.mi.id);
        file_item(vault, &manifest, &stage, a, &mut out);
    }
    merge_team(vault, &manifest, received.accepted, fresh, &mut out)?;
    vault.save()?;
    imported.extend(received.read);
    if manifest.kind == BundleKind::Server && !imported.is_empty() {
        out.ack = Some(AckList::new(vault.signing_key(), &manifest.origin, imported));
    }
    Ok(out)
}

/// Adds the team's verified batches, and the owner's `seen` batch for the items new here,
/// then recomputes the triage. Batches a USB sync bundle brought are passed on at the next
/// sync (the server has not seen them); those from the server's bundle are not.
fn merge_team(
    vault: &mut Vault,
    m: &Manifest,
    batches: Vec<super::ops::SignedBatch>,
    fresh: Vec<ItemId>,
    out: &mut ImportOutcome,
) -> Result<(), VaultError> {
    let relay = m.kind == BundleKind::Sync;
    for b in batches {
        out.new_ops += b.batch.ops.len();
        let id = b.batch.id;
        if vault.state.add_batch(b) {
            out.new_batches += 1;
            if relay {
                vault.state.unsent.insert(id);
            }
        }
    }
    for chunk in fresh.chunks(super::ops::MAX_SEEN_ITEMS) {
        let b = vault.sign_batch(vec![super::ops::Op::Seen { items: chunk.to_vec() }])?;
        vault.state.unsent.insert(b.batch.id);
        vault.state.add_batch(b);
    }
    super::ops::merge::rederive(vault);
    Ok(())
}

/// Decides, for every item, known (and unchanged), new and readable, new and unreadable, or
/// conflicting. Reads only staged files.
fn plan<'m>(vault: &Vault, m: &'m Manifest, stage: &Stage) -> Result<Plan<'m>, VaultError> {
    let mut plan = Plan::default();
    // Tips first, so a case gets its answers before its follow-ups are filed.
    let mut items: Vec<&ManifestItem> = m.items.iter().collect();
    items.sort_by_key(|i| (i.day, i.kind != ItemKind::Tip));
    for mi in items {
        if let Some(reason) = conflict(vault, m, stage, mi) {
            plan.conflicts.push(reason);
            continue;
        }
        if vault.state.items.contains_key(&mi.id) {
            plan.known.push(mi.id);
            continue;
        }
        let doc = stage.path(&mi.parts[0].id);
        let plain = match files::read(&doc)
            .map_err(VaultError::from)
            .and_then(|ct| Ok(seal::decrypt(vault.identity(), &ct)?))
        {
            Ok(p) => p,
            Err(VaultError::Seal(_)) => {
                plan.unreadable += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let refuse =
            |why: String| VaultError::Refused(format!("item {}: {why}; nothing was imported", mi.id));
        match mi.kind {
            ItemKind::Reply => {
                validate::reply_document(&plain).map_err(refuse)?;
                let roster = vault.roster_keys();
                match mi.signature.map(|s| s.signer) {
                    // A keyholder the owner has not (or no longer) pinned, in a server or sync
                    // bundle: the reply is left out and reported, and the rest of the bundle
                    // still comes in. A reply bundle handed over is refused whole (below).
                    Some(k) if !roster.contains(&k) && m.kind != BundleKind::Replies => {
                        plan.strangers
                            .push(format!("reply {} in case of thread {}: signed by {k}", mi.id, mi.source));
                        continue;
                    }
                    _ => {}
                }
                let signer = verify_reply(vault, m, stage, mi).map_err(refuse)?;
                plan.accepted.push(Accepted { mi, tip: None, signer: Some(signer) });
            }
            ItemKind::Tip | ItemKind::Followup => {
                let mut tip = validate::tip_document(mi, &plain).map_err(refuse)?;
                // Every attachment part is named by exactly one attachment (validate), so
                // this decrypts each part once, whole.
                for a in &mut tip.attachments {
                    let f = BufReader::new(files::open(&stage.path(&a.part))?);
                    let (sha256, inspection) =
                        super::facts::plaintext_facts(vault.identity(), f, a.size).map_err(refuse)?;
                    a.sha256 = sha256;
                    a.inspection = Some(inspection);
                }
                plan.accepted.push(Accepted { mi, tip: Some(tip), signer: None });
            }
        }
    }
    Ok(plan)
}

/// Why `mi` cannot be imported next to what the vault holds, if it cannot.
fn conflict(vault: &Vault, m: &Manifest, stage: &Stage, mi: &ManifestItem) -> Option<String> {
    let st = &vault.state;
    if let Some(case) = st.case_of_source(&mi.source).and_then(|n| st.cases.get(&n))
        && (case.source_recipient != mi.source_recipient || case.origin != m.origin)
    {
        return Some(format!(
            "case {}: the bundle gives its source another recipient or server",
            case.number
        ));
    }
    match st.items.get(&mi.id) {
        Some(known) => {
            let same = known.kind == mi.kind && known.day == mi.day && known.parts == stage.record(mi);
            (!same).then(|| format!("case {}: item {} arrives with other content", known.case, mi.id))
        }
        None => mi
            .parts
            .iter()
            .find(|p| st.part(&p.id).is_some())
            .map(|p| format!("new item {} names part {} of another item", mi.id, p.id)),
    }
}

/// A reply is accepted only when signed by the owner or a team member.
fn verify_reply(vault: &Vault, m: &Manifest, stage: &Stage, mi: &ManifestItem) -> Result<PublicKey, String> {
    let sig = mi.signature.ok_or("the reply is not signed")?;
    let part = mi.parts[0].id;
    let mut ct = Vec::new();
    files::open(&stage.path(&part)).and_then(|mut f| f.read_to_end(&mut ct)).map_err(|e| e.to_string())?;
    let st = reply_statement(
        &m.origin,
        mi.id,
        part,
        mi.source,
        &mi.source_recipient,
        &crate::bundle::signing::sha256(&ct),
    );
    let pinned: Vec<PublicKey> = team::list(vault).into_iter().map(|e| e.signing_key).collect();
    sig.verify_pinned(&st, &pinned).map_err(|_| {
        "the reply is signed by someone who is not in your team roster (see `vault team list`)".to_owned()
    })
}

/// Files an accepted item into its source's case (creating the case).
fn file_item(vault: &mut Vault, m: &Manifest, stage: &Stage, a: Accepted<'_>, out: &mut ImportOutcome) {
    let mi = a.mi;
    let number = match vault.state.case_of_source(&mi.source) {
        Some(n) => n,
        None => {
            let n = vault.state.next_case;
            vault.state.next_case += 1;
            vault.state.cases.insert(n, new_case(n, m, mi));
            out.new_cases += 1;
            n
        }
    };
    let (summary, attachments) = match a.tip {
        Some(t) => (t.summary, t.attachments),
        None => (None, Vec::new()),
    };
    if let Some(case) = vault.state.cases.get_mut(&number) {
        if let Some(s) = summary {
            case.summary = s;
        }
        case.received = case.received.min(mi.day);
        case.items.push(mi.id);
    }
    let item = Item {
        id: mi.id,
        case: number,
        kind: mi.kind,
        day: mi.day,
        parts: stage.record(mi),
        attachments,
        signer: a.signer,
        signature: mi.signature,
    };
    if mi.kind == ItemKind::Reply && m.kind == BundleKind::Sync {
        vault.state.unsent_replies.insert(mi.id);
    }
    vault.state.items.insert(mi.id, item);
    out.new_items += 1;
}

fn new_case(number: u32, m: &Manifest, mi: &ManifestItem) -> Case {
    Case {
        number,
        source: mi.source,
        source_recipient: mi.source_recipient.clone(),
        origin: m.origin.clone(),
        received: mi.day,
        summary: Summary::default(),
        status: Status::New,
        tags: BTreeSet::new(),
        assignee: None,
        notes: Vec::new(),
        links: BTreeSet::new(),
        history: Vec::new(),
        legacy_history: Vec::new(),
        items: Vec::new(),
    }
}

//! Shared triage: every change a keyholder makes (status, tag, note, assignee, link, reply
//! sent) is an **operation**, and each command's operations are one [`Batch`] signed with the
//! author's signing key. A vault's triage is the deterministic merge ([`merge`]) of every batch
//! it holds, its owner's and its teammates', so the same batches give the same triage in every
//! vault whatever order they arrived in.
//!
//! Batches travel to the team in sync bundles ([`sync`]), encrypted to the roster: through the
//! server (which stores ciphertext it cannot read) or on a USB stick. A vault accepts a batch
//! only when its signature verifies and its author is the owner or a roster member; anything
//! else is refused and reported, never merged.
//!
//! Batches refer to cases by [`CaseKey`] (the server's instance and the source's thread), never
//! by a vault's local case number.

pub mod merge;
pub mod op;
pub mod sync;
pub mod team_status;

pub use op::{Batch, CaseKey, MAX_CLOCK, MAX_OPS_PER_BATCH, MAX_SEEN_ITEMS, Op, SignedBatch};

use super::lifecycle::Status;
use super::state::State;
use super::{Vault, VaultError};
use crate::crypto::sign::PublicKey;
use crate::model::{Day, ItemId, OpId};

/// The key of a case as every vault names it.
impl super::state::Case {
    /// Its [`CaseKey`].
    pub fn key(&self) -> CaseKey {
        CaseKey { origin: self.origin.clone(), source: self.source }
    }
}

impl State {
    /// Adds a batch that was verified (or written here); `false` when it was already here.
    pub fn add_batch(&mut self, b: SignedBatch) -> bool {
        if self.ops.contains_key(&b.batch.id) {
            return false;
        }
        self.clock = self.clock.max(b.batch.clock);
        self.ops.insert(b.batch.id, b);
        true
    }
}

fn io_err(e: impl std::fmt::Display) -> VaultError {
    VaultError::Io(std::io::Error::other(e.to_string()))
}

impl Vault {
    /// Signs `ops` as one batch of the owner's, merges it and saves: the one way a triage
    /// change is made (CLI, shell and desk alike).
    pub fn record(&mut self, ops: Vec<Op>) -> Result<(), VaultError> {
        if ops.is_empty() {
            return Ok(());
        }
        let b = self.sign_batch(ops)?;
        self.state.unsent.insert(b.batch.id);
        self.state.add_batch(b);
        merge::rederive(self);
        self.save()
    }

    /// A batch of the owner's, signed, after every batch the vault holds.
    pub(crate) fn sign_batch(&self, ops: Vec<Op>) -> Result<SignedBatch, VaultError> {
        let batch = Batch {
            id: OpId::random().map_err(io_err)?,
            author: self.signing_key().public(),
            clock: self.state.clock.saturating_add(1).min(MAX_CLOCK),
            day: Day::today(),
            ops,
        };
        let signature = self.signing_key().sign(&batch.statement()?);
        Ok(SignedBatch { batch, signature })
    }

    /// The signing keys whose batches this vault accepts: the owner's and the roster's.
    pub fn roster_keys(&self) -> Vec<PublicKey> {
        super::team::list(self).into_iter().map(|e| e.signing_key).collect()
    }
}

/// Version 4 → 5: the triage a vault holds becomes the owner's first batch, so that it merges
/// with the team's like any other change, and every item it holds is announced as seen.
pub(crate) fn migrate_v4(v: &mut Vault) -> Result<(), VaultError> {
    let mut ops = Vec::new();
    for case in v.state.cases.values_mut() {
        case.legacy_history = std::mem::take(&mut case.history);
    }
    for case in v.state.cases.values() {
        let key = case.key();
        if case.status != Status::New {
            ops.push(Op::Status { case: key.clone(), to: case.status });
        }
        ops.extend(case.tags.iter().map(|t| Op::Tag { case: key.clone(), tag: t.clone(), on: true }));
        if let Some(w) = &case.assignee {
            ops.push(Op::Assign { case: key.clone(), who: Some(w.raw().to_owned()) });
        }
        for n in &case.notes {
            let note = OpId::random().map_err(io_err)?;
            ops.push(Op::NoteAdd {
                case: key.clone(),
                note,
                text: n.text.raw().to_owned(),
                written: Some(n.day),
            });
        }
        for l in &case.links {
            // Each pair once: from the lower-numbered case.
            if let Some(other) = v.state.cases.get(&l.case).filter(|_| l.case > case.number) {
                ops.push(Op::Link { case: key.clone(), other: other.key(), kind: l.kind, on: true });
            }
        }
    }
    let items: Vec<ItemId> = v.state.items.keys().copied().collect();
    let mut batches = Vec::new();
    for chunk in ops.chunks(MAX_OPS_PER_BATCH) {
        batches.push(v.sign_batch(chunk.to_vec())?);
    }
    for chunk in items.chunks(MAX_SEEN_ITEMS) {
        batches.push(v.sign_batch(vec![Op::Seen { items: chunk.to_vec() }])?);
    }
    for b in batches {
        v.state.unsent.insert(b.batch.id);
        v.state.add_batch(b);
    }
    merge::rederive(v);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceId;
    use crate::text::Untrusted;
    use crate::vault::lifecycle::LinkKind;
    use crate::vault::state::{Case, Event, Link, Note};

    fn case(number: u32) -> Case {
        Case::empty(number, SourceId::random().unwrap())
    }

    /// A version 4 vault's triage becomes the owner's first batch, and reads the same after.
    #[test]
    fn a_version_4_vault_keeps_its_triage_as_operations() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("v");
        let id = age::x25519::Identity::generate();
        {
            let mut v = Vault::open_or_create(&dir, id.clone()).unwrap();
            let mut a = case(1);
            a.status = Status::Verified;
            a.tags.insert("fox-hunt".into());
            a.assignee = Some(Untrusted::new("lin"));
            let old = Day::from_ymd(2026, 3, 4).unwrap();
            a.notes.push(Note {
                day: old,
                text: Untrusted::new("an old note"),
                id: None,
                by: None,
                versions: vec![],
            });
            a.links.insert(Link { case: 2, kind: LinkKind::SameNetwork });
            a.history.push(Event { day: old, what: "status new → in-review".into() });
            let mut b = case(2);
            b.links.insert(Link { case: 1, kind: LinkKind::SameNetwork });
            v.state.cases.insert(1, a);
            v.state.cases.insert(2, b);
            v.state.version = 4;
            v.save().unwrap();
        }
        let v = Vault::open(&dir, id).unwrap();
        assert_eq!(v.state.version, crate::vault::state::STATE_VERSION);
        assert!(!v.state.ops.is_empty() && v.state.unsent.len() == v.state.ops.len());
        let a = &v.state.cases[&1];
        assert_eq!(a.status, Status::Verified);
        assert_eq!(a.tags.iter().collect::<Vec<_>>(), ["fox-hunt"]);
        assert_eq!(a.assignee.as_ref().unwrap().raw(), "lin");
        assert_eq!(a.notes[0].text.raw(), "an old note");
        assert_eq!(a.notes[0].day, Day::from_ymd(2026, 3, 4).unwrap(), "the note keeps its day");
        assert!(a.notes[0].id.is_some());
        assert_eq!(v.state.cases[&2].links.iter().map(|l| l.case).collect::<Vec<_>>(), [1]);
        assert_eq!(a.history[0].what, "status new → in-review", "the old history stays first");
    }

    /// A batch changed after signing, or by an author outside the roster, is refused.
    #[test]
    fn a_changed_or_stranger_batch_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let mut v = Vault::open_or_create(&d.path().join("v"), age::x25519::Identity::generate()).unwrap();
        v.state.cases.insert(1, case(1));
        let key = v.state.cases[&1].key();
        let b = v.sign_batch(vec![Op::Tag { case: key.clone(), tag: "ok".into(), on: true }]).unwrap();
        let roster = v.roster_keys();
        assert!(b.verify(&roster).is_ok());
        let mut changed = b.clone();
        changed.batch.ops[0] = Op::Tag { case: key.clone(), tag: "planted".into(), on: true };
        assert!(changed.verify(&roster).unwrap_err().contains("does not verify"));
        assert!(b.verify(&[]).unwrap_err().contains("not in your team roster"));
        let bad_tag = v.sign_batch(vec![Op::Tag { case: key, tag: "Two Words".into(), on: true }]).unwrap();
        assert!(bad_tag.verify(&roster).unwrap_err().contains("bad tag"));
    }
}

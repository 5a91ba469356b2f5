//! The merge: a case's triage is computed from every operation about it, applied in one total
//! order that every vault computes the same way, so the same operations give the same triage
//! whatever order their batches arrived in.
//!
//! **The order**: by the batch's logical clock, then the author's key, then the batch id, then
//! the operation's place in its batch. A change made after its author saw another has a higher
//! clock, so it comes later; two changes made without seeing each other (concurrent) are
//! ordered by author and id, arbitrarily but identically everywhere.
//!
//! **The rule**, applied in that order:
//! - status and assignee: the last one wins (the lifecycle is checked when a change is made,
//!   not at merge: two concurrent moves are both valid where they were made);
//! - each tag, and each link (per other case and kind): the last set-or-remove wins;
//! - notes are never lost: every note added stays; an edit replaces the shown text and keeps
//!   the earlier one as a version; a delete hides the note, and an edit ordered after the delete
//!   (concurrent with it, or later) brings it back with its text.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::op::{CaseKey, Op, SignedBatch};
use crate::crypto::sign::PublicKey;
use crate::model::{Day, OpId};
use crate::text::Untrusted;
use crate::vault::Vault;
use crate::vault::lifecycle::{LinkKind, SPAM_TAG, Status};
use crate::vault::state::{Case, Event, Link, Note, State};

/// One operation with what orders it.
struct Entry<'a> {
    order: (u64, [u8; 32], OpId, usize),
    author: &'a PublicKey,
    day: Day,
    op: &'a Op,
}

/// Every operation about each case (a link under both of its cases).
fn index(state: &State) -> HashMap<&CaseKey, Vec<Entry<'_>>> {
    let mut by_case: HashMap<&CaseKey, Vec<Entry<'_>>> = HashMap::new();
    for SignedBatch { batch: b, .. } in state.ops.values() {
        let author = b.author.to_bytes();
        for (n, op) in b.ops.iter().enumerate() {
            let entry = || Entry { order: (b.clock, author, b.id, n), author: &b.author, day: b.day, op };
            if let Some(k) = op.case() {
                by_case.entry(k).or_default().push(entry());
            }
            if let Op::Link { other, .. } = op {
                by_case.entry(other).or_default().push(entry());
            }
        }
    }
    for v in by_case.values_mut() {
        v.sort_unstable_by_key(|e| e.order);
    }
    by_case
}

/// A case's triage as the merge computes it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Triage {
    /// Status.
    pub status: Option<Status>,
    /// Tags set.
    pub tags: BTreeSet<String>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Notes shown, in the order they were added: (id, author, day, text, earlier texts).
    pub notes: Vec<(OpId, PublicKey, Day, String, Vec<String>)>,
    /// Linked cases.
    pub links: BTreeSet<(CaseKey, LinkKind)>,
    /// What happened, in merge order: (day, author, what).
    pub events: Vec<(Day, PublicKey, String)>,
}

struct NoteState {
    id: OpId,
    author: PublicKey,
    day: Day,
    text: String,
    versions: Vec<String>,
    deleted: bool,
}

/// Applies `entries` (in merge order) for the case `me`.
fn fold(me: &CaseKey, entries: &[Entry<'_>]) -> Triage {
    let mut t = Triage::default();
    let mut tags: BTreeMap<&str, bool> = BTreeMap::new();
    let mut links: BTreeMap<(&CaseKey, LinkKind), bool> = BTreeMap::new();
    let mut notes: Vec<NoteState> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let mut event = |what: String| t.events.push((e.day, *e.author, what));
        // A note's number as `show` counts it at that moment (visible notes, from 1).
        let number = |notes: &[NoteState], id: &OpId| {
            notes.iter().filter(|n| !n.deleted || n.id == *id).position(|n| n.id == *id).map_or(0, |p| p + 1)
        };
        match e.op {
            Op::Status { to, .. } => {
                let from = t.status.unwrap_or(Status::New);
                t.status = Some(*to);
                let spam = entries.get(i + 1).is_some_and(|next| {
                    next.order.2 == e.order.2
                        && matches!(next.op, Op::Tag { tag, on: true, .. } if tag == SPAM_TAG)
                });
                event(if spam {
                    format!("closed as spam (was {from})")
                } else {
                    format!("status {from} → {to}")
                });
            }
            Op::Tag { tag, on, .. } => {
                tags.insert(tag, *on);
            }
            Op::Assign { who, .. } => t.assignee.clone_from(who),
            Op::NoteAdd { note, text, written, .. } => {
                if !notes.iter().any(|n| n.id == *note) {
                    let day = written.unwrap_or(e.day).min(e.day);
                    notes.push(NoteState {
                        id: *note,
                        author: *e.author,
                        day,
                        text: text.clone(),
                        versions: vec![],
                        deleted: false,
                    });
                }
            }
            Op::NoteEdit { note, text, .. } => {
                if let Some(n) = notes.iter_mut().find(|n| n.id == *note) {
                    if n.text != *text {
                        n.versions.push(std::mem::replace(&mut n.text, text.clone()));
                    }
                    n.deleted = false;
                    event(format!("note {} edited", number(&notes, note)));
                }
            }
            Op::NoteDelete { note, .. } => {
                let k = number(&notes, note);
                if let Some(n) = notes.iter_mut().find(|n| n.id == *note) {
                    n.deleted = true;
                    event(format!("note {k} deleted"));
                }
            }
            Op::Link { case, other, kind, on } => {
                let there = if case == me { other } else { case };
                links.insert((there, *kind), *on);
                if !on {
                    event(format!("unlinked ({kind})"));
                }
            }
            Op::Replied { .. } => event("reply sent".into()),
            Op::Seen { .. } => {}
        }
    }
    t.tags = tags.into_iter().filter(|(_, on)| *on).map(|(k, _)| k.to_owned()).collect();
    t.links = links.into_iter().filter(|(_, on)| *on).map(|((k, kind), _)| (k.clone(), kind)).collect();
    t.notes = notes
        .into_iter()
        .filter(|n| !n.deleted)
        .map(|n| (n.id, n.author, n.day, n.text, n.versions))
        .collect();
    t
}

/// The triage of every case key that has operations, computed from `state`'s batches alone
/// (what the property test compares between vaults).
pub fn triage_of_all(state: &State) -> BTreeMap<CaseKey, Triage> {
    index(state).into_iter().map(|(k, entries)| (k.clone(), fold(k, &entries))).collect()
}

/// Recomputes every case's triage fields from the vault's batches (authors named as the
/// roster names them).
pub fn rederive(v: &mut Vault) {
    let names: Vec<(PublicKey, String)> =
        super::super::team::list(v).into_iter().map(|e| (e.signing_key, e.name)).collect();
    let name = |k: &PublicKey| {
        names
            .iter()
            .find(|(p, _)| p == k)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| "someone outside the roster".into())
    };
    let numbers: HashMap<CaseKey, u32> = v.state.cases.values().map(|c| (c.key(), c.number)).collect();
    let mut derived: Vec<(u32, Triage)> = Vec::new();
    {
        let idx = index(&v.state);
        for c in v.state.cases.values() {
            let key = c.key();
            let t = idx.get(&key).map(|e| fold(&key, e)).unwrap_or_default();
            derived.push((c.number, t));
        }
    }
    for (number, t) in derived {
        let Some(case) = v.state.cases.get_mut(&number) else { continue };
        apply(case, t, &numbers, &name);
    }
}

fn apply(case: &mut Case, t: Triage, numbers: &HashMap<CaseKey, u32>, name: &dyn Fn(&PublicKey) -> String) {
    case.status = t.status.unwrap_or(Status::New);
    case.tags = t.tags;
    case.assignee = t.assignee.map(Untrusted::new);
    case.notes = t
        .notes
        .into_iter()
        .map(|(id, author, day, text, versions)| Note {
            day,
            text: Untrusted::new(text),
            id: Some(id),
            by: Some(Untrusted::new(name(&author))),
            versions: versions.into_iter().map(Untrusted::new).collect(),
        })
        .collect();
    case.links = t
        .links
        .into_iter()
        .filter_map(|(k, kind)| numbers.get(&k).map(|&n| Link { case: n, kind }))
        .collect();
    case.history = case.legacy_history.clone();
    case.history.extend(
        t.events.into_iter().map(|(day, who, what)| Event { day, what: format!("{what} ({})", name(&who)) }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::sign::SigningKey;
    use crate::model::SourceId;
    use crate::vault::ops::op::{Batch, Op};
    use proptest::prelude::*;

    fn key(n: u8) -> CaseKey {
        CaseKey { origin: "0123456789abcdef".into(), source: SourceId([n; 16]) }
    }

    /// An operation over three cases, three notes per case and a few tags.
    fn op() -> impl Strategy<Value = Op> {
        let case = 0u8..3;
        prop_oneof![
            (case.clone(), 0usize..6).prop_map(|(c, s)| Op::Status { case: key(c), to: Status::ALL[s] }),
            (case.clone(), 0u8..3, any::<bool>()).prop_map(|(c, t, on)| Op::Tag {
                case: key(c),
                tag: format!("t{t}"),
                on
            }),
            (case.clone(), proptest::option::of(0u8..3))
                .prop_map(|(c, w)| Op::Assign { case: key(c), who: w.map(|w| format!("w{w}")) }),
            (case.clone(), 0u8..3, "[a-z]{1,8}").prop_map(|(c, n, text)| Op::NoteAdd {
                case: key(c),
                note: OpId([c * 3 + n; 16]),
                text,
                written: None
            }),
            (case.clone(), 0u8..3, "[a-z]{1,8}").prop_map(|(c, n, text)| Op::NoteEdit {
                case: key(c),
                note: OpId([c * 3 + n; 16]),
                text
            }),
            (case.clone(), 0u8..3)
                .prop_map(|(c, n)| Op::NoteDelete { case: key(c), note: OpId([c * 3 + n; 16]) }),
            (case, 1u8..3, any::<bool>()).prop_map(|(c, d, on)| Op::Link {
                case: key(c),
                other: key((c + d) % 3),
                kind: LinkKind::SameCase,
                on
            }),
        ]
    }

    /// Batches by three authors with clocks that may tie (concurrent changes).
    fn batches() -> impl Strategy<Value = Vec<(usize, u64, Vec<Op>)>> {
        proptest::collection::vec((0usize..3, 1u64..8, proptest::collection::vec(op(), 1..5)), 1..25)
    }

    fn signed(keys: &[SigningKey], list: &[(usize, u64, Vec<Op>)]) -> Vec<SignedBatch> {
        list.iter()
            .enumerate()
            .map(|(i, (a, clock, ops))| {
                let batch = Batch {
                    id: OpId([u8::try_from(i).unwrap(); 16]),
                    author: keys[*a].public(),
                    clock: *clock,
                    day: Day::from_ymd(2026, 12, 1).unwrap(),
                    ops: ops.clone(),
                };
                let signature = keys[*a].sign(&batch.statement().unwrap());
                SignedBatch { batch, signature }
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The same batches in any arrival order give the same triage, in every case; a note
        /// that no operation deletes is never lost.
        #[test]
        fn any_arrival_order_gives_the_same_triage(list in batches(), seed in any::<u64>()) {
            let keys: Vec<SigningKey> =
                (0..3).map(|_| SigningKey::from_identity(&age::x25519::Identity::generate()).unwrap()).collect();
            let all = signed(&keys, &list);
            let mut shuffled = all.clone();
            // A deterministic shuffle from the seed (Fisher–Yates over a simple LCG).
            let mut r = seed;
            for i in (1..shuffled.len()).rev() {
                r = r.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, usize::try_from(r >> 33).unwrap() % (i + 1));
            }
            let (mut a, mut b) = (State::new("a".into()), State::new("b".into()));
            all.into_iter().for_each(|x| { a.add_batch(x); });
            // Half of it twice: a batch that arrives again changes nothing.
            for x in shuffled.iter().chain(shuffled.iter().take(shuffled.len() / 2)) {
                b.add_batch(x.clone());
            }
            let (ta, tb) = (triage_of_all(&a), triage_of_all(&b));
            prop_assert_eq!(&ta, &tb);
            let deleted: BTreeSet<OpId> = list.iter().flat_map(|(_, _, ops)| ops).filter_map(|o| match o {
                Op::NoteDelete { note, .. } => Some(*note),
                _ => None,
            }).collect();
            for (_, _, ops) in &list {
                for o in ops {
                    if let Op::NoteAdd { case, note, .. } = o && !deleted.contains(note) {
                        prop_assert!(ta[case].notes.iter().any(|n| n.0 == *note), "note {note} lost");
                    }
                }
            }
        }
    }

    /// Concurrent edit and delete of one note: whichever the order puts last decides, and the
    /// edit that comes after a delete brings the note back with both texts kept.
    #[test]
    fn an_edit_after_a_delete_brings_the_note_back() {
        let keys: Vec<SigningKey> =
            (0..2).map(|_| SigningKey::from_identity(&age::x25519::Identity::generate()).unwrap()).collect();
        let n = OpId([9; 16]);
        let list = vec![
            (0, 1, vec![Op::NoteAdd { case: key(0), note: n, text: "first".into(), written: None }]),
            (0, 2, vec![Op::NoteDelete { case: key(0), note: n }]),
            (1, 3, vec![Op::NoteEdit { case: key(0), note: n, text: "second".into() }]),
        ];
        let mut s = State::new("a".into());
        signed(&keys, &list).into_iter().for_each(|b| {
            s.add_batch(b);
        });
        let t = &triage_of_all(&s)[&key(0)];
        assert_eq!(t.notes.len(), 1);
        assert_eq!((t.notes[0].3.as_str(), t.notes[0].4.clone()), ("second", vec!["first".to_owned()]));
    }
}

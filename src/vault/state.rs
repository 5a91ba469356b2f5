//! The vault's triage state: the team roster, cases, items, statuses, tags, notes, links. It
//! lives only inside `vault.age`, encrypted to the vault owner's recipient; nothing here is
//! ever written in plaintext.
//!
//! Version 2 added the pinned team roster, a SHA-256 of every part (checked whenever a part is
//! read) and [`Untrusted`] for every text that came from outside. A version 1 state is
//! migrated when the vault is opened (see `Vault::open`). Version 4 records, per attachment,
//! the SHA-256 of its plaintext and its [`Inspection`], so that `show` and the desk never
//! decrypt a large file again to say what it reveals.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::crypto::sign::PublicKey;
use crate::model::item::{ItemKind, PartRole};
use crate::model::{Day, ItemId, PartId, SourceId};
use crate::text::Untrusted;
use crate::vault::metadata::Inspection;

/// State format version (3: answers by question id, with the questions they answer; 4: each
/// attachment's plaintext SHA-256 and what its metadata reveals, recorded at import; 5: triage
/// as signed batches of operations, shared with the team, see [`super::ops`]).
pub const STATE_VERSION: u32 = 5;

pub use super::lifecycle::{LinkKind, Status};

/// A link to another case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Link {
    /// The other case.
    pub case: u32,
    /// Why.
    pub kind: LinkKind,
}

/// A keyholder's note (untrusted: with a team, notes come from other vaults too).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    /// UTC day written.
    pub day: Day,
    /// Text.
    pub text: Untrusted,
    /// Its id in the team's operations (`None` only before a version 4 state is migrated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<crate::model::OpId>,
    /// Who wrote it, as the roster names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Untrusted>,
    /// Earlier texts, replaced by edits (never lost).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Untrusted>,
}

/// A change in a case's history (written by this program).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    /// UTC day.
    pub day: Day,
    /// What happened.
    pub what: String,
}

pub use super::summary::Summary;

/// A keyholder of the team, as this vault's owner pinned them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Their age recipient: replies are encrypted to it.
    pub recipient: String,
    /// Their public signing key: their replies are accepted.
    pub signing_key: PublicKey,
}

/// A case: one source's thread, with its triage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Case {
    /// Short number for people.
    pub number: u32,
    /// The source's thread on the server.
    pub source: SourceId,
    /// The source's age recipient (replies go to it).
    pub source_recipient: String,
    /// The server it came from.
    pub origin: String,
    /// UTC day of its first item.
    pub received: Day,
    /// Answers of the tip (empty until the tip is imported).
    pub summary: Summary,
    /// Lifecycle status.
    pub status: Status,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Who works on it.
    pub assignee: Option<Untrusted>,
    /// Notes.
    pub notes: Vec<Note>,
    /// Links to other cases.
    pub links: BTreeSet<Link>,
    /// What happened, computed from the operations (after `legacy_history`).
    pub history: Vec<Event>,
    /// History recorded before triage became operations (version 4 and older), kept as it was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legacy_history: Vec<Event>,
    /// Items in the thread, in arrival order.
    pub items: Vec<ItemId>,
}

/// One part as the vault holds it: its SHA-256 is recorded at import and checked on every
/// read, so a part changed on disk is refused rather than shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartRecord {
    /// Part id.
    pub id: PartId,
    /// Role.
    pub role: PartRole,
    /// Ciphertext bytes.
    pub size: u64,
    /// SHA-256 of the ciphertext, hex (empty only before a version 1 state is migrated).
    #[serde(default)]
    pub sha256: String,
}

/// An attachment as the source described it (all untrusted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attachment {
    /// The part holding its ciphertext.
    pub part: PartId,
    /// File name as sent.
    pub name: Untrusted,
    /// Content type as declared.
    pub content_type: Untrusted,
    /// Plaintext bytes.
    pub size: u64,
    /// SHA-256 of the plaintext, hex (empty when it could not be computed at migration).
    #[serde(default)]
    pub sha256: String,
    /// What its metadata reveals, inspected at import (`None`: not recorded).
    #[serde(default)]
    pub inspection: Option<Inspection>,
}

/// One imported item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    /// Id.
    pub id: ItemId,
    /// Its case.
    pub case: u32,
    /// Kind.
    pub kind: ItemKind,
    /// UTC day received.
    pub day: Day,
    /// Its parts.
    pub parts: Vec<PartRecord>,
    /// Attachments, from its document.
    pub attachments: Vec<Attachment>,
    /// Replies: who signed it (the owner or a team member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<PublicKey>,
    /// Replies: the signature, kept so that `sync` can pass the reply on to the team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<crate::crypto::sign::Signed>,
}

impl Case {
    /// A case with nothing in it yet, for unit tests.
    #[cfg(test)]
    pub(crate) fn empty(number: u32, source: SourceId) -> Self {
        Case {
            number,
            source,
            source_recipient: String::new(),
            origin: "0123456789abcdef".into(),
            received: Day::today(),
            summary: Default::default(),
            status: Status::New,
            tags: Default::default(),
            assignee: None,
            notes: vec![],
            links: Default::default(),
            history: vec![],
            legacy_history: vec![],
            items: vec![],
        }
    }

    /// The id every vault gives this case (derived from the server's thread, see
    /// [`super::case_id`]).
    pub fn id(&self) -> super::case_id::CaseId {
        super::case_id::CaseId::derive(&self.origin, &self.source)
    }
}

/// The whole state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct State {
    /// [`STATE_VERSION`].
    pub version: u32,
    /// The owner's recipient (the state is encrypted to it).
    pub owner: String,
    /// Version 1 adopted every recipient a bundle listed; that list is dropped at migration,
    /// never used.
    #[serde(default, skip_serializing)]
    pub keyholders: BTreeSet<String>,
    /// The team roster: other keyholders by the name the owner gave them.
    #[serde(default)]
    pub team: BTreeMap<String, Member>,
    /// Next case number.
    pub next_case: u32,
    /// Cases by number.
    pub cases: BTreeMap<u32, Case>,
    /// Items by id.
    pub items: BTreeMap<ItemId, Item>,
    /// Every batch of triage operations this vault holds, the owner's and the team's.
    #[serde(default)]
    pub ops: BTreeMap<crate::model::OpId, super::ops::op::SignedBatch>,
    /// The highest logical clock of those batches.
    #[serde(default)]
    pub clock: u64,
    /// Batches not yet written into a sync bundle (the owner's, and those a USB sync bundle
    /// brought, which the server has not seen).
    #[serde(default)]
    pub unsent: BTreeSet<crate::model::OpId>,
    /// Replies not yet written into a sync bundle.
    #[serde(default)]
    pub unsent_replies: BTreeSet<ItemId>,
}

impl State {
    /// An empty state for `owner`.
    pub fn new(owner: String) -> Self {
        Self {
            version: STATE_VERSION,
            owner,
            keyholders: BTreeSet::new(),
            team: BTreeMap::new(),
            next_case: 1,
            cases: BTreeMap::new(),
            items: BTreeMap::new(),
            ops: BTreeMap::new(),
            clock: 0,
            unsent: BTreeSet::new(),
            unsent_replies: BTreeSet::new(),
        }
    }

    /// The case of a source thread.
    pub fn case_of_source(&self, source: &SourceId) -> Option<u32> {
        self.cases.values().find(|c| c.source == *source).map(|c| c.number)
    }

    /// Items of a case, in thread order.
    pub fn thread(&self, case: &Case) -> Vec<&Item> {
        case.items.iter().filter_map(|id| self.items.get(id)).collect()
    }

    /// The part record of `id`, wherever it is.
    pub fn part(&self, id: &PartId) -> Option<&PartRecord> {
        self.items.values().flat_map(|i| &i.parts).find(|p| p.id == *id)
    }

    /// Counts of a case's items by kind: (follow-ups, replies, attachments).
    pub fn counts(&self, case: &Case) -> (usize, usize, usize) {
        let (mut f, mut r, mut a) = (0, 0, 0);
        for i in self.thread(case) {
            match i.kind {
                ItemKind::Followup => f += 1,
                ItemKind::Reply => r += 1,
                ItemKind::Tip => {}
            }
            a += i.attachments.len();
        }
        (f, r, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version 1 state (strings where version 2 has types, a keyholder list) still parses.
    #[test]
    fn version_1_parses() {
        let v1 = r#"{"version":1,"owner":"age1x","keyholders":["age1injected"],"next_case":2,
            "cases":{"1":{"number":1,"source":"02020202020202020202020202020202","source_recipient":"age1y",
            "origin":"0123456789abcdef","received":"2026-01-01","summary":{"country":"NL","city":"A",
            "when":"","role":"","incidents":[],"contact_ok":false,"language":"en"},"status":"new",
            "tags":[],"assignee":"alice","notes":[{"day":"2026-01-02","text":"n"}],"links":[],"history":[],
            "items":["01010101010101010101010101010101"]}},
            "items":{"01010101010101010101010101010101":{"id":"01010101010101010101010101010101","case":1,
            "kind":"tip","day":"2026-01-01","parts":[{"id":"03030303030303030303030303030303",
            "role":"document","size":10}],"attachments":[]}}}"#;
        let s: State = serde_json::from_str(v1).unwrap();
        assert_eq!(s.version, 1);
        assert_eq!(s.keyholders.len(), 1);
        assert!(s.team.is_empty());
        assert_eq!(s.items.values().next().unwrap().parts[0].sha256, "");
        let back = serde_json::to_string(&s).unwrap();
        assert!(!back.contains("age1injected"), "the adopted list is never written again");
        // Its answers (fixed fields before questionnaires) move under their question ids.
        let mut summary = s.cases[&1].summary.clone();
        summary.upgrade();
        assert_eq!(summary.country(), "NL");
        assert_eq!(summary.answers.text("city").raw(), "A");
        assert!(summary.answers.get("role").is_none() && !summary.contact_ok(), "empty answers are not kept");
        assert!(summary.questions.iter().any(|q| q.id == "incident"), "with the questions of that time");
        let back = serde_json::to_string(&summary).unwrap();
        assert!(!back.contains("\"incidents\""), "the old fields are never written again: {back}");
    }
}

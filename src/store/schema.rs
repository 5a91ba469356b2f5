//! What the store holds: ids, item records and source records.
//!
//! Records are small JSON values in sled; ciphertext lives in part files (see [`super::blob`]).
//! Nothing here is plaintext of a tip: a record says *that* something arrived, on which UTC day,
//! in which thread, and where its ciphertext is — never what it says, its file names or types.
//! No record holds a time finer than a day, or any day a source did something other than
//! send (not the day it came back, not the day it read a reply).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::crypto::sign::Signed;

pub use crate::model::item::{ItemKind, PartRole};
pub use crate::model::{Day, InvalidId, ItemId, PartId, SourceId};

/// Where one part's ciphertext is and how long it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartRef {
    /// Part id (names the ciphertext file).
    pub id: PartId,
    /// Role.
    pub role: PartRole,
    /// Ciphertext length in bytes.
    pub size: u64,
}

/// One item's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    /// Item id.
    pub id: ItemId,
    /// Kind.
    pub kind: ItemKind,
    /// The source's thread.
    pub source: SourceId,
    /// UTC day it arrived.
    pub day: Day,
    /// Its parts, the document first.
    pub parts: Vec<PartRef>,
    /// Retired: acknowledged as the retention rule asks. It leaves every later bundle.
    #[serde(default)]
    pub acked: bool,
    /// Keyholders (by config name) whose signed acknowledgement arrived: it leaves their
    /// bundles.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub acked_by: BTreeSet<String>,
    /// For replies: the keyholder's signature (see `bundle::signing`), checked again whenever
    /// the source's inbox shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signed>,
}

impl ItemRecord {
    /// Total ciphertext bytes.
    pub fn size(&self) -> u64 {
        self.parts.iter().map(|p| p.size).sum()
    }
}

/// A team packet: one keyholder's triage operations, ciphertext only the team can read (see
/// `vault::ops`). It travels in every other keyholder's bundle until each has acknowledged it,
/// then it is deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRecord {
    /// Packet id.
    pub id: ItemId,
    /// UTC day uploaded.
    pub day: Day,
    /// Its one part.
    pub part: PartRef,
    /// Keyholders (config names) who have it: the uploader, then each whose acknowledgement
    /// arrived.
    pub acked_by: BTreeSet<String>,
    /// The uploader's signature of `bundle::signing::team_statement`.
    pub signature: Signed,
}

/// A source: only what is needed to find its thread and encrypt replies to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// Thread id.
    pub id: SourceId,
    /// The source's own age recipient (derived from the codename).
    pub recipient: String,
    /// The day maintenance first found the thread empty (every tip acknowledged and deleted,
    /// every reply expired): the source and its login are deleted `[retention]
    /// source_grace_days` later, unless something new arrives. A keyholders' day, not the
    /// source's: nothing records when the source itself came or came back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_since: Option<Day>,
}

/// Today's UTC date: the only time the store ever records.
pub fn today() -> Day {
    Day::today()
}

/// The UTC date `days` days ago.
pub fn days_ago(days: u32) -> Day {
    Day::days_ago(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let id = ItemId::random().unwrap();
        let s = id.to_string();
        assert_eq!(s.len(), 32);
        assert_eq!(s.parse::<ItemId>().unwrap(), id);
        assert!("xyz".parse::<ItemId>().is_err());
        let j = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<ItemId>(&j).unwrap(), id);
    }

    #[test]
    fn today_shape() {
        let t = today().to_string();
        assert_eq!(t.len(), 10);
        assert_eq!(&t[4..5], "-");
    }
}

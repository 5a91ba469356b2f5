//! The vault's triage state: cases, items, statuses, tags, notes, links. It lives only inside
//! `vault.age`, encrypted to the vault owner's recipient; nothing here is ever written in
//! plaintext.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::bundle::document::AttachmentMeta;
use crate::bundle::format::ManifestPart;
use crate::store::{ItemId, ItemKind, SourceId};

/// State format version.
pub const STATE_VERSION: u32 = 1;

/// Where a case is in its lifecycle:
/// `new → in-review → verified | unverified | duplicate → closed` (and `closed → in-review`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not looked at yet.
    New,
    /// Someone is working on it.
    InReview,
    /// Corroborated.
    Verified,
    /// Could not be corroborated.
    Unverified,
    /// Same events as another case.
    Duplicate,
    /// Done.
    Closed,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::InReview,
        Status::Verified,
        Status::Unverified,
        Status::Duplicate,
        Status::Closed,
    ];

    /// The statuses a case may move to from this one.
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::New => &[Status::InReview],
            Status::InReview => &[Status::Verified, Status::Unverified, Status::Duplicate],
            Status::Verified | Status::Unverified | Status::Duplicate => &[Status::Closed, Status::InReview],
            Status::Closed => &[Status::InReview],
        }
    }

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InReview => "in-review",
            Status::Verified => "verified",
            Status::Unverified => "unverified",
            Status::Duplicate => "duplicate",
            Status::Closed => "closed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Status::ALL.into_iter().find(|x| x.as_str() == s).ok_or_else(|| {
            format!(
                "unknown status {s:?}: use one of new, in-review, verified, unverified, duplicate, closed"
            )
        })
    }
}

/// How two cases are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// The same events reported more than once.
    SameCase,
    /// The same people or network pressing different sources.
    SameNetwork,
}

impl FromStr for LinkKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "same-case" => Ok(LinkKind::SameCase),
            "same-network" => Ok(LinkKind::SameNetwork),
            _ => Err(format!("unknown link kind {s:?}: use same-case or same-network")),
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkKind::SameCase => "same-case",
            LinkKind::SameNetwork => "same-network",
        })
    }
}

/// A link to another case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Link {
    /// The other case.
    pub case: u32,
    /// Why.
    pub kind: LinkKind,
}

/// A keyholder's note.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    /// UTC day written.
    pub day: String,
    /// Text.
    pub text: String,
}

/// A change in a case's history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    /// UTC day.
    pub day: String,
    /// What happened.
    pub what: String,
}

/// The source's answers, copied from the tip document at import.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Country code.
    pub country: String,
    /// City.
    pub city: String,
    /// When.
    pub when: String,
    /// Role.
    pub role: String,
    /// Incident types.
    pub incidents: Vec<String>,
    /// Contact agreed.
    pub contact_ok: bool,
    /// Page language used.
    pub language: String,
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
    pub received: String,
    /// Answers of the tip (empty until the tip is imported).
    pub summary: Summary,
    /// Lifecycle status.
    pub status: Status,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Who works on it.
    pub assignee: Option<String>,
    /// Notes.
    pub notes: Vec<Note>,
    /// Links to other cases.
    pub links: BTreeSet<Link>,
    /// History of status changes.
    pub history: Vec<Event>,
    /// Items in the thread, in arrival order.
    pub items: Vec<ItemId>,
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
    pub day: String,
    /// Its parts.
    pub parts: Vec<ManifestPart>,
    /// Attachments, from its document.
    pub attachments: Vec<AttachmentMeta>,
}

/// The whole state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct State {
    /// [`STATE_VERSION`].
    pub version: u32,
    /// The owner's recipient (the state is encrypted to it).
    pub owner: String,
    /// Every keyholder recipient seen in bundles (replies are encrypted to all of them).
    pub keyholders: BTreeSet<String>,
    /// Next case number.
    pub next_case: u32,
    /// Cases by number.
    pub cases: BTreeMap<u32, Case>,
    /// Items by id.
    pub items: BTreeMap<ItemId, Item>,
}

impl State {
    /// An empty state for `owner`.
    pub fn new(owner: String) -> Self {
        Self {
            version: STATE_VERSION,
            owner,
            keyholders: BTreeSet::new(),
            next_case: 1,
            cases: BTreeMap::new(),
            items: BTreeMap::new(),
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

    /// Counts of a case's items by kind: (follow-ups, replies, attachments).
    pub fn counts(&self, case: &Case) -> (usize, usize, usize) {
        let mut f = 0;
        let mut r = 0;
        let mut a = 0;
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

    #[test]
    fn lifecycle() {
        assert_eq!(Status::New.next(), &[Status::InReview]);
        assert!(Status::InReview.next().contains(&Status::Duplicate));
        assert!(!Status::New.next().contains(&Status::Closed));
        assert_eq!("in-review".parse::<Status>().unwrap(), Status::InReview);
        assert!("done".parse::<Status>().is_err());
        assert_eq!(serde_json::to_string(&Status::InReview).unwrap(), "\"in-review\"");
    }
}

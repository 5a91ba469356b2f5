//! What a case's triage values may be: the lifecycle of statuses, the kinds of link, and the
//! rules for tags, notes and assignees. Shared by the changes a keyholder makes
//! ([`super::triage`]) and the checks on every operation a teammate's vault sends
//! ([`super::ops`]), so both hold the same rules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Longest note.
pub const MAX_NOTE_CHARS: usize = 20_000;
/// Longest assignee name, characters.
pub const MAX_ASSIGNEE_CHARS: usize = 64;
/// The tag that closing as spam sets.
pub const SPAM_TAG: &str = "spam";

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

/// Checks and normalises a tag: lower case letters, digits, `-`, `_`, `:`; 1–48 characters.
pub fn normalise_tag(t: &str) -> Result<String, super::VaultError> {
    let t = t.trim().to_lowercase();
    let ok = !t.is_empty()
        && t.chars().count() <= 48
        && t.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':'));
    if ok {
        Ok(t)
    } else {
        Err(super::VaultError::Invalid(format!("bad tag {t:?}: use letters, digits, - _ :")))
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

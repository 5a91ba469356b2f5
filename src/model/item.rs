//! What the server stores and bundles carry: kinds of items and roles of their parts.

use serde::{Deserialize, Serialize};

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A first submission, which also created the source.
    Tip,
    /// A later message from the same source.
    Followup,
    /// A keyholder's answer to the source.
    Reply,
}

impl ItemKind {
    /// One byte for the thread index.
    pub fn tag(self) -> u8 {
        match self {
            ItemKind::Tip => b't',
            ItemKind::Followup => b'f',
            ItemKind::Reply => b'r',
        }
    }
}

/// What a part holds (known to the server only by this role, never by content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartRole {
    /// The encrypted JSON document: answers, message, attachment manifest.
    Document,
    /// An encrypted attachment.
    Attachment,
    /// An encrypted reply document.
    Reply,
    /// A keyholder's triage operations, encrypted to the team (see `vault::ops`).
    Team,
}

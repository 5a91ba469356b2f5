//! What the store holds: ids, item records and source records.
//!
//! Records are small JSON values in sled; ciphertext lives in part files (see [`super::blob`]).
//! Nothing here is plaintext of a tip: a record says *that* something arrived, on which UTC day,
//! in which thread, and where its ciphertext is — never what it says, its file names or types.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 16]);

        impl $name {
            /// A fresh random id.
            pub fn random() -> Result<Self, getrandom::Error> {
                crate::crypto::random_array::<16>().map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&crate::crypto::hex(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                if s.len() != 32 {
                    return Err(InvalidId);
                }
                crate::crypto::unhex::<16>(s).map(Self).ok_or(InvalidId)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// An id that is not 32 hex digits.
#[derive(Debug, thiserror::Error)]
#[error("not a 32-digit hex id")]
pub struct InvalidId;

id_type!(
    /// A tip, follow-up or reply.
    ItemId
);
id_type!(
    /// One age file: a document, an attachment or a reply.
    PartId
);
id_type!(
    /// A source's thread. Random, unrelated to the codename-derived lookup id.
    SourceId
);

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
}

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
    /// UTC day it arrived, `YYYY-MM-DD`.
    pub day: String,
    /// Its parts, the document first.
    pub parts: Vec<PartRef>,
    /// A keyholder acknowledged it; it leaves later bundles.
    #[serde(default)]
    pub acked: bool,
    /// For replies: the UTC day the source first read it.
    #[serde(default)]
    pub read_day: Option<String>,
}

impl ItemRecord {
    /// Total ciphertext bytes.
    pub fn size(&self) -> u64 {
        self.parts.iter().map(|p| p.size).sum()
    }
}

/// A source: only what is needed to find its thread and encrypt replies to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// Thread id.
    pub id: SourceId,
    /// The source's own age recipient (derived from the codename).
    pub recipient: String,
    /// UTC day the source was created.
    pub created: String,
}

/// Today's UTC date as `YYYY-MM-DD`: the only time the store ever records.
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The UTC date `days` days ago as `YYYY-MM-DD`.
pub fn days_ago(days: u32) -> String {
    let d = time::OffsetDateTime::now_utc().date() - time::Duration::days(i64::from(days));
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
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
        let t = today();
        assert_eq!(t.len(), 10);
        assert_eq!(&t[4..5], "-");
    }
}

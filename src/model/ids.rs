//! Random 128-bit ids of items, parts and source threads, written as 32 hex digits. They are
//! drawn at random (never from a counter or a clock), so their order says nothing about when
//! anything arrived.

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
id_type!(
    /// A keyholder's signed batch of triage operations, or a note (see `vault::ops`).
    OpId
);

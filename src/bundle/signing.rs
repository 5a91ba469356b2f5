//! What keyholders sign, and the signed acknowledgement list.
//!
//! - A **reply** is signed over the instance it is for, its item and part ids, the source's
//!   thread and recipient, and the SHA-256 of its ciphertext: the server refuses it unless a
//!   configured keyholder signed exactly that, so it can neither be forged with the API token
//!   alone, nor altered, nor moved to another source or instance. Vaults check the same
//!   signature against their team roster.
//! - An **acknowledgement list** (`tipbox-ack`) is written by `vault import` for the items the
//!   vault now holds and could read, and signed by the vault owner. `tipbox ack` sends it; the
//!   server counts it for the keyholder whose configured key signed it. So a tip leaves the
//!   server only when a keyholder's vault really has it, whoever holds the token.

use serde::{Deserialize, Serialize};

use crate::crypto::sign::{Signed, SigningKey, Statement};
use crate::model::{Day, ItemId, PartId, SourceId};

/// `format` of an acknowledgement list.
pub const ACK_FORMAT: &str = "tipbox-ack";
/// Its version.
pub const ACK_VERSION: u32 = 1;
/// Most items one acknowledgement list may name.
pub const MAX_ACK_ITEMS: usize = 200_000;

/// What a reply's signature covers.
pub fn reply_statement(
    origin: &str,
    id: ItemId,
    part: PartId,
    source: SourceId,
    source_recipient: &str,
    ciphertext_sha256: &[u8; 32],
) -> Statement {
    Statement::new("tipbox reply v1")
        .with(origin.as_bytes())
        .with(&id.0)
        .with(&part.0)
        .with(&source.0)
        .with(source_recipient.as_bytes())
        .with(ciphertext_sha256)
}

/// What a team packet's signature covers: the instance it is uploaded to, its ids and day,
/// and the SHA-256 of its ciphertext. The server stores only packets a configured keyholder
/// signed; vaults check each operation inside against their own roster.
pub fn team_statement(
    origin: &str,
    id: ItemId,
    part: PartId,
    day: Day,
    ciphertext_sha256: &[u8; 32],
) -> Statement {
    Statement::new("tipbox team packet v1")
        .with(origin.as_bytes())
        .with(&id.0)
        .with(&part.0)
        .with(day.to_string().as_bytes())
        .with(ciphertext_sha256)
}

/// SHA-256 of a ciphertext.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// A signed list of items a vault imported and could read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckList {
    /// [`ACK_FORMAT`].
    pub format: String,
    /// [`ACK_VERSION`].
    pub version: u32,
    /// The instance the items came from.
    pub origin: String,
    /// UTC day written.
    pub created: Day,
    /// The items, sorted.
    pub items: Vec<ItemId>,
    /// The vault owner's signature of [`AckList::statement`].
    pub signature: Signed,
}

impl AckList {
    /// Signs a list of `items` from `origin`.
    pub fn new(key: &SigningKey, origin: &str, mut items: Vec<ItemId>) -> Self {
        items.sort();
        items.dedup();
        let created = Day::today();
        let signature = Signed::new(key, &Self::statement_of(origin, created, &items));
        Self {
            format: ACK_FORMAT.into(),
            version: ACK_VERSION,
            origin: origin.into(),
            created,
            items,
            signature,
        }
    }

    fn statement_of(origin: &str, created: Day, items: &[ItemId]) -> Statement {
        let mut st = Statement::new("tipbox ack v1");
        st.field(origin.as_bytes()).field(created.to_string().as_bytes());
        for i in items {
            st.field(&i.0);
        }
        st
    }

    /// The statement its signature covers.
    pub fn statement(&self) -> Statement {
        Self::statement_of(&self.origin, self.created, &self.items)
    }

    /// Parses and checks the shape (not the signature: that needs the verifier's pinned keys).
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let a: AckList =
            serde_json::from_slice(bytes).map_err(|_| "not an acknowledgement list".to_owned())?;
        if a.format != ACK_FORMAT || a.version != ACK_VERSION {
            return Err("not a tipbox acknowledgement list of a known version".into());
        }
        if !super::read::is_origin(&a.origin) {
            return Err("the origin is not an instance id".into());
        }
        if a.items.len() > MAX_ACK_ITEMS {
            return Err(format!("more than {MAX_ACK_ITEMS} items"));
        }
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ack_lists_verify_and_refuse_changes() {
        let id = age::x25519::Identity::generate();
        let key = SigningKey::from_identity(&id).unwrap();
        let a =
            AckList::new(&key, "0123456789abcdef", vec![ItemId([2; 16]), ItemId([1; 16]), ItemId([2; 16])]);
        assert_eq!(a.items, vec![ItemId([1; 16]), ItemId([2; 16])]);
        let back = AckList::parse(&serde_json::to_vec(&a).unwrap()).unwrap();
        assert!(back.signature.verify_pinned(&back.statement(), [&key.public()]).is_ok());
        let mut more = back.clone();
        more.items.push(ItemId([3; 16]));
        assert!(more.signature.verify_pinned(&more.statement(), [&key.public()]).is_err());
        let mut elsewhere = back;
        elsewhere.origin = "fedcba9876543210".into();
        assert!(elsewhere.signature.verify_pinned(&elsewhere.statement(), [&key.public()]).is_err());
        assert!(AckList::parse(b"{}").is_err());
    }
}

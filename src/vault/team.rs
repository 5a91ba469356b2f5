//! The team roster: who this vault's replies are encrypted to and whose signatures it accepts.
//!
//! The owner sets it (`vault team add / remove / list`), from what each teammate's `tipbox
//! keygen` or `tipbox key show` printed, handed over in person or over a channel the team
//! trusts. A bundle never changes it: the keyholder list a bundle brings is only compared with
//! the roster and the difference reported, so a compromised server cannot add an eavesdropper
//! to every reply, and a keyholder removed from the team stops receiving them.

use age::x25519;

use super::state::Member;
use super::{Vault, VaultError};
use crate::crypto::sign::PublicKey;

/// How the owner appears in lists.
pub const OWNER: &str = "you";

/// One roster entry as listed.
pub struct Entry {
    /// Name (local only).
    pub name: String,
    /// Age recipient.
    pub recipient: String,
    /// Signing key.
    pub signing_key: PublicKey,
}

fn check_name(name: &str) -> Result<(), VaultError> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name != OWNER
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(VaultError::Invalid(format!(
            "a team member's name has 1 to 64 letters, digits, '-', '_' or '.' (and is not {OWNER:?})"
        )))
    }
}

/// Adds a teammate.
pub fn add(v: &mut Vault, name: &str, recipient: &str, signing_key: &str) -> Result<(), VaultError> {
    check_name(name)?;
    let recipient = recipient.trim();
    recipient
        .parse::<x25519::Recipient>()
        .map_err(|_| VaultError::Invalid(format!("{recipient:?} is not an age1… recipient")))?;
    let signing_key: PublicKey = signing_key.parse().map_err(|_| {
        VaultError::Invalid(format!("{:?} is not a tipboxsig1… signing key", signing_key.trim()))
    })?;
    if v.state.team.contains_key(name) {
        return Err(VaultError::Invalid(format!(
            "{name} is already in the team: `team remove {name}` first"
        )));
    }
    let clash = list(v).into_iter().find(|e| e.recipient == recipient || e.signing_key == signing_key);
    if let Some(e) = clash {
        return Err(VaultError::Invalid(format!("that key is already in the team, as {}", e.name)));
    }
    v.state.team.insert(name.to_owned(), Member { recipient: recipient.to_owned(), signing_key });
    v.save()
}

/// Removes a teammate: later replies are not encrypted to them, their replies not accepted.
pub fn remove(v: &mut Vault, name: &str) -> Result<(), VaultError> {
    if v.state.team.remove(name).is_none() {
        return Err(VaultError::NotFound(format!("no team member named {name:?} (see `team list`)")));
    }
    v.save()
}

/// The owner, then every teammate by name.
pub fn list(v: &Vault) -> Vec<Entry> {
    let mut out = vec![Entry {
        name: OWNER.into(),
        recipient: v.state.owner.clone(),
        signing_key: v.signing_key().public(),
    }];
    out.extend(v.state.team.iter().map(|(name, m)| Entry {
        name: name.clone(),
        recipient: m.recipient.clone(),
        signing_key: m.signing_key,
    }));
    out
}

/// Who replies are encrypted to (besides the source): the owner and the team.
pub fn recipients(v: &Vault) -> Result<Vec<(String, x25519::Recipient)>, VaultError> {
    list(v)
        .into_iter()
        .map(|e| {
            let r =
                e.recipient.parse().map_err(|_| VaultError::Corrupt(format!("recipient of {}", e.name)))?;
            Ok((e.name, r))
        })
        .collect()
}

/// The name of a pinned signing key (the owner's or a teammate's).
pub fn signer_name(v: &Vault, key: &PublicKey) -> Option<String> {
    list(v).into_iter().find(|e| e.signing_key == *key).map(|e| e.name)
}

/// How a bundle's keyholder list differs from the roster.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RosterDiff {
    /// Recipients the bundle lists that the roster does not have (never adopted).
    pub not_in_roster: Vec<String>,
    /// Roster names whose recipient the bundle does not list (they cannot read these tips).
    pub not_in_bundle: Vec<String>,
}

impl RosterDiff {
    /// Whether the lists agree.
    pub fn is_empty(&self) -> bool {
        self.not_in_roster.is_empty() && self.not_in_bundle.is_empty()
    }
}

/// Compares a bundle's keyholder list with the roster.
pub fn compare(v: &Vault, bundle: &[String]) -> RosterDiff {
    let roster = list(v);
    let mut d = RosterDiff::default();
    for k in bundle {
        if !roster.iter().any(|e| e.recipient == *k) && !d.not_in_roster.contains(k) {
            d.not_in_roster.push(k.clone());
        }
    }
    for e in roster {
        if !bundle.contains(&e.recipient) {
            d.not_in_bundle.push(e.name);
        }
    }
    d
}

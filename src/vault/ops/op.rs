//! The operations a keyholder's vault signs and the team's vaults merge, as they travel: a
//! [`Batch`] of [`Op`]s, and its author's signature ([`SignedBatch`]). Only the types and the
//! checks that need nothing but the batch itself live here; recording, merging and syncing are
//! in the modules beside it.

use serde::{Deserialize, Serialize};

use crate::crypto::sign::{PublicKey, Signature, Statement};
use crate::model::{Day, ItemId, OpId, SourceId};
use crate::vault::lifecycle::{LinkKind, Status};

/// Most operations in one batch (a bulk change of a thousand cases with a few tags each).
pub const MAX_OPS_PER_BATCH: usize = 20_000;
/// Most item ids one `seen` operation lists.
pub const MAX_SEEN_ITEMS: usize = 200_000;
/// Largest logical clock accepted: far beyond any real count of changes, and far from
/// overflow, so a forged clock cannot wrap the vault's own.
pub const MAX_CLOCK: u64 = 1 << 48;

/// Which case an operation is about, in terms every vault shares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseKey {
    /// The server instance.
    pub origin: String,
    /// The source's thread there.
    pub source: SourceId,
}

/// One triage operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Op {
    /// The case's status becomes `to`.
    Status {
        /// The case.
        case: CaseKey,
        /// New status.
        to: Status,
    },
    /// A tag is set (`on`) or removed.
    Tag {
        /// The case.
        case: CaseKey,
        /// The tag, normalised.
        tag: String,
        /// Set or removed.
        on: bool,
    },
    /// Who works on the case (`None`: nobody).
    Assign {
        /// The case.
        case: CaseKey,
        /// Name.
        who: Option<String>,
    },
    /// A new note, `note` its id from now on.
    NoteAdd {
        /// The case.
        case: CaseKey,
        /// The note's id.
        note: OpId,
        /// Text.
        text: String,
        /// The day it was written, when older than its batch (notes of a migrated vault).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        written: Option<Day>,
    },
    /// A note's text replaced (the earlier text is kept as a version).
    NoteEdit {
        /// The case.
        case: CaseKey,
        /// The note.
        note: OpId,
        /// New text.
        text: String,
    },
    /// A note hidden (an edit ordered after it brings it back).
    NoteDelete {
        /// The case.
        case: CaseKey,
        /// The note.
        note: OpId,
    },
    /// Two cases linked (`on`) or unlinked, both ways.
    Link {
        /// One case.
        case: CaseKey,
        /// The other.
        other: CaseKey,
        /// Why.
        kind: LinkKind,
        /// Linked or unlinked.
        on: bool,
    },
    /// A reply was sent in the case.
    Replied {
        /// The case.
        case: CaseKey,
        /// The reply's item.
        item: ItemId,
    },
    /// The author's vault holds these items (tips, follow-ups, replies): what the team has
    /// seen, for `vault status`.
    Seen {
        /// The items.
        items: Vec<ItemId>,
    },
}

impl Op {
    /// The case it is about (`seen` is about none).
    pub fn case(&self) -> Option<&CaseKey> {
        match self {
            Op::Status { case, .. }
            | Op::Tag { case, .. }
            | Op::Assign { case, .. }
            | Op::NoteAdd { case, .. }
            | Op::NoteEdit { case, .. }
            | Op::NoteDelete { case, .. }
            | Op::Link { case, .. }
            | Op::Replied { case, .. } => Some(case),
            Op::Seen { .. } => None,
        }
    }

    /// Checks what a signature cannot: sizes, tag syntax, ids. A batch from a roster member
    /// is still input from another machine.
    pub(crate) fn check(&self) -> Result<(), String> {
        let key_ok = |k: &CaseKey| crate::bundle::read::is_origin(&k.origin);
        if let Some(k) = self.case()
            && !key_ok(k)
        {
            return Err("a case key's origin is not an instance id".into());
        }
        let text_ok =
            |t: &str| !t.trim().is_empty() && t.chars().count() <= crate::vault::lifecycle::MAX_NOTE_CHARS;
        match self {
            Op::Tag { tag, .. } => match crate::vault::lifecycle::normalise_tag(tag) {
                Ok(t) if t == *tag => Ok(()),
                _ => Err(format!("bad tag {tag:?}")),
            },
            Op::Assign { who: Some(w), .. }
                if w.trim().is_empty() || w.chars().count() > crate::vault::lifecycle::MAX_ASSIGNEE_CHARS =>
            {
                Err("bad assignee".into())
            }
            Op::NoteAdd { text, .. } | Op::NoteEdit { text, .. } if !text_ok(text) => {
                Err("a note is empty or too long".into())
            }
            Op::Link { case, other, .. } if !key_ok(other) || case == other => Err("bad link".into()),
            Op::Seen { items } if items.is_empty() || items.len() > MAX_SEEN_ITEMS => {
                Err("a seen list is empty or too long".into())
            }
            _ => Ok(()),
        }
    }
}

/// The operations of one command, as their author wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// Random id.
    pub id: OpId,
    /// Who wrote it.
    pub author: PublicKey,
    /// Logical (Lamport) clock: above every batch its author's vault held when writing it, so
    /// a change made after seeing another is ordered after it in every vault.
    pub clock: u64,
    /// UTC day written.
    pub day: Day,
    /// The operations, in order.
    pub ops: Vec<Op>,
}

impl Batch {
    /// What its signature covers: the whole batch, serialised.
    pub fn statement(&self) -> Result<Statement, crate::vault::VaultError> {
        let json = serde_json::to_vec(self).map_err(|e| crate::vault::VaultError::Corrupt(e.to_string()))?;
        Ok(Statement::new("tipbox triage v1").with(&json))
    }
}

/// A batch and its author's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedBatch {
    /// The batch.
    pub batch: Batch,
    /// The author's signature of [`Batch::statement`].
    pub signature: Signature,
}

impl SignedBatch {
    /// Whether the signature verifies, the author is one of `roster`, and every operation is
    /// well formed; why not otherwise.
    pub fn verify(&self, roster: &[PublicKey]) -> Result<(), String> {
        let b = &self.batch;
        if !roster.contains(&b.author) {
            return Err(format!("signed by {}, who is not in your team roster", b.author));
        }
        let st = b.statement().map_err(|e| e.to_string())?;
        b.author
            .verify(&st, &self.signature)
            .map_err(|_| format!("the signature of {} does not verify", b.author))?;
        if b.ops.is_empty() || b.ops.len() > MAX_OPS_PER_BATCH || b.clock == 0 || b.clock > MAX_CLOCK {
            return Err("a batch of the wrong size or clock".into());
        }
        b.ops.iter().try_for_each(Op::check)
    }
}

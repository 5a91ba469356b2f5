//! A case's source messages (the tip and its follow-ups), decrypted in memory only and never
//! written anywhere: for the `list` preview, `--with-text` and `vault search`.

use super::state::{Case, Item};
use super::{Vault, VaultError};
use crate::bundle::document::{self, TipDocument};
use crate::model::item::ItemKind;
use crate::text::Untrusted;

/// Characters of the first message that `list` previews.
pub const PREVIEW_CHARS: usize = 40;

/// One source message of a case (the tip or a follow-up), decrypted.
pub struct Message {
    /// Tip or follow-up.
    pub kind: ItemKind,
    /// The text as the source wrote it.
    pub text: Untrusted,
}

fn message_of(v: &Vault, it: &Item) -> Result<Untrusted, VaultError> {
    let part = it.parts.first().ok_or_else(|| VaultError::Corrupt("item without parts".into()))?;
    let plain = v.decrypt_part(&part.id)?;
    let doc = document::from_json::<TipDocument>(&plain).map_err(|e| VaultError::Corrupt(e.to_string()))?;
    Ok(Untrusted::new(doc.message))
}

/// The source's messages of a case in thread order: the tip and the follow-ups (replies are
/// the team's own words and are left out). With `first_only`, decryption stops at the first
/// message that has text: all a preview needs, one decryption per case for most `list` calls.
fn messages(v: &Vault, case: &Case, first_only: bool) -> Result<Vec<Message>, VaultError> {
    let mut out = Vec::new();
    for it in v.state.thread(case).into_iter().filter(|it| it.kind != ItemKind::Reply) {
        let text = message_of(v, it)?;
        let done = first_only && !text.raw().trim().is_empty();
        out.push(Message { kind: it.kind, text });
        if done {
            break;
        }
    }
    Ok(out)
}

/// Every source message of a case, in thread order.
pub fn source_messages(v: &Vault, case: &Case) -> Result<Vec<Message>, VaultError> {
    messages(v, case, false)
}

/// The [`preview`] of a case, decrypting no more than it needs.
pub fn preview_of(v: &Vault, case: &Case) -> Result<Untrusted, VaultError> {
    Ok(preview(&messages(v, case, true)?))
}

/// Every source message joined in order, a blank line between them (for `--with-text`).
pub fn full_text(messages: &[Message]) -> Untrusted {
    let parts: Vec<&str> = messages.iter().map(|m| m.text.raw()).filter(|t| !t.is_empty()).collect();
    Untrusted::new(parts.join("\n\n"))
}

/// Newlines and tabs become spaces, so that a snippet or a preview reads as one line; every
/// other control stays, for [`Untrusted::line`] to escape.
pub(super) fn flatten(chars: &[char]) -> String {
    chars.iter().map(|&c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect()
}

/// The first [`PREVIEW_CHARS`] characters of the first non-empty message, on one line, with
/// `…` when there is more.
pub fn preview(messages: &[Message]) -> Untrusted {
    let Some(m) = messages.iter().find(|m| !m.text.raw().trim().is_empty()) else {
        return Untrusted::default();
    };
    let chars: Vec<char> = m.text.raw().trim().chars().collect();
    let mut s = flatten(&chars[..chars.len().min(PREVIEW_CHARS)]);
    if chars.len() > PREVIEW_CHARS {
        s.push('…');
    }
    Untrusted::new(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_cut_at_forty_characters() {
        let m = |t: &str| vec![Message { kind: ItemKind::Tip, text: Untrusted::new(t) }];
        assert_eq!(preview(&m("  short\nmessage ")).line(), "short message");
        let long = "x".repeat(41);
        assert_eq!(preview(&m(&long)).line(), format!("{}…", "x".repeat(40)));
        assert_eq!(preview(&m("")).line(), "");
        let msgs = vec![
            Message { kind: ItemKind::Tip, text: Untrusted::new("") },
            Message { kind: ItemKind::Followup, text: Untrusted::new("later") },
        ];
        assert_eq!(preview(&msgs).line(), "later");
        assert_eq!(full_text(&msgs).raw(), "later");
    }
}

//! Checks on every field of a decrypted document before the vault keeps anything of it.
//!
//! A document is encrypted to the keyholders, but anyone who knows their recipients (a
//! compromised server, anyone with a pulled bundle) can encrypt one, and a source writes what
//! they like. So vocabularies must hold their own values, lengths and counts are bounded, every
//! attachment names exactly one attachment part of its own item, and free text becomes
//! [`Untrusted`]. What does not pass is refused, never repaired silently.

use std::collections::HashSet;

use super::state::{Attachment, Summary};
use crate::bundle::document::{
    self, REPLY_FORMAT, ReplyDocument, TIP_FORMAT, TIP_VERSION, TipDocument, VERSION,
};
use crate::bundle::format::ManifestItem;
use crate::model::item::{ItemKind, PartRole};
use crate::model::questions::{MAX_OPTIONS, MAX_QUESTIONS, QuestionRecord, is_id};
use crate::model::vocab::is_language_tag;
use crate::text::Untrusted;

/// Longest message kept, characters (the server's own limit is 100 000 by default).
pub const MAX_MESSAGE_CHARS: usize = 1_000_000;
/// Longest text answer of a question that records no length (version 1 documents), characters.
pub const MAX_SHORT_CHARS: usize = 2_000;
/// Longest question or option label a document may record, characters.
pub const MAX_LABEL_CHARS: usize = 1_000;
/// Longest attachment name, characters.
pub const MAX_NAME_CHARS: usize = 1_024;
/// Longest declared content type, characters.
pub const MAX_TYPE_CHARS: usize = 255;

/// What a tip or follow-up document gives the vault.
pub struct CheckedTip {
    /// The answers (tips only).
    pub summary: Option<Summary>,
    /// Its attachments.
    pub attachments: Vec<Attachment>,
}

/// Checks a tip or follow-up document of manifest item `mi`.
pub fn tip_document(mi: &ManifestItem, plain: &[u8]) -> Result<CheckedTip, String> {
    let doc: TipDocument = document::from_json(plain).map_err(|_| "not a tip document".to_owned())?;
    let kind = match mi.kind {
        ItemKind::Tip => "tip",
        ItemKind::Followup => "followup",
        ItemKind::Reply => return Err("a reply item holds a tip document".into()),
    };
    if doc.format != TIP_FORMAT || !(1..=TIP_VERSION).contains(&doc.version) || doc.kind != kind {
        return Err("its document is not a tip document of this kind".into());
    }
    if !is_language_tag(&doc.language) {
        return Err("its language is not a language tag".into());
    }
    if doc.message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(format!("its message is longer than {MAX_MESSAGE_CHARS} characters"));
    }
    let mut doc = doc.normalised(crate::locale::english);
    questions(&doc.questions)?;
    let (answers, dropped) = std::mem::take(&mut doc.answers).checked(&doc.questions, MAX_SHORT_CHARS);
    if let Some(id) = dropped.first() {
        return Err(format!(
            "its answer {:?} does not fit the questions it records",
            Untrusted::new(id.clone()).line()
        ));
    }
    let attachments = attachments(mi, &doc)?;
    let summary = (mi.kind == ItemKind::Tip).then(|| Summary {
        answers,
        questions: doc.questions.clone(),
        language: doc.language.clone(),
        legacy: Default::default(),
    });
    Ok(CheckedTip { summary, attachments })
}

/// Every attachment names one attachment part of its own item, once, no larger than the part;
/// every attachment part is named.
fn attachments(mi: &ManifestItem, doc: &TipDocument) -> Result<Vec<Attachment>, String> {
    let parts: Vec<_> = mi.parts.iter().filter(|p| p.role == PartRole::Attachment).collect();
    if doc.attachments.len() != parts.len() {
        return Err("its attachments do not match its parts".into());
    }
    let mut used = HashSet::new();
    let mut out = Vec::with_capacity(parts.len());
    for a in &doc.attachments {
        let part =
            parts.iter().find(|p| p.id == a.part).ok_or("an attachment names a part it does not have")?;
        if !used.insert(a.part) || a.size > part.size {
            return Err("an attachment does not fit its part".into());
        }
        if a.name.chars().count() > MAX_NAME_CHARS || a.content_type.chars().count() > MAX_TYPE_CHARS {
            return Err("an attachment's name or type is too long".into());
        }
        out.push(Attachment {
            part: a.part,
            name: Untrusted::new(a.name.clone()),
            content_type: Untrusted::new(a.content_type.clone()),
            size: a.size,
            // Filled by import once the attachment is decrypted.
            sha256: String::new(),
            inspection: None,
        });
    }
    Ok(out)
}

/// Checks a reply document.
pub fn reply_document(plain: &[u8]) -> Result<ReplyDocument, String> {
    let doc: ReplyDocument = document::from_json(plain).map_err(|_| "not a reply document".to_owned())?;
    if doc.format != REPLY_FORMAT || doc.version != VERSION {
        return Err("not a reply document of a known version".into());
    }
    if doc.message.chars().count() > MAX_MESSAGE_CHARS {
        return Err("the reply is too long".into());
    }
    Ok(doc)
}

/// The questions a document records: bounded, well-formed ids, labels of a sane length.
fn questions(qs: &[QuestionRecord]) -> Result<(), String> {
    if qs.len() > MAX_QUESTIONS {
        return Err("it records too many questions".into());
    }
    let mut ids = HashSet::new();
    for q in qs {
        let options_ok = q.options.len() <= MAX_OPTIONS
            && q.options.iter().all(|(id, l)| is_id(id) && l.chars().count() <= MAX_LABEL_CHARS);
        if !is_id(&q.id)
            || !ids.insert(q.id.as_str())
            || q.label.chars().count() > MAX_LABEL_CHARS
            || !options_ok
        {
            return Err("a question it records is malformed".into());
        }
    }
    Ok(())
}

/// Re-checks answers kept by an older vault: what does not fit its questions is dropped.
pub fn recheck_summary(s: &mut Summary) {
    if questions(&s.questions).is_err() {
        s.questions = crate::model::questions::version_1_records(crate::locale::english);
    }
    let answers = std::mem::take(&mut s.answers);
    s.answers = answers.checked(&s.questions, MAX_SHORT_CHARS).0;
    if !is_language_tag(&s.language) {
        s.language.clear();
    }
}

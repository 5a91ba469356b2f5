//! The plaintext documents inside age files: what a tip, a follow-up and a reply say.
//!
//! A tip's or follow-up's *document* part holds the answers, the message and the attachment
//! manifest (names, types, sizes) as one JSON object, padded with trailing spaces (valid JSON
//! whitespace) to a PADMÉ length before encryption. Attachments are separate age files, padded
//! with zero bytes; the manifest's `size` says where the real content ends.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::padding;
pub use crate::model::answers::{Answer, Answers};
use crate::model::questions::QuestionRecord;
use crate::model::{Day, PartId};

/// `format` of a tip or follow-up document.
pub const TIP_FORMAT: &str = "tipbox-tip";
/// `format` of a reply document.
pub const REPLY_FORMAT: &str = "tipbox-reply";
/// Version of reply documents.
pub const VERSION: u32 = 1;
/// Version of tip and follow-up documents. Version 2 carries the questions a tip answers
/// (`questions`) and its answers by question id; version 1 had the six built-in answers as
/// fixed fields, which read as answers by id too ([`TipDocument::normalised`]).
pub const TIP_VERSION: u32 = 2;

pub use crate::model::vocab::{INCIDENTS, ROLES};

/// One attachment as the source sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    /// The part holding its ciphertext.
    pub part: PartId,
    /// File name as sent by the browser (untrusted: sanitise before use).
    pub name: String,
    /// Content type as declared by the browser (untrusted).
    pub content_type: String,
    /// Plaintext length in bytes (the part is zero-padded beyond it).
    pub size: u64,
}

/// The document of a tip or follow-up.
#[derive(Clone, Serialize, Deserialize)]
pub struct TipDocument {
    /// [`TIP_FORMAT`].
    pub format: String,
    /// [`TIP_VERSION`] (or 1, before questionnaires).
    pub version: u32,
    /// `tip` or `followup`.
    pub kind: String,
    /// UTC day received.
    pub day: Day,
    /// Page language the source used.
    pub language: String,
    /// Answers by question id (empty for follow-ups).
    #[serde(default)]
    pub answers: Answers,
    /// The questions the form asked (empty in version 1 documents and in follow-ups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<QuestionRecord>,
    /// Free text.
    #[serde(default)]
    pub message: String,
    /// Attachments, in the order the source added them.
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
}

impl TipDocument {
    /// The document as the current version reads it: a version 1 tip's answers under their
    /// question ids, with the questions version 1 asked.
    pub fn normalised(mut self, english: impl Fn(&crate::model::questions::Text) -> String) -> Self {
        if self.version < 2 {
            self.answers = std::mem::take(&mut self.answers).from_v1();
            if self.kind == "tip" {
                self.questions = crate::model::questions::version_1_records(english);
            }
        }
        self
    }
}

/// The document of a reply.
#[derive(Clone, Serialize, Deserialize)]
pub struct ReplyDocument {
    /// [`REPLY_FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// UTC day written.
    pub day: Day,
    /// The reply text.
    pub message: String,
}

/// Serialises `doc` as JSON padded with spaces to its PADMÉ document length.
pub fn to_padded_json<T: Serialize>(doc: &T) -> Result<Zeroizing<Vec<u8>>, serde_json::Error> {
    let mut v = Zeroizing::new(serde_json::to_vec(doc)?);
    let target = padding::document_len(v.len() as u64);
    let target = usize::try_from(target).unwrap_or(v.len());
    v.resize(target, b' ');
    Ok(v)
}

/// Parses a padded document (trailing whitespace is valid JSON).
pub fn from_json<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_documents_parse_and_hide_length() {
        let mk = |m: &str| TipDocument {
            format: TIP_FORMAT.into(),
            version: TIP_VERSION,
            kind: "tip".into(),
            day: "2026-01-01".parse().unwrap(),
            language: "en".into(),
            answers: Answers::default(),
            questions: vec![],
            message: m.into(),
            attachments: vec![],
        };
        let a = to_padded_json(&mk("short")).unwrap();
        let b = to_padded_json(&mk("a bit longer message")).unwrap();
        assert_eq!(a.len(), b.len());
        let back: TipDocument = from_json(&a).unwrap();
        assert_eq!(back.message, "short");
    }
}

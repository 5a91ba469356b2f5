//! Reading the multipart forms of `POST /submit` and `POST /followup`, with every limit
//! enforced as bytes arrive.
//!
//! Field names are a contract (README, "Contracts"). Small fields are read into memory up to their
//! limit; attachments stream into [`Ingest`] and are never buffered. Problems a source can fix
//! (a field too long, a wrong choice) become per-field errors and the form comes back filled
//! in; problems with the request itself (broken multipart, unknown or duplicated fields, a
//! forged CSRF token, a stalled or oversized body) end the request with a 4xx. File names follow
//! the allow-list of [`crate::text::filename`] (see `names`).

use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use zeroize::Zeroizing;

mod attachment;
mod fields;
mod fuzz;
mod names;
pub mod orphan;
mod shared;

use attachment::Flow;
use fields::Reader;
pub use fuzz::fuzz_one;
use shared::Shared;

use super::csrf::Csrf;
use super::ingest::{Ingest, IngestError};
use super::pages::{FieldErrors, SubmitValues};
use crate::bundle::document::AttachmentMeta;
use crate::config::Limits;
use crate::locale::Tr;

/// Which form is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// The first submission: answers, message, files.
    Submit,
    /// A follow-up: message and files only.
    Followup,
}

/// A form that was read to the end (it may still have field errors).
pub struct ParsedForm {
    /// Values, for the document or to echo back.
    pub values: SubmitValues,
    /// Attachments stored (only when there are no errors).
    pub attachments: Vec<AttachmentMeta>,
    /// Field errors.
    pub errors: FieldErrors,
    /// Files were sent but not kept.
    pub files_dropped: bool,
    /// Status to answer with when there are errors (400, or 413 when too large).
    pub status: StatusCode,
    /// The form's CSRF token, spent once what it carried is stored.
    pub token: String,
}

/// Why a form could not be read at all.
#[derive(Debug)]
pub enum FormFailure {
    /// Answer with this status and a generic page.
    Status(StatusCode),
    /// Storing failed.
    Storage(IngestError),
}

impl From<IngestError> for FormFailure {
    fn from(e: IngestError) -> Self {
        FormFailure::Storage(e)
    }
}

use super::size_limits::{MAX_PARTS, PART_OVERHEAD};

/// Largest request body accepted for a form under `limits`.
pub fn max_body(limits: &Limits) -> u64 {
    limits.max_submission_bytes
        + 4 * limits.max_message_chars as u64
        + 4 * 4 * limits.max_field_chars as u64
        + MAX_PARTS as u64 * PART_OVERHEAD
}

fn multipart_status(e: &MultipartError) -> StatusCode {
    match e {
        MultipartError::Payload(PayloadError::Overflow) => StatusCode::PAYLOAD_TOO_LARGE,
        MultipartError::Payload(PayloadError::Io(io)) if io.kind() == std::io::ErrorKind::TimedOut => {
            StatusCode::REQUEST_TIMEOUT
        }
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// Reads one field into memory, keeping at most `max` bytes. Returns the bytes and whether
/// the field was longer.
async fn read_small(field: &mut Field, max: usize) -> Result<(Zeroizing<Vec<u8>>, bool), FormFailure> {
    let mut buf = Zeroizing::new(Vec::new());
    let mut overflow = false;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| FormFailure::Status(multipart_status(&e)))?;
        let room = max.saturating_sub(buf.len());
        if chunk.len() > room {
            overflow = true;
        }
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok((buf, overflow))
}

/// UTF-8 text of a field, or `None` when it is not UTF-8. Cuts a partial character at the end
/// of a truncated field instead of failing.
fn utf8(bytes: &[u8], truncated: bool) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_owned()),
        Err(e) if truncated && e.error_len().is_none() => {
            Some(String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned())
        }
        Err(_) => None,
    }
}

fn truncate_chars(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn has_bad_controls(s: &str, multiline: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// What a form read needs to know.
pub struct FormCtx<'a> {
    /// Which form.
    pub kind: FormKind,
    /// Size limits.
    pub limits: &'a Limits,
    /// CSRF checker.
    pub csrf: &'a Csrf,
    /// CSRF binding (the pre-session cookie's for anonymous forms, the session's for logged-in
    /// ones).
    pub binding: &'a [u8],
    /// Tokens already used: a repeat of a stored form is refused before its body is read on.
    pub spent: Option<&'a super::csrf::Spent>,
    /// Page language.
    pub tr: Tr,
    /// Upload bandwidth budget, if limited.
    pub upload: Option<&'a super::rate_limits::Limiters>,
    /// Whether `n` more bytes still fit in storage (quota and free-disk reserve).
    pub room: &'a (dyn Fn(u64) -> bool + 'a),
    /// The questions a first submission answers.
    pub questions: &'a crate::model::questions::Questionnaire,
    /// The request announced a body larger than any form may be: its small fields are read
    /// (bounded like every form) so that they come back, and the first file ends the read.
    pub oversized: bool,
}

/// Reads a whole form. See the module docs for what is an error and what is a failure.
pub async fn read_form<S>(
    headers: &HeaderMap,
    body: S,
    ctx: &FormCtx<'_>,
    ingest: &mut Ingest,
) -> Result<ParsedForm, FormFailure>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin + 'static,
{
    let body = Shared::new(body);
    let mut mp = Multipart::new(headers, body.clone());
    let mut r = Reader::new(ctx);
    let mut parts = 0usize;
    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|e| FormFailure::Status(multipart_status(&e)))?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
        }
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "csrf" => r.csrf(&mut field).await?,
            "message" => r.message(&mut field).await?,
            "website" if r.answers() => r.honeypot(&mut field).await?,
            id if r.answers() && ctx.questions.get(id).is_some() => {
                if let Some(q) = ctx.questions.get(id) {
                    r.question(q, &mut field).await?
                }
            }
            "words" if r.answers() => r.words(&mut field).await?,
            "attachment" => {
                if let Flow::Stop = r.attachment(&mut field, ingest).await? {
                    return Ok(r.parsed());
                }
            }
            _ => return Err(FormFailure::Status(StatusCode::BAD_REQUEST)),
        }
    }
    drop(mp);
    if ctx.oversized {
        // No file, yet more was announced than a form may hold: the rest is not waited for.
        return if r.csrf_ok {
            Ok(r.stop_too_large())
        } else {
            Err(FormFailure::Status(StatusCode::PAYLOAD_TOO_LARGE))
        };
    }
    // The closing boundary is not the end of the request: whatever the body still holds must
    // arrive in full (a connection that ends before its announced length is no submission).
    let mut body = body;
    while let Some(chunk) = body.next().await {
        if let Err(e) = chunk {
            return Err(FormFailure::Status(multipart_status(&MultipartError::Payload(e))));
        }
    }
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_truncation() {
        let s = "héllo".as_bytes();
        assert_eq!(utf8(&s[..2], true).unwrap(), "h");
        assert!(utf8(&s[..2], false).is_none());
        assert!(utf8(b"\xff\xfe", false).is_none());
    }
}

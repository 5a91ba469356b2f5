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

mod fuzz;
mod names;
pub mod orphan;
mod shared;

pub use fuzz::fuzz_one;
use shared::Shared;

use super::csrf::Csrf;
use super::i18n::Tr;
use super::ingest::{Ingest, IngestError};
use super::pages::{FieldErrors, INCIDENTS, ROLES, SubmitValues, human_size};
use crate::bundle::document::AttachmentMeta;
use crate::config::Limits;
use crate::model::countries::is_country;
use crate::store::PartRole;

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

use super::size_limits::{MAX_CHOICE, MAX_CONTENT_TYPE, MAX_CSRF, MAX_PARTS, PART_OVERHEAD};

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
    let (kind, limits, csrf, binding, tr) = (ctx.kind, ctx.limits, ctx.csrf, ctx.binding, ctx.tr);
    let body = Shared::new(body);
    let mut mp = Multipart::new(headers, body.clone());
    let mut v = SubmitValues::default();
    let mut errors = FieldErrors::default();
    let mut attachments = Vec::new();
    let mut files_dropped = false;
    let mut status = StatusCode::BAD_REQUEST;
    let mut csrf_ok = false;
    let mut token_text = String::new();
    let mut seen: Vec<&'static str> = Vec::new();
    let mut honeypot = false;
    let mut total: u64 = 0;
    let mut parts = 0usize;
    let message_max_bytes = 4 * limits.max_message_chars;
    let field_max_bytes = 4 * limits.max_field_chars;

    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|e| FormFailure::Status(multipart_status(&e)))?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
        }
        let name = field.name().unwrap_or("").to_owned();
        // A field may appear once unless the contract makes it repeatable.
        let once = |n: &'static str, seen: &mut Vec<&'static str>| {
            if seen.contains(&n) {
                Err(FormFailure::Status(StatusCode::BAD_REQUEST))
            } else {
                seen.push(n);
                Ok(())
            }
        };
        let answers = kind == FormKind::Submit;
        match name.as_str() {
            "csrf" => {
                once("csrf", &mut seen)?;
                let (raw, over) = read_small(&mut field, MAX_CSRF).await?;
                let token = std::str::from_utf8(&raw).unwrap_or("");
                if over || !csrf.verify(token, binding) {
                    return Err(FormFailure::Status(StatusCode::FORBIDDEN));
                }
                if ctx.spent.is_some_and(|s| s.is_spent(token)) {
                    return Err(FormFailure::Status(StatusCode::CONFLICT));
                }
                token_text = token.to_owned();
                csrf_ok = true;
            }
            "message" => {
                once("message", &mut seen)?;
                let (raw, over) = read_small(&mut field, message_max_bytes).await?;
                match utf8(&raw, over) {
                    Some(s) => {
                        let s = s.replace("\r\n", "\n");
                        if over || s.chars().count() > limits.max_message_chars {
                            errors.add("message", tr.t1("err-too-long", "max", limits.max_message_chars));
                        }
                        if has_bad_controls(&s, true) {
                            errors.add("message", tr.t("err-text"));
                        }
                        v.message = truncate_chars(&s, limits.max_message_chars);
                    }
                    None => errors.add("message", tr.t("err-text")),
                }
            }
            "country" | "city" | "when" | "website" if answers => {
                let key: &'static str = match name.as_str() {
                    "country" => "country",
                    "city" => "city",
                    "when" => "when",
                    _ => "website",
                };
                once(key, &mut seen)?;
                let (raw, over) = read_small(&mut field, field_max_bytes).await?;
                let Some(s) = utf8(&raw, over) else {
                    errors.add(key, tr.t("err-text"));
                    continue;
                };
                let s = s.trim().to_owned();
                match key {
                    "country" => {
                        if !s.is_empty() && !is_country(&s) {
                            errors.add("country", tr.t("err-country"));
                        }
                        v.country = truncate_chars(&s, 2);
                    }
                    "website" => honeypot = !s.is_empty(),
                    _ => {
                        if over || s.chars().count() > limits.max_field_chars {
                            errors.add(key, tr.t1("err-too-long", "max", limits.max_field_chars));
                        }
                        if has_bad_controls(&s, false) {
                            errors.add(key, tr.t("err-text"));
                        }
                        let s = truncate_chars(&s, limits.max_field_chars);
                        if key == "city" { v.city = s } else { v.when = s }
                    }
                }
            }
            "role" if answers => {
                once("role", &mut seen)?;
                let (raw, _) = read_small(&mut field, MAX_CHOICE).await?;
                let s = String::from_utf8_lossy(&raw).trim().to_owned();
                if !s.is_empty() && !ROLES.contains(&s.as_str()) {
                    errors.add("role", tr.t("err-invalid"));
                } else {
                    v.role = s;
                }
            }
            "incident" if answers => {
                let (raw, _) = read_small(&mut field, MAX_CHOICE).await?;
                let s = String::from_utf8_lossy(&raw).trim().to_owned();
                if !INCIDENTS.contains(&s.as_str()) {
                    errors.add("incident", tr.t("err-invalid"));
                } else if !v.incidents.contains(&s) {
                    if v.incidents.len() >= INCIDENTS.len() {
                        return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
                    }
                    v.incidents.push(s);
                }
            }
            "contact_ok" if answers => {
                once("contact_ok", &mut seen)?;
                let (raw, _) = read_small(&mut field, MAX_CHOICE).await?;
                match String::from_utf8_lossy(&raw).trim() {
                    "yes" | "on" | "true" | "1" => v.contact_ok = true,
                    "" | "no" | "off" | "false" | "0" => v.contact_ok = false,
                    _ => errors.add("contact_ok", tr.t("err-invalid")),
                }
            }
            "attachment" => {
                if !csrf_ok {
                    // The form sends its token first; a file before it is not from our form.
                    return Err(FormFailure::Status(StatusCode::FORBIDDEN));
                }
                let filename =
                    field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_owned);
                let content_type = field
                    .content_type()
                    .map(|m| m.essence_str().to_owned())
                    .unwrap_or_else(|| "application/octet-stream".into());
                let content_type = truncate_chars(&content_type, MAX_CONTENT_TYPE);
                let Some(filename) = filename else {
                    // A file input must carry a filename parameter.
                    return Err(FormFailure::Status(StatusCode::BAD_REQUEST));
                };
                let first = match field.next().await {
                    None => None,
                    Some(c) => Some(c.map_err(|e| FormFailure::Status(multipart_status(&e)))?),
                };
                let Some(first) = first else {
                    // An empty file input (no file chosen) sends an empty part: skip it, but
                    // a chosen file that is empty is a mistake worth telling.
                    if !filename.is_empty() {
                        errors.add("attachment", tr.t("err-empty-file"));
                    }
                    continue;
                };
                let name_ok = match names::check(&filename, limits.max_filename_chars, tr) {
                    Ok(n) => Some(n),
                    Err(message) => {
                        errors.append("attachment", message);
                        None
                    }
                };
                if attachments.len() >= limits.max_files {
                    errors.add("attachment", tr.t1("err-too-many-files", "max", limits.max_files));
                }
                let store = !errors.any();
                let part = if store { Some(ingest.begin_part(PartRole::Attachment).await?) } else { None };
                let mut size = 0u64;
                let mut chunk = Some(first);
                loop {
                    let Some(c) = chunk.take() else { break };
                    size += c.len() as u64;
                    if total + size > limits.max_submission_bytes {
                        errors.add(
                            "attachment",
                            tr.t1("err-too-large", "max", human_size(limits.max_submission_bytes)),
                        );
                        status = StatusCode::PAYLOAD_TOO_LARGE;
                        files_dropped = true;
                        // Stop reading: the body would only grow. What was read is echoed.
                        return Ok(ParsedForm {
                            values: v,
                            attachments,
                            errors,
                            files_dropped,
                            status,
                            token: token_text,
                        });
                    }
                    if part.is_some() && !errors.any() {
                        if !(ctx.room)(c.len() as u64) {
                            return Err(FormFailure::Status(StatusCode::INSUFFICIENT_STORAGE));
                        }
                        if let Some(l) = ctx.upload {
                            l.upload(c.len()).await;
                        }
                        ingest.data(c).await?;
                    }
                    chunk = match field.next().await {
                        None => None,
                        Some(c) => Some(c.map_err(|e| FormFailure::Status(multipart_status(&e)))?),
                    };
                }
                total += size;
                if let Some(id) = part {
                    ingest.end_part().await?;
                    attachments.push(AttachmentMeta {
                        part: id,
                        name: name_ok.unwrap_or_default(),
                        content_type,
                        size,
                    });
                }
                files_dropped = true;
            }
            _ => return Err(FormFailure::Status(StatusCode::BAD_REQUEST)),
        }
    }
    drop(mp);
    // The closing boundary is not the end of the request: whatever the body still holds must
    // arrive in full (a connection that ends before its announced length is no submission).
    let mut body = body;
    while let Some(chunk) = body.next().await {
        if let Err(e) = chunk {
            return Err(FormFailure::Status(multipart_status(&MultipartError::Payload(e))));
        }
    }
    if !csrf_ok {
        return Err(FormFailure::Status(StatusCode::FORBIDDEN));
    }
    if honeypot {
        errors.add("website", tr.t("err-honeypot"));
        errors.add("form", tr.t("err-honeypot"));
    }
    total += v.message.len() as u64;
    if total > limits.max_submission_bytes {
        errors.add("message", tr.t1("err-too-large", "max", human_size(limits.max_submission_bytes)));
        status = StatusCode::PAYLOAD_TOO_LARGE;
    }
    if v.message.trim().is_empty() && attachments.is_empty() && !errors.has("attachment") {
        errors.add("message", tr.t("err-required"));
    }
    if !errors.any() {
        files_dropped = false;
    }
    Ok(ParsedForm { values: v, attachments, errors, files_dropped, status, token: token_text })
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

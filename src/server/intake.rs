//! The intake pipeline shared by `POST /submit` and `POST /followup`: from a request body to
//! durable ciphertext parts, before anything is committed.
//!
//! 1. cheap checks first (content type, announced size, rate limits, storage room), so that
//!    refusing costs nothing;
//! 2. the form is read by [`crate::server::form`] while attachments stream through
//!    [`crate::server::ingest`] into age and their part files;
//! 3. the document (answers, message, attachment manifest) is encrypted and every part made
//!    durable ([`seal_document`]).
//!
//! On any failure everything written so far is deleted; the caller commits the records.

use actix_web::{HttpRequest, web};

use super::errors::Failure;
use super::form::{self, FormFailure, FormKind, ParsedForm};
use super::i18n::Tr;
use super::ingest::{Ingest, IngestError, WrittenPart};
use super::limits::{Action, RetryAfter};
use super::request::{announced_len, announced_too_large, conn_info, drain, is_form_data};
use super::state::State;
use crate::bundle::document::{self, Answers, TIP_FORMAT, TipDocument, VERSION};
use crate::store::{ItemKind, StoreError, today};

/// Maps a storage failure while receiving onto a page.
pub fn ingest_failure(e: &IngestError) -> Failure {
    match e {
        IngestError::Storage(_) => Failure::Full,
        IngestError::Stopped | IngestError::Misuse(_) => Failure::Internal("ingest"),
    }
}

/// What reading a form gave.
pub enum Received {
    /// A valid form; its attachments are in the ingest, waiting for the document.
    Ok(ParsedForm, Ingest),
    /// Field errors to show with the form (nothing kept).
    Invalid(ParsedForm),
    /// The request itself failed (nothing kept).
    Failed(Failure),
}

/// Reads a form into a fresh [`Ingest`]; on any failure everything written is deleted.
pub async fn receive(
    req: &HttpRequest,
    payload: web::Payload,
    state: &State,
    kind: FormKind,
    binding: &[u8],
    tr: Tr,
) -> Received {
    let limits = &state.cfg.limits;
    let max = form::max_body(limits);
    if announced_too_large(req, max) {
        return Received::Failed(Failure::TooLarge);
    }
    if !is_form_data(req) {
        drain(payload).await;
        return Received::Failed(Failure::UnsupportedMediaType);
    }
    let session: Option<[u8; 32]> = binding.try_into().ok();
    let action = if kind == FormKind::Submit { Action::Submit } else { Action::Followup };
    if let Err(RetryAfter(secs)) = state.limits.check(action, conn_info(req).circuit, session.as_ref()) {
        return Received::Failed(Failure::TooMany(secs));
    }
    if !state.storage_room(announced_len(req).unwrap_or(0)) {
        return Received::Failed(Failure::Full);
    }
    let body = form::BodyGuard::new(
        payload,
        max,
        std::time::Duration::from_secs(state.cfg.http.body_idle_timeout_secs),
    );
    let mut ingest = Ingest::start(state.store.blobs().clone(), state.recipients.clone());
    let room = |n: u64| state.storage_room(n);
    let ctx = form::FormCtx {
        kind,
        limits,
        csrf: &state.csrf,
        binding,
        tr,
        upload: Some(&state.limits),
        room: &room,
    };
    let res = form::read_form(req.headers(), body, &ctx, &mut ingest).await;
    if let (Some(s), Ok(p)) = (session.as_ref(), res.as_ref())
        && p.errors.any()
    {
        let _ = state.limits.session_action(s);
    }
    match res {
        Ok(parsed) if parsed.errors.any() => {
            ingest.abort().await;
            Received::Invalid(parsed)
        }
        Ok(parsed) => Received::Ok(parsed, ingest),
        Err(FormFailure::Status(s)) => {
            ingest.abort().await;
            Received::Failed(Failure::from_status(s))
        }
        Err(FormFailure::Storage(e)) => {
            ingest.abort().await;
            Received::Failed(ingest_failure(&e))
        }
    }
}

/// Writes the document part and waits for every part to be durable.
pub async fn seal_document(
    mut ingest: Ingest,
    kind: ItemKind,
    tr: Tr,
    parsed: ParsedForm,
) -> Result<Vec<WrittenPart>, Failure> {
    let v = parsed.values;
    let doc = TipDocument {
        format: TIP_FORMAT.into(),
        version: VERSION,
        kind: if kind == ItemKind::Tip { "tip".into() } else { "followup".into() },
        day: today(),
        language: tr.tag().into(),
        answers: Answers {
            country: v.country,
            city: v.city,
            when: v.when,
            role: v.role,
            incidents: v.incidents,
            contact_ok: v.contact_ok,
        },
        message: v.message,
        attachments: parsed.attachments,
    };
    let bytes = match document::to_padded_json(&doc) {
        Ok(b) => b,
        Err(_) => {
            ingest.abort().await;
            return Err(Failure::Internal("document encoding"));
        }
    };
    drop(doc);
    if let Err(e) = ingest.document(bytes).await {
        ingest.abort().await;
        return Err(ingest_failure(&e));
    }
    let mut parts = ingest.finish().await.map_err(|e| ingest_failure(&e))?;
    // The document goes first in the record; attachments follow in the order sent.
    if let Some(pos) = parts.iter().position(|p| p.part.role == crate::store::PartRole::Document) {
        let d = parts.remove(pos);
        parts.insert(0, d);
    }
    Ok(parts)
}

/// Maps store errors onto pages.
pub fn store_failure(e: &StoreError) -> Failure {
    match e {
        StoreError::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => Failure::Full,
        StoreError::Durability(_) => Failure::Internal("durability"),
        _ => Failure::Internal("store"),
    }
}

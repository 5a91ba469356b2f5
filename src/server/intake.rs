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

use super::body::{BodyGuard, BodyPolicy};
use super::errors::Failure;
use super::form::{self, FormFailure, FormKind, ParsedForm};
use super::ingest::{Ingest, IngestError, WrittenPart};
use super::rate_limits::{Action, RetryAfter};
use super::request::{announced_len, announced_too_large, conn_info, drain, form_binding, is_form_data};
use super::slots::{Kind as SlotKind, Slot};
use super::state::State;
use crate::bundle::document::{self, TIP_FORMAT, TIP_VERSION, TipDocument};
use crate::locale::Tr;
use crate::model::questions::QuestionRecord;
use crate::store::{Commit, ItemId, ItemKind, ItemRecord, Op, SourceId, StoreError, today};

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

/// An upload that passed the cheap checks and holds its slot.
pub struct Admitted {
    /// The upload slot (its progress feeds the body guard).
    pub slot: Slot,
    session: Option<[u8; 32]>,
    /// It announced more than a form may hold: only its small fields will be read, to give
    /// them back with the limit (see `FormCtx::oversized`).
    oversized: bool,
}

/// The checks that cost nothing, before a byte of the body is read: rate limits (circuit,
/// session, instance), storage room, and a fair upload slot. A body announced larger than a
/// form may be is still admitted, to read back what the source wrote (a bounded read that
/// stops at the first file), so that the limit is told beside a form that keeps the words.
pub fn admit(
    req: &HttpRequest,
    state: &State,
    kind: FormKind,
    session: Option<[u8; 32]>,
) -> Result<Admitted, Failure> {
    let oversized = announced_too_large(req, form::max_body(&state.cfg.limits));
    let circuit = conn_info(req).circuit;
    let action = if kind == FormKind::Submit { Action::Submit } else { Action::Followup };
    state
        .limits
        .check(action, circuit, session.as_ref())
        .map_err(|RetryAfter(secs)| Failure::TooMany(secs))?;
    let needs = if oversized { 0 } else { announced_len(req).unwrap_or(0) };
    if !state.storage_room(needs) {
        return Err(Failure::Full);
    }
    let slot_kind = if kind == FormKind::Submit { SlotKind::Submission } else { SlotKind::Followup };
    let slot = state.slots.acquire(slot_kind, circuit, session).map_err(|_| Failure::Busy)?;
    Ok(Admitted { slot, session, oversized })
}

/// An admitted request's body, if it is a form, under the body guard (size, idle time,
/// average rate, the upload slot's progress). An oversized body is guarded by the same limit:
/// its read ends at the first file anyway.
pub async fn form_body(
    req: &HttpRequest,
    payload: web::Payload,
    state: &State,
    admitted: &Admitted,
) -> Result<BodyGuard<web::Payload>, Failure> {
    if !is_form_data(req) {
        drain(payload).await;
        return Err(Failure::UnsupportedMediaType);
    }
    let policy = BodyPolicy::from_config(&state.cfg.http);
    let progress = Some(admitted.slot.progress.clone());
    Ok(BodyGuard::new(payload, form::max_body(&state.cfg.limits), announced_len(req), policy, progress))
}

/// Reads a form into a fresh [`Ingest`] under the body guard; on any failure everything
/// written is deleted.
pub async fn receive(
    req: &HttpRequest,
    payload: web::Payload,
    state: &State,
    admitted: &Admitted,
    kind: FormKind,
    tr: Tr,
) -> Received {
    let body = match form_body(req, payload, state, admitted).await {
        Ok(b) => b,
        Err(f) => return Received::Failed(f),
    };
    let limits = &state.cfg.limits;
    let mut ingest = Ingest::start(state.store.blobs().clone(), state.recipients.clone());
    let room = |n: u64| state.storage_room(n);
    // A new tip's form is bound to the browser's pre-session cookie; without one, to a value
    // no token is ever issued for (bindings are 32 bytes), so the token check fails.
    let anon = form_binding(req, state.secure_cookies);
    let binding: &[u8] = match (&admitted.session, &anon) {
        (Some(s), _) => &s[..],
        (None, Some(a)) => &a[..],
        (None, None) => b"none",
    };
    let ctx = form::FormCtx {
        kind,
        limits,
        csrf: &state.csrf,
        binding,
        spent: Some(&state.spent),
        tr,
        upload: Some(&state.limits),
        room: &room,
        questions: &state.questions,
        oversized: admitted.oversized,
    };
    let res = form::read_form(req.headers(), body, &ctx, &mut ingest).await;
    if let (Some(s), Ok(p)) = (admitted.session.as_ref(), res.as_ref())
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
            // A body announced too large that is also broken is refused for its size: that is
            // the answer it would have had before a byte was read.
            let too_large = admitted.oversized && s == actix_web::http::StatusCode::BAD_REQUEST;
            Received::Failed(if too_large { Failure::TooLarge } else { Failure::from_status(s) })
        }
        Err(FormFailure::Storage(e)) => {
            ingest.abort().await;
            Received::Failed(ingest_failure(&e))
        }
    }
}

/// Writes the document part and waits for every part to be durable. A tip's document
/// records the questions it answers (`questions`; empty for a follow-up).
pub async fn seal_document(
    mut ingest: Ingest,
    kind: ItemKind,
    tr: Tr,
    parsed: ParsedForm,
    questions: &[QuestionRecord],
) -> Result<Vec<WrittenPart>, Failure> {
    let v = parsed.values;
    let tip = kind == ItemKind::Tip;
    let doc = TipDocument {
        format: TIP_FORMAT.into(),
        version: TIP_VERSION,
        kind: if tip { "tip".into() } else { "followup".into() },
        day: today(),
        language: tr.tag().into(),
        answers: v.answers,
        questions: if tip { questions.to_vec() } else { Vec::new() },
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

/// Commits sealed follow-up `parts` to `source`'s thread durably; on failure the parts are
/// discarded.
pub async fn commit_followup(state: &State, source: SourceId, parts: &[WrittenPart]) -> Result<(), Failure> {
    let item = ItemRecord {
        id: ItemId::random().map_err(|_| Failure::Internal("rng"))?,
        kind: ItemKind::Followup,
        source,
        day: crate::store::today(),
        parts: parts.iter().map(|p| p.part.clone()).collect(),
        acked: false,
        acked_by: Default::default(),
        signature: None,
    };
    let committed = state
        .blocking(move |s| s.commit(Commit { ops: vec![Op::PutItem(item)] }))
        .await
        .and_then(|r| r.map_err(|e| store_failure(&e)));
    if committed.is_err() {
        discard(state, parts);
    }
    committed
}

/// Stores `message` as a follow-up in `source`'s thread: the text a follow-up form carried
/// when its session had ended, sent with the login that followed (see `routes::resume`).
pub async fn send_pending(state: &State, source: SourceId, message: String, tr: Tr) -> Result<(), Failure> {
    let parsed = ParsedForm {
        values: crate::server::pages::SubmitValues { message, ..Default::default() },
        attachments: Vec::new(),
        errors: Default::default(),
        files_dropped: false,
        status: actix_web::http::StatusCode::OK,
        token: String::new(),
    };
    let ingest = Ingest::start(state.store.blobs().clone(), state.recipients.clone());
    let parts = seal_document(ingest, ItemKind::Followup, tr, parsed, &[]).await?;
    commit_followup(state, source, &parts).await
}

/// Deletes durable parts whose records will not be committed (the commit failed).
pub fn discard(state: &State, parts: &[WrittenPart]) {
    for p in parts {
        let _ = state.store.blobs().remove(&p.part.id);
    }
}

/// Maps store errors onto pages.
pub fn store_failure(e: &StoreError) -> Failure {
    match e {
        StoreError::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => Failure::Full,
        StoreError::Durability(_) => Failure::Internal("durability"),
        _ => Failure::Internal("store"),
    }
}

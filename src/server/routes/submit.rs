//! `GET /submit` and `POST /submit`: the form, and a new source's first tip.
//!
//! Order of work for a submission: read and validate the form while attachments stream into
//! age and their part files; write the encrypted document; draw a codename and derive the
//! source's keys in the argon2 pool; commit source and item atomically and durably; only then
//! show the codename.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{State, tr_for};
use crate::bundle::document::{self, Answers, TIP_FORMAT, TipDocument, VERSION};
use crate::crypto::codename::{Codename, WordList};
use crate::server::errors::{Failure, page};
use crate::server::form::{self, FormFailure, FormKind, ParsedForm};
use crate::server::i18n::Tr;
use crate::server::ingest::{Ingest, IngestError, WrittenPart};
use crate::server::kdf_pool::PoolError;
use crate::server::limits::{Action, RetryAfter};
use crate::server::pages::{FieldErrors, PageCtx, SubmitPage, SubmitValues, SubmittedPage, html};
use crate::store::{Commit, ItemId, ItemKind, ItemRecord, Op, SourceId, SourceRecord, StoreError, today};

/// Attempts at drawing a codename whose lookup id is new (a clash is astronomically unlikely).
const CODENAME_ATTEMPTS: usize = 3;

fn form_page(
    state: &State,
    tr: Tr,
    status: StatusCode,
    values: SubmitValues,
    errors: FieldErrors,
    dropped: bool,
) -> HttpResponse {
    let p = PageCtx::new(tr, &state.cfg.organisation, "/submit", "submit-title");
    let csrf = state.csrf.issue(b"");
    html(status, &SubmitPage::new(p, csrf, &state.cfg.limits, values, errors, dropped))
}

/// `GET /submit`.
pub async fn form(req: HttpRequest, state: State) -> HttpResponse {
    form_page(&state, tr_for(&req), StatusCode::OK, SubmitValues::default(), FieldErrors::default(), false)
}

/// Maps a storage failure while receiving onto a page.
pub(crate) fn ingest_failure(e: &IngestError) -> Failure {
    match e {
        IngestError::Storage(_) => Failure::Full,
        IngestError::Stopped | IngestError::Misuse(_) => Failure::Internal("ingest"),
    }
}

/// The announced `Content-Length`, if any.
pub(crate) fn announced_len(req: &HttpRequest) -> Option<u64> {
    req.headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// Whether the request says `multipart/form-data` (other `multipart/*` types are refused).
fn is_form_data(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// Reads and drops up to 1 MiB of a body we refuse, so that the refusal can be written even
/// when the body's framing is broken (otherwise the connection would end without an answer).
pub(crate) async fn drain(mut payload: web::Payload) {
    use futures_util::StreamExt;
    let mut seen = 0usize;
    let deadline = tokio::time::sleep(std::time::Duration::from_secs(5));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            _ = &mut deadline => break,
            chunk = payload.next() => match chunk {
                Some(Ok(b)) => {
                    seen += b.len();
                    if seen > 1024 * 1024 {
                        break;
                    }
                }
                _ => break,
            },
        }
    }
}

/// Announced bodies over the limit are refused before a byte is read.
pub(crate) fn announced_too_large(req: &HttpRequest, limit: u64) -> bool {
    announced_len(req).is_some_and(|n| n > limit)
}

/// What reading a form gave.
pub(crate) enum Received {
    /// A valid form; its attachments are in the ingest, waiting for the document.
    Ok(ParsedForm, Ingest),
    /// Field errors to show with the form (nothing kept).
    Invalid(ParsedForm),
    /// The request itself failed (nothing kept).
    Failed(Failure),
}

/// Reads a form into a fresh [`Ingest`]; on any failure everything written is deleted.
pub(crate) async fn receive(
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
    if let Err(RetryAfter(secs)) = state.limits.check(action, super::conn_info(req).circuit, session.as_ref())
    {
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
        let _ = state.limits.session_failure(s);
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
pub(crate) async fn seal_document(
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

/// `POST /submit`.
pub async fn submit(req: HttpRequest, payload: web::Payload, state: State) -> HttpResponse {
    let tr = tr_for(&req);
    let org = state.cfg.organisation.clone();
    let Ok(_slot) = state.uploads.try_acquire() else {
        return page(tr, &org, Failure::Busy);
    };
    let (parsed, ingest) = match receive(&req, payload, &state, FormKind::Submit, b"", tr).await {
        Received::Ok(p, i) => (p, i),
        Received::Invalid(p) => return form_page(&state, tr, p.status, p.values, p.errors, p.files_dropped),
        Received::Failed(f) => return page(tr, &org, f),
    };
    let blobs = state.store.blobs().clone();
    let parts = match seal_document(ingest, ItemKind::Tip, tr, parsed).await {
        Ok(p) => p,
        Err(f) => return page(tr, &org, f),
    };
    let discard = |parts: &[WrittenPart]| {
        for p in parts {
            let _ = blobs.remove(&p.part.id);
        }
    };
    match create_source(&state, &parts, tr).await {
        Ok((codename, list)) => {
            let p = PageCtx::new(tr, &org, "/submit", "success-title");
            let list_tag = match list {
                WordList::ChineseSimplified => "zh-Hans",
                WordList::ChineseTraditional => "zh-Hant",
                WordList::Spanish => "es",
                WordList::French => "fr",
                WordList::Italian => "it",
                WordList::Portuguese => "pt",
                WordList::Czech => "cs",
                WordList::English => "en",
            };
            let onion = state.cfg.source.onion_address.clone();
            html(
                StatusCode::OK,
                &SubmittedPage { p, codename: codename.to_string(), codename_lang: list_tag, onion },
            )
        }
        Err(f) => {
            discard(&parts);
            page(tr, &org, f)
        }
    }
}

/// Draws a codename, derives the source's keys and commits source + tip durably.
async fn create_source(
    state: &State,
    parts: &[WrittenPart],
    tr: Tr,
) -> Result<(zeroize::Zeroizing<String>, WordList), Failure> {
    let list = WordList::for_language(tr.tag());
    for _ in 0..CODENAME_ATTEMPTS {
        let codename = Codename::generate().map_err(|_| Failure::Internal("rng"))?;
        let words = codename.render(list);
        let keys = match state.kdf.derive(vec![codename]).await {
            Ok(mut k) => k.pop().ok_or(Failure::Internal("kdf"))?,
            Err(PoolError::Busy) => return Err(Failure::Busy),
            Err(PoolError::Failed(_)) => return Err(Failure::Internal("kdf")),
        };
        let day = today();
        let source = SourceRecord {
            id: SourceId::random().map_err(|_| Failure::Internal("rng"))?,
            recipient: keys.recipient().to_string(),
            created: day.clone(),
        };
        let item = ItemRecord {
            id: ItemId::random().map_err(|_| Failure::Internal("rng"))?,
            kind: ItemKind::Tip,
            source: source.id,
            day,
            parts: parts.iter().map(|p| p.part.clone()).collect(),
            acked: false,
            read_day: None,
        };
        let commit = Commit {
            ops: vec![Op::NewSource { lookup: keys.lookup_id(), record: source }, Op::PutItem(item)],
        };
        match state.blocking(move |s| s.commit(commit)).await? {
            Ok(()) => return Ok((words, list)),
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(store_failure(&e)),
        }
    }
    Err(Failure::Internal("codename clash"))
}

/// Maps store errors onto pages.
pub(crate) fn store_failure(e: &StoreError) -> Failure {
    match e {
        StoreError::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => Failure::Full,
        StoreError::Durability(_) => Failure::Internal("durability"),
        _ => Failure::Internal("store"),
    }
}

//! `GET /submit` and `POST /submit`: the form, and a new source's first tip.
//!
//! Order of work for a submission: read and validate the form while attachments stream into
//! age and their part files ([`crate::server::intake`]); write the encrypted document; draw a
//! codename and derive the source's keys in the argon2 pool; commit source and item atomically
//! and durably; only then show the codename.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::State;
use crate::crypto::codename::{Codename, WordList};
use crate::locale::Tr;
use crate::server::errors::Failure;
use crate::server::form::FormKind;
use crate::server::ingest::WrittenPart;
use crate::server::intake::{Received, admit, discard, receive, seal_document, store_failure};
use crate::server::kdf_pool::Reservation;
use crate::server::pages::{FieldErrors, PageCtx, SubmitPage, SubmitValues, SubmittedPage, html};
use crate::server::request::{AnonForm, tr_for};
use crate::store::{Commit, ItemId, ItemKind, ItemRecord, Op, SourceId, SourceRecord, StoreError, today};

/// Attempts at drawing a codename whose lookup id is new (a clash is astronomically unlikely).
const CODENAME_ATTEMPTS: usize = 3;

fn form_page(
    req: &HttpRequest,
    state: &State,
    tr: Tr,
    status: StatusCode,
    values: SubmitValues,
    errors: FieldErrors,
    dropped: bool,
) -> Result<HttpResponse, Failure> {
    let p = PageCtx::new(tr, &state.cfg.organisation, "/submit", "submit-title");
    let anon = AnonForm::for_request(req, state.secure_cookies).map_err(|_| Failure::Internal("rng"))?;
    let csrf = state.csrf.issue(&anon.binding);
    let page = SubmitPage::new(p, csrf, &state.cfg.limits, &state.questions, values, errors, dropped);
    Ok(anon.set_on(html(status, &page)))
}

/// `GET /submit`.
pub async fn form(req: HttpRequest, state: State) -> Result<HttpResponse, Failure> {
    form_page(
        &req,
        &state,
        tr_for(&req),
        StatusCode::OK,
        SubmitValues::default(),
        FieldErrors::default(),
        false,
    )
}

/// `POST /submit`.
pub async fn submit(req: HttpRequest, payload: web::Payload, state: State) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    let admitted = admit(&req, &state, FormKind::Submit, None)?;
    // The source's derivation is reserved before the body is read: a finished upload is never
    // refused for load, and a full instance says so before the upload starts.
    let kdf = state.kdf.reserve().map_err(|_| Failure::Busy)?;
    let (parsed, ingest) = match receive(&req, payload, &state, &admitted, FormKind::Submit, tr).await {
        Received::Ok(p, i) => (p, i),
        Received::Invalid(p) => {
            return form_page(&req, &state, tr, p.status, p.values, p.errors, p.files_dropped);
        }
        Received::Failed(f) => return Err(f),
    };
    let token = parsed.token.clone();
    let list = WordList::chosen(&parsed.values.words, tr.tag());
    let parts = seal_document(ingest, ItemKind::Tip, tr, parsed, &state.question_records).await?;
    if !state.spent.spend(&token) {
        // A repeat that raced the first past the token check: the first one is stored.
        discard(&state, &parts);
        return Err(Failure::AlreadyReceived);
    }
    match create_source(&state, &kdf, &parts, list).await {
        Ok((codename, list)) => {
            // Language links lead to the start page, in a new tab: this one must stay open.
            let p = PageCtx::new(tr, &state.cfg.organisation, "/", "success-title").keeping_open();
            let onion = state.cfg.source.onion_address.clone();
            Ok(html(
                StatusCode::OK,
                &SubmittedPage { p, codename: codename.to_string(), codename_lang: list.tag(), onion },
            ))
        }
        Err(f) => {
            discard(&state, &parts);
            state.spent.unspend(&token);
            Err(f)
        }
    }
}

/// Draws a codename, derives the source's keys and commits source + tip durably.
async fn create_source(
    state: &State,
    kdf: &Reservation,
    parts: &[WrittenPart],
    list: WordList,
) -> Result<(zeroize::Zeroizing<String>, WordList), Failure> {
    for _ in 0..CODENAME_ATTEMPTS {
        let codename = Codename::generate().map_err(|_| Failure::Internal("rng"))?;
        let words = codename.render(list);
        let keys = kdf.derive(codename).await.map_err(|_| Failure::Internal("kdf"))?;
        let day = today();
        let source = SourceRecord {
            id: SourceId::random().map_err(|_| Failure::Internal("rng"))?,
            recipient: keys.recipient().to_string(),
            empty_since: None,
        };
        let item = ItemRecord {
            id: ItemId::random().map_err(|_| Failure::Internal("rng"))?,
            kind: ItemKind::Tip,
            source: source.id,
            day,
            parts: parts.iter().map(|p| p.part.clone()).collect(),
            acked: false,
            acked_by: Default::default(),
            signature: None,
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

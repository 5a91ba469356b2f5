//! A logged-in source: `GET /inbox` (replies, decrypted in memory) and `POST /followup`.
//!
//! A reply is shown only when its signature verifies, now, against a keyholder signing key in
//! this server's config: a reply pushed with a stolen token, restored from a tampered backup or
//! signed by a keyholder since removed never reaches the source.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use zeroize::Zeroizing;

use super::State;
use super::auth::SourceSession;
use crate::bundle::document::{self, ReplyDocument};
use crate::bundle::signing::{reply_statement, sha256};
use crate::crypto::sign::PublicKey;
use crate::crypto::{kdf, seal};
use crate::locale::Tr;
use crate::server::errors::Failure;
use crate::server::form::FormKind;
use crate::server::intake::{
    Received, admit, commit_followup, discard, receive, seal_document, store_failure,
};
use crate::server::pages::{FieldErrors, InboxPage, PageCtx, ReplyView, files_hint, html};
use crate::server::request::{see_other, tr_for};
use crate::store::{ItemKind, ItemRecord, SourceId, Store, StoreError};

use crate::server::size_limits::MAX_REPLY_BYTES;

/// What a returned follow-up form shows again.
#[derive(Default)]
struct Echo {
    errors: FieldErrors,
    message: String,
    files_dropped: bool,
}

/// `GET /inbox`.
pub async fn inbox(req: HttpRequest, state: State, session: SourceSession) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    let notice = session.notice.map(|k| tr.t(k));
    inbox_page(&state, tr, &session, notice, Echo::default(), StatusCode::OK).await
}

async fn inbox_page(
    state: &State,
    tr: Tr,
    session: &SourceSession,
    notice: Option<String>,
    echo: Echo,
    status: StatusCode,
) -> Result<HttpResponse, Failure> {
    let (source, seed) = (session.source, session.seed.clone());
    let origin = state.origin.clone();
    let signers: Vec<PublicKey> = state.signers.iter().map(|(_, k)| *k).collect();
    let replies = state
        .blocking(move |s| read_replies(s, source, &seed, &origin, &signers))
        .await?
        .map_err(|e| store_failure(&e))?;
    let limits = state.cfg.limits.clone();
    let p = PageCtx::new(tr, &state.cfg.organisation, "/inbox", "inbox-title");
    Ok(html(
        status,
        &InboxPage {
            p,
            csrf: state.csrf.issue(&session.binding),
            replies,
            notice,
            files_hint: files_hint(&limits, tr),
            limits,
            message: echo.message,
            errors: echo.errors,
            files_dropped: echo.files_dropped,
        },
    ))
}

/// Decrypts the source's verified replies, oldest first. Reading them records nothing.
fn read_replies(
    s: &Store,
    source: SourceId,
    seed: &Zeroizing<[u8; 32]>,
    origin: &str,
    signers: &[PublicKey],
) -> Result<Vec<ReplyView>, StoreError> {
    let Some(src) = s.source(&source)? else { return Ok(Vec::new()) };
    let identity = kdf::identity_from_seed(seed);
    let mut thread: Vec<ItemRecord> =
        s.thread(&source)?.into_iter().filter(|i| i.kind == ItemKind::Reply).collect();
    thread.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    let mut views = Vec::new();
    for rec in thread {
        let Some(part) = rec.parts.first().filter(|p| p.size <= MAX_REPLY_BYTES) else { continue };
        let mut ct = Vec::new();
        if s.blobs().open(&part.id).and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut ct)).is_err() {
            continue;
        }
        let statement = reply_statement(origin, rec.id, part.id, source, &src.recipient, &sha256(&ct));
        let verified = rec.signature.is_some_and(|sig| sig.verify_pinned(&statement, signers).is_ok());
        if !verified {
            // Not from a keyholder of this server (any more): never shown, not even as
            // "unreadable", because its mere presence could be part of a lure.
            continue;
        }
        let text = seal::decrypt(&identity, &ct)
            .ok()
            .and_then(|pt| document::from_json::<ReplyDocument>(&pt).ok())
            .map(|d| d.message);
        views.push(ReplyView { day: rec.day.to_string(), text });
    }
    Ok(views)
}

/// `POST /followup`.
pub async fn followup(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    session: Option<SourceSession>,
) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    // The session ended while the source was writing: keep the text for the login page.
    let Some(session) = session else { return super::resume::orphaned(req, payload, state).await };
    let admitted = admit(&req, &state, FormKind::Followup, Some(session.binding))?;
    let (parsed, ingest) = match receive(&req, payload, &state, &admitted, FormKind::Followup, tr).await {
        Received::Ok(p, i) => (p, i),
        Received::Invalid(p) => {
            let echo = Echo { errors: p.errors, message: p.values.message, files_dropped: p.files_dropped };
            return inbox_page(&state, tr, &session, None, echo, p.status).await;
        }
        Received::Failed(f) => return Err(f),
    };
    let token = parsed.token.clone();
    let parts = seal_document(ingest, ItemKind::Followup, tr, parsed, &[]).await?;
    if !state.spent.spend(&token) {
        discard(&state, &parts);
        return Err(Failure::AlreadyReceived);
    }
    if let Err(f) = commit_followup(&state, session.source, &parts).await {
        state.spent.unspend(&token);
        return Err(f);
    }
    state.sessions.with(&session.id, |s| s.notice = Some("followup-received"));
    Ok(see_other(&format!("/inbox{}", tr.q())))
}

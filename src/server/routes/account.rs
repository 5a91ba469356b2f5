//! Return visits: `/login`, `/inbox`, `/followup`, `/logout`.
//!
//! Login does the same work for a right and a wrong codename: the same argon2 derivation (a
//! random stand-in when the words do not even parse) and the same store lookup, then one
//! generic answer. The session holds the source's identity seed in memory only.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::submit::{Received, receive, seal_document, store_failure};
use super::{State, see_other, session_cookie, set_session_cookie, tr_for};
use crate::bundle::document::{self, ReplyDocument};
use crate::crypto::codename::{Codename, WordList};
use crate::crypto::{kdf, seal};
use crate::server::errors::{Failure, page};
use crate::server::form::FormKind;
use crate::server::i18n::Tr;
use crate::server::kdf_pool::PoolError;
use crate::server::limits::{Action, RetryAfter};
use crate::server::pages::{FieldErrors, InboxPage, LoginPage, PageCtx, ReplyView, files_hint, html};
use crate::store::{Commit, ItemId, ItemKind, ItemRecord, Op, SourceId, today};

/// Largest login form body.
const MAX_LOGIN_BODY: usize = 4096;
/// Largest reply ciphertext the inbox will open.
const MAX_REPLY_BYTES: u64 = 1024 * 1024;

fn login_page(
    state: &State,
    tr: Tr,
    status: StatusCode,
    failed: bool,
    notice: Option<String>,
) -> HttpResponse {
    let p = PageCtx::new(tr, &state.cfg.organisation, "/login", "login-title");
    html(status, &LoginPage { p, csrf: state.csrf.issue(b""), failed, notice })
}

/// `GET /login`.
pub async fn login_form(req: HttpRequest, state: State) -> HttpResponse {
    let tr = tr_for(&req);
    let notice = super::query_param(&req, "ended").map(|_| tr.t("error-session"));
    login_page(&state, tr, StatusCode::OK, false, notice)
}

#[derive(Deserialize)]
struct LoginForm {
    csrf: String,
    codename: String,
}

/// Reads a small urlencoded body.
async fn small_body(mut payload: web::Payload, max: usize) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let mut buf = Zeroizing::new(Vec::new());
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| Failure::BadRequest)?;
        if buf.len() + chunk.len() > max {
            return Err(Failure::TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

fn is_urlencoded(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"))
}

/// `POST /login`.
pub async fn login(req: HttpRequest, payload: web::Payload, state: State) -> HttpResponse {
    let tr = tr_for(&req);
    match login_inner(&req, payload, &state, tr).await {
        Ok(r) => r,
        Err(f) => page(tr, &state.cfg.organisation, f),
    }
}

async fn login_inner(
    req: &HttpRequest,
    payload: web::Payload,
    state: &State,
    tr: Tr,
) -> Result<HttpResponse, Failure> {
    if !is_urlencoded(req) {
        return Err(Failure::UnsupportedMediaType);
    }
    state
        .limits
        .check(Action::Login, super::conn_info(req).circuit, None)
        .map_err(|RetryAfter(secs)| Failure::TooMany(secs))?;
    let body = small_body(payload, MAX_LOGIN_BODY).await?;
    let form: LoginForm = serde_urlencoded::from_bytes(&body).map_err(|_| Failure::BadRequest)?;
    let codename_text = Zeroizing::new(form.codename);
    if !state.csrf.verify(&form.csrf, b"") {
        return Err(Failure::Forbidden);
    }
    let mut candidates = Codename::parse(&codename_text, WordList::for_language(tr.tag()));
    drop(codename_text);
    let parsed = !candidates.is_empty();
    if !parsed {
        // Same work as a real attempt, so timing says nothing about why it failed.
        candidates.push(Codename::generate().map_err(|_| Failure::Internal("rng"))?);
    }
    let keys = match state.kdf.derive(candidates).await {
        Ok(k) => k,
        Err(PoolError::Busy) => return Err(Failure::Busy),
        Err(PoolError::Failed(_)) => return Err(Failure::Internal("kdf")),
    };
    let lookups: Vec<[u8; 32]> = keys.iter().map(|k| k.lookup_id()).collect();
    let found = state
        .blocking(move |s| {
            let mut hit = None;
            for (i, l) in lookups.iter().enumerate() {
                // Every candidate is looked up, found or not.
                if let Ok(Some(src)) = s.source_by_lookup(l)
                    && hit.is_none()
                {
                    hit = Some((i, src.id));
                }
            }
            hit
        })
        .await?;
    match found {
        Some((i, source)) if parsed => {
            let seed = keys[i].seed();
            let id = state.sessions.create(source, seed).map_err(|_| Failure::Busy)?;
            let mut resp = see_other(&format!("/inbox{}", tr.q()));
            set_session_cookie(&mut resp, state.secure_cookies, &id);
            Ok(resp)
        }
        _ => Ok(login_page(state, tr, StatusCode::FORBIDDEN, true, None)),
    }
}

/// The live session of a request.
struct Current {
    id: String,
    source: SourceId,
    seed: Zeroizing<[u8; 32]>,
    binding: [u8; 32],
    notice: Option<&'static str>,
}

/// The live session's source, seed and CSRF binding.
fn current(req: &HttpRequest, state: &State) -> Option<Current> {
    let id = session_cookie(req, state.secure_cookies)?;
    let (source, seed, binding, notice) =
        state.sessions.with(&id, |s| (s.source, s.seed.clone(), s.binding, s.notice.take()))?;
    Some(Current { id, source, seed, binding, notice })
}

fn to_login(tr: Tr, had_cookie: bool) -> HttpResponse {
    let q = if had_cookie { format!("{}&ended=1", tr.q()) } else { tr.q() };
    see_other(&format!("/login{q}"))
}

/// `GET /inbox`.
pub async fn inbox(req: HttpRequest, state: State) -> HttpResponse {
    let tr = tr_for(&req);
    let Some(Current { source, seed, binding, notice, .. }) = current(&req, &state) else {
        return to_login(tr, session_cookie(&req, state.secure_cookies).is_some());
    };
    match inbox_page(
        &state,
        tr,
        source,
        seed,
        binding,
        notice.map(|k| tr.t(k)),
        FieldErrors::default(),
        String::new(),
        false,
        StatusCode::OK,
    )
    .await
    {
        Ok(r) => r,
        Err(f) => page(tr, &state.cfg.organisation, f),
    }
}

#[allow(clippy::too_many_arguments)]
async fn inbox_page(
    state: &State,
    tr: Tr,
    source: SourceId,
    seed: Zeroizing<[u8; 32]>,
    binding: [u8; 32],
    notice: Option<String>,
    errors: FieldErrors,
    message: String,
    files_dropped: bool,
    status: StatusCode,
) -> Result<HttpResponse, Failure> {
    let replies = state
        .blocking(move |s| -> Result<Vec<ReplyView>, crate::store::StoreError> {
            let identity = kdf::identity_from_seed(&seed);
            let mut thread: Vec<ItemRecord> =
                s.thread(&source)?.into_iter().filter(|i| i.kind == ItemKind::Reply).collect();
            thread.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
            let mut views = Vec::new();
            let mut newly_read = Vec::new();
            let day = today();
            for rec in thread {
                let text = rec.parts.first().filter(|p| p.size <= MAX_REPLY_BYTES).and_then(|p| {
                    let mut f = s.blobs().open(&p.id).ok()?;
                    let mut ct = Vec::new();
                    std::io::Read::read_to_end(&mut f, &mut ct).ok()?;
                    let pt = seal::decrypt(&identity, &ct).ok()?;
                    let doc: ReplyDocument = document::from_json(&pt).ok()?;
                    Some(doc.message)
                });
                if text.is_some() && rec.read_day.is_none() {
                    let mut r = rec.clone();
                    r.read_day = Some(day.clone());
                    newly_read.push(Op::UpdateItem(r));
                }
                views.push(ReplyView { day: rec.day, text });
            }
            if !newly_read.is_empty() {
                s.commit(Commit { ops: newly_read })?;
            }
            Ok(views)
        })
        .await?
        .map_err(|e| store_failure(&e))?;
    let limits = state.cfg.limits.clone();
    let p = PageCtx::new(tr, &state.cfg.organisation, "/inbox", "inbox-title");
    Ok(html(
        status,
        &InboxPage {
            p,
            csrf: state.csrf.issue(&binding),
            replies,
            notice,
            files_hint: files_hint(&limits),
            limits,
            message,
            errors,
            files_dropped,
        },
    ))
}

/// `POST /followup`.
pub async fn followup(req: HttpRequest, payload: web::Payload, state: State) -> HttpResponse {
    let tr = tr_for(&req);
    let org = state.cfg.organisation.clone();
    let Some(Current { id: sid, source, seed, binding, .. }) = current(&req, &state) else {
        return to_login(tr, session_cookie(&req, state.secure_cookies).is_some());
    };
    let Ok(_slot) = state.uploads.try_acquire() else {
        return page(tr, &org, Failure::Busy);
    };
    let (parsed, ingest) = match receive(&req, payload, &state, FormKind::Followup, &binding, tr).await {
        Received::Ok(p, i) => (p, i),
        Received::Invalid(p) => {
            return match inbox_page(
                &state,
                tr,
                source,
                seed,
                binding,
                None,
                p.errors,
                p.values.message,
                p.files_dropped,
                p.status,
            )
            .await
            {
                Ok(r) => r,
                Err(f) => page(tr, &org, f),
            };
        }
        Received::Failed(f) => return page(tr, &org, f),
    };
    let parts = match seal_document(ingest, ItemKind::Followup, tr, parsed).await {
        Ok(p) => p,
        Err(f) => return page(tr, &org, f),
    };
    let id = match ItemId::random() {
        Ok(id) => id,
        Err(_) => return page(tr, &org, Failure::Internal("rng")),
    };
    let item = ItemRecord {
        id,
        kind: ItemKind::Followup,
        source,
        day: today(),
        parts: parts.iter().map(|p| p.part.clone()).collect(),
        acked: false,
        read_day: None,
    };
    let blobs = state.store.blobs().clone();
    match state.blocking(move |s| s.commit(Commit { ops: vec![Op::PutItem(item)] })).await {
        Ok(Ok(())) => {
            state.sessions.with(&sid, |s| s.notice = Some("followup-received"));
            see_other(&format!("/inbox{}", tr.q()))
        }
        Ok(Err(e)) => {
            for p in &parts {
                let _ = blobs.remove(&p.part.id);
            }
            page(tr, &org, store_failure(&e))
        }
        Err(f) => page(tr, &org, f),
    }
}

#[derive(Deserialize)]
struct CsrfOnly {
    csrf: String,
}

/// `POST /logout`.
pub async fn logout(req: HttpRequest, payload: web::Payload, state: State) -> HttpResponse {
    let tr = tr_for(&req);
    let Some(Current { id: sid, binding, .. }) = current(&req, &state) else {
        let mut r = see_other(&format!("/{}", tr.q()));
        set_session_cookie(&mut r, state.secure_cookies, "");
        return r;
    };
    let ok = match small_body(payload, MAX_LOGIN_BODY).await {
        Ok(b) => {
            serde_urlencoded::from_bytes::<CsrfOnly>(&b).is_ok_and(|f| state.csrf.verify(&f.csrf, &binding))
        }
        Err(_) => false,
    };
    if !ok {
        let _ = state.limits.session_failure(&binding);
        return page(tr, &state.cfg.organisation, Failure::Forbidden);
    }
    state.sessions.remove(&sid);
    let mut r = see_other(&format!("/{}", tr.q()));
    set_session_cookie(&mut r, state.secure_cookies, "");
    r
}

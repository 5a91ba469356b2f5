//! Coming back: `GET /login`, `POST /login` and `POST /logout`.
//!
//! Login does the same work for a right and a wrong codename: the same argon2 derivation (a
//! random stand-in when the words do not even parse) and the same store lookup, then one
//! generic answer. Each argon2 run spends one login token: a phrase that reads as words of
//! several lists costs as many tokens as derivations. The session holds the source's identity
//! seed in memory only.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::State;
use super::auth::SourceSession;
use crate::crypto::codename::{Codename, Mistake, WordList};
use crate::locale::Tr;
use crate::server::errors::Failure;
use crate::server::intake::send_pending;
use crate::server::kdf_pool::PoolError;
use crate::server::pages::Pending;
use crate::server::pages::{LoginPage, PageCtx, html};
use crate::server::rate_limits::{Action, RetryAfter};
use crate::server::request::{
    AnonForm, conn_info, form_binding, is_urlencoded, query_param, see_other, set_session_cookie, tr_for,
};

use crate::server::size_limits::MAX_SMALL_BODY;

/// The login page; `pending` is a follow-up that lost its session, kept in the form.
pub(super) fn login_page(
    req: &HttpRequest,
    state: &State,
    tr: Tr,
    status: StatusCode,
    failed: Option<String>,
    notice: Option<String>,
    pending: Option<Pending>,
) -> Result<HttpResponse, Failure> {
    let p = PageCtx::new(tr, &state.cfg.organisation, "/login", "login-title");
    let anon = AnonForm::for_request(req, state.secure_cookies).map_err(|_| Failure::Internal("rng"))?;
    let csrf = state.csrf.issue(&anon.binding);
    let (pending, pending_files) = match pending {
        Some(p) => (Some(p.message), p.had_files),
        None => (None, false),
    };
    Ok(anon.set_on(html(status, &LoginPage { p, csrf, failed, notice, pending, pending_files })))
}

/// `GET /login`.
pub async fn login_form(req: HttpRequest, state: State) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    let notice = query_param(&req, "ended")
        .map(|_| tr.t("error-session"))
        .or_else(|| query_param(&req, "out").map(|_| tr.t("logged-out")))
        .or_else(|| query_param(&req, "nocookie").map(|_| tr.t("login-cookie-lost")));
    login_page(&req, &state, tr, StatusCode::OK, None, notice, None)
}

#[derive(Deserialize)]
struct LoginForm {
    csrf: String,
    codename: String,
    /// A follow-up that lost its session, sent along (see `resume`).
    #[serde(default)]
    message: Option<String>,
}

/// `POST /login`.
pub async fn login(req: HttpRequest, payload: web::Payload, state: State) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    if !is_urlencoded(&req) {
        return Err(Failure::UnsupportedMediaType);
    }
    let circuit = conn_info(&req).circuit;
    // One token before the body is even read: refusing costs nothing.
    state.limits.check(Action::Login, circuit, None).map_err(|RetryAfter(s)| Failure::TooMany(s))?;
    // Room for a follow-up's text, percent-encoded (up to 12 bytes per character).
    let max = MAX_SMALL_BODY + 12 * state.cfg.limits.max_message_chars;
    let body = state.small_body(payload, max).await?;
    let form: LoginForm = serde_urlencoded::from_bytes(&body).map_err(|_| Failure::BadRequest)?;
    let pending = form.message.map(|m| m.replace("\r\n", "\n")).filter(|m| !m.trim().is_empty());
    if pending.as_ref().is_some_and(|m| m.chars().count() > state.cfg.limits.max_message_chars) {
        return Err(Failure::TooLarge);
    }
    let codename_text = Zeroizing::new(form.codename);
    let binding = form_binding(&req, state.secure_cookies);
    if !binding.is_some_and(|b| state.csrf.verify(&form.csrf, &b)) {
        return Err(Failure::Forbidden);
    }
    let list = WordList::for_language(tr.tag());
    let mut candidates = Codename::parse(&codename_text, list);
    // The word lists are public: saying which word or how many words costs nothing.
    let mistake = if candidates.is_empty() { Codename::diagnose(&codename_text, list) } else { None };
    drop(codename_text);
    let parsed = !candidates.is_empty();
    if candidates.len() > 1 {
        // Every further reading costs another argon2 run, so another token.
        let extra = u32::try_from(candidates.len() - 1).unwrap_or(u32::MAX);
        state.limits.check_n(Action::Login, circuit, extra).map_err(|RetryAfter(s)| Failure::TooMany(s))?;
    }
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
            let id = state.sessions.create(source, keys[i].seed()).map_err(|_| Failure::Busy)?;
            if let Some(message) = pending {
                send_pending(&state, source, message, tr).await?;
                state.sessions.with(&id, |s| s.notice = Some("followup-received"));
            }
            // `new=1` grants nothing: it only lets `/inbox` tell a browser that dropped the
            // cookie just set (see `auth`) from one whose session ended.
            let mut resp = see_other(&format!("/inbox{}&new=1", tr.q()));
            set_session_cookie(&mut resp, state.secure_cookies, &id);
            Ok(resp)
        }
        _ => {
            let why = match mistake {
                Some(Mistake::Count(n)) => tr.t1("login-count", "got", n),
                Some(Mistake::UnknownWord(n)) => tr.t1("login-word", "n", n),
                None => tr.t("login-failed"),
            };
            // The text stays in the form for the next attempt.
            let pending = pending.map(|message| Pending { message, had_files: false });
            login_page(&req, &state, tr, StatusCode::FORBIDDEN, Some(why), None, pending)
        }
    }
}

#[derive(Deserialize)]
struct CsrfOnly {
    csrf: String,
}

/// `POST /logout`.
pub async fn logout(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
    session: Option<SourceSession>,
) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    // The login page, saying so: without a confirmation a source cannot tell that the session
    // on a shared or watched device is really over.
    let q = if tr.q().is_empty() { "?out=1".to_owned() } else { format!("{}&out=1", tr.q()) };
    let mut r = see_other(&format!("/login{q}"));
    set_session_cookie(&mut r, state.secure_cookies, "");
    let Some(session) = session else { return Ok(r) };
    // The session's own bucket is spent before the body is read: one session cannot hold
    // many connections open with unfinished logouts.
    state.limits.session_action(&session.binding).map_err(|RetryAfter(s)| Failure::TooMany(s))?;
    let body = state.small_body(payload, MAX_SMALL_BODY).await?;
    let ok = serde_urlencoded::from_bytes::<CsrfOnly>(&body)
        .is_ok_and(|f| state.csrf.verify(&f.csrf, &session.binding));
    if !ok {
        return Err(Failure::Forbidden);
    }
    state.sessions.remove(&session.id);
    Ok(r)
}

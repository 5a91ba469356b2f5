//! The source's session as an extractor: a handler that takes a [`SourceSession`] runs only
//! for a live session; without one the browser is sent to the login page, saying the session
//! ended when it had a cookie, or, right after a login (`?new=1`) without any cookie, that the
//! browser did not keep it (a `Secure` cookie over plain-HTTP `.onion` outside Tor Browser).

use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, dev::Payload, http::StatusCode};
use futures_util::future::{Ready, ready};
use zeroize::Zeroizing;

use crate::server::request::{query_param, see_other, session_cookie, tr_for};
use crate::server::state::AppState;
use crate::store::SourceId;

/// A live session. No `Debug` beyond its kind: it holds the source's identity seed.
pub struct SourceSession {
    /// The cookie value (to end or update the session).
    pub id: String,
    /// The source's thread.
    pub source: SourceId,
    /// Seed of the source's age identity.
    pub seed: Zeroizing<[u8; 32]>,
    /// CSRF binding of the session's forms.
    pub binding: [u8; 32],
    /// A message to show once (set by the previous request).
    pub notice: Option<&'static str>,
}

/// No live session: redirect to `/login` (in the page language).
#[derive(Debug)]
pub struct ToLogin {
    location: String,
}

impl std::fmt::Display for ToLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no session")
    }
}

impl ResponseError for ToLogin {
    fn status_code(&self) -> StatusCode {
        StatusCode::SEE_OTHER
    }
    fn error_response(&self) -> HttpResponse {
        see_other(&self.location)
    }
}

impl FromRequest for SourceSession {
    type Error = ToLogin;
    type Future = Ready<Result<Self, ToLogin>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let tr = tr_for(req);
        let state = req.app_data::<actix_web::web::Data<AppState>>();
        let secure = state.is_some_and(|s| s.secure_cookies);
        let cookie = session_cookie(req, secure);
        let live = state.zip(cookie.clone()).and_then(|(state, id)| {
            let (source, seed, binding, notice) =
                state.sessions.with(&id, |s| (s.source, s.seed.clone(), s.binding, s.notice.take()))?;
            Some(SourceSession { id, source, seed, binding, notice })
        });
        ready(live.ok_or_else(|| {
            let q = match cookie {
                Some(_) => format!("{}&ended=1", tr.q()),
                None if query_param(req, "new").is_some() => format!("{}&nocookie=1", tr.q()),
                None => tr.q(),
            };
            ToLogin { location: format!("/login{q}") }
        }))
    }
}

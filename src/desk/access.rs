//! Who may use the desk: the person who opened the printed URL, in this browser, on this
//! machine.
//!
//! The URL carries a random secret that works once. Its first request gets a session cookie
//! (`HttpOnly`, `SameSite=Strict`, random, compared in constant time); the secret is then gone,
//! so a copy of the URL (shell history, a screenshot of the terminal) opens nothing. Every
//! other request needs the cookie and a `Host` naming the loopback address the desk listens on:
//! a page elsewhere that points a name at 127.0.0.1 (DNS rebinding) sends another `Host` and is
//! refused. Forms also carry a CSRF token (see [`super::form`]).

use std::net::SocketAddr;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{Desk, DeskError, LANGS, lock};
use crate::locale::Tr;

/// Name of the session cookie.
const COOKIE: &str = "tipbox_desk";

/// A random secret (unlock URL, session cookie, CSRF token): hex of 32 random bytes. Never
/// printed by `Debug`, zeroized when dropped, compared in constant time.
pub struct Secret(Zeroizing<String>);

impl Secret {
    fn new() -> Result<Self, getrandom::Error> {
        let bytes = Zeroizing::new(crate::crypto::random_array::<32>()?);
        Ok(Secret(Zeroizing::new(crate::crypto::hex(&*bytes))))
    }

    /// Whether `given` is this secret.
    pub fn matches(&self, given: &str) -> bool {
        bool::from(self.0.as_bytes().ct_eq(given.as_bytes()))
    }

    /// The secret, to put into a page or a header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The desk's secrets and address.
pub struct Access {
    addr: SocketAddr,
    unlock: std::sync::Mutex<Option<Secret>>,
    session: std::sync::Mutex<Option<Secret>>,
    csrf: Secret,
}

impl Access {
    /// New secrets for a desk listening on `addr`.
    pub fn new(addr: SocketAddr) -> Result<Self, getrandom::Error> {
        Ok(Access {
            addr,
            unlock: std::sync::Mutex::new(Some(Secret::new()?)),
            session: std::sync::Mutex::new(None),
            csrf: Secret::new()?,
        })
    }

    /// The URL to print: it works once.
    pub fn unlock_url(&self) -> String {
        let secret = lock(&self.unlock).as_ref().map(|s| s.expose().to_owned()).unwrap_or_default();
        format!("http://{}/unlock/{secret}", self.addr)
    }

    /// The CSRF token every form carries.
    pub fn csrf(&self) -> &Secret {
        &self.csrf
    }

    /// Whether the request's `Host` names the desk's own address (`localhost` too).
    fn host_ok(&self, req: &HttpRequest) -> bool {
        let Some(host) = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        let port = self.addr.port();
        host == self.addr.to_string() || host == format!("localhost:{port}")
    }

    fn session_ok(&self, req: &HttpRequest) -> bool {
        let given = crate::server::request::cookie(req, COOKIE);
        match (lock(&self.session).as_ref(), given) {
            (Some(s), Some(g)) => s.matches(&g),
            _ => false,
        }
    }
}

/// `GET /unlock/{secret}`: exchanges the printed secret, once, for the session cookie, and
/// takes the desk language from the browser.
pub async fn unlock(req: HttpRequest, secret: web::Path<String>) -> Result<HttpResponse, DeskError> {
    let desk = desk_of(&req)?;
    let a = &desk.access;
    if !a.host_ok(&req) {
        return Err(DeskError::Forbidden);
    }
    let mut unlock = lock(&a.unlock);
    if !unlock.as_ref().is_some_and(|s| s.matches(&secret)) {
        return Err(DeskError::Forbidden);
    }
    *unlock = None;
    let session = Secret::new().map_err(|_| DeskError::Internal("random"))?;
    let cookie = format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", session.expose());
    *lock(&a.session) = Some(session);
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|h| h.to_str().ok());
    let tr = Tr::negotiate(None, accept);
    desk.set_tr(if LANGS.contains(&tr.tag()) { tr } else { Tr::default() });
    desk.touch();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/"))
        .insert_header((header::SET_COOKIE, cookie))
        .finish())
}

fn desk_of(req: &HttpRequest) -> Result<web::Data<Desk>, DeskError> {
    req.app_data::<web::Data<Desk>>().cloned().ok_or(DeskError::Internal("no desk"))
}

/// The keyholder, checked: the request came with the session cookie to the desk's own host.
/// Every handler except `unlock` and the stylesheet takes one.
pub struct Authed(pub web::Data<Desk>);

impl Authed {
    /// Checks `req` (also used by [`super::form::Posted`]).
    pub fn check(req: &HttpRequest) -> Result<Self, DeskError> {
        let desk = desk_of(req)?;
        if !(desk.access.host_ok(req) && desk.access.session_ok(req)) {
            return Err(DeskError::Forbidden);
        }
        desk.touch();
        Ok(Authed(desk))
    }
}

impl FromRequest for Authed {
    type Error = DeskError;
    type Future = std::future::Ready<Result<Self, DeskError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Authed::check(req))
    }
}

/// The policy: nothing but the desk's own stylesheet and chart images, no frames, forms only
/// to the desk.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                       frame-ancestors 'none'; base-uri 'none'";

/// Headers on every answer, error pages included.
pub fn headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
}

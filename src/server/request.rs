//! What handlers read from a request and how they answer it, shared by every route: the
//! connection facts the listener learnt, the page language, the session cookie, the announced
//! body length, redirects. Nothing here knows a route.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::session::{COOKIE, COOKIE_SECURE};
use crate::locale::Tr;

/// The pre-session cookie that binds anonymous forms (see [`form_binding`]).
pub const FORM_COOKIE: &str = "form";
/// Its name with `Secure` (the `__Host-` prefix pins it to this host and path `/`).
pub const FORM_COOKIE_SECURE: &str = "__Host-form";

/// What the listener learnt about this request's connection (the Tor circuit, TLS).
pub fn conn_info(req: &HttpRequest) -> super::listener::ConnInfo {
    req.conn_data::<super::listener::ConnInfo>().copied().unwrap_or_default()
}

/// The value of query parameter `name`.
pub fn query_param(req: &HttpRequest, name: &str) -> Option<String> {
    let q = req.query_string();
    if q.is_empty() || q.len() > 2048 {
        return None;
    }
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The page language for this request.
pub fn tr_for(req: &HttpRequest) -> Tr {
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Tr::negotiate(query_param(req, "lang").as_deref(), accept)
}

/// The session cookie's value, if any.
pub fn session_cookie(req: &HttpRequest, secure: bool) -> Option<String> {
    cookie(req, if secure { COOKIE_SECURE } else { COOKIE })
}

/// The value of the cookie named `want`, if the request carries one (also the desk's).
pub fn cookie(req: &HttpRequest, want: &str) -> Option<String> {
    for h in req.headers().get_all(header::COOKIE) {
        let Ok(s) = h.to_str() else { continue };
        for pair in s.split(';') {
            if let Some((k, v)) = pair.trim().split_once('=')
                && k == want
            {
                return Some(v.to_owned());
            }
        }
    }
    None
}

/// `Set-Cookie` for a session id (empty `value` with `Max-Age=0` deletes it).
pub fn set_session_cookie(resp: &mut HttpResponse, secure: bool, value: &str) {
    set_cookie(resp, if secure { COOKIE_SECURE } else { COOKIE }, secure, value)
}

fn set_cookie(resp: &mut HttpResponse, name: &str, secure: bool, value: &str) {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if secure {
        c.push_str("; Secure");
    }
    if value.is_empty() {
        c.push_str("; Max-Age=0");
    }
    if let Ok(v) = HeaderValue::from_str(&c) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The CSRF binding of an anonymous form (a new tip, the login): the hash of this browser's
/// pre-session cookie. A form token is only good with the cookie it was issued beside, and the
/// cookie is `SameSite=Strict`, so no other site can post a token it fetched for itself from a
/// visitor's browser. `None` when the request carries no (well-formed) cookie.
pub fn form_binding(req: &HttpRequest, secure: bool) -> Option<[u8; 32]> {
    let v = cookie(req, if secure { FORM_COOKIE_SECURE } else { FORM_COOKIE })?;
    let raw = zeroize::Zeroizing::new(crate::crypto::unhex::<32>(&v)?);
    Some(anon_binding(&raw))
}

fn anon_binding(cookie: &[u8; 32]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"anonymous form\0");
    h.update(cookie);
    h.finalize().into()
}

/// The binding for an anonymous form page about to be shown: the request's own cookie, or a
/// new one, which [`AnonForm::set_on`] then sends.
pub struct AnonForm {
    /// The binding to issue the page's CSRF token for.
    pub binding: [u8; 32],
    new_cookie: Option<String>,
    secure: bool,
}

impl AnonForm {
    /// The request's binding, or a fresh cookie's.
    pub fn for_request(req: &HttpRequest, secure: bool) -> Result<Self, getrandom::Error> {
        if let Some(binding) = form_binding(req, secure) {
            return Ok(Self { binding, new_cookie: None, secure });
        }
        let raw = zeroize::Zeroizing::new(crate::crypto::random_array::<32>()?);
        Ok(Self { binding: anon_binding(&raw), new_cookie: Some(crate::crypto::hex(&raw[..])), secure })
    }

    /// Adds the `Set-Cookie` a fresh binding needs (a session cookie: it ends with the browser).
    pub fn set_on(&self, mut resp: HttpResponse) -> HttpResponse {
        if let Some(v) = &self.new_cookie {
            let name = if self.secure { FORM_COOKIE_SECURE } else { FORM_COOKIE };
            set_cookie(&mut resp, name, self.secure, v);
        }
        resp
    }
}

/// Whether a state-changing request says another site sent it: `Sec-Fetch-Site` other than
/// `same-origin` (or `none`, a user's own action), or an `Origin` that is neither ours (the
/// `Host` it was sent to) nor `null`. `null` must pass: with `Referrer-Policy: no-referrer`,
/// which every page here sends, browsers send `Origin: null` even for our own forms; the
/// form cookie still stops those posts when they come from elsewhere.
pub fn cross_site(method: &actix_web::http::Method, headers: &header::HeaderMap) -> bool {
    if matches!(*method, actix_web::http::Method::GET | actix_web::http::Method::HEAD) {
        return false;
    }
    let text =
        |name: &str| headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}").trim().to_ascii_lowercase());
    if let Some(site) = text("sec-fetch-site")
        && site != "same-origin"
        && site != "none"
    {
        return true;
    }
    let Some(origin) = text("origin") else { return false };
    if origin == "null" {
        return false;
    }
    let authority = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    let host = text("host");
    !matches!((authority, host), (Some(a), Some(h)) if a == h)
}

/// A `303 See Other` to `location`.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

/// The announced `Content-Length`, if any.
pub fn announced_len(req: &HttpRequest) -> Option<u64> {
    req.headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// Announced bodies over the limit are refused before a byte is read.
pub fn announced_too_large(req: &HttpRequest, limit: u64) -> bool {
    announced_len(req).is_some_and(|n| n > limit)
}

/// Whether the request says `multipart/form-data` (other `multipart/*` types are refused).
pub fn is_form_data(req: &HttpRequest) -> bool {
    content_type(req).is_some_and(|t| t.eq_ignore_ascii_case("multipart/form-data"))
}

/// Whether the request says `application/x-www-form-urlencoded`.
pub fn is_urlencoded(req: &HttpRequest) -> bool {
    content_type(req).is_some_and(|t| t.eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

fn content_type(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim)
}

/// Reads and drops up to 1 MiB of a body we refuse, so that the refusal can be written even
/// when the body's framing is broken (otherwise the connection would end without an answer).
pub async fn drain(mut payload: web::Payload) {
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

//! What handlers read from a request and how they answer it, shared by every route: the
//! connection facts the listener learnt, the page language, the session cookie, the announced
//! body length, redirects. Nothing here knows a route.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::i18n::Tr;
use super::session::{COOKIE, COOKIE_SECURE};

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
    let want = if secure { COOKIE_SECURE } else { COOKIE };
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
    let name = if secure { COOKIE_SECURE } else { COOKIE };
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

//! Routes of the source interface, one file per area, plus the helpers they share.

pub mod account;
pub mod keyholder;
pub mod public;
pub mod submit;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::errors::replace_error_body;
use super::headers::security_headers;
use super::i18n::Tr;
use super::session::{COOKIE, COOKIE_SECURE};
use super::state::AppState;

/// Shared state as handlers receive it.
pub type State = web::Data<AppState>;

/// Registers the source interface.
pub fn source_app(
    state: State,
) -> actix_web::App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    actix_web::App::new()
        .app_data(state)
        .wrap(actix_web::middleware::ErrorHandlers::new().default_handler(replace_error_body))
        .wrap(security_headers())
        .route("/", web::get().to(public::index))
        .route("/static/style.css", web::get().to(public::stylesheet))
        .route("/metadata", web::get().to(public::metadata))
        .route("/submit", web::get().to(submit::form))
        .route("/submit", web::post().to(submit::submit))
        .route("/login", web::get().to(account::login_form))
        .route("/login", web::post().to(account::login))
        .route("/inbox", web::get().to(account::inbox))
        .route("/followup", web::post().to(account::followup))
        .route("/logout", web::post().to(account::logout))
        .default_service(web::to(public::not_found))
}

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

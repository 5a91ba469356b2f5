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
        .wrap_fn(|req, srv| {
            use actix_web::dev::Service;
            use futures_util::future::{Either, FutureExt, ready};
            let tls_headers = super::headers::tls_headers(&req);
            let res = match super::headers::request_shape(&req) {
                Some(f) => {
                    let resp = super::errors::page_for(req.request(), f);
                    Either::Left(ready(Ok(req.into_response(resp).map_into_boxed_body())))
                }
                None => Either::Right(srv.call(req).map(|r| r.map(|r| r.map_into_boxed_body()))),
            };
            res.map(move |r| {
                r.map(|mut r| {
                    for (k, v) in tls_headers {
                        r.headers_mut().insert(k, v);
                    }
                    r
                })
            })
        })
        .wrap(actix_web::middleware::ErrorHandlers::new().default_handler(replace_error_body))
        .wrap(security_headers())
        .service(web::resource("/").get(public::index).default_service(web::to(public::method_not_allowed)))
        .service(
            web::resource("/static/style.css")
                .get(public::stylesheet)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/metadata")
                .get(public::metadata)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/submit")
                .get(submit::form)
                .post(submit::submit)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/login")
                .get(account::login_form)
                .post(account::login)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/inbox").get(account::inbox).default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/followup")
                .post(account::followup)
                .default_service(web::to(public::method_not_allowed)),
        )
        .service(
            web::resource("/logout")
                .post(account::logout)
                .default_service(web::to(public::method_not_allowed)),
        )
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

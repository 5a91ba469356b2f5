//! Calm, generic error pages for every failure, and the error kinds handlers return.
//!
//! Handlers return `Result<HttpResponse, Failure>`. A `Failure` becomes a bare response with
//! its status (and `Retry-After`), carrying itself in the response's extensions; the
//! [`replace_error_body`] middleware then renders the one calm page, in the request's
//! language. So no handler builds an error page by hand, and actix's own errors (an unknown
//! route, a bad extractor) get the same page.
//!
//! A page never says more than the status means to a person: no stack, no internal detail, the
//! same words whatever went wrong inside. Internal errors are logged by *kind* only.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse};

use super::pages::{ErrorPage, PageCtx, Rendered, html};
use crate::locale::Tr;

/// What went wrong, as far as the client is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.status())]
pub enum Failure {
    /// 400: the request could not be read.
    BadRequest,
    /// 403: CSRF failed.
    Forbidden,
    /// 404.
    NotFound,
    /// 405.
    MethodNotAllowed,
    /// 408: the client was too slow.
    Timeout,
    /// 413.
    TooLarge,
    /// 409: this form was already sent (a reload after submitting): nothing stored again.
    AlreadyReceived,
    /// 415: not a form.
    UnsupportedMediaType,
    /// 414: request target too long.
    UriTooLong,
    /// 431: too many or too large headers.
    HeadersTooLarge,
    /// 429 with `Retry-After` seconds.
    TooMany(u64),
    /// 503: busy (argon2 pool, upload slots, sessions).
    Busy,
    /// 507: storage quota or disk reserve reached.
    Full,
    /// 500.
    Internal(&'static str),
}

impl Failure {
    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            Failure::BadRequest => StatusCode::BAD_REQUEST,
            Failure::Forbidden => StatusCode::FORBIDDEN,
            Failure::NotFound => StatusCode::NOT_FOUND,
            Failure::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Failure::Timeout => StatusCode::REQUEST_TIMEOUT,
            Failure::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Failure::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Failure::UriTooLong => StatusCode::URI_TOO_LONG,
            Failure::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Failure::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            Failure::AlreadyReceived => StatusCode::CONFLICT,
            Failure::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Full => StatusCode::INSUFFICIENT_STORAGE,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// From a status code (for errors raised outside our handlers).
    pub fn from_status(s: StatusCode) -> Failure {
        match s.as_u16() {
            403 => Failure::Forbidden,
            404 => Failure::NotFound,
            405 => Failure::MethodNotAllowed,
            408 => Failure::Timeout,
            413 => Failure::TooLarge,
            415 => Failure::UnsupportedMediaType,
            429 => Failure::TooMany(60),
            409 => Failure::AlreadyReceived,
            503 => Failure::Busy,
            414 => Failure::UriTooLong,
            431 => Failure::HeadersTooLarge,
            507 => Failure::Full,
            400..=499 => Failure::BadRequest,
            _ => Failure::Internal("unhandled"),
        }
    }

    fn message_key(self) -> &'static str {
        match self {
            Failure::BadRequest
            | Failure::UnsupportedMediaType
            | Failure::UriTooLong
            | Failure::HeadersTooLarge => "error-400",
            Failure::Forbidden => "error-403",
            Failure::NotFound => "error-404",
            Failure::MethodNotAllowed => "error-405",
            Failure::Timeout => "error-408",
            Failure::TooLarge => "error-413",
            Failure::TooMany(_) => "error-429",
            Failure::AlreadyReceived => "error-409",
            Failure::Busy => "error-503",
            Failure::Full => "error-507",
            Failure::Internal(_) => "error-500",
        }
    }
}

impl actix_web::ResponseError for Failure {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut r = HttpResponse::build(self.status()).finish();
        r.extensions_mut().insert(*self);
        r
    }
}

/// Renders the generic page for `f` in `tr`'s language.
pub fn page(tr: Tr, org: &str, f: Failure) -> HttpResponse {
    if let Failure::Internal(kind) = f {
        tracing::error!(kind, "request failed");
    }
    // Not everything is a failure: a repeated form was received, only not twice; a form too
    // large says what it is, not that something broke.
    let title_key = match f {
        Failure::AlreadyReceived => "error-409-title",
        Failure::TooLarge => "error-413-title",
        _ => "error-title",
    };
    let p = PageCtx::new(tr, org, "/", title_key);
    let mut r = html(f.status(), &ErrorPage { title: tr.t(title_key), message: tr.t(f.message_key()), p });
    let retry = match f {
        Failure::TooMany(secs) => Some(secs.max(1)),
        Failure::Busy | Failure::Full => Some(60),
        _ => None,
    };
    if let Some(v) = retry.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// The organisation's name, as app data of the source interface (the error pages name it).
#[derive(Clone)]
pub struct Organisation(pub String);

/// The page for `f`, with the language and organisation taken from the request.
pub fn page_for(req: &HttpRequest, f: Failure) -> HttpResponse {
    let tr = super::request::tr_for(req);
    let org = req.app_data::<Organisation>().map(|o| o.0.clone()).unwrap_or_default();
    page(tr, &org, f)
}

/// `ErrorHandlers` hook: replaces any error response that is not one of our pages (actix's own
/// 404/405/extractor errors) with the generic page, keeping the status.
pub fn replace_error_body<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if res.response().extensions().get::<Rendered>().is_some() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let failure = res.response().extensions().get::<Failure>().copied();
    let (req, _old) = res.into_parts();
    let new = page_for(&req, failure.unwrap_or_else(|| Failure::from_status(status)));
    let mut new = new.map_into_boxed_body();
    *new.status_mut() = status;
    let res: ServiceResponse<EitherBody<B, BoxBody>> = ServiceResponse::new(req, new).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}

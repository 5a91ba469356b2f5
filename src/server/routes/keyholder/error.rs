//! The keyholder API's errors: one enum, rendered once as JSON `{"error": code, "message": …}`
//! with the right status and headers. Messages are fixed sentences: nothing a client sent is
//! ever echoed back.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

/// Why a keyholder API request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No or a wrong token.
    #[error("the token was not accepted")]
    Unauthorized,
    /// Too many wrong tokens recently.
    #[error("too many failed attempts; retry later")]
    Throttled(u64),
    /// No such route.
    #[error("not found")]
    NotFound,
    /// The body is over its limit.
    #[error("the upload is too large")]
    TooLarge,
    /// The body could not be read (broken, stalled).
    #[error("the body could not be read")]
    BadBody,
    /// A well-formed request the API will not act on.
    #[error("{0}")]
    Invalid(&'static str),
    /// A reply for a source this server does not know.
    #[error("a reply names a source this server does not know")]
    UnknownSource,
    /// A signature that is missing, wrong, or not from a configured keyholder.
    #[error("{0}")]
    Signature(&'static str),
    /// The server is at capacity.
    #[error("busy; retry in a minute")]
    Busy,
    /// Something failed inside (logged by kind).
    #[error("internal error")]
    Internal(&'static str),
}

impl ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "unauthorized",
            ApiError::Throttled(_) => "throttled",
            ApiError::NotFound => "not_found",
            ApiError::TooLarge => "too_large",
            ApiError::BadBody => "bad_body",
            ApiError::Invalid(_) => "invalid",
            ApiError::UnknownSource => "unknown_source",
            ApiError::Signature(_) => "bad_signature",
            ApiError::Busy => "busy",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound | ApiError::UnknownSource => StatusCode::NOT_FOUND,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BadBody => StatusCode::BAD_REQUEST,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Signature(_) => StatusCode::FORBIDDEN,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(kind) = self {
            tracing::error!(kind, "keyholder API request failed");
        }
        let body = serde_json::json!({ "error": self.code(), "message": self.to_string() });
        let mut r = HttpResponse::build(self.status_code()).json(body);
        if matches!(self, ApiError::Unauthorized | ApiError::Throttled(_)) {
            // No keep-alive for a client without a valid token: its connection is freed at once.
            r.head_mut().set_connection_type(actix_web::http::ConnectionType::Close);
        }
        let h = r.headers_mut();
        match self {
            ApiError::Unauthorized => {
                h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::Throttled(secs) => {
                if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                    h.insert(header::RETRY_AFTER, v);
                }
            }
            ApiError::Busy => {
                h.insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            }
            _ => {}
        }
        r
    }
}

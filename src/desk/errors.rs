//! What can go wrong at the desk, and the one page that says so.
//!
//! Handlers return `Result<_, DeskError>`. The error becomes a bare response carrying a
//! [`Shown`] in its extensions; the [`handlers`] middleware renders the page in the desk
//! language, so actix's own errors (an unknown route, a body too large) get it too. Vault
//! errors are the keyholder's own business and are shown as they are (escaped): the desk has
//! one user, at this machine.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpResponse, ResponseError, web};

use super::Desk;
use super::pages::{ErrorPage, Layout, html};
use crate::vault::VaultError;

/// Desk errors.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// No session, a foreign host, a cross-site post or a wrong CSRF token.
    #[error("forbidden")]
    Forbidden,
    /// No such page or case.
    #[error("not found")]
    NotFound,
    /// A form that cannot be read.
    #[error("bad form")]
    BadForm,
    /// A body over the limit.
    #[error("too large")]
    TooLarge,
    /// A request the keyholder should change, said by message key.
    #[error("{0}")]
    Invalid(&'static str),
    /// The vault refused or failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// Something inside the desk.
    #[error("internal: {0}")]
    Internal(&'static str),
}

impl From<std::io::Error> for DeskError {
    fn from(e: std::io::Error) -> Self {
        DeskError::Vault(VaultError::Io(e))
    }
}

/// What the error page shows, carried from the error to the middleware.
#[derive(Clone)]
struct Shown {
    key: &'static str,
    detail: Option<String>,
}

impl ResponseError for DeskError {
    fn status_code(&self) -> StatusCode {
        match self {
            DeskError::Forbidden => StatusCode::FORBIDDEN,
            DeskError::NotFound | DeskError::Vault(VaultError::NotFound(_)) => StatusCode::NOT_FOUND,
            DeskError::BadForm | DeskError::Invalid(_) => StatusCode::BAD_REQUEST,
            DeskError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            DeskError::Vault(VaultError::Locked(_) | VaultError::Refused(_) | VaultError::Invalid(_)) => {
                StatusCode::CONFLICT
            }
            DeskError::Vault(VaultError::Bundle(_) | VaultError::Unreadable) => StatusCode::BAD_REQUEST,
            // A file the desk was asked to write is already there: it is never replaced.
            DeskError::Vault(VaultError::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                StatusCode::CONFLICT
            }
            DeskError::Vault(VaultError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                StatusCode::NOT_FOUND
            }
            DeskError::Vault(_) | DeskError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let shown = match self {
            DeskError::Forbidden => Shown { key: "desk-error-403", detail: None },
            DeskError::NotFound => Shown { key: "desk-error-404", detail: None },
            DeskError::BadForm => Shown { key: "desk-error-400", detail: None },
            DeskError::TooLarge => Shown { key: "desk-error-413", detail: None },
            DeskError::Invalid(key) => Shown { key, detail: None },
            DeskError::Vault(e) => Shown { key: "desk-error-vault", detail: Some(e.to_string()) },
            DeskError::Internal(_) => Shown { key: "desk-error-500", detail: None },
        };
        let mut r = HttpResponse::build(self.status_code()).finish();
        r.extensions_mut().insert(shown);
        r
    }
}

fn shown_for(status: StatusCode) -> Shown {
    let key = match status.as_u16() {
        403 => "desk-error-403",
        404 | 405 => "desk-error-404",
        413 => "desk-error-413",
        400..=499 => "desk-error-400",
        _ => "desk-error-500",
    };
    Shown { key, detail: None }
}

/// Renders every error response as the desk's error page, keeping its status.
fn render<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    let shown = res.response().extensions().get::<Shown>().cloned().unwrap_or_else(|| shown_for(status));
    let (req, _old) = res.into_parts();
    let tr = req.app_data::<web::Data<Desk>>().map(|d| d.tr()).unwrap_or_default();
    // A request without a session gets a page without the desk's forms and their token.
    let authed = super::access::Authed::check(&req).ok();
    let csrf = authed.as_ref().map(|a| a.0.access.csrf().expose().to_owned());
    let page = ErrorPage {
        l: Layout::new(tr, "desk-error-title", csrf.as_deref()),
        message: tr.t(shown.key),
        detail: shown.detail,
    };
    let mut new = html(status, &page).map_into_boxed_body();
    *new.status_mut() = status;
    let res: ServiceResponse<EitherBody<B, BoxBody>> = ServiceResponse::new(req, new).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}

/// The middleware that renders error pages.
pub fn handlers<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(render)
}

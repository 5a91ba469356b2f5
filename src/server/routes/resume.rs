//! Sending a follow-up across a session timeout, in one step: `POST /followup` without a live
//! session answers with the login page holding the text (and saying that it was not sent and
//! that files must be chosen again); `POST /login` with a `message` logs in and stores it as a
//! follow-up. Nothing is stored before the codename is known.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::State;
use crate::server::errors::Failure;
use crate::server::form::orphan::read_orphan;
use crate::server::form::{FormFailure, FormKind};
use crate::server::intake::{admit, form_body};
use crate::server::pages::Pending;
use crate::server::request::tr_for;

/// `POST /followup` without a session: read the text back, store nothing.
pub async fn orphaned(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    // The same admission as a follow-up (rate limits, a fair upload slot): a body is read.
    let admitted = admit(&req, &state, FormKind::Followup, None)?;
    let body = form_body(&req, payload, &state, &admitted).await?;
    let max = state.cfg.limits.max_message_chars;
    let orphan = read_orphan(req.headers(), body, max).await.map_err(|e| match e {
        FormFailure::Status(s) => Failure::from_status(s),
        FormFailure::Storage(_) => Failure::Internal("orphan"),
    })?;
    let pending = Pending { message: orphan.message.to_string(), had_files: orphan.had_files };
    if pending.message.trim().is_empty() && !pending.had_files {
        // Nothing was being written: the ordinary "session ended" login.
        return super::login::login_page(
            &req,
            &state,
            tr,
            StatusCode::OK,
            None,
            Some(tr.t("error-session")),
            None,
        );
    }
    super::login::login_page(&req, &state, tr, StatusCode::OK, None, None, Some(pending))
}

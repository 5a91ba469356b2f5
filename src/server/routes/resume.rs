//! Sending a follow-up across a session timeout, in one step: `POST /followup` without a live
//! session answers with the login page holding the text (and saying that it was not sent and
//! that files must be chosen again); `POST /login` with a `message` logs in and stores it as a
//! follow-up. Nothing is stored before the codename is known.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::State;
use crate::server::body::{BodyGuard, BodyPolicy};
use crate::server::errors::Failure;
use crate::server::form::orphan::read_orphan;
use crate::server::form::{self, FormFailure, FormKind, ParsedForm};
use crate::server::i18n::Tr;
use crate::server::ingest::Ingest;
use crate::server::intake::{admit, commit_followup, seal_document};
use crate::server::pages::{FieldErrors, SubmitValues};
use crate::server::request::{announced_len, drain, is_form_data, tr_for};
use crate::store::{ItemKind, SourceId};

/// What the login page carries for a follow-up that lost its session.
pub struct Pending {
    /// The text, to put back in the form.
    pub message: String,
    /// Files were attached and not kept.
    pub had_files: bool,
}

/// `POST /followup` without a session: read the text back, store nothing.
pub async fn orphaned(
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, Failure> {
    let tr = tr_for(&req);
    if !is_form_data(&req) {
        drain(payload).await;
        return Err(Failure::UnsupportedMediaType);
    }
    // The same admission as a follow-up (rate limits, a fair upload slot): a body is read.
    let admitted = admit(&req, &state, FormKind::Followup, None)?;
    let limits = &state.cfg.limits;
    let policy = BodyPolicy::from_config(&state.cfg.http);
    let progress = Some(admitted.slot.progress.clone());
    let body = BodyGuard::new(payload, form::max_body(limits), announced_len(&req), policy, progress);
    let orphan = read_orphan(req.headers(), body, limits.max_message_chars).await.map_err(|e| match e {
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

/// Stores `message` as a follow-up in `source`'s thread (after a login that carried it).
pub async fn send_pending(state: &State, source: SourceId, message: String, tr: Tr) -> Result<(), Failure> {
    let parsed = ParsedForm {
        values: SubmitValues { message, ..Default::default() },
        attachments: Vec::new(),
        errors: FieldErrors::default(),
        files_dropped: false,
        status: StatusCode::OK,
        token: String::new(),
    };
    let ingest = Ingest::start(state.store.blobs().clone(), state.recipients.clone());
    let parts = seal_document(ingest, ItemKind::Followup, tr, parsed).await?;
    commit_followup(state, source, &parts).await
}

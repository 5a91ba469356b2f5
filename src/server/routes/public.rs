//! Pages anyone can load: the landing page, the stylesheet, `/metadata` and 404.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use super::State;
use crate::locale::LANGS;
use crate::server::errors::{Failure, page};
use crate::server::pages::{IndexPage, PageCtx, html};
use crate::server::request::tr_for;

/// The one stylesheet.
const STYLE: &str = include_str!("../static/style.css");

/// `GET /`.
pub async fn index(req: HttpRequest, state: State) -> HttpResponse {
    let tr = tr_for(&req);
    html(StatusCode::OK, &IndexPage { p: PageCtx::new(tr, &state.cfg.organisation, "/", "landing-title") })
}

/// `GET /static/style.css`.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok().content_type("text/css; charset=utf-8").body(STYLE)
}

/// Only what a client needs to submit. No software name or version (nothing here names
/// tipbox), and no keyholder recipients: the same researcher's key published by two
/// organisations' instances would link them.
#[derive(Serialize)]
struct Metadata<'a> {
    organisation: &'a str,
    languages: Vec<&'static str>,
    limits: MetaLimits,
}

#[derive(Serialize)]
struct MetaLimits {
    max_message_chars: usize,
    max_files: usize,
    max_submission_bytes: u64,
}

/// `GET /metadata`: what a client needs to know to submit.
pub async fn metadata(state: State) -> HttpResponse {
    let c = &state.cfg;
    let m = Metadata {
        organisation: &c.organisation,
        languages: LANGS.iter().map(|l| l.tag).collect(),
        limits: MetaLimits {
            max_message_chars: c.limits.max_message_chars,
            max_files: c.limits.max_files,
            max_submission_bytes: c.limits.max_submission_bytes,
        },
    };
    HttpResponse::Ok().content_type("application/json").json(m)
}

/// Anything else.
pub async fn not_found(req: HttpRequest, state: State) -> HttpResponse {
    page(tr_for(&req), &state.cfg.organisation, Failure::NotFound)
}

/// A known page with a method it does not take.
pub async fn method_not_allowed(req: HttpRequest, state: State) -> HttpResponse {
    page(tr_for(&req), &state.cfg.organisation, Failure::MethodNotAllowed)
}

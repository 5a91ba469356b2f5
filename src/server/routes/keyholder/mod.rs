//! The keyholder API (`/keyholder/v1/…`), on its own listener, for `tipbox pull/push/ack`.
//!
//! | route | what |
//! |---|---|
//! | `GET /keyholder/v1/bundle` | tar bundle of every item this keyholder has not acknowledged (streamed) |
//! | `POST /keyholder/v1/ack` | a signed acknowledgement list (`tipbox-ack`, written by `vault import`) |
//! | `POST /keyholder/v1/replies` | a reply bundle from `tipbox vault reply`, every reply signed |
//!
//! Every request needs `Authorization: Bearer <token>` ([`auth::Keyholder`]). Answers are JSON
//! (or the tar); errors are [`error::ApiError`].

pub mod auth;
pub mod error;
pub mod replies;

use std::collections::BTreeSet;
use std::io::{self, Write};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use bytes::Bytes;

use super::State;
use crate::bundle::signing::AckList;
use crate::config::AckRule;
use crate::server::headers::security_headers;
use crate::store::export::write_server_bundle;
use auth::Keyholder;
use error::ApiError;

use crate::server::size_limits::MAX_ACK_BODY;

/// The keyholder API app.
pub fn app(
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
        .wrap(security_headers())
        .route("/keyholder/v1/bundle", web::get().to(bundle))
        .route("/keyholder/v1/ack", web::post().to(ack))
        .route("/keyholder/v1/replies", web::post().to(replies))
        .default_service(web::to(|| async { Err::<HttpResponse, _>(ApiError::NotFound) }))
}

/// A `Write` that hands 64 KiB chunks to the response stream, waiting when the client is slow
/// (so a bundle of any size needs one buffer of memory).
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

const CHUNK: usize = 64 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(CHUNK - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// `GET /keyholder/v1/bundle`: what this keyholder has not acknowledged yet.
async fn bundle(who: Keyholder, state: State) -> Result<HttpResponse, ApiError> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, io::Error>>(4);
    let origin = state.origin.clone();
    let keyholders: Vec<String> = state.recipients.iter().map(|r| r.to_string()).collect();
    let err_tx = tx.clone();
    let streaming = state.spawn_keyholder_blocking(move |store| {
        let w = ChannelWriter { tx, buf: Vec::with_capacity(CHUNK) };
        match write_server_bundle(store, origin, keyholders, Some(&who.0), w) {
            Ok((_, mut w)) => {
                let _ = w.flush();
            }
            Err(_) => {
                tracing::error!(kind = "bundle", "bundle stream failed");
                // Aborting the stream makes the client see a broken transfer, never a short
                // bundle that looks complete.
                let _ = err_tx.blocking_send(Err(io::Error::other("bundle stream failed")));
            }
        }
    });
    if streaming.is_err() {
        return Err(ApiError::Busy);
    }
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    Ok(HttpResponse::Ok()
        .content_type("application/x-tar")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"bundle.tar\""))
        .streaming(stream))
}

/// Reads a body of at most `max` bytes under the body guard (idle, rate, deadline).
async fn read_body(
    req: &HttpRequest,
    state: &State,
    payload: web::Payload,
    max: usize,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ApiError> {
    let announced = crate::server::request::announced_len(req);
    if announced.is_some_and(|n| n > max as u64) {
        return Err(ApiError::TooLarge);
    }
    let policy = crate::server::body::BodyPolicy::from_config(&state.cfg.http);
    crate::server::body::read_all(payload, max as u64, announced, policy).await.map_err(|e| match e {
        actix_web::error::PayloadError::Overflow => ApiError::TooLarge,
        _ => ApiError::BadBody,
    })
}

/// `POST /keyholder/v1/ack`: a signed acknowledgement list. It counts for the keyholder whose
/// configured key signed it (whichever token carried it), and retires items as
/// `[retention] acked_by` says.
async fn ack(
    _who: Keyholder,
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, ApiError> {
    let body = read_body(&req, &state, payload, MAX_ACK_BODY).await?;
    let list = AckList::parse(&body).map_err(|_| {
        ApiError::Invalid("expected a signed acknowledgement list (written by `vault import`)")
    })?;
    if list.origin != state.origin {
        return Err(ApiError::Invalid("this acknowledgement list is for another instance"));
    }
    let signer = list
        .signature
        .verify_pinned(&list.statement(), state.signers.iter().map(|(_, k)| k))
        .map_err(|_| ApiError::Signature("the list is not signed by a keyholder of this server"))?;
    let by = state.signers.iter().find(|(_, k)| *k == signer).map(|(n, _)| n.clone()).unwrap_or_default();
    let retire_when: BTreeSet<String> = match state.cfg.retention.acked_by {
        AckRule::All => state.cfg.keyholders.iter().map(|k| k.name.clone()).collect(),
        AckRule::Any => BTreeSet::from([by.clone()]),
    };
    let delete = state.cfg.retention.delete_after_ack;
    let name = by.clone();
    let outcome = state
        .keyholder_blocking(move |s| s.ack(&list.items, &by, &retire_when, delete))
        .await
        .map_err(|_| ApiError::Busy)?
        .map_err(|_| ApiError::Internal("ack"))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "keyholder": name, "outcome": outcome })))
}

/// `POST /keyholder/v1/replies`.
async fn replies(
    _who: Keyholder,
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, ApiError> {
    let max = usize::try_from(state.cfg.keyholder_api.max_reply_bundle_bytes).unwrap_or(usize::MAX);
    let body = read_body(&req, &state, payload, max).await?;
    let origin = state.origin.clone();
    let signers: Vec<_> = state.signers.iter().map(|(_, k)| *k).collect();
    let (stored, already) = state
        .keyholder_blocking(move |s| -> Result<(usize, usize), ApiError> {
            let checked = replies::check(s, &origin, &signers, &body)?;
            let (mut stored, mut already) = (0, 0);
            for r in checked {
                match s.add_reply(r.id, r.part, r.source, &r.ciphertext, r.signature) {
                    Ok(true) => stored += 1,
                    Ok(false) => already += 1,
                    Err(_) => return Err(ApiError::Internal("store reply")),
                }
            }
            Ok((stored, already))
        })
        .await
        .map_err(|_| ApiError::Busy)??;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "stored": stored, "already_stored": already })))
}

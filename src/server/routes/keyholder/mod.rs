//! The keyholder API (`/keyholder/v1/…`), on its own listener, for `tipbox pull/push/ack`.
//!
//! | route | what |
//! |---|---|
//! | `GET /keyholder/v1/bundle` | tar bundle of every item this keyholder has not acknowledged (streamed) |
//! | `POST /keyholder/v1/ack` | a signed acknowledgement list (`tipbox-ack`, written by `vault import`) |
//! | `POST /keyholder/v1/replies` | a reply bundle from `tipbox vault reply`, every reply signed |
//! | `POST /keyholder/v1/team` | a sync bundle from `tipbox vault sync`: one signed team packet and replies |
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
        .route("/keyholder/v1/team", web::post().to(team))
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
    let by = signer_name(&state, &signer);
    let everyone = everyone(&state);
    let retire_when: BTreeSet<String> = match state.cfg.retention.acked_by {
        AckRule::All => everyone.clone(),
        AckRule::Any => BTreeSet::from([by.clone()]),
    };
    let rule = crate::store::AckRule { retire_when, delete: state.cfg.retention.delete_after_ack, everyone };
    let name = by.clone();
    let outcome = state
        .keyholder_blocking(move |s| s.ack(&list.items, &by, &rule))
        .await
        .map_err(|_| ApiError::Busy)?
        .map_err(|_| ApiError::Internal("ack"))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "keyholder": name, "outcome": outcome })))
}

/// The config name of a configured keyholder's signing key.
fn signer_name(state: &State, key: &crate::crypto::sign::PublicKey) -> String {
    state.signers.iter().find(|(_, k)| k == key).map(|(n, _)| n.clone()).unwrap_or_default()
}

/// Every configured keyholder's signing key.
fn signer_keys(state: &State) -> Vec<crate::crypto::sign::PublicKey> {
    state.signers.iter().map(|(_, k)| *k).collect()
}

/// A reply or sync bundle's body, within `max_reply_bundle_bytes`.
async fn read_upload(
    req: &HttpRequest,
    state: &State,
    payload: web::Payload,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ApiError> {
    let max = usize::try_from(state.cfg.keyholder_api.max_reply_bundle_bytes).unwrap_or(usize::MAX);
    read_body(req, state, payload, max).await
}

/// Every configured keyholder's name.
fn everyone(state: &State) -> BTreeSet<String> {
    state.cfg.keyholders.iter().map(|k| k.name.clone()).collect()
}

/// Stores checked replies, each for the other keyholders to pull: (stored, already stored).
fn store_replies(
    s: &crate::store::Store,
    state: &State,
    checked: Vec<replies::CheckedReply>,
) -> Result<(usize, usize), ApiError> {
    let everyone = everyone(state);
    let (mut stored, mut already) = (0, 0);
    for r in checked {
        let from = signer_name(state, &r.signature.signer);
        match s.add_reply(r.id, r.part, r.source, &r.ciphertext, r.signature, (&from, &everyone)) {
            Ok(true) => stored += 1,
            Ok(false) => already += 1,
            Err(_) => return Err(ApiError::Internal("store reply")),
        }
    }
    Ok((stored, already))
}

/// `POST /keyholder/v1/replies`.
async fn replies(
    _who: Keyholder,
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, ApiError> {
    let body = read_upload(&req, &state, payload).await?;
    let st = state.clone();
    let (stored, already) = state
        .keyholder_blocking(move |s| -> Result<(usize, usize), ApiError> {
            let checked = replies::check(s, &st.origin, &signer_keys(&st), &body)?;
            store_replies(s, &st, checked)
        })
        .await
        .map_err(|_| ApiError::Busy)??;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "stored": stored, "already_stored": already })))
}

/// `POST /keyholder/v1/team`: a sync bundle. Its team packet is stored as it came (the server
/// cannot read it) and goes into every other keyholder's next bundle; its replies are stored
/// as `/replies` stores them.
async fn team(
    _who: Keyholder,
    req: HttpRequest,
    payload: web::Payload,
    state: State,
) -> Result<HttpResponse, ApiError> {
    let body = read_upload(&req, &state, payload).await?;
    let st = state.clone();
    let out = state
        .keyholder_blocking(move |s| -> Result<serde_json::Value, ApiError> {
            let checked = replies::check_sync(s, &st.origin, &signer_keys(&st), &body)?;
            let (stored, already) = store_replies(s, &st, checked.replies)?;
            let team_stored = match checked.team {
                Some(t) => {
                    let from = signer_name(&st, &t.signature.signer);
                    s.add_team(t.id, t.part, &t.ciphertext, &from, t.signature)
                        .map_err(|_| ApiError::Internal("store team packet"))?
                }
                None => false,
            };
            Ok(serde_json::json!({
                "stored": stored, "already_stored": already, "team_packet_stored": team_stored
            }))
        })
        .await
        .map_err(|_| ApiError::Busy)??;
    Ok(HttpResponse::Ok().json(out))
}

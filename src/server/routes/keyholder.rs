//! The keyholder API (`/keyholder/v1/…`), on its own listener, for `tipbox pull/push/ack`.
//!
//! | route | what |
//! |---|---|
//! | `GET /keyholder/v1/bundle` | tar bundle of every item not yet acknowledged (streamed) |
//! | `POST /keyholder/v1/ack` | `{"items": ["<id>", …]}`: acknowledge; retention may delete |
//! | `POST /keyholder/v1/replies` | a reply bundle from `tipbox vault reply` |
//!
//! Every request needs `Authorization: Bearer <token>`. Answers are JSON (or the tar); errors
//! are generic.

use std::io::{self, Write};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use bytes::Bytes;
use futures_util::StreamExt;
use serde::Deserialize;

use super::State;
use crate::bundle::format::{BundleKind, Manifest};
use crate::bundle::read::read_bundle;
use crate::bundle::write::write_server_bundle;
use crate::crypto::seal;
use crate::server::headers::security_headers;
use crate::server::keyholder_auth::AuthResult;
use crate::store::{ItemId, ItemKind, PartId, PartRole, SourceId};

/// Largest single reply accepted (ciphertext).
pub const MAX_REPLY_BYTES: u64 = 1024 * 1024;
/// Largest ack body.
const MAX_ACK_BODY: usize = 4 * 1024 * 1024;

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
        .default_service(web::to(|| async { error(StatusCode::NOT_FOUND, "not found") }))
}

fn error(status: StatusCode, msg: &'static str) -> HttpResponse {
    HttpResponse::build(status).content_type("application/json").body(format!("{{\"error\":\"{msg}\"}}"))
}

/// Checks the bearer token; `Err` is the response to send.
async fn authorize(req: &HttpRequest, state: &State) -> Result<(), HttpResponse> {
    let header = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let s = state.clone();
    let res = tokio::task::spawn_blocking(move || s.tokens.check(header.as_deref()))
        .await
        .map_err(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"))?;
    match res {
        AuthResult::Ok => Ok(()),
        AuthResult::Denied => {
            let mut r = error(StatusCode::UNAUTHORIZED, "unauthorized");
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            Err(r)
        }
        AuthResult::Throttled(secs) => {
            let mut r = error(StatusCode::TOO_MANY_REQUESTS, "too many failed attempts");
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Err(r)
        }
    }
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

/// `GET /keyholder/v1/bundle`.
async fn bundle(req: HttpRequest, state: State) -> HttpResponse {
    if let Err(r) = authorize(&req, &state).await {
        return r;
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, io::Error>>(4);
    let store = state.store.clone();
    let origin = state.origin.clone();
    let keyholders: Vec<String> = state.recipients.iter().map(|r| r.to_string()).collect();
    let err_tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        let w = ChannelWriter { tx, buf: Vec::with_capacity(CHUNK) };
        match write_server_bundle(&store, origin, keyholders, w) {
            Ok((_, mut w)) => {
                let _ = w.flush();
            }
            Err(e) => {
                tracing::error!(kind = "bundle", "bundle stream failed");
                // Aborting the stream makes the client see a broken transfer, never a short
                // bundle that looks complete.
                let _ = err_tx.blocking_send(Err(io::Error::other(e.to_string())));
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    HttpResponse::Ok()
        .content_type("application/x-tar")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"tipbox-bundle.tar\""))
        .streaming(stream)
}

async fn read_body(mut payload: web::Payload, max: usize) -> Result<Vec<u8>, HttpResponse> {
    let mut buf = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| error(StatusCode::BAD_REQUEST, "unreadable body"))?;
        if buf.len() + chunk.len() > max {
            return Err(error(StatusCode::PAYLOAD_TOO_LARGE, "too large"));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

fn too_large(req: &HttpRequest, max: usize) -> bool {
    super::submit::announced_too_large(req, max as u64)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AckBody {
    items: Vec<ItemId>,
}

/// `POST /keyholder/v1/ack`.
async fn ack(req: HttpRequest, payload: web::Payload, state: State) -> HttpResponse {
    if let Err(r) = authorize(&req, &state).await {
        return r;
    }
    if too_large(&req, MAX_ACK_BODY) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "too large");
    }
    let body = match read_body(payload, MAX_ACK_BODY).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Ok(ack) = serde_json::from_slice::<AckBody>(&body) else {
        return error(StatusCode::BAD_REQUEST, "expected {\\\"items\\\": [ids]}");
    };
    let delete = state.cfg.retention.delete_after_ack;
    match state.blocking(move |s| s.ack(&ack.items, delete)).await {
        Ok(Ok(outcome)) => HttpResponse::Ok().json(outcome),
        _ => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

/// A reply that passed every check.
struct CheckedReply {
    id: ItemId,
    part: PartId,
    source: SourceId,
    ciphertext: Vec<u8>,
}

/// Checks a reply bundle completely before anything is stored.
fn check_replies(store: &crate::store::Store, body: &[u8]) -> Result<Vec<CheckedReply>, &'static str> {
    let mut parts: Vec<(PartId, Vec<u8>)> = Vec::new();
    let manifest: Manifest = read_bundle(body, |m, p, r| {
        if m.kind != BundleKind::Replies {
            return Err("not a reply bundle".into());
        }
        if p.role != PartRole::Reply || p.size > MAX_REPLY_BYTES {
            return Err("bad reply part".into());
        }
        let mut v = Vec::with_capacity(p.size as usize);
        io::Read::read_to_end(&mut io::Read::take(r, MAX_REPLY_BYTES), &mut v).map_err(|e| e.to_string())?;
        seal::check_x25519_header(&v).map_err(|e| e.to_string())?;
        parts.push((p.id, v));
        Ok(())
    })
    .map_err(|_| "not a valid reply bundle")?;
    if manifest.kind != BundleKind::Replies || manifest.items.is_empty() {
        return Err("not a reply bundle");
    }
    let mut out = Vec::new();
    for item in &manifest.items {
        if item.kind != ItemKind::Reply || item.parts.len() != 1 {
            return Err("replies have exactly one part");
        }
        let src = store.source(&item.source).map_err(|_| "store error")?.ok_or("unknown source")?;
        if src.recipient != item.source_recipient {
            return Err("recipient does not match the source");
        }
        let pid = item.parts[0].id;
        let pos = parts.iter().position(|(id, _)| *id == pid).ok_or("missing part")?;
        let (_, ciphertext) = parts.swap_remove(pos);
        out.push(CheckedReply { id: item.id, part: pid, source: item.source, ciphertext });
    }
    Ok(out)
}

/// `POST /keyholder/v1/replies`.
async fn replies(req: HttpRequest, payload: web::Payload, state: State) -> HttpResponse {
    if let Err(r) = authorize(&req, &state).await {
        return r;
    }
    let max = usize::try_from(state.cfg.keyholder_api.max_reply_bundle_bytes).unwrap_or(usize::MAX);
    if too_large(&req, max) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "too large");
    }
    let body = match read_body(payload, max).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let res = state
        .blocking(move |s| -> Result<(usize, usize), &'static str> {
            let checked = check_replies(s, &body)?;
            let mut stored = 0;
            let mut already = 0;
            for r in checked {
                match s.add_reply(r.id, r.part, r.source, &r.ciphertext) {
                    Ok(true) => stored += 1,
                    Ok(false) => already += 1,
                    Err(_) => return Err("store error"),
                }
            }
            Ok((stored, already))
        })
        .await;
    match res {
        Ok(Ok((stored, already))) => {
            HttpResponse::Ok().json(serde_json::json!({ "stored": stored, "already_stored": already }))
        }
        Ok(Err("store error")) | Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
        Ok(Err("unknown source")) => error(StatusCode::NOT_FOUND, "unknown source"),
        Ok(Err(_)) => error(StatusCode::UNPROCESSABLE_ENTITY, "invalid reply bundle"),
    }
}

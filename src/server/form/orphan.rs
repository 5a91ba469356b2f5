//! A follow-up that arrives after its session ended: typing is not activity without
//! JavaScript, so a source who wrote for more than the idle timeout would lose their text. The
//! text is read back (nothing is stored, no file is kept) so that the login page can hold it
//! and send it together with the codename (see `routes::login`).

use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::header::HeaderMap;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use zeroize::Zeroizing;

use super::{FormFailure, MAX_PARTS, multipart_status, read_small, utf8};

/// What an orphaned follow-up carried.
pub struct Orphan {
    /// Its message (CRLF as LF), cut to the limit.
    pub message: Zeroizing<String>,
    /// Files were attached: they were not kept and must be chosen again.
    pub had_files: bool,
}

/// Reads the `message` of a follow-up form, skipping (and counting) files. Bounded like every
/// form read: parts, bytes of the message, and the body's own guard.
pub async fn read_orphan<S>(
    headers: &HeaderMap,
    body: S,
    max_message_chars: usize,
) -> Result<Orphan, FormFailure>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin + 'static,
{
    let mut mp = Multipart::new(headers, body);
    let mut out = Orphan { message: Zeroizing::new(String::new()), had_files: false };
    let mut parts = 0usize;
    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|e| FormFailure::Status(multipart_status(&e)))?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(FormFailure::Status(actix_web::http::StatusCode::BAD_REQUEST));
        }
        match field.name().unwrap_or("") {
            "message" if out.message.is_empty() => {
                let (raw, over) = read_small(&mut field, 4 * max_message_chars).await?;
                let text = utf8(&raw, over).unwrap_or_default().replace("\r\n", "\n");
                *out.message = text.chars().take(max_message_chars).collect();
            }
            name => {
                let is_file = name == "attachment";
                let mut had_bytes = false;
                // Drained, never kept: the body must still be read to answer at all.
                while let Some(chunk) = field.next().await {
                    had_bytes |= !chunk.map_err(|e| FormFailure::Status(multipart_status(&e)))?.is_empty();
                }
                out.had_files |= is_file && had_bytes;
            }
        }
    }
    Ok(out)
}

//! The `attachment` field: a file streams into [`Ingest`] as it arrives, never buffered, and
//! stops the read as soon as the form's total would pass the limit.
//!
//! The forms put every small field before the file input, so when the limit is passed here,
//! all the source wrote has been read and comes back with the form: a too-large upload costs
//! the source their files, never their words. The rest of such a body is still read (and
//! dropped), within the form's byte limit and the body guard's deadlines: a server that
//! answers while the browser is still sending resets the connection, and the browser would
//! show a network error instead of the form.

use actix_multipart::Field;
use actix_web::http::StatusCode;
use bytes::Bytes;
use futures_util::StreamExt;

use super::fields::Reader;
use super::{FormFailure, multipart_status, names, truncate_chars};
use crate::bundle::document::AttachmentMeta;
use crate::server::ingest::Ingest;
use crate::server::size_limits::MAX_CONTENT_TYPE;
use crate::store::PartRole;

/// Whether the read goes on after a field.
pub(super) enum Flow {
    /// Read the next field.
    Next,
    /// Stop here: the form is answered with what was read (413). Only for a body announced
    /// larger than the form's limit, which is not read to its end.
    Stop,
}

async fn next_chunk(field: &mut Field) -> Result<Option<Bytes>, FormFailure> {
    match field.next().await {
        None => Ok(None),
        Some(c) => Ok(Some(c.map_err(|e| FormFailure::Status(multipart_status(&e)))?)),
    }
}

impl Reader<'_, '_> {
    /// The form as read so far, marked too large (for a read that ends before any file).
    pub(super) fn stop_too_large(mut self) -> super::ParsedForm {
        self.too_large();
        self.parsed()
    }

    /// Marks the form as too large: the files are dropped, what was read is echoed.
    fn too_large(&mut self) -> Flow {
        let (limits, tr) = (self.ctx.limits, self.ctx.tr);
        self.errors.add("attachment", tr.t1("err-too-large", "max", tr.size(limits.max_submission_bytes)));
        self.status = StatusCode::PAYLOAD_TOO_LARGE;
        self.files_dropped = true;
        Flow::Stop
    }

    /// Reads what is left of a field and drops it.
    async fn drain(field: &mut Field) -> Result<Flow, FormFailure> {
        while next_chunk(field).await?.is_some() {}
        Ok(Flow::Next)
    }

    /// One `attachment` part.
    pub(super) async fn attachment(
        &mut self,
        field: &mut Field,
        ingest: &mut Ingest,
    ) -> Result<Flow, FormFailure> {
        if !self.csrf_ok {
            // The form sends its token first; a file before it is not from our form.
            return Err(FormFailure::Status(StatusCode::FORBIDDEN));
        }
        if self.ctx.oversized {
            // The request announced more than a form may hold: not a byte of a file is read.
            return Ok(self.too_large());
        }
        if self.status == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::drain(field).await;
        }
        let (limits, tr) = (self.ctx.limits, self.ctx.tr);
        // A file input must carry a filename parameter.
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned)
            .ok_or(FormFailure::Status(StatusCode::BAD_REQUEST))?;
        let content_type = field
            .content_type()
            .map(|m| m.essence_str().to_owned())
            .unwrap_or_else(|| "application/octet-stream".into());
        let content_type = truncate_chars(&content_type, MAX_CONTENT_TYPE);
        let Some(first) = next_chunk(field).await? else {
            // An empty file input (no file chosen) sends an empty part: skip it, but a chosen
            // file that is empty is a mistake worth telling.
            if !filename.is_empty() {
                self.errors.add("attachment", tr.t("err-empty-file"));
            }
            return Ok(Flow::Next);
        };
        let name = match names::check(&filename, limits.max_filename_chars, tr) {
            Ok(n) => Some(n),
            Err(message) => {
                self.errors.append("attachment", message);
                None
            }
        };
        if self.attachments.len() >= limits.max_files {
            self.errors.add("attachment", tr.t1("err-too-many-files", "max", tr.number(limits.max_files)));
        }
        let part =
            if self.errors.any() { None } else { Some(ingest.begin_part(PartRole::Attachment).await?) };
        let mut size = 0u64;
        let mut chunk = Some(first);
        while let Some(c) = chunk.take() {
            size += c.len() as u64;
            if self.total + size > limits.max_submission_bytes {
                // Nothing more is stored; the rest is read only so that the answer arrives.
                self.too_large();
                return Self::drain(field).await;
            }
            if part.is_some() && !self.errors.any() {
                if !(self.ctx.room)(c.len() as u64) {
                    return Err(FormFailure::Status(StatusCode::INSUFFICIENT_STORAGE));
                }
                if let Some(l) = self.ctx.upload {
                    l.upload(c.len()).await;
                }
                ingest.data(c).await?;
            }
            chunk = next_chunk(field).await?;
        }
        self.total += size;
        if let Some(id) = part {
            ingest.end_part().await?;
            self.attachments.push(AttachmentMeta {
                part: id,
                name: name.unwrap_or_default(),
                content_type,
                size,
            });
        }
        self.files_dropped = true;
        Ok(Flow::Next)
    }
}

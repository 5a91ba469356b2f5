//! Encryption on receipt: bytes from the socket go straight into an age stream to every
//! keyholder and on into a part file, on a blocking thread, through a small bounded channel.
//!
//! The request handler never holds more than a few network chunks; the writer thread holds one
//! age chunk (64 KiB) and a write buffer. So memory stays flat whatever the upload size, and
//! neither encryption nor file I/O runs on the async executor. Nothing is written in plaintext:
//! the only file a part ever touches is its ciphertext file.

use std::io::Write;
use std::sync::Arc;

use age::x25519;
use bytes::Bytes;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use zeroize::Zeroizing;

use crate::crypto::{padding, seal};
use crate::store::{BlobDir, PartId, PartRef, PartRole, PartWriter};

/// Messages in flight between handler and writer (each at most one network chunk).
const CHANNEL_DEPTH: usize = 16;

/// Ingest failures (by kind; never carrying content).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Writing or encrypting failed (disk full, I/O error).
    #[error("storage error while receiving: {0}")]
    Storage(String),
    /// The writer stopped (it failed or was aborted).
    #[error("writer stopped")]
    Stopped,
    /// Protocol misuse (data outside a part).
    #[error("ingest misuse: {0}")]
    Misuse(&'static str),
}

enum Msg {
    Start(PartId, PartRole),
    Data(Bytes),
    End,
    Finish,
}

/// A part that was written completely.
#[derive(Debug, Clone)]
pub struct WrittenPart {
    /// Where it is.
    pub part: PartRef,
    /// Plaintext bytes (before padding).
    pub plaintext: u64,
}

/// One submission's writer. Dropping it without [`Ingest::finish`] deletes everything it wrote.
pub struct Ingest {
    tx: Option<mpsc::Sender<Msg>>,
    handle: Option<JoinHandle<Result<Vec<WrittenPart>, IngestError>>>,
    in_part: bool,
}

impl Ingest {
    /// Starts the writer thread.
    pub fn start(blobs: BlobDir, recipients: Arc<Vec<x25519::Recipient>>) -> Self {
        let (tx, rx) = mpsc::channel(CHANNEL_DEPTH);
        let handle = tokio::task::spawn_blocking(move || writer(rx, &blobs, &recipients));
        Self { tx: Some(tx), handle: Some(handle), in_part: false }
    }

    async fn send(&mut self, m: Msg) -> Result<(), IngestError> {
        let tx = self.tx.as_ref().ok_or(IngestError::Stopped)?;
        if tx.send(m).await.is_err() {
            // The writer ended early: its result says why.
            return Err(self.take_error().await);
        }
        Ok(())
    }

    async fn take_error(&mut self) -> IngestError {
        self.tx = None;
        match self.handle.take() {
            Some(h) => match h.await {
                Ok(Err(e)) => e,
                _ => IngestError::Stopped,
            },
            None => IngestError::Stopped,
        }
    }

    /// Starts a new part and returns its id.
    pub async fn begin_part(&mut self, role: PartRole) -> Result<PartId, IngestError> {
        if self.in_part {
            return Err(IngestError::Misuse("part already open"));
        }
        let id = PartId::random().map_err(|e| IngestError::Storage(e.to_string()))?;
        self.send(Msg::Start(id, role)).await?;
        self.in_part = true;
        Ok(id)
    }

    /// Appends plaintext to the open part.
    pub async fn data(&mut self, bytes: Bytes) -> Result<(), IngestError> {
        if !self.in_part {
            return Err(IngestError::Misuse("no open part"));
        }
        if bytes.is_empty() {
            return Ok(());
        }
        self.send(Msg::Data(bytes)).await
    }

    /// Closes the open part (pads, finishes the age stream, fsyncs the file).
    pub async fn end_part(&mut self) -> Result<(), IngestError> {
        if !self.in_part {
            return Err(IngestError::Misuse("no open part"));
        }
        self.in_part = false;
        self.send(Msg::End).await
    }

    /// Writes a whole (already padded) document as one part.
    pub async fn document(&mut self, mut doc: Zeroizing<Vec<u8>>) -> Result<PartId, IngestError> {
        let id = self.begin_part(PartRole::Document).await?;
        self.data(Bytes::from(std::mem::take(&mut *doc))).await?;
        self.end_part().await?;
        Ok(id)
    }

    /// Waits for every part to be durable on disk and returns them in order.
    pub async fn finish(mut self) -> Result<Vec<WrittenPart>, IngestError> {
        if self.in_part {
            return Err(IngestError::Misuse("part still open"));
        }
        self.send(Msg::Finish).await?;
        self.tx = None;
        match self.handle.take() {
            Some(h) => h.await.map_err(|_| IngestError::Stopped)?,
            None => Err(IngestError::Stopped),
        }
    }

    /// Stops the writer and deletes everything it wrote.
    pub async fn abort(mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            // The writer sees the closed channel and deletes its parts itself.
            let _ = h.await;
        }
    }
}

impl Drop for Ingest {
    fn drop(&mut self) {
        // Closing the channel makes the writer clean up; nothing to wait for here.
        self.tx = None;
    }
}

struct Open {
    id: PartId,
    role: PartRole,
    stream: age::stream::StreamWriter<PartWriter>,
    plaintext: u64,
}

fn writer(
    mut rx: mpsc::Receiver<Msg>,
    blobs: &BlobDir,
    recipients: &[x25519::Recipient],
) -> Result<Vec<WrittenPart>, IngestError> {
    let mut done: Vec<WrittenPart> = Vec::new();
    let mut open: Option<Open> = None;
    let res = (|| -> Result<(), IngestError> {
        let st = |e: std::io::Error| IngestError::Storage(e.kind().to_string());
        loop {
            match rx.blocking_recv() {
                // Channel closed without Finish: the request failed or was abandoned.
                None => return Err(IngestError::Stopped),
                Some(Msg::Start(id, role)) => {
                    let file = blobs.create(id).map_err(st)?;
                    let stream = seal::encrypt_stream(recipients, file)
                        .map_err(|e| IngestError::Storage(e.to_string()))?;
                    open = Some(Open { id, role, stream, plaintext: 0 });
                }
                Some(Msg::Data(b)) => {
                    let o = open.as_mut().ok_or(IngestError::Misuse("data outside a part"))?;
                    o.stream.write_all(&b).map_err(st)?;
                    o.plaintext += b.len() as u64;
                }
                Some(Msg::End) => {
                    let mut o = open.take().ok_or(IngestError::Misuse("end outside a part"))?;
                    if o.role != PartRole::Document {
                        // Documents arrive padded; attachments are zero-padded to PADMÉ here.
                        pad_zeros(&mut o.stream, padding::padme(o.plaintext) - o.plaintext).map_err(st)?;
                    }
                    let file = o.stream.finish().map_err(st)?;
                    let (id, size) = file.finish().map_err(st)?;
                    debug_assert_eq!(id, o.id);
                    done.push(WrittenPart {
                        part: PartRef { id, role: o.role, size },
                        plaintext: o.plaintext,
                    });
                }
                Some(Msg::Finish) => return Ok(()),
            }
        }
    })();
    match res {
        Ok(()) => Ok(done),
        Err(e) => {
            drop(open); // an unfinished PartWriter deletes its file on drop
            for p in &done {
                let _ = blobs.remove(&p.part.id);
            }
            Err(e)
        }
    }
}

fn pad_zeros<W: Write>(w: &mut W, mut n: u64) -> std::io::Result<()> {
    static ZEROS: [u8; 64 * 1024] = [0u8; 64 * 1024];
    while n > 0 {
        let k = n.min(ZEROS.len() as u64) as usize;
        w.write_all(&ZEROS[..k])?;
        n -= k as u64;
    }
    Ok(())
}

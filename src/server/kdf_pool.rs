//! A fixed pool of argon2 workers with a short bounded queue.
//!
//! argon2 is the one expensive thing a source can make the server do (64 MiB and ~150 ms per
//! codename by default). Each worker allocates its working memory once, so the pool's memory is
//! `workers × argon2 memory` however many requests arrive; when the queue is full the request
//! fails at once with [`PoolError::Busy`] and the source sees "busy, try again in a minute".

use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;
use zeroize::Zeroizing;

use crate::crypto::codename::Codename;
use crate::crypto::kdf::{self, KdfParams, SourceKeys};

/// Pool errors.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// Queue full: try again later.
    #[error("argon2 pool busy")]
    Busy,
    /// A worker failed or is gone.
    #[error("argon2 failed: {0}")]
    Failed(String),
}

struct Job {
    codenames: Vec<Codename>,
    reply: oneshot::Sender<Result<Vec<SourceKeys>, PoolError>>,
}

/// Handle to the pool.
pub struct KdfPool {
    tx: SyncSender<Job>,
    workers: usize,
}

impl KdfPool {
    /// Starts `workers` threads with a queue of `queue` waiting jobs.
    pub fn start(
        params: KdfParams,
        salt: Zeroizing<[u8; 32]>,
        workers: usize,
        queue: usize,
    ) -> std::io::Result<Self> {
        let workers = workers.max(1);
        let (tx, rx) = mpsc::sync_channel::<Job>(queue);
        let rx = Arc::new(Mutex::new(rx));
        let salt = Arc::new(salt);
        for n in 0..workers {
            let rx = rx.clone();
            let salt = salt.clone();
            std::thread::Builder::new()
                .name(format!("tipbox-argon2-{n}"))
                .spawn(move || worker(params, &salt, &rx))?;
        }
        Ok(Self { tx, workers })
    }

    /// Number of worker threads.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Derives keys for each codename (in order), or fails at once if the queue is full.
    pub async fn derive(&self, codenames: Vec<Codename>) -> Result<Vec<SourceKeys>, PoolError> {
        let (reply, rx) = oneshot::channel();
        match self.tx.try_send(Job { codenames, reply }) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(PoolError::Busy),
            Err(TrySendError::Disconnected(_)) => {
                return Err(PoolError::Failed("pool stopped".into()));
            }
        }
        rx.await.map_err(|_| PoolError::Failed("worker gone".into()))?
    }
}

fn worker(params: KdfParams, salt: &[u8; 32], rx: &Mutex<Receiver<Job>>) {
    let mut memory = match params.new_memory() {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "argon2 worker cannot allocate its memory");
            return;
        }
    };
    loop {
        let job = {
            let guard = rx.lock().unwrap_or_else(|e| e.into_inner());
            guard.recv()
        };
        let Ok(job) = job else { return };
        if job.reply.is_closed() {
            // The client went away while queued: skip the work.
            continue;
        }
        let res = job
            .codenames
            .iter()
            .map(|c| kdf::derive(&params, salt, c, &mut memory))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PoolError::Failed(e.to_string()));
        let _ = job.reply.send(res);
    }
}

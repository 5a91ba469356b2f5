//! A fixed pool of argon2 workers with two queues: reserved submissions first, then logins.
//!
//! argon2 is the one expensive thing a source can make the server do (64 MiB and ~150 ms per
//! codename by default). Each worker allocates its working memory once, so the pool's memory is
//! `workers × argon2 memory` however many requests arrive.
//!
//! - **Logins** wait in a short bounded queue; when it is full a login fails at once with
//!   [`PoolError::Busy`] ("busy, try again in a minute").
//! - **Submissions** take a [`Reservation`] *before their body is read*, so a source who has
//!   finished a long upload is never refused for load: the reservation's job goes to the front
//!   queue, which logins cannot fill. When no reservation is free, the source is told so before
//!   the upload starts. There are as many reservations as upload slots.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
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

#[derive(Default)]
struct Queues {
    reserved: VecDeque<Job>,
    logins: VecDeque<Job>,
    /// Workers waiting for a job (a login may go straight to one of them).
    idle: usize,
}

struct Shared {
    queues: Mutex<Queues>,
    ready: Condvar,
}

/// Handle to the pool.
pub struct KdfPool {
    shared: Arc<Shared>,
    reservations: Arc<Semaphore>,
    login_queue: usize,
    workers: usize,
}

/// A submission's place in the pool, taken before its body is read.
pub struct Reservation {
    shared: Arc<Shared>,
    _permit: OwnedSemaphorePermit,
}

impl KdfPool {
    /// Starts `workers` threads, with `login_queue` logins allowed to wait and `reservations`
    /// submissions able to hold a place.
    pub fn start(
        params: KdfParams,
        salt: Zeroizing<[u8; 32]>,
        workers: usize,
        login_queue: usize,
        reservations: usize,
    ) -> std::io::Result<Self> {
        let workers = workers.max(1);
        let shared = Arc::new(Shared { queues: Mutex::new(Queues::default()), ready: Condvar::new() });
        let salt = Arc::new(salt);
        for n in 0..workers {
            let shared = shared.clone();
            let salt = salt.clone();
            std::thread::Builder::new()
                .name(format!("tipbox-argon2-{n}"))
                .spawn(move || worker(params, &salt, &shared))?;
        }
        Ok(Self { shared, reservations: Arc::new(Semaphore::new(reservations.max(1))), login_queue, workers })
    }

    /// Number of worker threads.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Derives keys for each codename of a login (in order), or fails at once when the login
    /// queue is full.
    pub async fn derive(&self, codenames: Vec<Codename>) -> Result<Vec<SourceKeys>, PoolError> {
        let (reply, rx) = oneshot::channel();
        {
            let mut q = self.shared.queues.lock().unwrap_or_else(|e| e.into_inner());
            if q.logins.len() >= self.login_queue + q.idle {
                return Err(PoolError::Busy);
            }
            q.logins.push_back(Job { codenames, reply });
        }
        self.shared.ready.notify_one();
        rx.await.map_err(|_| PoolError::Failed("worker gone".into()))?
    }

    /// Reserves a submission's derivation, or says at once that the instance is at capacity.
    pub fn reserve(&self) -> Result<Reservation, PoolError> {
        let permit = self.reservations.clone().try_acquire_owned().map_err(|_| PoolError::Busy)?;
        Ok(Reservation { shared: self.shared.clone(), _permit: permit })
    }
}

impl Reservation {
    /// Derives one codename's keys ahead of every waiting login. Never refused for load.
    pub async fn derive(&self, codename: Codename) -> Result<SourceKeys, PoolError> {
        let (reply, rx) = oneshot::channel();
        self.shared
            .queues
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .reserved
            .push_back(Job { codenames: vec![codename], reply });
        self.shared.ready.notify_one();
        let mut keys = rx.await.map_err(|_| PoolError::Failed("worker gone".into()))??;
        keys.pop().ok_or_else(|| PoolError::Failed("no keys".into()))
    }
}

fn worker(params: KdfParams, salt: &[u8; 32], shared: &Shared) {
    let mut memory = match params.new_memory() {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "argon2 worker cannot allocate its memory");
            return;
        }
    };
    loop {
        let job = {
            let mut q = shared.queues.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if let Some(j) = q.reserved.pop_front().or_else(|| q.logins.pop_front()) {
                    break j;
                }
                q.idle += 1;
                q = shared.ready.wait(q).unwrap_or_else(|e| e.into_inner());
                q.idle -= 1;
            }
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    const P: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

    #[tokio::test]
    async fn logins_queue_is_bounded_reservations_are_not() {
        let pool = KdfPool::start(P, Zeroizing::new([1; 32]), 1, 0, 2).unwrap();
        let c = || Codename::generate().unwrap();
        while pool.shared.queues.lock().unwrap().idle == 0 {
            std::thread::yield_now();
        }
        assert!(pool.derive(vec![c()]).await.is_ok(), "an idle worker takes a login at once");
        let r1 = pool.reserve().unwrap();
        let r2 = pool.reserve().unwrap();
        assert!(pool.reserve().is_err(), "reservations are counted");
        assert!(r1.derive(c()).await.is_ok());
        assert!(r2.derive(c()).await.is_ok());
        drop(r1);
        assert!(pool.reserve().is_ok(), "a finished submission gives its place back");
    }
}

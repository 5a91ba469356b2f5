//! Shared server state, built once at start-up and handed to every worker.

use std::sync::Arc;
use std::time::Duration;

use age::x25519;
use tokio::sync::Semaphore;

use super::csrf::Csrf;
use super::kdf_pool::KdfPool;
use super::session::Sessions;
use crate::config::Config;
use crate::crypto::instance::InstanceKeys;
use crate::crypto::kdf::KdfParams;
use crate::crypto::seal;
use crate::crypto::sign::PublicKey;
use crate::store::Store;

/// Shared state as handlers receive it.
pub type State = actix_web::web::Data<AppState>;

/// Start-up errors of the state.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// No or bad keyholder recipients.
    #[error("keyholders: {0}")]
    Recipients(#[from] seal::SealError),
    /// A keyholder's signing key or token hash.
    #[error("keyholders: {0}")]
    Keys(String),
    /// The questionnaire.
    #[error("{0}")]
    Questions(String),
    /// Thread start failure.
    #[error("cannot start workers: {0}")]
    Io(#[from] std::io::Error),
}

/// Everything handlers share.
pub struct AppState {
    /// Configuration.
    pub cfg: Config,
    /// The store.
    pub store: Store,
    /// Keyholder recipients every part is encrypted to.
    pub recipients: Arc<Vec<x25519::Recipient>>,
    /// CSRF tokens.
    pub csrf: Csrf,
    /// Form tokens already used to store something (one submission per token).
    pub spent: super::csrf::Spent,
    /// Source sessions.
    pub sessions: Sessions,
    /// argon2 pool.
    pub kdf: KdfPool,
    /// Upload slots, shared fairly (each holds a writer thread).
    pub slots: super::slots::Slots,
    /// Concurrent blocking store calls from source-side handlers.
    pub blocking: Arc<Semaphore>,
    /// Small forms being read (see [`AppState::small_body`]).
    pub small_bodies: Semaphore,
    /// Concurrent blocking store calls from the keyholder API: a lane of its own, so that a
    /// flood on the source side cannot starve pull, push and ack.
    pub keyholder_blocking: Arc<Semaphore>,
    /// Set `Secure` on cookies.
    pub secure_cookies: bool,
    /// Keyholder API tokens.
    pub tokens: super::tokens::TokenAuth,
    /// Keyholders' signing keys, by config name: replies and acknowledgements must carry one
    /// of these signatures.
    pub signers: Vec<(String, PublicKey)>,
    /// This instance's non-secret id (named in bundles).
    pub origin: String,
    /// Rate limits.
    pub limits: super::rate_limits::Limiters,
    /// The questionnaire of the form.
    pub questions: crate::model::questions::Questionnaire,
    /// What each tip's document records of it (English labels, option ids).
    pub question_records: Vec<crate::model::questions::QuestionRecord>,
    /// sled's size on disk, refreshed at most once a second (reading it walks files).
    sled_bytes: std::sync::Mutex<(std::time::Instant, u64)>,
}

/// Most blocking store calls in flight from source-side handlers.
pub const MAX_BLOCKING: usize = 64;
/// Most blocking calls in flight from the keyholder API (bundle streams included).
pub const MAX_KEYHOLDER_BLOCKING: usize = 8;

impl AppState {
    /// Builds the state (starts the argon2 pool).
    pub fn new(cfg: Config, store: Store, keys: InstanceKeys) -> Result<Self, StateError> {
        let recipients =
            seal::parse_recipients(&cfg.keyholders.iter().map(|k| k.recipient.clone()).collect::<Vec<_>>())?;
        let params = KdfParams {
            memory_kib: cfg.argon2.memory_kib,
            iterations: cfg.argon2.iterations,
            parallelism: cfg.argon2.parallelism,
        };
        let l = &cfg.limits;
        let kdf = KdfPool::start(
            params,
            keys.argon2_salt.clone(),
            cfg.argon2_workers(),
            cfg.argon2.queue,
            l.max_concurrent_uploads.max(1),
        )?;
        let slots = super::slots::Slots::new(super::slots::Caps {
            total: l.max_concurrent_uploads,
            reserved_followups: l.reserved_followup_uploads,
            per_circuit: l.max_uploads_per_circuit,
            per_session: l.max_uploads_per_session,
            min_rate: cfg.http.body_min_bytes_per_sec,
        });
        let sessions = Sessions::new(
            Duration::from_secs(cfg.sessions.idle_timeout_secs),
            Duration::from_secs(cfg.sessions.absolute_timeout_secs),
            cfg.sessions.max_sessions,
        );
        let secure_cookies = cfg.source.secure_cookies || cfg.source.tls_cert.is_some();
        let mut signers = Vec::new();
        for k in &cfg.keyholders {
            if let Some(sk) = &k.signing_key {
                let key =
                    sk.parse::<PublicKey>().map_err(|e| StateError::Keys(format!("{}: {e}", k.name)))?;
                signers.push((k.name.clone(), key));
            }
        }
        let tokens = super::tokens::TokenAuth::new(
            &cfg.keyholder_api.tokens,
            cfg.rate_limits.keyholder_auth_failures_per_minute,
        )
        .map_err(|e| StateError::Keys(format!("token hash {e}")))?;
        let questions = cfg.questionnaire().map_err(|e| StateError::Questions(e.to_string()))?;
        let question_records = questions.records(crate::locale::english, cfg.limits.max_field_chars);
        Ok(Self {
            questions,
            question_records,
            csrf: Csrf::new(keys.csrf_key.clone()),
            spent: Default::default(),
            recipients: Arc::new(recipients),
            sessions,
            kdf,
            slots,
            blocking: Arc::new(Semaphore::new(MAX_BLOCKING)),
            keyholder_blocking: Arc::new(Semaphore::new(MAX_KEYHOLDER_BLOCKING)),
            small_bodies: Semaphore::new(cfg.http.max_pending_small_bodies.max(1)),
            secure_cookies,
            tokens,
            signers,
            origin: keys.origin.clone(),
            limits: super::rate_limits::Limiters::new(&cfg.rate_limits),
            sled_bytes: std::sync::Mutex::new((std::time::Instant::now() - Duration::from_secs(10), 0)),
            store,
            cfg,
        })
    }

    /// Whether `extra` more bytes fit: under the store quota and above the free-disk reserve.
    /// Cheap enough to call for every uploaded chunk.
    pub fn storage_room(&self, extra: u64) -> bool {
        const MIB: u64 = 1024 * 1024;
        let s = &self.cfg.storage;
        let sled = {
            let mut g = self.sled_bytes.lock().unwrap_or_else(|e| e.into_inner());
            if g.0.elapsed() > Duration::from_secs(1) {
                *g = (std::time::Instant::now(), self.store.sled_bytes());
            }
            g.1
        };
        let used = self.store.blobs().usage().bytes() + sled;
        if s.quota_mib > 0 && used.saturating_add(extra) > s.quota_mib.saturating_mul(MIB) {
            return false;
        }
        match rustix::fs::statvfs(&self.cfg.data_dir) {
            Ok(st) => {
                let avail = st.f_bavail.saturating_mul(st.f_frsize);
                avail >= s.reserve_mib.saturating_mul(MIB).saturating_add(extra)
            }
            // If the file system cannot tell, the quota above is the only guard.
            Err(_) => true,
        }
    }

    /// Starts a long blocking job of the keyholder API (a bundle stream) holding one of its
    /// lane's permits until it ends; refuses at once when none is free.
    pub fn spawn_keyholder_blocking<F>(&self, f: F) -> Result<(), super::errors::Failure>
    where
        F: FnOnce(&Store) + Send + 'static,
    {
        let permit =
            self.keyholder_blocking.clone().try_acquire_owned().map_err(|_| super::errors::Failure::Busy)?;
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&store)
        });
        Ok(())
    }

    /// Reads a small form body (login, logout) of at most `max` bytes, whole within
    /// `[http] small_body_timeout_secs`, and only while fewer than `max_pending_small_bodies`
    /// are being read: unfinished small bodies hold nothing for long, and not many of them.
    pub async fn small_body(
        &self,
        payload: actix_web::web::Payload,
        max: usize,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, super::errors::Failure> {
        use super::errors::Failure;
        let _reading = self.small_bodies.try_acquire().map_err(|_| Failure::Busy)?;
        let policy = super::body::BodyPolicy::from_config(&self.cfg.http);
        let read = super::body::read_all(payload, max as u64, None, policy);
        let deadline = Duration::from_secs(self.cfg.http.small_body_timeout_secs.max(1));
        match tokio::time::timeout(deadline, read).await {
            Err(_) => Err(Failure::Timeout),
            Ok(Err(actix_web::error::PayloadError::Overflow)) => Err(Failure::TooLarge),
            Ok(Err(_)) => Err(Failure::BadRequest),
            Ok(Ok(body)) => Ok(body),
        }
    }

    /// Runs a blocking store call of a keyholder API request in its own lane.
    pub async fn keyholder_blocking<T, F>(&self, f: F) -> Result<T, super::errors::Failure>
    where
        F: FnOnce(&Store) -> T + Send + 'static,
        T: Send + 'static,
    {
        Self::run_blocking(&self.keyholder_blocking, self.store.clone(), f).await
    }

    /// Runs a blocking store call on the blocking pool, bounded by [`MAX_BLOCKING`].
    pub async fn blocking<T, F>(&self, f: F) -> Result<T, super::errors::Failure>
    where
        F: FnOnce(&Store) -> T + Send + 'static,
        T: Send + 'static,
    {
        Self::run_blocking(&self.blocking, self.store.clone(), f).await
    }

    async fn run_blocking<T, F>(lane: &Semaphore, store: Store, f: F) -> Result<T, super::errors::Failure>
    where
        F: FnOnce(&Store) -> T + Send + 'static,
        T: Send + 'static,
    {
        let _permit = lane.acquire().await.map_err(|_| super::errors::Failure::Busy)?;
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|_| super::errors::Failure::Internal("blocking task failed"))
    }
}

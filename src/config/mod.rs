//! Typed configuration, layered: built-in defaults → TOML file → `TIPBOX_` environment →
//! command-line flags (applied by the CLI).
//!
//! Every struct denies unknown fields, so a typo in a key is an error at start-up rather than a
//! silently ignored setting. Environment variables name a key with its section, separated by a
//! double underscore: `TIPBOX_LIMITS__MAX_FILES=5`, `TIPBOX_DATA_DIR=/srv/tipbox`,
//! `TIPBOX_KEYHOLDERS='[{name="a", recipient="age1…"}]'`. A value is read as a TOML value when it
//! parses as one and as a string otherwise.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

mod layers;

/// Environment variables with the `TIPBOX_` prefix that are *not* configuration keys.
pub const RESERVED_ENV: &[&str] = &["TIPBOX_PASSPHRASE", "TIPBOX_LOG"];

/// Errors while loading or validating configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The layered configuration does not deserialise (syntax, type or unknown key).
    #[error("invalid configuration: {0}")]
    Parse(String),
    /// A value is out of range or inconsistent.
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// The whole configuration of a tipbox instance.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Name of the organisation running the tip line, shown on every page.
    pub organisation: String,
    /// Directory holding the store, the instance secret and (in demo mode) demo keys.
    pub data_dir: PathBuf,
    /// Source interface listener.
    pub source: SourceListener,
    /// Keyholder API listener.
    pub keyholder_api: KeyholderApi,
    /// Keyholders: every tip is encrypted to each of these recipients.
    pub keyholders: Vec<Keyholder>,
    /// Size limits of submissions.
    pub limits: Limits,
    /// Cost of the codename key derivation and the pool that runs it.
    pub argon2: Argon2Config,
    /// Source sessions.
    pub sessions: SessionConfig,
    /// What the server keeps, and for how long.
    pub retention: Retention,
    /// Rate limits (token buckets).
    pub rate_limits: RateLimits,
    /// Storage quota and free-disk reserve.
    pub storage: StorageConfig,
    /// Connection-level limits and timeouts.
    pub http: HttpLimits,
    /// The questionnaire (README, "Questionnaire"): `[[questions]]` replaces the default one
    /// as a whole.
    pub questions: Vec<crate::model::questions::Question>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            organisation: "tipbox".into(),
            data_dir: PathBuf::from("data"),
            source: SourceListener::default(),
            keyholder_api: KeyholderApi::default(),
            keyholders: Vec::new(),
            limits: Limits::default(),
            argon2: Argon2Config::default(),
            sessions: SessionConfig::default(),
            retention: Retention::default(),
            rate_limits: RateLimits::default(),
            storage: StorageConfig::default(),
            http: HttpLimits::default(),
            questions: crate::model::questions::default_questions(),
        }
    }
}

/// The listener sources reach (normally through Tor's `HiddenServicePort … unix:`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SourceListener {
    /// `HOST:PORT` or `unix:/path`.
    pub listen: String,
    /// Expect a PROXY protocol v1 header on every connection (Tor's
    /// `HiddenServiceExportCircuitID haproxy`) and rate-limit per Tor circuit.
    pub proxy_protocol: bool,
    /// Mark the session cookie `Secure` even without TLS (Tor Browser treats `.onion` as a
    /// secure context). Always on under TLS.
    pub secure_cookies: bool,
    /// PEM certificate chain for TLS on this listener.
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for TLS on this listener.
    pub tls_key: Option<PathBuf>,
    /// Also accept TLS 1.2 (TLS 1.3 only by default).
    pub tls12: bool,
    /// The onion address (`xxxx.onion`), advertised with `Onion-Location` on TLS responses.
    pub onion_address: Option<String>,
}

impl Default for SourceListener {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            proxy_protocol: false,
            secure_cookies: false,
            tls_cert: None,
            tls_key: None,
            tls12: false,
            onion_address: None,
        }
    }
}

/// The listener for keyholders' `pull`, `push` and `ack`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeyholderApi {
    /// `HOST:PORT` or `unix:/path`; empty disables the API.
    pub listen: String,
    /// One token per keyholder: keyholder name → `sha256:…` hash (`tipbox token --name NAME`
    /// prints the line). Removing a line revokes that keyholder's token alone.
    pub tokens: BTreeMap<String, String>,
    /// Unnamed argon2 token hashes of older versions: refused with a migration message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub token_hashes: Vec<String>,
    /// Largest reply or sync bundle accepted by `POST /keyholder/v1/replies` and `/team`, in
    /// bytes.
    pub max_reply_bundle_bytes: u64,
}

impl Default for KeyholderApi {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8081".into(),
            tokens: BTreeMap::new(),
            token_hashes: Vec::new(),
            max_reply_bundle_bytes: 16 * 1024 * 1024,
        }
    }
}

/// One keyholder: a name for humans, an age X25519 recipient and an Ed25519 signing key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyholder {
    /// Name, for the operator only (never published); names their API token.
    pub name: String,
    /// `age1…` recipient: every tip is encrypted to it.
    pub recipient: String,
    /// `tipboxsig1…` public signing key: replies and acknowledgements signed by it are
    /// accepted. Without one, this keyholder can neither reply nor acknowledge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<String>,
}

/// Submission size limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Longest message, in characters.
    pub max_message_chars: usize,
    /// Most attachments in one submission or follow-up.
    pub max_files: usize,
    /// Largest submission (all parts together), in bytes.
    pub max_submission_bytes: u64,
    /// Longest short text answer (`city`, `when`), in characters.
    pub max_field_chars: usize,
    /// Longest attachment file name kept, in characters.
    pub max_filename_chars: usize,
    /// Submissions and follow-ups received at the same time (each holds a writer thread);
    /// beyond it sources get "busy, try again in a minute".
    pub max_concurrent_uploads: usize,
    /// Of those, kept for follow-ups of logged-in sources (new submissions cannot take them).
    pub reserved_followup_uploads: usize,
    /// Uploads one Tor circuit may have at once (needs `proxy_protocol`).
    pub max_uploads_per_circuit: usize,
    /// Uploads one source session may have at once.
    pub max_uploads_per_session: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_chars: 100_000,
            max_files: 10,
            max_submission_bytes: 500 * 1024 * 1024,
            max_field_chars: 200,
            max_filename_chars: 255,
            max_concurrent_uploads: 64,
            reserved_followup_uploads: 8,
            max_uploads_per_circuit: 2,
            max_uploads_per_session: 2,
        }
    }
}

/// argon2id cost for codenames, and the bounded pool that runs it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Argon2Config {
    /// Memory per hash in KiB (64 MiB by default; never lower it in production).
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
    /// Worker threads; 0 means one per CPU core.
    pub workers: usize,
    /// Jobs allowed to wait for a worker before sources get "busy, try again".
    pub queue: usize,
}

impl Default for Argon2Config {
    fn default() -> Self {
        Self { memory_kib: 64 * 1024, iterations: 3, parallelism: 1, workers: 0, queue: 8 }
    }
}

/// Source session lifetimes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionConfig {
    /// Idle timeout in seconds.
    pub idle_timeout_secs: u64,
    /// Absolute lifetime in seconds.
    pub absolute_timeout_secs: u64,
    /// Most concurrent sessions held in memory.
    pub max_sessions: usize,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self { idle_timeout_secs: 30 * 60, absolute_timeout_secs: 2 * 60 * 60, max_sessions: 10_000 }
    }
}

/// Retention policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    /// Delete tips and follow-ups from the server once acknowledged (see `acked_by`).
    pub delete_after_ack: bool,
    /// Whose acknowledgements make an item leave the server: every keyholder (`all`, the
    /// default: nobody's copy is lost because someone else was first) or the first (`any`).
    pub acked_by: AckRule,
    /// Delete a reply this many days after it was stored, read or not (0 = keep). Nothing
    /// records whether or when a source read it.
    pub reply_days: u32,
    /// Delete a source, and the login its codename opens, this many days after its thread was
    /// found empty (every tip deleted, every reply expired), unless something new arrived.
    /// Keyholders can reply until then.
    pub source_grace_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self { delete_after_ack: true, acked_by: AckRule::All, reply_days: 90, source_grace_days: 30 }
    }
}

impl Retention {
    /// What the store's settle pass deletes.
    pub fn settle_rules(&self) -> crate::store::settle::Rules {
        crate::store::settle::Rules { reply_days: self.reply_days, source_grace_days: self.source_grace_days }
    }
}

/// Whose acknowledgements retire an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckRule {
    /// Every `[[keyholders]]` entry.
    All,
    /// Any one keyholder.
    Any,
}

/// Token-bucket rate limits. `*_per_minute` is the sustained rate, `*_burst` the bucket size.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// New submissions, whole instance.
    pub submissions_per_minute: u32,
    /// Burst of new submissions, whole instance.
    pub submissions_burst: u32,
    /// Login attempts, whole instance.
    pub logins_per_minute: u32,
    /// Burst of login attempts, whole instance.
    pub logins_burst: u32,
    /// Follow-ups, whole instance.
    pub followups_per_minute: u32,
    /// Burst of follow-ups, whole instance.
    pub followups_burst: u32,
    /// Upload bytes per minute, whole instance (MiB).
    pub upload_mib_per_minute: u32,
    /// Actions per Tor circuit per minute (needs `proxy_protocol`).
    pub per_circuit_per_minute: u32,
    /// Burst per Tor circuit.
    pub per_circuit_burst: u32,
    /// Follow-ups and failed actions per session per minute.
    pub per_session_per_minute: u32,
    /// Burst per session.
    pub per_session_burst: u32,
    /// Failed keyholder API authentications per minute, whole instance.
    pub keyholder_auth_failures_per_minute: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            submissions_per_minute: 30,
            submissions_burst: 10,
            logins_per_minute: 60,
            logins_burst: 20,
            followups_per_minute: 60,
            followups_burst: 20,
            upload_mib_per_minute: 2048,
            per_circuit_per_minute: 10,
            per_circuit_burst: 5,
            per_session_per_minute: 10,
            per_session_burst: 5,
            keyholder_auth_failures_per_minute: 10,
        }
    }
}

/// Storage limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// Most bytes the store may hold (records and ciphertext), MiB. 0 = no quota.
    pub quota_mib: u64,
    /// Free space to leave on the data directory's file system, MiB.
    pub reserve_mib: u64,
    /// sled's page cache, MiB.
    pub cache_mib: u64,
    /// The store settles (rewrite, deletions, file times: see `store::settle`) at a random
    /// moment within every this many minutes, and at shutdown. What arrived since the latest
    /// settle is what a disk image can still date and order.
    pub settle_minutes: u64,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self { quota_mib: 0, reserve_mib: 1024, cache_mib: 16, settle_minutes: 10 }
    }
}

/// Connection limits and timeouts of both listeners.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpLimits {
    /// Seconds a client has to send the request head (Tor is slow: keep it generous).
    pub header_timeout_secs: u64,
    /// Seconds a request body may stall without a single byte before it is cut off.
    pub body_idle_timeout_secs: u64,
    /// Seconds a body may take before its average rate is enforced.
    pub body_grace_secs: u64,
    /// Lowest average rate of a body after the grace period, bytes per second; also sets each
    /// body's deadline (`grace + announced size / rate`).
    pub body_min_bytes_per_sec: u64,
    /// Seconds a small form (login, logout) has to arrive whole.
    pub small_body_timeout_secs: u64,
    /// Small forms being read at once; beyond it the answer is "busy" at once, so unfinished
    /// small bodies cannot pile up whatever the rate limits.
    pub max_pending_small_bodies: usize,
    /// Keep-alive, seconds.
    pub keep_alive_secs: u64,
    /// Open connections to the source listener, whole server.
    pub max_connections: usize,
    /// Open connections to the keyholder API, whole server (its own budget: the source side
    /// cannot take it).
    pub keyholder_max_connections: usize,
    /// Open connections one Tor circuit may hold (needs `proxy_protocol`).
    pub max_connections_per_circuit: usize,
    /// Seconds to let in-flight requests finish at shutdown.
    pub shutdown_timeout_secs: u64,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_timeout_secs: 30,
            body_idle_timeout_secs: 120,
            body_grace_secs: 60,
            body_min_bytes_per_sec: 4096,
            small_body_timeout_secs: 20,
            max_pending_small_bodies: 64,
            keep_alive_secs: 30,
            max_connections: 1024,
            keyholder_max_connections: 64,
            max_connections_per_circuit: 16,
            shutdown_timeout_secs: 60,
        }
    }
}

impl Config {
    /// Number of argon2 workers after resolving `0` to the number of cores.
    pub fn argon2_workers(&self) -> usize {
        match self.argon2.workers {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            n => n,
        }
    }
}

#[cfg(test)]
mod tests;

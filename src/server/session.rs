//! Source sessions: in memory only, never on disk.
//!
//! A session id is 256 random bits, sent in an `HttpOnly; SameSite=Strict` cookie (with
//! `Secure` and the `__Host-` prefix under TLS or when configured). The map is keyed by
//! SHA-256 of the id, so looking a cookie up compares hashes, not secrets. A session holds the
//! source's thread id and the seed of its age identity; both are zeroized when the session ends
//! (logout, idle timeout, absolute timeout).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::store::SourceId;

/// Cookie name without TLS.
pub const COOKIE: &str = "session";
/// Cookie name with `Secure` (the `__Host-` prefix pins it to this host and path `/`).
pub const COOKIE_SECURE: &str = "__Host-session";

/// A live session. No `Debug`.
pub struct Session {
    /// The source's thread.
    pub source: SourceId,
    /// Seed of the source's age identity.
    pub seed: Zeroizing<[u8; 32]>,
    /// SHA-256 of the session id (binds CSRF tokens to this session).
    pub binding: [u8; 32],
    created: Instant,
    last_seen: Instant,
    /// A message to show once on the next page.
    pub notice: Option<&'static str>,
}

/// All sessions.
pub struct Sessions {
    map: Mutex<HashMap<[u8; 32], Session>>,
    idle: Duration,
    absolute: Duration,
    max: usize,
}

/// Why a session could not be created.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// Too many live sessions.
    #[error("too many sessions")]
    Full,
    /// No randomness.
    #[error("no randomness")]
    Random,
}

fn key_of(id: &str) -> Option<[u8; 32]> {
    if id.len() != 64 {
        return None;
    }
    let raw = Zeroizing::new(crate::crypto::unhex::<32>(id)?);
    Some(Sha256::digest(&raw[..]).into())
}

impl Sessions {
    /// Empty set with the given lifetimes and capacity.
    pub fn new(idle: Duration, absolute: Duration, max: usize) -> Self {
        Self { map: Mutex::new(HashMap::new()), idle, absolute, max }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Session>> {
        // A poisoned lock only means another request panicked mid-update; the map itself is
        // still a valid map of sessions.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates a session and returns its id (for the cookie).
    pub fn create(
        &self,
        source: SourceId,
        seed: Zeroizing<[u8; 32]>,
    ) -> Result<Zeroizing<String>, SessionError> {
        let raw = Zeroizing::new(crate::crypto::random_array::<32>().map_err(|_| SessionError::Random)?);
        let id = Zeroizing::new(crate::crypto::hex(raw.as_ref()));
        let key: [u8; 32] = Sha256::digest(&raw[..]).into();
        let now = Instant::now();
        let mut map = self.lock();
        if map.len() >= self.max {
            Self::prune_locked(&mut map, now, self.idle, self.absolute);
            if map.len() >= self.max {
                return Err(SessionError::Full);
            }
        }
        map.insert(key, Session { source, seed, binding: key, created: now, last_seen: now, notice: None });
        Ok(id)
    }

    /// Runs `f` on the live session for cookie value `id`, refreshing its idle timer.
    /// Expired sessions are removed (and zeroized) instead.
    pub fn with<R>(&self, id: &str, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        let key = key_of(id)?;
        let now = Instant::now();
        let mut map = self.lock();
        let expired = match map.get(&key) {
            None => return None,
            Some(s) => {
                now.duration_since(s.last_seen) > self.idle || now.duration_since(s.created) > self.absolute
            }
        };
        if expired {
            map.remove(&key);
            return None;
        }
        let s = map.get_mut(&key)?;
        s.last_seen = now;
        Some(f(s))
    }

    /// Ends a session.
    pub fn remove(&self, id: &str) {
        if let Some(key) = key_of(id) {
            self.lock().remove(&key);
        }
    }

    /// Drops expired sessions; returns how many remain.
    pub fn prune(&self) -> usize {
        let mut map = self.lock();
        Self::prune_locked(&mut map, Instant::now(), self.idle, self.absolute);
        map.len()
    }

    fn prune_locked(map: &mut HashMap<[u8; 32], Session>, now: Instant, idle: Duration, absolute: Duration) {
        map.retain(|_, s| {
            now.duration_since(s.last_seen) <= idle && now.duration_since(s.created) <= absolute
        });
    }

    /// Number of live sessions.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether there are no sessions.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_use_expire_remove() {
        let s = Sessions::new(Duration::from_millis(50), Duration::from_secs(60), 2);
        let src = SourceId([1; 16]);
        let id = s.create(src, Zeroizing::new([9; 32])).unwrap();
        assert_eq!(s.with(&id, |x| x.source), Some(src));
        assert!(s.with("00", |_| ()).is_none());
        assert!(s.with(&"0".repeat(64), |_| ()).is_none());
        std::thread::sleep(Duration::from_millis(80));
        assert!(s.with(&id, |_| ()).is_none(), "idle timeout");
        let id2 = s.create(src, Zeroizing::new([9; 32])).unwrap();
        s.remove(&id2);
        assert!(s.with(&id2, |_| ()).is_none());
    }

    #[test]
    fn capacity_is_bounded() {
        let s = Sessions::new(Duration::from_secs(60), Duration::from_secs(60), 1);
        let _a = s.create(SourceId([1; 16]), Zeroizing::new([0; 32])).unwrap();
        assert!(matches!(s.create(SourceId([2; 16]), Zeroizing::new([0; 32])), Err(SessionError::Full)));
    }
}

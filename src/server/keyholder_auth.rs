//! Bearer-token authentication of the keyholder API.
//!
//! Tokens are checked against the argon2 PHC hashes in the config (argon2's verification
//! compares in constant time). A token that verified is remembered, by its SHA-256, for a few
//! minutes so that one `pull` does not pay for argon2 on every request. Failures are throttled
//! with a governor bucket for the whole instance: past it, every unknown token is refused with
//! 429 before any argon2 work, while tokens already known keep working.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::crypto::token;

/// How long a verified token is remembered.
const CACHE_TTL: Duration = Duration::from_secs(300);
/// Longest `Authorization` value considered.
const MAX_HEADER: usize = 512;

/// Outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthResult {
    /// A configured token.
    Ok,
    /// Missing or wrong.
    Denied,
    /// Too many failures recently: retry after this many seconds.
    Throttled(u64),
}

/// The keyholder API's token checker.
pub struct TokenAuth {
    hashes: Vec<String>,
    cache: Mutex<HashMap<[u8; 32], Instant>>,
    failures: DefaultDirectRateLimiter,
    blocked_until: Mutex<Option<Instant>>,
}

impl TokenAuth {
    /// With the configured hashes and a failure budget per minute.
    pub fn new(hashes: Vec<String>, failures_per_minute: u32) -> Self {
        let per_min = NonZeroU32::new(failures_per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            hashes,
            cache: Mutex::new(HashMap::new()),
            failures: RateLimiter::direct(Quota::per_minute(per_min)),
            blocked_until: Mutex::new(None),
        }
    }

    fn cached(&self, digest: &[u8; 32]) -> bool {
        let now = Instant::now();
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|_, t| now.duration_since(*t) < CACHE_TTL);
        // Constant-time over every cached digest: no early exit on a matching prefix.
        let mut hit = 0u8;
        for k in cache.keys() {
            hit |= k.ct_eq(digest).unwrap_u8();
        }
        hit == 1
    }

    /// Checks an `Authorization` header value. Blocking (argon2): call off the executor.
    pub fn check(&self, header: Option<&str>) -> AuthResult {
        let Some(tok) = header.filter(|h| h.len() <= MAX_HEADER).and_then(|h| h.strip_prefix("Bearer "))
        else {
            return self.fail();
        };
        let tok = Zeroizing::new(tok.trim().as_bytes().to_vec());
        let digest: [u8; 32] = Sha256::digest(&tok[..]).into();
        if self.cached(&digest) {
            return AuthResult::Ok;
        }
        if let Some(until) = *self.blocked_until.lock().unwrap_or_else(|e| e.into_inner()) {
            let now = Instant::now();
            if now < until {
                return AuthResult::Throttled(until.duration_since(now).as_secs().max(1));
            }
        }
        // Verify against every hash, so the time taken does not say which one matched.
        let mut ok = false;
        for h in &self.hashes {
            ok |= token::verify(&tok, h);
        }
        if ok {
            self.cache.lock().unwrap_or_else(|e| e.into_inner()).insert(digest, Instant::now());
            AuthResult::Ok
        } else {
            self.fail()
        }
    }

    fn fail(&self) -> AuthResult {
        match self.failures.check() {
            Ok(()) => AuthResult::Denied,
            Err(not_until) => {
                let wait = not_until
                    .wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
                let until = Instant::now() + wait;
                *self.blocked_until.lock().unwrap_or_else(|e| e.into_inner()) = Some(until);
                AuthResult::Throttled(wait.as_secs().max(1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn tokens_are_checked_and_failures_throttled() {
        let (t, h) = token::generate().unwrap();
        let a = TokenAuth::new(vec![h], 2);
        let good = format!("Bearer {}", t.expose_secret());
        assert_eq!(a.check(Some(&good)), AuthResult::Ok);
        assert_eq!(a.check(Some(&good)), AuthResult::Ok, "cached");
        assert_eq!(a.check(None), AuthResult::Denied);
        assert_eq!(a.check(Some("Bearer nope")), AuthResult::Denied);
        assert!(matches!(a.check(Some("Bearer nope")), AuthResult::Throttled(_)));
        assert!(matches!(a.check(Some("Bearer other")), AuthResult::Throttled(_)));
        assert_eq!(a.check(Some(&good)), AuthResult::Ok, "a known token still works under attack");
    }
}

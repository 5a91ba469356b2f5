//! CSRF tokens: `base64url(hour ‖ nonce ‖ HMAC-SHA256(key, purpose ‖ hour ‖ nonce ‖ binding)[..16])`.
//!
//! Stateless, and valid for 48 hours because a large upload over Tor can take a long time
//! after the form was loaded. Every token is bound: forms of a logged-in source to the session
//! id, anonymous forms (a new tip, the login) to the `SameSite=Strict` pre-session cookie (see
//! [`super::request::form_cookie`]), so a token fetched by one client is useless in another —
//! the login-CSRF recipe (an attacker's token and codename posted from a victim's browser)
//! fails. The issue time is the shown hour of [`super::clock`], never the server's seconds.
//! Verification is constant-time.

use std::collections::HashMap;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// How long a token stays valid, in hours.
pub const VALIDITY_HOURS: u64 = 48;

/// Issues and checks CSRF tokens.
pub struct Csrf {
    key: Zeroizing<[u8; 32]>,
}

fn now() -> u64 {
    super::clock::hour().max(0) as u64
}

impl Csrf {
    /// With the instance's CSRF key.
    pub fn new(key: Zeroizing<[u8; 32]>) -> Self {
        Self { key }
    }

    fn mac(&self, ts: u64, nonce: &[u8], binding: &[u8]) -> [u8; 16] {
        let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(self.key.as_ref()) {
            Ok(m) => m,
            // HMAC takes keys of any length.
            Err(_) => return [0u8; 16],
        };
        m.update(b"tipbox csrf v1\0");
        m.update(&ts.to_be_bytes());
        m.update(nonce);
        m.update(binding);
        let full = m.finalize().into_bytes();
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        out
    }

    /// A token for forms bound to `binding` (empty for anonymous forms).
    pub fn issue(&self, binding: &[u8]) -> String {
        self.issue_at(now(), binding)
    }

    fn issue_at(&self, ts: u64, binding: &[u8]) -> String {
        // A nonce per page: without it, every form of one browser within an hour would carry
        // the same token, and spending one (see [`Spent`]) would refuse the next tip.
        let nonce = crate::crypto::random_array::<16>().unwrap_or_default();
        let mut raw = Vec::with_capacity(40);
        raw.extend_from_slice(&ts.to_be_bytes());
        raw.extend_from_slice(&nonce);
        raw.extend_from_slice(&self.mac(ts, &nonce, binding));
        data_encoding::BASE64URL_NOPAD.encode(&raw)
    }

    /// Whether `token` is valid now for `binding`.
    pub fn verify(&self, token: &str, binding: &[u8]) -> bool {
        self.verify_at(now(), token, binding)
    }

    fn verify_at(&self, now: u64, token: &str, binding: &[u8]) -> bool {
        if token.len() > 64 {
            return false;
        }
        let Ok(raw) = data_encoding::BASE64URL_NOPAD.decode(token.as_bytes()) else {
            return false;
        };
        if raw.len() != 40 {
            return false;
        }
        let mut ts_bytes = [0u8; 8];
        ts_bytes.copy_from_slice(&raw[..8]);
        let ts = u64::from_be_bytes(ts_bytes);
        if ts > now || now.saturating_sub(ts) > VALIDITY_HOURS {
            return false;
        }
        bool::from(self.mac(ts, &raw[8..24], binding).ct_eq(&raw[24..]))
    }
}

/// Most spent tokens remembered (each 40 bytes): far above what the rate limits let through in
/// a token's 48 hours.
const MAX_SPENT: usize = 200_000;

/// Tokens of forms that were stored: a form token is good for one submission. Without this, a
/// reload of the page that answers `POST /submit` ("confirm form resubmission") filed the same
/// report again and showed a second codename. In memory only (a restart forgets, which can let
/// one reload through, and records nothing on disk); keyed by the token's SHA-256.
#[derive(Default)]
pub struct Spent {
    map: Mutex<HashMap<[u8; 32], u64>>,
}

impl Spent {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], u64>> {
        // Poisoned only by a panic mid-insert; the map is still a map.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `token` was already spent.
    pub fn is_spent(&self, token: &str) -> bool {
        self.lock().contains_key(&key(token))
    }

    /// Spends `token`; `false` when it already was (a repeat racing the first).
    pub fn spend(&self, token: &str) -> bool {
        let now = now();
        let mut map = self.lock();
        if map.len() >= MAX_SPENT {
            map.retain(|_, h| now.saturating_sub(*h) <= VALIDITY_HOURS);
        }
        if map.len() >= MAX_SPENT {
            // Still full of live tokens: forget the oldest, the ones least likely reloaded.
            if let Some(oldest) = map.iter().min_by_key(|(_, h)| **h).map(|(k, _)| *k) {
                map.remove(&oldest);
            }
        }
        map.insert(key(token), now).is_none()
    }

    /// Gives a token back when what it was spent on could not be stored.
    pub fn unspend(&self, token: &str) {
        self.lock().remove(&key(token));
    }
}

fn key(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> Csrf {
        Csrf::new(Zeroizing::new([3u8; 32]))
    }

    #[test]
    fn valid_for_48_hours_and_bound() {
        let t = c().issue_at(500_000, b"s1");
        assert!(c().verify_at(500_000 + 47, &t, b"s1"));
        assert!(!c().verify_at(500_000 + 49, &t, b"s1"));
        assert!(!c().verify_at(500_000, &t, b"s2"));
        assert!(!c().verify_at(500_000 - 1, &t, b"s1"));
    }

    #[test]
    fn tokens_carry_only_the_hour() {
        let t = c().issue(b"");
        let raw = data_encoding::BASE64URL_NOPAD.decode(t.as_bytes()).unwrap();
        let ts = u64::from_be_bytes(raw[..8].try_into().unwrap());
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert!(ts.abs_diff(secs / 3600) <= 1, "{ts} is not an hour number");
    }

    #[test]
    fn a_token_is_spent_once() {
        let spent = Spent::default();
        assert!(!spent.is_spent("t"));
        assert!(spent.spend("t"));
        assert!(spent.is_spent("t") && !spent.spend("t"));
        spent.unspend("t");
        assert!(spent.spend("t"));
    }

    #[test]
    fn forged_tokens_fail() {
        let other = Csrf::new(Zeroizing::new([4u8; 32]));
        let t = other.issue(b"");
        assert!(!c().verify(&t, b""));
        assert!(!c().verify("", b""));
        assert!(!c().verify("!!!!", b""));
        assert!(!c().verify(&"A".repeat(32), b""));
    }
}

//! CSRF tokens: `base64url(hour ‖ HMAC-SHA256(key, purpose ‖ hour ‖ binding)[..16])`.
//!
//! Stateless, and valid for 48 hours because a large upload over Tor can take a long time
//! after the form was loaded. Every token is bound: forms of a logged-in source to the session
//! id, anonymous forms (a new tip, the login) to the `SameSite=Strict` pre-session cookie (see
//! [`super::request::form_cookie`]), so a token fetched by one client is useless in another —
//! the login-CSRF recipe (an attacker's token and codename posted from a victim's browser)
//! fails. The issue time is the shown hour of [`super::clock`], never the server's seconds.
//! Verification is constant-time.

use hmac::{Hmac, Mac};
use sha2::Sha256;
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

    fn mac(&self, ts: u64, binding: &[u8]) -> [u8; 16] {
        let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(self.key.as_ref()) {
            Ok(m) => m,
            // HMAC takes keys of any length.
            Err(_) => return [0u8; 16],
        };
        m.update(b"tipbox csrf v1\0");
        m.update(&ts.to_be_bytes());
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
        let mut raw = Vec::with_capacity(24);
        raw.extend_from_slice(&ts.to_be_bytes());
        raw.extend_from_slice(&self.mac(ts, binding));
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
        if raw.len() != 24 {
            return false;
        }
        let mut ts_bytes = [0u8; 8];
        ts_bytes.copy_from_slice(&raw[..8]);
        let ts = u64::from_be_bytes(ts_bytes);
        if ts > now || now.saturating_sub(ts) > VALIDITY_HOURS {
            return false;
        }
        bool::from(self.mac(ts, binding).ct_eq(&raw[8..]))
    }
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
    fn forged_tokens_fail() {
        let other = Csrf::new(Zeroizing::new([4u8; 32]));
        let t = other.issue(b"");
        assert!(!c().verify(&t, b""));
        assert!(!c().verify("", b""));
        assert!(!c().verify("!!!!", b""));
        assert!(!c().verify(&"A".repeat(32), b""));
    }
}

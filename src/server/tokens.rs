//! Keyholder API tokens, checked: one per keyholder (`[keyholder_api.tokens]`), so one can be
//! revoked alone. A check is a SHA-256 of the presented token compared in constant time with
//! every configured hash: microseconds, no memory, and so cheap that a valid token is always
//! checked first and always accepted. Only failures are throttled (a governor bucket for the
//! whole instance): a flood of wrong tokens gets 429 at once, and never locks out the real ones.

use std::num::NonZeroU32;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use zeroize::Zeroizing;

use crate::crypto::token::{self, TokenError};

use super::size_limits::MAX_AUTHORIZATION as MAX_HEADER;

/// Outcome of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthResult {
    /// The token of this keyholder.
    Ok(String),
    /// Missing or wrong.
    Denied,
    /// Too many failures recently: retry after this many seconds.
    Throttled(u64),
}

/// The keyholder API's token checker.
pub struct TokenAuth {
    tokens: Vec<(String, [u8; 32])>,
    failures: DefaultDirectRateLimiter,
}

impl TokenAuth {
    /// With the configured `name → sha256:…` hashes and a failure budget per minute.
    pub fn new<'a>(
        tokens: impl IntoIterator<Item = (&'a String, &'a String)>,
        failures_per_minute: u32,
    ) -> Result<Self, TokenError> {
        let tokens = tokens
            .into_iter()
            .map(|(name, hash)| Ok((name.clone(), token::parse_hash(hash)?)))
            .collect::<Result<Vec<_>, TokenError>>()?;
        let per_min = NonZeroU32::new(failures_per_minute).unwrap_or(NonZeroU32::MIN);
        Ok(Self { tokens, failures: RateLimiter::direct(Quota::per_minute(per_min)) })
    }

    /// Checks an `Authorization` header value.
    pub fn check(&self, header: Option<&str>) -> AuthResult {
        let presented = header.filter(|h| h.len() <= MAX_HEADER).and_then(|h| h.strip_prefix("Bearer "));
        if let Some(tok) = presented {
            let tok = Zeroizing::new(tok.trim().as_bytes().to_vec());
            let digest = token::digest(&tok);
            // Every hash is compared, so the time taken does not say which one matched.
            let mut found = None;
            for (name, hash) in &self.tokens {
                if token::matches(&digest, hash) && found.is_none() {
                    found = Some(name);
                }
            }
            if let Some(name) = found {
                return AuthResult::Ok(name.clone());
            }
        }
        match self.failures.check() {
            Ok(()) => AuthResult::Denied,
            Err(not_until) => {
                let now = governor::clock::Clock::now(&governor::clock::DefaultClock::default());
                AuthResult::Throttled(not_until.wait_time_from(now).as_secs().max(1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn tokens_are_checked_and_only_failures_throttled() {
        let (ta, ha) = token::generate().unwrap();
        let (tb, hb) = token::generate().unwrap();
        let cfg = [("alice".to_owned(), ha), ("bob".to_owned(), hb)];
        let a = TokenAuth::new(cfg.iter().map(|(n, h)| (n, h)), 2).unwrap();
        let alice = format!("Bearer {}", ta.expose_secret());
        let bob = format!("Bearer {}", tb.expose_secret());
        assert_eq!(a.check(Some(&alice)), AuthResult::Ok("alice".into()));
        assert_eq!(a.check(Some(&bob)), AuthResult::Ok("bob".into()));
        assert_eq!(a.check(None), AuthResult::Denied);
        assert_eq!(a.check(Some("Bearer nope")), AuthResult::Denied);
        assert!(matches!(a.check(Some("Bearer nope")), AuthResult::Throttled(_)));
        assert!(matches!(a.check(Some("Bearer other")), AuthResult::Throttled(_)));
        assert_eq!(
            a.check(Some(&alice)),
            AuthResult::Ok("alice".into()),
            "never locked out by others' failures"
        );
        assert_eq!(a.check(Some(&bob)), AuthResult::Ok("bob".into()));
    }
}

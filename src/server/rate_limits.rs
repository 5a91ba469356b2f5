//! Rate limits that work behind Tor: governor token buckets for the whole instance per action,
//! per Tor circuit (from the PROXY header), per source session, and for upload bandwidth.
//!
//! Keys (circuit ids, hashed session ids) live only in these in-memory maps, are never logged,
//! and are pruned every minute so the maps cannot grow without bound.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::RateLimits;

/// An action sources take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `POST /submit`.
    Submit,
    /// `POST /login`.
    Login,
    /// `POST /followup`.
    Followup,
}

/// Every limiter.
pub struct Limiters {
    submissions: DefaultDirectRateLimiter,
    logins: DefaultDirectRateLimiter,
    followups: DefaultDirectRateLimiter,
    upload_kib: DefaultDirectRateLimiter,
    per_circuit: DefaultKeyedRateLimiter<u64>,
    per_session: DefaultKeyedRateLimiter<[u8; 32]>,
    clock: DefaultClock,
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

fn quota(per_minute: u32, burst: u32) -> Quota {
    Quota::per_minute(nz(per_minute)).allow_burst(nz(burst))
}

/// Refused: retry after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl Limiters {
    /// Builds every bucket from the config.
    pub fn new(c: &RateLimits) -> Self {
        let kib_per_minute = c.upload_mib_per_minute.saturating_mul(1024);
        Self {
            submissions: RateLimiter::direct(quota(c.submissions_per_minute, c.submissions_burst)),
            logins: RateLimiter::direct(quota(c.logins_per_minute, c.logins_burst)),
            followups: RateLimiter::direct(quota(c.followups_per_minute, c.followups_burst)),
            // A whole minute's budget may be used at once: large files arrive in bursts.
            upload_kib: RateLimiter::direct(quota(kib_per_minute, kib_per_minute)),
            per_circuit: RateLimiter::keyed(quota(c.per_circuit_per_minute, c.per_circuit_burst)),
            per_session: RateLimiter::keyed(quota(c.per_session_per_minute, c.per_session_burst)),
            clock: DefaultClock::default(),
        }
    }

    fn wait<T>(&self, r: Result<(), governor::NotUntil<T>>) -> Result<(), RetryAfter>
    where
        T: governor::clock::Reference,
        DefaultClock: Clock<Instant = T>,
    {
        r.map_err(|nu| RetryAfter(nu.wait_time_from(self.clock.now()).as_secs().max(1)))
    }

    /// Checks (and spends) one token of `action` for the instance, the circuit and the
    /// session. The narrowest bucket is checked first, so one flooding circuit empties its own
    /// bucket before it can touch the instance-wide one.
    pub fn check(
        &self,
        action: Action,
        circuit: Option<u64>,
        session: Option<&[u8; 32]>,
    ) -> Result<(), RetryAfter> {
        if let Some(c) = circuit {
            self.wait(self.per_circuit.check_key(&c))?;
        }
        if let Some(s) = session {
            self.wait(self.per_session.check_key(s))?;
        }
        self.wait(self.global(action).check())
    }

    /// Spends `n` more tokens of `action` for the instance and the circuit (a login that
    /// costs `n` more argon2 runs). Refused as a whole when the buckets cannot hold `n`.
    pub fn check_n(&self, action: Action, circuit: Option<u64>, n: u32) -> Result<(), RetryAfter> {
        let Some(n) = NonZeroU32::new(n) else { return Ok(()) };
        let too_many = RetryAfter(60);
        if let Some(c) = circuit {
            self.wait(self.per_circuit.check_key_n(&c, n).map_err(|_| too_many)?)?;
        }
        self.wait(self.global(action).check_n(n).map_err(|_| too_many)?)
    }

    fn global(&self, action: Action) -> &DefaultDirectRateLimiter {
        match action {
            Action::Submit => &self.submissions,
            Action::Login => &self.logins,
            Action::Followup => &self.followups,
        }
    }

    /// Spends one token of the session's bucket: for an action that costs before it can be
    /// checked (a logout's body) and for a failed one (bad CSRF, a rejected form), so that a
    /// session cannot probe or hold connections without limit.
    pub fn session_action(&self, session: &[u8; 32]) -> Result<(), RetryAfter> {
        self.wait(self.per_session.check_key(session))
    }

    /// Waits until `bytes` of upload fit in the instance's bandwidth budget: uploads slow down
    /// under a flood rather than fail.
    pub async fn upload(&self, bytes: usize) {
        let kib = u32::try_from(bytes.div_ceil(1024)).unwrap_or(u32::MAX).max(1);
        let n = nz(kib);
        if self.upload_kib.until_n_ready(n).await.is_err() {
            // More than a whole minute's budget in one chunk: let it through, paced by time.
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Forgets idle keys (call every minute).
    pub fn prune(&self) {
        self.per_circuit.retain_recent();
        self.per_circuit.shrink_to_fit();
        self.per_session.retain_recent();
        self.per_session.shrink_to_fit();
    }

    /// Keys held (for tests and health output).
    pub fn keys(&self) -> (usize, usize) {
        (self.per_circuit.len(), self.per_session.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rl() -> RateLimits {
        RateLimits {
            submissions_per_minute: 100,
            submissions_burst: 100,
            per_circuit_per_minute: 2,
            per_circuit_burst: 2,
            ..RateLimits::default()
        }
    }

    #[test]
    fn one_circuit_is_throttled_another_is_not() {
        let l = Limiters::new(&rl());
        assert!(l.check(Action::Submit, Some(1), None).is_ok());
        assert!(l.check(Action::Submit, Some(1), None).is_ok());
        let e = l.check(Action::Submit, Some(1), None).unwrap_err();
        assert!(e.0 >= 1);
        assert!(l.check(Action::Submit, Some(2), None).is_ok());
        assert_eq!(l.keys().0, 2);
    }

    #[test]
    fn global_buckets_bind_everyone() {
        let l = Limiters::new(&RateLimits { logins_per_minute: 1, logins_burst: 1, ..RateLimits::default() });
        assert!(l.check(Action::Login, None, None).is_ok());
        assert!(l.check(Action::Login, None, None).is_err());
        assert!(l.check(Action::Submit, None, None).is_ok());
    }
}

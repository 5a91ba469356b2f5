//! The one guard every request body is read under: a body that is too large, stalled, too slow
//! on average, or past its deadline is cut off. Sources over Tor are slow by nature, so the
//! attacks that matter are "slow, not stalled": a trickle of one byte every 30 seconds resets
//! any idle timer. So besides the idle timeout there is
//!
//! - a **minimum average rate**: after a grace period the body must have arrived at
//!   `min_rate` bytes a second on average since it started (credit earned early covers later
//!   pauses, so a real source on a poor circuit with stalls keeps going);
//! - an **absolute deadline** that scales with the announced size:
//!   `grace + announced / min_rate`;
//! - **eviction**: an upload whose slot was given to a newcomer ([`super::slots`]) ends at once.
//!
//! With the defaults (60 s grace, 4 KiB/s) a source sending 20 KiB/s with pauses gets the full
//! 500 MiB through (a 36-hour bound), while a trickle is cut about a minute after it started.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::error::PayloadError;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::time::Instant;

use super::slots::Progress;

/// How fast a body must arrive.
#[derive(Debug, Clone, Copy)]
pub struct BodyPolicy {
    /// Longest wait for the next byte.
    pub idle: Duration,
    /// Time before the average rate is enforced.
    pub grace: Duration,
    /// Minimum average bytes per second after the grace period.
    pub min_rate: u64,
}

impl BodyPolicy {
    /// From `[http]`.
    pub fn from_config(h: &crate::config::HttpLimits) -> Self {
        Self {
            idle: Duration::from_secs(h.body_idle_timeout_secs.max(1)),
            grace: Duration::from_secs(h.body_grace_secs),
            min_rate: h.body_min_bytes_per_sec.max(1),
        }
    }
}

/// A request body under a [`BodyPolicy`] and a byte limit.
pub struct BodyGuard<S> {
    inner: S,
    seen: u64,
    limit: u64,
    policy: BodyPolicy,
    start: Instant,
    last: Instant,
    absolute: Instant,
    timer: Pin<Box<tokio::time::Sleep>>,
    progress: Option<Arc<Progress>>,
    done: bool,
}

fn too_slow(why: &'static str) -> PayloadError {
    PayloadError::Io(std::io::Error::new(std::io::ErrorKind::TimedOut, why))
}

impl<S> BodyGuard<S> {
    /// Guards `inner`: at most `limit` bytes; `announced` is the `Content-Length` if any.
    pub fn new(
        inner: S,
        limit: u64,
        announced: Option<u64>,
        policy: BodyPolicy,
        progress: Option<Arc<Progress>>,
    ) -> Self {
        let start = Instant::now();
        let size = announced.unwrap_or(limit).min(limit);
        let absolute = start + policy.grace + Duration::from_secs(size / policy.min_rate + 1);
        let mut g = Self {
            inner,
            seen: 0,
            limit,
            policy,
            start,
            last: start,
            absolute,
            timer: Box::pin(tokio::time::sleep_until(start)),
            progress,
            done: false,
        };
        let d = g.deadline();
        g.timer.as_mut().reset(d);
        g
    }

    /// The next moment the body is too late: idle, below the average rate, or past the end.
    fn deadline(&self) -> Instant {
        let by_rate = self.start
            + self.policy.grace
            + Duration::from_secs_f64(self.seen as f64 / self.policy.min_rate as f64);
        (self.last + self.policy.idle).min(by_rate).min(self.absolute)
    }
}

impl<S: Stream<Item = Result<Bytes, PayloadError>> + Unpin> Stream for BodyGuard<S> {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        if self.progress.as_ref().is_some_and(|p| p.is_cut()) {
            self.done = true;
            return Poll::Ready(Some(Err(too_slow("cut to make room for a faster upload"))));
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(b))) => {
                self.seen += b.len() as u64;
                if let Some(p) = &self.progress {
                    p.add(b.len() as u64);
                }
                if self.seen > self.limit {
                    self.done = true;
                    return Poll::Ready(Some(Err(PayloadError::Overflow)));
                }
                self.last = Instant::now();
                let d = self.deadline();
                self.timer.as_mut().reset(d);
                Poll::Ready(Some(Ok(b)))
            }
            Poll::Ready(other) => Poll::Ready(other),
            Poll::Pending => {
                if let Some(p) = &self.progress {
                    p.register(cx.waker());
                }
                match self.timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        self.done = true;
                        Poll::Ready(Some(Err(too_slow("body too slow"))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

/// Reads a whole body of at most `max` bytes under `policy` (zeroized when dropped: a login
/// body holds a codename).
pub async fn read_all<S>(
    body: S,
    max: u64,
    announced: Option<u64>,
    policy: BodyPolicy,
) -> Result<zeroize::Zeroizing<Vec<u8>>, PayloadError>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    let mut g = BodyGuard::new(body, max, announced, policy, None);
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    while let Some(chunk) = g.next().await {
        buf.extend_from_slice(&chunk?);
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> BodyPolicy {
        BodyPolicy { idle: Duration::from_secs(10), grace: Duration::from_secs(2), min_rate: 1000 }
    }

    /// A body that sends `chunk` bytes every `every`, `n` times (in tokio's paused time).
    fn drip(
        chunk: usize,
        every: Duration,
        n: usize,
    ) -> impl Stream<Item = Result<Bytes, PayloadError>> + Unpin {
        Box::pin(futures_util::stream::unfold(0, move |i| async move {
            if i == n {
                return None;
            }
            tokio::time::sleep(every).await;
            Some((Ok(Bytes::from(vec![b'x'; chunk])), i + 1))
        }))
    }

    #[tokio::test(start_paused = true)]
    async fn a_trickle_is_cut_after_the_grace_period() {
        let r = read_all(drip(1, Duration::from_secs(1), 1000), 1 << 20, Some(1000), policy()).await;
        assert!(matches!(r, Err(PayloadError::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_but_moving_body_with_pauses_gets_through() {
        // 5 KB/s with a 5 s stall after 20 s: on average well above 1 KB/s.
        let fast = drip(5000, Duration::from_secs(1), 20);
        let pause = drip(1, Duration::from_secs(5), 1);
        let rest = drip(5000, Duration::from_secs(1), 20);
        let body = Box::pin(fast.chain(pause).chain(rest));
        let r = read_all(body, 1 << 20, Some(200_001), policy()).await.unwrap();
        assert_eq!(r.len(), 200_001);
    }

    #[tokio::test(start_paused = true)]
    async fn stalls_limits_and_eviction() {
        let stalled = drip(10, Duration::from_secs(11), 2);
        assert!(read_all(stalled, 100, None, policy()).await.is_err(), "idle");
        let big = drip(600, Duration::from_millis(1), 2);
        assert!(matches!(read_all(big, 1000, None, policy()).await, Err(PayloadError::Overflow)));
        let progress = Progress::new();
        let mut g = BodyGuard::new(
            drip(10, Duration::from_millis(10), 100),
            1 << 20,
            None,
            policy(),
            Some(progress.clone()),
        );
        assert!(g.next().await.unwrap().is_ok());
        assert!(!progress.is_cut());
        // Cutting from outside ends the body at its next poll.
        progress.cut();
        assert!(g.next().await.unwrap().is_err());
    }
}

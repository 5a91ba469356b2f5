//! Background upkeep of a running server: pruning expired sessions and rate-limit state every
//! minute, and settling the store (see [`crate::store::settle`]) at a random moment within
//! every `[storage] settle_minutes`, so that the moment itself says nothing.

use std::time::Duration;

use actix_web::web;

use super::state::AppState;
use crate::store::settle::Settled;

/// Runs until the process ends.
pub async fn run(state: web::Data<AppState>) {
    let prune = state.clone();
    actix_rt::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            prune.sessions.prune();
            prune.limits.prune();
        }
    });
    let period = state.cfg.storage.settle_minutes.max(1) * 60;
    loop {
        tokio::time::sleep(Duration::from_secs(random_between(period / 2, period))).await;
        settle(&state).await;
    }
}

/// One settle, off the executor. Logged without counts of what changed, which would date
/// activity.
pub async fn settle(state: &AppState) -> Option<Settled> {
    let rules = state.cfg.retention.settle_rules();
    match state.blocking(move |s| s.settle(&rules)).await {
        Ok(Ok(done)) => {
            tracing::debug!("store settled");
            Some(done)
        }
        Ok(Err(e)) => {
            tracing::error!(kind = "settle", error = %e, "settling the store failed");
            None
        }
        Err(_) => {
            tracing::error!(kind = "settle", "settling the store could not start");
            None
        }
    }
}

/// Uniform in `[lo, hi]` seconds (`hi` when there is no randomness: never early).
fn random_between(lo: u64, hi: u64) -> u64 {
    let span = hi.saturating_sub(lo) + 1;
    match crate::crypto::random_array::<8>() {
        Ok(b) => lo + u64::from_le_bytes(b) % span,
        Err(_) => hi,
    }
}

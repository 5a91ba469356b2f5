//! Connection budgets, counted in our own accept step: one per listener (so a flood of source
//! connections cannot take the keyholder API's, nor the other way round) and, once the PROXY
//! header has named it, one per Tor circuit (so one circuit cannot hold the whole source
//! listener with slow headers or unfinished bodies). A new connection waits a little for a
//! place (attack connections are answered and closed within a fraction of a second, so places
//! come free all the time); one that finds none in time, or whose circuit holds its share, is
//! closed before it costs anything.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The budget of one listener.
pub struct Budget {
    total: usize,
    places: Arc<Semaphore>,
    per_circuit: usize,
    circuits: Mutex<HashMap<u64, usize>>,
}

/// One open connection's place; dropping it (when the connection closes) frees it.
pub struct Permit {
    budget: Arc<Budget>,
    circuit: Option<u64>,
    _place: OwnedSemaphorePermit,
}

impl Budget {
    /// `total` connections, at most `per_circuit` of them on one circuit.
    pub fn new(total: usize, per_circuit: usize) -> Arc<Self> {
        let total = total.max(1);
        Arc::new(Self {
            total,
            places: Arc::new(Semaphore::new(total)),
            per_circuit: per_circuit.max(1),
            circuits: Mutex::new(HashMap::new()),
        })
    }

    /// A place for a new connection, waiting up to `wait` for one.
    pub async fn admit(self: &Arc<Self>, wait: Duration) -> Option<Permit> {
        let place = tokio::time::timeout(wait, self.places.clone().acquire_owned()).await.ok()?.ok()?;
        Some(Permit { budget: self.clone(), circuit: None, _place: place })
    }

    /// Open connections.
    pub fn open(&self) -> usize {
        self.total - self.places.available_permits()
    }
}

impl Permit {
    /// Counts the connection for its Tor circuit; `false` when that circuit has its share.
    pub fn bind_circuit(&mut self, circuit: u64) -> bool {
        let mut m = self.budget.circuits.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(circuit).or_default();
        if *n >= self.budget.per_circuit {
            if *n == 0 {
                m.remove(&circuit);
            }
            return false;
        }
        *n += 1;
        self.circuit = Some(circuit);
        true
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(c) = self.circuit {
            let mut m = self.budget.circuits.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(n) = m.get_mut(&c) {
                *n -= 1;
                if *n == 0 {
                    m.remove(&c);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn budgets_and_circuit_shares() {
        let w = Duration::from_millis(10);
        let b = Budget::new(3, 1);
        let mut p1 = b.admit(w).await.unwrap();
        assert!(p1.bind_circuit(7));
        let mut p2 = b.admit(w).await.unwrap();
        assert!(!p2.bind_circuit(7), "one per circuit");
        assert!(p2.bind_circuit(8));
        let _p3 = b.admit(w).await.unwrap();
        assert!(b.admit(w).await.is_none(), "the listener is full");
        drop(p1);
        let mut p4 = b.admit(w).await.unwrap();
        assert!(p4.bind_circuit(7), "the circuit's place came back");
        assert_eq!(b.open(), 3);
    }
}

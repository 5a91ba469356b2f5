//! Upload slots, shared fairly. An upload holds a writer thread and a part file for as long as
//! its body takes, so slots are the capacity a patient attacker goes after with slow bodies.
//!
//! - **Caps:** `max_concurrent_uploads` for the whole server; at most `max_uploads_per_circuit`
//!   for one Tor circuit and `max_uploads_per_session` for one source session.
//! - **A reserve for sources who are already known:** new submissions may use all slots but
//!   `reserved_followup_uploads`; follow-ups of logged-in sources may use every slot.
//! - **Eviction:** when no slot is free, the slowest upload that has run for a few seconds and
//!   is below the minimum average rate (so it would be cut at the end of its grace period
//!   anyway) is cut now and its slot given to the newcomer. A source sending at any real
//!   speed is never the slowest.
//!
//! Each upload's progress is shared with its body guard ([`Progress`]), which counts bytes and
//! wakes the request when it is cut.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Waker;
use std::time::{Duration, Instant};

/// How long an upload runs before it can be evicted for being slow.
pub const EVICT_AFTER: Duration = Duration::from_secs(5);

/// One upload's progress, shared by the slot table and the body guard.
pub struct Progress {
    start: Instant,
    bytes: AtomicU64,
    cut: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Progress {
    /// A new upload starting now.
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            bytes: AtomicU64::new(0),
            cut: AtomicBool::new(false),
            waker: Mutex::new(None),
        })
    }

    /// Counts `n` more bytes received.
    pub fn add(&self, n: u64) {
        self.bytes.fetch_add(n, Ordering::Relaxed);
    }

    /// Whether the upload was cut to make room.
    pub fn is_cut(&self) -> bool {
        self.cut.load(Ordering::Relaxed)
    }

    /// Remembers who to wake when the upload is cut.
    pub fn register(&self, w: &Waker) {
        let mut g = self.waker.lock().unwrap_or_else(|e| e.into_inner());
        if !g.as_ref().is_some_and(|old| old.will_wake(w)) {
            *g = Some(w.clone());
        }
    }

    /// Ends the upload: its body guard fails at its next poll (woken now).
    pub(crate) fn cut(&self) {
        self.cut.store(true, Ordering::Relaxed);
        if let Some(w) = self.waker.lock().unwrap_or_else(|e| e.into_inner()).take() {
            w.wake();
        }
    }

    /// Bytes per second since the start.
    fn rate(&self, now: Instant) -> f64 {
        let secs = now.duration_since(self.start).as_secs_f64().max(0.001);
        self.bytes.load(Ordering::Relaxed) as f64 / secs
    }
}

/// Which kind of upload asks for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `POST /submit`: a new source.
    Submission,
    /// `POST /followup`: a logged-in source.
    Followup,
}

/// The caps (from `[limits]`).
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    /// Every upload.
    pub total: usize,
    /// Kept for follow-ups.
    pub reserved_followups: usize,
    /// Per Tor circuit.
    pub per_circuit: usize,
    /// Per session.
    pub per_session: usize,
    /// Uploads below this average (bytes/s) are evictable after [`EVICT_AFTER`].
    pub min_rate: u64,
}

struct Active {
    kind: Kind,
    circuit: Option<u64>,
    session: Option<[u8; 32]>,
    progress: Arc<Progress>,
}

#[derive(Default)]
struct Table {
    next: u64,
    active: HashMap<u64, Active>,
    per_circuit: HashMap<u64, usize>,
    per_session: HashMap<[u8; 32], usize>,
}

impl Table {
    fn insert(&mut self, a: Active) -> u64 {
        self.next += 1;
        if let Some(c) = a.circuit {
            *self.per_circuit.entry(c).or_default() += 1;
        }
        if let Some(s) = a.session {
            *self.per_session.entry(s).or_default() += 1;
        }
        self.active.insert(self.next, a);
        self.next
    }

    fn remove(&mut self, id: u64) -> Option<Active> {
        let a = self.active.remove(&id)?;
        if let Some(c) = a.circuit
            && let Some(n) = self.per_circuit.get_mut(&c)
        {
            *n -= 1;
            if *n == 0 {
                self.per_circuit.remove(&c);
            }
        }
        if let Some(s) = a.session
            && let Some(n) = self.per_session.get_mut(&s)
        {
            *n -= 1;
            if *n == 0 {
                self.per_session.remove(&s);
            }
        }
        Some(a)
    }

    fn count(&self, kind: Option<Kind>) -> usize {
        self.active.values().filter(|a| kind.is_none_or(|k| a.kind == k)).count()
    }
}

/// Why no slot was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// This circuit or session already holds its share.
    Share,
    /// Every slot is taken by uploads that are not too slow.
    Full,
}

/// The upload slots.
pub struct Slots {
    caps: Caps,
    table: Arc<Mutex<Table>>,
}

/// A held slot; dropping it frees the slot.
pub struct Slot {
    id: u64,
    table: Arc<Mutex<Table>>,
    /// The upload's progress (hand it to the body guard).
    pub progress: Arc<Progress>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.table.lock().unwrap_or_else(|e| e.into_inner()).remove(self.id);
    }
}

impl Slots {
    /// Empty slots with these caps.
    pub fn new(caps: Caps) -> Self {
        Self { caps, table: Arc::new(Mutex::new(Table::default())) }
    }

    /// Takes a slot for an upload, evicting the slowest too-slow upload when there is no room.
    pub fn acquire(
        &self,
        kind: Kind,
        circuit: Option<u64>,
        session: Option<[u8; 32]>,
    ) -> Result<Slot, Refused> {
        let c = self.caps;
        let mut t = self.table.lock().unwrap_or_else(|e| e.into_inner());
        if circuit.is_some_and(|k| t.per_circuit.get(&k).copied().unwrap_or(0) >= c.per_circuit.max(1))
            || session.is_some_and(|k| t.per_session.get(&k).copied().unwrap_or(0) >= c.per_session.max(1))
        {
            return Err(Refused::Share);
        }
        let limit_for_kind = match kind {
            Kind::Submission => c.total.saturating_sub(c.reserved_followups).max(1),
            Kind::Followup => c.total.max(1),
        };
        let over = |t: &Table| {
            t.count(None) >= c.total.max(1)
                || (kind == Kind::Submission && t.count(Some(kind)) >= limit_for_kind)
        };
        if over(&t) {
            // Evict among the uploads whose place we would take: any of this kind, or any at all
            // when the whole table is full.
            let now = Instant::now();
            let whole = t.count(None) >= c.total.max(1);
            let victim = t
                .active
                .iter()
                .filter(|(_, a)| whole || a.kind == kind)
                .filter(|(_, a)| now.duration_since(a.progress.start) >= EVICT_AFTER)
                .map(|(id, a)| (*id, a.progress.rate(now)))
                .filter(|(_, r)| *r < c.min_rate as f64)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(id, _)| id);
            match victim.and_then(|id| t.remove(id)) {
                Some(v) => v.progress.cut(),
                None => return Err(Refused::Full),
            }
            if over(&t) {
                return Err(Refused::Full);
            }
        }
        let progress = Progress::new();
        let id = t.insert(Active { kind, circuit, session, progress: progress.clone() });
        Ok(Slot { id, table: self.table.clone(), progress })
    }

    /// Uploads in progress.
    pub fn in_use(&self) -> usize {
        self.table.lock().unwrap_or_else(|e| e.into_inner()).count(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps() -> Caps {
        Caps { total: 3, reserved_followups: 1, per_circuit: 1, per_session: 1, min_rate: 1000 }
    }

    #[test]
    fn shares_reserve_and_release() {
        let s = Slots::new(caps());
        let a = s.acquire(Kind::Submission, Some(1), None).unwrap();
        assert_eq!(s.acquire(Kind::Submission, Some(1), None).err(), Some(Refused::Share), "one per circuit");
        let _b = s.acquire(Kind::Submission, Some(2), None).unwrap();
        assert_eq!(
            s.acquire(Kind::Submission, Some(3), None).err(),
            Some(Refused::Full),
            "the last slot is reserved"
        );
        let f = s.acquire(Kind::Followup, None, Some([1; 32])).unwrap();
        assert_eq!(s.acquire(Kind::Followup, None, Some([2; 32])).err(), Some(Refused::Full));
        drop(a);
        assert!(s.acquire(Kind::Submission, Some(1), None).is_ok(), "a freed slot is free");
        drop(f);
        assert_eq!(s.in_use(), 1);
    }

    #[test]
    fn only_slow_uploads_past_their_start_are_evicted() {
        let s = Slots::new(Caps { total: 1, reserved_followups: 0, ..caps() });
        let slow = s.acquire(Kind::Submission, None, None).unwrap();
        assert_eq!(s.acquire(Kind::Submission, None, None).err(), Some(Refused::Full), "too young to evict");
        // Pretend it started long ago and sent almost nothing.
        let old = Arc::new(Progress {
            start: Instant::now() - Duration::from_secs(60),
            bytes: AtomicU64::new(10),
            cut: AtomicBool::new(false),
            waker: Mutex::new(None),
        });
        s.table.lock().unwrap().active.get_mut(&slow.id).unwrap().progress = old.clone();
        let newcomer = s.acquire(Kind::Submission, None, None).unwrap();
        assert!(old.is_cut(), "the trickle was cut");
        drop(slow);
        assert_eq!(s.in_use(), 1, "dropping the evicted slot frees nothing twice");
        // A fast upload is never evicted.
        newcomer.progress.add(10_000_000);
        s.table.lock().unwrap().active.values_mut().next().unwrap().progress = Arc::new(Progress {
            start: Instant::now() - Duration::from_secs(60),
            bytes: AtomicU64::new(10_000_000),
            cut: AtomicBool::new(false),
            waker: Mutex::new(None),
        });
        assert_eq!(s.acquire(Kind::Submission, None, None).err(), Some(Refused::Full));
    }
}

//! Group commit: one thread applies every write to sled, then makes a whole batch durable with
//! a single `flush()` plus a real `fsync` of sled's log file.
//!
//! sled 0.34's `flush()` ends in `sync_file_range`, which does not flush the drive cache or
//! metadata, so the extra `sync_data` is what makes "durable" true after a power cut. Many
//! concurrent requests share one flush+fsync, so durability costs little under load.

use std::fs::File;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard};

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::schema::{ItemId, ItemRecord, PartId, SourceId, SourceRecord, TeamRecord};
use super::trees::Trees;
use super::{SharedTrees, StoreError};

/// One write, applied atomically with the others of its [`Commit`].
pub enum Op {
    /// Create a source; fails the commit with [`StoreError::Conflict`] if the lookup id exists.
    NewSource {
        /// Codename-derived lookup id.
        lookup: [u8; 32],
        /// The record.
        record: SourceRecord,
    },
    /// Insert a new item (and index its parts and thread entry).
    PutItem(ItemRecord),
    /// Overwrite an existing item's record (ack, read marks).
    UpdateItem(ItemRecord),
    /// Remove an item; its part files are deleted after the commit is durable.
    DeleteItem(ItemId),
    /// Insert or overwrite a team packet (and index its part).
    PutTeam(TeamRecord),
    /// Remove a team packet; its part file is deleted after the commit is durable.
    DeleteTeam(ItemId),
    /// Overwrite a source's record (maintenance marks it empty).
    UpdateSource(SourceRecord),
    /// Remove a source with nothing left, and every login that leads to it.
    DeleteSource {
        /// The thread.
        id: SourceId,
        /// Its lookup ids.
        lookups: Vec<[u8; 32]>,
    },
}

/// A set of writes that become visible together and durable before `commit` returns.
#[derive(Default)]
pub struct Commit {
    /// The writes.
    pub ops: Vec<Op>,
}

pub(crate) struct Job {
    commit: Commit,
    reply: SyncSender<Result<Vec<PartId>, StoreError>>,
}

/// Handle to the committer thread (shared by every clone of the store).
#[derive(Clone)]
pub(crate) struct Committer {
    inner: Arc<Inner>,
}

struct Inner {
    tx: Mutex<Option<Sender<Job>>>,
    gate: Arc<Mutex<()>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Drop for Inner {
    /// When the last handle goes, the thread is stopped and joined, so that its handles on the
    /// database are gone too and the store can be reopened at once (sled locks its files).
    fn drop(&mut self) {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(t) = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = t.join();
        }
    }
}

impl Committer {
    pub(crate) fn start(trees: SharedTrees, db_file: PathBuf) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel::<Job>();
        let gate = Arc::new(Mutex::new(()));
        let g = gate.clone();
        let thread = std::thread::Builder::new()
            .name("tipbox-commit".into())
            .spawn(move || run(rx, trees, db_file, &g))?;
        Ok(Self {
            inner: Arc::new(Inner { tx: Mutex::new(Some(tx)), gate, thread: Mutex::new(Some(thread)) }),
        })
    }

    /// Stops commits from being applied while the returned guard lives (for backups).
    pub(crate) fn pause(&self) -> MutexGuard<'_, ()> {
        self.inner.gate.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies `commit` and waits until it is durable. Returns the parts whose files may now
    /// be deleted. Blocking: call from a blocking context.
    pub(crate) fn commit(&self, commit: Commit) -> Result<Vec<PartId>, StoreError> {
        let (reply, rx) = mpsc::sync_channel(1);
        let tx = self.inner.tx.lock().unwrap_or_else(|e| e.into_inner()).clone().ok_or(StoreError::Closed)?;
        tx.send(Job { commit, reply }).map_err(|_| StoreError::Closed)?;
        rx.recv().map_err(|_| StoreError::Closed)?
    }
}

/// Most commits sharing one fsync.
const MAX_GROUP: usize = 512;

fn run(rx: Receiver<Job>, trees: SharedTrees, db_file: PathBuf, gate: &Mutex<()>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        // Held while applying: a backup holding the gate sees no commit half-applied.
        // The trees are read-locked only while in use, never while waiting for the gate, so a
        // rewrite (which holds the gate, then takes the write lock) cannot deadlock with us.
        let guard = gate.lock().unwrap_or_else(|e| e.into_inner());
        let results: Vec<_> = {
            let t = trees.read().unwrap_or_else(|e| e.into_inner());
            jobs.iter().map(|j| apply(&t, &j.commit)).collect()
        };
        drop(guard);
        let durable = make_durable(&trees.read().unwrap_or_else(|e| e.into_inner()), &db_file);
        for (job, res) in jobs.into_iter().zip(results) {
            let out = match (&durable, res) {
                (Ok(()), r) => r,
                (Err(e), _) => Err(StoreError::Durability(e.to_string())),
            };
            let _ = job.reply.send(out);
        }
    }
}

fn make_durable(trees: &Trees, db_file: &PathBuf) -> std::io::Result<()> {
    trees.db.flush().map_err(std::io::Error::other)?;
    File::open(db_file)?.sync_data()
}

fn apply(t: &Trees, commit: &Commit) -> Result<Vec<PartId>, StoreError> {
    let res = (&t.items, &t.sources, &t.logins, &t.parts, &t.threads, &t.team).transaction(
        |(items, sources, logins, parts, threads, team)| {
            let mut freed = Vec::new();
            for op in &commit.ops {
                match op {
                    Op::NewSource { lookup, record } => {
                        if logins.get(lookup)?.is_some() {
                            return Err(ConflictableTransactionError::Abort(StoreError::Conflict));
                        }
                        logins.insert(&lookup[..], &record.id.0[..])?;
                        sources.insert(&record.id.0[..], json(record)?)?;
                    }
                    Op::PutItem(rec) => {
                        let Some(src) = sources.get(rec.source.0)? else {
                            return Err(ConflictableTransactionError::Abort(StoreError::UnknownSource));
                        };
                        // Something new in the thread: it is no longer waiting to be deleted.
                        let mut src: SourceRecord = serde_json::from_slice(&src).map_err(|e| {
                            ConflictableTransactionError::Abort(StoreError::Corrupt(e.to_string()))
                        })?;
                        if src.empty_since.take().is_some() {
                            sources.insert(&src.id.0[..], json(&src)?)?;
                        }
                        items.insert(&rec.id.0[..], json(rec)?)?;
                        for p in &rec.parts {
                            parts.insert(&p.id.0[..], &rec.id.0[..])?;
                        }
                        threads.insert(thread_key(rec), &[rec.kind.tag()][..])?;
                    }
                    Op::UpdateItem(rec) => {
                        if items.get(rec.id.0)?.is_none() {
                            return Err(ConflictableTransactionError::Abort(StoreError::NotFound));
                        }
                        items.insert(&rec.id.0[..], json(rec)?)?;
                    }
                    Op::DeleteItem(id) => {
                        let Some(raw) = items.remove(&id.0[..])? else {
                            continue;
                        };
                        let rec: ItemRecord = serde_json::from_slice(&raw).map_err(|e| {
                            ConflictableTransactionError::Abort(StoreError::Corrupt(e.to_string()))
                        })?;
                        for p in &rec.parts {
                            parts.remove(&p.id.0[..])?;
                            freed.push(p.id);
                        }
                        threads.remove(thread_key(&rec))?;
                    }
                    Op::PutTeam(rec) => {
                        team.insert(&rec.id.0[..], json(rec)?)?;
                        parts.insert(&rec.part.id.0[..], &rec.id.0[..])?;
                    }
                    Op::DeleteTeam(id) => {
                        let Some(raw) = team.remove(&id.0[..])? else { continue };
                        let rec: TeamRecord = serde_json::from_slice(&raw).map_err(|e| {
                            ConflictableTransactionError::Abort(StoreError::Corrupt(e.to_string()))
                        })?;
                        parts.remove(&rec.part.id.0[..])?;
                        freed.push(rec.part.id);
                    }
                    Op::UpdateSource(rec) => {
                        if sources.get(rec.id.0)?.is_some() {
                            sources.insert(&rec.id.0[..], json(rec)?)?;
                        }
                    }
                    Op::DeleteSource { id, lookups } => {
                        // Only while still marked empty: a follow-up committed since clears it.
                        let Some(raw) = sources.get(id.0)? else { continue };
                        let rec: SourceRecord = serde_json::from_slice(&raw).map_err(|e| {
                            ConflictableTransactionError::Abort(StoreError::Corrupt(e.to_string()))
                        })?;
                        if rec.empty_since.is_none() {
                            continue;
                        }
                        sources.remove(&id.0[..])?;
                        for l in lookups {
                            logins.remove(&l[..])?;
                        }
                    }
                }
            }
            Ok(freed)
        },
    );
    match res {
        Ok(freed) => Ok(freed),
        Err(TransactionError::Abort(e)) => Err(e),
        Err(TransactionError::Storage(e)) => Err(StoreError::Sled(e.to_string())),
    }
}

/// `source id ‖ item id`: a source's thread is a prefix scan.
pub(crate) fn thread_key(rec: &ItemRecord) -> Vec<u8> {
    let mut k = Vec::with_capacity(32);
    k.extend_from_slice(&rec.source.0);
    k.extend_from_slice(&rec.id.0);
    k
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, ConflictableTransactionError<StoreError>> {
    serde_json::to_vec(v).map_err(|e| ConflictableTransactionError::Abort(StoreError::Corrupt(e.to_string())))
}

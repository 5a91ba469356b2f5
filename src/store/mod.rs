//! The store: sled records plus immutable ciphertext part files, under one data directory.
//!
//! ```text
//! <data>/store/       sled database: items, sources, logins, parts, threads (see trees.rs)
//! <data>/blobs/xx/    one age file per part (see blob.rs)
//! ```
//!
//! Writes go through one committer thread ([`commit`]) and are durable when they return.
//! Every method here blocks; async callers wrap them in `spawn_blocking`.

pub mod backup;
pub mod blob;
pub mod commit;
pub mod export;
pub mod schema;
pub mod settle;
mod team;
mod trees;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard};

pub use blob::{BlobDir, PartWriter};
use commit::Committer;
pub use commit::{Commit, Op};
pub use schema::{
    Day, ItemId, ItemKind, ItemRecord, PartId, PartRef, PartRole, SourceId, SourceRecord, TeamRecord,
    days_ago, today,
};
use trees::Trees;

/// Store errors, by kind (never carrying tip content).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled reported an error.
    #[error("database error: {0}")]
    Sled(String),
    /// File I/O failed.
    #[error("storage I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// A record does not parse.
    #[error("corrupt record: {0}")]
    Corrupt(String),
    /// The new source's lookup id already exists.
    #[error("lookup id already exists")]
    Conflict,
    /// The item refers to a source that does not exist.
    #[error("unknown source")]
    UnknownSource,
    /// No such item.
    #[error("no such item")]
    NotFound,
    /// flush/fsync failed: nothing in this batch may be acknowledged.
    #[error("could not make the write durable: {0}")]
    Durability(String),
    /// The committer thread is gone.
    #[error("store is closed")]
    Closed,
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Sled(e.to_string())
    }
}

/// Options for opening the store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// sled page cache in bytes.
    pub cache_bytes: u64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self { cache_bytes: 16 * 1024 * 1024 }
    }
}

/// What [`Store::open`] found and repaired.
#[derive(Debug, Default, Clone, Copy)]
pub struct Recovery {
    /// Part files with no committed record (a crash mid-write), deleted.
    pub orphan_parts_removed: usize,
    /// Records whose part file is missing (should never happen).
    pub missing_parts: usize,
}

/// The trees, swappable: a rewrite (see [`settle`]) replaces the whole database.
pub(crate) type SharedTrees = Arc<RwLock<Trees>>;

/// The store. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    trees: SharedTrees,
    blobs: BlobDir,
    committer: Committer,
    data_dir: PathBuf,
    db_dir: PathBuf,
    opts: StoreOptions,
    recovery: Recovery,
}

/// Opens sled at `path` the one way the store does.
fn open_db(path: &Path, opts: &StoreOptions) -> Result<sled::Db, StoreError> {
    Ok(sled::Config::new().path(path).cache_capacity(opts.cache_bytes).mode(sled::Mode::LowSpace).open()?)
}

impl Store {
    /// Opens (or creates) the store under `data_dir`, finishing or undoing an interrupted
    /// rewrite and removing orphaned part files.
    pub fn open(data_dir: &Path, opts: &StoreOptions) -> Result<Self, StoreError> {
        crate::files::create_private_dir(data_dir)?;
        let db_dir = data_dir.join("store");
        settle::recover_rewrite(data_dir)?;
        let trees = Trees::open(open_db(&db_dir, opts)?)?;
        let blobs = BlobDir::new(data_dir.join("blobs"))?;
        let recovery = recover(&trees, &blobs)?;
        let trees = Arc::new(RwLock::new(trees));
        let committer = Committer::start(trees.clone(), db_dir.join("db"))?;
        Ok(Self {
            trees,
            blobs,
            committer,
            data_dir: data_dir.to_path_buf(),
            db_dir,
            opts: opts.clone(),
            recovery,
        })
    }

    /// The current trees, for one read (a rewrite waits until the guard is gone).
    pub(crate) fn t(&self) -> RwLockReadGuard<'_, Trees> {
        // A poisoned lock means a panic mid-read; the trees themselves are intact.
        self.trees.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// What opening repaired.
    pub fn recovery(&self) -> Recovery {
        self.recovery
    }

    /// The part files.
    pub fn blobs(&self) -> &BlobDir {
        &self.blobs
    }

    /// Bytes the store occupies: part files plus sled's files.
    pub fn usage_bytes(&self) -> u64 {
        self.blobs.usage().bytes() + self.sled_bytes()
    }

    /// Bytes of sled's own files.
    pub fn sled_bytes(&self) -> u64 {
        self.t().db.size_on_disk().unwrap_or(0)
    }

    /// Applies `commit` durably; shreds the part files of deleted items afterwards.
    pub fn commit(&self, commit: Commit) -> Result<(), StoreError> {
        let freed = self.committer.commit(commit)?;
        for p in freed {
            // The records are gone and durable; a failed shred only leaves an orphan that
            // the next open shreds.
            let _ = self.blobs.remove(&p);
        }
        Ok(())
    }

    /// Stores a reply (already encrypted to the source and the keyholders) in `source`'s
    /// thread, durably, under the ids the vault gave it. Storing the same reply twice is a
    /// no-op. The keyholder who wrote it (`from`) has it already; it travels in the other
    /// keyholders' bundles until each has acknowledged it (`everyone`: every configured
    /// keyholder), so the whole team sees what was answered. Acknowledgement never deletes a
    /// reply (the source may not have read it): `reply_days` does. The keyholder API's upload
    /// and the tests both come through here.
    pub fn add_reply(
        &self,
        id: ItemId,
        part: PartId,
        source: SourceId,
        ciphertext: &[u8],
        signature: crate::crypto::sign::Signed,
        (from, everyone): (&str, &BTreeSet<String>),
    ) -> Result<bool, StoreError> {
        use std::io::Write;
        if self.item(&id)?.is_some() {
            return Ok(false);
        }
        let mut w = self.blobs.create(part)?;
        w.write_all(ciphertext)?;
        let (part, size) = w.finish()?;
        let item = ItemRecord {
            id,
            kind: ItemKind::Reply,
            source,
            day: today(),
            parts: vec![PartRef { id: part, role: PartRole::Reply, size }],
            acked: everyone.iter().all(|k| k == from),
            acked_by: BTreeSet::from([from.to_owned()]),
            signature: Some(signature),
        };
        match self.commit(Commit { ops: vec![Op::PutItem(item)] }) {
            Ok(()) => Ok(true),
            Err(e) => {
                let _ = self.blobs.remove(&part);
                Err(e)
            }
        }
    }

    /// Records keyholder `by`'s acknowledgement of `ids`. An item is *retired* once every name
    /// in `rule.retire_when` has acknowledged it: tips and follow-ups are then deleted when
    /// `rule.delete` is set (the retention default) and otherwise only leave every later
    /// bundle. Replies are never deleted here: the source may not have read them yet. A team
    /// packet is deleted once every name in `rule.everyone` has it (see [`team`]).
    pub fn ack(&self, ids: &[ItemId], by: &str, rule: &AckRule) -> Result<AckOutcome, StoreError> {
        let (retire_when, delete) = (&rule.retire_when, rule.delete);
        let mut out = AckOutcome::default();
        let mut ops = Vec::new();
        for id in ids {
            let Some(mut rec) = self.item(id)? else {
                match self.ack_team(id, by, &rule.everyone)? {
                    Some((deleted, op)) => {
                        out.acked += 1;
                        if deleted {
                            out.deleted += 1
                        } else {
                            out.waiting += 1
                        }
                        ops.push(op);
                    }
                    None => out.unknown += 1,
                }
                continue;
            };
            out.acked += 1;
            let changed = rec.acked_by.insert(by.to_owned());
            let retired = retire_when.iter().all(|k| rec.acked_by.contains(k));
            if retired && rec.kind != ItemKind::Reply && delete {
                ops.push(Op::DeleteItem(rec.id));
                out.deleted += 1;
            } else if retired {
                let was = rec.acked;
                rec.acked = true;
                if changed || !was {
                    ops.push(Op::UpdateItem(rec));
                }
            } else {
                out.waiting += 1;
                if changed {
                    ops.push(Op::UpdateItem(rec));
                }
            }
        }
        if !ops.is_empty() {
            self.commit(Commit { ops })?;
        }
        Ok(out)
    }

    /// Deletes replies stored on or before `stored_by` (whether or not they were read: the
    /// store does not know, so that it cannot tell when a source came back).
    pub fn expire_replies(&self, stored_by: Day) -> Result<usize, StoreError> {
        let mut ops = Vec::new();
        for rec in self.items() {
            let rec = rec?;
            if rec.kind == ItemKind::Reply && rec.day <= stored_by {
                ops.push(Op::DeleteItem(rec.id));
            }
        }
        let n = ops.len();
        if n > 0 {
            self.commit(Commit { ops })?;
        }
        Ok(n)
    }

    /// One item.
    pub fn item(&self, id: &ItemId) -> Result<Option<ItemRecord>, StoreError> {
        self.t().items.get(id.0)?.map(|v| decode(&v)).transpose()
    }

    /// One source by thread id.
    pub fn source(&self, id: &SourceId) -> Result<Option<SourceRecord>, StoreError> {
        self.t().sources.get(id.0)?.map(|v| decode(&v)).transpose()
    }

    /// The source a lookup id belongs to.
    pub fn source_by_lookup(&self, lookup: &[u8; 32]) -> Result<Option<SourceRecord>, StoreError> {
        let login = self.t().logins.get(lookup)?;
        match login {
            Some(id) => {
                let id: [u8; 16] = id.as_ref().try_into().map_err(|_| StoreError::Corrupt("login".into()))?;
                self.source(&SourceId(id))
            }
            None => Ok(None),
        }
    }

    /// Every item of a source's thread.
    pub fn thread(&self, source: &SourceId) -> Result<Vec<ItemRecord>, StoreError> {
        let mut ids = Vec::new();
        for kv in self.t().threads.scan_prefix(source.0) {
            let (k, _) = kv?;
            let id: [u8; 16] = k
                .get(16..32)
                .and_then(|s| s.try_into().ok())
                .ok_or_else(|| StoreError::Corrupt("thread".into()))?;
            ids.push(ItemId(id));
        }
        let mut out = Vec::new();
        for id in ids {
            if let Some(rec) = self.item(&id)? {
                out.push(rec);
            }
        }
        Ok(out)
    }

    /// Every item, in key order (random ids: no arrival order leaks). The raw records are
    /// collected under one read of the trees (a rewrite may replace them afterwards); each is
    /// decoded as the iterator reaches it.
    pub fn items(&self) -> impl Iterator<Item = Result<ItemRecord, StoreError>> + 'static {
        let raw: Vec<Result<sled::IVec, sled::Error>> = self.t().items.iter().values().collect();
        raw.into_iter().map(|v| decode(&v?))
    }

    /// Number of items held.
    pub fn item_count(&self) -> usize {
        self.t().items.len()
    }

    /// Flushes everything (at shutdown).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.t().db.flush()?;
        std::fs::File::open(self.db_dir.join("db"))?.sync_data()?;
        Ok(())
    }
}

fn decode<T: serde::de::DeserializeOwned>(v: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Deletes part files that no committed record references and counts usage.
fn recover(trees: &Trees, blobs: &BlobDir) -> Result<Recovery, StoreError> {
    let mut r = Recovery::default();
    let mut present = HashSet::new();
    for (id, path, len) in blobs.scan()? {
        if trees.parts.contains_key(id.0)? {
            blobs.usage().add(len);
            present.insert(id);
        } else {
            crate::files::shred(&path)?;
            r.orphan_parts_removed += 1;
        }
    }
    for kv in trees.parts.iter() {
        let (k, _) = kv?;
        if let Ok(id) = <[u8; 16]>::try_from(k.as_ref())
            && !present.contains(&PartId(id))
        {
            r.missing_parts += 1;
        }
    }
    Ok(r)
}

/// When an acknowledged item leaves the server (from `[retention]`).
#[derive(Debug, Clone, Default)]
pub struct AckRule {
    /// Tips and follow-ups retire once every one of these keyholders acknowledged them.
    pub retire_when: BTreeSet<String>,
    /// Retired tips and follow-ups are deleted (otherwise only left out of bundles).
    pub delete: bool,
    /// Every configured keyholder: a team packet is deleted once all of them have it.
    pub everyone: BTreeSet<String>,
}

/// What [`Store::ack`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AckOutcome {
    /// Acknowledged by this keyholder.
    pub acked: usize,
    /// Of those, deleted (every keyholder the rule names had acknowledged them).
    pub deleted: usize,
    /// Of those, kept because other keyholders have not acknowledged them yet.
    pub waiting: usize,
    /// Not found (already deleted, or never here).
    pub unknown: usize,
}

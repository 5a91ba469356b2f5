//! Settling: what keeps a seized disk down to the day, and makes "deleted" hold.
//!
//! A disk image shows more than the records say: the order records were appended to sled's
//! log, old versions of deleted records still in it, file and directory times to the
//! nanosecond. [`Store::settle`] runs at random moments (and at shutdown) and:
//!
//! 1. expires replies a fixed time after they were *stored* (nothing records reads);
//! 2. marks sources whose thread is empty, and deletes those that stayed empty for the grace
//!    period, with every login that leads to them;
//! 3. **rewrites** the database (every time: skipping idle ones would date the last commit): a fresh sled
//!    database written in key order (random ids, so no arrival order), swapped in atomically,
//!    and the old one shredded — so deleted records and the commit order are gone from the
//!    store's files, not just unreachable;
//! 4. sets every file's and directory's access and modification times under the data
//!    directory to midnight UTC of their day. The change time cannot be set: setting the
//!    others updates it to *now*, so every file of the current day is touched again at each
//!    settle and they all share the time of the latest settle; a day's files keep that of the
//!    day's last settle.
//!
//! What arrived since the latest settle (a few minutes at most) is still in commit order, with
//! its own times, until the next one; SECURITY.md says so, with what the file system itself
//! keeps (inode numbers, its journal, freed blocks).

use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::commit::{Commit, Op};
use super::schema::{Day, SourceId, SourceRecord};
use super::trees::{TREES, Trees};
use super::{Store, StoreError, decode, open_db};

/// What settling deletes, from `[retention]`.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Replies are deleted this many days after they were stored (0: kept).
    pub reply_days: u32,
    /// Sources with nothing left are deleted this many days after that was first seen.
    pub source_grace_days: u32,
}

/// What one settle did.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Settled {
    /// Replies past their time, deleted.
    pub replies_expired: usize,
    /// Team packets past the same time, deleted.
    pub team_expired: usize,
    /// Sources found empty for the first time.
    pub sources_marked: usize,
    /// Sources (and their logins) deleted.
    pub sources_deleted: usize,
    /// Records in the rewritten database.
    pub rewritten_records: usize,
    /// Files and directories whose times were set.
    pub times_set: usize,
}

/// Most entries a time walk visits (the store holds far fewer).
const MAX_ENTRIES: usize = 4_000_000;

impl Store {
    /// One settle (see the module documentation). Blocking.
    pub fn settle(&self, rules: &Rules) -> Result<Settled, StoreError> {
        let mut out = Settled::default();
        if rules.reply_days > 0 {
            out.replies_expired = self.expire_replies(Day::days_ago(rules.reply_days))?;
            out.team_expired = self.expire_team(Day::days_ago(rules.reply_days))?;
        }
        (out.sources_marked, out.sources_deleted) = self.sweep_sources(rules.source_grace_days)?;
        // Always, even when nothing changed: otherwise the store's own times would say when
        // the last commit before the latest settle happened.
        out.rewritten_records = self.rewrite()?;
        out.times_set = normalise_times(&self.data_dir)?;
        Ok(out)
    }

    fn sweep_sources(&self, grace: u32) -> Result<(usize, usize), StoreError> {
        let today = Day::today();
        let cutoff = Day::days_ago(grace);
        let raw: Vec<sled::IVec> = self.t().sources.iter().values().collect::<Result<_, _>>()?;
        let (mut ops, mut marked, mut doomed) = (Vec::new(), 0, std::collections::HashSet::new());
        for v in raw {
            let mut src: SourceRecord = decode(&v)?;
            let empty = self.t().threads.scan_prefix(src.id.0).next().is_none();
            match (empty, src.empty_since) {
                (true, None) => {
                    src.empty_since = Some(today);
                    ops.push(Op::UpdateSource(src));
                    marked += 1;
                }
                (true, Some(d)) if d <= cutoff => {
                    doomed.insert(src.id);
                }
                _ => {}
            }
        }
        let deleted = doomed.len();
        if !doomed.is_empty() {
            let mut lookups: std::collections::HashMap<SourceId, Vec<[u8; 32]>> = Default::default();
            for kv in self.t().logins.iter() {
                let (k, v) = kv?;
                let (Ok(l), Ok(s)) = (<[u8; 32]>::try_from(k.as_ref()), <[u8; 16]>::try_from(v.as_ref()))
                else {
                    return Err(StoreError::Corrupt("login".into()));
                };
                if doomed.contains(&SourceId(s)) {
                    lookups.entry(SourceId(s)).or_default().push(l);
                }
            }
            for id in doomed {
                ops.push(Op::DeleteSource { id, lookups: lookups.remove(&id).unwrap_or_default() });
            }
        }
        if !ops.is_empty() {
            self.commit(Commit { ops })?;
        }
        Ok((marked, deleted))
    }

    /// Rewrites the database into a fresh one in key order, swaps it in and shreds the old
    /// one. Commits wait meanwhile (measured: see the README's performance table). Returns the
    /// number of records written. Blocking.
    pub fn rewrite(&self) -> Result<usize, StoreError> {
        let _paused = self.committer.pause();
        let next = self.data_dir.join("store.next");
        let old = self.data_dir.join("store.old");
        crate::files::shred_dir(&next)?;
        let records = {
            let fresh = Trees::open(open_db(&next, &self.opts)?)?;
            let n = copy_in_key_order(&self.t(), &fresh)?;
            fresh.db.flush()?;
            n
        };
        sync_tree(&next)?;
        let mut w = self.trees.write().unwrap_or_else(|e| e.into_inner());
        std::fs::rename(&self.db_dir, &old)?;
        std::fs::rename(&next, &self.db_dir)?;
        crate::files::sync_dir(&self.data_dir)?;
        match open_db(&self.db_dir, &self.opts).and_then(|db| Ok(Trees::open(db)?)) {
            // The old database closes here, when its last handle goes.
            Ok(t) => *w = t,
            Err(e) => {
                // Put the old one back under its name: its handles stayed valid throughout.
                std::fs::rename(&self.db_dir, &next)?;
                std::fs::rename(&old, &self.db_dir)?;
                return Err(e);
            }
        }
        drop(w);
        crate::files::shred_dir(&old)?;
        Ok(records)
    }
}

/// Copies every tree, each in key order; items and sources are decoded and encoded again, so
/// that fields older versions wrote (a read day, a creation day) do not survive.
fn copy_in_key_order(from: &Trees, to: &Trees) -> Result<usize, StoreError> {
    let mut n = 0;
    for name in TREES {
        // One insert at a time, in key order: a `sled::Batch` would apply its writes in its
        // hash map's order.
        let to_tree = to.by_name(name);
        for kv in from.by_name(name).iter() {
            let (k, v) = kv?;
            let v = match name {
                "items" => reencode::<super::schema::ItemRecord>(&v)?,
                "sources" => reencode::<SourceRecord>(&v)?,
                _ => v.to_vec(),
            };
            to_tree.insert(k, v)?;
            n += 1;
        }
    }
    Ok(n)
}

fn reencode<T: serde::Serialize + serde::de::DeserializeOwned>(v: &[u8]) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(&decode::<T>(v)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Fsyncs every file under `dir` and the directories themselves.
fn sync_tree(dir: &Path) -> io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        if e.file_type()?.is_dir() {
            sync_tree(&e.path())?;
        } else if e.file_type()?.is_file() {
            std::fs::File::open(e.path())?.sync_all()?;
        }
    }
    crate::files::sync_dir(dir)
}

/// Finishes or undoes a rewrite a crash interrupted (called before the store opens):
/// `store.next` beside `store` was never swapped in, so it goes; `store.next` without `store`
/// was complete and synced, so it becomes `store`; `store.old` is always shredded.
pub(crate) fn recover_rewrite(data_dir: &Path) -> io::Result<()> {
    let (store, next, old) =
        (data_dir.join("store"), data_dir.join("store.next"), data_dir.join("store.old"));
    if next.exists() {
        if store.exists() {
            crate::files::shred_dir(&next)?;
        } else {
            std::fs::rename(&next, &store)?;
            crate::files::sync_dir(data_dir)?;
        }
    }
    if old.exists() {
        if store.exists() {
            crate::files::shred_dir(&old)?;
        } else {
            std::fs::rename(&old, &store)?;
        }
    }
    Ok(())
}

/// Sets access and modification times of everything under `root` (and `root`) to midnight UTC
/// of its modification day; entries of the current day are set again at every call, so that
/// their change times all become this moment's. Symlinks are neither followed nor touched.
/// Returns the number of entries set.
pub fn normalise_times(root: &Path) -> io::Result<usize> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let today = now.div_euclid(86_400) * 86_400;
    let mut budget = MAX_ENTRIES;
    walk(root, today, 0, &mut budget)
}

fn walk(path: &Path, today: i64, depth: usize, budget: &mut usize) -> io::Result<usize> {
    let Some(b) = budget.checked_sub(1) else { return Ok(0) };
    *budget = b;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        // Deleted meanwhile (a part acknowledged, a backup stage removed).
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        return Ok(0);
    }
    let mut n = 0;
    // Children first: reading a directory sets its access time, which is set afterwards.
    if meta.is_dir() && depth < 6 {
        for e in std::fs::read_dir(path)? {
            n += walk(&e?.path(), today, depth + 1, budget)?;
        }
    }
    let day = meta.mtime().div_euclid(86_400) * 86_400;
    let target = day.min(today);
    let settled = target < today
        && meta.mtime() == target
        && meta.mtime_nsec() == 0
        && meta.atime() == target
        && meta.atime_nsec() == 0;
    if !settled {
        let t = rustix::fs::Timespec { tv_sec: target, tv_nsec: 0 };
        let times = rustix::fs::Timestamps { last_access: t, last_modification: t };
        match rustix::fs::utimensat(rustix::fs::CWD, path, &times, rustix::fs::AtFlags::SYMLINK_NOFOLLOW) {
            Ok(()) => n += 1,
            Err(rustix::io::Errno::NOENT) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_go_to_midnight_and_stay() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/f"), b"x").unwrap();
        assert!(normalise_times(dir.path()).unwrap() >= 3);
        for p in [dir.path().to_path_buf(), dir.path().join("d"), dir.path().join("d/f")] {
            let m = std::fs::symlink_metadata(&p).unwrap();
            assert_eq!(m.mtime() % 86_400, 0, "{p:?}");
            assert_eq!((m.mtime_nsec(), m.atime_nsec()), (0, 0));
            assert_eq!(m.atime(), m.mtime());
        }
    }
}

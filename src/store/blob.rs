//! Ciphertext part files: `<data>/blobs/<first two hex digits>/<part id>.age`.
//!
//! Why files and not sled values: sled 0.34's page cache keeps at least one page per LRU shard
//! (256 shards) whatever `cache_capacity` says, and a page is a whole tree node holding up to
//! 16 values inline. Measured on this machine, streaming 1 GiB of 1 MiB values into sled raised
//! the process's resident memory by 1 GiB and wrote 2.9 GB to disk; with 16 KiB values it
//! still grew by 117 MiB at under 300 MB/s. An immutable file per part keeps memory flat and
//! writes each byte once. sled keeps what must be atomic: the records that make a part visible.
//!
//! A part file is written completely and fsynced (with its directory) before the record that
//! references it is committed. A crash in between leaves an unreferenced file, which
//! [`super::Store::open`] deletes; a record never points at a half-written file.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::schema::PartId;

/// Every this many bytes, a large part's written range is handed to the kernel's writeback
/// (`POSIX_FADV_DONTNEED`), so the disk works while the upload is still arriving and the final
/// fsync has little left to wait for; it also keeps ciphertext from crowding the page cache.
const WRITEBACK_STEP: u64 = 16 * 1024 * 1024;

/// Running total of ciphertext bytes in part files, for the storage quota.
#[derive(Debug, Default)]
pub struct Usage {
    bytes: AtomicU64,
}

impl Usage {
    /// Bytes currently held in part files (including parts being written).
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
    pub(crate) fn add(&self, n: u64) {
        self.bytes.fetch_add(n, Ordering::Relaxed);
    }
    pub(crate) fn sub(&self, n: u64) {
        // Saturating: a miscount must never wrap into "full".
        let _ = self.bytes.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| Some(v.saturating_sub(n)));
    }
}

/// The directory of part files.
#[derive(Debug, Clone)]
pub struct BlobDir {
    root: PathBuf,
    usage: Arc<Usage>,
}

impl BlobDir {
    pub(crate) fn new(root: PathBuf) -> io::Result<Self> {
        crate::files::create_private_dir(&root)?;
        Ok(Self { root, usage: Arc::new(Usage::default()) })
    }

    /// A part directory outside a store (fuzzing and tests).
    #[doc(hidden)]
    pub fn new_for_tests(root: PathBuf) -> io::Result<Self> {
        Self::new(root)
    }

    /// The usage counter.
    pub fn usage(&self) -> &Arc<Usage> {
        &self.usage
    }

    /// The path of a part's file.
    pub fn path(&self, id: &PartId) -> PathBuf {
        let hex = id.to_string();
        self.root.join(&hex[..2]).join(format!("{hex}.age"))
    }

    /// Opens a part for reading, without dating the read (see [`crate::files::open_quiet`]).
    pub fn open(&self, id: &PartId) -> io::Result<File> {
        crate::files::open_quiet(&self.path(id))
    }

    /// Starts writing part `id` (fails if it exists).
    pub fn create(&self, id: PartId) -> io::Result<PartWriter> {
        let path = self.path(&id);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| self.root.clone());
        crate::files::create_private_dir(&dir)?;
        let file = crate::files::create_new(&path)?;
        Ok(PartWriter {
            id,
            path,
            dir,
            // No write buffer: age hands over whole 64 KiB chunks, one write each.
            out: Some(file),
            written: 0,
            writeback_mark: 0,
            usage: self.usage.clone(),
        })
    }

    /// Shreds a part's file (after its record is gone; see [`crate::files::shred`]).
    pub fn remove(&self, id: &PartId) -> io::Result<()> {
        let path = self.path(id);
        let len = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        crate::files::shred(&path)?;
        self.usage.sub(len);
        Ok(())
    }

    /// Every part file present, with its length. Used at open to count usage and find orphans.
    pub(crate) fn scan(&self) -> io::Result<Vec<(PartId, PathBuf, u64)>> {
        let mut out = Vec::new();
        for shard in fs::read_dir(&self.root)? {
            let shard = shard?;
            if !shard.file_type()?.is_dir() {
                continue;
            }
            for f in fs::read_dir(shard.path())? {
                let f = f?;
                let path = f.path();
                let id = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".age"))
                    .and_then(|n| n.parse::<PartId>().ok());
                match id {
                    Some(id) => out.push((id, path, f.metadata()?.len())),
                    // Not ours (or a torn name): never serve it, never count it.
                    None => fs::remove_file(&path)?,
                }
            }
        }
        Ok(out)
    }
}

/// Streams one part's ciphertext to its file. Dropping it unfinished deletes the file.
pub struct PartWriter {
    id: PartId,
    path: PathBuf,
    dir: PathBuf,
    out: Option<File>,
    written: u64,
    writeback_mark: u64,
    usage: Arc<Usage>,
}

impl PartWriter {
    /// The part's id.
    pub fn id(&self) -> PartId {
        self.id
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes, fsyncs the file and its directory, and returns the id and length.
    pub fn finish(mut self) -> io::Result<(PartId, u64)> {
        let file = self.out.take().ok_or_else(|| io::Error::other("part already finished"))?;
        file.sync_all()?;
        File::open(&self.dir)?.sync_all()?;
        Ok((self.id, self.written))
    }
}

impl Write for PartWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let out = self.out.as_mut().ok_or_else(|| io::Error::other("part finished"))?;
        let n = out.write(buf)?;
        self.written += n as u64;
        self.usage.add(n as u64);
        if self.written - self.writeback_mark >= WRITEBACK_STEP {
            let len = std::num::NonZeroU64::new(self.written - self.writeback_mark);
            // Advice only: a failure changes nothing about correctness.
            let _ = rustix::fs::fadvise(&*out, self.writeback_mark, len, rustix::fs::Advice::DontNeed);
            self.writeback_mark = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.out.as_mut() {
            Some(o) => o.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for PartWriter {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            // Unfinished: the request failed or was abandoned. Nothing references this file.
            let _ = fs::remove_file(&self.path);
            self.usage.sub(self.written);
        }
    }
}

//! Consistent backups of a live store, and restoring them.
//!
//! A backup is a tar of `backup.json` (what it holds), `records.jsonl` (every sled record) and
//! `blobs/<part>.age` (every part file the records reference). It is ciphertext and metadata
//! only, like the store itself. While the records are copied the committer is paused and the
//! referenced part files are hard-linked aside, so the backup is one point in time even while
//! tips keep arriving and acknowledged tips are deleted; the pause lasts as long as copying the
//! (small) records, not the part files.
//!
//! The instance secret (`instance.key`) is *not* in the backup: keep it apart. With the store
//! alone nobody can even try codenames; with both, an attacker could (at argon2 cost per guess).
//! Without it a restored store still serves keyholders, but sources' codenames no longer log in.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::schema::PartId;
use super::{Store, StoreError, StoreOptions};

/// `format` of `backup.json`.
pub const FORMAT: &str = "tipbox-backup";

/// What a backup holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BackupInfo {
    /// [`FORMAT`].
    pub format: String,
    /// 1.
    pub version: u32,
    /// UTC day taken.
    pub created: super::Day,
    /// The instance's origin id (which `instance.key` it needs).
    pub origin: String,
    /// Items.
    pub items: usize,
    /// Sources.
    pub sources: usize,
    /// Part files.
    pub parts: usize,
}

#[derive(Serialize, Deserialize)]
struct Record {
    tree: String,
    key: String,
    value: String,
}

pub use crate::bundle::write::append_entry;

use super::trees::TREES;

impl Store {
    /// Writes a consistent backup of the live store to `out`.
    pub fn backup<W: Write>(&self, origin: &str, out: W) -> Result<BackupInfo, StoreError> {
        let stage = self.data_dir().join(format!(
            ".backup-{}",
            crate::crypto::hex(&crate::crypto::random_array::<6>().map_err(io::Error::other)?)
        ));
        fs::create_dir(&stage)?;
        let res = self.backup_staged(origin, &stage, out);
        // The records file is every record in one place: shredded, not just unlinked. Links
        // to live parts only lose this name (see `files::shred`).
        let _ = crate::files::shred_dir(&stage);
        res
    }

    fn backup_staged<W: Write>(&self, origin: &str, stage: &Path, out: W) -> Result<BackupInfo, StoreError> {
        let records = stage.join("records.jsonl");
        let mut parts: Vec<(PartId, u64)> = Vec::new();
        // Counted while commits are paused, like the records themselves: counting afterwards
        // would race with tips arriving and make the backup look incomplete on restore.
        let mut counts = [0usize; TREES.len()];
        {
            let _paused = self.committer.pause();
            let trees = self.t();
            let mut w = io::BufWriter::new(File::create(&records)?);
            for (t, name) in TREES.iter().enumerate() {
                for kv in trees.by_name(name).iter() {
                    let (k, v) = kv?;
                    counts[t] += 1;
                    let rec = Record {
                        tree: (*name).into(),
                        key: crate::crypto::hex(&k),
                        value: crate::crypto::hex(&v),
                    };
                    serde_json::to_writer(&mut w, &rec).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    w.write_all(b"\n")?;
                    if *name == "parts" {
                        let id: [u8; 16] =
                            k.as_ref().try_into().map_err(|_| StoreError::Corrupt("part key".into()))?;
                        let id = PartId(id);
                        // A hard link keeps the file even if a later commit deletes the part.
                        let link = stage.join(format!("{id}.age"));
                        fs::hard_link(self.blobs.path(&id), &link)?;
                        parts.push((id, fs::metadata(&link)?.len()));
                    }
                }
            }
            w.flush()?;
        }
        let info = BackupInfo {
            format: FORMAT.into(),
            version: 1,
            created: super::today(),
            origin: origin.into(),
            items: counts[0],
            sources: counts[1],
            parts: parts.len(),
        };
        let mut b = tar::Builder::new(out);
        let json = serde_json::to_vec_pretty(&info).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        append_entry(&mut b, "backup.json", json.len() as u64, &json[..])?;
        let len = fs::metadata(&records)?.len();
        append_entry(&mut b, "records.jsonl", len, File::open(&records)?)?;
        for (id, size) in &parts {
            let f = File::open(stage.join(format!("{id}.age")))?;
            append_entry(&mut b, &format!("blobs/{id}.age"), *size, f)?;
        }
        b.into_inner()?.flush()?;
        Ok(info)
    }
}

/// Restores a backup into `data_dir`, which must hold no store yet. Returns what it held.
pub fn restore<R: Read>(data_dir: &Path, input: R) -> Result<BackupInfo, StoreError> {
    if data_dir.join("store").exists() || data_dir.join("blobs").exists() {
        return Err(StoreError::Io(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already holds a store: restore into an empty directory", data_dir.display()),
        )));
    }
    let store = Store::open(data_dir, &StoreOptions::default())?;
    let bad = |m: &str| StoreError::Corrupt(m.to_owned());
    let mut archive = tar::Archive::new(input);
    let mut info: Option<BackupInfo> = None;
    let mut restored_parts = 0usize;
    for entry in archive.entries()? {
        let mut entry = entry?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(bad("backup holds something other than files"));
        }
        let path = entry.path()?.to_str().map(str::to_owned).ok_or_else(|| bad("non-UTF-8 path"))?;
        match path.as_str() {
            "backup.json" => {
                let mut v = Vec::new();
                (&mut entry).take(1 << 20).read_to_end(&mut v)?;
                let i: BackupInfo = serde_json::from_slice(&v).map_err(|_| bad("backup.json"))?;
                if i.format != FORMAT || i.version != 1 {
                    return Err(bad("not a tipbox backup"));
                }
                info = Some(i);
            }
            "records.jsonl" => {
                if info.is_none() {
                    return Err(bad("backup.json must come first"));
                }
                for line in BufReader::new(&mut entry).lines() {
                    let rec: Record = serde_json::from_str(&line?).map_err(|_| bad("record"))?;
                    if !TREES.contains(&rec.tree.as_str()) {
                        return Err(bad("unknown tree"));
                    }
                    let k =
                        data_encoding::HEXLOWER.decode(rec.key.as_bytes()).map_err(|_| bad("record key"))?;
                    let v = data_encoding::HEXLOWER
                        .decode(rec.value.as_bytes())
                        .map_err(|_| bad("record value"))?;
                    store.t().by_name(&rec.tree).insert(k, v)?;
                }
            }
            p => {
                let id: PartId = p
                    .strip_prefix("blobs/")
                    .and_then(|n| n.strip_suffix(".age"))
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| bad("unexpected entry"))?;
                let mut w = store.blobs.create(id)?;
                io::copy(&mut entry, &mut w)?;
                w.finish()?;
                restored_parts += 1;
            }
        }
    }
    let info = info.ok_or_else(|| bad("no backup.json"))?;
    // Every record's parts must be there, whole.
    for rec in store.items() {
        let rec = rec?;
        for p in &rec.parts {
            let len = fs::metadata(store.blobs.path(&p.id))
                .map(|m| m.len())
                .map_err(|_| bad("a part file is missing"))?;
            if len != p.size {
                return Err(bad("a part file has the wrong size"));
            }
        }
    }
    if restored_parts != info.parts || store.item_count() != info.items {
        return Err(bad("the backup is incomplete"));
    }
    store.flush()?;
    // Restored files are dated today, whatever their day was: to the day, like every file.
    super::settle::normalise_times(data_dir)?;
    Ok(info)
}

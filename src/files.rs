//! Private files: the one way tipbox creates a file or directory that holds anything of a
//! source's, a keyholder's or the instance's.
//!
//! Files are created `0600` and never over an existing one (`create_new`), so a mistyped `--out`
//! never destroys evidence and a symlink planted at the path is not followed; directories are
//! `0700`. Replacing a file is atomic (a temporary file, fsync, rename, fsync of the directory):
//! a crash leaves the old or the new content, never a torn one. Every error names the file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

use std::path::Path;

/// Wraps an I/O error so that it names `path` (keeping its kind).
pub fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {}", path.display(), plain(&e)))
}

/// The error's own words, without Rust's "(os error N)" suffix.
fn plain(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Creates `path` for writing, mode 0600, failing if anything exists there.
pub fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        // With O_EXCL the kernel never follows a symlink at `path`.
        .mode(0o600)
        .open(path)
        .map_err(|e| named(path, e))
}

/// Creates `path` (0600, never over an existing file) holding `data`, fsynced.
pub fn write_new(path: &Path, data: &[u8]) -> io::Result<()> {
    let mut f = create_new(path)?;
    f.write_all(data).and_then(|_| f.sync_all()).map_err(|e| named(path, e))
}

/// Replaces `path` with `data` atomically (0600).
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp"));
    match fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(named(&tmp, e)),
    }
    write_new(&tmp, data)?;
    fs::rename(&tmp, path).map_err(|e| named(path, e))?;
    sync_dir(dir)
}

/// Fsyncs a directory, so that the names in it are durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| named(dir, e))
}

/// Creates `dir` (and parents) with mode 0700 when missing.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(|e| named(dir, e))
}

/// Opens `path` for reading, naming it in the error.
pub fn open(path: &Path) -> io::Result<File> {
    File::open(path).map_err(|e| named(path, e))
}

/// Reads `path` whole, naming it in the error.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    fs::read(path).map_err(|e| named(path, e))
}

/// Opens `path` for reading without updating its access time (`O_NOATIME`: reads of a part
/// would otherwise date themselves on disk, e.g. when a source reads a reply). Falls back to a
/// plain open where the flag is refused (a file we do not own).
pub fn open_quiet(path: &Path) -> io::Result<File> {
    let flag = rustix::fs::OFlags::NOATIME.bits() as i32;
    match OpenOptions::new().read(true).custom_flags(flag).open(path) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => open(path),
        r => r.map_err(|e| named(path, e)),
    }
}

/// Overwrites a regular file with zeros, fsyncs it and unlinks it — unless the file has
/// another hard link, which then keeps the content. "Deleted" then holds for
/// the file's own blocks on a file system that overwrites in place (ext4, xfs) on a disk that
/// does too. Copy-on-write file systems and SSD wear levelling keep old blocks whatever user
/// space does; SECURITY.md says so and the deploy guide asks for full-disk encryption. A
/// missing file is not an error.
pub fn shred(path: &Path) -> io::Result<()> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(named(path, e)),
    };
    // Another name for the same inode (a backup's hard link) still needs the content: only
    // this name goes, and whoever removes the last one shreds.
    if meta.is_file() && meta.len() > 0 && std::os::unix::fs::MetadataExt::nlink(&meta) == 1 {
        let mut f = OpenOptions::new().write(true).open(path).map_err(|e| named(path, e))?;
        let zeros = vec![0u8; 1 << 20];
        let mut left = meta.len();
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            f.write_all(&zeros[..n]).map_err(|e| named(path, e))?;
            left -= n as u64;
        }
        f.sync_data().map_err(|e| named(path, e))?;
    }
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(named(path, e)),
        _ => Ok(()),
    }
}

/// [`shred`]s every file under `dir` (not following symlinks), then removes it.
pub fn shred_dir(dir: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else { return Ok(()) };
    for e in entries {
        let e = e.map_err(|e| named(dir, e))?;
        let t = e.file_type().map_err(|err| named(&e.path(), err))?;
        if t.is_dir() {
            shred_dir(&e.path())?;
        } else {
            shred(&e.path())?;
        }
    }
    match fs::remove_dir(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(named(dir, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn private_never_over_and_named() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f");
        write_new(&p, b"one").unwrap();
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        let e = write_new(&p, b"two").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(e.to_string().contains(&p.display().to_string()), "{e}");
        assert!(!e.to_string().contains("os error"), "{e}");
        write_atomic(&p, b"three").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"three");
        let missing = read(&d.path().join("nope")).unwrap_err();
        assert!(missing.to_string().ends_with("nope: No such file or directory"), "{missing}");
        // A planted symlink is not followed.
        let target = d.path().join("target");
        std::os::unix::fs::symlink(&target, d.path().join("link")).unwrap();
        assert!(create_new(&d.path().join("link")).is_err());
        assert!(!target.exists());
    }
}

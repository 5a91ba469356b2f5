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

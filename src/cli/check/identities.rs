//! The search for keyholder identities on the server: in the config file's directory and the
//! data directory, under any file name.
//!
//! An identity is recognised by what it holds, never by its name (an operator who copies
//! `alice.age` next to the config has not called it "identity"): a plaintext `AGE-SECRET-KEY-`,
//! or an age file whose header has an `scrypt` stanza (passphrase-encrypted, as `tipbox keygen`
//! writes identities), armoured or binary. The store's part files are binary age files too,
//! but encrypted to X25519 recipients: they never match.
//!
//! The scan is bounded, because it runs on a server whose data directory can hold a hundred
//! thousand part files: at most [`MAX_FILES`] files, [`HEAD_BYTES`] from each, [`MAX_DEPTH`]
//! directories deep. It never follows a symbolic link (a link out of the directory would make
//! it read the whole machine), and it never prints what it read.

use std::collections::{HashSet, VecDeque};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Files read at most, over all directories.
pub const MAX_FILES: usize = 50_000;
/// Bytes read from the start of each file: an identity's marker or an age header is there.
pub const HEAD_BYTES: usize = 4096;
/// Directory levels below each root.
pub const MAX_DEPTH: usize = 4;

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// What a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Holds `AGE-SECRET-KEY-…` in plaintext.
    Plaintext,
    /// A passphrase-encrypted (scrypt) age file.
    Encrypted,
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Files that hold or may hold an identity.
    pub found: Vec<(PathBuf, Kind)>,
    /// The scan stopped at [`MAX_FILES`] before it had read everything.
    pub truncated: bool,
}

/// Scans `roots` breadth first, so that the files nearest each root (where people leave
/// things) are read before the limit can be reached.
pub fn scan(roots: &[PathBuf]) -> Scan {
    let mut out = Scan::default();
    let mut seen_dirs = HashSet::new();
    let mut queue: VecDeque<(PathBuf, usize)> = roots.iter().map(|r| (r.clone(), 0)).collect();
    let mut files = 0usize;
    while let Some((dir, depth)) = queue.pop_front() {
        // A root inside another root (data_dir under the config's directory) is read once.
        let Ok(meta) = std::fs::metadata(&dir) else { continue };
        if !meta.is_dir() || !seen_dirs.insert((meta.dev(), meta.ino())) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            // The entry's own type: a symbolic link is neither a file nor a directory here.
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() && depth < MAX_DEPTH {
                queue.push_back((entry.path(), depth + 1));
            } else if ft.is_file() {
                if files == MAX_FILES {
                    out.truncated = true;
                    return out;
                }
                files += 1;
                if let Some(kind) = head(&entry.path()).and_then(|h| classify(&h)) {
                    out.found.push((entry.path(), kind));
                }
            }
        }
    }
    out
}

/// The first [`HEAD_BYTES`] of a regular file. Opened without following a link and without
/// blocking, so that a file swapped for a link or a FIFO after the listing reads nothing.
fn head(path: &Path) -> Option<Vec<u8>> {
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
    let f = std::fs::OpenOptions::new().read(true).custom_flags(flags.bits() as i32).open(path).ok()?;
    if !f.metadata().ok()?.is_file() {
        return None;
    }
    let mut buf = Vec::with_capacity(HEAD_BYTES);
    f.take(HEAD_BYTES as u64).read_to_end(&mut buf).ok()?;
    Some(buf)
}

/// What the start of a file says it is.
pub fn classify(head: &[u8]) -> Option<Kind> {
    if head.windows(15).any(|w| w == b"AGE-SECRET-KEY-") {
        return Some(Kind::Plaintext);
    }
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(AGE_MAGIC) {
        return has_scrypt_stanza(head).then_some(Kind::Encrypted);
    }
    if head.starts_with(ARMOR_BEGIN) {
        return dearmor(head).filter(|h| has_scrypt_stanza(h)).map(|_| Kind::Encrypted);
    }
    None
}

/// Whether an age header (binary form) has an `scrypt` recipient stanza before its end line.
fn has_scrypt_stanza(file: &[u8]) -> bool {
    file.starts_with(AGE_MAGIC)
        && file[AGE_MAGIC.len()..]
            .split(|&b| b == b'\n')
            .take_while(|line| !line.starts_with(b"---"))
            .any(|line| line.starts_with(b"-> scrypt "))
}

/// The start of the binary file inside an armoured one: the base64 lines after the BEGIN line,
/// up to the END line or what the head holds, decoded in whole 4-character groups.
fn dearmor(head: &[u8]) -> Option<Vec<u8>> {
    let mut b64: Vec<u8> = Vec::new();
    for line in head.split(|&b| b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.starts_with(b"-----") {
            break;
        }
        b64.extend_from_slice(line.trim_ascii());
    }
    b64.truncate(b64.len() / 4 * 4);
    data_encoding::BASE64.decode(&b64).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn armor(bin: &[u8]) -> Vec<u8> {
        let b64 = data_encoding::BASE64.encode(bin);
        let mut out = b"-----BEGIN AGE ENCRYPTED FILE-----\n".to_vec();
        for chunk in b64.as_bytes().chunks(64) {
            out.extend_from_slice(chunk);
            out.push(b'\n');
        }
        out.extend_from_slice(b"-----END AGE ENCRYPTED FILE-----\n");
        out
    }

    #[test]
    fn identities_are_recognised_by_content() {
        let scrypt = b"age-encryption.org/v1\n-> scrypt c2FsdA 18\nAAAA\n--- mac\nbody".to_vec();
        let x25519 = b"age-encryption.org/v1\n-> X25519 abc\nAAAA\n--- mac\n-> scrypt x".to_vec();
        assert_eq!(classify(b"# created\nAGE-SECRET-KEY-1QQQ\n"), Some(Kind::Plaintext));
        assert_eq!(classify(&scrypt), Some(Kind::Encrypted));
        assert_eq!(classify(&armor(&scrypt)), Some(Kind::Encrypted));
        assert_eq!(classify(&[b"\n  ".as_slice(), &armor(&scrypt)].concat()), Some(Kind::Encrypted));
        // A part file, armoured or not, is encrypted to recipients: not an identity.
        assert_eq!(classify(&x25519), None);
        assert_eq!(classify(&armor(&x25519)), None);
        assert_eq!(classify(b"-----BEGIN AGE ENCRYPTED FILE-----\n!!!!\n"), None);
        assert_eq!(classify(b"organisation = \"x\"\n"), None);
    }

    #[test]
    fn an_armoured_header_cut_by_the_head_limit_still_decodes() {
        let mut big = b"age-encryption.org/v1\n-> scrypt c2FsdA 18\nAAAA\n--- mac\n".to_vec();
        big.extend(std::iter::repeat_n(7u8, 10_000));
        let a = armor(&big);
        assert_eq!(classify(&a[..HEAD_BYTES]), Some(Kind::Encrypted));
    }
}

//! The offline vault: where keyholders decrypt, triage and answer tips, on a machine that
//! holds their age identity and never serves anything.
//!
//! ```text
//! <vault>/vault.age          triage state (cases, items, statuses, tags, notes, links),
//!                            encrypted to the owner's recipient, replaced atomically
//! <vault>/parts/<id>.age     ciphertext parts exactly as they came in the bundles
//! <vault>/.lock              held while a command runs
//! ```
//!
//! Nothing in the vault is plaintext at rest: tips are decrypted in memory when shown, and
//! attachments only when a keyholder extracts them to a directory of their choice.

pub mod identity;
pub mod import;
pub mod reply;
pub mod report;
pub mod show;
pub mod state;
pub mod triage;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use age::x25519;
use zeroize::Zeroizing;

use crate::crypto::seal;
use crate::store::{ItemId, PartId};
use state::{Case, State};

/// Vault errors (messages are for the keyholder at the terminal).
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// No vault there.
    #[error("no vault at {0} (a vault is created by `import`)")]
    Missing(String),
    /// Another command holds the lock.
    #[error("the vault is in use by another tipbox command (remove {0} if none is running)")]
    Locked(String),
    /// The state does not decrypt with this identity.
    #[error("this vault does not open with this identity (it belongs to {0})")]
    WrongIdentity(String),
    /// The state is damaged.
    #[error("the vault state is damaged: {0}")]
    Corrupt(String),
    /// A case or item id that does not resolve.
    #[error("{0}")]
    NotFound(String),
    /// A request that breaks a rule (lifecycle, tag syntax…).
    #[error("{0}")]
    Invalid(String),
    /// A part is not encrypted to this identity.
    #[error("not encrypted to this identity")]
    Unreadable,
    /// A bundle could not be read.
    #[error("bundle: {0}")]
    Bundle(#[from] crate::bundle::read::ReadError),
    /// Encryption or decryption.
    #[error("crypto: {0}")]
    Seal(#[from] seal::SealError),
    /// File I/O.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// File name of the state.
const STATE_FILE: &str = "vault.age";

/// An open vault (holds the lock until dropped).
pub struct Vault {
    dir: PathBuf,
    identity: x25519::Identity,
    /// The decrypted state.
    pub state: State,
    lock: PathBuf,
}

impl Drop for Vault {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.lock);
    }
}

fn acquire_lock(dir: &Path) -> Result<PathBuf, VaultError> {
    let lock = dir.join(".lock");
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(&lock) {
        Ok(_) => Ok(lock),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(VaultError::Locked(lock.display().to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

impl Vault {
    /// Opens an existing vault.
    pub fn open(dir: &Path, identity: x25519::Identity) -> Result<Self, VaultError> {
        let state_path = dir.join(STATE_FILE);
        if !state_path.is_file() {
            return Err(VaultError::Missing(dir.display().to_string()));
        }
        let lock = acquire_lock(dir)?;
        let mut v = Vault { dir: dir.to_owned(), identity, state: State::new(String::new()), lock };
        let ct = fs::read(&state_path)?;
        let plain = match seal::decrypt(&v.identity, &ct) {
            Ok(p) => p,
            Err(_) => {
                let owner = seal::check_x25519_header(&ct).map(|_| "another keyholder").unwrap_or("nobody");
                return Err(VaultError::WrongIdentity(owner.into()));
            }
        };
        v.state = serde_json::from_slice(&plain).map_err(|e| VaultError::Corrupt(e.to_string()))?;
        Ok(v)
    }

    /// Opens the vault, creating it (mode 0700) when `dir` has none.
    pub fn open_or_create(dir: &Path, identity: x25519::Identity) -> Result<Self, VaultError> {
        if dir.join(STATE_FILE).is_file() {
            return Self::open(dir, identity);
        }
        crate::store::create_private_dir(dir)?;
        crate::store::create_private_dir(&dir.join("parts"))?;
        let lock = acquire_lock(dir)?;
        let owner = identity.to_public().to_string();
        let mut v = Vault { dir: dir.to_owned(), identity, state: State::new(owner.clone()), lock };
        v.state.keyholders.insert(owner);
        v.save()?;
        Ok(v)
    }

    /// The owner's identity.
    pub fn identity(&self) -> &x25519::Identity {
        &self.identity
    }

    /// The vault directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Encrypts the state to the owner and replaces `vault.age` atomically.
    pub fn save(&mut self) -> Result<(), VaultError> {
        let plain =
            Zeroizing::new(serde_json::to_vec(&self.state).map_err(|e| VaultError::Corrupt(e.to_string()))?);
        let ct = seal::encrypt(&[self.identity.to_public()], &plain)?;
        write_atomic(&self.dir.join(STATE_FILE), &ct)
    }

    /// Path of a part's ciphertext.
    pub fn part_path(&self, id: &PartId) -> PathBuf {
        self.dir.join("parts").join(format!("{id}.age"))
    }

    /// Decrypts a whole (small) part into memory.
    pub fn decrypt_part(&self, id: &PartId) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let mut ct = Vec::new();
        File::open(self.part_path(id))?.read_to_end(&mut ct)?;
        Ok(seal::decrypt(&self.identity, &ct)?)
    }

    /// Resolves a case reference: a case number (`12` or `#12`) or an item id (or a unique
    /// prefix of at least 6 hex digits).
    pub fn resolve(&self, reference: &str) -> Result<&Case, VaultError> {
        let r = reference.trim().trim_start_matches('#');
        if let Ok(n) = r.parse::<u32>()
            && let Some(c) = self.state.cases.get(&n)
        {
            return Ok(c);
        }
        let lower = r.to_ascii_lowercase();
        if lower.len() >= 6 && lower.chars().all(|c| c.is_ascii_hexdigit()) {
            let hits: Vec<&ItemId> =
                self.state.items.keys().filter(|id| id.to_string().starts_with(&lower)).collect();
            match hits.as_slice() {
                [one] => {
                    let case = self.state.items[*one].case;
                    return self
                        .state
                        .cases
                        .get(&case)
                        .ok_or_else(|| VaultError::Corrupt("item without case".into()));
                }
                [] => {}
                _ => {
                    return Err(VaultError::NotFound(format!(
                        "{reference} matches several items: give more digits"
                    )));
                }
            }
        }
        Err(VaultError::NotFound(format!("no case or item {reference} in this vault")))
    }

    /// Resolves a reference to a case number.
    pub fn resolve_number(&self, reference: &str) -> Result<u32, VaultError> {
        self.resolve(reference).map(|c| c.number)
    }
}

/// Writes `data` to `path` through a temporary file, fsync and rename, then fsyncs the
/// directory: a crash leaves either the old or the new file, never a torn one.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), VaultError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("file")));
    {
        let mut f = OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Makes attacker-controlled text safe to print on a terminal: control characters (escape
/// sequences!) and direction overrides are shown as `\u{…}` instead of being interpreted.
pub fn terminal_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let trick = crate::text::is_direction_or_invisible(c);
        if (c.is_control() && c != '\n' && c != '\t') || trick {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safety() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{001b}[2Jb");
        assert_eq!(terminal_safe("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(terminal_safe("line\nnext\t你好"), "line\nnext\t你好");
    }
}

//! The offline vault: where keyholders decrypt, triage and answer tips, on a machine that
//! holds their age identity and never serves anything.
//!
//! ```text
//! <vault>/vault.age          triage state and team roster, encrypted to the owner's recipient,
//!                            replaced atomically
//! <vault>/parts/<id>.age     ciphertext parts exactly as they came, never replaced or deleted;
//!                            their SHA-256 is in the state and checked on every read
//! <vault>/.lock              locked (flock) while a command runs; a crash releases it
//! <vault>/.staging-*/        an import in progress (removed when it ends, or at next open)
//! ```
//!
//! Nothing in the vault is plaintext at rest: tips are decrypted in memory when shown, and
//! attachments only when a keyholder extracts them to a directory of their choice. Everything
//! that arrives from the server is hostile input: see [`import`].

pub mod ack;
pub mod case_id;
pub mod chart_labels;
pub mod charts;
pub mod extract;
mod facts;
pub mod identity;
pub mod import;
pub mod lifecycle;
pub mod list;
pub mod messages;
pub mod metadata;
pub mod ops;
pub mod reply;
pub mod report;
pub mod search;
pub mod show;
pub mod state;
pub mod stats;
pub mod summary;
pub mod team;
pub mod triage;
pub mod validate;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use age::x25519;
use zeroize::Zeroizing;

use crate::crypto::seal;
use crate::crypto::sign::SigningKey;
use crate::files;
use crate::model::{ItemId, PartId};
use state::{Case, STATE_VERSION, State};

/// Vault errors (messages are for the keyholder at the terminal).
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// No vault there.
    #[error("no vault at {0} (a vault is created by `import`)")]
    Missing(String),
    /// Another command holds the lock.
    #[error("the vault {0} is in use by another tipbox command; wait for it to finish")]
    Locked(String),
    /// The state does not decrypt with this identity.
    #[error("this vault does not open with this identity (it belongs to {0})")]
    WrongIdentity(String),
    /// The state is damaged.
    #[error("the vault state is damaged: {0}")]
    Corrupt(String),
    /// A part file does not match the hash recorded when it was imported.
    #[error(
        "part {0} has been changed on disk since it was imported: it is not shown; restore the vault from a backup"
    )]
    Tampered(PartId),
    /// A case or item id that does not resolve.
    #[error("{0}")]
    NotFound(String),
    /// A request that breaks a rule (lifecycle, tag syntax…).
    #[error("{0}")]
    Invalid(String),
    /// A bundle the vault refuses as a whole (nothing was changed).
    #[error("{0}")]
    Refused(String),
    /// A part is not encrypted to this identity.
    #[error("not encrypted to this identity")]
    Unreadable,
    /// A bundle could not be read.
    #[error("the bundle is damaged or not a tipbox bundle: {0}")]
    Bundle(#[from] crate::bundle::read::ReadError),
    /// Encryption or decryption.
    #[error("crypto: {0}")]
    Seal(#[from] seal::SealError),
    /// The identity gives no signing key.
    #[error("{0}")]
    Sign(#[from] crate::crypto::sign::SignError),
    /// File I/O (the message names the file).
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// File name of the state.
const STATE_FILE: &str = "vault.age";

/// An open vault (holds the lock until dropped).
pub struct Vault {
    dir: PathBuf,
    identity: x25519::Identity,
    signing: SigningKey,
    /// The decrypted state.
    pub state: State,
    _lock: File,
}

/// Takes the vault's lock: an exclusive `flock` on `.lock`, which the kernel releases when the
/// process ends however it ends, so the lock cannot go stale.
fn acquire_lock(dir: &Path) -> Result<File, VaultError> {
    let path = dir.join(".lock");
    let f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(|e| files::named(&path, e))?;
    match rustix::fs::flock(&f, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(f),
        Err(rustix::io::Errno::WOULDBLOCK) => Err(VaultError::Locked(dir.display().to_string())),
        Err(e) => Err(files::named(&path, e.into()).into()),
    }
}

impl Vault {
    /// Opens an existing vault (migrating an older state).
    pub fn open(dir: &Path, identity: x25519::Identity) -> Result<Self, VaultError> {
        let state_path = dir.join(STATE_FILE);
        if !state_path.is_file() {
            return Err(VaultError::Missing(dir.display().to_string()));
        }
        let lock = acquire_lock(dir)?;
        let ct = files::read(&state_path)?;
        let plain = match seal::decrypt(&identity, &ct) {
            Ok(p) => p,
            Err(_) => {
                let owner = seal::check_x25519_header(&ct).map(|_| "another keyholder").unwrap_or("nobody");
                return Err(VaultError::WrongIdentity(owner.into()));
            }
        };
        let state: State = serde_json::from_slice(&plain).map_err(|e| VaultError::Corrupt(e.to_string()))?;
        if state.version > STATE_VERSION {
            return Err(VaultError::Corrupt(format!(
                "state version {} is newer than this tipbox understands: upgrade tipbox",
                state.version
            )));
        }
        let signing = SigningKey::from_identity(&identity)?;
        let mut v = Vault { dir: dir.to_owned(), identity, signing, state, _lock: lock };
        import::remove_stale_staging(&v.dir)?;
        if v.state.version < STATE_VERSION {
            v.migrate()?;
        }
        Ok(v)
    }

    /// Opens the vault, creating it (mode 0700) when `dir` has none.
    pub fn open_or_create(dir: &Path, identity: x25519::Identity) -> Result<Self, VaultError> {
        if dir.join(STATE_FILE).is_file() {
            return Self::open(dir, identity);
        }
        files::create_private_dir(dir)?;
        files::create_private_dir(&dir.join("parts"))?;
        let lock = acquire_lock(dir)?;
        let owner = identity.to_public().to_string();
        let signing = SigningKey::from_identity(&identity)?;
        let mut v = Vault { dir: dir.to_owned(), identity, signing, state: State::new(owner), _lock: lock };
        v.save()?;
        Ok(v)
    }

    /// Removes a vault that [`Vault::open_or_create`] has just created and that holds nothing
    /// (after a first import failed), so that a failure leaves the directory as it was.
    pub fn discard_if_empty(self) -> Result<(), VaultError> {
        let s = &self.state;
        if !(s.cases.is_empty() && s.items.is_empty() && s.team.is_empty()) {
            return Ok(());
        }
        let dir = self.dir.clone();
        for f in [STATE_FILE, ".lock"] {
            let _ = fs::remove_file(dir.join(f));
        }
        let _ = fs::remove_dir(dir.join("parts"));
        let _ = fs::remove_dir(&dir);
        Ok(())
    }

    /// Migrates an older state: re-checks what it took from documents on the way.
    fn migrate(&mut self) -> Result<(), VaultError> {
        if self.state.version < 2 {
            self.migrate_v1()?;
        }
        if self.state.version < 3 {
            // Version 2 → 3: answers by question id, with the questions they answer.
            for case in self.state.cases.values_mut() {
                case.summary.upgrade();
                validate::recheck_summary(&mut case.summary);
            }
        }
        if self.state.version < 4 {
            self.migrate_v3();
        }
        if self.state.version < 5 {
            ops::migrate_v4(self)?;
        }
        self.state.version = STATE_VERSION;
        self.save()
    }

    /// Version 1 → 2: record every part's hash (trust on first use) and forget the
    /// recipients a bundle once listed.
    fn migrate_v1(&mut self) -> Result<(), VaultError> {
        let ids: Vec<(ItemId, usize, PartId)> = self
            .state
            .items
            .values()
            .flat_map(|i| i.parts.iter().enumerate().map(move |(n, p)| (i.id, n, p.id)))
            .collect();
        for (item, n, part) in ids {
            let hash = crate::crypto::hex(&sha256_file(&self.part_path(&part))?);
            if let Some(p) = self.state.items.get_mut(&item).and_then(|i| i.parts.get_mut(n)) {
                p.sha256 = hash;
            }
        }
        self.state.keyholders.clear();
        Ok(())
    }

    /// Version 3 → 4: record each attachment's plaintext SHA-256 and inspection, decrypting
    /// it once, as import now does. A part that does not decrypt or does not match (tampered
    /// since import) keeps no facts rather than locking the vault: `show` and `extract` still
    /// check it and say so.
    fn migrate_v3(&mut self) {
        let todo: Vec<(ItemId, usize, PartId, u64)> = self
            .state
            .items
            .values()
            .flat_map(|i| i.attachments.iter().enumerate().map(move |(n, a)| (i.id, n, a.part, a.size)))
            .collect();
        for (item, n, part, size) in todo {
            let facts = self.verified_part_path(&part).ok().and_then(|path| {
                let f = io::BufReader::new(files::open(&path).ok()?);
                facts::plaintext_facts(&self.identity, f, size).ok()
            });
            let Some((sha256, inspection)) = facts else { continue };
            if let Some(a) = self.state.items.get_mut(&item).and_then(|i| i.attachments.get_mut(n)) {
                a.sha256 = sha256;
                a.inspection = Some(inspection);
            }
        }
    }

    /// The owner's identity.
    pub fn identity(&self) -> &x25519::Identity {
        &self.identity
    }

    /// The owner's signing key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.signing
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
        Ok(files::write_atomic(&self.dir.join(STATE_FILE), &ct)?)
    }

    /// Path of a part's ciphertext.
    pub fn part_path(&self, id: &PartId) -> PathBuf {
        self.dir.join("parts").join(format!("{id}.age"))
    }

    /// Whether `actual` is the hash recorded for part `id` at import.
    fn check_hash(&self, id: &PartId, actual: &[u8; 32]) -> Result<(), VaultError> {
        let recorded = self.state.part(id).map(|p| p.sha256.as_str()).unwrap_or_default();
        if crate::crypto::hex(actual) == recorded { Ok(()) } else { Err(VaultError::Tampered(*id)) }
    }

    /// A part's ciphertext, checked against the hash recorded at import.
    pub fn read_part(&self, id: &PartId) -> Result<Vec<u8>, VaultError> {
        let ct = files::read(&self.part_path(id))?;
        self.check_hash(id, &crate::bundle::signing::sha256(&ct))?;
        Ok(ct)
    }

    /// The path of a part whose file still has the hash recorded at import (for streaming
    /// reads of large parts).
    pub fn verified_part_path(&self, id: &PartId) -> Result<PathBuf, VaultError> {
        let path = self.part_path(id);
        self.check_hash(id, &sha256_file(&path)?)?;
        Ok(path)
    }

    /// Decrypts a whole (small) part into memory, after checking its hash.
    pub fn decrypt_part(&self, id: &PartId) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let ct = self.read_part(id)?;
        Ok(seal::decrypt(&self.identity, &ct)?)
    }

    /// Resolves a case reference: a case number (`12` or `#12`), a case id (`K7QM-4M2X`, see
    /// [`case_id`]) or an item id (or a unique prefix of at least 6 hex digits).
    pub fn resolve(&self, reference: &str) -> Result<&Case, VaultError> {
        let r = reference.trim().trim_start_matches('#');
        if let Ok(n) = r.parse::<u32>()
            && let Some(c) = self.state.cases.get(&n)
        {
            return Ok(c);
        }
        if let Some(c) = self.case_by_id(r)? {
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

    /// The case whose id `reference` is, if it reads as a case id and one case has it; two
    /// cases with the same id are refused, naming both (never one of them picked).
    pub fn case_by_id(&self, reference: &str) -> Result<Option<&Case>, VaultError> {
        let Some(id) = case_id::CaseId::parse(reference) else { return Ok(None) };
        let hits: Vec<&Case> = self.state.cases.values().filter(|c| c.id() == id).collect();
        match hits.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            many => {
                let numbers: Vec<String> = many.iter().map(|c| format!("#{}", c.number)).collect();
                Err(VaultError::NotFound(format!(
                    "{id} is the id of {} cases here ({}): use the case number",
                    many.len(),
                    numbers.join(", ")
                )))
            }
        }
    }

    /// Resolves a reference to a case number.
    pub fn resolve_number(&self, reference: &str) -> Result<u32, VaultError> {
        self.resolve(reference).map(|c| c.number)
    }
}

/// SHA-256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<[u8; 32], VaultError> {
    use sha2::Digest;
    let mut f = files::open(path)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(|e| files::named(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().into())
}

/// Removes a directory tree, ignoring one that is already gone.
pub(crate) fn remove_tree(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(files::named(dir, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::padding::padme;
    use crate::model::Day;
    use crate::model::item::{ItemKind, PartRole};
    use crate::text::Untrusted;
    use state::{Attachment, Item, PartRecord};

    use crate::vault::metadata::test_jpeg as jpeg;

    /// An id that two cases share is refused, naming both, never resolved to one of them.
    #[test]
    fn a_case_id_two_cases_share_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vault::open_or_create(&dir.path().join("v"), age::x25519::Identity::generate()).unwrap();
        let case = Case::empty;
        let (a, b) = (crate::model::SourceId::random().unwrap(), crate::model::SourceId::random().unwrap());
        v.state.cases.insert(1, case(1, a));
        v.state.cases.insert(2, case(2, b));
        let id = v.state.cases[&1].id().to_string();
        assert_eq!(v.resolve(&id).unwrap().number, 1);
        assert_eq!(v.resolve(&id.to_lowercase().replace('-', "")).unwrap().number, 1);
        // A second case under the same thread of the same server: the same id.
        v.state.cases.insert(3, case(3, a));
        let err = v.resolve(&id).unwrap_err().to_string();
        assert!(err.contains("#1, #3") && err.contains("use the case number"), "{err}");
        assert_eq!(v.resolve("2").unwrap().number, 2, "numbers still work");
    }

    /// A version 3 vault gets each attachment's plaintext hash and inspection when opened.
    #[test]
    fn version_3_attachments_get_their_facts_at_open() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("vault");
        let id = x25519::Identity::generate();
        let photo = jpeg::jpeg_with_gps();
        let mut padded = photo.clone();
        padded.resize(usize::try_from(padme(photo.len() as u64)).unwrap(), 0);
        let part = PartId::random().unwrap();
        {
            let mut v = Vault::open_or_create(&dir, id.clone()).unwrap();
            let ct = seal::encrypt(&[id.to_public()], &padded).unwrap();
            files::write_new(&v.part_path(&part), &ct).unwrap();
            let item = Item {
                id: ItemId::random().unwrap(),
                case: 1,
                kind: ItemKind::Tip,
                day: Day::from_ymd(2026, 1, 2).unwrap(),
                parts: vec![PartRecord {
                    id: part,
                    role: PartRole::Attachment,
                    size: ct.len() as u64,
                    sha256: crate::crypto::hex(&crate::bundle::signing::sha256(&ct)),
                }],
                attachments: vec![Attachment {
                    part,
                    name: Untrusted::new("car.jpg"),
                    content_type: Untrusted::new("image/jpeg"),
                    size: photo.len() as u64,
                    sha256: String::new(),
                    inspection: None,
                }],
                signer: None,
                signature: None,
            };
            v.state.items.insert(item.id, item);
            v.state.version = 3;
            v.save().unwrap();
        }
        let v = Vault::open(&dir, id).unwrap();
        assert_eq!(v.state.version, STATE_VERSION);
        let a = &v.state.items.values().next().unwrap().attachments[0];
        assert_eq!(a.sha256, crate::crypto::hex(&crate::bundle::signing::sha256(&photo)));
        let i = a.inspection.as_ref().unwrap();
        assert!(i.inspected && i.cleanable);
        assert_eq!(i.findings[0].value.raw(), jpeg::POSITION);
    }
}

//! The instance secret: 32 random bytes in `<data>/instance.key` (mode 0600), outside sled.
//!
//! Keeping it out of the store means a stolen copy of the store alone cannot even be
//! brute-forced for codenames: the argon2 salt is derived from this file. Sub-keys are derived
//! with HKDF so that one purpose's key never doubles as another's.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

/// File name of the instance secret inside the data directory.
pub const FILE_NAME: &str = "instance.key";

/// Errors reading or creating the instance secret.
#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    /// I/O on the key file.
    #[error("instance secret {0}: {1}")]
    Io(String, std::io::Error),
    /// The file exists but is not a valid secret.
    #[error("instance secret {0} is malformed")]
    Malformed(String),
    /// The OS random generator failed.
    #[error("no randomness available")]
    Random,
}

/// Sub-keys derived from the instance secret. No `Debug`; zeroized on drop.
pub struct InstanceKeys {
    /// argon2 salt for codenames.
    pub argon2_salt: Zeroizing<[u8; 32]>,
    /// HMAC key for CSRF tokens.
    pub csrf_key: Zeroizing<[u8; 32]>,
    /// A stable, non-secret id of this instance (names where a bundle came from).
    pub origin: String,
}

impl InstanceKeys {
    /// Derives the sub-keys from a 32-byte master secret.
    pub fn from_master(master: &[u8; 32]) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(b"tipbox instance v1"), master);
        let mut argon2_salt = Zeroizing::new([0u8; 32]);
        let mut csrf_key = Zeroizing::new([0u8; 32]);
        // 32 bytes is far below HKDF-SHA256's output limit: expand cannot fail.
        let _ = hk.expand(b"argon2 salt", argon2_salt.as_mut());
        let _ = hk.expand(b"csrf", csrf_key.as_mut());
        let mut origin = [0u8; 8];
        let _ = hk.expand(b"origin id", &mut origin);
        Self { argon2_salt, csrf_key, origin: super::hex(&origin) }
    }

    /// Reads `<dir>/instance.key`, creating it (0600) if it does not exist.
    pub fn load_or_create(dir: &Path) -> Result<Self, InstanceError> {
        let path = dir.join(FILE_NAME);
        let name = path.display().to_string();
        match fs::read_to_string(&path) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                let master: [u8; 32] =
                    super::unhex(text.trim()).ok_or_else(|| InstanceError::Malformed(name.clone()))?;
                let master = Zeroizing::new(master);
                Ok(Self::from_master(&master))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let master = Zeroizing::new(super::random_array::<32>().map_err(|_| InstanceError::Random)?);
                let text = Zeroizing::new(format!("{}\n", super::hex(master.as_ref())));
                crate::files::write_new(&path, text.as_bytes())
                    .map_err(|e| InstanceError::Io(name.clone(), e))?;
                // umask may have widened nothing, but make the mode explicit anyway.
                fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
                    .map_err(|e| InstanceError::Io(name, e))?;
                Ok(Self::from_master(&master))
            }
            Err(e) => Err(InstanceError::Io(name, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_with_0600_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let a = InstanceKeys::load_or_create(dir.path()).unwrap();
        let b = InstanceKeys::load_or_create(dir.path()).unwrap();
        assert_eq!(*a.argon2_salt, *b.argon2_salt);
        assert_ne!(*a.argon2_salt, *a.csrf_key);
        let mode = fs::metadata(dir.path().join(FILE_NAME)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn malformed_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), "zz").unwrap();
        assert!(InstanceKeys::load_or_create(dir.path()).is_err());
    }
}

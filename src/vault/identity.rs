//! Keyholder identity files: an age X25519 identity, normally encrypted with a passphrase
//! (age's scrypt recipient, ASCII-armored so the file stays text).

use std::io::{Read, Write};
use std::path::Path;

use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use zeroize::Zeroizing;

/// Environment variable holding the passphrase (for scripts; a terminal prompt otherwise).
pub const PASSPHRASE_ENV: &str = "TIPBOX_PASSPHRASE";

/// Shortest passphrase `keygen` accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// Identity file errors.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    /// Reading or writing the file (the error names it).
    #[error("{1}")]
    Io(String, std::io::Error),
    /// The file holds no identity.
    #[error("{0} does not contain an age identity")]
    NoIdentity(String),
    /// Wrong passphrase (or a file encrypted some other way).
    #[error("wrong passphrase for {0}")]
    WrongPassphrase(String),
    /// No passphrase available.
    #[error("a passphrase is needed: set {PASSPHRASE_ENV} or run in a terminal")]
    NoPassphrase,
    /// The passphrase is too short or the two entries differ.
    #[error("{0}")]
    BadPassphrase(String),
    /// Encryption failed.
    #[error("cannot encrypt the identity: {0}")]
    Encrypt(String),
}

/// Parses an unencrypted identity file (comments allowed; the first key is used).
pub fn read_plain_identity(text: &str) -> Result<x25519::Identity, IdentityError> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("AGE-SECRET-KEY-"))
        .find_map(|l| l.parse::<x25519::Identity>().ok())
        .ok_or_else(|| IdentityError::NoIdentity("identity file".into()))
}

fn passphrase(confirm: bool) -> Result<SecretString, IdentityError> {
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        return Ok(SecretString::from(p));
    }
    let first =
        Zeroizing::new(rpassword::prompt_password("Passphrase: ").map_err(|_| IdentityError::NoPassphrase)?);
    if confirm {
        let again = Zeroizing::new(
            rpassword::prompt_password("Passphrase (again): ").map_err(|_| IdentityError::NoPassphrase)?,
        );
        if *first != *again {
            return Err(IdentityError::BadPassphrase("the passphrases differ".into()));
        }
    }
    Ok(SecretString::from(first.to_string()))
}

/// The public half of a new identity.
pub struct PublicKeys {
    /// `age1…`.
    pub recipient: String,
    /// `tipboxsig1…`.
    pub signing_key: String,
}

/// Creates `path` (mode 0600, never overwriting) with a new identity and returns its public
/// keys. The signing key is derived from the identity (see [`crate::crypto::sign`]).
pub fn generate_identity_file(path: &Path, plaintext: bool) -> Result<PublicKeys, IdentityError> {
    let name = path.display().to_string();
    let id = x25519::Identity::generate();
    let recipient = id.to_public().to_string();
    let signing_key = crate::crypto::sign::SigningKey::from_identity(&id)
        .map_err(|e| IdentityError::Encrypt(e.to_string()))?
        .public()
        .to_string();
    let text = Zeroizing::new(format!(
        "# tipbox keyholder identity\n# public key: {recipient}\n{}\n",
        id.to_string().expose_secret()
    ));
    let bytes: Zeroizing<Vec<u8>> = if plaintext {
        Zeroizing::new(text.as_bytes().to_vec())
    } else {
        let pass = passphrase(true)?;
        if pass.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(IdentityError::BadPassphrase(format!(
                "the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters"
            )));
        }
        let mut out = Vec::new();
        let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
            .map_err(|e| IdentityError::Encrypt(e.to_string()))?;
        let mut w = age::Encryptor::with_user_passphrase(pass)
            .wrap_output(armor)
            .map_err(|e| IdentityError::Encrypt(e.to_string()))?;
        w.write_all(text.as_bytes()).map_err(|e| IdentityError::Encrypt(e.to_string()))?;
        w.finish().and_then(|a| a.finish()).map_err(|e| IdentityError::Encrypt(e.to_string()))?;
        Zeroizing::new(out)
    };
    crate::files::write_new(path, &bytes).map_err(|e| IdentityError::Io(name, e))?;
    Ok(PublicKeys { recipient, signing_key })
}

/// Loads an identity file, asking for the passphrase when it is encrypted.
pub fn load_identity(path: &Path) -> Result<x25519::Identity, IdentityError> {
    let name = path.display().to_string();
    let raw = Zeroizing::new(crate::files::read(path).map_err(|e| IdentityError::Io(name.clone(), e))?);
    let is_age =
        raw.starts_with(b"age-encryption.org/") || raw.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----");
    if !is_age {
        let text = std::str::from_utf8(&raw).map_err(|_| IdentityError::NoIdentity(name.clone()))?;
        return read_plain_identity(text).map_err(|_| IdentityError::NoIdentity(name));
    }
    let d = age::Decryptor::new(age::armor::ArmoredReader::new(&raw[..]))
        .map_err(|_| IdentityError::NoIdentity(name.clone()))?;
    if !d.is_scrypt() {
        return Err(IdentityError::NoIdentity(name));
    }
    let pass = passphrase(false)?;
    let id = age::scrypt::Identity::new(pass);
    let mut r = d
        .decrypt(std::iter::once(&id as &dyn age::Identity))
        .map_err(|_| IdentityError::WrongPassphrase(name.clone()))?;
    let mut text = Zeroizing::new(String::new());
    r.read_to_string(&mut text).map_err(|_| IdentityError::WrongPassphrase(name.clone()))?;
    read_plain_identity(&text).map_err(|_| IdentityError::NoIdentity(name))
}

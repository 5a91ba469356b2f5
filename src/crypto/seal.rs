//! age encryption and decryption, and checks on ciphertext we did not make.
//!
//! Every stored part is one age file (binary, not armored) encrypted to X25519 recipients only:
//! no passphrase stanzas, no plugins, nothing the offline vault would need to trust.

use std::io::{self, Read, Write};

use age::x25519;
use zeroize::Zeroizing;

/// Errors from sealing and opening age files.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// A recipient string is not an `age1…` X25519 recipient.
    #[error("not an age X25519 recipient: {0}")]
    BadRecipient(String),
    /// No recipients were given.
    #[error("no recipients")]
    NoRecipients,
    /// age refused to encrypt.
    #[error("encryption failed: {0}")]
    Encrypt(String),
    /// The ciphertext does not decrypt with the given identities.
    #[error("decryption failed: {0}")]
    Decrypt(String),
    /// The ciphertext is not a well-formed age file of the kind we accept.
    #[error("not an acceptable age file: {0}")]
    Header(&'static str),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Parses `age1…` recipients, rejecting anything else (and the empty list).
pub fn parse_recipients<S: AsRef<str>>(list: &[S]) -> Result<Vec<x25519::Recipient>, SealError> {
    if list.is_empty() {
        return Err(SealError::NoRecipients);
    }
    list.iter()
        .map(|s| {
            let s = s.as_ref().trim();
            s.parse::<x25519::Recipient>().map_err(|_| SealError::BadRecipient(s.to_owned()))
        })
        .collect()
}

/// Starts an age stream to `recipients` over `output`. The caller must call `finish()`.
pub fn encrypt_stream<W: Write>(
    recipients: &[x25519::Recipient],
    output: W,
) -> Result<age::stream::StreamWriter<W>, SealError> {
    if recipients.is_empty() {
        return Err(SealError::NoRecipients);
    }
    let enc = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    Ok(enc.wrap_output(output)?)
}

/// Encrypts `plaintext` to `recipients` in memory.
pub fn encrypt(recipients: &[x25519::Recipient], plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
    let mut out = Vec::with_capacity(plaintext.len() + 256 + 16 * (plaintext.len() / 65536 + 1));
    let mut w = encrypt_stream(recipients, &mut out)?;
    w.write_all(plaintext)?;
    w.finish()?;
    Ok(out)
}

/// Opens an age stream with `identity`.
pub fn decrypt_stream<'a, R: Read + 'a>(
    identity: &'a x25519::Identity,
    input: R,
) -> Result<impl Read + 'a, SealError> {
    let d = age::Decryptor::new(input).map_err(|e| SealError::Decrypt(e.to_string()))?;
    if d.is_scrypt() {
        return Err(SealError::Header("passphrase-encrypted"));
    }
    d.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(|e| SealError::Decrypt(e.to_string()))
}

/// Decrypts a whole age file in memory.
pub fn decrypt(identity: &x25519::Identity, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let mut r = decrypt_stream(identity, ciphertext)?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    r.read_to_end(&mut out).map_err(|e| SealError::Decrypt(e.to_string()))?;
    Ok(out)
}

/// Longest age header we accept from outside (a few hundred recipients).
pub const MAX_HEADER_LEN: usize = 64 * 1024;

/// Checks that `data` begins with a well-formed binary age v1 header whose stanzas are all
/// X25519 (plus age's own random grease stanzas), and returns how many X25519 stanzas it has.
///
/// This is what the server can verify about a reply it cannot decrypt: that it is an age file
/// for public-key recipients and not something else dressed up as one.
pub fn check_x25519_header(data: &[u8]) -> Result<usize, SealError> {
    const INTRO: &[u8] = b"age-encryption.org/v1\n";
    if !data.starts_with(INTRO) {
        return Err(SealError::Header("missing age v1 intro line"));
    }
    let limit = data.len().min(MAX_HEADER_LEN);
    let mut stanzas = 0usize;
    let mut pos = INTRO.len();
    loop {
        let rest = data.get(pos..limit).ok_or(SealError::Header("truncated header"))?;
        let nl =
            rest.iter().position(|b| *b == b'\n').ok_or(SealError::Header("header too long or truncated"))?;
        let line = &rest[..nl];
        pos += nl + 1;
        if line.starts_with(b"--- ") {
            break;
        }
        if let Some(args) = line.strip_prefix(b"-> ") {
            let tag = args.split(|b| *b == b' ').next().unwrap_or_default();
            if tag == b"X25519" {
                stanzas += 1;
            } else if !tag.ends_with(b"-grease") {
                // age adds random "grease" stanzas to keep parsers honest; anything else
                // (scrypt, ssh, plugins) is not for us.
                return Err(SealError::Header("stanza is not X25519"));
            }
        } else if line.len() > 64
            || line.iter().any(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/'))
        {
            return Err(SealError::Header("malformed stanza body"));
        }
    }
    if stanzas == 0 {
        return Err(SealError::Header("no recipients"));
    }
    // Let age parse it too: MAC length, base64 canonicity, stanza shapes.
    age::Decryptor::new(data).map_err(|_| SealError::Header("age rejects the header"))?;
    Ok(stanzas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_to_several_recipients() {
        let a = x25519::Identity::generate();
        let b = x25519::Identity::generate();
        let rs = vec![a.to_public(), b.to_public()];
        let ct = encrypt(&rs, b"hello").unwrap();
        assert_eq!(&*decrypt(&a, &ct).unwrap(), b"hello");
        assert_eq!(&*decrypt(&b, &ct).unwrap(), b"hello");
        let c = x25519::Identity::generate();
        assert!(decrypt(&c, &ct).is_err());
        assert_eq!(check_x25519_header(&ct).unwrap(), 2);
    }

    #[test]
    fn header_check_rejects_garbage_and_passphrases() {
        assert!(check_x25519_header(b"").is_err());
        assert!(check_x25519_header(b"age-encryption.org/v1\n").is_err());
        assert!(check_x25519_header(b"hello world").is_err());
        let mut ct = Vec::new();
        let mut w =
            age::Encryptor::with_user_passphrase("pw".to_owned().into()).wrap_output(&mut ct).unwrap();
        w.write_all(b"x").unwrap();
        w.finish().unwrap();
        assert!(check_x25519_header(&ct).is_err());
    }

    #[test]
    fn recipients_are_validated() {
        assert!(parse_recipients::<&str>(&[]).is_err());
        assert!(parse_recipients(&["age1nope"]).is_err());
        let id = x25519::Identity::generate();
        assert_eq!(parse_recipients(&[id.to_public().to_string()]).unwrap().len(), 1);
    }
}

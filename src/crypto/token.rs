//! Keyholder API tokens: 256 random bits, shown once, stored in the config only as
//! `sha256:<hex>` of the token.
//!
//! A token is a random secret, not a password: nobody can search 2^256 candidates, so a slow
//! hash buys nothing and costs a great deal. (Tokens used to be argon2 hashes: every wrong token
//! then cost the server 19 MiB and 30 ms, and 400 concurrent wrong tokens took it past its
//! memory limit.) A fast hash checked in constant time against every configured hash keeps a
//! leaked config from leaking a usable token, and makes a check cost microseconds.

use secrecy::SecretString;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Prefix that makes tokens recognisable in files and secret scanners.
pub const PREFIX: &str = "tipbox_kh_";
/// Prefix of a token hash in the config.
pub const HASH_PREFIX: &str = "sha256:";

/// Token errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Randomness failed.
    #[error("cannot create a token: no randomness")]
    Random,
    /// An argon2 hash from tipbox before named, fast token hashes.
    #[error(
        "is an argon2 hash from an older tipbox: run `tipbox token --hash-of TOKEN_FILE` with the existing token file (or `tipbox token --name NAME` for a new token) and paste the sha256:… value it prints"
    )]
    Legacy,
    /// The whole output line was pasted, label included.
    #[error("starts with {0:?}: paste only the sha256:… value")]
    Pasted(String),
    /// Anything else.
    #[error("is not a token hash (sha256: and 64 hex digits, as `tipbox token` prints)")]
    Malformed,
    /// A token file that holds no token.
    #[error("holds no tipbox token (tipbox_kh_…)")]
    NoToken,
}

/// A new random token and its hash.
pub fn generate() -> Result<(SecretString, String), TokenError> {
    let raw = zeroize::Zeroizing::new(super::random_array::<32>().map_err(|_| TokenError::Random)?);
    let token =
        zeroize::Zeroizing::new(format!("{PREFIX}{}", data_encoding::BASE64URL_NOPAD.encode(raw.as_ref())));
    let hash = hash(token.as_bytes());
    Ok((SecretString::from(token.to_string()), hash))
}

/// The SHA-256 of a token.
pub fn digest(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

/// The config form of a token's hash: `sha256:<hex>`.
pub fn hash(token: &[u8]) -> String {
    format!("{HASH_PREFIX}{}", super::hex(&digest(token)))
}

/// Parses a configured hash, naming what is wrong with it.
pub fn parse_hash(s: &str) -> Result<[u8; 32], TokenError> {
    let s = s.trim();
    if s.starts_with("$argon2") {
        return Err(TokenError::Legacy);
    }
    if let Some(hex) = s.strip_prefix(HASH_PREFIX) {
        return super::unhex::<32>(hex).ok_or(TokenError::Malformed);
    }
    if let Some((label, _)) = s.split_once(':')
        && label.len() <= 16
        && label.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
        && s.contains(HASH_PREFIX)
    {
        return Err(TokenError::Pasted(format!("{label}:")));
    }
    Err(TokenError::Malformed)
}

/// Whether `digest` equals `hash`, in constant time.
pub fn matches(digest: &[u8; 32], hash: &[u8; 32]) -> bool {
    digest.ct_eq(hash).into()
}

/// Finds the token in what a person saved in a token file: the bare token, or the whole line
/// `token: tipbox_kh_…` that `tipbox token` printed, with quotes or spaces around it.
pub fn from_file_text(text: &str) -> Result<&str, TokenError> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '=' | ','))
        .map(|w| w.strip_prefix("token:").unwrap_or(w))
        .find(|w| w.starts_with(PREFIX) && w.len() > PREFIX.len() + 16)
        .ok_or(TokenError::NoToken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn generate_hash_and_match() {
        let (t, h) = generate().unwrap();
        assert!(t.expose_secret().starts_with(PREFIX));
        let parsed = parse_hash(&h).unwrap();
        assert!(matches(&digest(t.expose_secret().as_bytes()), &parsed));
        assert!(!matches(&digest(b"tipbox_kh_wrong"), &parsed));
    }

    #[test]
    fn hashes_that_people_paste() {
        let (_, h) = generate().unwrap();
        assert_eq!(parse_hash("$argon2id$v=19$m=19456,t=2,p=1$abc$def"), Err(TokenError::Legacy));
        assert_eq!(parse_hash(&format!("hash: {h}")), Err(TokenError::Pasted("hash:".into())));
        assert_eq!(parse_hash("sha256:zz"), Err(TokenError::Malformed));
        assert_eq!(parse_hash("garbage"), Err(TokenError::Malformed));
        assert!(parse_hash(&format!("  {h}\n")).is_ok());
    }

    #[test]
    fn token_files_as_people_write_them() {
        let (t, _) = generate().unwrap();
        let t = t.expose_secret();
        for text in [
            t.to_string(),
            format!("{t}\n"),
            format!("token: {t}\n"),
            format!("token:{t}"),
            format!("\"{t}\""),
        ] {
            assert_eq!(from_file_text(&text).unwrap(), t, "{text:?}");
        }
        assert_eq!(from_file_text("hash: sha256:abcd"), Err(TokenError::NoToken));
        assert_eq!(from_file_text(""), Err(TokenError::NoToken));
    }
}

//! Keyholder API tokens: 256 random bits, shown once, stored in the config only as an argon2id
//! PHC hash. Tokens are high-entropy, so a light argon2 cost is enough; the hash exists so that
//! a leaked config does not leak a usable token.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use secrecy::{ExposeSecret, SecretString};

/// Prefix that makes tokens recognisable in files and secret scanners.
pub const PREFIX: &str = "tipbox_kh_";

/// Token errors.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Randomness or hashing failed.
    #[error("cannot create token: {0}")]
    Create(String),
}

fn hasher() -> Result<Argon2<'static>, TokenError> {
    let p = Params::new(19 * 1024, 2, 1, Some(32)).map_err(|e| TokenError::Create(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, p))
}

/// A new random token and its PHC hash.
pub fn generate() -> Result<(SecretString, String), TokenError> {
    let raw =
        zeroize::Zeroizing::new(super::random_array::<32>().map_err(|e| TokenError::Create(e.to_string()))?);
    let token =
        SecretString::from(format!("{PREFIX}{}", data_encoding::BASE64URL_NOPAD.encode(raw.as_ref())));
    let hash = hash(&token)?;
    Ok((token, hash))
}

/// The PHC hash of `token`, with a fresh random salt.
pub fn hash(token: &SecretString) -> Result<String, TokenError> {
    let salt = super::random_array::<16>().map_err(|e| TokenError::Create(e.to_string()))?;
    hasher()?
        .hash_password_with_salt(token.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| TokenError::Create(e.to_string()))
}

/// True when `token` matches the PHC `hash`. argon2's verification compares in constant time.
pub fn verify(token: &[u8], hash: &str) -> bool {
    match hasher() {
        Ok(h) => h.verify_password(token, hash).is_ok(),
        Err(_) => false,
    }
}

/// True when `hash` parses as a PHC string argon2 can verify against.
pub fn hash_is_valid(hash: &str) -> bool {
    argon2::PasswordHash::new(hash).is_ok_and(|h| h.algorithm.as_str().starts_with("argon2"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_and_verify() {
        let (t, h) = generate().unwrap();
        assert!(t.expose_secret().starts_with(PREFIX));
        assert!(hash_is_valid(&h));
        assert!(verify(t.expose_secret().as_bytes(), &h));
        assert!(!verify(b"tipbox_kh_wrong", &h));
        assert!(!verify(t.expose_secret().as_bytes(), "garbage"));
    }
}

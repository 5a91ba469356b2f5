//! Cryptography, with no knowledge of HTTP or the command line.
//!
//! - [`codename`]: the words a source writes down, and their canonical form (word indices).
//! - [`kdf`]: argon2id of a codename → the source's lookup id and own age identity.
//! - [`seal`]: age encryption to keyholders and sources, and checks on age headers.
//! - [`padding`]: PADMÉ, so stored lengths say little about what was sent.
//! - [`instance`]: the instance secret (argon2 salt, CSRF key), kept in its own 0600 file.
//! - [`sign`]: Ed25519 signing keys derived from age identities, and signed statements.
//! - [`token`]: keyholder API tokens and their SHA-256 hashes.

pub mod codename;
pub mod instance;
pub mod kdf;
pub mod padding;
pub mod seal;
pub mod sign;
pub mod token;

/// Fills `buf` from the operating system's CSPRNG.
///
/// A failing OS RNG leaves us unable to do anything safely; callers treat it as fatal for
/// the request, never as a reason to fall back to something weaker.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), getrandom::Error> {
    getrandom::fill(buf)
}

/// Returns `N` random bytes.
pub fn random_array<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut b = [0u8; N];
    random_bytes(&mut b)?;
    Ok(b)
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// Decodes lower- or upper-case hex into exactly `N` bytes.
pub fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let v = data_encoding::HEXLOWER_PERMISSIVE.decode(s.as_bytes()).ok()?;
    v.try_into().ok()
}

/// Installs rustls's *ring* provider as the process default (idempotent). Only one provider is
/// compiled in; installing it explicitly keeps rustls from guessing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

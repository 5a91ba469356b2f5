//! From a codename to a source's keys.
//!
//! `argon2id(canonical codename, salt = instance secret's argon2 salt)` gives 32 bytes; HKDF-SHA256
//! expands them into (a) the *lookup id* the store indexes sources by and (b) the seed of the
//! source's own age X25519 identity. The server stores only the lookup id and the public
//! recipient; the identity is re-derived in memory at login and dropped (zeroized) at logout.

use age::x25519;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use hkdf::Hkdf;
use secrecy::ExposeSecret;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::codename::Codename;

/// argon2 failed (bad parameters or buffer).
#[derive(Debug, thiserror::Error)]
#[error("key derivation failed: {0}")]
pub struct KdfError(String);

/// argon2id cost parameters.
#[derive(Debug, Clone, Copy)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    fn argon2(&self) -> Result<Argon2<'static>, KdfError> {
        let p = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| KdfError(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, p))
    }

    /// A zeroed working buffer of the right size, to be reused across derivations so that a
    /// worker's memory is allocated once.
    pub fn new_memory(&self) -> Result<Vec<Block>, KdfError> {
        let p = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| KdfError(e.to_string()))?;
        Ok(vec![Block::default(); p.block_count()])
    }
}

/// A source's derived keys. Zeroized on drop; no `Debug`.
pub struct SourceKeys {
    lookup_id: [u8; 32],
    seed: Zeroizing<[u8; 32]>,
}

impl SourceKeys {
    /// The id the store finds the source by.
    pub fn lookup_id(&self) -> [u8; 32] {
        self.lookup_id
    }

    /// The seed of the source's age identity (kept in the session, zeroized with it).
    pub fn seed(&self) -> Zeroizing<[u8; 32]> {
        self.seed.clone()
    }

    /// The source's public age recipient.
    pub fn recipient(&self) -> x25519::Recipient {
        identity_from_seed(&self.seed).to_public()
    }
}

/// Runs argon2id and HKDF for `codename` with the instance `salt`, using `memory` as the
/// argon2 working buffer (see [`KdfParams::new_memory`]).
pub fn derive(
    params: &KdfParams,
    salt: &[u8; 32],
    codename: &Codename,
    memory: &mut [Block],
) -> Result<SourceKeys, KdfError> {
    let mut out = Zeroizing::new([0u8; 32]);
    params
        .argon2()?
        .hash_password_into_with_memory(&codename.canonical_bytes(), salt, out.as_mut(), memory)
        .map_err(|e| KdfError(e.to_string()))?;
    let hk = Hkdf::<Sha256>::new(Some(b"tipbox source keys v1"), out.as_ref());
    let mut lookup_id = [0u8; 32];
    let mut seed = Zeroizing::new([0u8; 32]);
    hk.expand(b"lookup id", &mut lookup_id).map_err(|e| KdfError(e.to_string()))?;
    hk.expand(b"age x25519 identity", seed.as_mut()).map_err(|e| KdfError(e.to_string()))?;
    Ok(SourceKeys { lookup_id, seed })
}

/// Builds the age identity for a 32-byte seed.
///
/// age has no constructor from raw bytes, so the seed goes through the `AGE-SECRET-KEY-1…`
/// Bech32 form, with every intermediate string zeroized.
pub fn identity_from_seed(seed: &[u8; 32]) -> x25519::Identity {
    let hrp = bech32::Hrp::parse_unchecked("AGE-SECRET-KEY-");
    let encoded = Zeroizing::new(age_core::primitives::bech32_encode(hrp, seed).to_uppercase());
    match encoded.parse::<x25519::Identity>() {
        Ok(id) => id,
        // The encoding of 32 bytes under this HRP always parses; a failure would be a bug in
        // age's codec, and a fresh random identity is then the only safe answer.
        Err(_) => x25519::Identity::generate(),
    }
}

/// Re-encodes an identity as its seed (for tests and the vault).
pub fn seed_of(identity: &x25519::Identity) -> Option<Zeroizing<[u8; 32]>> {
    let s = identity.to_string();
    let (_, data) = bech32::decode(s.expose_secret()).ok()?;
    let data = Zeroizing::new(data);
    let arr: [u8; 32] = data.as_slice().try_into().ok()?;
    Some(Zeroizing::new(arr))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

    fn keys(salt: &[u8; 32], c: &Codename) -> SourceKeys {
        let mut mem = P.new_memory().unwrap();
        derive(&P, salt, c, &mut mem).unwrap()
    }

    #[test]
    fn deterministic_per_instance_and_distinct_across() {
        let c = Codename::from_indices([1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        let a = keys(&[1u8; 32], &c);
        let b = keys(&[1u8; 32], &c);
        let other = keys(&[2u8; 32], &c);
        assert_eq!(a.lookup_id(), b.lookup_id());
        assert_eq!(a.recipient().to_string(), b.recipient().to_string());
        assert_ne!(a.lookup_id(), other.lookup_id());
        assert_ne!(a.recipient().to_string(), other.recipient().to_string());
        let c2 = Codename::from_indices([1, 2, 3, 4, 5, 6, 7, 9]).unwrap();
        assert_ne!(keys(&[1u8; 32], &c2).lookup_id(), a.lookup_id());
    }

    #[test]
    fn seed_round_trips_through_age() {
        let id = identity_from_seed(&[7u8; 32]);
        let seed = seed_of(&id).unwrap();
        assert_eq!(identity_from_seed(&seed).to_public().to_string(), id.to_public().to_string());
    }
}

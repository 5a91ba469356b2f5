//! Ed25519 signatures: what makes a reply, an acknowledgement or (later) a triage operation
//! trustworthy as coming from a keyholder of the team.
//!
//! age gives confidentiality, not authenticity: anyone who knows the keyholders' and a source's
//! recipients (the server does, and so does anyone holding a pulled bundle) can encrypt a
//! "reply". So everything that must be trusted as coming from the NGO carries a signature by a
//! keyholder's signing key, checked against keys that the verifier pinned itself (the server's
//! config, a vault's team roster), never against a key a message brings along.
//!
//! A keyholder's signing key is derived from their age identity with HKDF, so it lives in the
//! same passphrase-protected identity file, every existing identity already has one, and there
//! is nothing extra to back up. Public keys are written `tipboxsig1…` (Bech32, like `age1…`).
//!
//! What is signed is a *statement*: a domain string and length-prefixed fields, so that no
//! statement of one kind can be read as another, and no field boundary can be shifted.

use std::fmt;
use std::str::FromStr;

use age::x25519;
use ed25519_dalek::Signer;
use hkdf::Hkdf;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Bech32 prefix of public signing keys.
pub const KEY_HRP: &str = "tipboxsig";

/// Signature errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// A public key that is not `tipboxsig1…` of 32 bytes on the curve.
    #[error("not a tipbox signing key (tipboxsig1…)")]
    BadKey,
    /// A signature that is not 64 bytes of base64url.
    #[error("malformed signature")]
    BadSignature,
    /// The identity's secret could not be read.
    #[error("cannot derive a signing key from this identity")]
    Derive,
    /// The signature does not verify for this key and statement.
    #[error("the signature does not verify")]
    Invalid,
}

/// A keyholder's secret signing key. Zeroized on drop; no `Debug`.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl SigningKey {
    /// The signing key that belongs to an age identity.
    pub fn from_identity(identity: &x25519::Identity) -> Result<Self, SignError> {
        let seed = super::kdf::seed_of(identity).ok_or(SignError::Derive)?;
        let hk = Hkdf::<Sha256>::new(Some(b"tipbox signing key v1"), seed.as_ref());
        let mut sk = Zeroizing::new([0u8; 32]);
        hk.expand(b"ed25519", sk.as_mut()).map_err(|_| SignError::Derive)?;
        Ok(Self(ed25519_dalek::SigningKey::from_bytes(&sk)))
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Signs a statement.
    pub fn sign(&self, statement: &Statement) -> Signature {
        Signature(self.0.sign(&statement.0))
    }
}

/// A public signing key, `tipboxsig1…`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl PublicKey {
    /// Whether `sig` is this key's signature of `statement` (strict: no malleable encodings).
    pub fn verify(&self, statement: &Statement, sig: &Signature) -> Result<(), SignError> {
        self.0.verify_strict(&statement.0, &sig.0).map_err(|_| SignError::Invalid)
    }

    /// The key's 32 bytes (a stable order between keys).
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hrp = bech32::Hrp::parse_unchecked(KEY_HRP);
        match bech32::encode::<bech32::Bech32>(hrp, self.0.as_bytes()) {
            Ok(s) => f.write_str(&s),
            Err(_) => Err(fmt::Error),
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl FromStr for PublicKey {
    type Err = SignError;
    fn from_str(s: &str) -> Result<Self, SignError> {
        let s = s.trim();
        if s.len() > 100 {
            return Err(SignError::BadKey);
        }
        let (hrp, data) = bech32::decode(s).map_err(|_| SignError::BadKey)?;
        if hrp.as_str() != KEY_HRP {
            return Err(SignError::BadKey);
        }
        let bytes: [u8; 32] = data.as_slice().try_into().map_err(|_| SignError::BadKey)?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| SignError::BadKey)?;
        // A small-order key would "verify" signatures of anything under some rules.
        if key.is_weak() {
            return Err(SignError::BadKey);
        }
        Ok(PublicKey(key))
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An Ed25519 signature, written as base64url.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(ed25519_dalek::Signature);

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&data_encoding::BASE64URL_NOPAD.encode(&self.0.to_bytes()))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({self})")
    }
}

impl FromStr for Signature {
    type Err = SignError;
    fn from_str(s: &str) -> Result<Self, SignError> {
        if s.len() != 86 {
            return Err(SignError::BadSignature);
        }
        let raw = data_encoding::BASE64URL_NOPAD.decode(s.as_bytes()).map_err(|_| SignError::BadSignature)?;
        let bytes: [u8; 64] = raw.as_slice().try_into().map_err(|_| SignError::BadSignature)?;
        Ok(Signature(ed25519_dalek::Signature::from_bytes(&bytes)))
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A signature together with the key that made it. The key says *who claims* to have signed;
/// a verifier accepts it only when that key is one it pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signed {
    /// Who signed.
    pub signer: PublicKey,
    /// The signature.
    pub signature: Signature,
}

impl Signed {
    /// Signs `statement` with `key`.
    pub fn new(key: &SigningKey, statement: &Statement) -> Self {
        Self { signer: key.public(), signature: key.sign(statement) }
    }

    /// Verifies against the claimed signer, and returns it only if it is one of `pinned`.
    pub fn verify_pinned<'a>(
        &self,
        statement: &Statement,
        pinned: impl IntoIterator<Item = &'a PublicKey>,
    ) -> Result<PublicKey, SignError> {
        if !pinned.into_iter().any(|k| *k == self.signer) {
            return Err(SignError::Invalid);
        }
        self.signer.verify(statement, &self.signature)?;
        Ok(self.signer)
    }
}

/// The exact bytes a signature covers: a domain string, then length-prefixed fields.
pub struct Statement(Vec<u8>);

impl Statement {
    /// Starts a statement of kind `domain` (e.g. `tipbox reply v1`).
    pub fn new(domain: &str) -> Self {
        let mut s = Statement(Vec::with_capacity(256));
        s.field(domain.as_bytes());
        s
    }

    /// Appends one field.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    /// Appends a field and returns the statement (builder style).
    pub fn with(mut self, bytes: &[u8]) -> Self {
        self.field(bytes);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_keys_are_stable_and_distinct() {
        let a = x25519::Identity::generate();
        let b = x25519::Identity::generate();
        let ka = SigningKey::from_identity(&a).unwrap();
        assert_eq!(ka.public(), SigningKey::from_identity(&a).unwrap().public());
        assert_ne!(ka.public(), SigningKey::from_identity(&b).unwrap().public());
    }

    #[test]
    fn sign_verify_and_encodings() {
        let k = SigningKey::from_identity(&x25519::Identity::generate()).unwrap();
        let st = Statement::new("tipbox test v1").with(b"a").with(b"bc");
        let sig = k.sign(&st);
        let pk: PublicKey = k.public().to_string().parse().unwrap();
        assert!(k.public().to_string().starts_with("tipboxsig1"));
        assert_eq!(pk, k.public());
        let sig2: Signature = sig.to_string().parse().unwrap();
        assert!(pk.verify(&st, &sig2).is_ok());
        // Shifting a field boundary changes the statement.
        let shifted = Statement::new("tipbox test v1").with(b"ab").with(b"c");
        assert_eq!(pk.verify(&shifted, &sig), Err(SignError::Invalid));
        let other = Statement::new("tipbox other v1").with(b"a").with(b"bc");
        assert!(pk.verify(&other, &sig).is_err());
        assert!("age1xyz".parse::<PublicKey>().is_err());
        assert!("tipboxsig1qqqq".parse::<PublicKey>().is_err());
        assert!("AAAA".parse::<Signature>().is_err());
    }

    #[test]
    fn only_pinned_signers_are_accepted() {
        let k = SigningKey::from_identity(&x25519::Identity::generate()).unwrap();
        let stranger = SigningKey::from_identity(&x25519::Identity::generate()).unwrap();
        let st = Statement::new("tipbox test v1").with(b"x");
        let signed = Signed::new(&stranger, &st);
        assert!(signed.verify_pinned(&st, [&k.public()]).is_err(), "valid but not pinned");
        let signed = Signed::new(&k, &st);
        assert_eq!(signed.verify_pinned(&st, [&k.public()]), Ok(k.public()));
        let forged = Signed { signer: k.public(), signature: stranger.sign(&st) };
        assert!(forged.verify_pinned(&st, [&k.public()]).is_err(), "pinned key, wrong signature");
    }
}

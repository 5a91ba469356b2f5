//! What an attachment's plaintext tells the vault, learnt once when it arrives (at import, or
//! when an older vault is opened): the SHA-256 of the file a source sent, and what its metadata
//! reveals. Checked on the way: the plaintext must have exactly the length its document declares,
//! padded with zeros as the server pads it.

use std::io::Read;

use zeroize::Zeroizing;

use super::metadata::{self, Inspection, MAX_INSPECT_BYTES};
use crate::crypto::seal;

/// Decrypts an attachment's ciphertext once, streaming: the SHA-256 of its plaintext and what
/// its metadata reveals. The plaintext is held in memory (zeroized after) only up to
/// [`MAX_INSPECT_BYTES`]; a larger one is hashed and only its format sniffed. The server pads
/// every attachment with zeros to its PADMÉ length, so the decrypted stream must be exactly
/// `padme(size)` long, with `size` the length its document declares, and all zeros past
/// `size`: anything else is refused.
pub(super) fn plaintext_facts(
    identity: &age::x25519::Identity,
    ct: impl Read,
    size: u64,
) -> Result<(String, Inspection), String> {
    use sha2::Digest;
    let mut r = seal::decrypt_stream(identity, ct)
        .map_err(|_| "an attachment is not encrypted like its document".to_owned())?;
    let keep = size <= MAX_INSPECT_BYTES;
    // Allocated once at the declared size (at most the part's, which is on disk): no
    // reallocation leaves a copy behind that Zeroizing would not wipe.
    let mut kept =
        Zeroizing::new(Vec::with_capacity(if keep { usize::try_from(size).unwrap_or(0) } else { 0 }));
    let mut head = Zeroizing::new(Vec::with_capacity(HEAD));
    let mut buf = Zeroizing::new(vec![0u8; 64 * 1024]);
    let mut hash = sha2::Sha256::new();
    let padded = crate::crypto::padding::padme(size);
    let mut total = 0u64;
    loop {
        let n =
            r.read(&mut buf).map_err(|_| "an attachment does not decrypt (damaged or forged)".to_owned())?;
        if n == 0 {
            break;
        }
        // The part of this chunk before `size` is the file; the rest is padding.
        let data_len = usize::try_from(size.saturating_sub(total)).unwrap_or(usize::MAX).min(n);
        let (data, pad) = buf.get(..n).unwrap_or_default().split_at(data_len);
        total += n as u64;
        if total > padded {
            return Err("an attachment is longer than its document says".into());
        }
        if pad.iter().any(|&b| b != 0) {
            return Err("an attachment is longer than its document says (its padding is not zeros)".into());
        }
        hash.update(data);
        if keep {
            kept.extend_from_slice(data);
        } else if head.len() < HEAD {
            let room = HEAD - head.len();
            head.extend_from_slice(data.get(..room.min(data.len())).unwrap_or_default());
        }
    }
    if total != padded {
        return Err("an attachment is shorter than its document says".into());
    }
    let inspection = if keep {
        metadata::inspect(&kept)
    } else {
        Inspection { format: metadata::sniff(&head), ..Default::default() }
    };
    Ok((crate::crypto::hex(&hash.finalize()), inspection))
}

/// Bytes kept of an attachment too large to inspect, to sniff its format.
const HEAD: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::padding::padme;

    use crate::vault::metadata::test_jpeg as jpeg;

    fn sealed(id: &age::x25519::Identity, plain: &[u8]) -> Vec<u8> {
        seal::encrypt(&[id.to_public()], plain).unwrap()
    }

    /// The plaintext must be the declared length padded with zeros to PADMÉ, nothing else.
    #[test]
    fn attachment_lengths_and_padding_are_checked() {
        let id = age::x25519::Identity::generate();
        let photo = jpeg::jpeg_with_gps();
        let size = photo.len() as u64;
        let mut padded = photo.clone();
        padded.resize(usize::try_from(padme(size)).unwrap(), 0);
        assert!(padded.len() > photo.len(), "the test needs some padding");
        let (sha, inspection) = plaintext_facts(&id, &sealed(&id, &padded)[..], size).unwrap();
        assert_eq!(
            sha,
            crate::crypto::hex(&crate::bundle::signing::sha256(&photo)),
            "of the file, not the padding"
        );
        assert_eq!(inspection.findings.first().map(|f| f.value.raw()), Some(jpeg::POSITION));

        let mut longer = padded.clone();
        longer.push(0);
        let mut dirty = padded.clone();
        if let Some(last) = dirty.last_mut() {
            *last = 1;
        }
        for (what, plain, declared) in [
            ("longer", &longer, size),
            ("shorter", &padded, size + 40),
            ("padding not zeros", &dirty, size),
            ("declared smaller", &padded, size - 1),
        ] {
            assert!(plaintext_facts(&id, &sealed(&id, plain)[..], declared).is_err(), "{what}");
        }
        let other = age::x25519::Identity::generate();
        assert!(plaintext_facts(&other, &sealed(&id, &padded)[..], size).is_err(), "another identity");
    }
}

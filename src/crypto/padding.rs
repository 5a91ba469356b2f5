//! PADMÉ padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
//! Communication with PURBs", 2019).
//!
//! A length `L` is rounded up so that only the top `⌊log2 ⌊log2 L⌋⌋ + 1` bits may be set:
//! at most ~12 % overhead, falling as `L` grows, and an observer of the ciphertext learns only
//! `O(log log L)` bits of the true length.

/// Smallest padded size of an encrypted document, so that all short tips look alike.
pub const MIN_DOCUMENT_LEN: u64 = 1024;

/// The PADMÉ length for a plaintext of `len` bytes.
pub fn padme(len: u64) -> u64 {
    if len < 2 {
        return len;
    }
    let e = 63 - u64::from(len.leading_zeros()); // ⌊log2 L⌋
    let s = 64 - u64::from(e.leading_zeros()); // ⌊log2 e⌋ + 1
    let last_bits = e - s;
    let mask = (1u64 << last_bits) - 1;
    (len + mask) & !mask
}

/// The padded length of a document: PADMÉ, but never below [`MIN_DOCUMENT_LEN`].
pub fn document_len(len: u64) -> u64 {
    padme(len.max(MIN_DOCUMENT_LEN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_values() {
        assert_eq!(padme(0), 0);
        assert_eq!(padme(1), 1);
        assert_eq!(padme(9), 10);
        assert_eq!(padme(1000), 1024);
        assert_eq!(padme(1025), 1088);
        assert_eq!(document_len(10), 1024);
    }

    proptest! {
        #[test]
        fn never_shorter_and_bounded_overhead(len in 2u64..(1u64 << 40)) {
            let p = padme(len);
            prop_assert!(p >= len);
            // Overhead is below 12 % for every length.
            prop_assert!((p - len) as f64 <= 0.12 * len as f64 + 1.0);
        }

        #[test]
        fn idempotent(len in 0u64..(1u64 << 40)) {
            prop_assert_eq!(padme(padme(len)), padme(len));
        }
    }
}

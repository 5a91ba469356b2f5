//! Case identifiers every vault of a team agrees on.
//!
//! A case number follows the order one vault imported things (the same case can be #5 in one
//! vault and #1 in another), so people cannot use it to talk about a case. The case id is
//! derived from what the server assigned to the source's thread, which every bundle carries to
//! every vault: the server instance and the thread id. Eight characters of Crockford's base32
//! (digits and capitals without I, L, O, U), shown in two groups of four, `K7QM-4M2X`; typed in
//! any case, with or without the dash, with `I`/`L` read as `1` and `O` as `0`, as Crockford's
//! alphabet decodes them, so an id read aloud or copied by hand still finds its case.
//!
//! 40 bits: among 10 000 cases two share an id with a probability of about 1 in 20 000. The
//! vault then refuses the id as ambiguous and names both cases' numbers; it never picks one.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::model::SourceId;

/// Characters in an id.
pub const LEN: usize = 8;

/// Crockford's base32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A case id (its characters, from [`ALPHABET`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseId([u8; LEN]);

impl CaseId {
    /// The id of the thread `source` of server instance `origin`.
    pub fn derive(origin: &str, source: &SourceId) -> CaseId {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(b"tipbox case id v1\0");
        h.update(origin.as_bytes());
        h.update(b"\0");
        h.update(source.to_string().as_bytes());
        let d = h.finalize();
        let bits = d.iter().take(5).fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut out = [0u8; LEN];
        for (i, c) in out.iter_mut().enumerate() {
            let shift = 5 * (LEN - 1 - i);
            *c = ALPHABET[usize::try_from((bits >> shift) & 31).unwrap_or(0)];
        }
        CaseId(out)
    }

    /// Reads an id as a person may type it (`k7qm-4m2x`, `K7QM4M2X`, `K7QM 4M2X`, `I`/`L` for
    /// `1`, `O` for `0`); `None` for anything else.
    pub fn parse(s: &str) -> Option<CaseId> {
        let mut out = [0u8; LEN];
        let mut n = 0;
        for c in s.trim().chars() {
            if matches!(c, '-' | ' ') {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) || n == LEN {
                return None;
            }
            out[n] = c as u8;
            n += 1;
        }
        (n == LEN).then_some(CaseId(out))
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s: String = self.0.iter().map(|b| char::from(*b)).collect();
        write!(f, "{}-{}", &s[..LEN / 2], &s[LEN / 2..])
    }
}

impl Serialize for CaseId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_derived_the_same_everywhere_and_differ_between_threads() {
        let a = SourceId::random().unwrap();
        let b = SourceId::random().unwrap();
        assert_eq!(CaseId::derive("origin", &a), CaseId::derive("origin", &a));
        assert_ne!(CaseId::derive("origin", &a), CaseId::derive("origin", &b));
        assert_ne!(CaseId::derive("origin", &a), CaseId::derive("other", &a), "per server instance");
        let shown = CaseId::derive("origin", &a).to_string();
        assert_eq!(shown.len(), LEN + 1);
        assert_eq!(shown.as_bytes()[4], b'-');
        assert!(shown.chars().filter(|c| *c != '-').all(|c| ALPHABET.contains(&(c as u8))));
    }

    #[test]
    fn ids_are_read_as_people_type_them() {
        let id = CaseId::parse("K7QM-4M2X").unwrap();
        assert_eq!(id.to_string(), "K7QM-4M2X");
        for typed in ["k7qm-4m2x", "K7QM4M2X", " K7QM 4M2X ", "k7qm4m2x"] {
            assert_eq!(CaseId::parse(typed), Some(id), "{typed}");
        }
        let one = CaseId::parse("1000-0000").unwrap();
        assert_eq!(CaseId::parse("I000-OOOO"), Some(one));
        assert_eq!(CaseId::parse("l0o0-0000"), Some(one));
        for bad in ["", "K7QM-4M2", "K7QM-4M2XY", "K7QU-4M2X", "K7QM_4M2X", "K7QM-4M2Ⅹ", "12"] {
            assert_eq!(CaseId::parse(bad), None, "{bad}");
        }
    }
}

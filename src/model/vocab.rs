//! The closed vocabularies of the built-in questions. Their ids are a contract (README,
//! "Contracts"): form field values, document values, CSV column names.

/// Allowed `role` values.
pub const ROLES: &[&str] = &["self", "family", "witness", "other"];

/// Allowed `incident` values (kinds of pressure).
pub const INCIDENTS: &[&str] = &[
    "harassment",
    "surveillance",
    "family_threats",
    "persuasion_to_return",
    "forced_return",
    "police_station",
    "local_police_cooperation",
    "other",
];

/// The vocabulary id a person means by `input`: case-insensitive, with `-` or a space for `_`
/// (`Police-Station` is `police_station`). `None` when it is not in `vocab`.
pub fn id_for(vocab: &'static [&'static str], input: &str) -> Option<&'static str> {
    let t = input.trim().to_lowercase().replace(['-', ' '], "_");
    vocab.iter().copied().find(|v| *v == t)
}

/// Page languages tipbox speaks (BCP 47 tags, as pages and documents name them).
pub const LANGUAGES: &[&str] = &["en", "zh-Hans", "zh-Hant", "ug", "de", "es", "fr", "it", "nl"];

/// Whether `tag` is the shape of a language tag a document may name: letters and digits in
/// subtags of at most 8, separated by `-`, at most 35 characters (RFC 5646's practical limit).
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_ids() {
        assert_eq!(id_for(INCIDENTS, "police-station"), Some("police_station"));
        assert_eq!(id_for(INCIDENTS, "Police Station"), Some("police_station"));
        assert_eq!(id_for(INCIDENTS, "HARASSMENT"), Some("harassment"));
        assert_eq!(id_for(ROLES, "Family"), Some("family"));
        assert_eq!(id_for(INCIDENTS, "police"), None);
        assert_eq!(id_for(INCIDENTS, ""), None);
    }

    #[test]
    fn language_tags() {
        for t in LANGUAGES {
            assert!(is_language_tag(t));
        }
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("en\u{1b}[2J"));
        assert!(!is_language_tag("en--x"));
        assert!(!is_language_tag(&"a".repeat(40)));
    }
}

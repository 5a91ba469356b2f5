//! `vault search`: a case's source messages (decrypted in memory by [`super::messages`]),
//! matched without regard to case, and cut into short one-line snippets that stay
//! [`Untrusted`] until they are rendered.

use serde::Serialize;

use super::list::{self, Row};
use super::messages::{Message, flatten, preview, source_messages};
use super::state::Case;
use super::{Vault, VaultError};
use crate::model::item::ItemKind;
use crate::text::Untrusted;

/// Characters of context kept on each side of a match in a snippet.
const CONTEXT: usize = 30;
/// Longest part of a match shown in a snippet (a query may be long; the snippet stays short).
const MAX_MATCH: usize = 60;
/// `text` folded for matching, each folded character with the index of the character of
/// `text` it came from (lower-casing may turn one character into several).
fn fold(text: &str) -> Vec<(char, usize)> {
    text.chars().enumerate().flat_map(|(i, c)| c.to_lowercase().map(move |l| (l, i))).collect()
}

/// Where `query` (already folded) first occurs in `text`, as a range of `text`'s characters.
pub fn find(text: &str, query: &[char]) -> Option<(usize, usize)> {
    if query.is_empty() {
        return None;
    }
    let folded = fold(text);
    let at = folded.windows(query.len()).position(|w| w.iter().map(|(c, _)| *c).eq(query.iter().copied()))?;
    Some((folded[at].1, folded[at + query.len() - 1].1 + 1))
}

/// A query folded for [`find`]: trimmed and lower-cased.
pub fn fold_query(q: &str) -> Vec<char> {
    q.trim().chars().flat_map(char::to_lowercase).collect()
}

/// A short one-line snippet of `text` around the match at `start..end` of its characters:
/// at most [`CONTEXT`] characters each side and [`MAX_MATCH`] of the match, `…` where cut.
pub fn snippet(text: &str, (start, end): (usize, usize)) -> Untrusted {
    let chars: Vec<char> = text.chars().collect();
    let from = start.saturating_sub(CONTEXT);
    let to = (end.min(start + MAX_MATCH) + CONTEXT).min(chars.len());
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    s.push_str(flatten(&chars[from..to]).trim());
    if to < chars.len() {
        s.push('…');
    }
    Untrusted::new(s)
}

/// One field of a case that matches.
#[derive(Debug, Serialize)]
pub struct Hit {
    /// `message`, `follow-up N`, `city` or `when`.
    pub field: String,
    /// Text around the first match in that field.
    pub snippet: Untrusted,
}

/// A case that matches, with its `list` row.
#[derive(Debug, Serialize)]
pub struct Found {
    /// The row `list` would print.
    #[serde(flatten)]
    pub row: Row,
    /// Each matching field.
    pub hits: Vec<Hit>,
}

fn hits_in(case: &Case, messages: &[Message], query: &[char]) -> Vec<Hit> {
    let mut fields: Vec<(String, &Untrusted)> = Vec::new();
    let mut followups = 0;
    for m in messages {
        let field = match m.kind {
            ItemKind::Followup => {
                followups += 1;
                format!("follow-up {followups}")
            }
            _ => "message".to_owned(),
        };
        fields.push((field, &m.text));
    }
    let answers = case.summary.texts();
    fields.extend(answers.iter().map(|(id, t)| (id.clone(), t)));
    fields
        .into_iter()
        .filter_map(|(field, text)| {
            find(text.raw(), query).map(|at| Hit { field, snippet: snippet(text.raw(), at) })
        })
        .collect()
}

/// The cases where `query` occurs in a source message or a free-text answer, by case number.
pub fn search(v: &Vault, query: &str) -> Result<Vec<Found>, VaultError> {
    let q = fold_query(query);
    if q.is_empty() {
        return Err(VaultError::Invalid("search for what? the query is empty".into()));
    }
    let mut found = Vec::new();
    for case in v.state.cases.values() {
        let messages = source_messages(v, case)?;
        let hits = hits_in(case, &messages, &q);
        if !hits.is_empty() {
            found.push(Found { row: list::row_from(v, case, preview(&messages), None), hits });
        }
    }
    Ok(found)
}

/// `vault search` as text: the `list` table, each case followed by its snippets.
pub fn search_text(found: &[Found]) -> String {
    let mut out = list::header();
    for f in found {
        out.push_str(&list::row_line(&f.row));
        for h in &f.hits {
            out.push_str(&format!("       {}: {}\n", h.field, h.snippet.line()));
        }
    }
    out.push_str(&format!("{} case(s)\n", found.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, q: &str) -> Option<(usize, usize)> {
        find(text, &fold_query(q))
    }

    #[test]
    fn matching_ignores_case_in_every_script() {
        assert_eq!(at("They came to the STATION", "station"), Some((17, 24)));
        assert_eq!(at("ÉCOLE", "école"), Some((0, 5)));
        assert_eq!(at("Straße ΣΟΦΙΑ", "σοφια"), Some((7, 12)));
        assert_eq!(at("他们在福州警察局找我", "警察局"), Some((5, 8)));
        assert_eq!(at("abc", "abd"), None);
        assert_eq!(at("abc", "   "), None);
        // İ lowercases to two characters: the range still names the original ones.
        assert_eq!(at("xİy", "i\u{307}y"), Some((1, 3)));
    }

    #[test]
    fn snippets_are_short_and_one_line() {
        let text = format!("{}needle\nafter{}", "a".repeat(100), "b".repeat(100));
        let s = snippet(&text, at(&text, "NEEDLE").unwrap());
        let line = s.line();
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert!(line.contains("needle after"), "{line}");
        assert!(s.chars() <= 2 * CONTEXT + MAX_MATCH + 2, "{line}");
        let long = "q".repeat(500);
        assert!(snippet(&long, (0, 500)).chars() <= MAX_MATCH + CONTEXT + 2);
        assert_eq!(snippet("short one", (0, 5)).line(), "short one");
    }

    #[test]
    fn hostile_snippets_stay_inert() {
        let text = "red \u{1b}[31mevil\u{202E}txt.exe here";
        let s = snippet(text, at(text, "evil").unwrap()).line();
        assert!(s.contains("\\u{001b}[31mevil\\u{202e}txt.exe"), "{s}");
        assert!(!s.chars().any(crate::text::is_unsafe_for_display), "{s}");
    }
}

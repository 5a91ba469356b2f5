//! `vault status`, `tag`, `note`, `assign`, `link`: triage changes, saved encrypted.

use super::state::{Event, Link, LinkKind, Note, Status};
use super::{Vault, VaultError};
use crate::model::Day;
use crate::text::Untrusted;

/// Longest note.
pub const MAX_NOTE_CHARS: usize = 20_000;

fn case_mut(v: &mut Vault, number: u32) -> Result<&mut super::state::Case, VaultError> {
    v.state.cases.get_mut(&number).ok_or_else(|| VaultError::NotFound(format!("no case {number}")))
}

/// Moves a case along its lifecycle (see [`Status::next`]).
pub fn set_status(v: &mut Vault, reference: &str, to: Status) -> Result<Status, VaultError> {
    let n = v.resolve_number(reference)?;
    let case = case_mut(v, n)?;
    let from = case.status;
    if from == to {
        return Ok(from);
    }
    if !from.next().contains(&to) {
        let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
        return Err(VaultError::Invalid(format!(
            "case {n} is {from}: it can move to {} (not {to})",
            allowed.join(" or ")
        )));
    }
    case.status = to;
    case.history.push(Event { day: Day::today(), what: format!("status {from} → {to}") });
    v.save()?;
    Ok(from)
}

/// Checks and normalises a tag: lower case letters, digits, `-`, `_`, `:`; 1–48 characters.
pub fn normalise_tag(t: &str) -> Result<String, VaultError> {
    let t = t.trim().to_lowercase();
    let ok = !t.is_empty()
        && t.chars().count() <= 48
        && t.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':'));
    if ok { Ok(t) } else { Err(VaultError::Invalid(format!("bad tag {t:?}: use letters, digits, - _ :"))) }
}

/// Applies `+tag` / `-tag` changes (a bare `tag` adds).
pub fn tag(v: &mut Vault, reference: &str, changes: &[String]) -> Result<Vec<String>, VaultError> {
    let n = v.resolve_number(reference)?;
    let mut parsed = Vec::new();
    for c in changes {
        let (add, name) = match c.strip_prefix('-') {
            Some(rest) => (false, rest),
            None => (true, c.strip_prefix('+').unwrap_or(c)),
        };
        parsed.push((add, normalise_tag(name)?));
    }
    let case = case_mut(v, n)?;
    for (add, t) in parsed {
        if add {
            case.tags.insert(t);
        } else {
            case.tags.remove(&t);
        }
    }
    let tags = case.tags.iter().cloned().collect();
    v.save()?;
    Ok(tags)
}

/// Adds a note.
pub fn note(v: &mut Vault, reference: &str, text: &str) -> Result<(), VaultError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_NOTE_CHARS {
        return Err(VaultError::Invalid(format!("a note has 1 to {MAX_NOTE_CHARS} characters")));
    }
    let n = v.resolve_number(reference)?;
    case_mut(v, n)?.notes.push(Note { day: Day::today(), text: Untrusted::new(text) });
    v.save()
}

/// Sets (or with `None`, clears) who works on a case.
pub fn assign(v: &mut Vault, reference: &str, who: Option<&str>) -> Result<(), VaultError> {
    let n = v.resolve_number(reference)?;
    let who = who.map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned);
    if who.as_ref().is_some_and(|w| w.chars().count() > 64) {
        return Err(VaultError::Invalid("assignee names have at most 64 characters".into()));
    }
    case_mut(v, n)?.assignee = who.map(Untrusted::new);
    v.save()
}

/// Links two cases both ways.
pub fn link(v: &mut Vault, a: &str, b: &str, kind: LinkKind) -> Result<(u32, u32), VaultError> {
    let na = v.resolve_number(a)?;
    let nb = v.resolve_number(b)?;
    if na == nb {
        return Err(VaultError::Invalid("a case cannot be linked to itself".into()));
    }
    case_mut(v, na)?.links.insert(Link { case: nb, kind });
    case_mut(v, nb)?.links.insert(Link { case: na, kind });
    v.save()?;
    Ok((na, nb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(normalise_tag(" Fuzhou-Station ").unwrap(), "fuzhou-station");
        assert!(normalise_tag("two words").is_err());
        assert!(normalise_tag("").is_err());
        assert!(normalise_tag("x;rm").is_err());
    }
}

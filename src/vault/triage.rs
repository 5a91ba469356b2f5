//! `vault status`, `close`, `tag`, `note`, `assign`, `link`, `unlink`: triage changes. Each
//! command checks every case first, then records its changes as one signed batch of
//! operations ([`super::ops`]) and saves once, so it happens to all of them or to none, and
//! the team receives it with the next `vault sync`.

use super::lifecycle::{LinkKind, MAX_ASSIGNEE_CHARS, Status};
pub use super::lifecycle::{MAX_NOTE_CHARS, SPAM_TAG, normalise_tag};
use super::ops::op::Op;
use super::{Vault, VaultError};
use crate::model::OpId;

fn case(v: &Vault, number: u32) -> Result<&super::state::Case, VaultError> {
    v.state.cases.get(&number).ok_or_else(|| VaultError::NotFound(format!("no case {number}")))
}

fn io_err(e: impl std::fmt::Display) -> VaultError {
    VaultError::Io(std::io::Error::other(e.to_string()))
}

/// Most cases one range (`3-9`) may name: a typo such as `1-90000` is refused, not applied.
const MAX_RANGE: u32 = 1000;

/// One piece of a case list, before the vault is asked.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// `3-9`: every case from 3 to 9.
    Range(u32, u32),
    /// A case number or an item id (prefix), resolved by [`Vault::resolve`].
    One(&'a str),
}

/// Splits `3,4,7-9` into its pieces. A range is two case numbers around `-` (item ids are hex
/// and never hold one; a case id for which `is_case_id` holds is one piece).
fn pieces(arg: &str, is_case_id: impl Fn(&str) -> bool) -> Result<Vec<Piece<'_>>, VaultError> {
    let mut out = Vec::new();
    for p in arg.split(',').map(str::trim) {
        if p.is_empty() {
            return Err(VaultError::Invalid(format!("{arg:?}: an empty case in the list")));
        }
        // A case id has a dash too (`K7QM-4M2X`); one this vault holds is never a range.
        if is_case_id(p) {
            out.push(Piece::One(p));
            continue;
        }
        let num = |x: &str| x.trim().trim_start_matches('#').parse::<u32>().ok();
        match p.split_once('-') {
            Some((a, b)) => match (num(a), num(b)) {
                (Some(a), Some(b)) if a <= b && b - a < MAX_RANGE => out.push(Piece::Range(a, b)),
                (Some(a), Some(b)) if a <= b => {
                    return Err(VaultError::Invalid(format!("{p}: a range names at most {MAX_RANGE} cases")));
                }
                (Some(_), Some(_)) => {
                    return Err(VaultError::Invalid(format!("{p}: a range goes from low to high")));
                }
                _ => return Err(VaultError::Invalid(format!("{p}: not a case or a range of cases"))),
            },
            None => out.push(Piece::One(p)),
        }
    }
    Ok(out)
}

/// The cases that `args` name (`3`, `#3`, an item id, `3,4,7-9`), each once, in order. Every
/// case must exist: a list with one unknown case is refused whole.
pub fn resolve_cases(v: &Vault, args: &[String]) -> Result<Vec<u32>, VaultError> {
    let mut cases = Vec::new();
    for arg in args {
        for piece in pieces(arg, |p| v.case_by_id(p).is_ok_and(|c| c.is_some()))? {
            let found = match piece {
                Piece::One(r) => vec![v.resolve_number(r)?],
                Piece::Range(a, b) => {
                    if let Some(n) = (a..=b).find(|n| !v.state.cases.contains_key(n)) {
                        return Err(VaultError::NotFound(format!("{a}-{b}: there is no case {n}")));
                    }
                    (a..=b).collect()
                }
            };
            for n in found {
                if !cases.contains(&n) {
                    cases.push(n);
                }
            }
        }
    }
    Ok(cases)
}

/// A status change of one case, as made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The case.
    pub case: u32,
    /// Its status before.
    pub from: Status,
    /// Its status now.
    pub to: Status,
}

fn nothing_changed(mut problems: Vec<String>, cases: usize) -> VaultError {
    if cases > 1 {
        problems.push("nothing was changed".into());
    }
    VaultError::Invalid(problems.join("\n"))
}

/// Moves cases along their lifecycle (see [`Status::next`]): every case is checked before any
/// is changed, and the vault is saved once. A case already at `to` is left as it is.
pub fn set_status(v: &mut Vault, refs: &[String], to: Status) -> Result<Vec<Change>, VaultError> {
    let cases = resolve_cases(v, refs)?;
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    for &n in &cases {
        let from = case(v, n)?.status;
        if from != to && !from.next().contains(&to) {
            let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
            problems.push(format!("case {n} is {from}: it can move to {} (not {to})", allowed.join(" or ")));
        }
        changes.push(Change { case: n, from, to });
    }
    if !problems.is_empty() {
        return Err(nothing_changed(problems, cases.len()));
    }
    let mut ops = Vec::new();
    for c in changes.iter().filter(|c| c.from != c.to) {
        ops.push(Op::Status { case: case(v, c.case)?.key(), to });
    }
    v.record(ops)?;
    Ok(changes)
}

/// Closes cases as spam in one step, from any status (spam needs no review), tags them
/// [`SPAM_TAG`] and records it in their history; saved once.
pub fn close_spam(v: &mut Vault, refs: &[String]) -> Result<Vec<Change>, VaultError> {
    let cases = resolve_cases(v, refs)?;
    let (mut changes, mut ops) = (Vec::new(), Vec::new());
    for n in cases {
        let c = case(v, n)?;
        ops.push(Op::Status { case: c.key(), to: Status::Closed });
        ops.push(Op::Tag { case: c.key(), tag: SPAM_TAG.into(), on: true });
        changes.push(Change { case: n, from: c.status, to: Status::Closed });
    }
    v.record(ops)?;
    Ok(changes)
}

/// Applies `+tag` / `-tag` changes (a bare `tag` adds) to every case `refs` name, after
/// checking every tag and case; saved once. Returns each case's tags afterwards.
pub fn tag(
    v: &mut Vault,
    refs: &[String],
    changes: &[String],
) -> Result<Vec<(u32, Vec<String>)>, VaultError> {
    let cases = resolve_cases(v, refs)?;
    let mut parsed = Vec::new();
    for c in changes {
        let (add, name) = match c.strip_prefix('-') {
            Some(rest) => (false, rest),
            None => (true, c.strip_prefix('+').unwrap_or(c)),
        };
        parsed.push((add, normalise_tag(name)?));
    }
    let mut ops = Vec::new();
    for &n in &cases {
        let c = case(v, n)?;
        let mut tags = c.tags.clone();
        for (add, t) in &parsed {
            // Only what changes is recorded: the team's log stays the size of what happened.
            if (*add && tags.insert(t.clone())) || (!*add && tags.remove(t)) {
                ops.push(Op::Tag { case: c.key(), tag: t.clone(), on: *add });
            }
        }
    }
    v.record(ops)?;
    cases.into_iter().map(|n| Ok((n, case(v, n)?.tags.iter().cloned().collect()))).collect()
}

fn note_text(text: &str) -> Result<&str, VaultError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_NOTE_CHARS {
        return Err(VaultError::Invalid(format!("a note has 1 to {MAX_NOTE_CHARS} characters")));
    }
    Ok(text)
}

/// Adds a note.
pub fn note(v: &mut Vault, reference: &str, text: &str) -> Result<(), VaultError> {
    let text = note_text(text)?;
    let key = v.resolve(reference)?.key();
    let note = OpId::random().map_err(io_err)?;
    v.record(vec![Op::NoteAdd { case: key, note, text: text.to_owned(), written: None }])
}

/// The id of note `number` (1-based) of case `n`.
fn note_id(v: &Vault, n: u32, number: usize) -> Result<OpId, VaultError> {
    case(v, n)?.notes[number - 1].id.ok_or_else(|| VaultError::Corrupt("a note without an id".into()))
}

/// Checks that note `number` (1-based, as `show` numbers them) exists, before any text is
/// asked for; returns the case number.
pub fn check_note(v: &Vault, reference: &str, number: usize) -> Result<u32, VaultError> {
    let case = v.resolve(reference)?;
    match case.notes.len() {
        0 => Err(VaultError::Invalid(format!("case {} has no notes", case.number))),
        len if number == 0 || number > len => Err(VaultError::Invalid(format!(
            "case {} has {len} note(s), numbered 1 to {len}: there is no note {number}",
            case.number
        ))),
        _ => Ok(case.number),
    }
}

/// Replaces the text of note `number` (1-based); the history records it.
pub fn edit_note(v: &mut Vault, reference: &str, number: usize, text: &str) -> Result<(), VaultError> {
    let text = note_text(text)?;
    let n = check_note(v, reference, number)?;
    let note = note_id(v, n, number)?;
    v.record(vec![Op::NoteEdit { case: case(v, n)?.key(), note, text: text.to_owned() }])
}

/// Removes note `number` (1-based; the later ones move up); the history records it.
pub fn delete_note(v: &mut Vault, reference: &str, number: usize) -> Result<(), VaultError> {
    let n = check_note(v, reference, number)?;
    let note = note_id(v, n, number)?;
    v.record(vec![Op::NoteDelete { case: case(v, n)?.key(), note }])
}

/// Sets (or with `None`, clears) who works on a case.
pub fn assign(v: &mut Vault, reference: &str, who: Option<&str>) -> Result<(), VaultError> {
    let n = v.resolve_number(reference)?;
    let who = who.map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned);
    if who.as_ref().is_some_and(|w| w.chars().count() > MAX_ASSIGNEE_CHARS) {
        return Err(VaultError::Invalid("assignee names have at most 64 characters".into()));
    }
    v.record(vec![Op::Assign { case: case(v, n)?.key(), who }])
}

fn link_pair(v: &Vault, a: &str, b: &str) -> Result<(u32, u32), VaultError> {
    let na = v.resolve_number(a)?;
    let nb = v.resolve_number(b)?;
    if na == nb {
        return Err(VaultError::Invalid("a case cannot be linked to itself".into()));
    }
    Ok((na, nb))
}

/// Links two cases both ways.
pub fn link(v: &mut Vault, a: &str, b: &str, kind: LinkKind) -> Result<(u32, u32), VaultError> {
    let (na, nb) = link_pair(v, a, b)?;
    v.record(vec![Op::Link { case: case(v, na)?.key(), other: case(v, nb)?.key(), kind, on: true }])?;
    Ok((na, nb))
}

/// Removes the link between two cases, both ways and of either kind; refused when they are
/// not linked (a typo in a case number should not pass silently).
pub fn unlink(v: &mut Vault, a: &str, b: &str) -> Result<(u32, u32), VaultError> {
    let (na, nb) = link_pair(v, a, b)?;
    let linked = |x: u32, y: u32| v.state.cases.get(&x).is_some_and(|c| c.links.iter().any(|l| l.case == y));
    if !linked(na, nb) && !linked(nb, na) {
        return Err(VaultError::Invalid(format!("case {na} and case {nb} are not linked")));
    }
    let (ka, kb) = (case(v, na)?.key(), case(v, nb)?.key());
    let ops = [LinkKind::SameCase, LinkKind::SameNetwork]
        .into_iter()
        .filter(|kind| case(v, na).is_ok_and(|c| c.links.iter().any(|l| l.case == nb && l.kind == *kind)))
        .map(|kind| Op::Link { case: ka.clone(), other: kb.clone(), kind, on: false })
        .collect();
    v.record(ops)?;
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

    #[test]
    fn case_lists() {
        use Piece::*;
        assert_eq!(pieces("3", |_| false).unwrap(), vec![One("3")]);
        assert_eq!(pieces("3,4,7-9", |_| false).unwrap(), vec![One("3"), One("4"), Range(7, 9)]);
        assert_eq!(pieces("#2 , #5-#6", |_| false).unwrap(), vec![One("#2"), Range(5, 6)]);
        assert_eq!(pieces("a1b2c3d4", |_| false).unwrap(), vec![One("a1b2c3d4")]);
        assert!(pieces("9-7", |_| false).unwrap_err().to_string().contains("low to high"));
        assert!(pieces("1-5000", |_| false).unwrap_err().to_string().contains("at most"));
        assert!(pieces("3,,4", |_| false).is_err());
        assert!(pieces("x-y", |_| false).is_err());
        // A case id the vault holds is one piece, even when it reads as a range.
        assert_eq!(
            pieces("K7QM-4M2X", |_| false).unwrap_err().to_string(),
            "K7QM-4M2X: not a case or a range of cases"
        );
        assert_eq!(
            pieces("1000-1009,K7QM-4M2X", |p| p.len() == 9).unwrap(),
            vec![One("1000-1009"), One("K7QM-4M2X")]
        );
    }
}

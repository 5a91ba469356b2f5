//! The desk's triage forms: each one calls the same vault function as its `tipbox vault`
//! command, then sends the browser back to the page it came from (post, redirect, get, so a
//! reload never repeats a change).

use actix_web::{HttpResponse, web};

use super::form::Posted;
use super::pages::{Answer, DonePage};
use super::{DeskError, Vault};
use crate::locale::Tr;
use crate::text::Untrusted;
use crate::vault::state::{LinkKind, Status};
use crate::vault::{reply, triage};

/// `+a -b, c` → `["+a", "-b", "c"]`, each checked as `vault tag` checks it.
fn tag_changes(input: &str) -> Result<Vec<String>, DeskError> {
    let changes: Vec<String> = input
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    for c in &changes {
        triage::normalise_tag(c.trim_start_matches(['+', '-']))?;
    }
    Ok(changes)
}

/// A changed case goes back to its page, saying what was done.
fn back_to(n: u32, done: &str) -> Answer {
    Answer::Redirect(format!("/case/{n}?done={done}"))
}

/// One triage change on case `n`; `None` for an action that is not a triage change.
fn triage_change(v: &mut Vault, n: u32, action: &str, f: &Posted) -> Option<Result<&'static str, DeskError>> {
    let r = n.to_string();
    let refs = std::slice::from_ref(&r);
    let done = match action {
        "status" => f
            .get("status")
            .parse::<Status>()
            .map_err(|_| DeskError::BadForm)
            .and_then(|to| Ok(triage::set_status(v, refs, to)?))
            .map(|_| "status"),
        "tags" => tag_changes(f.get("tags"))
            .and_then(|c| if c.is_empty() { Err(DeskError::Invalid("desk-tags-empty")) } else { Ok(c) })
            .and_then(|c| Ok(triage::tag(v, refs, &c)?))
            .map(|_| "tags"),
        "assign" => {
            let name = (!f.has("nobody")).then(|| f.get("name"));
            match name {
                Some("") => Err(DeskError::Invalid("desk-assign-empty")),
                who => triage::assign(v, &r, who).map(|_| "assign").map_err(DeskError::from),
            }
        }
        "note" => triage::note(v, &r, f.text("text")).map(|_| "note").map_err(DeskError::from),
        "note-edit" => match f.get("number").parse::<usize>() {
            Err(_) => Err(DeskError::BadForm),
            Ok(k) if f.has("delete") => {
                triage::delete_note(v, &r, k).map(|_| "note-delete").map_err(DeskError::from)
            }
            Ok(k) => {
                triage::edit_note(v, &r, k, f.text("text")).map(|_| "note-edit").map_err(DeskError::from)
            }
        },
        "link" if f.has("unlink") => {
            triage::unlink(v, &r, f.get("other")).map(|_| "unlink").map_err(DeskError::from)
        }
        "link" => f
            .get("kind")
            .parse::<LinkKind>()
            .map_err(|_| DeskError::BadForm)
            .and_then(|k| Ok(triage::link(v, &r, f.get("other"), k)?))
            .map(|_| "link"),
        "spam" => triage::close_spam(v, refs).map(|_| "spam").map_err(DeskError::from),
        _ => return None,
    };
    Some(done)
}

/// `vault reply` from the desk: the bundle goes to the file the keyholder named.
fn write_reply(v: &mut Vault, n: u32, f: &Posted, tr: Tr) -> Result<Vec<String>, DeskError> {
    let out = f.path("out")?;
    let o = reply::reply(v, &n.to_string(), f.text("text"), &out)?;
    let mut lines =
        vec![tr.t1("desk-reply-written", "path", Untrusted::new(out.display().to_string()).line())];
    if !o.readers.is_empty() {
        lines.push(tr.t1("desk-reply-readers", "names", Untrusted::new(o.readers.join(", ")).line()));
    }
    if o.contact_not_requested {
        lines.push(tr.t("desk-reply-not-asked"));
    }
    lines.push(tr.t("desk-reply-next"));
    Ok(lines)
}

/// `vault extract [--clean]` from the desk: the originals byte for byte, and with `clean` the
/// cleaned copies beside them and the manifest of both hashes.
fn extract(v: &Vault, n: u32, f: &Posted, tr: Tr) -> Result<Vec<String>, DeskError> {
    let out = f.path("out")?;
    let case = v.state.cases.get(&n).ok_or(DeskError::NotFound)?;
    let done = crate::vault::extract::extract(v, case, &out, f.has("clean"))?;
    let shown = |p: &std::path::Path| Untrusted::new(p.display().to_string()).line();
    let mut lines = Vec::new();
    for file in &done.files {
        lines.push(shown(&file.original));
        if let Some(c) = &file.cleaned {
            lines.push(tr.t1("desk-extract-cleaned", "path", shown(c)));
        }
        if let Some(note) = &file.note {
            lines.push(Untrusted::new(note.clone()).line());
        }
    }
    if let Some(m) = &done.manifest {
        lines.push(tr.t1("desk-extract-manifest", "path", shown(m)));
    }
    lines.push(tr.t1("desk-extract-written", "count", tr.number(done.files.len())));
    Ok(lines)
}

/// `POST /case/{n}/{action}`.
pub async fn on_case(f: Posted, path: web::Path<(String, String)>) -> Result<HttpResponse, DeskError> {
    let (n, action) = path.into_inner();
    let n: u32 = n.parse().map_err(|_| DeskError::NotFound)?;
    let desk = f.desk.clone();
    let tr = desk.tr();
    let l = desk.layout_titled(tr.t1("desk-title-case", "case", n));
    desk.with_vault(move |v| {
        if !v.state.cases.contains_key(&n) {
            return Err(DeskError::NotFound);
        }
        if let Some(done) = triage_change(v, n, &action, &f) {
            return done.map(|d| back_to(n, d));
        }
        let lines = match action.as_str() {
            "reply" => write_reply(v, n, &f, tr)?,
            "extract" => extract(v, n, &f, tr)?,
            _ => return Err(DeskError::NotFound),
        };
        Answer::page(&DonePage { l, lines, back: format!("/case/{n}") })
    })
    .await
    .map(Answer::respond)
}

/// `POST /bulk`: a status and/or tags for every ticked case, all of them or none.
pub async fn bulk(f: Posted) -> Result<HttpResponse, DeskError> {
    let cases = f.all("case");
    if cases.is_empty() {
        return Err(DeskError::Invalid("desk-bulk-none"));
    }
    let status = match f.get("status") {
        "" => None,
        s => Some(s.parse::<Status>().map_err(|_| DeskError::BadForm)?),
    };
    let tags = tag_changes(f.get("tag"))?;
    if status.is_none() && tags.is_empty() {
        return Err(DeskError::Invalid("desk-bulk-nothing"));
    }
    f.desk
        .clone()
        .with_vault(move |v| {
            let numbers = triage::resolve_cases(v, &cases)?;
            let refs: Vec<String> = numbers.iter().map(u32::to_string).collect();
            if let Some(to) = status {
                triage::set_status(v, &refs, to)?;
            }
            if !tags.is_empty() {
                triage::tag(v, &refs, &tags)?;
            }
            Ok(Answer::Redirect("/?done=bulk".into()))
        })
        .await
        .map(Answer::respond)
}

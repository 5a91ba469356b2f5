//! The triage commands of `tipbox vault`: `search`, `status`, `close`, `tag`, `note`, `unlink`.
//! Several cases can be named at once (`3 4 7`, `3,4,7-9`); a change to several cases is
//! checked whole before anything is saved.

use std::path::PathBuf;

use clap::Args;

use crate::text::Untrusted;
use crate::vault::state::Status;
use crate::vault::{Vault, search, triage};

/// `vault search TEXT`.
#[derive(Args)]
pub struct SearchArgs {
    /// What to look for (any case, any script) in the messages, follow-ups, city and when.
    #[arg(value_parser = query)]
    pub text: String,
    /// JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `vault status CASE... STATUS`.
#[derive(Args)]
pub struct StatusArgs {
    /// Case numbers, ids or item ids (one or several, or a list such as 3,4,7-9), then the new
    /// status. Without any: what the team has not seen yet, and what this vault has not sent.
    #[arg(num_args = 0.., value_name = "CASES... STATUS")]
    pub args: Vec<String>,
}

/// `vault close CASE... [--spam]`.
#[derive(Args)]
pub struct CloseArgs {
    /// Case numbers or item ids: one or several, or a list such as 3,4,7-9.
    #[arg(required = true, num_args = 1..)]
    pub cases: Vec<String>,
    /// Spam: close from any status, without review, and tag it `spam`.
    #[arg(long)]
    pub spam: bool,
}

/// `vault tag CASES CHANGE...`.
#[derive(Args)]
pub struct TagArgs {
    /// Case number or item id, or a list such as 3,4,7-9.
    pub id: String,
    /// Changes, e.g. +fuzhou -todo.
    #[arg(required = true, allow_hyphen_values = true)]
    pub changes: Vec<String>,
}

/// `vault note ID [--edit N | --delete N] [--file F]`.
#[derive(Args)]
pub struct NoteArgs {
    /// Case number or item id.
    pub id: String,
    /// Read the note from this file.
    #[arg(long, conflicts_with = "delete")]
    pub file: Option<PathBuf>,
    /// Replace note N (numbered from 1 as `show` lists them) with the new text.
    #[arg(long, value_name = "N", conflicts_with = "delete")]
    pub edit: Option<usize>,
    /// Delete note N (numbered from 1 as `show` lists them).
    #[arg(long, value_name = "N")]
    pub delete: Option<usize>,
}

impl NoteArgs {
    /// Whether the command takes a text (adding or editing; deleting does not).
    pub fn reads_text(&self) -> bool {
        self.delete.is_none()
    }
}

/// `vault unlink A B`.
#[derive(Args)]
pub struct UnlinkArgs {
    /// One case.
    pub a: String,
    /// The other case.
    pub b: String,
}

/// A search query: blank would match everything, which `list` already does.
fn query(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("the search text is empty: give a word to look for (use `list` to see every case)".into())
    } else {
        Ok(s.into())
    }
}

/// `vault search`.
pub fn run_search(v: &Vault, a: SearchArgs) -> anyhow::Result<()> {
    let found = search::search(v, &a.text)?;
    if a.json {
        return super::output::print_json(&found);
    }
    print!("{}", search::search_text(&found));
    Ok(())
}

fn print_changes(changes: &[triage::Change]) {
    for c in changes {
        if c.from == c.to {
            println!("case {}: already {} (unchanged)", c.case, c.to);
        } else {
            println!("case {}: {} → {}", c.case, c.from, c.to);
        }
    }
}

/// `vault status CASES... STATUS`, or without arguments the team's view.
pub fn run_status(v: &mut Vault, a: StatusArgs) -> anyhow::Result<()> {
    let Some((status, cases)) = a.args.split_last() else {
        print!("{}", crate::vault::ops::team_status::render(&crate::vault::ops::team_status::status(v)));
        return Ok(());
    };
    if cases.is_empty() {
        anyhow::bail!(
            "give the case(s), then the new status, e.g. `status 3 in-review`; or nothing, for the team's view"
        );
    }
    let to: Status = status.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    print_changes(&triage::set_status(v, cases, to)?);
    Ok(())
}

/// `vault close`: the lifecycle's last step, or with `--spam` a shortcut from any status.
pub fn run_close(v: &mut Vault, a: CloseArgs) -> anyhow::Result<()> {
    let changes = if a.spam {
        triage::close_spam(v, &a.cases)?
    } else {
        triage::set_status(v, &a.cases, Status::Closed)?
    };
    print_changes(&changes);
    if a.spam {
        eprintln!("{} case(s) closed as spam and tagged `{}`", changes.len(), triage::SPAM_TAG);
    }
    Ok(())
}

/// `vault tag`.
pub fn run_tag(v: &mut Vault, a: TagArgs) -> anyhow::Result<()> {
    for (case, tags) in triage::tag(v, std::slice::from_ref(&a.id), &a.changes)? {
        println!("case {case} tags: {}", Untrusted::new(tags.join(", ")).line());
    }
    Ok(())
}

/// `vault note`: add, or with `--edit N` replace, or with `--delete N` remove a note. The
/// number is checked before the text is asked for, so no one types a note for nothing.
pub fn run_note(v: &mut Vault, a: NoteArgs) -> anyhow::Result<()> {
    if let Some(n) = a.delete {
        let case = triage::check_note(v, &a.id, n)?;
        triage::delete_note(v, &a.id, n)?;
        println!("note {n} of case {case} deleted");
        return Ok(());
    }
    let case = match a.edit {
        Some(n) => triage::check_note(v, &a.id, n)?,
        None => v.resolve_number(&a.id)?,
    };
    let text = super::input::read_text(a.file.as_deref(), "note", v.dir())?;
    match a.edit {
        Some(n) => {
            triage::edit_note(v, &a.id, n, &text)?;
            println!("note {n} of case {case} replaced");
        }
        None => {
            triage::note(v, &a.id, &text)?;
            println!("note added to case {case}");
        }
    }
    Ok(())
}

/// `vault unlink`.
pub fn run_unlink(v: &mut Vault, a: UnlinkArgs) -> anyhow::Result<()> {
    let (x, y) = triage::unlink(v, &a.a, &a.b)?;
    println!("case {x} and case {y} are no longer linked");
    Ok(())
}

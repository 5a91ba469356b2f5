//! `vault list`, `vault show` and `vault extract`: reading cases, in memory only.

use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::state::{Case, Item, Link, Note, Status, Summary};
use super::{Vault, VaultError, terminal_safe};
use crate::bundle::document::{self, ReplyDocument, TipDocument};
use crate::store::ItemKind;

/// Filters of `vault list`.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only cases with this tag.
    pub tag: Option<String>,
    /// Only this country code.
    pub country: Option<String>,
    /// Only cases reporting this incident type.
    pub incident: Option<String>,
    /// Received on or after this day (`YYYY-MM-DD`, or a prefix such as `2026-11`).
    pub since: Option<String>,
    /// Received on or before this day (or prefix).
    pub until: Option<String>,
}

impl Filter {
    /// Whether `c` passes.
    pub fn matches(&self, c: &Case) -> bool {
        self.status.is_none_or(|s| c.status == s)
            && self.tag.as_ref().is_none_or(|t| c.tags.contains(t))
            && self.country.as_ref().is_none_or(|x| c.summary.country.eq_ignore_ascii_case(x))
            && self.incident.as_ref().is_none_or(|i| c.summary.incidents.iter().any(|x| x == i))
            && self.since.as_ref().is_none_or(|d| c.received.as_str() >= d.as_str())
            && self
                .until
                .as_ref()
                .is_none_or(|d| c.received.as_str() <= d.as_str() || c.received.starts_with(d.as_str()))
    }
}

/// One row of `vault list`.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Case number.
    pub case: u32,
    /// Day received.
    pub received: String,
    /// Status.
    pub status: Status,
    /// Country.
    pub country: String,
    /// City.
    pub city: String,
    /// Role.
    pub role: String,
    /// Incident types.
    pub incidents: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Attachments in the thread.
    pub attachments: usize,
    /// Follow-ups in the thread.
    pub followups: usize,
    /// Replies in the thread.
    pub replies: usize,
    /// Linked cases.
    pub linked: Vec<u32>,
}

/// The rows matching `filter`, by case number.
pub fn rows(v: &Vault, filter: &Filter) -> Vec<Row> {
    v.state
        .cases
        .values()
        .filter(|c| filter.matches(c))
        .map(|c| {
            let (followups, replies, attachments) = v.state.counts(c);
            Row {
                case: c.number,
                received: c.received.clone(),
                status: c.status,
                country: c.summary.country.clone(),
                city: c.summary.city.clone(),
                role: c.summary.role.clone(),
                incidents: c.summary.incidents.clone(),
                tags: c.tags.iter().cloned().collect(),
                assignee: c.assignee.clone(),
                attachments,
                followups,
                replies,
                linked: c.links.iter().map(|l| l.case).collect(),
            }
        })
        .collect()
}

/// `vault list` as a text table.
pub fn list_table(rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>5}  {:<10}  {:<10}  {:<2}  {:>3} {:>3} {:>3}  {:<40}  tags",
        "case", "received", "status", "cc", "att", "fup", "rep", "incidents"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{:>5}  {:<10}  {:<10}  {:<2}  {:>3} {:>3} {:>3}  {:<40}  {}",
            r.case,
            r.received,
            r.status.as_str(),
            terminal_safe(&r.country),
            r.attachments,
            r.followups,
            r.replies,
            r.incidents.join(","),
            terminal_safe(&r.tags.join(","))
        );
    }
    let _ = writeln!(s, "{} case(s)", rows.len());
    s
}

/// An attachment as `show` lists it.
#[derive(Debug, Serialize)]
pub struct AttachmentView {
    /// Name as sent (untrusted).
    pub name: String,
    /// Declared type (untrusted).
    pub content_type: String,
    /// Bytes.
    pub size: u64,
}

/// An item of a thread, decrypted.
#[derive(Debug, Serialize)]
pub struct ItemView {
    /// Item id.
    pub id: String,
    /// Kind.
    pub kind: ItemKind,
    /// Day.
    pub day: String,
    /// Message (empty when there is none).
    pub message: String,
    /// Attachments.
    pub attachments: Vec<AttachmentView>,
}

/// A case as `show` presents it.
#[derive(Debug, Serialize)]
pub struct CaseView {
    /// Number.
    pub case: u32,
    /// First day.
    pub received: String,
    /// Status.
    pub status: Status,
    /// Answers.
    pub answers: Summary,
    /// Tags.
    pub tags: Vec<String>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Links.
    pub links: Vec<Link>,
    /// Notes.
    pub notes: Vec<Note>,
    /// The thread, in order.
    pub thread: Vec<ItemView>,
    /// The source's recipient.
    pub source_recipient: String,
}

fn item_view(v: &Vault, it: &Item) -> Result<ItemView, VaultError> {
    let doc_part = it.parts.first().ok_or_else(|| VaultError::Corrupt("item without parts".into()))?;
    let plain = v.decrypt_part(&doc_part.id)?;
    let message = match it.kind {
        ItemKind::Reply => {
            document::from_json::<ReplyDocument>(&plain)
                .map_err(|e| VaultError::Corrupt(e.to_string()))?
                .message
        }
        _ => {
            document::from_json::<TipDocument>(&plain)
                .map_err(|e| VaultError::Corrupt(e.to_string()))?
                .message
        }
    };
    Ok(ItemView {
        id: it.id.to_string(),
        kind: it.kind,
        day: it.day.clone(),
        message,
        attachments: it
            .attachments
            .iter()
            .map(|a| AttachmentView {
                name: a.name.clone(),
                content_type: a.content_type.clone(),
                size: a.size,
            })
            .collect(),
    })
}

/// Decrypts a whole case.
pub fn case_view(v: &Vault, case: &Case) -> Result<CaseView, VaultError> {
    let thread =
        v.state.thread(case).into_iter().map(|it| item_view(v, it)).collect::<Result<Vec<_>, _>>()?;
    Ok(CaseView {
        case: case.number,
        received: case.received.clone(),
        status: case.status,
        answers: case.summary.clone(),
        tags: case.tags.iter().cloned().collect(),
        assignee: case.assignee.clone(),
        links: case.links.iter().cloned().collect(),
        notes: case.notes.clone(),
        thread,
        source_recipient: case.source_recipient.clone(),
    })
}

/// `vault show` as text (every untrusted string made terminal-safe).
pub fn show_text(cv: &CaseView) -> String {
    let t = terminal_safe;
    let mut s = String::new();
    let a = &cv.answers;
    let _ = writeln!(s, "Case {} · received {} · status {}", cv.case, cv.received, cv.status);
    let _ = writeln!(
        s,
        "Country: {}   City: {}   When: {}",
        or_dash(&t(&a.country)),
        or_dash(&t(&a.city)),
        or_dash(&t(&a.when))
    );
    let _ = writeln!(
        s,
        "Role: {}   Contact OK: {}   Language: {}",
        or_dash(&t(&a.role)),
        if a.contact_ok { "yes" } else { "no" },
        or_dash(&t(&a.language))
    );
    let _ = writeln!(s, "Incidents: {}", or_dash(&a.incidents.join(", ")));
    let _ = writeln!(
        s,
        "Tags: {}   Assignee: {}",
        or_dash(&t(&cv.tags.join(", "))),
        or_dash(&t(cv.assignee.as_deref().unwrap_or("")))
    );
    if !cv.links.is_empty() {
        let links: Vec<String> = cv.links.iter().map(|l| format!("#{} ({})", l.case, l.kind)).collect();
        let _ = writeln!(s, "Linked: {}", links.join(", "));
    }
    for it in &cv.thread {
        let kind = match it.kind {
            ItemKind::Tip => "tip",
            ItemKind::Followup => "follow-up",
            ItemKind::Reply => "reply",
        };
        let _ = writeln!(s, "\n── {kind} · {} · item {}", it.day, &it.id[..12]);
        if !it.message.is_empty() {
            let _ = writeln!(s, "{}", t(&it.message));
        }
        for (n, att) in it.attachments.iter().enumerate() {
            let _ = writeln!(
                s,
                "  attachment {}: {} ({}, {} bytes)",
                n + 1,
                t(&att.name),
                t(&att.content_type),
                att.size
            );
        }
    }
    if !cv.notes.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        for n in &cv.notes {
            let _ = writeln!(s, "  {}: {}", n.day, t(&n.text));
        }
    }
    s
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}

/// A file name safe to create: no path, no control or direction characters, no leading dot,
/// at most 120 characters. Never executable (files are created 0600).
pub fn sanitize_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            let trick = crate::text::is_direction_or_invisible(c);
            if c.is_control() || trick || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let mut out: String = trimmed.chars().take(120).collect();
    if out.is_empty() {
        out = "attachment".into();
    }
    out
}

/// `vault extract`: writes every attachment of a case into `out` (created 0700), each file
/// byte-identical to what the source sent. Returns the paths written.
pub fn extract(v: &Vault, case: &Case, out: &Path) -> Result<Vec<PathBuf>, VaultError> {
    crate::store::create_private_dir(out)?;
    let mut written = Vec::new();
    let mut n = 0;
    for it in v.state.thread(case) {
        for a in &it.attachments {
            n += 1;
            let name = format!("{n:02}-{}", sanitize_name(&a.name));
            let path = out.join(&name);
            let mut f =
                OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).map_err(|e| {
                    if e.kind() == io::ErrorKind::AlreadyExists {
                        VaultError::Invalid(format!(
                            "{} already exists: extract into an empty directory",
                            path.display()
                        ))
                    } else {
                        e.into()
                    }
                })?;
            let ct = BufReader::new(File::open(v.part_path(&a.part))?);
            let mut r = crate::crypto::seal::decrypt_stream(v.identity(), ct)?.take(a.size);
            let copied = io::copy(&mut r, &mut f)?;
            f.sync_all()?;
            if copied != a.size {
                return Err(VaultError::Corrupt(format!(
                    "attachment {name} is shorter than its manifest says"
                )));
            }
            written.push(path);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitised() {
        assert_eq!(sanitize_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(sanitize_name(".bashrc"), "bashrc");
        assert_eq!(sanitize_name("evil\u{202E}gpj.exe"), "evil_gpj.exe");
        assert_eq!(sanitize_name(""), "attachment");
        assert_eq!(sanitize_name("照片.jpg"), "照片.jpg");
        assert_eq!(sanitize_name(&"a".repeat(500)).chars().count(), 120);
    }
}

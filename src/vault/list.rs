//! `vault list`: the case table, filtered, in memory only.

use std::fmt::Write as _;

use serde::Serialize;

use super::state::{Case, Status};
use super::{Vault, VaultError, messages};
use crate::model::Day;
use crate::text::Untrusted;

/// Filters of `vault list`, already checked and normalised by the command line
/// (`crate::cli::filters`): each one is a value a case can actually have.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only cases with this tag (normalised as `vault tag` stores it).
    pub tag: Option<String>,
    /// Only this ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Only cases reporting this incident id (from `vocab::INCIDENTS`).
    pub incident: Option<String>,
    /// Received on or after this day.
    pub since: Option<Day>,
    /// Received on or before this day.
    pub until: Option<Day>,
    /// Only cases whose answer to question `.0` has chosen option `.1` (all must hold).
    pub answers: Vec<(String, String)>,
}

impl Filter {
    /// Whether `c` passes.
    pub fn matches(&self, c: &Case) -> bool {
        self.status.is_none_or(|s| c.status == s)
            && self.tag.as_ref().is_none_or(|t| c.tags.contains(t))
            && self.country.as_ref().is_none_or(|x| c.summary.country().eq_ignore_ascii_case(x))
            && self.incident.as_ref().is_none_or(|i| c.summary.incidents().iter().any(|x| x == i))
            && self.since.is_none_or(|d| c.received >= d)
            && self.until.is_none_or(|d| c.received <= d)
            && self.answers.iter().all(|(q, o)| c.summary.answers.get(q).is_some_and(|a| a.has(o)))
    }
}

/// One row of `vault list`.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Case number (this vault's).
    pub case: u32,
    /// Case id (the team's: the same in every vault).
    pub id: super::case_id::CaseId,
    /// Day received.
    pub received: Day,
    /// Status.
    pub status: Status,
    /// Country.
    pub country: String,
    /// City.
    pub city: Untrusted,
    /// Role.
    pub role: String,
    /// Incident types.
    pub incidents: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Assignee.
    pub assignee: Option<Untrusted>,
    /// Attachments in the thread.
    pub attachments: usize,
    /// Follow-ups in the thread.
    pub followups: usize,
    /// Replies in the thread.
    pub replies: usize,
    /// Linked cases.
    pub linked: Vec<u32>,
    /// The page language the source wrote in (a checked language tag, or empty).
    pub language: String,
    /// The first characters of the first message, on one line.
    pub preview: Untrusted,
    /// Every answer, by question id (the columns above are the default questionnaire's).
    pub answers: crate::model::answers::Answers,
    /// Every source message, joined in order: only with `--with-text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Untrusted>,
}

/// The row of one case, with a preview (and text) already decrypted.
pub fn row_from(v: &Vault, c: &Case, preview: Untrusted, text: Option<Untrusted>) -> Row {
    let (followups, replies, attachments) = v.state.counts(c);
    Row {
        case: c.number,
        id: c.id(),
        received: c.received,
        status: c.status,
        country: c.summary.country(),
        city: c.summary.answers.text("city"),
        role: c.summary.answers.text("role").raw().to_owned(),
        incidents: c.summary.incidents(),
        tags: c.tags.iter().cloned().collect(),
        assignee: c.assignee.clone(),
        attachments,
        followups,
        replies,
        linked: c.links.iter().map(|l| l.case).collect(),
        language: c.summary.language.clone(),
        answers: c.summary.answers.clone(),
        preview,
        text,
    }
}

/// The row of one case. Its messages are decrypted in memory for the preview (all of them
/// only for the text).
pub fn row(v: &Vault, c: &Case, with_text: bool) -> Result<Row, VaultError> {
    if with_text {
        let messages = messages::source_messages(v, c)?;
        Ok(row_from(v, c, messages::preview(&messages), Some(messages::full_text(&messages))))
    } else {
        Ok(row_from(v, c, messages::preview_of(v, c)?, None))
    }
}

/// The rows matching `filter`, by case number.
pub fn rows(v: &Vault, filter: &Filter, with_text: bool) -> Result<Vec<Row>, VaultError> {
    v.state.cases.values().filter(|c| filter.matches(c)).map(|c| row(v, c, with_text)).collect()
}

/// The table's heading line.
pub fn header() -> String {
    format!(
        "{:>5}  {:<9}  {:<10}  {:<10}  {:<2}  {:<7}  {:>3} {:>3} {:>3}  {:<28}  {:<16}  {}\n",
        "case", "id", "received", "status", "cc", "lang", "att", "fup", "rep", "incidents", "tags", "message"
    )
}

/// One row as a table line. Country, incidents and tags are checked vocabularies or names;
/// everything else that came from outside goes through [`Untrusted::line`]. The preview comes
/// last: its width on screen varies (CJK characters take two columns).
pub fn row_line(r: &Row) -> String {
    let or_dash = |s: String| if s.is_empty() { "-".to_owned() } else { s };
    format!(
        "{:>5}  {:<9}  {:<10}  {:<10}  {:<2}  {:<7}  {:>3} {:>3} {:>3}  {:<28}  {:<16}  {}\n",
        r.case,
        r.id.to_string(),
        r.received.to_string(),
        r.status.as_str(),
        Untrusted::new(r.country.clone()).line(),
        or_dash(Untrusted::new(r.language.clone()).line()),
        r.attachments,
        r.followups,
        r.replies,
        Untrusted::new(r.incidents.join(",")).line(),
        Untrusted::new(r.tags.join(",")).line(),
        or_dash(r.preview.line())
    )
}

/// `vault list` as a text table.
pub fn table(rows: &[Row]) -> String {
    let mut s = header();
    for r in rows {
        s.push_str(&row_line(r));
    }
    let _ = writeln!(s, "{} case(s)", rows.len());
    s
}

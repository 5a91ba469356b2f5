//! `vault list`: the case table, filtered, in memory only.

use std::fmt::Write as _;

use serde::Serialize;

use super::Vault;
use super::state::{Case, Status};
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
}

impl Filter {
    /// Whether `c` passes.
    pub fn matches(&self, c: &Case) -> bool {
        self.status.is_none_or(|s| c.status == s)
            && self.tag.as_ref().is_none_or(|t| c.tags.contains(t))
            && self.country.as_ref().is_none_or(|x| c.summary.country.eq_ignore_ascii_case(x))
            && self.incident.as_ref().is_none_or(|i| c.summary.incidents.iter().any(|x| x == i))
            && self.since.is_none_or(|d| c.received >= d)
            && self.until.is_none_or(|d| c.received <= d)
    }
}

/// One row of `vault list`.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Case number.
    pub case: u32,
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
                received: c.received,
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

/// `vault list` as a text table. Country, incidents and tags are checked vocabularies or
/// names; everything else that came from outside goes through [`Untrusted::line`].
pub fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>5}  {:<10}  {:<10}  {:<2}  {:>3} {:>3} {:>3}  {:<40}  tags",
        "case", "received", "status", "cc", "att", "fup", "rep", "incidents"
    );
    for r in rows {
        let tags = Untrusted::new(r.tags.join(","));
        let _ = writeln!(
            s,
            "{:>5}  {:<10}  {:<10}  {:<2}  {:>3} {:>3} {:>3}  {:<40}  {}",
            r.case,
            r.received.to_string(),
            r.status.as_str(),
            Untrusted::new(r.country.clone()).line(),
            r.attachments,
            r.followups,
            r.replies,
            Untrusted::new(r.incidents.join(",")).line(),
            tags.line()
        );
    }
    let _ = writeln!(s, "{} case(s)", rows.len());
    s
}

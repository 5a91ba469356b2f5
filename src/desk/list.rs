//! `GET /`: the case list, newest first, filtered and searched in memory, a page at a time
//! (only the cases on the page are decrypted, unless a search has to read them all).

use std::collections::BTreeSet;

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::DeskError;
use super::access::Authed;
use super::pages::{Choice, Layout, ListPage, RowView, ok};
use crate::locale::Tr;
use crate::vault::chart_labels::{country, incident, status};
use crate::vault::list::{Filter, Row, row};
use crate::vault::search::{Found, search};
use crate::vault::state::Status;
use crate::vault::{Vault, VaultError};

/// Cases per page.
pub const PAGE: usize = 50;

/// Highest page number asked for (a million pages of 50 is more than any vault holds).
const MAX_PAGE: usize = 1_000_000;

/// Longest search text (a query is matched against every message).
const MAX_QUERY_CHARS: usize = 200;

/// The list's query string (every value is checked against what the vault has).
#[derive(Debug, Default, Deserialize, Clone)]
pub struct ListQuery {
    /// Search text.
    #[serde(default)]
    pub q: String,
    /// Status.
    #[serde(default)]
    pub status: String,
    /// Country code.
    #[serde(default)]
    pub country: String,
    /// Incident id.
    #[serde(default)]
    pub incident: String,
    /// Tag.
    #[serde(default)]
    pub tag: String,
    /// Received on or after (YYYY-MM-DD, as a date input sends it).
    #[serde(default)]
    pub since: String,
    /// Received on or before.
    #[serde(default)]
    pub until: String,
    /// `QUESTION=OPTION`: an answer the case gave.
    #[serde(default)]
    pub answer: String,
    /// Page, from 1.
    #[serde(default)]
    pub page: Option<usize>,
    /// What was just done (a message key suffix from a fixed list).
    #[serde(default)]
    pub done: String,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, DeskError> {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let status = match self.status.as_str() {
            "" => None,
            s => Some(s.parse::<Status>().map_err(|_| DeskError::BadForm)?),
        };
        let day = |s: &str| match s {
            "" => Ok(None),
            s => s.parse::<crate::model::Day>().map(Some).map_err(|_| DeskError::Invalid("desk-bad-date")),
        };
        let answers = match self.answer.split_once('=') {
            Some((q, o)) => vec![(q.to_owned(), o.to_owned())],
            None if self.answer.is_empty() => vec![],
            None => return Err(DeskError::BadForm),
        };
        Ok(Filter {
            status,
            tag: some(&self.tag),
            country: some(&self.country),
            incident: some(&self.incident),
            since: day(&self.since)?,
            until: day(&self.until)?,
            answers,
        })
    }

    /// The query string for page `page`.
    fn href(&self, page: usize) -> String {
        let pairs = [
            ("q", self.q.as_str()),
            ("status", &self.status),
            ("country", &self.country),
            ("incident", &self.incident),
            ("tag", &self.tag),
            ("since", &self.since),
            ("until", &self.until),
            ("answer", &self.answer),
        ];
        let mut kept: Vec<(&str, String)> =
            pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (*k, (*v).to_owned())).collect();
        kept.push(("page", page.to_string()));
        format!("/?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
    }
}

/// Notices a redirect may ask the list to show.
pub(super) const NOTICES: &[&str] = &["bulk"];

fn choices(
    tr: Tr,
    values: BTreeSet<String>,
    selected: &str,
    label: impl Fn(Tr, &str) -> String,
) -> Vec<Choice> {
    values.into_iter().map(|v| Choice { label: label(tr, &v), selected: v == selected, value: v }).collect()
}

/// Every option of every choice and yes/no question the vault's cases answered, as
/// `QUESTION=OPTION` with "question: option" in words.
fn answer_choices(tr: Tr, v: &Vault, selected: &str) -> Vec<Choice> {
    use crate::model::questions::Kind;
    let mut out = Vec::new();
    for q in crate::vault::report::all_questions(v) {
        let options: Vec<(String, String)> = match q.kind {
            Kind::YesNo => vec![("yes".into(), tr.t("desk-yes")), ("no".into(), tr.t("desk-no"))],
            Kind::Choice | Kind::Choices => q.options.clone(),
            _ => continue,
        };
        let label = crate::text::label_stem(&q.label).to_owned();
        for (o, ol) in options {
            let value = format!("{}={o}", q.id);
            out.push(Choice {
                selected: value == selected,
                label: crate::text::Untrusted::new(format!("{label}: {ol}")).line(),
                value,
            });
        }
    }
    out
}

/// Every status, in lifecycle order.
fn status_choices(tr: Tr, selected: &str) -> Vec<Choice> {
    Status::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: status(tr, s.as_str()),
            selected: selected == s.as_str(),
        })
        .collect()
}

fn row_view(tr: Tr, r: &Row, hits: Vec<(String, String)>) -> RowView {
    let (f, rp, a) = (r.followups, r.replies, r.attachments);
    RowView {
        number: r.case,
        id: r.id.to_string(),
        received: r.received.to_string(),
        status: status(tr, r.status.as_str()),
        country: if r.country.is_empty() { String::new() } else { country(tr, &r.country) },
        incidents: r.incidents.iter().map(|i| incident(tr, i)).collect::<Vec<_>>().join(", "),
        tags: r.tags.join(", "),
        assignee: r.assignee.as_ref().map(|x| x.line()).unwrap_or_default(),
        language: crate::text::Untrusted::new(r.language.clone()).line(),
        preview: r.preview.line(),
        // Only when there is something besides the tip.
        counts: if f + rp + a == 0 {
            String::new()
        } else {
            tr.ta(
                "desk-counts",
                &[("followups", tr.number(f)), ("replies", tr.number(rp)), ("attachments", tr.number(a))],
            )
        },
        hits,
    }
}

/// Where a search matched, in words: the message, follow-up N, or the answer's question id.
fn hit_field(tr: Tr, field: &str) -> String {
    match field.strip_prefix("follow-up ") {
        _ if field == "message" => tr.t("desk-col-message"),
        Some(n) => tr.t1("desk-hit-followup", "n", n),
        None => crate::text::Untrusted::new(field).line(),
    }
}

/// The rows of one page and the number of matching cases.
fn page_rows(v: &Vault, q: &ListQuery, tr: Tr, page: usize) -> Result<(Vec<RowView>, usize), DeskError> {
    let filter = q.filter()?;
    let from = (page - 1) * PAGE;
    if q.q.trim().is_empty() {
        let matching: Vec<_> = v.state.cases.values().rev().filter(|c| filter.matches(c)).collect();
        let rows = matching
            .iter()
            .skip(from)
            .take(PAGE)
            .map(|c| row(v, c, false).map(|r| row_view(tr, &r, vec![])))
            .collect::<Result<Vec<_>, VaultError>>()?;
        return Ok((rows, matching.len()));
    }
    if q.q.chars().count() > MAX_QUERY_CHARS {
        return Err(DeskError::Invalid("desk-search-too-long"));
    }
    let mut found: Vec<Found> = search(v, &q.q)?;
    found.retain(|f| v.state.cases.get(&f.row.case).is_some_and(|c| filter.matches(c)));
    found.reverse();
    let total = found.len();
    let rows = found
        .into_iter()
        .skip(from)
        .take(PAGE)
        .map(|f| {
            let hits = f.hits.iter().map(|h| (hit_field(tr, &h.field), h.snippet.line())).collect();
            row_view(tr, &f.row, hits)
        })
        .collect();
    Ok((rows, total))
}

fn build(v: &Vault, q: &ListQuery, l: Layout) -> Result<ListPage, DeskError> {
    let tr = l.tr;
    // Bounded, so that no page number can overflow the arithmetic below.
    let page = q.page.unwrap_or(1).clamp(1, MAX_PAGE);
    let (rows, total) = page_rows(v, q, tr, page)?;
    let cases = v.state.cases.values();
    let mut countries = BTreeSet::new();
    let mut incidents = BTreeSet::new();
    let mut tags = BTreeSet::new();
    for c in cases {
        let k = c.summary.country();
        if !k.is_empty() {
            countries.insert(k);
        }
        incidents.extend(c.summary.incidents());
        tags.extend(c.tags.iter().cloned());
    }
    let statuses = status_choices(tr, &q.status);
    let first = if total == 0 { 0 } else { (page - 1) * PAGE + 1 };
    let last = ((page - 1) * PAGE + rows.len()).min(total);
    let notice = NOTICES.iter().find(|n| **n == q.done).map(|n| tr.t(&format!("desk-done-{n}")));
    Ok(ListPage {
        l,
        q: q.q.clone(),
        statuses,
        countries: choices(tr, countries, &q.country, country),
        incidents: choices(tr, incidents, &q.incident, incident),
        tags: choices(tr, tags, &q.tag, |_, t| t.to_owned()),
        answers: answer_choices(tr, v, &q.answer),
        since: q.since.clone(),
        until: q.until.clone(),
        shown: tr.ta(
            "desk-shown",
            &[("first", tr.number(first)), ("last", tr.number(last)), ("total", tr.number(total))],
        ),
        prev: (page > 1).then(|| q.href(page - 1)),
        next: (page * PAGE < total).then(|| q.href(page + 1)),
        bulk_statuses: status_choices(tr, ""),
        rows,
        notice,
    })
}

/// `GET /`.
pub async fn cases(Authed(desk): Authed, q: web::Query<ListQuery>) -> Result<HttpResponse, DeskError> {
    let l = desk.layout("desk-title-cases");
    let q = q.into_inner();
    let page = desk.with_vault(move |v| build(v, &q, l)).await?;
    Ok(ok(&page))
}

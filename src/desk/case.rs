//! `GET /case/{n}`: one case, decrypted in memory: answers under their labels, the thread,
//! attachments (never their content), notes, links, history, and the forms that change it.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::access::Authed;
use super::pages::{AttachmentRow, CasePage, Choice, ItemRow, Layout, ok};
use super::{DeskError, Vault};
use crate::locale::{Tr, english, text};
use crate::model::item::ItemKind;
use crate::model::questions::{Kind, QuestionRecord, default_questions};
use crate::text::Untrusted;
use crate::vault::chart_labels::{country, status};
use crate::vault::show::{AttachmentView, CaseView, ItemView, answer_lines, case_view};

/// What was just done to the case (a message key suffix from [`NOTICES`]).
#[derive(Debug, Default, Deserialize)]
pub struct CaseQuery {
    /// The action.
    #[serde(default)]
    pub done: String,
}

/// Notices a redirect may ask the case page to show.
pub const NOTICES: &[&str] =
    &["status", "tags", "assign", "note", "note-edit", "note-delete", "link", "unlink", "spam"];

/// What an attachment's metadata reveals, one warning each, then what can be done about it.
fn warnings(tr: Tr, a: &AttachmentView) -> Vec<String> {
    let mut out: Vec<String> = a
        .findings
        .iter()
        .map(|f| tr.t1(&format!("desk-meta-{}", f.kind.as_str()), "value", f.value.line()))
        .collect();
    if !out.is_empty() {
        out.push(tr.t(if a.cleanable { "desk-meta-clean-hint" } else { "desk-meta-not-cleanable" }));
    }
    out
}

fn attachment_row(tr: Tr, a: &AttachmentView) -> AttachmentRow {
    AttachmentRow {
        name: a.name.file_name(),
        extension: a.extension.file_name(),
        content_type: a.content_type.line(),
        size: tr.size(a.size),
        sha256: a.sha256.clone(),
        warnings: warnings(tr, a),
    }
}

/// Who signed a reply: the owner in the desk language, a teammate by the name given them.
fn signer(tr: Tr, who: &str) -> String {
    if who == crate::vault::team::OWNER { tr.t("desk-you") } else { Untrusted::new(who).line() }
}

fn item_row(tr: Tr, it: &ItemView) -> ItemRow {
    let heading = match it.kind {
        ItemKind::Tip => tr.t1("desk-item-tip", "day", it.day),
        ItemKind::Followup => tr.t1("desk-item-followup", "day", it.day),
        ItemKind::Reply => tr.ta(
            "desk-item-reply",
            &[("day", it.day.to_string()), ("who", signer(tr, it.signed_by.as_deref().unwrap_or_default()))],
        ),
    };
    ItemRow {
        heading,
        is_reply: it.kind == ItemKind::Reply,
        message: it.message.terminal(),
        attachments: it.attachments.iter().map(|a| attachment_row(tr, a)).collect(),
    }
}

/// The recorded questions in the desk language where the built-in questionnaire has the same
/// question in the same English words (so a changed question never borrows an old
/// translation); any other question keeps the words it was recorded with.
pub(super) fn localised(tr: Tr, records: &[QuestionRecord]) -> Vec<QuestionRecord> {
    let builtin = default_questions();
    records
        .iter()
        .map(|r| {
            let Some(q) = builtin.iter().find(|q| q.id == r.id && english(&q.label) == r.label) else {
                return r.clone();
            };
            let options = r
                .options
                .iter()
                .map(|(id, en)| {
                    let same = q.options.iter().find(|o| &o.id == id && english(&o.label) == *en);
                    (id.clone(), same.map_or_else(|| en.clone(), |o| text(tr, &o.label)))
                })
                .collect();
            QuestionRecord { label: text(tr, &q.label), options, ..r.clone() }
        })
        .collect()
}

/// Each answered question under its label, in the desk language where it can be.
fn answers(tr: Tr, cv: &CaseView) -> Vec<(String, String)> {
    let records = localised(tr, &cv.questions);
    records
        .iter()
        .zip(answer_lines(&records, &cv.answers))
        .filter(|(_, (_, shown))| !shown.is_empty())
        .map(|(q, (label, shown))| {
            let shown = match q.kind {
                Kind::YesNo => tr.t(if shown == "yes" { "desk-yes" } else { "desk-no" }),
                Kind::Country => country(tr, cv.answers.text(&q.id).raw()),
                _ => shown,
            };
            (label, shown)
        })
        .collect()
}

fn link_kind(tr: Tr, k: crate::vault::state::LinkKind) -> String {
    tr.t(&format!("desk-link-{k}"))
}

/// The page of case `cv`.
fn page_of(cv: &CaseView, contact_ok: bool, tr: Tr, csrf: &str, done: &str) -> CasePage {
    let title = tr.ta("desk-title-case-id", &[("case", cv.case.to_string()), ("id", cv.id.to_string())]);
    let l = Layout::titled(tr, title, Some(csrf));
    let next = cv
        .status
        .next()
        .iter()
        .map(|s| Choice { value: s.as_str().into(), label: status(tr, s.as_str()), selected: false })
        .collect();
    CasePage {
        l,
        number: cv.case,
        id: cv.id.to_string(),
        received: cv.received.to_string(),
        status: status(tr, cv.status.as_str()),
        next,
        language: Untrusted::new(cv.language.clone()).line(),
        answers: answers(tr, cv),
        tags: cv.tags.clone(),
        assignee: cv.assignee.as_ref().map(Untrusted::line).unwrap_or_default(),
        links: cv
            .links
            .iter()
            .map(|k| (k.case, k.id.map(|i| i.to_string()).unwrap_or_default(), link_kind(tr, k.kind)))
            .collect(),
        notes: cv
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (i + 1, n.day.to_string(), n.text.terminal()))
            .collect(),
        history: cv
            .history
            .iter()
            .map(|e| (e.day.to_string(), Untrusted::new(e.what.clone()).line()))
            .collect(),
        has_attachments: cv.thread.iter().any(|it| !it.attachments.is_empty()),
        thread: cv.thread.iter().map(|it| item_row(tr, it)).collect(),
        contact_ok,
        notice: NOTICES.iter().find(|n| **n == done).map(|n| tr.t(&format!("desk-done-{n}"))),
    }
}

/// Builds the page for case `n` (shared with the actions that show it again).
pub fn build(v: &Vault, n: u32, tr: Tr, csrf: &str, done: &str) -> Result<CasePage, DeskError> {
    let case = v.state.cases.get(&n).ok_or(DeskError::NotFound)?;
    let cv = case_view(v, case)?;
    Ok(page_of(&cv, case.summary.contact_ok(), tr, csrf, done))
}

/// `GET /case/{n}`.
pub async fn page(
    Authed(desk): Authed,
    n: web::Path<String>,
    q: web::Query<CaseQuery>,
) -> Result<HttpResponse, DeskError> {
    let n: u32 = n.parse().map_err(|_| DeskError::NotFound)?;
    let tr = desk.tr();
    let csrf = desk.access.csrf().expose().to_owned();
    let done = q.into_inner().done;
    let page = desk.with_vault(move |v| build(v, n, tr, &csrf, &done)).await?;
    Ok(ok(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every notice and link kind the pages name by a computed key has its words.
    #[test]
    fn computed_keys_exist() {
        for lang in crate::desk::LANGS {
            let tr = Tr::for_tag(lang).unwrap_or_default();
            for n in NOTICES.iter().chain(crate::desk::list::NOTICES).chain(super::super::team::NOTICES) {
                assert!(tr.try_t(&format!("desk-done-{n}")).is_some(), "{lang}: desk-done-{n}");
            }
            for k in ["same-case", "same-network"] {
                assert!(tr.try_t(&format!("desk-link-{k}")).is_some(), "{lang}: {k}");
            }
        }
    }
}

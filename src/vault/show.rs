//! `vault show`: reading a case, in memory only (`vault extract` is in [`super::extract`]).
//!
//! Every part is checked against the hash recorded at import before it is decrypted, and
//! everything a source or a bundle wrote is [`Untrusted`]: the text rendering escapes it, the
//! JSON rendering carries it (and the CLI makes the JSON inert before printing).

use std::fmt::Write as _;

use serde::Serialize;

use super::metadata::Finding;
use super::state::{Case, Event, Item, Note, Status};
use super::{Vault, VaultError, team};
use crate::bundle::document::{self, TipDocument};
use crate::model::Day;
use crate::model::answers::{Answer, Answers};
use crate::model::item::ItemKind;
use crate::model::questions::{Kind, QuestionRecord};
use crate::text::Untrusted;

/// An attachment as `show` lists it.
#[derive(Debug, Serialize)]
pub struct AttachmentView {
    /// Name as sent.
    pub name: Untrusted,
    /// The name's final extension, shown apart so that a long name cannot hide it.
    pub extension: Untrusted,
    /// Declared type.
    pub content_type: Untrusted,
    /// Bytes.
    pub size: u64,
    /// SHA-256 of the plaintext, hex (empty when not recorded).
    pub sha256: String,
    /// What its metadata reveals (recorded at import).
    pub findings: Vec<Finding>,
    /// Whether `extract --clean` can write a copy without it.
    pub cleanable: bool,
    /// Whether it was inspected at all (false: too large, unknown format, unreadable).
    pub inspected: bool,
}

/// An item of a thread, decrypted.
#[derive(Debug, Serialize)]
pub struct ItemView {
    /// Item id.
    pub id: String,
    /// Kind.
    pub kind: ItemKind,
    /// Day.
    pub day: Day,
    /// Message (empty when there is none).
    pub message: Untrusted,
    /// Attachments.
    pub attachments: Vec<AttachmentView>,
    /// Replies: who signed it (a team name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
}

/// A link as `show` presents it.
#[derive(Debug, Serialize)]
pub struct LinkView {
    /// The other case's number.
    pub case: u32,
    /// Its id.
    pub id: Option<super::case_id::CaseId>,
    /// Why.
    pub kind: super::state::LinkKind,
}

/// A case as `show` presents it.
#[derive(Debug, Serialize)]
pub struct CaseView {
    /// Number (this vault's).
    pub case: u32,
    /// Id (the team's: the same in every vault).
    pub id: super::case_id::CaseId,
    /// First day.
    pub received: Day,
    /// Status.
    pub status: Status,
    /// Answers by question id.
    pub answers: Answers,
    /// The questions the tip answered (id, kind, English label, options).
    pub questions: Vec<QuestionRecord>,
    /// The page language the source used.
    pub language: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Assignee.
    pub assignee: Option<Untrusted>,
    /// Links, with the linked cases' ids.
    pub links: Vec<LinkView>,
    /// Notes (`vault note --edit N` and `--delete N` count from 1 in this order).
    pub notes: Vec<Note>,
    /// What was done to the case (status changes, spam, edited notes, links removed).
    pub history: Vec<Event>,
    /// The thread, in order.
    pub thread: Vec<ItemView>,
    /// The source's recipient.
    pub source_recipient: String,
}

/// The final extension of a file name (`.exe` of `invoice.pdf.exe` and of `invoice.exe.`), or
/// empty.
pub fn extension(name: &Untrusted) -> Untrusted {
    Untrusted::new(crate::text::filename::extension(name.raw()))
}

fn item_view(v: &Vault, it: &Item) -> Result<ItemView, VaultError> {
    let doc_part = it.parts.first().ok_or_else(|| VaultError::Corrupt("item without parts".into()))?;
    let plain = v.decrypt_part(&doc_part.id)?;
    let message = match it.kind {
        ItemKind::Reply => super::validate::reply_document(&plain).map_err(VaultError::Corrupt)?.message,
        _ => {
            document::from_json::<TipDocument>(&plain)
                .map_err(|e| VaultError::Corrupt(e.to_string()))?
                .message
        }
    };
    Ok(ItemView {
        id: it.id.to_string(),
        kind: it.kind,
        day: it.day,
        message: Untrusted::new(message),
        attachments: it
            .attachments
            .iter()
            .map(|a| {
                let i = a.inspection.clone().unwrap_or_default();
                AttachmentView {
                    name: a.name.clone(),
                    extension: extension(&a.name),
                    content_type: a.content_type.clone(),
                    size: a.size,
                    sha256: a.sha256.clone(),
                    findings: i.findings,
                    cleanable: i.cleanable,
                    inspected: i.inspected,
                }
            })
            .collect(),
        signed_by: it
            .signer
            .map(|k| team::signer_name(v, &k).unwrap_or_else(|| "a former team member".into())),
    })
}

/// Decrypts a whole case.
pub fn case_view(v: &Vault, case: &Case) -> Result<CaseView, VaultError> {
    let thread =
        v.state.thread(case).into_iter().map(|it| item_view(v, it)).collect::<Result<Vec<_>, _>>()?;
    Ok(CaseView {
        case: case.number,
        id: case.id(),
        received: case.received,
        status: case.status,
        answers: case.summary.answers.clone(),
        questions: case.summary.questions.clone(),
        language: case.summary.language.clone(),
        tags: case.tags.iter().cloned().collect(),
        assignee: case.assignee.clone(),
        links: case
            .links
            .iter()
            .map(|l| LinkView { case: l.case, id: v.state.cases.get(&l.case).map(Case::id), kind: l.kind })
            .collect(),
        notes: case.notes.clone(),
        history: case.history.clone(),
        thread,
        source_recipient: case.source_recipient.clone(),
    })
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "-".into() } else { s }
}

/// Each recorded question's label and its answer, one line each, rendered for the terminal:
/// options by their labels, texts through [`Untrusted::line`].
pub fn answer_lines(questions: &[QuestionRecord], answers: &Answers) -> Vec<(String, String)> {
    questions
        .iter()
        .map(|q| {
            let label_of = |id: &str| {
                q.options.iter().find(|(o, _)| o == id).map_or_else(|| id.to_owned(), |(_, l)| l.clone())
            };
            let shown = match (q.kind, answers.get(&q.id)) {
                (_, None) => String::new(),
                (_, Some(Answer::Yes(b))) => if *b { "yes" } else { "no" }.to_owned(),
                (Kind::Choice | Kind::Choices, Some(a)) => {
                    Untrusted::new(a.counted().iter().map(|o| label_of(o)).collect::<Vec<_>>().join(", "))
                        .line()
                }
                (_, Some(Answer::One(t))) => t.line(),
                (_, Some(Answer::Many(v))) => Untrusted::new(v.join(", ")).line(),
            };
            (crate::text::label_stem(&q.label).to_owned(), shown)
        })
        .collect()
}

/// An attachment's hash and what its metadata reveals, under its line.
fn attachment_facts(s: &mut String, case: u32, att: &AttachmentView) {
    let _ = writeln!(s, "    sha256 {}", or_dash(att.sha256.clone()));
    if !att.inspected {
        let _ = writeln!(s, "    metadata not inspected (too large, unknown format or unreadable)");
    }
    for f in &att.findings {
        let _ = writeln!(s, "  ! reveals {}: {}", f.kind.label(), f.value.line());
    }
    if !att.findings.is_empty() {
        let _ = if att.cleanable {
            writeln!(s, "    `vault extract {case} --out DIR --clean` writes a copy without this metadata")
        } else {
            writeln!(
                s,
                "    this format is not cleaned by tipbox: remove the metadata before passing the file on"
            )
        };
    }
}

/// `vault show` as text: every untrusted string goes through its terminal-safe rendering.
pub fn show_text(cv: &CaseView) -> String {
    let mut s = String::new();
    let u = |x: &str| Untrusted::new(x.to_owned()).line();
    let _ = writeln!(s, "Case {} · id {} · received {} · status {}", cv.case, cv.id, cv.received, cv.status);
    let _ = writeln!(s, "Language: {}", or_dash(u(&cv.language)));
    for (label, answer) in answer_lines(&cv.questions, &cv.answers) {
        let _ = writeln!(s, "{}: {}", u(&label), or_dash(answer));
    }
    let _ = writeln!(
        s,
        "Tags: {}   Assignee: {}",
        or_dash(u(&cv.tags.join(", "))),
        or_dash(cv.assignee.as_ref().map(Untrusted::line).unwrap_or_default())
    );
    if !cv.links.is_empty() {
        let links: Vec<String> = cv
            .links
            .iter()
            .map(|l| match l.id {
                Some(id) => format!("#{} {id} ({})", l.case, l.kind),
                None => format!("#{} ({})", l.case, l.kind),
            })
            .collect();
        let _ = writeln!(s, "Linked: {}", links.join(", "));
    }
    for it in &cv.thread {
        let kind = match it.kind {
            ItemKind::Tip => "tip".to_owned(),
            ItemKind::Followup => "follow-up".to_owned(),
            ItemKind::Reply => format!("reply, signed by {}", it.signed_by.as_deref().unwrap_or("?")),
        };
        let _ = writeln!(s, "\n── {kind} · {} · item {}", it.day, &it.id[..12]);
        if !it.message.is_empty() {
            let _ = writeln!(s, "{}", it.message.terminal());
        }
        for (n, att) in it.attachments.iter().enumerate() {
            let _ = writeln!(
                s,
                "  attachment {}: {} [type of file: {}] ({}, {} bytes)",
                n + 1,
                att.name.file_name(),
                or_dash(att.extension.file_name()),
                att.content_type.line(),
                att.size
            );
            attachment_facts(&mut s, cv.case, att);
        }
    }
    if !cv.notes.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        for (i, n) in cv.notes.iter().enumerate() {
            let _ = writeln!(s, "  {}. {}: {}", i + 1, n.day, n.text.terminal());
        }
    }
    if !cv.history.is_empty() {
        let _ = writeln!(s, "\nHistory:");
        for e in &cv.history {
            // Written by this program, but rendered like the rest so no path skips it.
            let _ = writeln!(s, "  {}: {}", e.day, Untrusted::new(e.what.clone()).line());
        }
    }
    s
}

/// Kept here for callers of `show::sanitize_name`; it lives with extraction now.
pub use super::extract::sanitize_name;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        let e = |x: &str| extension(&Untrusted::new(x)).raw().to_owned();
        assert_eq!(e("invoice.pdf.exe"), ".exe");
        assert_eq!(e("noext"), "");
        assert_eq!(e(".hidden"), "");
        assert_eq!(e("a."), "");
        assert_eq!(e("invoice.exe. ."), ".exe");
    }

    /// A name that a hostile server wrote past the submission rule is shown with what it hides
    /// escaped, and its real extension apart.
    #[test]
    fn hostile_names_show_escaped_with_their_extension() {
        let name = Untrusted::new(format!("invoice.pdf{}.exe", "\u{3164}".repeat(3)));
        let cv = CaseView {
            case: 1,
            id: crate::vault::case_id::CaseId::parse("K7QM-4M2X").unwrap(),
            received: Day::from_ymd(2026, 1, 2).unwrap(),
            status: Status::New,
            answers: Answers::default(),
            questions: vec![],
            language: String::new(),
            tags: vec![],
            assignee: None,
            links: vec![],
            notes: vec![],
            history: vec![],
            thread: vec![ItemView {
                id: "0".repeat(32),
                kind: ItemKind::Tip,
                day: Day::from_ymd(2026, 1, 2).unwrap(),
                message: Untrusted::default(),
                attachments: vec![AttachmentView {
                    extension: extension(&name),
                    name,
                    content_type: Untrusted::new("application/pdf"),
                    size: 3,
                    sha256: "ab".repeat(32),
                    findings: vec![Finding {
                        kind: crate::vault::metadata::FindingKind::Gps,
                        value: Untrusted::new("52.370216, 4.895168\u{1b}[2J"),
                    }],
                    cleanable: true,
                    inspected: true,
                }],
                signed_by: None,
            }],
            source_recipient: String::new(),
        };
        let text = show_text(&cv);
        assert!(
            text.contains(&format!("invoice.pdf{}.exe [type of file: .exe]", "\\u{3164}".repeat(3))),
            "{text}"
        );
        assert!(!text.contains('\u{3164}'), "{text}");
        assert!(text.contains(&format!("    sha256 {}", "ab".repeat(32))), "{text}");
        assert!(text.contains("  ! reveals GPS position: 52.370216, 4.895168\\u{001b}[2J\n"), "{text}");
        assert!(text.contains("vault extract 1 --out DIR --clean"), "{text}");
    }
}

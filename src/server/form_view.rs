//! The submission form's questions as the page shows them, built from the questionnaire, the
//! answers read so far and their errors: one view per question, whatever its kind, so that the
//! template has one loop and a new question needs no new markup.

use crate::locale::{Tr, text};
use crate::model::answers::Answers;
use crate::model::countries::COUNTRIES;
use crate::model::questions::{Kind, Question, Questionnaire};

/// Per-field error messages, already translated, by field name (a question id, `message`,
/// `attachment`, `words`, `website`, or `form`).
#[derive(Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// Records an error on `field` (the first one per field is kept).
    pub fn add(&mut self, field: &str, msg: String) {
        if !self.has(field) {
            self.0.push((field.to_owned(), msg));
        }
    }
    /// Records an error on `field` after any it has already: each misnamed file of a form is
    /// named, so that a source over Tor does not learn of them one slow upload at a time.
    pub fn append(&mut self, field: &str, msg: String) {
        match self.0.iter_mut().find(|(f, _)| f == field) {
            Some((_, m)) => {
                m.push(' ');
                m.push_str(&msg);
            }
            None => self.0.push((field.to_owned(), msg)),
        }
    }
    /// The error for `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }
    /// Whether `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }
    /// Whether any field has an error.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

/// Values of the submission form, echoed back when it is returned with errors.
#[derive(Default, Clone)]
pub struct SubmitValues {
    /// Message.
    pub message: String,
    /// The answers, by question id.
    pub answers: Answers,
    /// The codename's word list (`WordList::tag`), empty for the page language's. Never
    /// stored: it only decides how the codename is written.
    pub words: String,
}

/// A radio, checkbox or select option.
pub struct Opt {
    /// Submitted value.
    pub value: String,
    /// Label.
    pub label: String,
    /// Pre-selected.
    pub checked: bool,
}

/// One question on the page.
pub struct QuestionView {
    /// Field name and element id.
    pub id: String,
    /// Its label in the page language.
    pub label: String,
    /// Its hint, if any.
    pub help: Option<String>,
    /// Its error, already with the label ("City or region: Too long…").
    pub error: Option<String>,
    /// `text`, `long_text`, `choice`, `choices`, `country`, `yes_no`.
    pub kind: &'static str,
    /// The answer of a text question, echoed.
    pub value: String,
    /// Options (choice, choices, country), the first one "not saying" for choice and country.
    pub options: Vec<Opt>,
    /// A yes/no box is ticked.
    pub checked: bool,
    /// Longest answer of a text question.
    pub max: usize,
    /// Must be answered.
    pub required: bool,
    /// The ids of its hint and error, for `aria-describedby` (empty when it has neither).
    pub described_by: String,
}

/// A field's error, named by its label ("City or region: Too long: at most 200 characters.").
pub fn field_error(tr: Tr, label: &str, msg: &str) -> String {
    tr.ta("field-error", &[("field", crate::text::label_stem(label).to_owned()), ("error", msg.to_owned())])
}

fn options(q: &Question, tr: Tr, answers: &Answers) -> Vec<Opt> {
    let chosen = answers.options(&q.id);
    let none = |checked| Opt { value: String::new(), label: tr.t("not-saying"), checked };
    match q.kind {
        Kind::Country => {
            let mut v = vec![none(chosen.is_empty())];
            v.extend(COUNTRIES.iter().map(|(code, en)| Opt {
                value: (*code).to_owned(),
                label: tr.try_t(&format!("country-{code}")).unwrap_or_else(|| (*en).to_owned()),
                checked: chosen.iter().any(|c| c == code),
            }));
            v
        }
        Kind::Choice | Kind::Choices => {
            let mut v = if q.kind == Kind::Choice { vec![none(chosen.is_empty())] } else { vec![] };
            v.extend(q.options.iter().map(|o| Opt {
                value: o.id.clone(),
                label: text(tr, &o.label),
                checked: chosen.contains(&o.id),
            }));
            v
        }
        _ => vec![],
    }
}

/// The questions of a form page, with what was answered and what was wrong.
pub fn views(
    qs: &Questionnaire,
    tr: Tr,
    values: &SubmitValues,
    errors: &FieldErrors,
    text_chars: usize,
) -> Vec<QuestionView> {
    qs.questions()
        .iter()
        .map(|q| {
            let label = text(tr, &q.label);
            let error = errors.get(&q.id).map(|e| field_error(tr, &label, e));
            let described_by = [
                q.help.as_ref().map(|_| format!("{}-hint", q.id)),
                error.as_ref().map(|_| format!("{}-error", q.id)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            QuestionView {
                described_by,
                id: q.id.clone(),
                help: q.help.as_ref().map(|h| text(tr, h)),
                error,
                kind: q.kind.as_str(),
                value: values.answers.text(&q.id).raw().to_owned(),
                options: options(q, tr, &values.answers),
                checked: values.answers.yes(&q.id),
                max: q.max_chars(text_chars),
                required: q.required,
                label,
            }
        })
        .collect()
}

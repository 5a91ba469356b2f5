//! A case's answers as the vault keeps them: by question id, with the questions the tip was
//! asked (from its document), so that a case shows right whatever the form asks today.

use serde::{Deserialize, Serialize};

use crate::model::answers::{Answer, Answers};
use crate::model::questions::{Kind, QuestionRecord};
use crate::text::Untrusted;

/// The source's answers, from the tip document, checked at import against the questions the
/// document records (which are kept with them, so the case shows right whatever the form asks
/// today). Free text is [`Untrusted`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Answers by question id.
    #[serde(default)]
    pub answers: Answers,
    /// The questions the tip answered.
    #[serde(default)]
    pub questions: Vec<QuestionRecord>,
    /// Page language used (a language tag).
    #[serde(default)]
    pub language: String,
    /// Version 2 states kept the six built-in answers as fields; [`Summary::upgrade`] moves
    /// them into `answers`. Never written.
    #[serde(default, skip_serializing, flatten)]
    pub legacy: LegacyAnswers,
}

/// The answers of a version 2 state.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LegacyAnswers {
    country: Option<String>,
    city: Option<Untrusted>,
    when: Option<Untrusted>,
    role: Option<String>,
    incidents: Option<Vec<String>>,
    contact_ok: Option<bool>,
}

impl Summary {
    /// Moves a version 2 state's answers into `answers`, with the questions they answered.
    pub fn upgrade(&mut self) {
        let l = std::mem::take(&mut self.legacy);
        let one = |s: String| Answer::One(Untrusted::new(s));
        if let Some(c) = l.country {
            self.answers.set("country", one(c));
        }
        if let Some(c) = l.city {
            self.answers.set("city", Answer::One(c));
        }
        if let Some(w) = l.when {
            self.answers.set("when", Answer::One(w));
        }
        if let Some(r) = l.role {
            self.answers.set("role", one(r));
        }
        if let Some(i) = l.incidents {
            self.answers.set("incident", Answer::Many(i));
        }
        if l.contact_ok == Some(true) {
            self.answers.set("contact_ok", Answer::Yes(true));
        }
        if self.questions.is_empty() {
            self.questions = crate::model::questions::version_1_records(crate::locale::english);
        }
    }

    /// The country code answered, or empty.
    pub fn country(&self) -> String {
        self.answers.text("country").raw().to_owned()
    }

    /// The kinds of pressure answered.
    pub fn incidents(&self) -> Vec<String> {
        self.answers.options("incident")
    }

    /// Whether the source agreed to be contacted.
    pub fn contact_ok(&self) -> bool {
        self.answers.yes("contact_ok")
    }

    /// The text answers, with their question ids (for search).
    pub fn texts(&self) -> Vec<(String, Untrusted)> {
        self.questions
            .iter()
            .filter(|q| matches!(q.kind, Kind::Text | Kind::LongText))
            .map(|q| (q.id.clone(), self.answers.text(&q.id)))
            .filter(|(_, t)| !t.raw().is_empty())
            .collect()
    }
}

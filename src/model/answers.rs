//! The answers of one tip: one value per question id, whatever the questionnaire. The form
//! builds them, the document carries them, the vault shows, filters, exports and counts them:
//! one model for all four.
//!
//! Text from the source stays [`Untrusted`] all the way, so no path can print it raw. The JSON
//! shape is plain (a string, a list of strings, or a boolean per id), which is also the shape of
//! the version 1 documents' answers, so they read as answers too (see [`Answers::from_v1`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::questions::{Kind, QuestionRecord};
use crate::text::Untrusted;

/// Longest text answer any document may carry, characters (a question's `max_chars` is at
/// most this).
pub const MAX_ANSWER_CHARS: usize = 100_000;

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// A yes/no question.
    Yes(bool),
    /// A text, a single choice's option id, or a country code.
    One(Untrusted),
    /// A multiple choice's option ids, in form order.
    Many(Vec<String>),
}

impl Answer {
    /// Whether it says nothing (an empty text or no option): such answers are not kept.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Yes(_) => false,
            Answer::One(t) => t.raw().is_empty(),
            Answer::Many(v) => v.is_empty(),
        }
    }

    /// Whether the answer has chosen option `id` (or, for a text, equals it).
    pub fn has(&self, id: &str) -> bool {
        match self {
            Answer::Yes(b) => (id == "yes") == *b,
            Answer::One(t) => t.raw() == id,
            Answer::Many(v) => v.iter().any(|x| x == id),
        }
    }

    /// The option ids an answer counts under in statistics: each chosen option, `yes`/`no`.
    pub fn counted(&self) -> Vec<String> {
        match self {
            Answer::Yes(b) => vec![if *b { "yes" } else { "no" }.to_owned()],
            Answer::One(t) if !t.raw().is_empty() => vec![t.raw().to_owned()],
            Answer::One(_) => vec![],
            Answer::Many(v) => v.clone(),
        }
    }
}

/// Every answer of a tip, by question id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, Answer>);

impl Answers {
    /// Sets an answer (an empty one removes it).
    pub fn set(&mut self, id: &str, a: Answer) {
        if a.is_empty() {
            self.0.remove(id);
        } else {
            self.0.insert(id.to_owned(), a);
        }
    }

    /// The answer to a question.
    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.0.get(id)
    }

    /// A text answer (empty when none).
    pub fn text(&self, id: &str) -> Untrusted {
        match self.0.get(id) {
            Some(Answer::One(t)) => t.clone(),
            _ => Untrusted::default(),
        }
    }

    /// The chosen options of a question (empty when none).
    pub fn options(&self, id: &str) -> Vec<String> {
        match self.0.get(id) {
            Some(Answer::Many(v)) => v.clone(),
            Some(Answer::One(t)) if !t.raw().is_empty() => vec![t.raw().to_owned()],
            _ => vec![],
        }
    }

    /// A yes/no answer (`false` when none).
    pub fn yes(&self, id: &str) -> bool {
        matches!(self.0.get(id), Some(Answer::Yes(true)))
    }

    /// Every answer, by id.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Answer)> {
        self.0.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reads the answers of a version 1 document, whose only difference is the key of the
    /// multiple choice of incidents (`incidents`, now the question id `incident`) and a
    /// `contact_ok` that was always present.
    pub fn from_v1(mut self) -> Self {
        if let Some(a) = self.0.remove("incidents") {
            self.set("incident", a);
        }
        if matches!(self.0.get("contact_ok"), Some(Answer::Yes(false))) {
            self.0.remove("contact_ok");
        }
        self
    }

    /// Keeps only answers that fit the questions recorded with them: a known id, the shape
    /// of its kind, options among its options (each once), a text within the recorded length
    /// (`max_chars` when none is recorded, and never more than [`MAX_ANSWER_CHARS`]). What
    /// does not fit is dropped and named, so that a forged document cannot smuggle a value past
    /// the vault's checks.
    pub fn checked(self, records: &[QuestionRecord], max_chars: usize) -> (Answers, Vec<String>) {
        let mut out = Answers::default();
        let mut dropped = Vec::new();
        for (id, a) in self.0 {
            let Some(q) = records.iter().find(|q| q.id == id) else {
                dropped.push(id);
                continue;
            };
            let option = |o: &str| q.options.iter().any(|(x, _)| x == o);
            let fits = match (&a, q.kind) {
                (Answer::Yes(_), Kind::YesNo) => true,
                (Answer::One(t), Kind::Text | Kind::LongText) => {
                    t.raw().chars().count() <= q.max_chars.unwrap_or(max_chars).min(MAX_ANSWER_CHARS)
                }
                (Answer::One(t), Kind::Country) => crate::model::countries::is_country(t.raw()),
                (Answer::One(t), Kind::Choice) => option(t.raw()),
                (Answer::Many(v), Kind::Choices) => {
                    let once = v.iter().collect::<std::collections::BTreeSet<_>>().len() == v.len();
                    once && v.iter().all(|o| option(o))
                }
                _ => false,
            };
            if fits { out.set(&id, a) } else { dropped.push(id) }
        }
        (out, dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_answers_read_as_answers() {
        let v1 = r#"{"country":"IT","city":"Prato","incidents":["police_station"],"contact_ok":true}"#;
        let a: Answers = serde_json::from_str::<Answers>(v1).unwrap().from_v1();
        assert_eq!(a.text("country").raw(), "IT");
        assert_eq!(a.options("incident"), ["police_station"]);
        assert!(a.yes("contact_ok"));
        let back: Answers = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn checked_keeps_what_fits_the_recorded_questions() {
        let recs = super::super::questions::version_1_records(|_| String::new());
        let forged = r#"{"country":"XX","city":"ok","when":"WWWWW","role":"spy","incident":["police_station","alien"],"extra":"x","contact_ok":"yes"}"#;
        let (a, dropped) = serde_json::from_str::<Answers>(forged).unwrap().checked(&recs, 4);
        assert_eq!(a.text("city").raw(), "ok");
        for d in ["country", "when", "role", "incident", "extra", "contact_ok"] {
            assert!(dropped.iter().any(|x| x == d), "{d} dropped: {dropped:?}");
        }
        let twice = r#"{"incident":["other","other"]}"#;
        assert_eq!(serde_json::from_str::<Answers>(twice).unwrap().checked(&recs, 200).1, ["incident"]);
    }
}

//! The questionnaire: the questions a tip line asks besides the message and the files. It is
//! data, not code: the default one is today's form, an organisation writes its own in
//! `[[questions]]` (README, "Questionnaire"), and every tip carries the questions it answers
//! (as [`QuestionRecord`]s), so that the vault shows it correctly after the form changed.
//!
//! A question's `id` is a contract: the multipart field name, the document key, the CSV column
//! (with `_<option>` for a multiple choice). The ids of the default questionnaire (`country`,
//! `city`, `when`, `role`, `incident`, `contact_ok`) and their option ids are today's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Field names of the forms that are not questions: a question may not take one.
pub const RESERVED: &[&str] = &["csrf", "message", "attachment", "website", "words", "codename"];

/// Most questions in a questionnaire, and options in one question.
pub const MAX_QUESTIONS: usize = 40;
/// Most options of one choice question.
pub const MAX_OPTIONS: usize = 40;
/// Default longest answer of a `long_text` question, in characters.
pub const LONG_TEXT_CHARS: usize = 5000;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// One option, or none.
    Choice,
    /// Any number of options.
    Choices,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// Yes (a ticked box) or no.
    YesNo,
}

impl Kind {
    /// The name in the config and in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::LongText => "long_text",
            Kind::Choice => "choice",
            Kind::Choices => "choices",
            Kind::Country => "country",
            Kind::YesNo => "yes_no",
        }
    }

    /// Whether the question has options.
    pub fn has_options(self) -> bool {
        matches!(self, Kind::Choice | Kind::Choices)
    }
}

/// Text shown to people, in several languages: either texts given per language tag (from the
/// config), or the key of a built-in translation (the default questionnaire's words, translated
/// in `src/i18n/<lang>/questions.ftl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    /// Texts per language tag; English is the fallback.
    Given(BTreeMap<String, String>),
    /// A message key of the built-in translations.
    Key(String),
}

impl Text {
    /// The text for a language tag, falling back to English, then to any language; `lookup`
    /// resolves a built-in key in a language.
    pub fn get(&self, tag: &str, lookup: impl Fn(&str, &str) -> String) -> String {
        match self {
            Text::Key(k) => lookup(tag, k),
            Text::Given(m) => {
                m.get(tag).or_else(|| m.get("en")).or_else(|| m.values().next()).cloned().unwrap_or_default()
            }
        }
    }

    /// The languages a given text has (a built-in key has them all).
    pub fn languages(&self) -> Option<BTreeSet<&str>> {
        match self {
            Text::Key(_) => None,
            Text::Given(m) => Some(m.keys().map(String::as_str).collect()),
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The submitted value, the document value, the CSV column suffix.
    pub id: String,
    /// What the source reads.
    pub label: Text,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// `[a-z][a-z0-9_]{0,31}`.
    pub id: String,
    /// The kind of answer.
    pub kind: Kind,
    /// The form is refused without an answer.
    #[serde(default)]
    pub required: bool,
    /// The question.
    pub label: Text,
    /// A hint under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// The options (choice and choices only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// Longest answer in characters (text kinds; default `[limits] max_field_chars` for
    /// `text`, [`LONG_TEXT_CHARS`] for `long_text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<usize>,
}

impl Question {
    /// Longest answer of a text question; `text_default` is the instance's
    /// `[limits] max_field_chars`.
    pub fn max_chars(&self, text_default: usize) -> usize {
        self.max_chars.unwrap_or(if self.kind == Kind::LongText { LONG_TEXT_CHARS } else { text_default })
    }

    /// Whether `id` is one of the options.
    pub fn has_option(&self, id: &str) -> bool {
        self.options.iter().any(|o| o.id == id)
    }
}

/// Whether `id` has the shape of a question or option id: `[a-z][a-z0-9_]{0,31}`.
pub fn is_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

/// A checked list of questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Questionnaire {
    questions: Vec<Question>,
}

/// Why a questionnaire is refused (each names the question).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[[questions]] {0}")]
pub struct QuestionnaireError(pub String);

impl Questionnaire {
    /// Checks `questions`: ids well-formed, unique and not a form's own field; options only
    /// for choice kinds, at least one each, unique; text lengths sane; bounded counts.
    pub fn new(questions: Vec<Question>) -> Result<Self, QuestionnaireError> {
        let bad = |s: String| Err(QuestionnaireError(s));
        if questions.len() > MAX_QUESTIONS {
            return bad(format!("has {} questions; at most {MAX_QUESTIONS}", questions.len()));
        }
        let mut seen = BTreeSet::new();
        for q in &questions {
            let id = &q.id;
            if !is_id(id) {
                return bad(format!("id {id:?}: use [a-z][a-z0-9_]{{0,31}}"));
            }
            if RESERVED.contains(&id.as_str()) {
                return bad(format!("id {id:?} is a field of the form itself; choose another"));
            }
            if !seen.insert(id.as_str()) {
                return bad(format!("id {id:?} appears twice"));
            }
            check_options(q)?;
            if q.max_chars.is_some_and(|m| m == 0 || m > 100_000) {
                return bad(format!("{id}: max_chars is from 1 to 100000"));
            }
        }
        Ok(Questionnaire { questions })
    }

    /// The questions, in form order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// What a document records of the questions it answers; `text_chars` is the instance's
    /// `[limits] max_field_chars` (the default length of a text answer).
    pub fn records(&self, english: impl Fn(&Text) -> String, text_chars: usize) -> Vec<QuestionRecord> {
        self.questions
            .iter()
            .map(|q| QuestionRecord {
                id: q.id.clone(),
                kind: q.kind,
                label: english(&q.label),
                options: q.options.iter().map(|o| (o.id.clone(), english(&o.label))).collect(),
                max_chars: matches!(q.kind, Kind::Text | Kind::LongText).then(|| q.max_chars(text_chars)),
            })
            .collect()
    }
}

fn check_options(q: &Question) -> Result<(), QuestionnaireError> {
    let id = &q.id;
    let bad = |s: String| Err(QuestionnaireError(s));
    if !q.kind.has_options() {
        if !q.options.is_empty() {
            return bad(format!("{id}: only choice and choices questions have options"));
        }
        return Ok(());
    }
    if q.options.is_empty() || q.options.len() > MAX_OPTIONS {
        return bad(format!("{id}: a {} question has 1 to {MAX_OPTIONS} options", q.kind.as_str()));
    }
    let mut seen = BTreeSet::new();
    for o in &q.options {
        if !is_id(&o.id) {
            return bad(format!("{id}: option id {:?}: use [a-z][a-z0-9_]{{0,31}}", o.id));
        }
        if !seen.insert(o.id.as_str()) {
            return bad(format!("{id}: option {:?} appears twice", o.id));
        }
    }
    Ok(())
}

/// A question as a document records it: enough for the vault to show, filter and count its
/// answers whatever the form asks today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRecord {
    /// The question id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its English label (the vault's labels; a source's language is in the document).
    pub label: String,
    /// Option ids with their English labels.
    #[serde(default)]
    pub options: Vec<(String, String)>,
    /// Longest answer the form accepted (text kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<usize>,
}

fn key(k: &str) -> Text {
    Text::Key(k.to_owned())
}

fn options(prefix: &str, ids: &[&str]) -> Vec<Choice> {
    ids.iter().map(|id| Choice { id: (*id).to_owned(), label: key(&format!("{prefix}-{id}")) }).collect()
}

fn question(id: &str, kind: Kind, label: &str) -> Question {
    Question {
        id: id.into(),
        kind,
        required: false,
        label: key(label),
        help: None,
        options: vec![],
        max_chars: None,
    }
}

/// The default questionnaire: today's questions with today's ids and option ids (a contract),
/// then what a tip line on transnational repression documents besides (how and by whom the
/// source was contacted, the "station", what was done to family in China, a lure abroad). Its
/// words are translated in every language of the interface.
pub fn default_questions() -> Vec<Question> {
    use super::vocab::{INCIDENTS, ROLES};
    let mut when = question("when", Kind::Text, "field-when");
    when.help = Some(key("field-when-hint"));
    let mut contacted_by = question("contacted_by", Kind::Text, "q-contacted_by");
    contacted_by.help = Some(key("q-contacted_by-help"));
    let mut station = question("station_address", Kind::Text, "q-station_address");
    station.help = Some(key("q-station_address-help"));
    vec![
        question("country", Kind::Country, "field-country"),
        question("city", Kind::Text, "field-city"),
        when,
        Question { options: options("role", ROLES), ..question("role", Kind::Choice, "field-role") },
        Question {
            options: options("incident", INCIDENTS),
            ..question("incident", Kind::Choices, "field-incident")
        },
        Question {
            options: options(
                "opt-contact_channel",
                &["wechat", "phone", "in_person", "relatives", "community", "social_media", "other"],
            ),
            ..question("contact_channel", Kind::Choices, "q-contact_channel")
        },
        contacted_by,
        station,
        Question {
            options: options(
                "opt-family_measures",
                &["questioned", "detained", "job", "pension", "school", "travel", "other"],
            ),
            ..question("family_measures", Kind::Choices, "q-family_measures")
        },
        question("third_country", Kind::YesNo, "q-third_country"),
        question("contact_ok", Kind::YesNo, "field-contact-ok"),
    ]
}

/// The questions documents of format version 1 answered (before questionnaires): how the vault
/// reads a tip stored then.
pub fn version_1_records(english: impl Fn(&Text) -> String) -> Vec<QuestionRecord> {
    let old = ["country", "city", "when", "role", "incident", "contact_ok"];
    let all = default_questions().into_iter().filter(|q| old.contains(&q.id.as_str())).collect();
    // Version 1 recorded no lengths: the vault's own bound applies.
    let mut records = Questionnaire { questions: all }.records(english, 0);
    for r in &mut records {
        r.max_chars = None;
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_q(s: &str) -> Result<Questionnaire, String> {
        #[derive(Deserialize)]
        struct W {
            questions: Vec<Question>,
        }
        let w: W = toml::from_str(s).map_err(|e| e.to_string())?;
        Questionnaire::new(w.questions).map_err(|e| e.to_string())
    }

    #[test]
    fn the_default_is_valid_and_keeps_todays_ids() {
        let q = Questionnaire::new(default_questions()).unwrap();
        let ids: Vec<&str> = q.questions().iter().map(|q| q.id.as_str()).collect();
        for id in ["country", "city", "when", "role", "incident", "contact_ok"] {
            assert!(ids.contains(&id), "{id}");
        }
        assert!(q.get("incident").unwrap().has_option("police_station"));
        assert!(q.get("role").unwrap().has_option("family"));
        assert_eq!(version_1_records(|_| String::new()).len(), 6);
    }

    #[test]
    fn config_questions_parse_and_bad_ones_are_named() {
        let q = toml_q(
            r#"
            [[questions]]
            id = "station_address"
            kind = "text"
            label = { en = "Address", "zh-Hans" = "地址" }
            help = { en = "Street and city" }
            [[questions]]
            id = "channel"
            kind = "choices"
            required = true
            label = { en = "How?" }
            options = [{ id = "wechat", label = { en = "WeChat", "zh-Hans" = "微信" } }]
            "#,
        )
        .unwrap();
        let c = q.get("channel").unwrap();
        assert!(c.required && c.has_option("wechat"));
        assert_eq!(c.label.get("ug", |_, _| String::new()), "How?", "falls back to English");
        let both = "[[questions]]\nid = \"a\"\nkind = \"text\"\nlabel = { en = \"A\" }\n";
        assert!(toml_q(&format!("{both}{both}")).unwrap_err().contains("twice"));
        for (bad, says) in [
            ("id = \"csrf\"\nkind = \"text\"", "field of the form"),
            ("id = \"Bad\"\nkind = \"text\"", "[a-z]"),
            ("id = \"x\"\nkind = \"choice\"", "1 to"),
            (
                "id = \"x\"\nkind = \"text\"\noptions = [{ id = \"a\", label = { en = \"A\" } }]",
                "only choice",
            ),
            ("id = \"x\"\nkind = \"color\"", "unknown variant"),
        ] {
            let e = toml_q(&format!("[[questions]]\n{bad}\nlabel = {{ en = \"L\" }}\n")).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}

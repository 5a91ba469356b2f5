//! `tipbox check` on the questionnaire. The config loader has already refused what cannot work
//! (ids, kinds, options, clashes with the form's own fields); what is left is what works badly:
//! a question whose words a language lacks (its pages then ask in English), and a built-in key
//! that no translation has.

use std::collections::BTreeSet;

use super::Report;
use crate::locale::{LANGS, Tr};
use crate::model::questions::{Question, Text};

/// The languages a text lacks, among the interface's; an unknown built-in key is an error.
fn missing(r: &mut Report, q: &Question, what: &str, t: &Text) -> BTreeSet<&'static str> {
    match t {
        Text::Key(k) => {
            if Tr::default().try_t(k).is_none() {
                r.error(
                    format!(
                        "[[questions]] {}: its {what} names the translation {k:?}, which does not exist",
                        q.id
                    ),
                    "write the text itself: label = { en = \"…\", \"zh-Hans\" = \"…\" }",
                );
            }
            BTreeSet::new()
        }
        Text::Given(m) => LANGS.iter().map(|l| l.tag).filter(|tag| !m.contains_key(*tag)).collect(),
    }
}

/// Checks every question of the config.
pub fn check(r: &mut Report, questions: &[Question]) {
    for q in questions {
        let mut lacking = missing(r, q, "label", &q.label);
        if let Some(h) = &q.help {
            lacking.extend(missing(r, q, "help", h));
        }
        for o in &q.options {
            lacking.extend(missing(r, q, &format!("option {}", o.id), &o.label));
        }
        if lacking.contains("en") {
            r.error(
                format!(
                    "[[questions]] {}: a text has no English (en), the language every other falls back to",
                    q.id
                ),
                "add an en = \"…\" to every label, help and option label of the question",
            );
        } else if !lacking.is_empty() {
            // In the order the pages list the languages.
            let langs: Vec<&str> = LANGS.iter().map(|l| l.tag).filter(|t| lacking.contains(t)).collect();
            r.warn(
                format!("[[questions]] {}: no {} text, so those pages ask it in English", q.id, langs.join(", ")),
                "add the translations to its label, help and options (label = { en = \"…\", \"zh-Hans\" = \"…\" })",
            );
        }
    }
}

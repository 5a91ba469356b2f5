//! The counts an NGO report needs: cases per country, per kind of pressure, per month and per
//! status. `report` prints them and `charts` draws them.

use std::collections::BTreeMap;

use super::Vault;
use super::state::Status;

/// Counts for reports.
#[derive(Debug, Default, serde::Serialize)]
pub struct Stats {
    /// Cases.
    pub cases: usize,
    /// Cases per country code (`-` when not given).
    pub by_country: BTreeMap<String, usize>,
    /// Cases per incident type.
    pub by_incident: BTreeMap<String, usize>,
    /// Cases per month received (`YYYY-MM`).
    pub by_month: BTreeMap<String, usize>,
    /// Cases per status.
    pub by_status: BTreeMap<String, usize>,
    /// Cases per answer of each question asked for (`stats --question ID`), by option label.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_question: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Cases per answer of a choice, yes/no or country question: each chosen option counts once
/// per case, by its English label (`-` for cases that did not answer).
pub fn count_question(v: &Vault, q: &crate::model::questions::QuestionRecord) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for c in v.state.cases.values() {
        let chosen = c.summary.answers.get(&q.id).map(|a| a.counted()).unwrap_or_default();
        if chosen.is_empty() {
            *m.entry("-".to_owned()).or_default() += 1;
        }
        for o in chosen {
            let label = q.options.iter().find(|(id, _)| *id == o).map_or(o.clone(), |(_, l)| l.clone());
            *m.entry(label).or_default() += 1;
        }
    }
    m
}

/// Computes the counts.
pub fn stats(v: &Vault) -> Stats {
    let mut s = Stats::default();
    for st in Status::ALL {
        s.by_status.insert(st.to_string(), 0);
    }
    for c in v.state.cases.values() {
        s.cases += 1;
        let country = c.summary.country();
        let country = if country.is_empty() { "-".to_owned() } else { country };
        *s.by_country.entry(country).or_default() += 1;
        for i in &c.summary.incidents() {
            *s.by_incident.entry(i.clone()).or_default() += 1;
        }
        *s.by_month.entry(c.received.month()).or_default() += 1;
        *s.by_status.entry(c.status.to_string()).or_default() += 1;
    }
    s
}

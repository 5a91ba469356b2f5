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
}

/// Computes the counts.
pub fn stats(v: &Vault) -> Stats {
    let mut s = Stats::default();
    for st in Status::ALL {
        s.by_status.insert(st.to_string(), 0);
    }
    for c in v.state.cases.values() {
        s.cases += 1;
        let country = if c.summary.country.is_empty() { "-".to_owned() } else { c.summary.country.clone() };
        *s.by_country.entry(country).or_default() += 1;
        for i in &c.summary.incidents {
            *s.by_incident.entry(i.clone()).or_default() += 1;
        }
        *s.by_month.entry(c.received.month()).or_default() += 1;
        *s.by_status.entry(c.status.to_string()).or_default() += 1;
    }
    s
}

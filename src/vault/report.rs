//! `vault export-csv` and `vault stats`: the case table and the counts an NGO report needs
//! (cases per country, per kind of pressure, per month, per status), as text, CSV and SVG.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub use super::stats::{Stats, stats};
use super::{Vault, VaultError};
use crate::model::vocab::INCIDENTS;
use crate::server::i18n::Tr;
use crate::text::Untrusted;
#[cfg(test)]
use crate::text::csv_cell;

/// A cell from a checked vocabulary or from this program: escaped and defused all the same, so
/// that no path into the spreadsheet skips the rendering.
fn cell(s: &str) -> String {
    Untrusted::new(s.to_owned()).csv()
}

/// Writes the case table: one row per case. With `with_text`, a last `text` column holds every
/// source message of the case, decrypted in memory and defused like every other cell.
pub fn export_csv<W: Write>(v: &Vault, out: W, with_text: bool) -> Result<usize, VaultError> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["case", "received", "country", "city", "when", "role"];
    let incident_cols: Vec<String> = INCIDENTS.iter().map(|i| format!("incident_{i}")).collect();
    header.extend(incident_cols.iter().map(String::as_str));
    header.extend(["status", "tags", "assignee", "attachments", "followups", "replies", "linked"]);
    if with_text {
        header.push("text");
    }
    let io = |e: csv::Error| VaultError::Io(std::io::Error::other(e.to_string()));
    w.write_record(&header).map_err(io)?;
    let mut n = 0;
    for c in v.state.cases.values() {
        let (followups, replies, attachments) = v.state.counts(c);
        let mut row = vec![
            c.number.to_string(),
            c.received.to_string(),
            cell(&c.summary.country),
            c.summary.city.csv(),
            c.summary.when.csv(),
            cell(&c.summary.role),
        ];
        for i in INCIDENTS {
            row.push(if c.summary.incidents.iter().any(|x| x == i) { "1".into() } else { "0".into() });
        }
        row.push(c.status.to_string());
        row.push(cell(&c.tags.iter().cloned().collect::<Vec<_>>().join(";")));
        row.push(c.assignee.as_ref().map(Untrusted::csv).unwrap_or_default());
        row.push(attachments.to_string());
        row.push(followups.to_string());
        row.push(replies.to_string());
        row.push(c.links.iter().map(|l| l.case.to_string()).collect::<Vec<_>>().join(";"));
        if with_text {
            row.push(super::messages::full_text(&super::messages::source_messages(v, c)?).csv());
        }
        w.write_record(&row).map_err(io)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

fn table(title: &str, m: &BTreeMap<String, usize>) -> String {
    let width = m.keys().map(|k| k.chars().count()).max().unwrap_or(0).max(title.len());
    let mut s = format!("{title:<width$}  count\n");
    for (k, v) in m {
        s.push_str(&format!("{:<width$}  {v:>5}\n", Untrusted::new(k.clone()).line()));
    }
    s
}

/// The counts as text tables.
pub fn stats_text(s: &Stats) -> String {
    format!(
        "cases: {}\n\n{}\n{}\n{}\n{}",
        s.cases,
        table("country", &s.by_country),
        table("incident", &s.by_incident),
        table("month", &s.by_month),
        table("status", &s.by_status)
    )
}

/// Draws the four charts in the language of `tr` and writes them to `path` as the CSV is
/// written: mode 0600, never over an existing file (the error names it), so a mistyped path
/// never replaces evidence or another report.
pub fn stats_svg(s: &Stats, tr: Tr, path: &Path) -> Result<(), VaultError> {
    let svg = super::charts::svg(s, tr).map_err(|e| VaultError::Io(std::io::Error::other(e)))?;
    crate::files::write_new(path, svg.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("Rotterdam"), "Rotterdam");
        assert_eq!(csv_cell("@SUM(1)"), "'@SUM(1)");
    }
}

//! `vault export-csv` and `vault stats`: the case table and the counts an NGO report needs
//! (cases per country, per kind of pressure, per month, per status), as text, CSV and SVG.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub use super::stats::{Stats, stats};
use super::{Vault, VaultError};
use crate::locale::Tr;
use crate::model::answers::{Answer, Answers};
use crate::model::questions::{Kind, QuestionRecord};
use crate::text::Untrusted;
#[cfg(test)]
use crate::text::csv_cell;

/// A cell from a checked vocabulary or from this program: escaped and defused all the same, so
/// that no path into the spreadsheet skips the rendering.
fn cell(s: &str) -> String {
    Untrusted::new(s.to_owned()).csv()
}

/// The questions of every case, each once, in the order first met (cases by number): the
/// answer columns of the CSV. A case from an older questionnaire leaves the new columns empty.
pub fn all_questions(v: &Vault) -> Vec<QuestionRecord> {
    let mut out: Vec<QuestionRecord> = Vec::new();
    for c in v.state.cases.values() {
        for q in &c.summary.questions {
            match out.iter_mut().find(|o| o.id == q.id) {
                None => out.push(q.clone()),
                Some(o) => {
                    for opt in &q.options {
                        if !o.options.iter().any(|(x, _)| *x == opt.0) {
                            o.options.push(opt.clone());
                        }
                    }
                }
            }
        }
    }
    out
}

/// The CSV columns of one question: its id, or `id_option` per option of a multiple choice.
fn columns(q: &QuestionRecord) -> Vec<String> {
    match q.kind {
        Kind::Choices => q.options.iter().map(|(o, _)| format!("{}_{o}", q.id)).collect(),
        _ => vec![q.id.clone()],
    }
}

/// The cells of one question for one case.
fn answer_cells(q: &QuestionRecord, a: &Answers) -> Vec<String> {
    match (q.kind, a.get(&q.id)) {
        (Kind::Choices, _) => {
            let chosen = a.options(&q.id);
            q.options.iter().map(|(o, _)| if chosen.contains(o) { "1".into() } else { "0".into() }).collect()
        }
        (_, Some(Answer::Yes(b))) => vec![if *b { "yes" } else { "no" }.into()],
        (_, Some(Answer::One(t))) => vec![t.csv()],
        (_, Some(Answer::Many(m))) => vec![cell(&m.join(";"))],
        (_, None) => vec![String::new()],
    }
}

/// Writes the case table: one row per case, one column per question id (a multiple choice: one
/// column per option, as `incident_police_station`). With `with_text`, a last `text` column
/// holds every source message of the case, decrypted in memory and defused like every other
/// cell.
pub fn export_csv<W: Write>(v: &Vault, out: W, with_text: bool) -> Result<usize, VaultError> {
    let mut w = csv::Writer::from_writer(out);
    let questions = all_questions(v);
    let mut header: Vec<String> = vec!["case".into(), "case_id".into(), "received".into(), "language".into()];
    header.extend(questions.iter().flat_map(columns));
    header.extend(
        ["status", "tags", "assignee", "attachments", "followups", "replies", "linked"].map(String::from),
    );
    if with_text {
        header.push("text".into());
    }
    let io = |e: csv::Error| VaultError::Io(std::io::Error::other(e.to_string()));
    w.write_record(&header).map_err(io)?;
    let mut n = 0;
    for c in v.state.cases.values() {
        let (followups, replies, attachments) = v.state.counts(c);
        let mut row =
            vec![c.number.to_string(), c.id().to_string(), c.received.to_string(), cell(&c.summary.language)];
        for q in &questions {
            row.extend(answer_cells(q, &c.summary.answers));
        }
        row.push(c.status.to_string());
        row.push(cell(&c.tags.iter().cloned().collect::<Vec<_>>().join(";")));
        row.push(c.assignee.as_ref().map(Untrusted::csv).unwrap_or_default());
        row.push(attachments.to_string());
        row.push(followups.to_string());
        row.push(replies.to_string());
        // Linked cases by id, which the team shares (numbers are each vault's own).
        let linked = c.links.iter().filter_map(|l| v.state.cases.get(&l.case)).map(|o| o.id().to_string());
        row.push(linked.collect::<Vec<_>>().join(";"));
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
    let mut out = format!(
        "cases: {}\n\n{}\n{}\n{}\n{}",
        s.cases,
        table("country", &s.by_country),
        table("incident", &s.by_incident),
        table("month", &s.by_month),
        table("status", &s.by_status)
    );
    for (q, m) in &s.by_question {
        out.push('\n');
        out.push_str(&table(q, m));
    }
    out
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

//! The desk's other pages: import a bundle, export the CSV, statistics with their charts, the
//! language, and Lock.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::access::Authed;
use super::form::Posted;
use super::pages::{Answer, CountTable, DonePage, ImportPage, Layout, StatsPage, ok};
use super::{DeskError, LANGS};
use crate::locale::Tr;
use crate::text::Untrusted;
use crate::vault::{ack, chart_labels, charts, import, report};

/// The stylesheet (compiled in).
const CSS: &str = include_str!("static/desk.css");

/// `GET /static/desk.css` (no session needed: the 403 page uses it too).
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok().content_type("text/css; charset=utf-8").body(CSS)
}

fn shown_path(p: &std::path::Path) -> String {
    Untrusted::new(p.display().to_string()).line()
}

/// `GET /import`: the import and export forms.
pub async fn import_page(Authed(desk): Authed) -> HttpResponse {
    ok(&ImportPage { l: desk.layout("desk-title-import") })
}

fn import_lines(o: &import::ImportOutcome, tr: Tr, ack_path: Option<&std::path::Path>) -> Vec<String> {
    let n = |x: usize| tr.number(x);
    let mut lines = vec![tr.ta(
        "desk-imported",
        &[("items", n(o.new_items)), ("cases", n(o.new_cases)), ("known", n(o.known_items))],
    )];
    if o.unreadable > 0 {
        lines.push(tr.t1("desk-import-unreadable", "count", n(o.unreadable)));
    }
    for r in &o.roster.not_in_roster {
        lines.push(tr.t1("desk-import-stranger", "recipient", Untrusted::new(r.clone()).line()));
    }
    if o.new_batches + o.known_batches > 0 {
        lines.push(tr.ta("desk-import-merged", &[("changes", n(o.new_ops)), ("batches", n(o.new_batches))]));
    }
    for r in o.refused_batches.iter().chain(&o.refused_replies) {
        lines.push(tr.t1("desk-import-refused", "why", Untrusted::new(r.clone()).line()));
    }
    if let Some(p) = ack_path {
        lines.push(tr.t1("desk-import-ack", "path", shown_path(p)));
    }
    lines
}

/// `POST /import`: `vault import` of the bundle at the path given, writing its
/// acknowledgement list beside it.
pub async fn import(f: Posted) -> Result<HttpResponse, DeskError> {
    let desk = f.desk.clone();
    let tr = desk.tr();
    let l = desk.layout("desk-title-import");
    let bundle = f.path("bundle")?;
    desk.with_vault(move |v| {
        let o = import::import(v, &bundle)?;
        let ack_path = match &o.ack {
            Some(a) => {
                let p = ack::default_path(&bundle);
                ack::write(a, &p)?;
                Some(p)
            }
            None => None,
        };
        Answer::page(&DonePage { l, lines: import_lines(&o, tr, ack_path.as_deref()), back: "/".into() })
    })
    .await
    .map(Answer::respond)
}

/// `POST /export`: the case table as CSV, into a new file (0600, never over another).
pub async fn export(f: Posted) -> Result<HttpResponse, DeskError> {
    let desk = f.desk.clone();
    let tr = desk.tr();
    let l = desk.layout("desk-title-import");
    let out = f.path("out")?;
    let with_text = f.has("with_text");
    desk.with_vault(move |v| {
        let file = crate::files::create_new(&out)?;
        let mut w = std::io::BufWriter::new(file);
        let n = report::export_csv(v, &mut w, with_text)?;
        std::io::Write::flush(&mut w).map_err(|e| crate::files::named(&out, e))?;
        let line = tr.ta("desk-exported", &[("count", tr.number(n)), ("path", shown_path(&out))]);
        Answer::page(&DonePage { l, lines: vec![line], back: "/import".into() })
    })
    .await
    .map(Answer::respond)
}

/// `GET /stats`: the counts as tables, and the charts as an image the desk serves.
pub async fn stats(Authed(desk): Authed) -> Result<HttpResponse, DeskError> {
    let tr = desk.tr();
    let l = desk.layout("desk-title-stats");
    desk.with_vault(move |v| {
        let s = report::stats(v);
        let mut tables: Vec<CountTable> = chart_labels::entries(&s, tr)
            .into_iter()
            .map(|(key, rows)| CountTable {
                title: tr.t(key),
                rows: rows.into_iter().map(|(label, n)| (label, tr.number(n))).collect(),
            })
            .collect();
        tables.extend(question_tables(v, tr));
        Answer::page(&StatsPage { l, tables, total: tr.t1("desk-stats-total", "count", tr.number(s.cases)) })
    })
    .await
    .map(Answer::respond)
}

/// One table per choice and yes/no question besides the country and kind of pressure (which
/// have theirs above), as `vault stats --question` counts them: by option, in the desk
/// language where the form had the same words.
fn question_tables(v: &crate::vault::Vault, tr: Tr) -> Vec<CountTable> {
    use crate::model::questions::Kind;
    let questions = super::case::localised(tr, &report::all_questions(v));
    questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Choice | Kind::Choices | Kind::YesNo))
        .filter(|q| q.id != "incident")
        .map(|q| {
            let counts = crate::vault::stats::count_question(v, q);
            let word = |k: &str| match (q.kind, k) {
                (_, "-") => tr.t("desk-not-answered"),
                (Kind::YesNo, "yes") => tr.t("desk-yes"),
                (Kind::YesNo, "no") => tr.t("desk-no"),
                _ => Untrusted::new(k).line(),
            };
            CountTable {
                title: Untrusted::new(crate::text::label_stem(&q.label)).line(),
                rows: counts.iter().map(|(k, n)| (word(k), tr.number(*n))).collect(),
            }
        })
        .collect()
}

/// `GET /stats.svg`: the charts in the desk language. An image: the browser runs no script
/// in it, and the policy allows only the desk's own.
pub async fn stats_svg(Authed(desk): Authed) -> Result<HttpResponse, DeskError> {
    let tr = desk.tr();
    desk.with_vault(move |v| {
        let svg = charts::svg(&report::stats(v), tr).map_err(|_| DeskError::Internal("chart"))?;
        Ok(Answer::Svg(svg))
    })
    .await
    .map(Answer::respond)
}

/// `POST /lang/{tag}`: the desk language (one keyholder, so one language for the desk).
pub async fn set_lang(f: Posted, tag: web::Path<String>) -> Result<HttpResponse, DeskError> {
    let tr =
        LANGS.iter().find(|l| **l == tag.as_str()).and_then(|l| Tr::for_tag(l)).ok_or(DeskError::NotFound)?;
    f.desk.set_tr(tr);
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/")).finish())
}

/// `POST /lock`: ends the desk now.
pub async fn lock(f: Posted) -> HttpResponse {
    let l = Layout::new(f.desk.tr(), "desk-title-locked", None);
    f.desk.lock_now();
    ok(&DonePage { lines: vec![l.tr.t("desk-locked")], back: "/".into(), l })
}

//! The words of `vault stats --svg`, through the server's Fluent messages: incident kinds and
//! country names as the source saw them on the form, titles and statuses from `charts.ftl`.
//!
//! A report shows human words, never vocabulary ids. Whatever came from a bundle and has no
//! message (an unknown country code, a kind or status the vocabulary lacks) is shown as
//! itself, rendered by [`Untrusted::line`] so that no control or direction character reaches
//! the file; plotters then escapes it for XML (`<`, `&`, quotes). How wide a label will be is
//! the viewer's fonts' business, so [`fit`] estimates it generously and cuts with `…`.

use std::collections::BTreeMap;

use super::state::Status;
use super::stats::Stats;
use crate::locale::Tr;
use crate::model::vocab::INCIDENTS;
use crate::text::Untrusted;

/// Languages with chart words (`--lang`). Other languages have the form's words but not the
/// titles and statuses; offering them would mix two languages in one chart.
pub const LANGS: &[&str] = &["en", "zh-Hans", "zh-Hant"];

/// The chart title keys and their categories, in page order.
pub fn entries(s: &Stats, tr: Tr) -> Vec<(&'static str, Vec<(String, usize)>)> {
    vec![
        ("chart-title-country", by_count(&s.by_country, |c| country(tr, c))),
        ("chart-title-incident", by_count(&s.by_incident, |i| incident(tr, i))),
        ("chart-title-month", s.by_month.iter().map(|(m, n)| (month(tr, m), *n)).collect()),
        ("chart-title-status", statuses(tr, &s.by_status)),
    ]
}

/// Largest first (ties by id), as a report reads.
fn by_count(m: &BTreeMap<String, usize>, name: impl Fn(&str) -> String) -> Vec<(String, usize)> {
    let mut v: Vec<(&String, &usize)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    v.into_iter().map(|(k, n)| (name(k), *n)).collect()
}

/// Statuses in lifecycle order, then any the vocabulary does not know.
fn statuses(tr: Tr, m: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let mut out: Vec<(String, usize)> =
        known.iter().filter_map(|k| m.get(*k).map(|n| (status(tr, k), *n))).collect();
    out.extend(m.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, n)| (status(tr, k), *n)));
    out
}

/// Every label leaves through here: messages are ours, but one path for all means none skips it.
fn shown(s: &str) -> String {
    Untrusted::new(s).line()
}

/// A country's name in the language, or the code itself when there is no message for it.
pub fn country(tr: Tr, code: &str) -> String {
    if code == "-" || code.is_empty() {
        return shown(&tr.t("chart-country-none"));
    }
    let is_code = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase());
    match is_code.then(|| tr.try_t(&format!("country-{code}"))).flatten() {
        Some(name) => shown(&name),
        None => shown(code),
    }
}

/// A kind of pressure as the form words it.
pub fn incident(tr: Tr, id: &str) -> String {
    if INCIDENTS.contains(&id) { shown(&tr.t(&format!("incident-{id}"))) } else { shown(id) }
}

/// A status in words.
pub fn status(tr: Tr, id: &str) -> String {
    if Status::ALL.iter().any(|s| s.as_str() == id) {
        shown(&tr.t(&format!("chart-status-{id}")))
    } else {
        shown(id)
    }
}

/// `YYYY-MM` as the language writes a month (`2026-11`, `2026年11月`).
pub fn month(tr: Tr, m: &str) -> String {
    let parsed = m.split_once('-').filter(|(y, mm)| {
        y.len() == 4 && mm.len() == 2 && y.bytes().chain(mm.bytes()).all(|b| b.is_ascii_digit())
    });
    match parsed
        .and_then(|(y, mm)| mm.parse::<u8>().ok().filter(|n| (1..=12).contains(n)).map(|n| (y, mm, n)))
    {
        Some((y, mm, n)) => {
            let args = [("year", y.to_owned()), ("mm", mm.to_owned()), ("month", n.to_string())];
            shown(&tr.ta("chart-month", &args))
        }
        None => shown(m),
    }
}

/// How wide `c` is estimated to be, in em: East Asian wide characters a full em, Latin by
/// rough classes, anything else generously, so that an estimate errs towards too wide.
fn em(c: char) -> f64 {
    match c {
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}'
        | '“'
        | '”'
        | '‘'
        | '’'
        | '…' => 1.0,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.32,
        ' ' | 'f' | 't' | 'r' | '(' | ')' | '"' | '-' | '/' => 0.45,
        'm' | 'w' | 'M' | 'W' => 1.0,
        'A'..='Z' => 0.76,
        c if c.is_ascii() => 0.64,
        _ => 0.8,
    }
}

/// Estimated width of `s` in px at `px`.
pub fn text_width(s: &str, px: f64) -> i32 {
    (s.chars().map(em).sum::<f64>() * px).ceil() as i32
}

/// `s`, shortened with an ellipsis so that it is estimated to fit in `max` px at `px`.
pub fn fit(s: &str, max: i32, px: f64) -> String {
    if text_width(s, px) <= max {
        return s.to_owned();
    }
    let budget = f64::from(max) / px - em('…');
    let (mut used, mut out) = (0.0, String::new());
    for c in s.chars() {
        used += em(c);
        if used > budget {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(tag: &str) -> BTreeSet<String> {
        let p =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n").join(tag).join("charts.ftl");
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split_once(" = ").unwrap_or_else(|| panic!("{l}")).0.to_owned())
            .collect()
    }

    /// Every offered language has exactly English's chart keys, and each resolves in it.
    #[test]
    fn chart_words_exist_in_every_offered_language() {
        let en = keys("en");
        for tag in LANGS {
            assert_eq!(keys(tag), en, "{tag}/charts.ftl");
            let tr = Tr::for_tag(tag).unwrap();
            for k in en.iter().filter(|k| *k != "chart-month") {
                assert!(tr.try_t(k).is_some(), "{tag}: {k}");
            }
            assert!(month(tr, "2026-11").contains("2026"), "{tag}: chart-month");
        }
        for s in Status::ALL {
            assert!(en.contains(&format!("chart-status-{s}")), "{s}");
        }
    }

    #[test]
    fn words_not_ids() {
        let zh = Tr::for_tag("zh-Hans").unwrap();
        assert_eq!(incident(zh, "family_threats"), "在中国的家人受到威胁");
        assert_eq!(country(zh, "NL"), "荷兰");
        assert_eq!(country(Tr::for_tag("zh-Hant").unwrap(), "NL"), "荷蘭");
        assert_eq!(country(zh, "-"), "未填写");
        assert_eq!(status(zh, "in-review"), "审核中");
        assert_eq!(month(zh, "2026-03"), "2026年3月");
        assert_eq!(month(Tr::default(), "2026-11"), "2026-11");
        assert_eq!(status(Tr::default(), "in-review"), "In review");
    }

    #[test]
    fn outside_text_is_shown_inert() {
        let tr = Tr::default();
        assert_eq!(country(tr, "X\u{202e}Y"), "X\\u{202e}Y");
        assert_eq!(incident(tr, "a\u{1b}[2J"), "a\\u{001b}[2J");
        assert_eq!(month(tr, "2026-13"), "2026-13");
        assert_eq!(month(tr, "x\ny"), "x\\u{000a}y");
        assert_eq!(country(tr, "QQ"), "QQ", "a code without a name is itself");
    }

    #[test]
    fn fitting_cuts_with_an_ellipsis_within_the_bound() {
        assert_eq!(fit("Italy", 100, 13.0), "Italy");
        let zh = fit(&"警察".repeat(40), 130, 13.0);
        assert_eq!(zh, format!("{}…", "警察".repeat(4) + "警"), "a CJK character is a full em");
        assert!(text_width(&zh, 13.0) <= 130);
        let en = fit("Local police or officials cooperating with them", 120, 13.0);
        assert!(en.ends_with('…') && !en.ends_with(" …") && text_width(&en, 13.0) <= 120, "{en}");
        assert!(text_width("WWW", 13.0) > text_width("iii", 13.0));
    }
}

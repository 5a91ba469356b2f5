//! Value parsers for the filters of `tipbox vault list`: every value is understood or refused
//! as a usage error (exit 2, naming the flag and the value, saying what is accepted), because a
//! filter that silently matches nothing, or everything, gives a keyholder a wrong count.

use crate::model::Day;
use crate::model::countries::code_for;
use crate::model::vocab::{INCIDENTS, id_for};
use crate::vault::state::Status;

/// What a date filter accepts, said in every date error.
const DATES: &str = "write the date as YYYY-MM-DD (e.g. 2026-12-01), or a whole month as YYYY-MM (e.g. 2026-12); \
                     other forms such as 01/12/2026 are refused because they are ambiguous";

/// `YYYY-MM` as (year, month), when `s` has exactly that shape and a real month.
fn month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) {
        return None;
    }
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    Day::from_ymd(y, m, 1).ok().map(|_| (y, m))
}

/// `--since`: a day, or a month meaning its first day.
pub fn since(s: &str) -> Result<Day, String> {
    let t = s.trim();
    if let Ok(d) = t.parse() {
        return Ok(d);
    }
    let (y, m) = month(t).ok_or(DATES)?;
    Day::from_ymd(y, m, 1).map_err(|_| DATES.to_owned())
}

/// `--until`: a day, or a month meaning its last day.
pub fn until(s: &str) -> Result<Day, String> {
    let t = s.trim();
    if let Ok(d) = t.parse() {
        return Ok(d);
    }
    let (y, m) = month(t).ok_or(DATES)?;
    // The last day is the first of 31, 30, 29, 28 that exists in that month.
    (28..=31).rev().find_map(|d| Day::from_ymd(y, m, d).ok()).ok_or_else(|| DATES.to_owned())
}

/// `--incident`: an id of the vocabulary, in any case, `-` or space for `_`.
pub fn incident(s: &str) -> Result<String, String> {
    id_for(INCIDENTS, s).map(str::to_owned).ok_or_else(|| {
        format!(
            "not a kind of incident the form asks about; use one of: {} (with - or _)",
            INCIDENTS.iter().map(|i| i.replace('_', "-")).collect::<Vec<_>>().join(", ")
        )
    })
}

/// `--country`: an ISO 3166-1 alpha-2 code or an English country name, in any case.
pub fn country(s: &str) -> Result<String, String> {
    code_for(s).map(str::to_owned).ok_or_else(|| {
        "not a country: use its two-letter ISO 3166 code (e.g. NL, CN, TR) or its English name \
         (e.g. Netherlands, China, Turkey)"
            .to_owned()
    })
}

/// `--tag`: a tag as `vault tag` writes it (a tag of another shape can never match).
pub fn tag(s: &str) -> Result<String, String> {
    crate::vault::triage::normalise_tag(s)
        .map_err(|_| "not a tag: tags have 1 to 48 letters, digits, -, _ or :".to_owned())
}

/// `--status`: a lifecycle status, in any case, `_` or space for `-`.
pub fn status(s: &str) -> Result<Status, String> {
    s.trim().to_lowercase().replace(['_', ' '], "-").parse()
}

/// `vault shell --idle`: an idle time, `15` (minutes), `90s`, `15m`, `1h`; from 1 second to 8 hours.
pub fn idle(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (n, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], &s[i..]),
        None => (s, "m"),
    };
    let n: u64 = n.parse().map_err(|_| format!("{s:?} is not a time: use e.g. 15m, 90s or 1h"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("unknown unit {unit:?}: use s, m or h")),
    };
    if (1..=8 * 3600).contains(&secs) {
        Ok(std::time::Duration::from_secs(secs))
    } else {
        Err("the idle time is from 1 second to 8 hours".into())
    }
}

/// `vault ui --listen`: an IP address and port on this machine's loopback only. The desk shows
/// decrypted tips: an address another machine could reach is refused, and so is a host name,
/// which could resolve anywhere.
pub fn loopback(s: &str) -> Result<std::net::SocketAddr, String> {
    let addr: std::net::SocketAddr = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not an address and port: use e.g. 127.0.0.1:8750 or [::1]:8750"))?;
    if addr.ip().is_loopback() {
        Ok(addr)
    } else {
        Err(format!(
            "{} is not a loopback address: the desk listens on this machine only (127.0.0.1 or [::1])",
            addr.ip()
        ))
    }
}

/// `--answer QUESTION=OPTION`: the shape here; whether the vault's cases have such a question
/// and option is checked once the vault is open.
pub fn answer(s: &str) -> Result<(String, String), String> {
    let (q, o) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: write QUESTION=OPTION, e.g. contact_channel=wechat"))?;
    let (q, o) = (q.trim().to_lowercase(), o.trim().to_lowercase().replace('-', "_"));
    if !crate::model::questions::is_id(&q) || !crate::model::questions::is_id(&o) {
        return Err(format!("{s:?}: a question id and an option id are lower-case letters, digits and _"));
    }
    Ok((q, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_or_refused() {
        assert_eq!(since("2026-12-01").unwrap().to_string(), "2026-12-01");
        assert_eq!(since("2026-12").unwrap().to_string(), "2026-12-01");
        assert_eq!(until("2026-02").unwrap().to_string(), "2026-02-28");
        assert_eq!(until("2028-02").unwrap().to_string(), "2028-02-29");
        assert_eq!(until("2026-12").unwrap().to_string(), "2026-12-31");
        for bad in ["01/12/2026", "garbage", "", "2026-13", "2026-1", "2026-12-1", "12-2026", "2026"] {
            let e = since(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad:?}: {e}");
            assert!(until(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn vocabulary_values() {
        assert_eq!(incident("police-station").unwrap(), "police_station");
        assert!(incident("police").unwrap_err().contains("police-station"));
        assert_eq!(country("Netherlands").unwrap(), "NL");
        assert_eq!(country("nl").unwrap(), "NL");
        assert!(country("Narnia").is_err());
        assert_eq!(tag("Fuzhou").unwrap(), "fuzhou");
        assert!(tag("a b").is_err());
        assert_eq!(status("In_Review").unwrap(), Status::InReview);
        assert!(status("open").is_err());
    }
}

//! A UTC calendar day, `YYYY-MM-DD`: the only time tipbox records, on the server and in
//! bundles. Parsing accepts exactly that shape and a real date (years 2000–2999), so a hostile
//! bundle cannot smuggle text, escapes or another time resolution through a "day" field.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UTC day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(time::Date);

/// Not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a day (YYYY-MM-DD)")]
pub struct InvalidDay;

impl Day {
    /// Today, in UTC.
    pub fn today() -> Self {
        Day(time::OffsetDateTime::now_utc().date())
    }

    /// The UTC day `days` days ago.
    pub fn days_ago(days: u32) -> Self {
        Day(time::OffsetDateTime::now_utc().date() - time::Duration::days(i64::from(days)))
    }

    /// The day `days` after this one (saturating at the calendar's end).
    pub fn plus_days(self, days: u32) -> Self {
        Day(self.0.checked_add(time::Duration::days(i64::from(days))).unwrap_or(self.0))
    }

    /// From year, month and day.
    pub fn from_ymd(y: i32, m: u8, d: u8) -> Result<Self, InvalidDay> {
        if !(2000..=2999).contains(&y) {
            return Err(InvalidDay);
        }
        let month = time::Month::try_from(m).map_err(|_| InvalidDay)?;
        time::Date::from_calendar_date(y, month, d).map(Day).map_err(|_| InvalidDay)
    }

    /// `YYYY-MM`, for monthly counts.
    pub fn month(self) -> String {
        format!("{:04}-{:02}", self.0.year(), u8::from(self.0.month()))
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), u8::from(self.0.month()), self.0.day())
    }
}

impl fmt::Debug for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Day({self})")
    }
}

impl FromStr for Day {
    type Err = InvalidDay;
    fn from_str(s: &str) -> Result<Self, InvalidDay> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(InvalidDay);
        }
        let digits = |r: std::ops::Range<usize>| -> Result<u32, InvalidDay> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(InvalidDay);
            }
            part.parse().map_err(|_| InvalidDay)
        };
        let y = i32::try_from(digits(0..4)?).map_err(|_| InvalidDay)?;
        let m = u8::try_from(digits(5..7)?).map_err(|_| InvalidDay)?;
        let d = u8::try_from(digits(8..10)?).map_err(|_| InvalidDay)?;
        Day::from_ymd(y, m, d)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        let d: Day = "2026-11-30".parse().unwrap();
        assert_eq!(d.to_string(), "2026-11-30");
        assert_eq!(d.month(), "2026-11");
        assert!(Day::today().to_string().len() == 10);
        assert!(Day::days_ago(1) < Day::today());
        assert_eq!("2026-02-28".parse::<Day>().unwrap().plus_days(1).to_string(), "2026-03-01");
    }

    #[test]
    fn hostile_days_are_refused() {
        for bad in [
            "",
            "2026-1-30",
            "2026-13-01",
            "2026-02-30",
            "1999-12-31",
            "3000-01-01",
            "2026-11-30T10:00",
            "2026-11-3\u{1b}",
            "+026-11-30",
            "2026-11-30 ",
            "=HYPERLINK(1)",
        ] {
            assert!(bad.parse::<Day>().is_err(), "{bad:?}");
        }
        assert!(serde_json::from_str::<Day>("\"2026-11-3x\"").is_err());
    }
}

//! Numbers and sizes as each page language writes them: "100,000" in English, "100.000" in
//! German, "100 000" in French; "500 MB" (or "500 Mo") rather than "500 MiB", a unit only
//! programmers read.
//!
//! Sizes are decimal (1 MB = 1 000 000 bytes) and rounded *down*, so that a limit is never
//! shown larger than it is: a source who trusts "at most 524 MB" is never refused below it.

/// How one language writes numbers.
struct Style {
    /// Between groups of three digits.
    group: &'static str,
    /// Before the decimals.
    decimal: &'static str,
    /// Byte, kilobyte, megabyte, gigabyte.
    units: [&'static str; 4],
}

const SI: [&str; 4] = ["B", "kB", "MB", "GB"];

fn style(tag: &str) -> Style {
    match tag {
        "de" | "es" | "it" | "nl" => Style { group: ".", decimal: ",", units: SI },
        // French groups with a narrow no-break space, and counts octets.
        "fr" => Style { group: "\u{202F}", decimal: ",", units: ["o", "ko", "Mo", "Go"] },
        _ => Style { group: ",", decimal: ".", units: SI },
    }
}

/// `n` with the language's digit grouping.
pub fn number(tag: &str, n: u64) -> String {
    let digits = n.to_string();
    let group = style(tag).group;
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len());
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(d);
    }
    out
}

/// `bytes` as a size with a decimal unit, rounded down: one decimal below 10 units, none above.
pub fn size(tag: &str, bytes: u64) -> String {
    let s = style(tag);
    let mut unit = 0;
    let mut scale = 1u64;
    while unit < 3 && bytes >= scale * 1000 {
        scale *= 1000;
        unit += 1;
    }
    let whole = bytes / scale;
    let tenths = (bytes % scale) * 10 / scale;
    if unit > 0 && whole < 10 && tenths > 0 {
        format!("{}{}{tenths} {}", number(tag, whole), s.decimal, s.units[unit])
    } else {
        format!("{} {}", number(tag, whole), s.units[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_per_language() {
        assert_eq!(number("en", 100_000), "100,000");
        assert_eq!(number("zh-Hans", 1_234_567), "1,234,567");
        assert_eq!(number("de", 100_000), "100.000");
        assert_eq!(number("fr", 100_000), "100\u{202F}000");
        assert_eq!(number("en", 999), "999");
        assert_eq!(number("en", 0), "0");
    }

    #[test]
    fn sizes_are_decimal_and_never_rounded_up() {
        assert_eq!(size("en", 500 * 1024 * 1024), "524 MB");
        assert_eq!(size("fr", 500 * 1024 * 1024), "524 Mo");
        assert_eq!(size("de", 1_999_999), "1,9 MB");
        assert_eq!(size("en", 999), "999 B");
        assert_eq!(size("en", 1000), "1 kB");
        assert_eq!(size("en", 5_000_000_000_000), "5,000 GB");
    }
}

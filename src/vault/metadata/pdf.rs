//! PDF: the Info dictionary's entries (author, software, dates, title) and XMP, read by a
//! bounded scan of the file's bytes, not a PDF parser.
//!
//! A full parser (lopdf) would pull a deflate implementation, which `deny.toml` keeps out, and
//! a large attack surface for what is only a warning. The scan sees what is stored as plain
//! text, which is where nearly every producer writes the Info dictionary and XMP; entries
//! inside compressed object streams or an encrypted file are not seen, and the findings say so.
//! PDFs are not cleaned (see the module above).

use super::{FindingKind as K, Findings, xmp};

/// Info entries and what they reveal.
const KEYS: [(&[u8], K, &str); 8] = [
    (b"/Author", K::Author, ""),
    (b"/Creator", K::Software, ""),
    (b"/Producer", K::Software, ""),
    (b"/CreationDate", K::CaptureTime, "created "),
    (b"/ModDate", K::CaptureTime, "modified "),
    (b"/Title", K::Other, "title: "),
    (b"/Subject", K::Other, "subject: "),
    (b"/Keywords", K::Other, "keywords: "),
];
/// Longest string read, bytes.
const MAX_STRING: usize = 4096;
/// Occurrences of one key looked at (outline items have a /Title each).
const MAX_PER_KEY: usize = 3;

/// `%PDF-` within the first 1024 bytes (readers accept junk before it).
pub(super) fn is_pdf(b: &[u8]) -> bool {
    b.get(..b.len().min(1024)).is_some_and(|h| h.windows(5).any(|w| w == b"%PDF-"))
}

/// A literal string `( … )` with nesting and escapes, from just after `(`.
fn literal(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut it = b.iter().take(MAX_STRING).copied();
    while let Some(c) = it.next() {
        match c {
            b'\\' => match it.next() {
                Some(b'n') => out.push(b'\n'),
                Some(b'r') => out.push(b'\r'),
                Some(b't') => out.push(b'\t'),
                Some(d @ b'0'..=b'7') => out.push(d - b'0'), // Octal escapes: shown approximately.
                Some(other) => out.push(other),
                None => break,
            },
            b'(' => {
                depth += 1;
                out.push(c);
            }
            b')' if depth == 0 => break,
            b')' => {
                depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A hex string `< … >`, from just after `<`.
fn hex(b: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = b
        .iter()
        .take(MAX_STRING * 2)
        .take_while(|&&c| c != b'>')
        .filter_map(|&c| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect();
    digits
        .chunks(2)
        .map(|p| (p.first().copied().unwrap_or(0) << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

/// PDF text: UTF-16BE after a BOM, else PDFDocEncoding (Latin-1 for what matters here).
fn decode(s: &[u8]) -> String {
    match s.strip_prefix(&[0xFE, 0xFF]) {
        Some(u) => {
            let units: Vec<u16> = u
                .chunks(2)
                .map(|p| {
                    u16::from_be_bytes([p.first().copied().unwrap_or(0), p.get(1).copied().unwrap_or(0)])
                })
                .collect();
            char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
        }
        None => s.iter().map(|&c| char::from(c)).collect(),
    }
}

/// The string value after a key (`/Author (x)`, `/Author <FEFF…>`), if it is one.
fn string_after(b: &[u8]) -> Option<String> {
    let start = b.iter().take(64).position(|c| !c.is_ascii_whitespace())?;
    let rest = b.get(start..)?;
    let raw = match rest {
        [b'(', tail @ ..] => literal(tail),
        [b'<', b'<', ..] => return None,
        [b'<', tail @ ..] => hex(tail),
        _ => return None,
    };
    Some(decode(&raw))
}

pub(super) fn inspect(b: &[u8], f: &mut Findings) {
    for (key, kind, what) in KEYS {
        let mut seen = 0;
        let mut pos = 0;
        while seen < MAX_PER_KEY {
            let Some(at) = b.get(pos..).and_then(|r| r.windows(key.len()).position(|w| w == key)) else {
                break;
            };
            let after = pos + at + key.len();
            pos = after;
            // Not a longer name (/Creator of /CreatorTool).
            if b.get(after).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            if let Some(v) = b.get(after..).and_then(string_after) {
                seen += 1;
                f.add(kind, &format!("{what}{v}"));
            }
        }
    }
    xmp::scan_file(b, f);
    if b.windows(8).any(|w| w == b"/Encrypt") {
        f.add(K::Other, "the PDF is encrypted: its metadata could not be read");
    } else if b.windows(7).any(|w| w == b"/ObjStm") {
        f.add(K::Other, "compressed object streams, not read: there may be more metadata than shown");
    }
}

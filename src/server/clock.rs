//! The only clock a client can see: the hour, with a secret jitter on when each hour begins.
//!
//! Precise server time is a fingerprint: an onion service's clock skew (which drifts with the
//! machine's temperature, and so with its load) can link it to a host seen elsewhere, and a
//! `Date` header or a timestamp in a token gives it to the second. So every `Date` header (see
//! [`DateFilter`], which rewrites even the ones actix-http writes for its own 400/408/431/500
//! responses) and every CSRF token carries only an hour number.
//!
//! A plain truncation would still show the exact moment the hour changes to anyone who polls
//! across it. Each hour therefore begins at a random offset of up to ±15 minutes, drawn from a
//! key made at start-up and different for every hour: one poll sequence learns the boundary to
//! within a quarter of an hour; averaging across many hours narrows it only with the square
//! root of their number (six weeks of polling: about half a minute), far from the sub-second
//! precision skew measurements need.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Half the range of an hour's start offset, in seconds.
const JITTER: i64 = 15 * 60;

fn key() -> &'static [u8; 32] {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    // Without randomness the offsets are merely predictable (a fixed key), never wrong.
    KEY.get_or_init(|| crate::crypto::random_array::<32>().unwrap_or([7u8; 32]))
}

/// Offset of hour `h`'s start, in `[-JITTER, JITTER)` seconds.
fn offset(h: i64) -> i64 {
    let Ok(mut m) = <Hmac<Sha256> as Mac>::new_from_slice(key()) else { return 0 };
    m.update(b"hour start\0");
    m.update(&h.to_be_bytes());
    let d = m.finalize().into_bytes();
    let v = u16::from_be_bytes([d[0], d[1]]) as i64;
    v % (2 * JITTER) - JITTER
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// The hour number shown at unix time `t`: the last hour whose (jittered) start is at or
/// before `t`. Monotonic, because consecutive starts are at least 30 minutes apart.
pub fn hour_at(t: i64) -> i64 {
    let h = t.div_euclid(3600);
    for cand in [h + 1, h, h - 1] {
        if t >= cand * 3600 + offset(cand) {
            return cand;
        }
    }
    h - 2
}

/// The hour number shown now.
pub fn hour() -> i64 {
    hour_at(unix_now())
}

/// An IMF-fixdate for the start of hour `h` (always 29 bytes).
pub fn http_date(h: i64) -> [u8; 29] {
    let mut out = *b"Thu, 01 Jan 1970 00:00:00 GMT";
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(h * 3600) else { return out };
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    if let Ok(s) = t.format(&fmt)
        && s.len() == out.len()
    {
        out.copy_from_slice(s.as_bytes());
    }
    out
}

/// Rewrites the value of every `date:` response header in an outgoing HTTP/1 byte stream to
/// the shown hour. It sits in the connection itself so that it also covers the responses
/// actix-http writes on its own. Values keep their length (an IMF-fixdate is always 29 bytes),
/// so the dispatcher's byte counts stay true. A short write can cut a header in two: the
/// rewritten bytes just past the cut are carried into the next write, which by the
/// `AsyncWrite` contract starts with the unwritten rest.
#[derive(Default)]
pub struct DateFilter {
    carry: Vec<u8>,
}

const NAME: &[u8] = b"\r\ndate: ";
const VALUE: usize = 29;

impl DateFilter {
    /// The bytes to write instead of `buf` (borrowed unchanged when nothing matches).
    pub fn apply<'a>(&mut self, buf: &'a [u8]) -> Cow<'a, [u8]> {
        let mut out: Option<Vec<u8>> = None;
        let n = self.carry.len().min(buf.len());
        if buf[..n] != self.carry[..n] {
            out.get_or_insert_with(|| buf.to_vec())[..n].copy_from_slice(&self.carry[..n]);
        }
        let mut i = 0;
        while let Some(pos) = find(&buf[i..], NAME) {
            let start = i + pos + NAME.len();
            let n = (buf.len() - start).min(VALUE);
            let date = http_date(hour());
            out.get_or_insert_with(|| buf.to_vec())[start..start + n].copy_from_slice(&date[..n]);
            i = start;
        }
        match out {
            Some(v) => Cow::Owned(v),
            None => Cow::Borrowed(buf),
        }
    }

    /// Records that `written` bytes of `sent` (what [`apply`](Self::apply) returned) went out.
    /// The next few bytes are carried over whether or not they were rewritten: unchanged,
    /// they are what the next write starts with anyway.
    pub fn wrote(&mut self, sent: &[u8], written: usize) {
        self.carry.clear();
        let end = (written + NAME.len() + VALUE).min(sent.len());
        if written < end {
            self.carry.extend_from_slice(&sent[written..end]);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_monotonic_and_jittered() {
        // Sampled every STEP seconds: a flip is seen up to STEP - 1 seconds after it happened.
        const STEP: i64 = 7;
        let mut last = hour_at(1_700_000_000);
        let mut flips = Vec::new();
        for t in (1_700_000_000..1_700_000_000 + 20 * 3600).step_by(STEP as usize) {
            let h = hour_at(t);
            assert!(h == last || h == last + 1, "hour went from {last} to {h}");
            if h != last {
                flips.push(t - h * 3600);
            }
            last = h;
        }
        assert!(flips.len() >= 19);
        assert!(flips.iter().all(|o| (-JITTER..JITTER + STEP).contains(o)), "{flips:?}");
        // Not all at the true boundary: the start of the hour is not the clock's.
        assert!(flips.iter().filter(|o| o.abs() > 60).count() >= 10, "{flips:?}");
    }

    #[test]
    fn dates_are_fixed_length() {
        assert_eq!(&http_date(0), b"Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(&http_date(493_000)[..], b"Sun, 29 Mar 2026 16:00:00 GMT");
    }

    #[test]
    fn rewrites_dates_even_across_short_writes() {
        let head =
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: Tue, 01 Dec 2026 11:52:14 GMT\r\n\r\n";
        let want = String::from_utf8(http_date(hour()).to_vec()).unwrap();
        let mut f = DateFilter::default();
        let whole = f.apply(head).into_owned();
        assert!(String::from_utf8_lossy(&whole).contains(&want));
        for cut in 1..head.len() {
            let mut f = DateFilter::default();
            let a = f.apply(head);
            f.wrote(&a, cut);
            let mut sent = a[..cut].to_vec();
            let b = f.apply(&head[cut..]);
            sent.extend_from_slice(&b);
            assert_eq!(sent, whole, "cut at {cut}");
        }
    }
}

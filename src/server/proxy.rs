//! The PROXY protocol v1 header Tor sends with `HiddenServiceExportCircuitID haproxy`.
//!
//! Behind an onion service every client is the same local peer, so the only thing that tells
//! clients apart is the Tor circuit. Tor writes, before the client's first byte,
//!
//! ```text
//! PROXY TCP6 fc00:dead:beef:4dad::AABB:CCDD ::1 65535 80\r\n
//! ```
//!
//! where the low 32 bits of the source address are the circuit id. Only Tor writes this line:
//! the client's own bytes come after it, so the header cannot be forged through the onion
//! service. The parser is strict (one space between fields, canonical numbers, at most 107
//! bytes) and a listener that expects a header drops any connection without a valid one. The
//! circuit id is kept in memory for rate limiting only and never logged.

use std::net::{IpAddr, Ipv6Addr};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt};

/// Longest v1 header, CRLF included (from the specification).
pub const MAX_LEN: usize = 107;

/// Tor's prefix for circuit-id addresses: `fc00:dead:beef:4dad::/64`.
const TOR_PREFIX: [u16; 4] = [0xfc00, 0xdead, 0xbeef, 0x4dad];

/// Key used for `PROXY UNKNOWN` connections (all share one bucket).
pub const UNKNOWN_KEY: u64 = u64::MAX;

/// Why a header was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    /// No CRLF yet and still under the length limit.
    #[error("incomplete header")]
    Incomplete,
    /// Not a valid v1 header.
    #[error("invalid PROXY header: {0}")]
    Invalid(&'static str),
    /// The peer sent nothing in time.
    #[error("no PROXY header in time")]
    Timeout,
}

/// A parsed header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Rate-limit key: Tor's circuit id, or a hash of another proxy's source address.
    pub key: u64,
    /// Whether the key is a Tor circuit id.
    pub tor: bool,
    /// Header length in bytes (CRLF included).
    pub len: usize,
}

fn port(s: &str) -> Result<u16, ProxyError> {
    if s.is_empty()
        || s.len() > 5
        || (s.len() > 1 && s.starts_with('0'))
        || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(ProxyError::Invalid("bad port"));
    }
    s.parse().map_err(|_| ProxyError::Invalid("bad port"))
}

/// Parses a v1 header at the start of `buf`.
pub fn parse_v1(buf: &[u8]) -> Result<Header, ProxyError> {
    let window = &buf[..buf.len().min(MAX_LEN)];
    let Some(end) = window.windows(2).position(|w| w == b"\r\n") else {
        if !b"PROXY ".starts_with(&window[..window.len().min(6)]) {
            return Err(ProxyError::Invalid("not a PROXY header"));
        }
        return if buf.len() >= MAX_LEN {
            Err(ProxyError::Invalid("too long"))
        } else {
            Err(ProxyError::Incomplete)
        };
    };
    let line = std::str::from_utf8(&window[..end]).map_err(|_| ProxyError::Invalid("not ASCII"))?;
    if !line.is_ascii() {
        return Err(ProxyError::Invalid("not ASCII"));
    }
    let len = end + 2;
    let fields: Vec<&str> = line.split(' ').collect();
    match fields.as_slice() {
        ["PROXY", "UNKNOWN", ..] => Ok(Header { key: UNKNOWN_KEY, tor: false, len }),
        ["PROXY", proto @ ("TCP4" | "TCP6"), src, dst, sport, dport] => {
            let (src, dst): (IpAddr, IpAddr) = (
                src.parse().map_err(|_| ProxyError::Invalid("bad source address"))?,
                dst.parse().map_err(|_| ProxyError::Invalid("bad destination address"))?,
            );
            let v6 = *proto == "TCP6";
            if src.is_ipv6() != v6 || dst.is_ipv6() != v6 {
                return Err(ProxyError::Invalid("address family does not match"));
            }
            port(sport)?;
            port(dport)?;
            Ok(match src {
                IpAddr::V6(a) if is_tor(&a) => {
                    let s = a.segments();
                    Header { key: (u64::from(s[6]) << 16) | u64::from(s[7]), tor: true, len }
                }
                other => Header { key: hash_addr(&other), tor: false, len },
            })
        }
        _ => Err(ProxyError::Invalid("malformed fields")),
    }
}

fn is_tor(a: &Ipv6Addr) -> bool {
    let s = a.segments();
    s[..4] == TOR_PREFIX && s[4] == 0 && s[5] == 0
}

fn hash_addr(a: &IpAddr) -> u64 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(a.to_string().as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    // Never collide with the UNKNOWN bucket.
    u64::from_be_bytes(b) & !(1 << 63)
}

/// Reads a header from `io` within `timeout`. Returns it and any bytes read past it.
pub async fn read_header<IO: AsyncRead + Unpin>(
    io: &mut IO,
    timeout: Duration,
) -> Result<(Header, Bytes), ProxyError> {
    let fut = async {
        let mut buf = Vec::with_capacity(MAX_LEN);
        let mut chunk = [0u8; MAX_LEN];
        loop {
            let want = MAX_LEN - buf.len().min(MAX_LEN);
            let n =
                io.read(&mut chunk[..want.max(1)]).await.map_err(|_| ProxyError::Invalid("read failed"))?;
            if n == 0 {
                return Err(ProxyError::Invalid("closed before the header"));
            }
            buf.extend_from_slice(&chunk[..n]);
            match parse_v1(&buf) {
                Ok(h) => {
                    let rest = Bytes::copy_from_slice(&buf[h.len..]);
                    return Ok((h, rest));
                }
                Err(ProxyError::Incomplete) => continue,
                Err(e) => return Err(e),
            }
        }
    };
    tokio::time::timeout(timeout, fut).await.map_err(|_| ProxyError::Timeout)?
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tor_headers_give_the_circuit() {
        let h = parse_v1(b"PROXY TCP6 fc00:dead:beef:4dad::12:3456 ::1 65535 80\r\nGET / HTTP/1.1").unwrap();
        assert!(h.tor);
        assert_eq!(h.key, 0x0012_3456);
        assert_eq!(h.len, "PROXY TCP6 fc00:dead:beef:4dad::12:3456 ::1 65535 80\r\n".len());
        let other = parse_v1(b"PROXY TCP6 fc00:dead:beef:4dad::12:3457 ::1 65535 80\r\n").unwrap();
        assert_ne!(other.key, h.key);
    }

    #[test]
    fn other_proxies_and_unknown() {
        let h = parse_v1(b"PROXY TCP4 192.0.2.1 192.0.2.2 1234 80\r\n").unwrap();
        assert!(!h.tor);
        assert_eq!(parse_v1(b"PROXY UNKNOWN\r\n").unwrap().key, UNKNOWN_KEY);
    }

    #[test]
    fn lies_and_garbage_are_refused() {
        for bad in [
            &b"GET / HTTP/1.1\r\n"[..],
            b"PROXY TCP4 fc00::1 ::1 1 2\r\n",
            b"PROXY TCP6 1.2.3.4 ::1 1 2\r\n",
            b"PROXY TCP4 1.2.3.4 5.6.7.8 65536 80\r\n",
            b"PROXY TCP4 1.2.3.4 5.6.7.8 080 80\r\n",
            b"PROXY TCP4 1.2.3.4  5.6.7.8 80 80\r\n",
            b"PROXY TCP4 1.2.3.4 5.6.7.8 80\r\n",
            b"PROXY TCP4 1.2.3.4 5.6.7.8 80 80 extra\r\n",
            b"PROXY UDP4 1.2.3.4 5.6.7.8 80 80\r\n",
            b"PROXY TCP4 01.2.3.4 5.6.7.8 80 80\r\n",
            b"proxy TCP4 1.2.3.4 5.6.7.8 80 80\r\n",
            b"\r\n\r\n\0\r\nQUIT\n",
            b"PROXY TCP4 1.2.3.4 5.6.7.8 -1 80\r\n",
        ] {
            assert!(matches!(parse_v1(bad), Err(ProxyError::Invalid(_))), "{}", String::from_utf8_lossy(bad));
        }
        let long = format!("PROXY TCP6 {} ::1 1 2", "a".repeat(120));
        assert!(matches!(parse_v1(long.as_bytes()), Err(ProxyError::Invalid(_))));
        assert_eq!(parse_v1(b"PROXY TCP6 fc00"), Err(ProxyError::Incomplete));
        assert_eq!(parse_v1(b"PRO"), Err(ProxyError::Incomplete));
    }

    proptest! {
        #[test]
        fn never_panics(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse_v1(&data);
        }

        #[test]
        fn valid_tor_headers_round_trip(circuit in any::<u32>(), sport in any::<u16>()) {
            let a = Ipv6Addr::new(0xfc00, 0xdead, 0xbeef, 0x4dad, 0, 0, (circuit >> 16) as u16, circuit as u16);
            let line = format!("PROXY TCP6 {a} ::1 {sport} 80\r\n");
            let h = parse_v1(line.as_bytes()).unwrap();
            prop_assert!(h.tor);
            prop_assert_eq!(h.key, u64::from(circuit));
            prop_assert_eq!(h.len, line.len());
        }
    }
}

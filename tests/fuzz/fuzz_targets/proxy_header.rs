//! The PROXY protocol v1 parser: never panics; a header it accepts is no longer than 107 bytes
//! and ends in CRLF.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = tipbox::server::proxy::parse_v1(data) {
        assert!(h.len <= tipbox::server::proxy::MAX_LEN);
        assert_eq!(&data[h.len - 2..h.len], b"\r\n");
    }
});

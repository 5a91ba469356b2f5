//! The submission form reader: any body gets a 4xx or is a valid form; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let status = tipbox::server::form::fuzz_one(data);
    assert!(status == 200 || (400..500).contains(&status), "status {status}");
});

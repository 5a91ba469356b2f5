//! The bundle reader (bundles cross an air gap): never panics on any archive.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tipbox::bundle::read::read_bundle(data, |_, _, r| {
        std::io::copy(r, &mut std::io::sink()).map(|_| ()).map_err(|e| e.to_string())
    });
});

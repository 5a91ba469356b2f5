//! Codename parsing: never panics, and every reading renders back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tipbox::crypto::codename::{Codename, WordList};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for c in Codename::parse(s, WordList::English) {
        let again = Codename::parse(&c.render(WordList::English), WordList::English);
        assert!(!again.is_empty());
    }
});

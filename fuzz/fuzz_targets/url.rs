//! The URL normaliser: no panic, and a normalised URL normalises to itself.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(finding) = wc_keys::fuzz_checks::url(data) {
        panic!("{finding}");
    }
});

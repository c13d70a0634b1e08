//! The signer's fast path: no panic, and the same header (or error code) as `sign()`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(finding) = wc_keys::fuzz_checks::signer(data) {
        panic!("{finding}");
    }
});

//! The wc-auth callback payload parser: no panic; accepted payloads are well formed.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(finding) = wc_keys::fuzz_checks::callback(data) {
        panic!("{finding}");
    }
});

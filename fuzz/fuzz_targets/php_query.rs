//! The query/form parser (PHP's `$_GET`/`$_POST` rules) and the base string built from what it
//! parses: no panic, and the base string is plain ASCII (everything else is percent-encoded).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(finding) = wc_keys::fuzz_checks::php_query(data) {
        panic!("{finding}");
    }
});

//! WooCommerce's `Authorization: OAuth` reader: no panic, only `oauth_` names.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(finding) = wc_keys::fuzz_checks::authorization_header(data) {
        panic!("{finding}");
    }
});

//! The properties the fuzz targets (`fuzz/`) check, shared with `tests/fuzz_corpus.rs`, which
//! replays every input the fuzzer kept. Each function panics (a fuzzer finding) when a property
//! does not hold; it never panics for input the library handles.

#![allow(clippy::panic)]

use crate::{parse_authorization_header, parse_callback, CallbackOptions, HttpUrl};

/// The query/form parser and the base string of what it parsed.
pub fn php_query(data: &[u8]) {
    let parsed = crate::parse_php_query(data);
    let base = crate::base_string("GET", "http://h", &parsed);
    if !base.is_ascii() {
        panic!("the base string must be ASCII");
    }
}

/// The URL normaliser: idempotent on what it accepts.
pub fn url(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(url) = HttpUrl::parse(text) {
        let once = url.to_url_string();
        match HttpUrl::parse(&once) {
            Ok(again) if again.to_url_string() == once => {}
            other => panic!("normalising {once:?} again gave {other:?}"),
        }
    }
}

/// The `Authorization` header reader.
pub fn authorization_header(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (name, _) in parse_authorization_header(text) {
        if !name.starts_with("oauth_") {
            panic!("read a parameter named {name:?}");
        }
    }
}

/// The callback payload parser.
pub fn callback(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(keys) = parse_callback(text, &CallbackOptions::default()) {
        let key = keys.consumer_key.expose();
        if !key.starts_with("ck_") || key.len() != 43 {
            panic!("accepted a malformed key");
        }
    }
}

//! The properties the fuzz targets (`fuzz/`) check, shared with `tests/fuzz_corpus.rs`, which
//! replays every input the fuzzer kept. Each returns what is wrong, if anything; the callers turn
//! that into a finding (the fuzz target panics, the test fails). Input the library handles,
//! however malformed, is never an `Err`.

use crate::{parse_authorization_header, parse_callback, CallbackOptions, HttpUrl};

/// The outcome of one check: `Err` with what broke.
pub type Check = std::result::Result<(), String>;

/// The query/form parser, and the base string of what it parsed: always ASCII.
pub fn php_query(data: &[u8]) -> Check {
    let parsed = crate::parse_php_query(data);
    let base = crate::base_string("GET", "http://h", &parsed);
    if base.is_ascii() {
        Ok(())
    } else {
        Err("the base string is not ASCII".into())
    }
}

/// The URL normaliser: what it accepts normalises to itself.
pub fn url(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let Ok(url) = HttpUrl::parse(text) else {
        return Ok(());
    };
    let once = url.to_url_string();
    match HttpUrl::parse(&once) {
        Ok(again) if again.to_url_string() == once => Ok(()),
        other => Err(format!("normalising {once:?} again gave {other:?}")),
    }
}

/// The `Authorization` header reader: only `oauth_` names come out.
pub fn authorization_header(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    match parse_authorization_header(text)
        .into_iter()
        .find(|(name, _)| !name.starts_with("oauth_"))
    {
        Some((name, _)) => Err(format!("read a parameter named {name:?}")),
        None => Ok(()),
    }
}

/// The callback payload parser: what it accepts is well formed.
pub fn callback(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let Ok(keys) = parse_callback(text, &CallbackOptions::default()) else {
        return Ok(());
    };
    let key = keys.consumer_key.expose();
    if key.starts_with("ck_") && key.len() == 43 {
        Ok(())
    } else {
        Err("accepted a malformed key".into())
    }
}

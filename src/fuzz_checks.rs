//! The properties the fuzz targets (`fuzz/`) check, shared with `tests/fuzz_corpus.rs`, which
//! replays every input the fuzzer kept. Each returns what is wrong, if anything; the callers turn
//! that into a finding (the fuzz target panics, the test fails). Input the library handles,
//! however malformed, is never an `Err`.

use crate::{
    parse_authorization_header, parse_callback, CallbackOptions, ConsumerKey, ConsumerSecret,
    HttpUrl, SignRequest, Signer, SignerConfig,
};

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

/// The signer's fast path against `sign()`: for any method and URL (the input up to the first
/// NUL is the method, the rest the URL; an odd-length input signs with HMAC-SHA1),
/// `Signer::authorization` gives exactly the header `sign()` puts in its result, or fails with the
/// same error code. A signed request must also pass checks that do not share the signer's
/// writing: the base string is ASCII, the header read back as WooCommerce reads it carries the
/// signature, and WooCommerce's recomputation (`explain_signature`, from the URL and header as
/// sent) accepts it.
pub fn signer(data: &[u8]) -> Check {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let (method, url) = text.split_once('\0').unwrap_or(("GET", text));
    let signature_method = if data.len() % 2 == 1 {
        "HMAC-SHA1"
    } else {
        "HMAC-SHA256"
    };
    let secret = "cs_13579bdf2468ace013579bdf2468ace013579bdf";
    let config = || SignerConfig {
        consumer_key: ConsumerKey::new("ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"),
        consumer_secret: ConsumerSecret::new(secret),
        signature_method: Some(signature_method.into()),
        placement: None,
        home_url: None,
        strict: true,
    };
    let nonce = "kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA";
    let signer = Signer::new(config()).map_err(|e| format!("the configuration: {e}"))?;
    let fast = signer.authorization(
        method,
        url,
        Some(nonce.into()),
        Some(1_795_000_000.0),
        None,
        0,
    );
    let request = SignRequest {
        method: method.into(),
        url: url.into(),
        form: None,
        timestamp: Some(1_795_000_000.0),
        clock_offset: None,
        nonce: Some(nonce.into()),
    };
    let once = crate::sign_with(config(), request, 0);
    let (header, signed) = match (fast, once) {
        (Ok(header), Ok(signed)) => (header, signed),
        (Err(a), Err(b)) if a.code() == b.code() => return Ok(()),
        (a, b) => {
            return Err(format!(
                "authorization() and sign() disagree: {:?} and {:?}",
                a.map_err(|e| e.code()),
                b.map(|s| s.signature).map_err(|e| e.code())
            ))
        }
    };
    match signed.headers.first() {
        Some((name, value)) if name == "Authorization" && *value == header => {}
        other => return Err(format!("authorization() gave {header:?}, sign() {other:?}")),
    }
    if !signed.base_string.is_ascii() {
        return Err("the base string is not ASCII".into());
    }
    let read_back = parse_authorization_header(&header);
    let carried = read_back
        .iter()
        .find(|(name, _)| name == "oauth_signature")
        .map(|(_, value)| value.as_slice());
    if carried != Some(signed.signature.as_bytes()) {
        return Err(format!(
            "the header {header:?} does not carry {:?}",
            signed.signature
        ));
    }
    let explained = crate::explain_signature(crate::ExplainInput {
        method: Some(signed.method.clone()),
        url: Some(signed.url.clone()),
        request: None,
        consumer_secret: ConsumerSecret::new(secret),
        form: None,
        authorization: Some(header),
        home_url: None,
        base_string: None,
    });
    match explained {
        Ok(e) if e.matches && e.expected_signature == signed.signature => Ok(()),
        other => Err(format!(
            "WooCommerce's recomputation refused {:?}: {other:?}",
            signed.url
        )),
    }
}

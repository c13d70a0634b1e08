//! The exports as JavaScript sees them, run by wasm-bindgen-test in Node and in headless
//! Chromium (`WASM_BINDGEN_USE_BROWSER=1`).

use super::exports::{
    error_codes_joined, explain_signature, key_hash, mask_key, sign, validate_consumer_key,
};
use super::signer::basic_auth_header;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const KEY: &str = "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3";
const SECRET: &str = "cs_13579bdf2468ace013579bdf2468ace013579bdf";

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let obj = Object::new();
    for (k, v) in pairs {
        Reflect::set(&obj, &JsValue::from_str(k), v).unwrap();
    }
    obj.into()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn code_of(error: &JsValue) -> String {
    get(error, "code").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn validate_consumer_key_reports_problems_as_objects() {
    let ok = validate_consumer_key(JsValue::from_str(KEY)).unwrap();
    assert_eq!(get(&ok, "ok").as_bool(), Some(true));
    let swapped = validate_consumer_key(JsValue::from_str(SECRET)).unwrap();
    assert_eq!(get(&swapped, "ok").as_bool(), Some(false));
    let problems: js_sys::Array = get(&swapped, "problems").into();
    assert_eq!(
        get(&problems.get(0), "code").as_string().as_deref(),
        Some("KEY_SWAPPED")
    );
    let not_text = validate_consumer_key(JsValue::from_f64(3.0)).unwrap();
    let problems: js_sys::Array = get(&not_text, "problems").into();
    assert_eq!(
        get(&problems.get(0), "code").as_string().as_deref(),
        Some("KEY_NOT_TEXT")
    );
}

#[wasm_bindgen_test]
fn sign_matches_the_woocommerce_vector_and_uses_web_crypto_nonces() {
    let options = object(&[
        ("method", "GET".into()),
        (
            "url",
            "http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10".into(),
        ),
        ("consumerKey", KEY.into()),
        ("consumerSecret", SECRET.into()),
        ("signatureMethod", "HMAC-SHA1".into()),
        ("timestamp", JsValue::from_f64(1_795_000_000.0)),
        ("nonce", "kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA".into()),
    ]);
    let signed = sign(options).unwrap();
    assert_eq!(
        get(&signed, "signature").as_string().as_deref(),
        Some("LyHojm76eaGMlE/CSL0Z15IulkA=")
    );
    let headers = get(&signed, "headers");
    assert!(get(&headers, "Authorization")
        .as_string()
        .unwrap()
        .starts_with("OAuth oauth_consumer_key="));

    let fresh = sign(object(&[
        ("method", "GET".into()),
        ("url", "http://h/wp-json/wc/v3".into()),
        ("consumerKey", KEY.into()),
        ("consumerSecret", SECRET.into()),
    ]))
    .unwrap();
    let params = get(&fresh, "oauthParams");
    let nonce = get(&params, "oauth_nonce").as_string().unwrap();
    assert_eq!(nonce.len(), 32);
    let timestamp: f64 = get(&params, "oauth_timestamp")
        .as_string()
        .unwrap()
        .parse()
        .unwrap();
    assert!((timestamp - js_sys::Date::now() / 1000.0).abs() < 5.0);
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_codes() {
    let error = sign(object(&[("method", "GET".into()), ("url", "nope".into())])).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&error), "ERR_INPUT_INVALID");
    let error = sign(object(&[
        ("method", "GET".into()),
        ("url", "nope".into()),
        ("consumerKey", KEY.into()),
        ("consumerSecret", SECRET.into()),
    ]))
    .unwrap_err();
    assert_eq!(code_of(&error), "ERR_URL_INVALID");
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("WcKeysError")
    );
    assert_eq!(
        code_of(&sign(JsValue::UNDEFINED).unwrap_err()),
        "ERR_INPUT_INVALID"
    );
    assert_eq!(
        code_of(&basic_auth_header(JsValue::NULL, SECRET.into()).unwrap_err()),
        "ERR_INPUT_INVALID"
    );
    let missing = explain_signature(object(&[
        ("method", "GET".into()),
        ("url", "http://h/".into()),
        ("consumerSecret", SECRET.into()),
    ]))
    .unwrap_err();
    assert_eq!(code_of(&missing), "ERR_OAUTH_PARAMS_MISSING");
}

#[wasm_bindgen_test]
fn small_helpers() {
    assert_eq!(mask_key(KEY.into()).unwrap(), "…0e1d2c3");
    assert_eq!(
        key_hash(KEY.into()).unwrap(),
        "920bcceea6f329fd554f2166bbc492a0a26e35a1e6042b5f75163dc850a76108"
    );
    assert_eq!(
        basic_auth_header("ck_1".into(), "cs_2".into()).unwrap(),
        "Basic Y2tfMTpjc18y"
    );
    assert!(error_codes_joined()
        .split(' ')
        .any(|code| code == "ERR_URL_INVALID"));
}

#[wasm_bindgen_test]
fn the_key_check_takes_only_the_failures_it_knows() {
    // An answer that never came, for the failure `kind`: status 0 and no fields but the failure.
    let feed_failure = |kind: &str| {
        let options = object(&[
            ("storeUrl", "https://shop.example".into()),
            ("consumerKey", KEY.into()),
            ("consumerSecret", SECRET.into()),
        ]);
        let mut check = super::client::KeyCheckCore::new(options).unwrap();
        check.feed(0, None, None, None, None, None, Some(kind.into()), 1.0)
    };
    let refused = feed_failure("aborted").unwrap_err();
    assert_eq!(code_of(&refused), "ERR_INPUT_INVALID");
    feed_failure("timeout").unwrap();
}

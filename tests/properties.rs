#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]
//! Properties of encoding, parsing and signing (proptest), and exhaustive checks of small domains.

use proptest::prelude::*;
use serde_json::json;
use wc_keys::{
    parse_php_query, percent_decode, rawurlencode, sign, to_query_string, ConsumerKey,
    ConsumerSecret, ParamValue, PhpKey, PhpValue, SignInput, SignRequest, Signer, SignerConfig,
};

const KEY: &str = "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3";
const SECRET: &str = "cs_13579bdf2468ace013579bdf2468ace013579bdf";

#[test]
fn rawurlencode_is_rfc3986_over_every_byte() {
    for byte in 0u8..=255 {
        let encoded = rawurlencode(&[byte]);
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            assert_eq!(encoded, char::from(byte).to_string(), "byte {byte:#04x}");
        } else {
            assert_eq!(encoded, format!("%{byte:02X}"), "byte {byte:#04x}");
        }
        assert_eq!(percent_decode(encoded.as_bytes(), false), vec![byte]);
        assert_eq!(percent_decode(encoded.as_bytes(), true), vec![byte]);
    }
}

fn signed(url: &str, placement: &str, form: Option<&str>, method: &str) -> wc_keys::Signed {
    let input: SignInput = serde_json::from_value(json!({
        "method": method,
        "url": url,
        "consumerKey": KEY,
        "consumerSecret": SECRET,
        "form": form,
        "placement": placement,
        "timestamp": 1_795_000_000,
        "nonce": "kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA",
    }))
    .unwrap();
    sign(input, 0).unwrap()
}

/// Keys PHP keeps as they are at the top level (no `.`, space, `[`, and not integers).
fn plain_key() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_-]{0,8}"
}

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..12).prop_map(|c| c.into_iter().collect())
}

fn param_value() -> impl Strategy<Value = ParamValue> {
    let leaf = any_text().prop_map(ParamValue::Text);
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(("[a-z][a-z0-9]{0,5}", inner.clone()), 1..4).prop_map(
                |entries| {
                    // Distinct keys: a repeated key keeps only its last value in PHP.
                    let mut seen = std::collections::HashSet::new();
                    ParamValue::Object(
                        entries
                            .into_iter()
                            .filter(|(k, _)| seen.insert(k.clone()))
                            .collect(),
                    )
                }
            ),
            prop::collection::vec(inner, 1..4).prop_map(ParamValue::List),
        ]
    })
}

/// What PHP should parse from `value`: leaves as bytes, lists numbered from 0.
fn expected(value: &ParamValue) -> PhpValue {
    match value {
        ParamValue::Text(t) => PhpValue::Str(t.as_bytes().to_vec()),
        ParamValue::List(items) => {
            let mut array = wc_keys::PhpArray::new();
            for item in items {
                array.push(expected(item));
            }
            PhpValue::Array(array)
        }
        ParamValue::Object(entries) => {
            let mut array = wc_keys::PhpArray::new();
            for (k, v) in entries {
                array.set(PhpKey::from_bytes(k.as_bytes()), expected(v));
            }
            PhpValue::Array(array)
        }
        other => panic!("not generated: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn encode_then_decode_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(percent_decode(rawurlencode(&bytes).as_bytes(), true), bytes);
    }

    #[test]
    fn php_reads_back_what_to_query_string_writes(
        fields in prop::collection::vec((plain_key(), param_value()), 1..5)
    ) {
        let mut seen = std::collections::HashSet::new();
        let fields: Vec<(String, ParamValue)> = fields.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect();
        let parsed = parse_php_query(to_query_string(&fields).as_bytes());
        prop_assert_eq!(parsed.entries().len(), fields.len());
        for (key, value) in &fields {
            prop_assert_eq!(parsed.get(&PhpKey::from_bytes(key.as_bytes())), Some(&expected(value)));
        }
    }

    #[test]
    fn parameter_order_does_not_change_the_signature(
        pairs in prop::collection::vec((plain_key(), any_text()), 1..6),
        rotate in 0usize..6,
    ) {
        let mut seen = std::collections::HashSet::new();
        let pairs: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect();
        let query = |pairs: &[(String, String)]| {
            pairs.iter().map(|(k, v)| format!("{k}={}", rawurlencode(v.as_bytes()))).collect::<Vec<_>>().join("&")
        };
        let mut rotated = pairs.clone();
        let by = rotate % rotated.len();
        rotated.rotate_left(by);
        let a = signed(&format!("http://shop.example/wp-json/wc/v3/products?{}", query(&pairs)), "header", None, "GET");
        let b = signed(&format!("http://shop.example/wp-json/wc/v3/products?{}", query(&rotated)), "header", None, "GET");
        prop_assert_eq!(a.signature, b.signature);
    }

    #[test]
    fn header_and_query_placement_sign_the_same_parameters(
        path in "(/[a-zA-Z0-9._~'!$()*,;=:@-]{1,8}){1,3}",
        query in prop::collection::vec((plain_key(), any_text()), 0..5),
        form in prop::option::of(prop::collection::vec((plain_key(), any_text()), 1..4)),
        method in prop_oneof![Just("GET"), Just("POST"), Just("PUT"), Just("DELETE")],
    ) {
        let encode = |pairs: &[(String, String)]| {
            pairs.iter().map(|(k, v)| format!("{k}={}", rawurlencode(v.as_bytes()))).collect::<Vec<_>>().join("&")
        };
        let url = if query.is_empty() {
            format!("http://shop.example{path}")
        } else {
            format!("http://shop.example{path}?{}", encode(&query))
        };
        let body = form.as_deref().map(encode);
        let header = signed(&url, "header", body.as_deref(), method);
        let in_query = signed(&url, "query", body.as_deref(), method);
        prop_assert_eq!(&header.base_string, &in_query.base_string);
        prop_assert_eq!(header.signature, in_query.signature);
    }

    #[test]
    fn a_signer_signs_as_sign_does(
        path in "(/[a-zA-Z0-9._~'!$()*,;=:@-]{1,8}){1,3}",
        query in prop::collection::vec((plain_key(), any_text()), 0..5),
        method in prop_oneof![Just("GET"), Just("HEAD"), Just("PUT"), Just("DELETE")],
        sha1 in any::<bool>(),
    ) {
        let encoded: Vec<String> = query.iter().map(|(k, v)| format!("{k}={}", rawurlencode(v.as_bytes()))).collect();
        let url = format!("http://shop.example{path}?{}", encoded.join("&"));
        let signature_method = if sha1 { "HMAC-SHA1" } else { "HMAC-SHA256" };
        let signer = Signer::new(SignerConfig {
            consumer_key: ConsumerKey::new(KEY),
            consumer_secret: ConsumerSecret::new(SECRET),
            signature_method: Some(signature_method.into()),
            placement: None,
            home_url: None,
            strict: true,
        }).unwrap();
        let nonce = "kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA";
        let header = signer.authorization(method, &url, Some(nonce.into()), Some(1_795_000_000.0), None, 0).unwrap();
        let input: SignInput = serde_json::from_value(json!({
            "method": method, "url": url, "consumerKey": KEY, "consumerSecret": SECRET,
            "signatureMethod": signature_method, "timestamp": 1_795_000_000, "nonce": nonce,
        })).unwrap();
        let once = sign(input, 0).unwrap();
        prop_assert_eq!(&header, &once.headers[0].1);
        let request = SignRequest {
            method: method.into(), url: url.clone(), form: None, timestamp: Some(1_795_000_000.0),
            clock_offset: None, nonce: Some(nonce.into()),
        };
        prop_assert_eq!(signer.sign(request, 0).unwrap(), once);
    }

    #[test]
    fn sign_never_panics_on_any_url(url in any::<String>(), method in any::<String>()) {
        let input: SignInput = serde_json::from_value(json!({
            "method": method, "url": url, "consumerKey": KEY, "consumerSecret": SECRET,
        })).unwrap();
        let _ = sign(input, 1_795_000_000);
    }
}

fn hex40() -> impl Strategy<Value = String> {
    "[0-9a-f]{40}"
}

/// A character that breaks a key's format wherever it goes: not lower-case hex, not paste debris.
fn breaking_char() -> impl Strategy<Value = char> {
    any::<char>().prop_filter("format-breaking", |c| {
        !c.is_ascii_digit()
            && !('a'..='f').contains(c)
            && !c.is_whitespace()
            && !"\"'`“”‘’«»<>,;\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{AD}".contains(*c)
    })
}

fn credentials(key: &str, secret: &str) -> wc_keys::CredentialsValidation {
    let input: wc_keys::CredentialsInput =
        serde_json::from_value(json!({ "consumerKey": key, "consumerSecret": secret })).unwrap();
    wc_keys::validate_credentials(&input)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_well_formed_pair_passes(key in hex40(), secret in hex40()) {
        prop_assume!(key != secret);
        let v = credentials(&format!("ck_{key}"), &format!("cs_{secret}"));
        prop_assert!(v.ok, "{:?}", v.problems);
        prop_assert!(v.problems.is_empty());
    }

    #[test]
    fn every_single_character_mutation_is_caught(
        key in hex40(),
        secret in hex40(),
        which in 0usize..2,
        at in 0usize..43,
        kind in 0usize..3,
        c in breaking_char(),
    ) {
        let mut values = [format!("ck_{key}"), format!("cs_{secret}")];
        let target = &mut values[which];
        let mut chars: Vec<char> = target.chars().collect();
        match kind {
            0 => chars[at] = c,            // replaced by a character keys never have
            1 => { chars.remove(at); }     // one character lost
            _ => chars.insert(at, c),      // one character too many
        }
        *target = chars.into_iter().collect();
        let v = credentials(&values[0], &values[1]);
        prop_assert!(!v.ok, "{:?} / {:?} passed", values[0], values[1]);
    }
}

#[test]
fn every_sign_option_is_known_to_the_deserializer() {
    // SignInput::FIELDS feeds the JavaScript typo check: it must list exactly the struct's fields.
    let mut all = serde_json::Map::new();
    for field in SignInput::FIELDS {
        all.insert((*field).to_string(), json!(null));
    }
    all.insert("method".into(), json!("GET"));
    all.insert("url".into(), json!("http://h/"));
    all.insert("consumerKey".into(), json!(KEY));
    all.insert("consumerSecret".into(), json!(SECRET));
    all.insert("strict".into(), json!(false));
    serde_json::from_value::<SignInput>(serde_json::Value::Object(all.clone())).unwrap();
    all.insert("colour".into(), json!(1));
    assert!(serde_json::from_value::<SignInput>(serde_json::Value::Object(all)).is_err());
}

#[test]
fn sign_options_are_a_signer_config_and_a_request() {
    // The wasm binding reads sign()'s options as these two halves: together they must be
    // exactly SignInput's names, with none in both.
    let mut halves: Vec<&str> = SignerConfig::FIELDS.to_vec();
    halves.extend_from_slice(SignRequest::FIELDS);
    let mut all = SignInput::FIELDS.to_vec();
    halves.sort_unstable();
    all.sort_unstable();
    assert_eq!(halves, all);
}

#[test]
fn sign_reports_the_first_problem_in_a_fixed_order() {
    // With two things wrong, the error is the one checked first: method, URL, key pair,
    // signature method, placement, timestamp, nonce, home URL.
    let base = json!({
        "method": "GET", "url": "http://h/wp-json/wc/v3", "consumerKey": KEY,
        "consumerSecret": SECRET, "timestamp": 1_795_000_000,
    });
    let wrong = [
        ("method", json!("GE T"), "ERR_METHOD_INVALID"),
        ("url", json!("nope"), "ERR_URL_INVALID"),
        ("consumerSecret", json!(""), "ERR_CONSUMER_SECRET_INVALID"),
        (
            "signatureMethod",
            json!("PLAINTEXT"),
            "ERR_SIGNATURE_METHOD_INVALID",
        ),
        ("placement", json!("body"), "ERR_PLACEMENT_INVALID"),
        ("timestamp", json!(1.5), "ERR_TIMESTAMP_INVALID"),
        ("nonce", json!("a b"), "ERR_NONCE_INVALID"),
        ("homeUrl", json!("nope"), "ERR_HOME_URL_INVALID"),
    ];
    for (i, (first, first_value, code)) in wrong.iter().enumerate() {
        for (later, later_value, _) in &wrong[i + 1..] {
            let mut options = base.clone();
            options[*first] = first_value.clone();
            options[*later] = later_value.clone();
            let input: SignInput = serde_json::from_value(options).unwrap();
            let error = sign(input, 0).unwrap_err();
            assert_eq!(error.code(), *code, "{first} and {later} both wrong");
        }
    }
}

#[test]
fn signer_option_names_are_known_to_their_deserializers() {
    // SignerConfig::FIELDS and SignRequest::FIELDS feed the JavaScript typo check for new
    // Signer() and signer.sign(): every name must be one the struct reads, and a name that is
    // not must be refused.
    let mut config = serde_json::Map::new();
    for field in SignerConfig::FIELDS {
        config.insert((*field).to_string(), json!(null));
    }
    config.insert("consumerKey".into(), json!(KEY));
    config.insert("consumerSecret".into(), json!(SECRET));
    config.insert("strict".into(), json!(false));
    serde_json::from_value::<SignerConfig>(serde_json::Value::Object(config.clone())).unwrap();
    config.insert("colour".into(), json!(1));
    assert!(serde_json::from_value::<SignerConfig>(serde_json::Value::Object(config)).is_err());

    let mut request = serde_json::Map::new();
    for field in SignRequest::FIELDS {
        request.insert((*field).to_string(), json!(null));
    }
    request.insert("method".into(), json!("GET"));
    request.insert("url".into(), json!("http://h/"));
    serde_json::from_value::<SignRequest>(serde_json::Value::Object(request.clone())).unwrap();
    request.insert("colour".into(), json!(1));
    assert!(serde_json::from_value::<SignRequest>(serde_json::Value::Object(request)).is_err());
}

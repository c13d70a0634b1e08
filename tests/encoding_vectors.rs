#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]
//! Vectors computed by other implementations (`cargo xtask vectors` regenerates them):
//! - tests/vectors/percent-encoding.json: PHP's `rawurlencode` of every byte value;
//! - tests/vectors/oracles.json: plain requests signed by oauth-1.0a and by oauthlib.

use serde_json::{json, Value as Json};
use wc_keys::{rawurlencode, sign, SignInput};

const PERCENT_ENCODING: &str = include_str!("vectors/percent-encoding.json");
const ORACLES: &str = include_str!("vectors/oracles.json");

fn vectors(text: &str) -> Vec<Json> {
    let file: Json = serde_json::from_str(text).expect("vector file is JSON");
    file["vectors"].as_array().expect("vectors array").clone()
}

#[test]
fn rawurlencode_equals_php_on_all_256_bytes() {
    let all = vectors(PERCENT_ENCODING);
    assert_eq!(all.len(), 256);
    for (i, v) in all.iter().enumerate() {
        let byte = u8::try_from(v["byte"].as_u64().unwrap()).unwrap();
        assert_eq!(usize::from(byte), i, "vectors are in byte order");
        assert!(v["source"]
            .as_str()
            .unwrap()
            .starts_with("PHP rawurlencode "));
        assert_eq!(
            rawurlencode(&[byte]),
            v["expected"].as_str().unwrap(),
            "{}",
            v["name"]
        );
    }
}

#[test]
fn rawurlencode_of_all_bytes_at_once_is_the_concatenation() {
    let all = vectors(PERCENT_ENCODING);
    let bytes: Vec<u8> = (0..=255).collect();
    let expected: String = all
        .iter()
        .map(|v| v["expected"].as_str().unwrap())
        .collect();
    assert_eq!(rawurlencode(&bytes), expected);
}

fn signed(v: &Json, placement: &str) -> wc_keys::Signed {
    let input: SignInput = serde_json::from_value(json!({
        "method": v["method"],
        "url": v["url"],
        "consumerKey": v["consumerKey"],
        "consumerSecret": v["consumerSecret"],
        "form": v["form"],
        "signatureMethod": v["signatureMethod"],
        "timestamp": v["timestamp"],
        "nonce": v["nonce"],
        "placement": placement,
    }))
    .expect("sign input");
    sign(input, 0).unwrap_or_else(|e| panic!("{}: {e}", v["name"]))
}

#[test]
fn sign_equals_oauth_1_0a_and_oauthlib_on_plain_requests() {
    let all = vectors(ORACLES);
    assert!(all.len() >= 15, "{} oracle vectors", all.len());
    for v in &all {
        let source = v["source"].as_str().unwrap();
        assert!(
            source.contains("oauth-1.0a") && source.contains("oauthlib"),
            "{source}"
        );
        for placement in ["header", "query"] {
            let s = signed(v, placement);
            assert_eq!(
                s.base_string,
                v["baseString"].as_str().unwrap(),
                "base string of {} ({placement})",
                v["name"]
            );
            assert_eq!(
                s.signature,
                v["signature"].as_str().unwrap(),
                "signature of {} ({placement})",
                v["name"]
            );
        }
    }
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]
//! No secret in any error message, `Debug` string, report or log line a failure produces; nonces
//! that do not repeat.

use serde_json::json;
use std::collections::HashSet;
use wc_keys::{
    explain_signature, parse_callback, random_nonce, redact, sign, validate_credentials, Answer,
    CallbackOptions, Client, ClientConfig, ClientRequest, CredentialsInput, Error, ExplainInput,
    KeyCheck, KeyCheckInput, SignInput,
};

const KEY: &str = "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3";
const SECRET: &str = "cs_13579bdf2468ace013579bdf2468ace013579bdf";

/// Any run of 12 characters of the key's or secret's hex part counts as a leak (the masked form
/// shows 7).
fn leaks(text: &str) -> bool {
    [KEY, SECRET].iter().any(|value| {
        let hex = &value[3..];
        (0..=hex.len() - 12).any(|i| text.contains(&hex[i..i + 12]))
    })
}

fn sign_with(changes: serde_json::Value) -> Result<wc_keys::Signed, Error> {
    let mut input = json!({
        "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products",
        "consumerKey": KEY, "consumerSecret": SECRET,
    });
    input
        .as_object_mut()
        .unwrap()
        .extend(changes.as_object().unwrap().clone());
    let input: SignInput = serde_json::from_value(input).unwrap();
    sign(input, 1_795_000_000)
}

#[test]
fn failures_never_show_a_secret() {
    let mut collected: Vec<String> = Vec::new();
    let failing = [
        json!({ "url": "not a url" }),
        json!({ "url": format!("http://u:{SECRET}@h/") }),
        json!({ "method": "G ET" }),
        json!({ "signatureMethod": SECRET }),
        json!({ "placement": SECRET }),
        json!({ "timestamp": -5 }),
        json!({ "nonce": format!("{SECRET} x") }),
        json!({ "homeUrl": SECRET }),
        json!({ "strict": true, "consumerSecret": format!("{SECRET}zz") }),
        json!({ "consumerSecret": "" }),
        json!({ "consumerKey": "" }),
    ];
    for change in failing {
        let input_debug = format!("{change:?}");
        let error = sign_with(change).expect_err("each of these fails");
        collected.push(error.to_string());
        collected.push(format!("{error:?}"));
        let _ = input_debug;
    }
    // Deserializer messages quote values: they are blanked.
    let quoted = Error::input(&format!("invalid type: string \"{SECRET}\", expected f64"));
    collected.push(quoted.to_string());

    let input: SignInput = serde_json::from_value(json!({
        "method": "GET", "url": "http://h/x", "consumerKey": KEY, "consumerSecret": SECRET,
    }))
    .unwrap();
    collected.push(format!("{input:?}"));
    // A signer and a client hold the key pair (and the keyed HMAC state) for their lifetime.
    let signer = wc_keys::Signer::new(
        serde_json::from_value(json!({ "consumerKey": KEY, "consumerSecret": SECRET })).unwrap(),
    )
    .unwrap();
    collected.push(format!("{signer:?}"));
    let client = Client::new(
        serde_json::from_value(json!({
            "url": "http://shop.example", "consumerKey": KEY, "consumerSecret": SECRET,
        }))
        .unwrap(),
    )
    .unwrap();
    collected.push(format!("{client:?}"));

    let explain: ExplainInput = serde_json::from_value(json!({
        "method": "GET", "url": "http://h/x", "consumerSecret": SECRET,
    }))
    .unwrap();
    collected.push(format!("{explain:?}"));
    collected.push(explain_signature(explain).unwrap_err().to_string());

    let payload = json!({
        "key_id": 1, "user_id": "u", "consumer_key": KEY, "consumer_secret": format!("{SECRET}00"), "key_permissions": "read",
    });
    collected.push(
        parse_callback(&payload.to_string(), &CallbackOptions::default())
            .unwrap_err()
            .to_string(),
    );
    let good = json!({ "key_id": 1, "user_id": "u", "consumer_key": KEY, "consumer_secret": SECRET, "key_permissions": "read" });
    let keys = parse_callback(&good.to_string(), &CallbackOptions::default()).unwrap();
    collected.push(format!("{keys:?}"));
    let options = CallbackOptions {
        expected_user_id: Some("other".into()),
        expected_scope: None,
    };
    collected.push(
        parse_callback(&good.to_string(), &options)
            .unwrap_err()
            .to_string(),
    );

    let credentials: CredentialsInput =
        serde_json::from_value(json!({ "consumerKey": SECRET, "consumerSecret": KEY })).unwrap();
    collected.push(format!("{credentials:?}"));
    for problem in validate_credentials(&credentials).problems {
        collected.push(problem.message);
    }

    let config: ClientConfig = serde_json::from_value(json!({
        "url": "https://shop.example", "consumerKey": KEY, "consumerSecret": SECRET, "queryStringAuth": true,
    }))
    .unwrap();
    collected.push(format!("{config:?}"));
    let client = Client::new(config).unwrap();
    collected.push(format!("{client:?}"));
    let prepared = client
        .prepare(
            &ClientRequest {
                method: "GET".into(),
                path: "products".into(),
                ..Default::default()
            },
            0,
        )
        .unwrap();
    collected.push(format!("{prepared:?}"));
    collected.push(prepared.redacted_url.clone());

    let mut check = KeyCheck::new(
        serde_json::from_value::<KeyCheckInput>(json!({
            "storeUrl": "https://shop.example", "consumerKey": KEY, "consumerSecret": SECRET,
        }))
        .unwrap(),
    )
    .unwrap();
    let answers = [
        Answer {
            status: 200,
            body: r#"{"home":"https://shop.example","namespaces":["wc/v3"]}"#.into(),
            ..Answer::default()
        },
        Answer {
            status: 401,
            body: r#"{"code":"woocommerce_rest_cannot_view","message":"x","data":{"status":401}}"#
                .into(),
            ..Answer::default()
        },
        Answer {
            status: 401,
            body: format!(
                r#"{{"code":"woocommerce_rest_authentication_error","message":"Consumer secret is invalid. {SECRET}","data":{{"status":401}}}}"#
            ),
            ..Answer::default()
        },
    ];
    for answer in &answers {
        let request = check.next(0).unwrap();
        collected.push(format!("{request:?}"));
        check.feed(answer, 0);
    }
    let report = check.report();
    let report_json = serde_json::to_string(&report.steps).unwrap();
    collected.push(report_json);
    collected.push(format!("{:?}", report.key));
    collected.push(report.summary.clone());
    for finding in report.errors.iter().chain(&report.warnings) {
        collected.push(finding.message.clone());
    }

    collected.push(redact(&format!(
        "Authorization: consumer_secret={SECRET}&consumer_key={KEY}"
    )));

    assert!(
        collected.len() > 40,
        "the corpus covers {} strings",
        collected.len()
    );
    for text in &collected {
        assert!(!leaks(text), "a secret leaked into: {text}");
    }
}

#[test]
fn a_million_nonces_do_not_repeat() {
    let mut seen = HashSet::with_capacity(1_000_000);
    for _ in 0..1_000_000 {
        let nonce = random_nonce().unwrap();
        assert_eq!(nonce.len(), 32);
        assert!(seen.insert(nonce), "a nonce repeated");
    }
}

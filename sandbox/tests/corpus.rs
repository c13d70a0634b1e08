//! The signed-request corpus: requests with the outcome WooCommerce gives them, replayed against
//! the sandbox over HTTP. The PHP verifier (`tests/php/corpus.php`) judges the same file
//! (`tests/corpus/signed-requests.json`) in `tests/js/corpus-agreement.test.mjs`, so that both
//! independent verifiers are held to one set of answers.
//!
//! The first cases are the 24 requests of `tests/vectors/woocommerce-server.json`, whose
//! signatures WooCommerce's own class computed; the rest are variations with outcomes known by
//! construction (a flipped signature byte, a stale timestamp, a replayed nonce, …), signed by
//! the `wc-keys` library with pinned nonce and timestamp. `WC_SANDBOX_WRITE_CORPUS=1 cargo test
//! -p wc-sandbox --test corpus` rewrites the file; otherwise the test checks it is current.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/client.rs"]
mod client;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use wc_sandbox::{Config, Permission, Sandbox};

const NOW: i64 = 1_795_000_000;
const VECTORS: &str = include_str!("../../tests/vectors/woocommerce-server.json");
const CORPUS_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/corpus/signed-requests.json"
);
const RW_KEY: &str = "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3";
const RW_SECRET: &str = "cs_13579bdf2468ace013579bdf2468ace013579bdf";
const READ_KEY: &str = "ck_1111111111111111111111111111111111111111";
const READ_SECRET: &str = "cs_2222222222222222222222222222222222222222";

fn target_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/')
        .map_or("/".to_string(), |i| rest[i..].to_string())
}

fn accepted() -> Value {
    json!({ "outcome": "authenticated" })
}

fn rejected(status: u16, code: &str, message: &str) -> Value {
    json!({ "outcome": "rejected", "status": status, "code": code, "message": message })
}

#[derive(Clone)]
struct Case {
    name: String,
    store: String,
    home_url: String,
    https: bool,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    expect: Value,
}

impl Case {
    fn to_json(&self) -> Value {
        json!({
            "name": self.name, "store": self.store, "home_url": self.home_url, "https": self.https,
            "method": self.method, "target": self.target,
            "headers": self.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            "body": self.body, "expect": self.expect,
        })
    }
}

/// A request signed by `wc-keys`.
#[allow(clippy::too_many_arguments)]
fn signed(
    name: &str,
    method: &str,
    url: &str,
    key: (&str, &str),
    nonce: &str,
    timestamp: i64,
    placement: &str,
    form: Option<&str>,
    expect: Value,
) -> Case {
    let out = wc_keys::sign(
        wc_keys::SignInput {
            method: method.into(),
            url: url.into(),
            consumer_key: wc_keys::ConsumerKey::new(key.0),
            consumer_secret: wc_keys::ConsumerSecret::new(key.1),
            form: form.map(|f| wc_keys::FormInput::Text(f.into())),
            signature_method: Some("HMAC-SHA256".into()),
            placement: Some(placement.into()),
            timestamp: Some(timestamp as f64),
            clock_offset: None,
            nonce: Some(nonce.into()),
            home_url: Some("http://shop.example".into()),
            strict: false,
        },
        NOW as u64,
    )
    .expect("signs");
    Case {
        name: name.into(),
        store: "variations".into(),
        home_url: "http://shop.example".into(),
        https: url.starts_with("https://"),
        method: out.method.clone(),
        target: target_of(&out.url),
        headers: out.headers.clone(),
        body: out.body.clone(),
        expect,
    }
}

fn build() -> Value {
    let vectors: Value = serde_json::from_str(VECTORS).unwrap();
    let mut cases = Vec::new();
    for v in vectors["vectors"].as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        let header = format!(
            "OAuth oauth_consumer_key=\"{}\", oauth_nonce=\"{}\", oauth_signature_method=\"{}\", oauth_timestamp=\"{}\", oauth_signature=\"{}\"",
            v["consumerKey"].as_str().unwrap(),
            v["nonce"].as_str().unwrap(),
            v["signatureMethod"].as_str().unwrap(),
            v["timestamp"],
            wc_keys::rawurlencode(v["signature"].as_str().unwrap().as_bytes()),
        );
        let mut headers = vec![("Authorization".to_string(), header)];
        let body = v["form"].as_str().map(str::to_string);
        if body.is_some() {
            headers.push((
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
        }
        let url = v["url"].as_str().unwrap();
        cases.push(Case {
            name: format!("woocommerce-vector/{name}"),
            store: format!("vector/{name}"),
            home_url: v["homeUrl"].as_str().unwrap().to_string(),
            https: url.starts_with("https://"),
            method: v["method"].as_str().unwrap().to_string(),
            target: target_of(url),
            headers,
            body,
            expect: accepted(),
        });
    }
    let rw = (RW_KEY, RW_SECRET);
    let products = "http://shop.example/wp-json/wc/v3/products";
    let invalid_sig = rejected(
        401,
        "woocommerce_rest_authentication_error",
        "Invalid signature - provided signature does not match.",
    );
    cases.push(signed(
        "query-placement",
        "GET",
        &format!("{products}?filter[status]=publish&include[]=3&include[]=4"),
        rw,
        "n0000000000000000000000000000001",
        NOW,
        "query",
        None,
        accepted(),
    ));
    cases.push(signed(
        "header-placement-post-form",
        "POST",
        products,
        rw,
        "n0000000000000000000000000000002",
        NOW,
        "header",
        Some("name=Mug&meta[a]=1"),
        accepted(),
    ));
    let mut flipped = signed(
        "flipped-signature",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000003",
        NOW,
        "header",
        None,
        invalid_sig.clone(),
    );
    flipped.headers[0].1 =
        flipped.headers[0]
            .1
            .replacen("oauth_signature=\"", "oauth_signature=\"A", 1);
    cases.push(flipped);
    let mut other_method = signed(
        "signed-get-sent-as-delete",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000004",
        NOW,
        "header",
        None,
        invalid_sig.clone(),
    );
    other_method.method = "DELETE".into();
    cases.push(other_method);
    cases.push(signed(
        "timestamp-16-minutes-old",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000006",
        NOW - 960,
        "header",
        None,
        rejected(
            401,
            "woocommerce_rest_authentication_error",
            "Invalid timestamp.",
        ),
    ));
    cases.push(signed(
        "timestamp-14-minutes-ahead",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000007",
        NOW + 840,
        "header",
        None,
        accepted(),
    ));
    let first = signed(
        "nonce-first-use",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000008",
        NOW,
        "header",
        None,
        accepted(),
    );
    let mut replay = first.clone();
    replay.name = "nonce-replayed".into();
    replay.expect = rejected(
        401,
        "woocommerce_rest_authentication_error",
        "Invalid nonce - nonce has already been used.",
    );
    cases.push(first);
    cases.push(replay);
    cases.push(signed(
        "nonce-reused-with-new-timestamp",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000008",
        NOW + 1,
        "header",
        None,
        rejected(
            401,
            "woocommerce_rest_authentication_error",
            "Invalid nonce - nonce has already been used.",
        ),
    ));
    let mut missing = signed(
        "missing-signature",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000009",
        NOW,
        "query",
        None,
        rejected(
            401,
            "woocommerce_rest_authentication_missing_parameter",
            "Missing OAuth parameter oauth_signature",
        ),
    );
    missing.target = missing
        .target
        .split("&oauth_signature=")
        .next()
        .unwrap()
        .to_string();
    cases.push(missing);
    let mut plaintext = signed(
        "signature-method-plaintext",
        "GET",
        products,
        rw,
        "n0000000000000000000000000000010",
        NOW,
        "header",
        None,
        rejected(
            401,
            "woocommerce_rest_authentication_error",
            "Invalid signature - signature method is invalid.",
        ),
    );
    plaintext.headers[0].1 = plaintext.headers[0].1.replace("HMAC-SHA256", "PLAINTEXT");
    cases.push(plaintext);
    cases.push(signed(
        "unknown-consumer-key",
        "GET",
        products,
        ("ck_0000000000000000000000000000000000000000", RW_SECRET),
        "n0000000000000000000000000000011",
        NOW,
        "header",
        None,
        rejected(
            401,
            "woocommerce_rest_authentication_error",
            "Consumer key is invalid.",
        ),
    ));
    cases.push(signed(
        "read-key-writes",
        "POST",
        products,
        (READ_KEY, READ_SECRET),
        "n0000000000000000000000000000012",
        NOW,
        "header",
        Some("name=X"),
        rejected(
            401,
            "woocommerce_rest_authentication_error",
            "The API key provided does not have write permissions.",
        ),
    ));
    let mut plus = signed(
        "literal-plus-is-a-space",
        "GET",
        &format!("{products}?search=red%20shoe"),
        rw,
        "n0000000000000000000000000000013",
        NOW,
        "header",
        None,
        accepted(),
    );
    plus.target = plus.target.replace("red%20shoe", "red+shoe");
    cases.push(plus);
    let mut encoded_plus = signed(
        "encoded-plus-is-not-a-space",
        "GET",
        &format!("{products}?search=red%20shoe"),
        rw,
        "n0000000000000000000000000000014",
        NOW,
        "header",
        None,
        invalid_sig.clone(),
    );
    encoded_plus.target = encoded_plus.target.replace("red%20shoe", "red%2Bshoe");
    cases.push(encoded_plus);
    let mut form_on_put = signed(
        "form-on-put-is-not-signed",
        "PUT",
        "http://shop.example/wp-json/wc/v3/products/11",
        rw,
        "n0000000000000000000000000000015",
        NOW,
        "header",
        None,
        accepted(),
    );
    form_on_put.body = Some("name=Ignored".into());
    form_on_put.headers.push((
        "Content-Type".into(),
        "application/x-www-form-urlencoded".into(),
    ));
    cases.push(form_on_put);
    // join_with_equals_sign() prefixes a child only `if ( $key )`: under a top-level key 0 the
    // children are signed bare (`0[a]=1` as `a=1`, `0[b][c]=2` as `b[c]=2`).
    cases.push(signed(
        "children-of-key-0-signed-bare",
        "GET",
        &format!("{products}?0[a]=1&0[b][c]=2&d=3"),
        rw,
        "n0000000000000000000000000000016",
        NOW,
        "header",
        None,
        accepted(),
    ));
    // array_merge( $_GET, $_POST ) renumbers integer keys: the query's `3[b]` becomes key 0
    // (children bare), the form's `7[a]` key 1 (children prefixed `1[a]`).
    cases.push(signed(
        "renumbered-key-0-signed-bare-post-form",
        "POST",
        &format!("{products}?3[b]=4"),
        rw,
        "n0000000000000000000000000000017",
        NOW,
        "header",
        Some("7[a]=1&x=2"),
        accepted(),
    ));

    json!({
        "about": "Signed requests and the outcome WooCommerce's REST authentication (class-wc-rest-authentication.php, WooCommerce 10.x/11.x) gives them. Written by sandbox/tests/corpus.rs; replayed by the sandbox and meant for the PHP verifier in tests/php/.",
        "format": {
            "now": "the store's clock (Unix time) for every case",
            "keys": "the key table: consumer key, consumer secret, permissions",
            "cases[].store": "cases with the same store share one key table (nonces are remembered), replayed in file order; each other store starts empty",
            "cases[].home_url": "the store's home URL (Settings > General > Site Address); the request reaches it under any name",
            "cases[].https": "whether the request arrived over HTTPS (is_ssl())",
            "cases[].method / target / headers / body": "the request as sent on the wire (target = REQUEST_URI)",
            "cases[].expect.outcome": "authenticated, or rejected with WooCommerce's status, code and message"
        },
        "now": NOW,
        "keys": [
            { "consumer_key": RW_KEY, "consumer_secret": RW_SECRET, "permissions": "read_write" },
            { "consumer_key": READ_KEY, "consumer_secret": READ_SECRET, "permissions": "read" }
        ],
        "cases": cases.iter().map(Case::to_json).collect::<Vec<_>>(),
    })
}

#[test]
fn corpus_file_is_current() {
    let text = format!("{}\n", serde_json::to_string_pretty(&build()).unwrap());
    if std::env::var_os("WC_SANDBOX_WRITE_CORPUS").is_some() {
        std::fs::write(CORPUS_PATH, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(CORPUS_PATH).unwrap_or_default();
    assert!(
        on_disk == text,
        "tests/corpus/signed-requests.json is stale: rerun with WC_SANDBOX_WRITE_CORPUS=1"
    );
}

fn sandbox_for(home_url: &str, keys: &[(Permission, String, String)]) -> Sandbox {
    let rest = home_url.split_once("://").unwrap().1;
    let (authority, path) = match rest.find('/') {
        Some(i) => (
            &rest[..i],
            Some(rest[i..].trim_end_matches('/').to_string()),
        ),
        None => (rest, None),
    };
    client::start(Config {
        home_host: Some(authority.to_string()),
        subdir: path.filter(|p| !p.is_empty()),
        frozen_clock: Some(NOW),
        extra_keys: keys.to_vec(),
        ..Config::default()
    })
}

/// The outcome the sandbox logged for its most recent request.
fn last_outcome(sandbox: &Sandbox) -> Value {
    let state = client::state(sandbox);
    let last = state["requests"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    if last["outcome"] == "rejected" {
        json!({ "outcome": "rejected", "status": last["status"], "code": last["error"], "message": last["message"] })
    } else {
        json!({ "outcome": last["outcome"] })
    }
}

#[test]
fn sandbox_agrees_with_the_corpus() {
    let corpus: Value =
        serde_json::from_str(&std::fs::read_to_string(CORPUS_PATH).unwrap()).unwrap();
    assert_eq!(corpus["now"], NOW);
    let keys: Vec<(Permission, String, String)> = corpus["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let p = match k["permissions"].as_str().unwrap() {
                "read" => Permission::Read,
                "write" => Permission::Write,
                _ => Permission::ReadWrite,
            };
            (
                p,
                k["consumer_key"].as_str().unwrap().to_string(),
                k["consumer_secret"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut stores: BTreeMap<String, Sandbox> = BTreeMap::new();
    let cases = corpus["cases"].as_array().unwrap();
    assert!(cases.len() >= 38, "{}", cases.len());
    let mut disagreements = Vec::new();
    for case in cases {
        let store = case["store"].as_str().unwrap().to_string();
        let sandbox = stores
            .entry(store)
            .or_insert_with(|| sandbox_for(case["home_url"].as_str().unwrap(), &keys));
        let base = if case["https"].as_bool().unwrap() {
            sandbox.https_url().unwrap()
        } else {
            sandbox.http_url()
        };
        let headers: Vec<(String, String)> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_string(),
                    h[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let header_refs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let body = case["body"].as_str().unwrap_or("");
        let url = format!("{base}{}", case["target"].as_str().unwrap());
        client::raw(
            sandbox,
            case["method"].as_str().unwrap(),
            &url,
            &header_refs,
            body.as_bytes(),
        );
        let got = last_outcome(sandbox);
        if got != case["expect"] {
            disagreements.push(format!(
                "{}: expected {}, got {}",
                case["name"], case["expect"], got
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

//! WooCommerce's REST authentication over real HTTP: every error code and message it returns,
//! each way a key can be presented, and the `wc-keys` signer cross-checked against the
//! sandbox's independent verifier.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/client.rs"]
mod client;

use client::{get, raw, seed, send_signed, sign, start, state, Opts};
use wc_sandbox::{Config, Permission};

const AUTH_ERROR: &str = "woocommerce_rest_authentication_error";

fn products(sandbox: &wc_sandbox::Sandbox) -> String {
    format!("{}/wp-json/wc/v3/products", sandbox.http_url())
}

#[test]
fn unauthenticated_requests_reach_the_route_and_are_refused_there() {
    let s = start(Config::default());
    let r = get(&s, &products(&s));
    assert_eq!(r.status, 401);
    assert_eq!(
        r.body,
        r#"{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}"#
    );
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=UTF-8")
    );
    // Public routes answer without a key.
    assert_eq!(get(&s, &format!("{}/wp-json/", s.http_url())).status, 200);
    assert_eq!(
        get(&s, &format!("{}/wp-json/wc/v3", s.http_url())).json()["namespace"],
        "wc/v3"
    );
}

#[test]
fn oauth_header_query_and_form_are_accepted_with_both_hash_methods() {
    let s = start(Config::default());
    let key = seed(&s, Permission::ReadWrite);
    for method in ["HMAC-SHA1", "HMAC-SHA256"] {
        for placement in ["header", "query"] {
            let url = format!("{}?per_page=3&search=a&filter[x]=1&tags[]=b", products(&s));
            let signed = sign(
                "GET",
                &url,
                &key,
                Opts {
                    signature_method: Some(method),
                    placement: Some(placement),
                    ..Opts::default()
                },
            );
            let r = send_signed(&s, &signed, &[]);
            assert_eq!(r.status, 200, "{method} {placement}: {}", r.body);
            assert!(r.json().is_array());
        }
    }
    // OAuth parameters in a POST form body are read from $_POST.
    let signed = sign(
        "POST",
        &products(&s),
        &key,
        Opts {
            form: Some("name=Form+made&regular_price=3.00"),
            placement: Some("query"),
            ..Opts::default()
        },
    );
    let url = signed.url.clone();
    let (path_q, oauth_q) = url.split_once('?').unwrap();
    let body = format!("{}&{oauth_q}", signed.body.clone().unwrap());
    let r = raw(
        &s,
        "POST",
        path_q,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["name"], "Form made");
    // The key's last access is recorded, as the admin list shows it.
    let st = state(&s);
    let row = st["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key_id"] == key.key_id)
        .unwrap()
        .clone();
    assert!(row["last_access"].is_string());
}

#[test]
fn every_oauth_error_has_woocommerces_code_message_and_status() {
    let s = start(Config::default());
    let key = seed(&s, Permission::ReadWrite);
    let url = products(&s);
    let check = |r: client::Resp, code: &str, message: &str| {
        assert_eq!(
            (r.status, r.code(), r.message()),
            (401, code.to_string(), message.to_string()),
            "{}",
            r.body
        );
    };

    // Missing parameters: one, then several, in WooCommerce's order.
    let r = get(&s, &format!("{url}?oauth_consumer_key={}&oauth_timestamp=1&oauth_nonce=x&oauth_signature_method=HMAC-SHA1", key.consumer_key));
    check(
        r,
        "woocommerce_rest_authentication_missing_parameter",
        "Missing OAuth parameter oauth_signature",
    );
    let r = get(&s, &format!("{url}?oauth_nonce=x"));
    check(r, "woocommerce_rest_authentication_missing_parameter", "Missing OAuth parameters oauth_consumer_key, oauth_timestamp, oauth_signature, oauth_signature_method");
    // "0" is empty to PHP.
    let r = raw(
        &s,
        "GET",
        &url,
        &[(
            "Authorization",
            r#"OAuth oauth_consumer_key="ck_x", oauth_timestamp="1", oauth_nonce="0", oauth_signature="s", oauth_signature_method="HMAC-SHA1""#,
        )],
        b"",
    );
    check(
        r,
        "woocommerce_rest_authentication_missing_parameter",
        "Missing OAuth parameter oauth_nonce",
    );

    // Unknown key.
    let mut other = key.clone();
    other.consumer_key = "ck_0000000000000000000000000000000000000000".into();
    check(
        send_signed(&s, &sign("GET", &url, &other, Opts::default()), &[]),
        AUTH_ERROR,
        "Consumer key is invalid.",
    );

    // Wrong secret: the signature does not match.
    let mut wrong = key.clone();
    wrong.consumer_secret = "cs_0000000000000000000000000000000000000000".into();
    check(
        send_signed(&s, &sign("GET", &url, &wrong, Opts::default()), &[]),
        AUTH_ERROR,
        "Invalid signature - provided signature does not match.",
    );

    // Signature method.
    let good = sign("GET", &url, &key, Opts::default());
    let bad_method = good.headers[0].1.replace("HMAC-SHA256", "PLAINTEXT");
    check(
        raw(&s, "GET", &url, &[("Authorization", &bad_method)], b""),
        AUTH_ERROR,
        "Invalid signature - signature method is invalid.",
    );

    // Timestamp window: ±15 minutes of the store's clock. Its exact edges (±900 in, ±901 out)
    // are checked with a fixed clock in src/auth.rs. Here the store's clock runs on while the
    // test sends: that only pushes -901 further out, but one tick would let +901 in, so the
    // refused future offset leaves 5 s.
    let now = wc_keys::unix_now() as i64;
    for (offset, accepted) in [(-901, false), (-880, true), (880, true), (905, false)] {
        let signed = sign(
            "GET",
            &url,
            &key,
            Opts {
                timestamp: Some(now + offset),
                ..Opts::default()
            },
        );
        let r = send_signed(&s, &signed, &[]);
        if accepted {
            assert_eq!(r.status, 200, "offset {offset}: {}", r.body);
        } else {
            check(r, AUTH_ERROR, "Invalid timestamp.");
        }
    }

    // Nonce replay, per key.
    let signed = sign(
        "GET",
        &url,
        &key,
        Opts {
            nonce: Some("replayreplayreplay"),
            ..Opts::default()
        },
    );
    assert_eq!(send_signed(&s, &signed, &[]).status, 200);
    check(
        send_signed(&s, &signed, &[]),
        AUTH_ERROR,
        "Invalid nonce - nonce has already been used.",
    );
    let read = seed(&s, Permission::Read);
    let same_nonce_other_key = sign(
        "GET",
        &url,
        &read,
        Opts {
            nonce: Some("replayreplayreplay"),
            ..Opts::default()
        },
    );
    assert_eq!(send_signed(&s, &same_nonce_other_key, &[]).status, 200);
    let st = state(&s);
    let row = st["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key_id"] == key.key_id)
        .unwrap()
        .clone();
    assert!(row["nonces"]
        .as_object()
        .unwrap()
        .values()
        .any(|v| v == "replayreplayreplay"));
}

#[test]
fn permissions_follow_the_method() {
    let s = start(Config::default());
    let url = products(&s);
    let read = seed(&s, Permission::Read);
    let write = seed(&s, Permission::Write);
    let r = send_signed(&s, &sign("GET", &url, &write, Opts::default()), &[]);
    assert_eq!(
        (r.status, r.message()),
        (
            401,
            "The API key provided does not have read permissions.".to_string()
        )
    );
    let r = send_signed(&s, &sign("HEAD", &url, &write, Opts::default()), &[]);
    assert_eq!(r.status, 401);
    assert!(r.body.is_empty());
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        let target = if method == "POST" {
            url.clone()
        } else {
            format!("{url}/11")
        };
        let r = send_signed(
            &s,
            &sign(method, &target, &read, Opts::default()),
            &[("Content-Type", "application/json")],
        );
        assert_eq!(
            (r.status, r.message()),
            (
                401,
                "The API key provided does not have write permissions.".to_string()
            ),
            "{method}"
        );
    }
    // The check runs before routing, so it applies to routes that do not exist.
    let r = send_signed(
        &s,
        &sign(
            "DELETE",
            &format!("{}/wp-json/wc/v3/nothing", s.http_url()),
            &read,
            Opts::default(),
        ),
        &[],
    );
    assert_eq!(
        r.message(),
        "The API key provided does not have write permissions."
    );
    // OPTIONS is always allowed; any other method is unknown (here via WordPress's _method).
    let r = send_signed(
        &s,
        &sign(
            "GET",
            &format!("{url}?_method=TRACE"),
            &read,
            Opts::default(),
        ),
        &[],
    );
    assert_eq!(
        (r.status, r.code(), r.message()),
        (
            401,
            AUTH_ERROR.to_string(),
            "Unknown request method.".to_string()
        )
    );
    let r = send_signed(
        &s,
        &sign(
            "GET",
            &format!("{url}?_method=OPTIONS"),
            &write,
            Opts::default(),
        ),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["namespace"], "wc/v3");
}

#[test]
fn basic_auth_and_query_credentials_work_over_https_only() {
    let s = start(Config::default());
    let https = format!("{}/wp-json/wc/v3/products", s.https_url().unwrap());
    let key = seed(&s, Permission::Read);
    let basic = wc_keys::basic_auth_header(
        &wc_keys::ConsumerKey::new(key.consumer_key.clone()),
        &wc_keys::ConsumerSecret::new(key.consumer_secret.clone()),
    )
    .unwrap();
    assert_eq!(
        raw(&s, "GET", &https, &[("Authorization", &basic)], b"").status,
        200
    );
    let query = format!(
        "{https}?consumer_key={}&consumer_secret={}",
        key.consumer_key, key.consumer_secret
    );
    assert_eq!(get(&s, &query).status, 200);
    // Over plain HTTP neither is looked at: the request is anonymous.
    let http = products(&s);
    assert_eq!(
        raw(&s, "GET", &http, &[("Authorization", &basic)], b"").code(),
        "woocommerce_rest_cannot_view"
    );
    // A wrong secret is an error; an unknown key is not (the request goes on anonymous).
    let bad = format!(
        "{https}?consumer_key={}&consumer_secret=cs_wrong",
        key.consumer_key
    );
    let r = get(&s, &bad);
    assert_eq!(
        (r.status, r.code(), r.message()),
        (
            401,
            AUTH_ERROR.to_string(),
            "Consumer secret is invalid.".to_string()
        )
    );
    // WooCommerce only sends WWW-Authenticate when Basic was its last attempt, and it always
    // goes on to OAuth after a failed Basic, so the header never appears.
    assert_eq!(r.header("www-authenticate"), None);
    let unknown = format!("{https}?consumer_key=ck_unknown&consumer_secret=cs_x");
    assert_eq!(get(&s, &unknown).code(), "woocommerce_rest_cannot_view");
    // The failed Basic error stays even when OAuth then succeeds.
    let signed = sign("GET", &https, &key, Opts::default());
    let r = send_signed(&s, &signed, &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let mixed = sign(
        "GET",
        &format!(
            "{https}?consumer_key={}&consumer_secret=cs_wrong",
            key.consumer_key
        ),
        &key,
        Opts::default(),
    );
    assert_eq!(
        send_signed(&s, &mixed, &[]).message(),
        "Consumer secret is invalid."
    );
}

#[test]
fn a_key_cannot_reach_a_route_outside_the_wc_namespaces() {
    let s = start(Config::default());
    let key = seed(&s, Permission::ReadWrite);
    // The URI names a wc/ route (so the key authenticates) but the POST body's rest_route
    // sends WordPress elsewhere.
    let signed = sign(
        "POST",
        &products(&s),
        &key,
        Opts {
            form: Some("rest_route=/"),
            ..Opts::default()
        },
    );
    let r = send_signed(&s, &signed, &[]);
    assert_eq!(
        (r.status, r.message()),
        (
            401,
            "The provided API key cannot be used to access this endpoint.".to_string()
        ),
        "{}",
        r.body
    );
}

#[test]
fn array_parameters_where_php_expects_strings_are_fatal() {
    let s = start(Config::default());
    let key = seed(&s, Permission::Read);
    let url = format!("{}?oauth_consumer_key={}&oauth_timestamp=1&oauth_nonce=n&oauth_signature_method=HMAC-SHA1&oauth_signature[]=x", products(&s), key.consumer_key);
    let r = get(&s, &url);
    assert_eq!(
        (r.status, r.code()),
        (500, "internal_server_error".to_string())
    );
}

#[test]
fn the_wc_keys_signer_passes_the_independent_verifier() {
    let s = start(Config::default());
    let key = seed(&s, Permission::ReadWrite);
    let queries = [
        "",
        "?a=1&a=2",
        "?x.y=1&p%20q=2",
        "?search=red+shoe",
        "?code=10%25off",
        "?sku=AB~12*(x)!'",
        "?a=&b",
        "?search=%E6%97%A5%E6%9C%AC",
        "?B=1&a=2&_c=3&Z=4",
        "?7=x&b=2",
        "?meta[color][value]=red&meta[color][compare]=%3D",
        "?include[]=12&include[]=7&per_page=10",
    ];
    for q in queries {
        for placement in ["header", "query"] {
            let signed = sign(
                "GET",
                &format!("{}{q}", products(&s)),
                &key,
                Opts {
                    placement: Some(placement),
                    ..Opts::default()
                },
            );
            let r = send_signed(&s, &signed, &[]);
            assert!(
                r.status == 200 || r.code() == "rest_invalid_param",
                "{q} {placement}: {}",
                r.body
            );
        }
    }
    // Form bodies are signed for POST only.
    let signed = sign(
        "POST",
        &format!("{}/batch", products(&s)),
        &key,
        Opts {
            form: Some("create[0][name]=Mug&create[0][regular_price]=9.50"),
            ..Opts::default()
        },
    );
    let r = send_signed(&s, &signed, &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["create"][0]["name"], "Mug");
    let signed = sign(
        "PATCH",
        &format!("{}/11", products(&s)),
        &key,
        Opts {
            form: Some("name=Patched"),
            ..Opts::default()
        },
    );
    let r = send_signed(&s, &signed, &[]);
    assert_eq!(
        (r.status, r.json()["name"].clone()),
        (200, serde_json::json!("Patched")),
        "{}",
        r.body
    );
}

//! The REST routes and WordPress's REST server behaviour: pagination headers and links, CRUD,
//! batch, validation errors, system status, CORS and the preflight trap.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/client.rs"]
mod client;

use client::{get, raw, seed, send_signed, sign, start, Opts};
use wc_sandbox::{Config, Permission};

#[test]
fn lists_products_with_woocommerces_pagination() {
    let s = start(Config::default());
    let key = seed(&s, Permission::Read);
    let base = format!("{}/wp-json/wc/v3/products", s.http_url());
    let r = send_signed(
        &s,
        &sign(
            "GET",
            &format!("{base}?per_page=5&page=2"),
            &key,
            Opts::default(),
        ),
        &[],
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        (r.header("x-wp-total"), r.header("x-wp-totalpages")),
        (Some("12"), Some("3"))
    );
    assert_eq!(r.json().as_array().unwrap().len(), 5);
    let link = r.header("link").unwrap();
    assert_eq!(
        link,
        format!(
            "<{base}?per_page=5&page=1>; rel=\"prev\", <{base}?per_page=5&page=3>; rel=\"next\""
        )
    );
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("X-WP-Total, X-WP-TotalPages, Link")
    );
    assert_eq!(
        r.header("cache-control"),
        Some("no-cache, must-revalidate, max-age=0, no-store, private")
    );
    assert_eq!(r.header("allow"), Some("GET, POST"));
    // Newest first, 10 by default, an empty page past the end.
    let r = send_signed(&s, &sign("GET", &base, &key, Opts::default()), &[]);
    let items = r.json();
    assert_eq!(items.as_array().unwrap().len(), 10);
    assert_eq!(items[0]["name"], "Poster");
    let r = send_signed(
        &s,
        &sign("GET", &format!("{base}?page=9"), &key, Opts::default()),
        &[],
    );
    assert_eq!(
        (r.body.as_str(), r.header("x-wp-total")),
        ("[]", Some("12"))
    );
    // Invalid parameters are refused before permissions are checked.
    let r = get(&s, &format!("{base}?per_page=101"));
    assert_eq!(
        (r.status, r.code()),
        (400, "rest_invalid_param".to_string())
    );
    assert_eq!(
        r.json()["data"]["params"]["per_page"],
        "per_page must be between 1 (inclusive) and 100 (inclusive)"
    );
    let r = get(&s, &format!("{base}?order=up"));
    assert_eq!(
        r.json()["data"]["params"]["order"],
        "order is not one of asc and desc."
    );
    let r = get(&s, &format!("{base}?page=x"));
    assert_eq!(
        r.json()["data"]["details"]["page"]["code"],
        "rest_invalid_type"
    );
}

#[test]
fn creates_reads_updates_deletes_and_batches() {
    let s = start(Config::default());
    let key = seed(&s, Permission::ReadWrite);
    let base = format!("{}/wp-json/wc/v3/products", s.http_url());
    let json = [("Content-Type", "application/json")];
    let mut signed = sign("POST", &base, &key, Opts::default());
    signed.body = Some(r#"{"name":"Sandbox Mug","regular_price":"9.50","sku":"MUG-1"}"#.into());
    let r = send_signed(&s, &signed, &json);
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.header("location"), Some(format!("{base}/{id}").as_str()));
    assert_eq!(r.json()["slug"], "sandbox-mug");
    // A number where a string is expected.
    let mut bad = sign("POST", &base, &key, Opts::default());
    bad.body = Some(r#"{"name":"X","regular_price":9.5}"#.into());
    let r = send_signed(&s, &bad, &json);
    assert_eq!(
        (r.status, r.message()),
        (400, "Invalid parameter(s): regular_price".to_string())
    );
    let mut bad = sign("POST", &base, &key, Opts::default());
    bad.body = Some("{not json".into());
    assert_eq!(send_signed(&s, &bad, &json).code(), "rest_invalid_json");
    let mut dup = sign("POST", &base, &key, Opts::default());
    dup.body = Some(r#"{"name":"Y","sku":"MUG-1"}"#.into());
    assert_eq!(send_signed(&s, &dup, &json).code(), "product_invalid_sku");

    let r = send_signed(
        &s,
        &sign("GET", &format!("{base}/{id}"), &key, Opts::default()),
        &[],
    );
    assert_eq!(r.json()["sku"], "MUG-1");
    let mut up = sign("PUT", &format!("{base}/{id}"), &key, Opts::default());
    up.body = Some(r#"{"sale_price":"7.00"}"#.into());
    let r = send_signed(&s, &up, &json);
    assert_eq!(
        (r.json()["price"].clone(), r.json()["on_sale"].clone()),
        (serde_json::json!("7.00"), serde_json::json!(true))
    );

    let r = send_signed(
        &s,
        &sign("DELETE", &format!("{base}/{id}"), &key, Opts::default()),
        &[],
    );
    assert_eq!(r.json()["status"], "trash");
    let r = send_signed(
        &s,
        &sign("DELETE", &format!("{base}/{id}"), &key, Opts::default()),
        &[],
    );
    assert_eq!(
        (r.status, r.code(), r.message()),
        (
            410,
            "woocommerce_rest_already_trashed".to_string(),
            "The product has already been deleted.".to_string()
        )
    );
    let r = send_signed(
        &s,
        &sign(
            "DELETE",
            &format!("{base}/{id}?force=true"),
            &key,
            Opts::default(),
        ),
        &[],
    );
    assert_eq!(r.status, 200);
    let r = send_signed(
        &s,
        &sign("GET", &format!("{base}/{id}"), &key, Opts::default()),
        &[],
    );
    assert_eq!(
        (r.status, r.code(), r.message()),
        (
            404,
            "woocommerce_rest_product_invalid_id".to_string(),
            "Invalid ID.".to_string()
        )
    );
    let mut up = sign("PUT", &format!("{base}/{id}"), &key, Opts::default());
    up.body = Some("{}".into());
    assert_eq!(send_signed(&s, &up, &json).status, 400);

    let mut batch = sign("POST", &format!("{base}/batch"), &key, Opts::default());
    batch.body = Some(r#"{"create":[{"name":"B1"}],"update":[{"id":11,"name":"Renamed"},{"id":999,"name":"Nope"}],"delete":[12]}"#.into());
    let r = send_signed(&s, &batch, &json);
    let j = r.json();
    assert_eq!(
        (
            j["create"][0]["name"].clone(),
            j["update"][0]["name"].clone()
        ),
        (serde_json::json!("B1"), serde_json::json!("Renamed"))
    );
    assert_eq!(
        j["update"][1]["error"]["code"],
        "woocommerce_rest_product_invalid_id"
    );
    assert_eq!(j["delete"][0]["id"], 12);
    let many: Vec<String> = (0..101).map(|i| format!(r#"{{"name":"n{i}"}}"#)).collect();
    let mut big = sign("POST", &format!("{base}/batch"), &key, Opts::default());
    big.body = Some(format!(r#"{{"create":[{}]}}"#, many.join(",")));
    let r = send_signed(&s, &big, &json);
    assert_eq!(
        (r.status, r.code()),
        (413, "woocommerce_rest_request_entity_too_large".to_string())
    );
}

#[test]
fn anonymous_writes_and_unknown_routes() {
    let s = start(Config::default());
    let base = format!("{}/wp-json/wc/v3", s.http_url());
    let r = raw(&s, "POST", &format!("{base}/products"), &[], b"");
    assert_eq!(
        (r.status, r.code()),
        (401, "woocommerce_rest_cannot_create".to_string())
    );
    let r = raw(&s, "POST", &format!("{base}/products/batch"), &[], b"");
    assert_eq!(r.code(), "woocommerce_rest_cannot_batch");
    assert_eq!(
        raw(&s, "PUT", &format!("{base}/products/11"), &[], b"").code(),
        "woocommerce_rest_cannot_edit"
    );
    assert_eq!(
        raw(&s, "DELETE", &format!("{base}/products/11"), &[], b"").code(),
        "woocommerce_rest_cannot_delete"
    );
    assert_eq!(
        get(&s, &format!("{base}/products/11")).message(),
        "Sorry, you cannot view this resource."
    );
    assert_eq!(
        get(&s, &format!("{base}/system_status")).code(),
        "woocommerce_rest_cannot_view"
    );
    let r = get(&s, &format!("{base}/nothing"));
    assert_eq!(
        (r.status, r.code(), r.message()),
        (
            404,
            "rest_no_route".to_string(),
            "No route was found matching the URL and request method.".to_string()
        )
    );
    assert_eq!(
        raw(&s, "PUT", &format!("{base}/products"), &[], b"").code(),
        "rest_no_route"
    );
    // The REST answer carries WordPress's discovery link.
    assert_eq!(
        get(&s, &format!("{base}/nothing")).header("link"),
        Some(format!("<{}/wp-json/>; rel=\"https://api.w.org/\"", s.http_url()).as_str())
    );
}

#[test]
fn system_status_for_a_key() {
    let s = start(Config::default());
    let key = seed(&s, Permission::Read);
    let r = send_signed(
        &s,
        &sign(
            "GET",
            &format!("{}/wp-json/wc/v3/system_status", s.http_url()),
            &key,
            Opts::default(),
        ),
        &[],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["environment"]["home_url"], s.home_url());
}

#[test]
fn cors_as_wordpress_sends_it_and_the_preflight_trap() {
    let s = start(Config::default());
    let key = seed(&s, Permission::Read);
    let base = format!("{}/wp-json/wc/v3/products", s.http_url());
    let origin = [("Origin", "http://localhost:5173")];
    let signed = sign("GET", &base, &key, Opts::default());
    let r = send_signed(&s, &signed, &origin);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("OPTIONS, GET, POST, PUT, PATCH, DELETE")
    );
    assert!(r
        .header("access-control-allow-headers")
        .unwrap()
        .contains("Authorization"));
    assert!(r
        .header("access-control-allow-headers")
        .unwrap()
        .contains("Content-Type"));
    assert_eq!(r.headers_named("vary"), vec!["Origin"]);
    // A preflight for header placement carries no credentials and succeeds.
    let pre = [
        ("Origin", "http://localhost:5173"),
        ("Access-Control-Request-Method", "GET"),
        ("Access-Control-Request-Headers", "authorization"),
    ];
    let r = raw(&s, "OPTIONS", &base, &pre, b"");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    // With query placement the preflight carries the OAuth parameters, WooCommerce checks them
    // with method OPTIONS, and the signature (made for GET) fails.
    let q = sign(
        "GET",
        &base,
        &key,
        Opts {
            placement: Some("query"),
            ..Opts::default()
        },
    );
    let r = raw(&s, "OPTIONS", &q.url, &pre, b"");
    assert_eq!(
        (r.status, r.message()),
        (
            401,
            "Invalid signature - provided signature does not match.".to_string()
        )
    );
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
}

#[test]
fn a_preflight_to_a_route_that_does_not_exist_passes() {
    // rest_handle_options_request() answers any OPTIONS with 200 (an empty array when no route
    // matches), so a browser's POST to a missing route gets past its preflight and then 404.
    let s = start(Config::default());
    let url = format!("{}/wp-json/wc/v3/no-such-route", s.http_url());
    let pre = [
        ("Origin", "http://localhost:5173"),
        ("Access-Control-Request-Method", "POST"),
        (
            "Access-Control-Request-Headers",
            "authorization,content-type",
        ),
    ];
    let r = raw(&s, "OPTIONS", &url, &pre, b"");
    assert_eq!((r.status, r.body.as_str()), (200, "[]"));
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    let r = raw(
        &s,
        "POST",
        &url,
        &[
            ("Origin", "http://localhost:5173"),
            ("Content-Type", "application/json"),
        ],
        b"{}",
    );
    assert_eq!((r.status, r.code()), (404, "rest_no_route".to_string()));
}

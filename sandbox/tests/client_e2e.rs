//! What the REST client's end-to-end tests (tests/js/client-e2e*.mjs) need of the sandbox: the
//! test-only `--rate-limit` switch, and `include` on the product list (an array parameter whose
//! effect a test can see).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/client.rs"]
mod client;

use client::{raw, seed, send_signed, sign, start, Opts};
use wc_sandbox::{Config, Permission};

#[test]
fn rate_limit_answers_the_first_requests_429_then_serves() {
    let s = start(Config {
        rate_limit: 2,
        ..Config::default()
    });
    let key = seed(&s, Permission::Read);
    let url = format!("{}/wp-json/wc/v3/products", s.http_url());
    // A CORS preflight is neither refused nor counted.
    let pre = raw(
        &s,
        "OPTIONS",
        &url,
        &[
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "GET"),
        ],
        b"",
    );
    assert_eq!(pre.status, 200);
    for _ in 0..2 {
        let r = send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]);
        assert_eq!(r.status, 429, "{}", r.body);
        assert_eq!(r.code(), "sandbox_rate_limited");
        assert_eq!(r.header("retry-after"), Some("1"));
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=UTF-8")
        );
    }
    let r = send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("retry-after"), None);
}

#[test]
fn include_limits_the_list_to_those_ids() {
    let s = start(Config::default());
    let key = seed(&s, Permission::Read);
    let ids = |query: &str| -> Vec<i64> {
        let url = format!("{}/wp-json/wc/v3/products?{query}", s.http_url());
        let r = send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]);
        assert_eq!(r.status, 200, "{query}: {}", r.body);
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        ids("include[]=12&include[]=14&orderby=id&order=asc"),
        [12, 14]
    );
    assert_eq!(
        ids("include[0]=15&include[1]=11&orderby=id&order=asc"),
        [11, 15]
    );
    assert_eq!(ids("include=13,16&orderby=id&order=asc"), [13, 16]);
    assert_eq!(ids("include[]=999").len(), 0);
    let url = format!("{}/wp-json/wc/v3/products?include[]=x", s.http_url());
    let r = send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]);
    assert_eq!(
        (r.status, r.code()),
        (400, "rest_invalid_param".to_string())
    );
    assert_eq!(
        r.json()["data"]["params"]["include"],
        "include[0] is not of type integer."
    );
}

#[test]
fn expose_headers_adds_to_what_browsers_may_read() {
    let s = start(Config {
        expose_headers: Some("Date, Retry-After".into()),
        ..Config::default()
    });
    let url = format!("{}/wp-json/wc/v3", s.http_url());
    let r = raw(&s, "GET", &url, &[("Origin", "http://localhost:5173")], b"");
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("X-WP-Total, X-WP-TotalPages, Link, Date, Retry-After")
    );
    let plain = start(Config::default());
    let url = format!("{}/wp-json/wc/v3", plain.http_url());
    let r = raw(
        &plain,
        "GET",
        &url,
        &[("Origin", "http://localhost:5173")],
        b"",
    );
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("X-WP-Total, X-WP-TotalPages, Link")
    );
}

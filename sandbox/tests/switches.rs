//! Each store quirk, switched on, changes what a client must do, as it would with a real store.
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
fn plain_permalinks_serve_rest_route_only() {
    let s = start(Config {
        plain_permalinks: true,
        ..Config::default()
    });
    let key = seed(&s, Permission::Read);
    assert_eq!(
        get(&s, &format!("{}/wp-json/wc/v3/products", s.http_url())).status,
        404
    );
    let url = format!("{}/?rest_route=/wc/v3/products&per_page=5", s.http_url());
    let r = send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.header("link"),
        Some(
            format!(
                "<{}/?rest_route=%2Fwc%2Fv3%2Fproducts&per_page=5&page=2>; rel=\"next\"",
                s.http_url()
            )
            .as_str()
        )
    );
    assert_eq!(
        r.json()[0]["_links"]["self"][0]["href"],
        format!("{}/?rest_route=/wc/v3/products/22", s.http_url())
    );
}

#[test]
fn subdirectory_install_signs_with_the_home_path() {
    let s = start(Config {
        subdir: Some("/shop".into()),
        ..Config::default()
    });
    let key = seed(&s, Permission::Read);
    assert_eq!(s.home_url(), format!("{}/shop", s.http_url()));
    assert_eq!(
        get(&s, &format!("{}/wp-json/wc/v3/products", s.http_url())).status,
        404
    );
    let url = format!("{}/shop/wp-json/wc/v3/products", s.http_url());
    assert_eq!(
        send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]).status,
        200
    );
    let plain = format!("{}/shop/?rest_route=/wc/v3/products", s.http_url());
    assert_eq!(
        send_signed(&s, &sign("GET", &plain, &key, Opts::default()), &[]).status,
        200
    );
    assert_eq!(get(&s, &format!("{}/shop", s.http_url())).status, 301);
}

#[test]
fn a_different_home_host_must_be_signed_for() {
    let s = start(Config {
        home_host: Some("shop.test".into()),
        ..Config::default()
    });
    let key = seed(&s, Permission::Read);
    let url = format!("{}/wp-json/wc/v3/products", s.http_url());
    let r = send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]);
    assert_eq!(
        r.message(),
        "Invalid signature - provided signature does not match."
    );
    let signed = sign(
        "GET",
        &url,
        &key,
        Opts {
            home_url: Some("http://shop.test".into()),
            ..Opts::default()
        },
    );
    assert_eq!(send_signed(&s, &signed, &[]).status, 200);
}

#[test]
fn a_stripped_authorization_header_leaves_the_query() {
    let s = start(Config {
        strip_authorization: true,
        ..Config::default()
    });
    let key = seed(&s, Permission::Read);
    let url = format!("{}/wp-json/wc/v3/products", s.http_url());
    let r = send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]);
    assert_eq!(r.code(), "woocommerce_rest_cannot_view");
    let q = sign(
        "GET",
        &url,
        &key,
        Opts {
            placement: Some("query"),
            ..Opts::default()
        },
    );
    assert_eq!(send_signed(&s, &q, &[]).status, 200);
    let https = format!("{}/wp-json/wc/v3/products", s.https_url().unwrap());
    let basic = format!(
        "Basic {}",
        wc_keys::basic_auth_header(
            &wc_keys::ConsumerKey::new(key.consumer_key.clone()),
            &wc_keys::ConsumerSecret::new(key.consumer_secret.clone())
        )
        .unwrap()
        .trim_start_matches("Basic ")
    );
    assert_eq!(
        raw(&s, "GET", &https, &[("Authorization", &basic)], b"").code(),
        "woocommerce_rest_cannot_view"
    );
}

#[test]
fn a_skewed_store_clock_refuses_our_timestamps() {
    let s = start(Config {
        clock_skew: 3600,
        ..Config::default()
    });
    let key = seed(&s, Permission::Read);
    let url = format!("{}/wp-json/wc/v3/products", s.http_url());
    assert_eq!(
        send_signed(&s, &sign("GET", &url, &key, Opts::default()), &[]).message(),
        "Invalid timestamp."
    );
    let later = sign(
        "GET",
        &url,
        &key,
        Opts {
            timestamp: Some(wc_keys::unix_now() as i64 + 3600),
            ..Opts::default()
        },
    );
    assert_eq!(send_signed(&s, &later, &[]).status, 200);
}

#[test]
fn an_http_to_https_redirect_breaks_http_signatures() {
    let s = start(Config {
        redirect_https: true,
        ..Config::default()
    });
    let key = seed(&s, Permission::Read);
    let http = format!("{}/wp-json/wc/v3/products?per_page=2", s.http_url());
    let q = sign(
        "GET",
        &http,
        &key,
        Opts {
            placement: Some("query"),
            ..Opts::default()
        },
    );
    let r = get(&s, &q.url);
    assert_eq!(r.status, 301);
    let location = r.header("location").unwrap().to_string();
    assert!(location.starts_with(&format!(
        "{}/wp-json/wc/v3/products?per_page=2&oauth_",
        s.https_url().unwrap()
    )));
    // Following it: the scheme (and here the port) in the base string changed.
    assert_eq!(
        get(&s, &location).message(),
        "Invalid signature - provided signature does not match."
    );
    let https = format!("{}/wp-json/wc/v3/products", s.https_url().unwrap());
    assert_eq!(
        send_signed(&s, &sign("GET", &https, &key, Opts::default()), &[]).status,
        200
    );
}

#[test]
fn the_date_header_shows_the_store_clock() {
    // A real web server sends Date from the store machine's clock: what a client measures the
    // skew with after "Invalid timestamp.".
    let s = start(Config {
        clock_skew: -1200,
        ..Config::default()
    });
    let r = get(&s, &format!("{}/wp-json/", s.http_url()));
    let date = r.header("date").expect("a Date header");
    let offset = wc_keys::clock_offset(date, wc_keys::unix_now()).expect("an HTTP date");
    assert!((-1205..=-1195).contains(&offset), "{date}: {offset}");
    assert!(date.ends_with(" GMT"), "{date}");
}

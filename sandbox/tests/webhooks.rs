//! Webhooks: registration errors, the unsigned ping, and signed deliveries of product changes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/client.rs"]
mod client;
#[path = "support/receiver.rs"]
mod receiver;

use client::{seed, send_signed, sign, start, Opts};
use wc_sandbox::{Config, Permission};

#[test]
fn register_ping_and_signed_delivery() {
    let s = start(Config::default());
    let key = seed(&s, Permission::ReadWrite);
    let hooks = format!("{}/wp-json/wc/v3/webhooks", s.http_url());
    let json = [("Content-Type", "application/json")];
    let post = |body: &str| {
        let mut signed = sign("POST", &hooks, &key, Opts::default());
        signed.body = Some(body.to_string());
        send_signed(&s, &signed, &json)
    };
    let r = post(r#"{"topic":"product.sold","delivery_url":"http://127.0.0.1:9/x"}"#);
    assert_eq!(
        (r.status, r.code(), r.message()),
        (
            400,
            "woocommerce_rest_shop_webhook_invalid_topic".to_string(),
            "Webhook topic is required and must be valid.".to_string()
        )
    );
    let r = post(r#"{"topic":"product.updated","delivery_url":"ftp://x"}"#);
    assert_eq!(
        r.code(),
        "woocommerce_rest_shop_webhook_invalid_delivery_url"
    );

    let rx = receiver::listen(200);
    let r = post(&format!(
        r#"{{"name":"Sync","topic":"product.updated","delivery_url":"{}","secret":"s3cr&amp;t"}}"#,
        rx.url
    ));
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert!(r.json().get("secret").is_none());
    let ping = rx.next().expect("ping");
    assert_eq!(ping.body, format!("webhook_id={id}"));
    assert_eq!(ping.header("x-wc-webhook-signature"), None);

    let mut up = sign(
        "PUT",
        &format!("{}/wp-json/wc/v3/products/11", s.http_url()),
        &key,
        Opts::default(),
    );
    up.body = Some(r#"{"regular_price":"21.00"}"#.into());
    assert_eq!(send_signed(&s, &up, &json).status, 200);
    let got = rx.next().expect("delivery");
    assert_eq!(got.header("content-type"), Some("application/json"));
    assert_eq!(got.header("x-wc-webhook-topic"), Some("product.updated"));
    assert_eq!(got.header("x-wc-webhook-resource"), Some("product"));
    assert_eq!(got.header("x-wc-webhook-event"), Some("updated"));
    assert_eq!(got.header("x-wc-webhook-id"), Some(id.to_string().as_str()));
    assert_eq!(
        got.header("x-wc-webhook-source"),
        Some(format!("{}/", s.http_url()).as_str())
    );
    assert_eq!(
        got.header("x-wc-webhook-delivery-id").map(str::len),
        Some(32)
    );
    // base64 HMAC-SHA256 of the raw body, with the secret's entities decoded ("s3cr&t").
    let expected = {
        use hmac::{Hmac, KeyInit, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"s3cr&t").unwrap();
        mac.update(got.body.as_bytes());
        let bytes = mac.finalize().into_bytes();
        wc_sandbox_b64(&bytes)
    };
    assert_eq!(
        got.header("x-wc-webhook-signature"),
        Some(expected.as_str())
    );
    let body: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(
        (body["id"].clone(), body["regular_price"].clone()),
        (serde_json::json!(11), serde_json::json!("21.00"))
    );
    assert!(got.body.contains("\\/"), "PHP escapes slashes");

    // Deleting needs force.
    let r = send_signed(
        &s,
        &sign("DELETE", &format!("{hooks}/{id}"), &key, Opts::default()),
        &[],
    );
    assert_eq!(
        (r.status, r.code()),
        (501, "woocommerce_rest_trash_not_supported".to_string())
    );
    let r = send_signed(
        &s,
        &sign(
            "DELETE",
            &format!("{hooks}/{id}?force=true"),
            &key,
            Opts::default(),
        ),
        &[],
    );
    assert_eq!(r.status, 200);
}

fn wc_sandbox_b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        out.push(A[(n >> 18) as usize & 63] as char);
        out.push(A[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 {
            A[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            A[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

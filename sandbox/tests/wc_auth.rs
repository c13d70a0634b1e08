//! The wc-auth flow: parameter errors as WooCommerce shows them, login, the approve page, Deny,
//! Approve with the callback POST, and a refused or failed callback deleting the key.
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

use client::{get, raw, start, state, Resp};
use wc_sandbox::{Config, Sandbox};

fn cookie_of(r: &Resp) -> String {
    r.header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// Logs in through the wc-auth login form; returns the session cookie and where it redirected.
fn login(s: &Sandbox, login_url: &str) -> (String, String) {
    let page = get(s, login_url);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("would like to connect to your store"));
    let nonce = page
        .body
        .split("name=\"woocommerce-login-nonce\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let redirect = page
        .body
        .split("name=\"redirect\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#038;", "&");
    let body = format!(
        "username=admin&password=password&login=Login&woocommerce-login-nonce={nonce}&redirect={}",
        wc_keys::rawurlencode(redirect.as_bytes())
    );
    let r = raw(
        s,
        "POST",
        login_url,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 302, "{}", r.body);
    (cookie_of(&r), r.header("location").unwrap().to_string())
}

/// The approve button's `href` on the authorize page, HTML entities undone.
fn approve_link(page: &str) -> String {
    page.split("href=\"")
        .find(|h| h.contains("wc_auth_nonce"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#038;", "&")
}

fn query(callback: &str, scope: &str) -> String {
    format!(
        "app_name=Demo+App&scope={scope}&user_id=session-42&return_url={}&callback_url={}",
        wc_keys::rawurlencode(b"https://app.test/return?from=woo"),
        wc_keys::rawurlencode(callback.as_bytes())
    )
}

#[test]
fn parameter_errors_are_woocommerces_401_pages() {
    let s = start(Config::default());
    let base = format!("{}/wc-auth/v1/authorize", s.http_url());
    let cases = [
        ("", "Error: Missing parameter app_name."),
        ("app_name=A", "Error: Missing parameter user_id."),
        ("app_name=A&user_id=1&return_url=r&callback_url=c&scope=all", "Error: Invalid scope all."),
        ("app_name[]=A", "Error: Invalid parameter app_name."),
        ("app_name=A&user_id=1&return_url=a%2520b&callback_url=c&scope=read", "Error: The https://a b is not a valid URL."),
        ("app_name=A&user_id=1&return_url=r.test&callback_url=http%3A%2F%2Fapp.test%2Fcb&scope=read", "Error: The callback_url needs to be over SSL."),
    ];
    for (q, message) in cases {
        let r = get(&s, &format!("{base}?{q}"));
        assert_eq!(r.status, 401, "{q}");
        assert!(r.body.contains(message), "{q}: {}", r.body);
        assert!(r.body.contains("<title>Access denied</title>"));
    }
    // Logged out, access_granted is refused outright.
    let r = get(
        &s,
        &format!(
            "{}/wc-auth/v1/access_granted?{}",
            s.http_url(),
            query("https://app.test/cb", "read")
        ),
    );
    assert!(r
        .body
        .contains("Error: You do not have permission to access this page."));
}

#[test]
fn approve_posts_the_key_to_the_callback_and_redirects_back() {
    let s = start(Config::default());
    let rx = receiver::listen(200);
    let q = query(&rx.url, "read_write");
    // Not logged in: authorize redirects to login, with WooCommerce's own URL.
    let r = get(&s, &format!("{}/wc-auth/v1/authorize?{q}", s.http_url()));
    assert_eq!(r.status, 302);
    let login_url = r.header("location").unwrap().to_string();
    assert!(login_url.starts_with(&format!("{}/wc-auth/v1/login/?app_name=Demo%20App&user_id=session-42&return_url=https%3A%2F%2Fapp.test", s.http_url())), "{login_url}");
    let (cookie, authorize) = login(&s, &login_url);
    let page = raw(&s, "GET", &authorize, &[("Cookie", &cookie)], b"");
    assert_eq!(page.status, 200);
    for text in [
        "Demo App would like to connect to your store",
        "<strong>Read/Write</strong>",
        "View and manage products",
        "Create webhooks",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    let deny = page
        .body
        .split("href=\"")
        .find(|h| h.contains("wc-auth-deny") || h.starts_with("https://app.test"))
        .unwrap();
    assert!(
        deny.starts_with("https://app.test/return?from=woo&#038;success=0&#038;user_id=session-42"),
        "{deny}"
    );
    let approve = approve_link(&page.body);
    // A wrong nonce is refused.
    let forged =
        approve.split("wc_auth_nonce=").next().unwrap().to_string() + "wc_auth_nonce=0000000000";
    assert!(raw(&s, "GET", &forged, &[("Cookie", &cookie)], b"")
        .body
        .contains("Error: Invalid nonce verification."));
    let r = raw(&s, "GET", &approve, &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 302, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some("https://app.test/return?from=woo&success=1&user_id=session-42")
    );
    let got = rx.next().expect("the callback");
    assert_eq!(
        (got.method.as_str(), got.target.as_str()),
        ("POST", "/callback")
    );
    assert_eq!(
        got.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    let body: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(body["user_id"], "session-42");
    assert_eq!(body["key_permissions"], "read_write");
    let key = body["consumer_key"].as_str().unwrap();
    assert!(key.starts_with("ck_") && key.len() == 43);
    let keys = state(&s)["keys"].clone();
    let row = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key_id"] == body["key_id"])
        .unwrap()
        .clone();
    assert!(row["description"]
        .as_str()
        .unwrap()
        .starts_with("Demo App - API ("));
    assert_eq!(row["consumer_secret"], body["consumer_secret"]);
}

#[test]
fn a_callback_that_does_not_answer_200_loses_its_key() {
    let s = start(Config::default());
    let before = state(&s)["keys"].as_array().unwrap().len();
    for status in [201, 500] {
        let rx = receiver::listen(status);
        let r = get(
            &s,
            &format!(
                "{}/wc-auth/v1/authorize?{}",
                s.http_url(),
                query(&rx.url, "read")
            ),
        );
        let (cookie, authorize) = login(&s, r.header("location").unwrap());
        let page = raw(&s, "GET", &authorize, &[("Cookie", &cookie)], b"");
        let approve = approve_link(&page.body);
        let r = raw(&s, "GET", &approve, &[("Cookie", &cookie)], b"");
        assert_eq!(r.status, 401);
        assert!(r.body.contains("Error: An error occurred in the request and at the time were unable to send the consumer data."));
        assert!(rx.next().is_some());
    }
    // Callbacks WordPress's safe HTTP client refuses: private addresses, odd ports.
    for callback in [
        "https://10.1.2.3/cb",
        "https://192.168.0.9/cb",
        "https://203.0.113.5:3000/cb",
    ] {
        let r = get(
            &s,
            &format!(
                "{}/wc-auth/v1/authorize?{}",
                s.http_url(),
                query(callback, "read")
            ),
        );
        let (cookie, authorize) = login(&s, r.header("location").unwrap());
        let page = raw(&s, "GET", &authorize, &[("Cookie", &cookie)], b"");
        let approve = approve_link(&page.body);
        let r = raw(&s, "GET", &approve, &[("Cookie", &cookie)], b"");
        assert!(
            r.body.contains("Error: A valid URL was not provided.."),
            "{callback}: {}",
            r.body
        );
    }
    assert_eq!(state(&s)["keys"].as_array().unwrap().len(), before);
}

#[test]
fn wrong_password_and_the_customer_account() {
    let s = start(Config::default());
    let login_url = format!(
        "{}/wc-auth/v1/login?{}",
        s.http_url(),
        query("https://app.test/cb", "read")
    );
    let page = get(&s, &login_url);
    let nonce = page
        .body
        .split("name=\"woocommerce-login-nonce\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let body = format!("username=admin&password=nope&login=Login&woocommerce-login-nonce={nonce}");
    let r = raw(
        &s,
        "POST",
        &login_url,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert!(r
        .body
        .contains("Error: The username or password you entered is incorrect."));
    // A user without manage_woocommerce.
    let body =
        format!("username=customer&password=customer&login=Login&woocommerce-login-nonce={nonce}");
    let r = raw(
        &s,
        "POST",
        &login_url,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    );
    let cookie = cookie_of(&r);
    let r = raw(
        &s,
        "GET",
        &login_url.replace("/login?", "/authorize?"),
        &[("Cookie", &cookie)],
        b"",
    );
    assert!(r
        .body
        .contains("Error: You do not have permission to access this page."));
}

#[test]
fn the_admin_page_lists_and_revokes_keys() {
    let s = start(Config::default());
    let keys_page = format!(
        "{}/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys",
        s.http_url()
    );
    let r = get(&s, &keys_page);
    assert_eq!(r.status, 302);
    assert!(r
        .header("location")
        .unwrap()
        .contains("wp-login.php?redirect_to="));
    let r = raw(
        &s,
        "POST",
        &format!("{}/wp-login.php", s.http_url()),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"log=admin&pwd=password",
    );
    let cookie = cookie_of(&r);
    let page = raw(&s, "GET", &keys_page, &[("Cookie", &cookie)], b"");
    let seed = &s.seed_keys()[0];
    assert!(page
        .body
        .contains(&format!("<code>…{}</code>", &seed.consumer_key[36..])));
    assert!(page.body.contains("Sandbox seed key (read)") && page.body.contains("Unknown"));
    let revoke = page
        .body
        .split("href=\"")
        .find(|h| h.contains(&format!("revoke-key={}", seed.key_id)))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#038;", "&");
    let r = raw(&s, "GET", &revoke, &[("Cookie", &cookie)], b"");
    assert_eq!(r.status, 302);
    let r = client::send_signed(
        &s,
        &client::sign(
            "GET",
            &format!("{}/wp-json/wc/v3/products", s.http_url()),
            seed,
            client::Opts::default(),
        ),
        &[],
    );
    assert_eq!(r.message(), "Consumer key is invalid.");
}

#[test]
fn plain_permalinks_use_the_query_form_and_woocommerces_own_links() {
    let s = start(Config {
        plain_permalinks: true,
        ..Config::default()
    });
    let q = query("https://app.test/cb", "read");
    assert_eq!(
        get(&s, &format!("{}/wc-auth/v1/authorize?{q}", s.http_url())).status,
        404
    );
    let r = get(
        &s,
        &format!(
            "{}/?wc-auth-version=1&wc-auth-route=authorize&{q}",
            s.http_url()
        ),
    );
    assert_eq!(r.status, 302);
    // WooCommerce builds its links with add_query_arg( 'wc-auth/v1', … ) when permalinks are
    // plain, a URL WordPress does not route back to wc-auth.
    let location = r.header("location").unwrap();
    assert!(
        location.starts_with(&format!("{}/?wc-auth/v1=login&app_name=", s.http_url())),
        "{location}"
    );
    assert!(get(&s, location)
        .body
        .contains("<h1>WooCommerce Sandbox</h1>"));
    let r = get(
        &s,
        &format!(
            "{}/?wc-auth-version=1&wc-auth-route=login&{q}",
            s.http_url()
        ),
    );
    assert!(r.body.contains("would like to connect"));
}

//! The REST client's decisions, as values: which URL, which authentication, which headers; what
//! a store's error answer means; whether and when to retry; how far the store's clock is off; where
//! the next page is. The package's `WooCommerceRestApi` class only moves bytes with `fetch`.
//!
//! Authentication follows `WC_REST_Authentication::authenticate()`: over HTTPS the store tries
//! `consumer_key`/`consumer_secret` query parameters, then HTTP Basic; over HTTP only OAuth 1.0a
//! one-legged works, so requests to `http://` stores are signed (in the `Authorization` header,
//! or in the query with `queryStringAuth`).

use crate::encode::rawurlencode_into;
use crate::error::{Error, Result};
use crate::keys::{ConsumerKey, ConsumerSecret};
use crate::oauth::{basic_auth_header, Home, Placement, SignRequest, SignatureMethod, Signer};
use crate::params::{to_query_string, ParamValue};
use crate::url::{HttpUrl, Scheme};
use crate::wc_auth::Permalinks;
use serde::{Deserialize, Serialize};

/// How a [`Client`] reaches one store (the JavaScript constructor's options, less the ones
/// only JavaScript uses: `timeout`, `fetch`, `retries`, hooks).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientConfig {
    /// The store's address, e.g. `https://shop.example` or `https://shop.example/store`.
    pub url: String,
    /// `ck_…`.
    pub consumer_key: ConsumerKey,
    /// `cs_…`.
    pub consumer_secret: ConsumerSecret,
    /// API namespace and version, default `wc/v3`.
    #[serde(default)]
    pub version: Option<String>,
    /// REST prefix, default `wp-json`.
    #[serde(default, rename = "wpAPIPrefix")]
    pub wp_api_prefix: Option<String>,
    /// Credentials (HTTPS) or OAuth parameters (HTTP) in the query string instead of the
    /// `Authorization` header, for servers that strip that header.
    #[serde(default)]
    pub query_string_auth: bool,
    /// `HMAC-SHA256` (default) or `HMAC-SHA1`, for HTTP stores.
    #[serde(default)]
    pub signature_method: Option<String>,
    /// The store's home URL when it differs from `url` (signatures use it).
    #[serde(default)]
    pub home_url: Option<String>,
    /// `pretty` (default): `/wp-json/wc/v3/…`; `plain`: `/?rest_route=/wc/v3/…`.
    #[serde(default)]
    pub permalinks: Option<String>,
    /// `auto` (default: Basic over HTTPS, OAuth over HTTP) or `oauth` (OAuth 1.0a over HTTPS too,
    /// which WooCommerce accepts after Basic finds no credentials).
    #[serde(default)]
    pub auth: Option<String>,
}

impl ClientConfig {
    /// The option names [`ClientConfig`] reads.
    pub const FIELDS: &'static [&'static str] = &[
        "url",
        "consumerKey",
        "consumerSecret",
        "version",
        "wpAPIPrefix",
        "queryStringAuth",
        "signatureMethod",
        "homeUrl",
        "permalinks",
        "auth",
    ];
}

/// One request, as the caller describes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientRequest {
    /// HTTP method.
    pub method: String,
    /// The endpoint under the API root, e.g. `products` or `products/12?context=edit`.
    pub path: String,
    /// Query parameters, written as PHP reads them (`a[b]=1`, `ids[]=1`).
    #[serde(default)]
    pub query: Option<ParamValue>,
    /// Whether a JSON body goes with the request (sets `Content-Type`).
    #[serde(default)]
    pub json_body: bool,
    /// Seconds to add to the clock when signing (the store's clock minus ours).
    #[serde(default)]
    pub clock_offset: Option<f64>,
}

impl ClientRequest {
    /// The option names [`ClientRequest`] reads.
    pub const FIELDS: &'static [&'static str] =
        &["method", "path", "query", "jsonBody", "clockOffset"];
}

/// A request ready for `fetch`. Its `Debug` shows only the method and the redacted URL.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Prepared {
    /// Upper-case method.
    pub method: String,
    /// The URL to request.
    pub url: String,
    /// Headers to send.
    #[serde(serialize_with = "crate::oauth::pairs_as_map")]
    pub headers: Vec<(String, String)>,
    /// `basic`, `query-credentials`, `oauth-header` or `oauth-query`.
    pub auth: &'static str,
    /// The URL with credentials masked, for logs and hooks.
    pub redacted_url: String,
    /// The OAuth base string, when the request is signed.
    pub base_string: Option<String>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("method", &self.method)
            .field("url", &self.redacted_url)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// A store's REST client, holding the configuration once.
#[derive(Debug, Clone)]
pub struct Client {
    base: HttpUrl,
    signer: Signer,
    config: ClientConfig,
    version: String,
    prefix: String,
    plain: bool,
    oauth_always: bool,
}

fn trim_slashes(text: &str) -> &str {
    text.trim_matches('/')
}

impl Client {
    /// Checks the configuration.
    pub fn new(config: ClientConfig) -> Result<Client> {
        let base = HttpUrl::parse_store(&config.url)?;
        // The key pair, the signature method and the home URL are checked once, in that order,
        // and the signer keeps the HMAC key absorbed for every OAuth request.
        crate::oauth::check_credentials(&config.consumer_key, &config.consumer_secret, false)?;
        let signature_method = match config.signature_method.as_deref() {
            None => SignatureMethod::default(),
            Some(name) => name.parse()?,
        };
        let home = config.home_url.as_deref().map(Home::parse).transpose()?;
        let placement = if config.query_string_auth {
            Placement::Query
        } else {
            Placement::Header
        };
        let signer = Signer::from_parts(
            &config.consumer_key,
            &config.consumer_secret,
            signature_method,
            placement,
            home,
        );
        let plain = Permalinks::from_option(config.permalinks.as_deref())? == Permalinks::Plain;
        let oauth_always = match config.auth.as_deref() {
            None | Some("auto") => false,
            Some("oauth") => true,
            Some(_) => {
                return Err(Error::InputInvalid {
                    detail: "auth must be 'auto' or 'oauth'".into(),
                })
            }
        };
        let version = trim_slashes(config.version.as_deref().unwrap_or("wc/v3")).to_string();
        let prefix = trim_slashes(config.wp_api_prefix.as_deref().unwrap_or("wp-json")).to_string();
        Ok(Client {
            base,
            signer,
            config,
            version,
            prefix,
            plain,
            oauth_always,
        })
    }

    /// The URL of an endpoint, with its query, before authentication.
    pub fn endpoint_url(&self, path: &str, query: Option<&ParamValue>) -> Result<String> {
        let (path, own_query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let path = trim_slashes(path);
        // `../../wp/v2/users` would leave the API root with the key's credentials attached.
        if path
            .split(['/', '\\'])
            .any(|s| crate::url::is_dot(s) || crate::url::is_dot_dot(s))
        {
            return Err(Error::InputInvalid {
                detail: "the endpoint must not contain . or .. segments".into(),
            });
        }
        let mut url = self.base.origin();
        url.push_str(&self.base.path);
        let mut query_parts: Vec<String> = Vec::new();
        if self.plain {
            url.push('/');
            let mut route = format!("/{}", self.version);
            if !path.is_empty() {
                route.push('/');
                route.push_str(path);
            }
            let mut encoded = String::from("rest_route=");
            for segment in route.split('/').skip(1) {
                encoded.push('/');
                rawurlencode_into(&mut encoded, segment.as_bytes());
            }
            query_parts.push(encoded);
        } else {
            url.push('/');
            url.push_str(&self.prefix);
            url.push('/');
            url.push_str(&self.version);
            if !path.is_empty() {
                url.push('/');
                url.push_str(path);
            }
        }
        if let Some(q) = own_query.filter(|q| !q.is_empty()) {
            query_parts.push(q.to_string());
        }
        match query {
            None | Some(ParamValue::Null) => {}
            Some(ParamValue::Object(fields)) => {
                let text = to_query_string(fields);
                if !text.is_empty() {
                    query_parts.push(text);
                }
            }
            Some(_) => {
                return Err(Error::InputInvalid {
                    detail: "params must be a plain object".into(),
                })
            }
        }
        if !query_parts.is_empty() {
            url.push('?');
            url.push_str(&query_parts.join("&"));
        }
        Ok(url)
    }

    /// Builds the request: URL, authentication and headers.
    pub fn prepare(&self, request: &ClientRequest, now: u64) -> Result<Prepared> {
        let url = self.endpoint_url(&request.path, request.query.as_ref())?;
        let mut headers: Vec<(String, String)> = vec![("Accept".into(), "application/json".into())];
        if request.json_body {
            headers.push((
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            ));
        }
        let key = &self.config.consumer_key;
        let secret = &self.config.consumer_secret;
        let mut base_string = None;
        let scheme = if self.oauth_always {
            Scheme::Http
        } else {
            self.base.scheme
        };
        let (url, auth) = match (scheme, self.config.query_string_auth) {
            (Scheme::Https, false) => {
                headers.push(("Authorization".into(), basic_auth_header(key, secret)?));
                (HttpUrl::parse(&url)?.to_url_string(), "basic")
            }
            (Scheme::Https, true) => {
                let mut parsed = HttpUrl::parse(&url)?;
                parsed.append_query(&[
                    ("consumer_key", key.expose()),
                    ("consumer_secret", secret.expose()),
                ]);
                (parsed.to_url_string(), "query-credentials")
            }
            (Scheme::Http, query_auth) => {
                let signed = self.signer.sign(
                    SignRequest {
                        method: request.method.clone(),
                        url,
                        form: None,
                        timestamp: None,
                        clock_offset: request.clock_offset,
                        nonce: None,
                    },
                    now,
                )?;
                headers.extend(signed.headers);
                base_string = Some(signed.base_string);
                (
                    signed.url,
                    if query_auth {
                        "oauth-query"
                    } else {
                        "oauth-header"
                    },
                )
            }
        };
        let method = crate::oauth::check_method(&request.method)?;
        Ok(Prepared {
            redacted_url: crate::redact(&url),
            method,
            url,
            headers,
            auth,
            base_string,
        })
    }
}

/// What a store's error answer says, as WooCommerce's REST server writes it
/// (`{ "code": …, "message": …, "data": { "status": … } }`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseError {
    /// WooCommerce's code, or `ERR_HTTP_STATUS` when the body is not a WordPress error.
    pub code: String,
    /// WooCommerce's message, or a sentence about the status.
    pub message: String,
    /// WooCommerce's `data`, if any.
    pub data: Option<serde_json::Value>,
    /// What to do about it, when wc-keys knows.
    pub hint: Option<&'static str>,
}

fn hint_for(code: &str, message: &str, status: u16) -> Option<&'static str> {
    match (code, message) {
        ("woocommerce_rest_authentication_error", "Consumer key is invalid.") => {
            Some("The store does not know this key: check it was copied whole, and that it was not revoked.")
        }
        ("woocommerce_rest_authentication_error", "Consumer secret is invalid.") => {
            Some("The key exists but the secret is wrong: copy the secret again, or generate a new key.")
        }
        ("woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.") => {
            Some("The store computed another signature: if you reach it under another host, port or scheme than its Site Address, pass homeUrl.")
        }
        ("woocommerce_rest_authentication_error", "Invalid timestamp.") => {
            Some("The clocks differ by more than 15 minutes: fix the clock of whichever is wrong. The client signs again once with the store's clock from its Date header, or, where a page cannot read that header, with its clock moved by +30 and then -30 minutes.")
        }
        ("woocommerce_rest_authentication_error", "The API key provided does not have write permissions.") => {
            Some("The key is Read only: edit it in WooCommerce > Settings > Advanced > REST API and give it Read/Write.")
        }
        ("woocommerce_rest_authentication_error", "The API key provided does not have read permissions.") => {
            Some("The key is Write only: edit it in WooCommerce > Settings > Advanced > REST API and give it Read/Write.")
        }
        ("woocommerce_rest_cannot_view" | "woocommerce_rest_cannot_create" | "woocommerce_rest_cannot_edit" | "woocommerce_rest_cannot_delete", _) if status == 401 => {
            Some("The request reached the store without credentials it accepted. If the server strips the Authorization header, set queryStringAuth: true.")
        }
        ("rest_no_route", _) => Some("No such endpoint: check the path, the version (wc/v3) and that WooCommerce is active."),
        _ => None,
    }
}

/// Reads an error answer.
pub fn response_error(status: u16, body: &str) -> ResponseError {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let object = parsed.as_ref().and_then(serde_json::Value::as_object);
    let text = |name: &str| {
        object
            .and_then(|o| o.get(name))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    // A store's text is not trusted to be free of keys (a plugin may echo the request).
    match (text("code").map(|t| crate::redact(&t)), text("message").map(|t| crate::redact(&t))) {
        (Some(code), Some(message)) => ResponseError {
            hint: hint_for(&code, &message, status),
            data: object.and_then(|o| o.get("data")).cloned(),
            code,
            message,
        },
        _ => ResponseError {
            code: "ERR_HTTP_STATUS".into(),
            message: format!("The store answered HTTP {status} without a WordPress error body."),
            data: None,
            hint: match status {
                404 => Some("Not a WordPress REST route: check the store URL, and whether the store uses plain permalinks (permalinks: 'plain')."),
                500..=599 => Some("The store failed; try again later or look at its PHP error log."),
                _ => None,
            },
        },
    }
}

/// Whether a method may be sent twice (RFC 9110 section 9.2.2: safe methods).
fn is_retryable_method(method: &str) -> bool {
    matches!(
        method.to_ascii_uppercase().as_str(),
        "GET" | "HEAD" | "OPTIONS"
    )
}

/// How long to wait before retry number `attempt` (0-based), or `None` not to retry: only
/// GET/HEAD/OPTIONS, only on 429, 502, 503 and 504, `Retry-After` honoured (seconds or an HTTP
/// date, at most 60 s), else 500 ms doubling.
pub fn retry_delay_ms(
    method: &str,
    status: u16,
    retry_after: Option<&str>,
    attempt: u32,
    max_retries: u32,
    now_ms: f64,
) -> Option<u32> {
    if attempt >= max_retries
        || !is_retryable_method(method)
        || !matches!(status, 429 | 502 | 503 | 504)
    {
        return None;
    }
    let from_header = retry_after.and_then(|value| {
        let value = value.trim();
        if let Ok(seconds) = value.parse::<u32>() {
            return Some(seconds.saturating_mul(1000));
        }
        let date = parse_http_date(value)?;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "dates are 1970..=9999 (checked), exact in f64; the wait is clamped to 0..=60 s below"
        )]
        let wait = ((date as f64) * 1000.0 - now_ms).max(0.0) as u32;
        Some(wait)
    });
    let backoff = 500u32.saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX));
    Some(from_header.unwrap_or(backoff).min(60_000))
}

/// Seconds since 1970 of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 section
/// 5.6.7), the form servers send in `Date` and `Retry-After`.
#[allow(clippy::arithmetic_side_effects)] // Every operand is range-checked below: no overflow.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: i64 = day.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)?;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<_>>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if !(1970..=9999).contains(&year)
        || !(1..=31).contains(&day)
        || !(0..24).contains(h)
        || !(0..60).contains(m)
        || !(0..61).contains(s)
    {
        return None;
    }
    // Days from civil date (proleptic Gregorian), Howard Hinnant's algorithm.
    let month = i64::try_from(month).ok()? + 1;
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9).rem_euclid(12);
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// The store's clock minus ours, in seconds, from its `Date` header.
pub fn clock_offset(date_header: &str, now: u64) -> Option<i64> {
    let store = parse_http_date(date_header)?;
    store.checked_sub(i64::try_from(now).ok()?)
}

/// What a list answer says about the pages around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// `X-WP-Total`.
    pub total: Option<u64>,
    /// `X-WP-TotalPages`.
    pub total_pages: Option<u64>,
    /// The `rel="next"` URL of the `Link` header.
    pub next: Option<String>,
}

/// Reads `X-WP-Total`, `X-WP-TotalPages` and `Link` (RFC 8288).
pub fn pagination(
    total: Option<&str>,
    total_pages: Option<&str>,
    link: Option<&str>,
) -> Pagination {
    let next = link.and_then(|link| {
        link.split(',').find_map(|part| {
            let (target, params) = part.split_once(';')?;
            let is_next = params.split(';').any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "rel=\"next\"" || p == "rel=next"
            });
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            is_next.then(|| target.to_string())
        })
    });
    Pagination {
        total: total.and_then(|t| t.trim().parse().ok()),
        total_pages: total_pages.and_then(|t| t.trim().parse().ok()),
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn client(extra: serde_json::Value) -> Client {
        let mut config = json!({
            "url": "https://shop.example/store/",
            "consumerKey": "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3",
            "consumerSecret": "cs_13579bdf2468ace013579bdf2468ace013579bdf",
        });
        if let (Some(c), Some(e)) = (config.as_object_mut(), extra.as_object()) {
            c.extend(e.clone());
        }
        Client::new(serde_json::from_value(config).unwrap()).unwrap()
    }

    fn request(method: &str, path: &str, query: serde_json::Value) -> ClientRequest {
        ClientRequest {
            method: method.into(),
            path: path.into(),
            query: Some(serde_json::from_value(query).unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn https_uses_basic_and_serializes_the_query_once() {
        let p = client(json!({}))
            .prepare(
                &request(
                    "get",
                    "/products?context=view",
                    json!({ "per_page": 5, "include": [1, 2], "meta": { "k": "a b" } }),
                ),
                0,
            )
            .unwrap();
        // (serde_json sorts object keys; from JavaScript they keep their order.)
        assert_eq!(p.url, "https://shop.example/store/wp-json/wc/v3/products?context=view&include[]=1&include[]=2&meta[k]=a%20b&per_page=5");
        assert_eq!(p.auth, "basic");
        assert!(p
            .headers
            .iter()
            .any(|(k, v)| k == "Authorization" && v.starts_with("Basic ")));
        assert_eq!(p.method, "GET");
    }

    #[test]
    fn query_string_credentials_are_redacted_for_logs() {
        let p = client(json!({ "queryStringAuth": true }))
            .prepare(&request("GET", "products", json!({})), 0)
            .unwrap();
        assert!(p.url.ends_with("products?consumer_key=ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3&consumer_secret=cs_13579bdf2468ace013579bdf2468ace013579bdf"));
        assert!(!p.redacted_url.contains("13579bdf2468"));
        assert_eq!(p.auth, "query-credentials");
    }

    #[test]
    fn http_is_signed_and_plain_permalinks_use_rest_route() {
        let c = client(json!({ "url": "http://shop.example", "permalinks": "plain" }));
        let p = c
            .prepare(
                &request("POST", "products/batch", json!({ "a": "1" })),
                1_795_000_000,
            )
            .unwrap();
        assert!(
            p.url
                .starts_with("http://shop.example/?rest_route=/wc/v3/products/batch&a=1"),
            "{}",
            p.url
        );
        assert_eq!(p.auth, "oauth-header");
        assert!(p
            .headers
            .iter()
            .any(|(k, v)| k == "Authorization" && v.starts_with("OAuth ")));
    }

    #[test]
    fn endpoints_cannot_leave_the_api_root() {
        let c = client(json!({}));
        for path in [
            "../../wp/v2/users",
            "products/../../x",
            "./products",
            "%2e%2e/x",
            "a\\..\\..\\b",
        ] {
            let error = c.prepare(&request("GET", path, json!({})), 0).unwrap_err();
            assert_eq!(error.code(), "ERR_INPUT_INVALID", "{path}");
        }
        assert_eq!(
            c.prepare(&request("PROPFIND", "products", json!({})), 0)
                .unwrap_err()
                .code(),
            "ERR_METHOD_INVALID"
        );
    }

    #[test]
    fn store_errors_are_read() {
        let e = response_error(
            401,
            r#"{"code":"woocommerce_rest_authentication_error","message":"Invalid timestamp.","data":{"status":401}}"#,
        );
        assert_eq!(e.code, "woocommerce_rest_authentication_error");
        assert_eq!(e.message, "Invalid timestamp.");
        assert_eq!(e.data, Some(json!({ "status": 401 })));
        assert!(e.hint.is_some());
        let e = response_error(502, "<html>Bad gateway</html>");
        assert_eq!(e.code, "ERR_HTTP_STATUS");
    }

    #[test]
    fn retries_only_safe_methods_on_transient_statuses() {
        assert_eq!(retry_delay_ms("GET", 429, None, 0, 2, 0.0), Some(500));
        assert_eq!(retry_delay_ms("GET", 503, None, 1, 2, 0.0), Some(1000));
        assert_eq!(retry_delay_ms("GET", 503, None, 2, 2, 0.0), None);
        assert_eq!(retry_delay_ms("POST", 429, None, 0, 2, 0.0), None);
        assert_eq!(retry_delay_ms("GET", 500, None, 0, 2, 0.0), None);
        assert_eq!(retry_delay_ms("get", 429, Some("2"), 0, 2, 0.0), Some(2000));
        assert_eq!(
            retry_delay_ms("GET", 429, Some("3600"), 0, 2, 0.0),
            Some(60_000)
        );
        let now = 784_111_777_000.0 - 1500.0;
        assert_eq!(
            retry_delay_ms("GET", 503, Some("Sun, 06 Nov 1994 08:49:37 GMT"), 0, 2, now),
            Some(1500)
        );
    }

    #[test]
    fn http_dates_and_clock_offsets() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2020 23:59:59 GMT"),
            Some(1_583_020_799)
        );
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(
            parse_http_date("Sun, 06 Nov 99999999999 08:49:37 GMT"),
            None
        );
        assert_eq!(parse_http_date("garbage"), None);
        assert_eq!(
            clock_offset("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777 - 1200),
            Some(1200)
        );
    }

    #[test]
    fn link_headers() {
        let p = pagination(
            Some("42"),
            Some("3"),
            Some(
                r#"<https://s/wp-json/wc/v3/products?page=1>; rel="prev", <https://s/wp-json/wc/v3/products?page=3>; rel="next""#,
            ),
        );
        assert_eq!(
            p,
            Pagination {
                total: Some(42),
                total_pages: Some(3),
                next: Some("https://s/wp-json/wc/v3/products?page=3".into())
            }
        );
        assert_eq!(pagination(None, None, None).next, None);
    }
}

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

mod answers;

pub use answers::{
    clock_offset, pagination, parse_http_date, response_error, retry_delay_ms, Pagination,
    ResponseError,
};

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
    /// A port for `url`, as @woocommerce/woocommerce-rest-api's `port` option puts one after the
    /// host (the JavaScript side turns its string form into a number). A number as JavaScript has
    /// them: a `u16` here would add serde's integer-range code to the module (about 0.5 KB gzip).
    #[serde(default)]
    pub port: Option<f64>,
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
        "port",
    ];
}

/// The `port` option as a TCP port.
fn port_number(port: f64) -> Result<u16> {
    if port.fract() != 0.0 || !(1.0..=65535.0).contains(&port) {
        return Err(Error::StoreUrlInvalid {
            reason: "the port option is not a port number from 1 to 65535",
        });
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a whole number from 1 to 65535 (checked above)"
    )]
    Ok(port as u16)
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
#[derive(Debug)]
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
        let mut base = HttpUrl::parse_store(&config.url)?;
        if let Some(port) = config.port {
            base.set_port(port_number(port)?)?;
        }
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
    fn the_port_option_goes_after_the_host() {
        let url = |extra: serde_json::Value| {
            client(extra)
                .prepare(&request("GET", "products", json!({})), 0)
                .unwrap()
                .url
        };
        assert_eq!(
            url(json!({ "port": 8443 })),
            "https://shop.example:8443/store/wp-json/wc/v3/products"
        );
        assert_eq!(
            url(json!({ "url": " https:\\\\shop.example:8443", "port": 8443 })),
            "https://shop.example:8443/wp-json/wc/v3/products",
            "any address the parser reads, with the same port"
        );
        assert_eq!(
            url(json!({ "port": 443 })),
            "https://shop.example/store/wp-json/wc/v3/products",
            "the scheme's own port is left out, as the parser leaves it out"
        );
        for (address, port) in [
            ("https://shop.example:8080", 8443.0),
            ("https://shop.example", 0.0),
            ("https://shop.example", 65536.0),
            ("https://shop.example", 80.5),
        ] {
            let config = serde_json::from_value(json!({
                "url": address,
                "port": port,
                "consumerKey": "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3",
                "consumerSecret": "cs_13579bdf2468ace013579bdf2468ace013579bdf",
            }))
            .unwrap();
            let refused = Client::new(config).err().map(|e| e.code());
            assert_eq!(refused, Some("ERR_STORE_URL_INVALID"), "{address} {port}");
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
}

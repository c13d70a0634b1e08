//! OAuth 1.0a one-legged signing, as WooCommerce verifies it.
//!
//! What is signed is kept apart from how: [`woo_params`] computes the parameters WooCommerce will
//! see (PHP's parsing of the query and form, plus the header), [`base_string`] writes them the way
//! WooCommerce does, and [`SignatureMethod`] turns the base string into a signature.

mod base_string;
mod explain;
mod header;
mod signature_method;
mod signer;

pub use base_string::{base_string, base_url, normalized_pairs, Home};
pub use explain::{
    explain_signature, BaseStringPart, Difference, ExplainInput, Explanation, LoggedRequest,
};
pub use header::{authorization_header, parse_authorization_header};
pub(crate) use signature_method::constant_time_eq;
pub use signature_method::SignatureMethod;
pub use signer::{SignRequest, Signer, SignerConfig};

use crate::error::{Error, Result};
use crate::keys::{ConsumerKey, ConsumerSecret};
use crate::params::FormInput;
use crate::php_query::{self, Key, PhpArray, Value};
use crate::url::HttpUrl;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Where the OAuth parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placement {
    /// `Authorization: OAuth …` (RFC 5849 section 3.5.1). The default: a browser sends it in
    /// the real request only, while query parameters would also go on the CORS preflight,
    /// which WooCommerce then refuses.
    #[default]
    Header,
    /// In the query string (RFC 5849 section 3.5.3), for servers that strip `Authorization`.
    Query,
}

impl Placement {
    /// `"header"` or `"query"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Header => "header",
            Placement::Query => "query",
        }
    }
}

impl FromStr for Placement {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "header" => Ok(Placement::Header),
            "query" => Ok(Placement::Query),
            _ => Err(Error::PlacementInvalid),
        }
    }
}

/// A request to sign. Field names are the JavaScript ones (`sign({ method, url, … })`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInput {
    /// HTTP method; upper-cased as WordPress does.
    pub method: String,
    /// The full request URL, query included.
    pub url: String,
    /// `ck_…`.
    pub consumer_key: ConsumerKey,
    /// `cs_…`.
    pub consumer_secret: ConsumerSecret,
    /// Form body (`application/x-www-form-urlencoded`): text or an object. WooCommerce signs it
    /// for POST only, since PHP fills `$_POST` for POST only.
    #[serde(default)]
    pub form: Option<FormInput>,
    /// `HMAC-SHA1` or `HMAC-SHA256` (default).
    #[serde(default)]
    pub signature_method: Option<String>,
    /// `header` (default) or `query`.
    #[serde(default)]
    pub placement: Option<String>,
    /// Seconds since 1970; default: the clock plus `clockOffset`.
    #[serde(default)]
    pub timestamp: Option<f64>,
    /// Seconds to add to the clock (e.g. the store's clock minus ours).
    #[serde(default)]
    pub clock_offset: Option<f64>,
    /// Default: 32 random letters and digits.
    #[serde(default)]
    pub nonce: Option<String>,
    /// The store's home URL when the request reaches it under another name.
    #[serde(default)]
    pub home_url: Option<String>,
    /// Refuse a key or secret that is not `ck_`/`cs_` + 40 hex characters.
    #[serde(default)]
    pub strict: bool,
}

impl SignInput {
    /// The option names [`SignInput`] reads, for rejecting typos in JavaScript objects.
    pub const FIELDS: &'static [&'static str] = &[
        "method",
        "url",
        "consumerKey",
        "consumerSecret",
        "form",
        "signatureMethod",
        "placement",
        "timestamp",
        "clockOffset",
        "nonce",
        "homeUrl",
        "strict",
    ];
}

/// A signed request, ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signed {
    /// The method, upper-case.
    pub method: String,
    /// The URL to request (with the OAuth parameters when placed in the query).
    pub url: String,
    /// Headers to send: `Authorization` (header placement), `Content-Type` (form bodies).
    #[serde(serialize_with = "pairs_as_map")]
    pub headers: Vec<(String, String)>,
    /// The form body to send, if any.
    pub body: Option<String>,
    /// The base64 signature.
    pub signature: String,
    /// What was signed, for debugging.
    pub base_string: String,
    /// The OAuth parameters, signature included.
    #[serde(serialize_with = "pairs_as_map")]
    pub oauth_params: Vec<(String, String)>,
}

/// Writes name/value pairs as a list of `[name, value]` (names may repeat).
pub(crate) fn pairs_as_list<S: serde::Serializer>(
    pairs: &[(String, String)],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(pairs.len()))?;
    for (k, v) in pairs {
        seq.serialize_element(&[k, v])?;
    }
    seq.end()
}

/// Writes name/value pairs as an object (`{ "Authorization": "OAuth …" }`), in order.
pub(crate) fn pairs_as_map<S: serde::Serializer>(
    pairs: &[(String, String)],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// Reads an object of strings (`{ "Authorization": "OAuth …" }`) as name/value pairs, in order.
/// (A `BTreeMap` would do, at the cost of its code in the WebAssembly module for one lookup.)
pub(crate) fn pairs_from_map<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Vec<(String, String)>, D::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of strings")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut pairs = Vec::new();
            while let Some(pair) = map.next_entry::<String, String>()? {
                pairs.push(pair);
            }
            Ok(pairs)
        }
    }
    deserializer.deserialize_map(Pairs)
}

/// Reads a timestamp given as a JavaScript number.
pub(crate) fn timestamp_from_f64(value: f64) -> Result<u64> {
    // Up to 2^53: every integer there is exact in a double.
    const MAX: f64 = 9_007_199_254_740_991.0;
    if !value.is_finite() || value.fract() != 0.0 || !(1.0..=MAX).contains(&value) {
        return Err(Error::TimestampInvalid);
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked above: a whole number in 1..=2^53"
    )]
    Ok(value as u64)
}

/// The methods WooCommerce's REST API serves (`check_permissions()` answers "Unknown request
/// method." to any other), upper-cased as WordPress does.
pub(crate) fn check_method(method: &str) -> Result<String> {
    let upper = method.to_ascii_uppercase();
    match upper.as_str() {
        "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" => Ok(upper),
        _ => Err(Error::MethodInvalid),
    }
}

pub(crate) fn check_credentials(
    key: &ConsumerKey,
    secret: &ConsumerSecret,
    strict: bool,
) -> Result<()> {
    if key.expose().trim().is_empty() {
        return Err(Error::ConsumerKeyInvalid {
            reason: "it is empty",
        });
    }
    if secret.expose().is_empty() {
        return Err(Error::ConsumerSecretInvalid {
            reason: "it is empty",
        });
    }
    if strict {
        if !crate::keys::is_well_formed(key.expose(), "ck_") {
            return Err(Error::ConsumerKeyInvalid {
                reason: "it is not ck_ followed by 40 lower-case hex characters",
            });
        }
        if !crate::keys::is_well_formed(secret.expose(), "cs_") {
            return Err(Error::ConsumerSecretInvalid {
                reason: "it is not cs_ followed by 40 lower-case hex characters",
            });
        }
    }
    Ok(())
}

/// The parameters WooCommerce will sign for a request: `array_merge( $_GET, $_POST )` with the
/// `Authorization` header's OAuth parameters merged over them (`get_oauth_parameters()`).
/// `form` counts for POST only.
pub fn woo_params<N: AsRef<[u8]>, V: AsRef<[u8]>>(
    method: &str,
    url: &HttpUrl,
    form: Option<&[u8]>,
    header: &[(N, V)],
) -> PhpArray {
    let get = url
        .query
        .as_deref()
        .map(|q| php_query::parse(q.as_bytes()))
        .unwrap_or_default();
    let post = match form {
        Some(body) if method == "POST" => php_query::parse(body),
        _ => PhpArray::new(),
    };
    let mut params = get.array_merge(post);
    // `array_merge( $params, $header_params )`: the header's keys are strings, so merging them
    // is setting each in turn (and `params` is numbered from 0 already).
    for (name, value) in header {
        params.set(
            Key::Str(name.as_ref().to_vec()),
            Value::Str(value.as_ref().to_vec()),
        );
    }
    params
}

/// The signing key: the consumer secret and `&` (no token secret), wiped when dropped.
pub(crate) fn signing_key(secret: &ConsumerSecret) -> zeroize::Zeroizing<Vec<u8>> {
    let mut key = Vec::with_capacity(secret.expose().len().saturating_add(1));
    key.extend_from_slice(secret.expose().as_bytes());
    key.push(b'&');
    zeroize::Zeroizing::new(key)
}

/// Signs a request. `now` is the current time in seconds since 1970 (used when no timestamp is
/// given); nonces come from the operating system or `crypto.getRandomValues` unless given.
///
/// ```
/// let input: wc_keys::SignInput = serde_json::from_value(serde_json::json!({
///     "method": "GET",
///     "url": "http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10",
///     "consumerKey": "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3",
///     "consumerSecret": "cs_13579bdf2468ace013579bdf2468ace013579bdf",
///     "signatureMethod": "HMAC-SHA1",
///     "timestamp": 1795000000,
///     "nonce": "kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA",
/// })).unwrap();
/// let signed = wc_keys::sign(input, 0).unwrap();
/// // The signature WooCommerce's own code computed for this request.
/// assert_eq!(signed.signature, "LyHojm76eaGMlE/CSL0Z15IulkA=");
/// assert!(signed.headers[0].1.starts_with("OAuth oauth_consumer_key=\"ck_9a8b"));
/// ```
pub fn sign(input: SignInput, now: u64) -> Result<Signed> {
    let config = SignerConfig {
        consumer_key: input.consumer_key,
        consumer_secret: input.consumer_secret,
        signature_method: input.signature_method,
        placement: input.placement,
        home_url: input.home_url,
        strict: input.strict,
    };
    let request = SignRequest {
        method: input.method,
        url: input.url,
        form: input.form,
        timestamp: input.timestamp,
        clock_offset: input.clock_offset,
        nonce: input.nonce,
    };
    sign_with(config, request, now)
}

/// [`sign`] with its options as the two halves a [`Signer`] takes, checked in the same order.
pub fn sign_with(config: SignerConfig, request: SignRequest, now: u64) -> Result<Signed> {
    Signer::sign_once(config, request, now)
}

/// `Authorization: Basic …` for HTTPS requests (RFC 7617): base64 of `key:secret`.
///
/// ```
/// use wc_keys::{basic_auth_header, ConsumerKey, ConsumerSecret};
/// let header = basic_auth_header(&ConsumerKey::new("ck_1"), &ConsumerSecret::new("cs_2"));
/// assert_eq!(header.unwrap(), "Basic Y2tfMTpjc18y");
/// ```
pub fn basic_auth_header(key: &ConsumerKey, secret: &ConsumerSecret) -> Result<String> {
    check_credentials(key, secret, false)?;
    if key.expose().contains(':') {
        // The user name of Basic auth ends at the first colon (RFC 7617 section 2).
        return Err(Error::ConsumerKeyInvalid {
            reason: "it contains a colon",
        });
    }
    let mut pair = zeroize::Zeroizing::new(Vec::with_capacity(
        key.expose()
            .len()
            .saturating_add(secret.expose().len())
            .saturating_add(1),
    ));
    pair.extend_from_slice(key.expose().as_bytes());
    pair.push(b':');
    pair.extend_from_slice(secret.expose().as_bytes());
    Ok(format!("Basic {}", crate::encode::base64_encode(&pair)))
}

//! [`Signer`]: a key pair checked once and its HMAC key absorbed once, for signing many requests.
//! [`sign`](super::sign) is a `Signer` used for one request.

use super::base_string::{base_string, base_url, Home};
use super::header::authorization_header;
use super::signature_method::KeyedMac;
use super::{check_credentials, check_method, signing_key, timestamp_from_f64, woo_params};
use super::{Placement, SignatureMethod, Signed};
use crate::error::{Error, Result};
use crate::keys::{ConsumerKey, ConsumerSecret};
use crate::nonce::{check_nonce, random_nonce};
use crate::params::FormInput;
use crate::url::HttpUrl;
use serde::Deserialize;

/// What holds for every request a [`Signer`] signs. Field names are the JavaScript ones
/// (`new Signer({ consumerKey, consumerSecret, … })`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignerConfig {
    /// `ck_…`.
    pub consumer_key: ConsumerKey,
    /// `cs_…`.
    pub consumer_secret: ConsumerSecret,
    /// `HMAC-SHA1` or `HMAC-SHA256` (default).
    #[serde(default)]
    pub signature_method: Option<String>,
    /// `header` (default) or `query`.
    #[serde(default)]
    pub placement: Option<String>,
    /// The store's home URL when requests reach it under another name.
    #[serde(default)]
    pub home_url: Option<String>,
    /// Refuse a key or secret that is not `ck_`/`cs_` + 40 hex characters.
    #[serde(default)]
    pub strict: bool,
}

impl SignerConfig {
    /// The option names [`SignerConfig`] reads, for rejecting typos in JavaScript objects.
    pub const FIELDS: &'static [&'static str] = &[
        "consumerKey",
        "consumerSecret",
        "signatureMethod",
        "placement",
        "homeUrl",
        "strict",
    ];
}

/// One request for [`Signer::sign`] (`signer.sign({ method, url, … })` in JavaScript).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignRequest {
    /// HTTP method; upper-cased as WordPress does.
    pub method: String,
    /// The full request URL, query included.
    pub url: String,
    /// Form body (`application/x-www-form-urlencoded`), signed for POST only.
    #[serde(default)]
    pub form: Option<FormInput>,
    /// Seconds since 1970; default: the clock plus `clockOffset`.
    #[serde(default)]
    pub timestamp: Option<f64>,
    /// Seconds to add to the clock (e.g. the store's clock minus ours).
    #[serde(default)]
    pub clock_offset: Option<f64>,
    /// Default: 32 random letters and digits.
    #[serde(default)]
    pub nonce: Option<String>,
}

impl SignRequest {
    /// The option names [`SignRequest`] reads.
    pub const FIELDS: &'static [&'static str] =
        &["method", "url", "form", "timestamp", "clockOffset", "nonce"];
}

/// A consumer key and secret, checked once, with the HMAC key schedule computed once. Signing
/// with it skips that work and the options object: the fast path for a client that signs every
/// call.
///
/// ```
/// use wc_keys::{Signer, SignerConfig, ConsumerKey, ConsumerSecret};
/// let signer = Signer::new(SignerConfig {
///     consumer_key: ConsumerKey::new("ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"),
///     consumer_secret: ConsumerSecret::new("cs_13579bdf2468ace013579bdf2468ace013579bdf"),
///     signature_method: Some("HMAC-SHA1".into()),
///     placement: None,
///     home_url: None,
///     strict: true,
/// })
/// .unwrap();
/// let header = signer
///     .authorization(
///         "GET",
///         "http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10",
///         Some("kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA".into()),
///         Some(1795000000.0),
///         None,
///         0,
///     )
///     .unwrap();
/// // The signature is the one WooCommerce's own code computed for this request.
/// assert_eq!(
///     header,
///     "OAuth oauth_consumer_key=\"ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3\", \
///      oauth_nonce=\"kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA\", oauth_signature_method=\"HMAC-SHA1\", \
///      oauth_timestamp=\"1795000000\", oauth_signature=\"LyHojm76eaGMlE%2FCSL0Z15IulkA%3D\""
/// );
/// ```
/// Not `Clone`: the keyed HMAC state is as good as the secret, and one copy is enough.
#[derive(Debug)]
pub struct Signer {
    consumer_key: ConsumerKey,
    mac: KeyedMac,
    placement: Placement,
    home: Option<Home>,
}

/// The nonce and timestamp of one signature.
struct Stamp {
    nonce: String,
    timestamp: String,
}

impl Stamp {
    fn new(
        nonce: Option<String>,
        timestamp: Option<f64>,
        clock_offset: Option<f64>,
        now: u64,
    ) -> Result<Stamp> {
        let timestamp = match timestamp {
            Some(t) => timestamp_from_f64(t)?,
            None => {
                let offset = clock_offset.unwrap_or(0.0);
                if !offset.is_finite() || offset.abs() > 1.0e9 {
                    return Err(Error::TimestampInvalid);
                }
                #[allow(
                    clippy::cast_precision_loss,
                    reason = "Unix seconds are far below 2^52"
                )]
                let t = (now as f64 + offset).round();
                timestamp_from_f64(t)?
            }
        };
        let nonce = match nonce {
            Some(n) => check_nonce(n)?,
            None => random_nonce()?,
        };
        Ok(Stamp {
            nonce,
            timestamp: timestamp.to_string(),
        })
    }
}

impl Signer {
    /// Checks the key pair and the choices, and absorbs the signing key.
    pub fn new(config: SignerConfig) -> Result<Signer> {
        let (mut signer, home) = Signer::without_home(config)?;
        signer.home = home.as_deref().map(Home::parse).transpose()?;
        Ok(signer)
    }

    /// [`Signer::new`] from choices already parsed, for a key pair the caller has checked with
    /// `check_credentials` (the REST client's configuration).
    pub(crate) fn from_parts(
        consumer_key: &ConsumerKey,
        consumer_secret: &ConsumerSecret,
        method: SignatureMethod,
        placement: Placement,
        home: Option<Home>,
    ) -> Signer {
        Signer {
            consumer_key: consumer_key.clone(),
            mac: KeyedMac::new(method, &signing_key(consumer_secret)),
            placement,
            home,
        }
    }

    /// Everything [`Signer::new`] checks but the home URL, which is handed back unparsed:
    /// [`sign`](super::sign) has always checked it after the timestamp and nonce.
    fn without_home(config: SignerConfig) -> Result<(Signer, Option<String>)> {
        check_credentials(&config.consumer_key, &config.consumer_secret, config.strict)?;
        let method = match config.signature_method.as_deref() {
            None => SignatureMethod::default(),
            Some(name) => name.parse()?,
        };
        let placement = match config.placement.as_deref() {
            None => Placement::default(),
            Some(name) => name.parse()?,
        };
        let signer = Signer::from_parts(
            &config.consumer_key,
            &config.consumer_secret,
            method,
            placement,
            None,
        );
        Ok((signer, config.home_url))
    }

    /// [`sign`](super::sign): a signer used once. Its errors come in the order `sign` has
    /// always checked: method, URL, key pair, signature method, placement, timestamp, nonce,
    /// home URL.
    pub(super) fn sign_once(
        config: SignerConfig,
        request: SignRequest,
        now: u64,
    ) -> Result<Signed> {
        let method = check_method(&request.method)?;
        let url = HttpUrl::parse(&request.url)?;
        let (mut signer, home) = Signer::without_home(config)?;
        let stamp = Stamp::new(request.nonce, request.timestamp, request.clock_offset, now)?;
        signer.home = home.as_deref().map(Home::parse).transpose()?;
        Ok(signer.sign_stamped(method, url, request.form.as_ref(), &stamp))
    }

    /// `HMAC-SHA1` or `HMAC-SHA256`.
    pub fn signature_method(&self) -> SignatureMethod {
        self.mac.method()
    }

    /// Signs one request. `now` is the current time in seconds since 1970.
    pub fn sign(&self, request: SignRequest, now: u64) -> Result<Signed> {
        let method = check_method(&request.method)?;
        let url = HttpUrl::parse(&request.url)?;
        let stamp = Stamp::new(request.nonce, request.timestamp, request.clock_offset, now)?;
        Ok(self.sign_stamped(method, url, request.form.as_ref(), &stamp))
    }

    /// The `Authorization: OAuth …` header value for a request without a form body: the fast
    /// path, strings in and a string out. A signer whose placement is `query` refuses it (its
    /// store does not see the header; use [`Signer::sign`]).
    pub fn authorization(
        &self,
        method: &str,
        url: &str,
        nonce: Option<String>,
        timestamp: Option<f64>,
        clock_offset: Option<f64>,
        now: u64,
    ) -> Result<String> {
        if self.placement == Placement::Query {
            return Err(Error::input(
                // Worded for both entries: `wc-keys/signer` has `authorization()` only.
                "this signer puts the OAuth parameters in the query (placement: 'query'), where authorization() cannot put them: use signer.sign() from the main entry ('wc-keys'), which returns the URL to request",
            ));
        }
        let method = check_method(method)?;
        let mut url = HttpUrl::parse(url)?;
        let stamp = Stamp::new(nonce, timestamp, clock_offset, now)?;
        let (_, signature) = self.sign_base(&method, &mut url, None, &stamp);
        Ok(authorization_header(&self.oauth_pairs(&stamp, &signature)))
    }

    /// Signs a request whose method, URL, nonce and timestamp are checked.
    fn sign_stamped(
        &self,
        method: String,
        mut url: HttpUrl,
        form: Option<&FormInput>,
        stamp: &Stamp,
    ) -> Signed {
        let body = form.map(FormInput::to_body);
        let (base, signature) =
            self.sign_base(&method, &mut url, body.as_deref().map(str::as_bytes), stamp);
        let pairs = self.oauth_pairs(stamp, &signature);
        let mut headers = Vec::with_capacity(2);
        match self.placement {
            Placement::Header => {
                headers.push(("Authorization".to_string(), authorization_header(&pairs)));
            }
            Placement::Query => url.append_query(&[("oauth_signature", &signature)]),
        }
        if body.is_some() {
            headers.push((
                "Content-Type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ));
        }
        let oauth_params = pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        Signed {
            method,
            url: url.to_url_string(),
            headers,
            body,
            signature,
            base_string: base,
            oauth_params,
        }
    }

    /// The four OAuth parameters WooCommerce signs, in the order they are written.
    fn oauth_params<'a>(&'a self, stamp: &'a Stamp) -> [(&'a str, &'a str); 4] {
        [
            ("oauth_consumer_key", self.consumer_key.expose()),
            ("oauth_nonce", &stamp.nonce),
            ("oauth_signature_method", self.signature_method().as_str()),
            ("oauth_timestamp", &stamp.timestamp),
        ]
    }

    /// The OAuth parameters with the signature last.
    fn oauth_pairs<'a>(&'a self, stamp: &'a Stamp, signature: &'a str) -> [(&'a str, &'a str); 5] {
        let [a, b, c, d] = self.oauth_params(stamp);
        [a, b, c, d, ("oauth_signature", signature)]
    }

    /// The base string and the signature. With query placement the OAuth parameters are added
    /// to `url` first, since WooCommerce then reads them from `$_GET`.
    fn sign_base(
        &self,
        method: &str,
        url: &mut HttpUrl,
        body: Option<&[u8]>,
        stamp: &Stamp,
    ) -> (String, String) {
        let oauth = self.oauth_params(stamp);
        let header: &[(&str, &str)] = match self.placement {
            Placement::Header => &oauth,
            Placement::Query => {
                url.append_query(&oauth);
                &[]
            }
        };
        let params = woo_params(method, url, body, header);
        let implied;
        let home = match &self.home {
            Some(home) => home,
            None => {
                implied = Home::from_request(url);
                &implied
            }
        };
        let base = base_string(method, &base_url(url.scheme, home, &url.path), &params);
        let signature = self.mac.sign(base.as_bytes());
        (base, signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(placement: &str) -> Signer {
        Signer::new(SignerConfig {
            consumer_key: ConsumerKey::new("ck_1"),
            consumer_secret: ConsumerSecret::new("cs_2"),
            signature_method: None,
            placement: Some(placement.into()),
            home_url: None,
            strict: false,
        })
        .expect("a valid configuration")
    }

    #[test]
    fn authorization_is_for_header_placement_only() {
        let url = "http://h/wp-json/wc/v3";
        assert!(signer("header")
            .authorization("GET", url, None, Some(1.0), None, 0)
            .is_ok());
        let refused = signer("query")
            .authorization("GET", url, None, Some(1.0), None, 0)
            .expect_err("a query signer has no header to give");
        assert_eq!(refused.code(), "ERR_INPUT_INVALID");
        assert!(
            refused
                .to_string()
                .contains("use signer.sign() from the main entry ('wc-keys')"),
            "{refused}"
        );
    }

    #[test]
    fn every_refusal_of_the_signer_has_its_message_in_the_signing_set() {
        let key = format!("ck_{}", "a".repeat(40));
        let secret = format!("cs_{}", "b".repeat(40));
        let strict = |key: &str, secret: &str| SignerConfig {
            consumer_key: ConsumerKey::new(key),
            consumer_secret: ConsumerSecret::new(secret),
            signature_method: None,
            placement: None,
            home_url: None,
            strict: true,
        };
        let url = "http://h/wp-json/wc/v3";
        let header = signer("header");
        let refusals = [
            Signer::new(strict("", &secret)).err(),
            Signer::new(strict("ck_1", &secret)).err(),
            Signer::new(strict(&key, "cs_2")).err(),
            Signer::new(SignerConfig {
                signature_method: Some("PLAINTEXT".into()),
                ..strict(&key, &secret)
            })
            .err(),
            Signer::new(SignerConfig {
                placement: Some("body".into()),
                ..strict(&key, &secret)
            })
            .err(),
            Signer::new(SignerConfig {
                home_url: Some("shop.example".into()),
                ..strict(&key, &secret)
            })
            .err(),
            header.authorization("G T", url, None, None, None, 0).err(),
            header
                .authorization("GET", "ftp://h/", None, None, None, 0)
                .err(),
            header
                .authorization("GET", url, Some("a b".into()), Some(1.0), None, 0)
                .err(),
            header
                .authorization("GET", url, None, Some(-1.0), None, 0)
                .err(),
            signer("query")
                .authorization("GET", url, None, None, None, 0)
                .err(),
        ];
        let mut codes = Vec::new();
        for error in refusals.iter().map(|r| r.as_ref().expect("refused")) {
            assert_eq!(
                error.signing_message(),
                Some(error.to_string()),
                "{}",
                error.code()
            );
            codes.push(error.code());
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 10, "{codes:?}");
        // A wc-auth error is outside the set.
        assert_eq!(Error::AuthScopeInvalid.signing_message(), None);
    }

    #[test]
    fn debug_shows_neither_secret_nor_key_schedule() {
        let text = format!("{:?}", signer("header"));
        assert!(!text.contains("cs_2"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}

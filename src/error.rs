//! The one error type of wc-keys.
//!
//! Every failure has a stable `code` (`ERR_<AREA>_<WHAT>`), part of the public API: JavaScript
//! callers branch on `error.code`, and `tests/error_codes.rs` pins the list. The message says
//! what went wrong and what to do about it. No variant carries a consumer key or secret, so an
//! error can be logged as it is.

use std::fmt;

/// Everything that can go wrong in wc-keys, as a value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The URL could not be read as an absolute `http://` or `https://` URL.
    UrlInvalid {
        /// Which part of the URL is wrong, in words.
        reason: &'static str,
    },
    /// The store's home URL (`homeUrl`) could not be read.
    HomeUrlInvalid {
        /// Which part of the URL is wrong, in words.
        reason: &'static str,
    },
    /// The HTTP method is empty or not a token WordPress routes.
    MethodInvalid,
    /// The signature method is neither `HMAC-SHA1` nor `HMAC-SHA256`.
    SignatureMethodInvalid,
    /// The placement of the OAuth parameters is neither `header` nor `query`.
    PlacementInvalid,
    /// The timestamp is not a whole number of seconds since 1970 in range.
    TimestampInvalid,
    /// A caller-supplied nonce is empty or carries characters WooCommerce would mangle.
    NonceInvalid,
    /// The consumer key is not usable (empty, or not `ck_…` in strict mode).
    ConsumerKeyInvalid {
        /// What is wrong with it, in words (never the key itself).
        reason: &'static str,
    },
    /// The consumer secret is not usable (empty, or not `cs_…` in strict mode).
    ConsumerSecretInvalid {
        /// What is wrong with it, in words (never the secret itself).
        reason: &'static str,
    },
    /// A form body or parameter object could not be used.
    FormInvalid {
        /// What is wrong with it, in words.
        reason: &'static str,
    },
    /// The request to explain carries no OAuth parameters, or misses some.
    OAuthParamsMissing {
        /// The names of the missing parameters, comma separated, as WooCommerce lists them.
        missing: String,
    },
    /// The operating system or browser gave no random bytes.
    RandomUnavailable,
    /// An argument from JavaScript had the wrong shape or type.
    InputInvalid {
        /// What was expected, in words.
        detail: String,
    },
}

impl Error {
    /// The stable code of this error, e.g. `ERR_URL_INVALID`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UrlInvalid { .. } => "ERR_URL_INVALID",
            Error::HomeUrlInvalid { .. } => "ERR_HOME_URL_INVALID",
            Error::MethodInvalid => "ERR_METHOD_INVALID",
            Error::SignatureMethodInvalid => "ERR_SIGNATURE_METHOD_INVALID",
            Error::PlacementInvalid => "ERR_PLACEMENT_INVALID",
            Error::TimestampInvalid => "ERR_TIMESTAMP_INVALID",
            Error::NonceInvalid => "ERR_NONCE_INVALID",
            Error::ConsumerKeyInvalid { .. } => "ERR_CONSUMER_KEY_INVALID",
            Error::ConsumerSecretInvalid { .. } => "ERR_CONSUMER_SECRET_INVALID",
            Error::FormInvalid { .. } => "ERR_FORM_INVALID",
            Error::OAuthParamsMissing { .. } => "ERR_OAUTH_PARAMS_MISSING",
            Error::RandomUnavailable => "ERR_RANDOM_UNAVAILABLE",
            Error::InputInvalid { .. } => "ERR_INPUT_INVALID",
        }
    }

    /// Every code this crate can return, in a fixed order (for the `.d.ts` union and tests).
    pub const CODES: &'static [&'static str] = &[
        "ERR_URL_INVALID",
        "ERR_HOME_URL_INVALID",
        "ERR_METHOD_INVALID",
        "ERR_SIGNATURE_METHOD_INVALID",
        "ERR_PLACEMENT_INVALID",
        "ERR_TIMESTAMP_INVALID",
        "ERR_NONCE_INVALID",
        "ERR_CONSUMER_KEY_INVALID",
        "ERR_CONSUMER_SECRET_INVALID",
        "ERR_FORM_INVALID",
        "ERR_OAUTH_PARAMS_MISSING",
        "ERR_RANDOM_UNAVAILABLE",
        "ERR_INPUT_INVALID",
        "ERR_NOT_INITIALIZED",
    ];
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UrlInvalid { reason } => write!(
                f,
                "The URL is not usable: {reason}. Pass an absolute URL such as \
                 https://shop.example/wp-json/wc/v3/products."
            ),
            Error::HomeUrlInvalid { reason } => write!(
                f,
                "homeUrl is not usable: {reason}. Pass the store's home URL as WordPress shows it \
                 under Settings > General > Site Address, e.g. https://shop.example or \
                 https://shop.example/store."
            ),
            Error::MethodInvalid => f.write_str(
                "The HTTP method is not valid. Use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.",
            ),
            Error::SignatureMethodInvalid => f.write_str(
                "WooCommerce accepts only HMAC-SHA1 and HMAC-SHA256 as oauth_signature_method. \
                 Pass signatureMethod: 'HMAC-SHA256' (the default) or 'HMAC-SHA1'.",
            ),
            Error::PlacementInvalid => f.write_str(
                "placement must be 'header' (Authorization: OAuth …, the default) or 'query' \
                 (OAuth parameters in the URL).",
            ),
            Error::TimestampInvalid => f.write_str(
                "The timestamp must be a whole number of seconds since 1970 (e.g. \
                 Math.floor(Date.now() / 1000)), not negative and not fractional.",
            ),
            Error::NonceInvalid => f.write_str(
                "The nonce must be 1 to 255 letters, digits, '-', '.', '_' or '~' (and not \"0\", \
                 which WooCommerce reads as missing). Leave it out to get a random 32-character \
                 nonce.",
            ),
            Error::ConsumerKeyInvalid { reason } => write!(
                f,
                "The consumer key is not usable: {reason}. Copy it again from WooCommerce > \
                 Settings > Advanced > REST API; it starts with ck_."
            ),
            Error::ConsumerSecretInvalid { reason } => write!(
                f,
                "The consumer secret is not usable: {reason}. It starts with cs_ and is shown \
                 only once, when the key is generated; if it is lost, generate a new key."
            ),
            Error::FormInvalid { reason } => write!(
                f,
                "The form body is not usable: {reason}. Pass a string such as 'a=1&b=2' or a \
                 plain object of strings, numbers, booleans, arrays and objects."
            ),
            Error::OAuthParamsMissing { missing } => write!(
                f,
                "The request is missing OAuth parameter(s) {missing}. WooCommerce needs \
                 oauth_consumer_key, oauth_timestamp, oauth_nonce, oauth_signature and \
                 oauth_signature_method in the query, the form body or the Authorization header."
            ),
            Error::RandomUnavailable => f.write_str(
                "No secure random numbers are available (crypto.getRandomValues or the operating \
                 system). Pass a nonce explicitly, or run in a runtime with Web Crypto.",
            ),
            Error::InputInvalid { detail } => write!(f, "Invalid argument: {detail}."),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// An [`Error::InputInvalid`] for an option name no function reads (a typo, most often).
    pub fn unknown_option(name: &str, known: &[&str]) -> Error {
        let shown: String = name.chars().take(40).collect();
        Error::InputInvalid {
            detail: format!(
                "unknown option '{shown}'; the options are {}",
                known.join(", ")
            ),
        }
    }

    /// An [`Error::InputInvalid`] from a deserializer's message, with every quoted value in it
    /// blanked: such messages quote the offending value, which may be a secret.
    pub fn input(detail: &str) -> Error {
        let mut out = String::with_capacity(detail.len());
        let mut quote: Option<char> = None;
        for c in detail.chars() {
            match quote {
                Some(q) if c == q => {
                    out.push('…');
                    out.push(c);
                    quote = None;
                }
                Some(_) => {}
                None => {
                    out.push(c);
                    if c == '"' || c == '`' {
                        quote = Some(c);
                    }
                }
            }
        }
        if quote.is_some() {
            out.push('…');
        }
        Error::InputInvalid { detail: out }
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

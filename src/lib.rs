//! # wc-keys
//!
//! Get, check and use WooCommerce REST API keys. The core of the `wc-keys` npm package, in plain
//! Rust: every function here is also exported to JavaScript through WebAssembly (`src/wasm/`).
//!
//! - [`sign`]: OAuth 1.0a signatures that WooCommerce accepts byte for byte, with the base string
//!   for debugging; [`explain_signature`] says why someone else's does not match.
//! - [`basic_auth_header`]: HTTP Basic for HTTPS stores.
//! - [`authorize_url`], [`begin_authorization`], [`complete_authorization`], [`parse_callback`]:
//!   the wc-auth key exchange, with the store's own checks applied before the redirect.
//! - [`validate_consumer_key`], [`validate_credentials`], [`mask`], [`redact`]: format checks with
//!   reasons, the `…last7` view, and secrets scrubbed from any text.
//!
//! The crate does no I/O: the clock is an argument and requests are values, so every signature
//! is reproducible. Secrets are [`ConsumerKey`] and [`ConsumerSecret`], whose `Debug` shows only
//! the last 7 characters, and no [`Error`] carries one.

mod client;
mod encode;
mod error;
#[doc(hidden)]
pub mod fuzz_checks;
mod key_check;
mod keys;
mod nonce;
mod oauth;
mod params;
mod php_query;
mod url;
mod wc_auth;
mod webhook;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use client::{
    clock_offset, pagination, parse_http_date, response_error, retry_delay_ms, Client,
    ClientConfig, ClientRequest, Pagination, Prepared, ResponseError,
};
pub use encode::{percent_decode, rawurlencode};
pub use error::{Error, Result};
pub use key_check::{
    Answer, Failure, Finding, FindingCode, KeyCheck, KeyCheckInput, KeyFacts, KeyReport,
    Permissions, PlannedRequest, Step, StoreFacts,
};
pub use keys::{
    key_hash, mask, redact, validate_consumer_key, validate_consumer_key_input,
    validate_credentials, ConsumerKey, ConsumerSecret, CredentialsInput, CredentialsValidation,
    Field, Problem, ProblemCode, Validation, PROBLEM_CODES,
};
pub use nonce::{random_nonce, NONCE_LEN};
pub use oauth::{
    authorization_header, base_string, base_url, basic_auth_header, explain_signature,
    normalized_pairs, parse_authorization_header, sign, sign_with, woo_params, BaseStringPart,
    Difference, ExplainInput, Explanation, Home, LoggedRequest, Placement, SignInput, SignRequest,
    SignatureMethod, Signed, Signer, SignerConfig,
};
pub use params::{to_query_string, FormInput, ParamValue};
pub use php_query::{parse as parse_php_query, Key as PhpKey, PhpArray, Value as PhpValue};
pub use url::{HttpUrl, Scheme};
pub use wc_auth::{
    add_key_url, authorize_url, begin_authorization, complete_authorization, keys_admin_url,
    new_state, parse_callback, store_base, AuthorizationStart, AuthorizeInput, CallbackKeys,
    CallbackOptions, Completion, Permalinks, Scope, ScopeDescription, CALLBACK_LIMIT,
};
pub use webhook::{specialchars_decode, verify_webhook, webhook_signature, WebhookVerdict};

/// Seconds since 1970 by the system clock (not available in WebAssembly, where the bindings pass
/// `Date.now()` instead).
#[cfg(not(target_arch = "wasm32"))]
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

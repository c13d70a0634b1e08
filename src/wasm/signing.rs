//! The whole of the package's small signing entry (`wc-keys/signer`), built without the `full`
//! feature: arguments cross one by one as strings and numbers, so the module holds no serde and
//! none of the code behind the main entry's other exports. `pkg-template/signing.mjs` checks the
//! options object and the argument types before they get here.

use super::shared::{js_error, now};
use crate::{ConsumerKey, ConsumerSecret, SignerConfig};
use wasm_bindgen::prelude::*;

/// A key pair checked once with its HMAC key absorbed once.
#[wasm_bindgen(js_name = SigningCore, skip_typescript)]
pub struct SigningCore(crate::Signer);

#[wasm_bindgen(js_class = SigningCore)]
impl SigningCore {
    /// `new Signer({ consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict })`,
    /// option by option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        consumer_key: String,
        consumer_secret: String,
        signature_method: Option<String>,
        placement: Option<String>,
        home_url: Option<String>,
        strict: bool,
    ) -> Result<SigningCore, JsValue> {
        crate::Signer::new(SignerConfig {
            consumer_key: ConsumerKey::new(consumer_key),
            consumer_secret: ConsumerSecret::new(consumer_secret),
            signature_method,
            placement,
            home_url,
            strict,
        })
        .map(SigningCore)
        .map_err(|e| js_error(&e))
    }

    /// The `Authorization` header value, as the main entry's `SignerCore.authorization`.
    pub fn authorization(
        &self,
        method: &str,
        url: &str,
        nonce: Option<String>,
        timestamp: Option<f64>,
        clock_offset: Option<f64>,
    ) -> Result<String, JsValue> {
        self.0
            .authorization(method, url, nonce, timestamp, clock_offset, now())
            .map_err(|e| js_error(&e))
    }

    /// `HMAC-SHA1` or `HMAC-SHA256`.
    #[wasm_bindgen(getter = signatureMethod)]
    pub fn signature_method(&self) -> String {
        self.0.signature_method().as_str().to_string()
    }
}

/// `Basic base64(key:secret)`; the wrapper has checked that both are strings.
#[wasm_bindgen(js_name = basicAuthHeader, skip_typescript)]
pub fn basic_auth_header(consumer_key: String, consumer_secret: String) -> Result<String, JsValue> {
    crate::basic_auth_header(
        &ConsumerKey::new(consumer_key),
        &ConsumerSecret::new(consumer_secret),
    )
    .map_err(|e| js_error(&e))
}

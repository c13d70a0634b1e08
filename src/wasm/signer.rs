//! `SignerCore` and `basicAuthHeader`: in both builds of the module. They are the whole of the
//! small one (`wc-keys/signer`); the main one adds `SignerCore.sign` (exports.rs). The options are
//! read field by field (options.rs), as `sign()` reads the same half of its options.

use super::clock::now;
use super::errors::js_error;
use super::options::{check_names, read_signer_config, text_arg};
use crate::{ConsumerKey, ConsumerSecret, SignerConfig};
use wasm_bindgen::prelude::*;

/// A key pair checked once with its HMAC key absorbed once; `pkg-template/signer-base.mjs` wraps
/// it as `Signer`.
#[wasm_bindgen(js_name = SignerCore, skip_typescript)]
pub struct SignerCore(pub(super) crate::Signer);

#[wasm_bindgen(js_class = SignerCore)]
impl SignerCore {
    /// `{ consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict }`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<SignerCore, JsValue> {
        check_names(&options, SignerConfig::FIELDS)?;
        let config = read_signer_config(&options)?;
        crate::Signer::new(config)
            .map(SignerCore)
            .map_err(|e| js_error(&e))
    }

    /// The `Authorization` header value. The wrapper has checked the types: strings in, a string
    /// out, no options object to read.
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

/// `Basic base64(key:secret)`.
#[wasm_bindgen(js_name = basicAuthHeader, skip_typescript)]
pub fn basic_auth_header(
    consumer_key: JsValue,
    consumer_secret: JsValue,
) -> Result<String, JsValue> {
    let key = ConsumerKey::new(text_arg(&consumer_key, "consumerKey")?);
    let secret = ConsumerSecret::new(text_arg(&consumer_secret, "consumerSecret")?);
    crate::basic_auth_header(&key, &secret).map_err(|e| js_error(&e))
}

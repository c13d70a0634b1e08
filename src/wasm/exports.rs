//! Every function the npm package exports.

use super::convert::{from_js, js_error, to_js};
use crate::{ConsumerKey, ConsumerSecret};
use wasm_bindgen::prelude::*;

/// Seconds since 1970 by the JavaScript clock.
fn now() -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let secs = (js_sys::Date::now() / 1000.0).floor().max(0.0) as u64;
    secs
}

/// Checks a consumer key's format: `{ ok, value, problems: [{ code, message }] }`.
#[wasm_bindgen(js_name = validateConsumerKey, skip_typescript)]
pub fn validate_consumer_key(text: JsValue) -> Result<JsValue, JsValue> {
    to_js(&crate::validate_consumer_key_input(
        text.as_string().as_deref(),
    ))
}

/// Checks a key and secret together: `{ ok, consumerKey, consumerSecret, problems }`.
#[wasm_bindgen(js_name = validateCredentials, skip_typescript)]
pub fn validate_credentials(options: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(options, crate::CredentialsInput::FIELDS)?;
    to_js(&crate::validate_credentials(&input))
}

/// Replaces every key and secret in a text by its masked form.
#[wasm_bindgen(skip_typescript)]
pub fn redact(text: JsValue) -> String {
    crate::redact(&text.as_string().unwrap_or_default())
}

/// `…` and the last 7 characters, as WooCommerce's admin shows keys.
#[wasm_bindgen(js_name = maskKey, skip_typescript)]
pub fn mask_key(text: JsValue) -> String {
    crate::mask(&text.as_string().unwrap_or_default())
}

/// HMAC-SHA256(key, "wc-api") in hex, as the store keeps the key.
#[wasm_bindgen(js_name = keyHash, skip_typescript)]
pub fn key_hash(text: JsValue) -> String {
    crate::key_hash(&text.as_string().unwrap_or_default())
}

/// Signs a request: `{ method, url, headers, body, signature, baseString, oauthParams }`.
#[wasm_bindgen(skip_typescript)]
pub fn sign(options: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(options, crate::SignInput::FIELDS)?;
    let signed = crate::sign(input, now()).map_err(|e| js_error(&e))?;
    to_js(&signed)
}

/// `Basic base64(key:secret)`.
#[wasm_bindgen(js_name = basicAuthHeader, skip_typescript)]
pub fn basic_auth_header(
    consumer_key: JsValue,
    consumer_secret: JsValue,
) -> Result<String, JsValue> {
    let key = ConsumerKey::new(consumer_key.as_string().unwrap_or_default());
    let secret = ConsumerSecret::new(consumer_secret.as_string().unwrap_or_default());
    crate::basic_auth_header(&key, &secret).map_err(|e| js_error(&e))
}

/// Recomputes someone else's signature as WooCommerce would, and finds where base strings part.
#[wasm_bindgen(js_name = explainSignature, skip_typescript)]
pub fn explain_signature(options: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(options, crate::ExplainInput::FIELDS)?;
    let explanation = crate::explain_signature(input).map_err(|e| js_error(&e))?;
    to_js(&explanation)
}

/// Every error code the package can throw.
#[wasm_bindgen(js_name = errorCodes, skip_typescript)]
pub fn error_codes() -> Vec<String> {
    crate::Error::CODES
        .iter()
        .map(|c| (*c).to_string())
        .collect()
}

//! Every function the npm package exports.

use super::clock::now;
use super::convert::{from_js, read, to_js};
use super::errors::js_error;
use super::options::{check_names, read_signer_config, text_arg};
use super::signer::SignerCore;
use wasm_bindgen::prelude::*;

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
pub fn redact(text: JsValue) -> Result<String, JsValue> {
    Ok(crate::redact(&text_arg(&text, "text")?))
}

/// `…` and the last 7 characters, as WooCommerce's admin shows keys.
#[wasm_bindgen(js_name = maskKey, skip_typescript)]
pub fn mask_key(text: JsValue) -> Result<String, JsValue> {
    Ok(crate::mask(&text_arg(&text, "key")?))
}

/// HMAC-SHA256(key, "wc-api") in hex, as the store keeps the key.
#[wasm_bindgen(js_name = keyHash, skip_typescript)]
pub fn key_hash(text: JsValue) -> Result<String, JsValue> {
    Ok(crate::key_hash(&text_arg(&text, "key")?))
}

/// Signs a request: `{ method, url, headers, body, signature, baseString, oauthParams }`.
#[wasm_bindgen(skip_typescript)]
pub fn sign(options: JsValue) -> Result<JsValue, JsValue> {
    // The options are a `SignerConfig` and a `SignRequest` side by side: the config half is read
    // as `new Signer(…)` reads it (same errors), the request half with serde-wasm-bindgen, which
    // reads a struct by asking the object for each of its field names, so it takes only its own
    // (`deny_unknown_fields` is for the Rust API). `check_names` has already refused any name
    // outside `SignInput::FIELDS`, and tests/properties.rs checks that the halves add up.
    check_names(&options, crate::SignInput::FIELDS)?;
    let config = read_signer_config(&options)?;
    let request = read(options)?;
    let signed = crate::sign_with(config, request, now()).map_err(|e| js_error(&e))?;
    to_js(&signed)
}

#[wasm_bindgen(js_class = SignerCore)]
impl SignerCore {
    /// `{ method, url, form, timestamp, clockOffset, nonce }` signed: what `sign()` returns. The
    /// main entry's only; the rest of `SignerCore` is in signer.rs.
    pub fn sign(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let request = from_js(request, crate::SignRequest::FIELDS)?;
        to_js(&self.0.sign(request, now()).map_err(|e| js_error(&e))?)
    }
}

/// Recomputes someone else's signature as WooCommerce would, and finds where base strings part.
#[wasm_bindgen(js_name = explainSignature, skip_typescript)]
pub fn explain_signature(options: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(options, crate::ExplainInput::FIELDS)?;
    let explanation = crate::explain_signature(input).map_err(|e| js_error(&e))?;
    to_js(&explanation)
}

/// Every error code the package can throw, separated by spaces (`bindings.mjs` splits them: one
/// string crosses the boundary with less code than an array of strings).
#[wasm_bindgen(js_name = errorCodesJoined, skip_typescript)]
pub fn error_codes_joined() -> String {
    crate::Error::CODES.join(" ")
}

/// The store's authorize URL, after the store's own checks.
#[wasm_bindgen(js_name = authorizeUrl, skip_typescript)]
pub fn authorize_url(options: JsValue) -> Result<String, JsValue> {
    let input = from_js(options, crate::AuthorizeInput::FIELDS)?;
    crate::authorize_url(&input).map_err(|e| js_error(&e))
}

/// `{ url, state, userId }`: an authorize URL whose `user_id` carries a fresh state.
#[wasm_bindgen(js_name = createAuthorization, skip_typescript)]
pub fn create_authorization(options: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(options, crate::AuthorizeInput::FIELDS)?;
    to_js(&crate::begin_authorization(&input).map_err(|e| js_error(&e))?)
}

/// `{ status, userId }` from the store's return URL, checked against the `user_id` sent.
#[wasm_bindgen(js_name = verifyAuthorizationReturn, skip_typescript)]
pub fn verify_authorization_return(
    url: JsValue,
    expected_user_id: JsValue,
) -> Result<JsValue, JsValue> {
    let url = text_arg(&url, "url")?;
    let expected = expected_user_id.as_string();
    to_js(&crate::complete_authorization(&url, expected.as_deref()).map_err(|e| js_error(&e))?)
}

/// The keys in a wc-auth callback body, checked.
#[wasm_bindgen(js_name = parseCallback, skip_typescript)]
pub fn parse_callback(body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let body = body
        .as_string()
        .ok_or_else(|| js_error(&crate::Error::input("the callback body must be a string")))?;
    let options = if options.is_undefined() || options.is_null() {
        crate::CallbackOptions::default()
    } else {
        from_js(options, crate::CallbackOptions::FIELDS)?
    };
    to_js(&crate::parse_callback(&body, &options).map_err(|e| js_error(&e))?)
}

/// WooCommerce > Settings > Advanced > REST API > Add key, on the store.
#[wasm_bindgen(js_name = addKeyUrl, skip_typescript)]
pub fn add_key_url(store_url: JsValue) -> Result<String, JsValue> {
    crate::add_key_url(&text_arg(&store_url, "storeUrl")?).map_err(|e| js_error(&e))
}

/// WooCommerce > Settings > Advanced > REST API, on the store.
#[wasm_bindgen(js_name = keysAdminUrl, skip_typescript)]
pub fn keys_admin_url(store_url: JsValue) -> Result<String, JsValue> {
    crate::keys_admin_url(&text_arg(&store_url, "storeUrl")?).map_err(|e| js_error(&e))
}

/// `{ scope, label, permissions }`: what a scope allows, as the store's approve screen lists it.
#[wasm_bindgen(js_name = describeScope, skip_typescript)]
pub fn describe_scope(scope: JsValue) -> Result<JsValue, JsValue> {
    let scope: crate::Scope = text_arg(&scope, "scope")?
        .parse()
        .map_err(|e| js_error(&e))?;
    to_js(&crate::ScopeDescription::of(scope))
}

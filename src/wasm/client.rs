//! The REST client's core as a JavaScript class (`ClientCore`), plus its response helpers.
//! `pkg-template/client.mjs` wraps it with `fetch`.

use super::clock::now;
use super::convert::{from_js, to_js};
use super::errors::js_error;
use wasm_bindgen::prelude::*;

/// The option names `ClientCore` reads, separated by spaces. The client's JavaScript checks every
/// name against these and its own (`fetch`, `timeout`, …), so that a typo's message lists them all.
#[wasm_bindgen(js_name = clientOptionNames, skip_typescript)]
pub fn client_option_names() -> String {
    crate::ClientConfig::FIELDS.join(" ")
}

/// The option names `KeyCheckCore` reads, separated by spaces (as [`client_option_names`]).
#[wasm_bindgen(js_name = keyCheckOptionNames, skip_typescript)]
pub fn key_check_option_names() -> String {
    crate::KeyCheckInput::FIELDS.join(" ")
}

/// A checked client configuration; `prepare` builds one request.
#[wasm_bindgen(js_name = ClientCore, skip_typescript)]
pub struct ClientCore(crate::Client);

#[wasm_bindgen(js_class = ClientCore)]
impl ClientCore {
    /// Checks the configuration (`url`, `consumerKey`, `consumerSecret`, …).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<ClientCore, JsValue> {
        let config = from_js(config, crate::ClientConfig::FIELDS)?;
        crate::Client::new(config)
            .map(ClientCore)
            .map_err(|e| js_error(&e))
    }

    /// `{ method, url, headers, auth, redactedUrl }` for `{ method, path, query, jsonBody, clockOffset }`.
    pub fn prepare(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let request = from_js(request, crate::ClientRequest::FIELDS)?;
        to_js(&self.0.prepare(&request, now()).map_err(|e| js_error(&e))?)
    }
}

/// `{ code, message, data, hint }` from an error answer.
#[wasm_bindgen(js_name = responseError, skip_typescript)]
pub fn response_error(status: u16, body: JsValue) -> Result<JsValue, JsValue> {
    to_js(&crate::response_error(
        status,
        &body.as_string().unwrap_or_default(),
    ))
}

/// Milliseconds to wait before retrying, or `undefined`.
#[wasm_bindgen(js_name = retryDelayMs, skip_typescript)]
pub fn retry_delay_ms(
    method: JsValue,
    status: u16,
    retry_after: JsValue,
    attempt: u32,
    max_retries: u32,
) -> Option<u32> {
    crate::retry_delay_ms(
        &method.as_string().unwrap_or_default(),
        status,
        retry_after.as_string().as_deref(),
        attempt,
        max_retries,
        js_sys::Date::now(),
    )
}

/// The store's clock minus ours in seconds, from a `Date` header, or `undefined`.
#[wasm_bindgen(js_name = clockOffset, skip_typescript)]
pub fn clock_offset(date_header: JsValue) -> Option<f64> {
    #[allow(
        clippy::cast_precision_loss,
        reason = "clock offsets are far below 2^52 seconds"
    )]
    crate::clock_offset(&date_header.as_string()?, now()).map(|s| s as f64)
}

/// `{ total, totalPages, next }` from `X-WP-Total`, `X-WP-TotalPages` and `Link`.
#[wasm_bindgen(skip_typescript)]
pub fn pagination(total: JsValue, total_pages: JsValue, link: JsValue) -> Result<JsValue, JsValue> {
    to_js(&crate::pagination(
        total.as_string().as_deref(),
        total_pages.as_string().as_deref(),
        link.as_string().as_deref(),
    ))
}

/// `{ valid, ping, webhookId }` for a webhook delivery's raw body, signature header and secret.
#[wasm_bindgen(js_name = verifyWebhookRaw, skip_typescript)]
pub fn verify_webhook_raw(
    body: &[u8],
    signature: JsValue,
    secret: JsValue,
) -> Result<JsValue, JsValue> {
    let secret = secret.as_string().unwrap_or_default();
    to_js(&crate::verify_webhook(
        body,
        signature.as_string().as_deref(),
        &secret,
    ))
}

/// The key check as a state machine: `next()` gives a request, `feed(answer)` takes what came
/// back, `report()` gives the verdict. `checkKeys()` in `pkg-template/keys.mjs` runs it.
#[wasm_bindgen(js_name = KeyCheckCore, skip_typescript)]
pub struct KeyCheckCore(crate::KeyCheck);

#[wasm_bindgen(js_class = KeyCheckCore)]
impl KeyCheckCore {
    /// `{ storeUrl, consumerKey, consumerSecret, need }`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<KeyCheckCore, JsValue> {
        let input = from_js(options, crate::KeyCheckInput::FIELDS)?;
        crate::KeyCheck::new(input)
            .map(KeyCheckCore)
            .map_err(|e| js_error(&e))
    }

    /// The next request, or `undefined` when done.
    pub fn next(&mut self) -> Result<JsValue, JsValue> {
        match self.0.next(now()) {
            Some(request) => to_js(&request),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// What came back, field by field (`pkg-template/keys.mjs` is the only caller, and passes
    /// each field with its type: no options object to read). `status` is 0 and `failure` says
    /// why (`cors`, `network`, `timeout`, `tls`) when no answer came.
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per field of Answer"
    )]
    pub fn feed(
        &mut self,
        status: u16,
        date: Option<String>,
        link: Option<String>,
        content_type: Option<String>,
        location: Option<String>,
        body: Option<String>,
        failure: Option<String>,
        ms: f64,
    ) -> Result<(), JsValue> {
        let failure = failure
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e| js_error(&e))?;
        let answer = crate::Answer {
            status,
            date,
            link,
            content_type,
            location,
            body: body.unwrap_or_default(),
            failure,
            ms,
        };
        self.0.feed(&answer, now());
        Ok(())
    }

    /// The verdict.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.report())
    }
}

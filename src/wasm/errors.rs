//! Core errors as JavaScript values.

use crate::Error;
use wasm_bindgen::prelude::*;

/// A JavaScript `Error` carrying the core error's code and message.
pub(crate) fn js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error_message(error));
    js.set_name("WcKeysError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(
        &js,
        &JsValue::from_str("code"),
        &JsValue::from_str(error.code()),
    );
    js.into()
}

/// The main module's messages: every error's.
#[cfg(feature = "full")]
fn error_message(error: &Error) -> String {
    error.to_string()
}

/// The signing module raises signing errors only, so it carries their messages alone (about 1 KB
/// gzip less). Another error would read as its code; tests/js/signer-entry-suite.mjs checks that
/// every refusal matches the main entry's, message included.
#[cfg(not(feature = "full"))]
fn error_message(error: &Error) -> String {
    error
        .signing_message()
        .unwrap_or_else(|| error.code().to_string())
}

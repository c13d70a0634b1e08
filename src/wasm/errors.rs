//! Core errors as JavaScript values.

use crate::Error;
use wasm_bindgen::prelude::*;

/// A JavaScript `Error` carrying the core error's code and message.
pub(crate) fn js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("WcKeysError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(
        &js,
        &JsValue::from_str("code"),
        &JsValue::from_str(error.code()),
    );
    js.into()
}

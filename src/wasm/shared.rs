//! What both builds of the module need: errors as JavaScript values, and the clock.

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

/// Seconds since 1970 by the JavaScript clock.
pub(crate) fn now() -> u64 {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "Date.now() / 1000, floored and clamped at 0, fits u64"
    )]
    let secs = (js_sys::Date::now() / 1000.0).floor().max(0.0) as u64;
    secs
}

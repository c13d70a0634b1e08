//! What both builds of the module need: errors as JavaScript values, the clock, and reading
//! arguments and options objects without serde.

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

/// A string argument, or `ERR_INPUT_INVALID` naming it (never a silent `""`).
pub(crate) fn text_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        js_error(&Error::InputInvalid {
            detail: format!("{name} must be a string"),
        })
    })
}

/// Refuses anything but a plain object, and any option name not in `fields`.
/// (Readers take only the fields they know, so unknown ones are checked here.)
pub(crate) fn check_names(value: &JsValue, fields: &[&str]) -> Result<(), JsValue> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(js_error(&Error::input("pass an options object")));
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for name in js_sys::Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
    {
        if !fields.contains(&name.as_str()) {
            return Err(js_error(&Error::unknown_option(&name, fields)));
        }
    }
    Ok(())
}

/// The option `name` of an object [`check_names`] accepted; `undefined` and `null` are `None`.
fn option(options: &JsValue, name: &str) -> Result<Option<JsValue>, JsValue> {
    let value = js_sys::Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| js_error(&Error::input("the options object could not be read")))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// A string option that must be given.
pub(crate) fn required_text(options: &JsValue, name: &str) -> Result<String, JsValue> {
    text_arg(&option(options, name)?.unwrap_or(JsValue::UNDEFINED), name)
}

/// A string option that may be left out.
pub(crate) fn optional_text(options: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    option(options, name)?
        .map(|value| text_arg(&value, name))
        .transpose()
}

/// A boolean option that may be left out.
pub(crate) fn optional_bool(options: &JsValue, name: &str) -> Result<Option<bool>, JsValue> {
    option(options, name)?
        .map(|value| {
            value.as_bool().ok_or_else(|| {
                js_error(&Error::InputInvalid {
                    detail: format!("{name} must be a boolean"),
                })
            })
        })
        .transpose()
}

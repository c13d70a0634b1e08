//! Conversions between JavaScript values and core types.

use super::shared::js_error;
use crate::Error;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;

/// A string argument, or `ERR_INPUT_INVALID` naming it (never a silent `""`).
pub(crate) fn text_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        js_error(&Error::InputInvalid {
            detail: format!("{name} must be a string"),
        })
    })
}

/// Reads a plain object into a core input struct whose option names are `fields`.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, fields: &[&str]) -> Result<T, JsValue> {
    check_names(&value, fields)?;
    read(value)
}

/// Refuses anything but a plain object, and any option name not in `fields`.
/// (serde-wasm-bindgen reads only the fields it knows, so unknown ones are checked here.)
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

/// Reads the fields `T` knows out of an object [`check_names`] accepted (the others are left
/// alone, so one options object can fill two structs).
pub(crate) fn read<T: DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error(&Error::input(&e.to_string())))
}

/// Writes a core result as plain objects (maps as objects, `None` as `null`).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&Error::input(&e.to_string())))
}

//! Conversions between JavaScript values and core types.

use super::errors::js_error;
use super::options::check_names;
use crate::Error;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;

/// Reads a plain object into a core input struct whose option names are `fields`.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, fields: &[&str]) -> Result<T, JsValue> {
    check_names(&value, fields)?;
    read(value)
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

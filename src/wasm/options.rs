//! Arguments and options objects read without serde: the typo check every options reader does,
//! and the readers of `SignerConfig`, which both builds of the module share.

use super::errors::js_error;
use crate::{ConsumerKey, ConsumerSecret, Error, SignerConfig};
use wasm_bindgen::prelude::*;

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

/// Calls `f` with `name` as a JavaScript string. The main build keeps `SignerConfig`'s names made
/// once: `JsValue::from_str` decodes a new string in JavaScript each time, and `sign()` reads
/// these names on every call (measured by hand: 1.7 µs of its 21 in Node). The small build, where
/// only the constructor reads them, leaves the cache out (1.4 KB of wasm).
#[cfg(feature = "full")]
fn with_name<R>(name: &str, f: impl FnOnce(&JsValue) -> R) -> R {
    thread_local! {
        static CONFIG_NAMES: Vec<JsValue> =
            SignerConfig::FIELDS.iter().map(|field| JsValue::from_str(field)).collect();
    }
    let cached = SignerConfig::FIELDS.iter().position(|field| *field == name);
    CONFIG_NAMES.with(|names| match cached.and_then(|i| names.get(i)) {
        Some(key) => f(key),
        None => f(&JsValue::from_str(name)),
    })
}

#[cfg(not(feature = "full"))]
fn with_name<R>(name: &str, f: impl FnOnce(&JsValue) -> R) -> R {
    f(&JsValue::from_str(name))
}

/// The option `name` of an object [`check_names`] accepted; `undefined` and `null` are `None`.
fn get_option(options: &JsValue, name: &str) -> Result<Option<JsValue>, JsValue> {
    let value = with_name(name, |key| js_sys::Reflect::get(options, key))
        .map_err(|_| js_error(&Error::input("the options object could not be read")))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// A string option that must be given.
fn required_text(options: &JsValue, name: &str) -> Result<String, JsValue> {
    match get_option(options, name)? {
        Some(value) => text_arg(&value, name),
        None => Err(js_error(&Error::InputInvalid {
            detail: format!("{name} is required"),
        })),
    }
}

/// A string option that may be left out.
fn optional_text(options: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    get_option(options, name)?
        .map(|value| text_arg(&value, name))
        .transpose()
}

/// A boolean option that may be left out.
fn optional_bool(options: &JsValue, name: &str) -> Result<Option<bool>, JsValue> {
    get_option(options, name)?
        .map(|value| {
            value.as_bool().ok_or_else(|| {
                js_error(&Error::InputInvalid {
                    detail: format!("{name} must be a boolean"),
                })
            })
        })
        .transpose()
}

/// The `SignerConfig` half of an options object, for `new Signer(…)` and `sign(…)` alike: every
/// name in it checked by the caller, each field read here with its own type error.
pub(crate) fn read_signer_config(options: &JsValue) -> Result<SignerConfig, JsValue> {
    Ok(SignerConfig {
        consumer_key: ConsumerKey::new(required_text(options, "consumerKey")?),
        consumer_secret: ConsumerSecret::new(required_text(options, "consumerSecret")?),
        signature_method: optional_text(options, "signatureMethod")?,
        placement: optional_text(options, "placement")?,
        home_url: optional_text(options, "homeUrl")?,
        strict: optional_bool(options, "strict")?.unwrap_or(false),
    })
}

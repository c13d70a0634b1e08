//! Splits `sign()` into its stages for the benchmark harness (bench/lib/probe-cases.mjs).
//!
//! The package's `sign(options)` does three things: read the options object into a `SignInput`
//! (key check + serde-wasm-bindgen), sign in the Rust core, and write the `Signed` result back as
//! a plain object. Each export here does one of them, or a combination, so that timing them
//! side by side from JavaScript says where the time goes. It mirrors `src/wasm/` on purpose and
//! must not be used for anything else.

#![cfg(target_arch = "wasm32")]

use serde::Serialize as _;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wc_keys::{ConsumerKey, ConsumerSecret, SignInput, Signed};

thread_local! {
    static TEMPLATE: RefCell<Option<(SignInput, Signed)>> = const { RefCell::new(None) };
    /// The signed result without `baseString` and `oauthParams` (what a lean result would carry).
    static LEAN: RefCell<Option<Signed>> = const { RefCell::new(None) };
}

fn fail(message: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&message.to_string())
}

fn template() -> Result<(SignInput, Signed), JsValue> {
    TEMPLATE
        .with(|t| t.borrow().clone())
        .ok_or_else(|| fail("call prepare() first"))
}

/// Parses the benchmark request (JSON with the JavaScript option names) and keeps it, with its
/// signed result, for the other exports. Returns the signature.
#[wasm_bindgen]
pub fn prepare(options_json: &str) -> Result<String, JsValue> {
    let input: SignInput = serde_json::from_str(options_json).map_err(fail)?;
    let signed = wc_keys::sign(input.clone(), 0).map_err(fail)?;
    let signature = signed.signature.clone();
    let mut lean = signed.clone();
    lean.base_string = String::new();
    lean.oauth_params = Vec::new();
    LEAN.with(|l| *l.borrow_mut() = Some(lean));
    TEMPLATE.with(|t| *t.borrow_mut() = Some((input, signed)));
    Ok(signature)
}

/// The core alone: signs the kept request `n` times inside WebAssembly (one clone of the input
/// per signature, as `sign()` gets a fresh one from the conversion). Returns the last signature.
#[wasm_bindgen(js_name = coreLoop)]
pub fn core_loop(n: u32) -> Result<String, JsValue> {
    let (input, _) = template()?;
    let mut signature = String::new();
    for _ in 0..n {
        signature = wc_keys::sign(input.clone(), 0).map_err(fail)?.signature;
    }
    Ok(signature)
}

/// The floor: one call with an object argument, no work.
#[wasm_bindgen]
pub fn noop(options: JsValue) -> u32 {
    u32::from(options.is_object())
}

/// What `from_js` does in the package: reject unknown option names, then serde-wasm-bindgen.
fn read_options(options: JsValue) -> Result<SignInput, JsValue> {
    if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(fail("pass an options object"));
    }
    let object: &js_sys::Object = options.unchecked_ref();
    for name in js_sys::Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
    {
        if !SignInput::FIELDS.contains(&name.as_str()) {
            return Err(fail(format!("unknown option {name}")));
        }
    }
    serde_wasm_bindgen::from_value(options).map_err(fail)
}

/// Options conversion alone: unknown-name check plus serde-wasm-bindgen, nothing signed.
#[wasm_bindgen(js_name = readOnly)]
pub fn read_only(options: JsValue) -> Result<u32, JsValue> {
    let input = read_options(options)?;
    Ok(u32::try_from(input.url.len()).unwrap_or(0))
}

/// serde-wasm-bindgen alone, without the unknown-name check.
#[wasm_bindgen(js_name = deserializeOnly)]
pub fn deserialize_only(options: JsValue) -> Result<u32, JsValue> {
    let input: SignInput = serde_wasm_bindgen::from_value(options).map_err(fail)?;
    Ok(u32::try_from(input.url.len()).unwrap_or(0))
}

/// Result conversion alone: the kept `Signed` written as the package writes it.
#[wasm_bindgen(js_name = writeOnly)]
pub fn write_only() -> Result<JsValue, JsValue> {
    TEMPLATE.with(|t| match t.borrow().as_ref() {
        Some((_, signed)) => signed
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(fail),
        None => Err(fail("call prepare() first")),
    })
}

/// Conversion in, core, and only the signature string out.
#[wasm_bindgen(js_name = signSignatureOnly)]
pub fn sign_signature_only(options: JsValue) -> Result<String, JsValue> {
    let input = read_options(options)?;
    Ok(wc_keys::sign(input, 0).map_err(fail)?.signature)
}

/// Flat string arguments (no object to read), core, signature string out: what an API without
/// an options object would cost.
#[wasm_bindgen(js_name = signPositional)]
pub fn sign_positional(
    method: String,
    url: String,
    consumer_key: String,
    consumer_secret: String,
    signature_method: String,
    timestamp: f64,
    nonce: String,
) -> Result<String, JsValue> {
    let (mut input, _) = template()?;
    input.method = method;
    input.url = url;
    input.consumer_key = ConsumerKey::new(consumer_key);
    input.consumer_secret = ConsumerSecret::new(consumer_secret);
    input.signature_method = Some(signature_method);
    input.timestamp = Some(timestamp);
    input.nonce = Some(nonce);
    Ok(wc_keys::sign(input, 0).map_err(fail)?.signature)
}

/// Result conversion of a result without `baseString` and `oauthParams` (both left empty).
#[wasm_bindgen(js_name = writeLean)]
pub fn write_lean() -> Result<JsValue, JsValue> {
    LEAN.with(|l| match l.borrow().as_ref() {
        Some(signed) => signed
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(fail),
        None => Err(fail("call prepare() first")),
    })
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsValue> {
    js_sys::Reflect::set(object, &JsValue::from_str(key), value).map(|_| ())
}

fn pairs_object(pairs: &[(String, String)]) -> Result<JsValue, JsValue> {
    let object = js_sys::Object::new();
    for (k, v) in pairs {
        set(&object, k, &JsValue::from_str(v))?;
    }
    Ok(object.into())
}

/// The same result object as `writeOnly`, written field by field with `Reflect.set` instead of
/// serde-wasm-bindgen.
#[wasm_bindgen(js_name = writeDirect)]
pub fn write_direct() -> Result<JsValue, JsValue> {
    TEMPLATE.with(|t| -> Result<JsValue, JsValue> {
        let borrowed = t.borrow();
        let Some((_, s)) = borrowed.as_ref() else {
            return Err(fail("call prepare() first"));
        };
        let object = js_sys::Object::new();
        set(&object, "method", &JsValue::from_str(&s.method))?;
        set(&object, "url", &JsValue::from_str(&s.url))?;
        set(&object, "headers", &pairs_object(&s.headers)?)?;
        let body = s.body.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        set(&object, "body", &body)?;
        set(&object, "signature", &JsValue::from_str(&s.signature))?;
        set(&object, "baseString", &JsValue::from_str(&s.base_string))?;
        set(&object, "oauthParams", &pairs_object(&s.oauth_params)?)?;
        Ok(object.into())
    })
}

fn get(options: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
}

/// Options read field by field with `Reflect.get` instead of serde-wasm-bindgen (the fields the
/// benchmark request uses; no unknown-name check), then nothing signed.
#[wasm_bindgen(js_name = readDirect)]
pub fn read_direct(options: JsValue) -> Result<u32, JsValue> {
    let (mut input, _) = template()?;
    let text =
        |key: &str| -> Result<Option<String>, JsValue> { Ok(get(&options, key)?.as_string()) };
    input.method = text("method")?.unwrap_or_default();
    input.url = text("url")?.unwrap_or_default();
    input.consumer_key = ConsumerKey::new(text("consumerKey")?.unwrap_or_default());
    input.consumer_secret = ConsumerSecret::new(text("consumerSecret")?.unwrap_or_default());
    input.signature_method = text("signatureMethod")?;
    input.placement = text("placement")?;
    input.nonce = text("nonce")?;
    input.home_url = text("homeUrl")?;
    input.timestamp = get(&options, "timestamp")?.as_f64();
    input.clock_offset = get(&options, "clockOffset")?.as_f64();
    Ok(u32::try_from(input.url.len()).unwrap_or(0))
}

#[wasm_bindgen]
extern "C" {
    /// The options object read through typed getters: wasm-bindgen turns each into a plain
    /// property read in the glue (`arg0.url`), with no key string made on the Rust side.
    pub type SignOptionsObject;
    #[wasm_bindgen(method, getter)]
    fn method(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn url(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = consumerKey)]
    fn consumer_key(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = consumerSecret)]
    fn consumer_secret(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = signatureMethod)]
    fn signature_method(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn placement(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn nonce(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = homeUrl)]
    fn home_url(this: &SignOptionsObject) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn timestamp(this: &SignOptionsObject) -> Option<f64>;
    #[wasm_bindgen(method, getter, js_name = clockOffset)]
    fn clock_offset(this: &SignOptionsObject) -> Option<f64>;
}

/// Options read through typed getters (no serde, no unknown-name check), nothing signed.
#[wasm_bindgen(js_name = readGetters)]
pub fn read_getters(options: &SignOptionsObject) -> Result<u32, JsValue> {
    let (mut input, _) = template()?;
    input.method = options.method().unwrap_or_default();
    input.url = options.url().unwrap_or_default();
    input.consumer_key = ConsumerKey::new(options.consumer_key().unwrap_or_default());
    input.consumer_secret = ConsumerSecret::new(options.consumer_secret().unwrap_or_default());
    input.signature_method = options.signature_method();
    input.placement = options.placement();
    input.nonce = options.nonce();
    input.home_url = options.home_url();
    input.timestamp = options.timestamp();
    input.clock_offset = options.clock_offset();
    Ok(u32::try_from(input.url.len()).unwrap_or(0))
}

#[wasm_bindgen(inline_js = "
const pairs = (text) => {
  const object = {};
  if (text === '') return object;
  const parts = text.split('\\u0000');
  for (let i = 0; i + 1 < parts.length; i += 2) object[parts[i]] = parts[i + 1];
  return object;
};
export function signedObject(method, url, headers, body, signature, baseString, oauthParams) {
  return { method, url, headers: pairs(headers), body, signature, baseString, oauthParams: pairs(oauthParams) };
}
")]
extern "C" {
    #[wasm_bindgen(js_name = signedObject)]
    fn signed_object(
        method: &str,
        url: &str,
        headers: &str,
        body: Option<String>,
        signature: &str,
        base_string: &str,
        oauth_params: &str,
    ) -> JsValue;
}

fn joined(pairs: &[(String, String)]) -> String {
    let mut text = String::new();
    for (k, v) in pairs {
        if !text.is_empty() {
            text.push('\0');
        }
        text.push_str(k);
        text.push('\0');
        text.push_str(v);
    }
    text
}

/// The same result object as `writeOnly`, made by one call to a JavaScript function that takes
/// the fields as strings (pairs joined with NUL) and builds the object literal.
#[wasm_bindgen(js_name = writeViaJs)]
pub fn write_via_js() -> Result<JsValue, JsValue> {
    TEMPLATE.with(|t| -> Result<JsValue, JsValue> {
        let borrowed = t.borrow();
        let Some((_, s)) = borrowed.as_ref() else {
            return Err(fail("call prepare() first"));
        };
        Ok(signed_object(
            &s.method,
            &s.url,
            &joined(&s.headers),
            s.body.clone(),
            &s.signature,
            &s.base_string,
            &joined(&s.oauth_params),
        ))
    })
}

//! The JavaScript API: thin wasm-bindgen exports over the core. Each export converts its input
//! (serde-wasm-bindgen into a core struct), calls one core function and converts the result.
//! Errors become JavaScript `Error`s with `name = "WcKeysError"` and a stable `code`.

mod client;
mod convert;
mod exports;

#[cfg(test)]
mod tests;

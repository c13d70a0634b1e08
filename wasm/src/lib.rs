//! The JavaScript API of wc-keys: thin wasm-bindgen exports over the `wc-keys` core crate. Each
//! export converts its input (serde-wasm-bindgen into a core struct), calls one core function and
//! converts the result. Errors become JavaScript `Error`s with `name = "WcKeysError"` and a
//! stable `code`.
//!
//! A crate of its own: the core stays plain Rust, testable natively, with no wasm-bindgen in its
//! dependency tree.
#![cfg(target_arch = "wasm32")]

mod client;
mod convert;
mod exports;

#[cfg(test)]
mod tests;

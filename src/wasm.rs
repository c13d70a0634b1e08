//! The JavaScript API: thin wasm-bindgen exports over the core. Errors become JavaScript
//! `Error`s with `name = "WcKeysError"` and a stable `code`.
//!
//! Two builds of one crate. Without the `full` feature, `signer` alone: `SignerCore` and
//! `basicAuthHeader`, the package's small signing entry (`wc-keys/signer`). The `full` feature
//! (the default) adds every other export of the main entry, each converting its input with
//! serde-wasm-bindgen into a core struct, calling one core function and converting the result.

mod clock;
mod errors;
mod options;
mod signer;

#[cfg(feature = "full")]
mod client;
#[cfg(feature = "full")]
mod convert;
#[cfg(feature = "full")]
mod exports;

// Two attributes, not `all(test, …)`: clippy allows `unwrap` in tests it sees as `cfg(test)`.
#[cfg(test)]
#[cfg(feature = "full")]
mod tests;

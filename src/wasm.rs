//! The JavaScript API: thin wasm-bindgen exports over the core. Errors become JavaScript
//! `Error`s with `name = "WcKeysError"` and a stable `code`.
//!
//! Two builds of one crate. With the `full` feature (the default), every export of the package's
//! main entry, each converting its input with serde-wasm-bindgen into a core struct, calling one
//! core function and converting the result. Without it, only `signing`: the package's small
//! signing entry, whose arguments cross one by one.

mod shared;

#[cfg(feature = "full")]
mod client;
#[cfg(feature = "full")]
mod convert;
#[cfg(feature = "full")]
mod exports;
#[cfg(not(feature = "full"))]
mod signing;

// Two attributes, not `all(test, …)`: clippy allows `unwrap` in tests it sees as `cfg(test)`.
#[cfg(test)]
#[cfg(feature = "full")]
mod tests;

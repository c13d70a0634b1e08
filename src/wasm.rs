//! The JavaScript API: thin wasm-bindgen exports over the core. Errors become JavaScript
//! `Error`s with `name = "WcKeysError"` and a stable `code`.
//!
//! Two builds of one crate. Without the `full` feature, `signer` alone: `SignerCore` and
//! `basicAuthHeader`, the package's small signing entry (`wc-keys/signer`). The `full` feature
//! (the default) adds every other export of the main entry, each converting its input with
//! serde-wasm-bindgen into a core struct, calling one core function and converting the result.

/// talc instead of Rust's default dlmalloc: each module is about 6.8 KB smaller (2.4 KB gzip),
/// for 5.5 % (Chromium) to 7.3 % (Node 20) on a signature. Measured with an A/B of the signing
/// module built both ways from the same Rust code, median of 41 rounds of 3,000
/// `authorization()` calls: 8.45 µs with dlmalloc and 9.07 with talc in Node, 6.73 and 7.10 µs
/// in Chromium; 9.7 and 7.9 µs with dlmalloc before a signature made 11 fewer allocations and 8
/// fewer reallocations. This is talc's single-threaded WebAssembly allocator (this cfg; its
/// constructor refuses other targets at compile time), constructed without `unsafe` on our side.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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

//! The JavaScript clock (`std::time` has none in wasm32-unknown-unknown).

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

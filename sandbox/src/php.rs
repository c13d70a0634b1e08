//! What PHP does to a request before WordPress sees it, written from PHP's documented behaviour
//! (`main/php_variables.c`, `ext/standard/url.c`, `ext/standard/base64.c`): the `$_GET`/`$_POST`
//! arrays, the URL encoders and decoders, loose comparison of a string with an integer.
//!
//! This is the sandbox's own implementation, independent of the `wc-keys` library's, so that the
//! sandbox is a second opinion on what WooCommerce computes.

mod array;
mod text;

pub(crate) use array::{parse_str, Key, PhpArray, Value};
pub(crate) use text::{
    addslashes, base64_decode, base64_encode, compare_with_int, is_empty_str, rawurldecode,
    rawurlencode, sanitize_text_field, specialchars_decode, urldecode, urlencode,
};

//! The signature base string exactly as WooCommerce rebuilds it on the server.
//!
//! From `check_oauth_signature()`, `normalize_parameters()` and `join_with_equals_sign()` in
//! `class-wc-rest-authentication.php`, and `wc_rest_urlencode_rfc3986()` in
//! `wc-rest-functions.php` (checked against commit 170a8939, WooCommerce 10.x/11.x):
//!
//! 1. The URL is the store's home URL with the request path appended: the scheme is the one the
//!    request came over (`is_ssl()`), host, port and path come from the `home` option, and the
//!    home path plus `/` is cut off the front of the request path before it is added back
//!    (`get_home_url( null, $request_path, … )`). A path that is empty (or `"0"`) adds nothing,
//!    so plain-permalink requests to the site root sign `http://store.test`, not
//!    `http://store.test/`.
//! 2. WordPress has run `addslashes` over `$_SERVER` (`wp_magic_quotes()`), and the path is read
//!    from `REQUEST_URI` without removing them: a `'` in the path is signed as `\'`.
//! 3. The parameters are `array_merge( $_GET, $_POST )` plus the `Authorization` header's, less
//!    `oauth_signature`, sorted by top-level key with `strcmp`.
//! 4. Top-level keys and all values are `rawurlencode`d; nested keys are joined as
//!    `key%5Bsub%5D` (unencoded `sub`); each `key=value` is `rawurlencode`d again; pairs are
//!    joined with `%26`.
//! 5. Base string: upper-case method, `&`, the encoded URL, `&`, the pairs.

use crate::encode::{escape_into, is_unreserved, push_hex, rawurlencode_into};
use crate::error::{Error, Result};
use crate::php_query::{PhpArray, Value};
use crate::url::{HttpUrl, Scheme};

/// Where the store lives: what its `home` option says (Settings > General > Site Address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    /// `host[:port]` as the store has it.
    pub authority: String,
    /// The install's path without a trailing slash: `""` at the root, `/shop` in a subdirectory.
    pub path: String,
}

impl Home {
    /// Reads a home URL such as `https://shop.example` or `https://shop.example/store/`. The host
    /// is kept as written (WordPress keeps the option as it is); a trailing `/` is dropped, as
    /// WordPress does when the option is saved.
    pub fn parse(text: &str) -> Result<Home> {
        let invalid = |reason| Error::HomeUrlInvalid { reason };
        let text = text.trim();
        // `split_once("://")` over bytes: std's substring search carries a panicking slice (for
        // empty needles), which brings 3 KB of panic formatting into the signing module.
        let (scheme, rest) = text
            .as_bytes()
            .windows(3)
            .position(|w| w == b"://")
            .and_then(|i| Some((text.get(..i)?, text.get(i.checked_add(3)?..)?)))
            .ok_or(invalid("it has no http:// or https://"))?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(invalid("only http:// and https:// home URLs exist"));
        }
        if rest.contains(['?', '#']) {
            return Err(invalid(
                "it has a query or fragment; a home URL is only scheme, host and path",
            ));
        }
        let (authority, path) = rest
            .find('/')
            .and_then(|i| rest.split_at_checked(i))
            .unwrap_or((rest, ""));
        if authority.is_empty()
            || authority.contains('@')
            || authority.contains(char::is_whitespace)
        {
            return Err(invalid("it has no usable host"));
        }
        Ok(Home {
            authority: authority.to_string(),
            path: path.trim_end_matches('/').to_string(),
        })
    }

    /// The home a request URL implies when the caller gives none: the request's origin, and for a
    /// plain-permalink request (`?rest_route=`) to a folder (`/store/`), that folder.
    pub fn from_request(url: &HttpUrl) -> Home {
        let mut authority = url.host.clone();
        if let Some(port) = url.port {
            authority.push(':');
            authority.push_str(&port.to_string());
        }
        let plain = url.query.as_deref().is_some_and(|q| {
            q.split('&')
                .any(|pair| pair.split('=').next() == Some("rest_route"))
        });
        let path = if plain && url.path.ends_with('/') {
            url.path.trim_end_matches('/').to_string()
        } else {
            String::new()
        };
        Home { authority, path }
    }
}

/// The URL part of the base string (before encoding), as `get_home_url()` builds it.
pub fn base_url(scheme: Scheme, home: &Home, request_path: &str) -> String {
    let slashed = add_slashes(request_path);
    let rest = slashed
        .strip_prefix(home.path.as_str())
        .and_then(|after| after.strip_prefix('/'))
        .unwrap_or(&slashed);
    let mut url = String::with_capacity(
        home.authority
            .len()
            .saturating_add(rest.len())
            .saturating_add(16),
    );
    url.push_str(scheme.as_str());
    url.push_str("://");
    url.push_str(&home.authority);
    url.push_str(&home.path);
    // `if ( $path && is_string( $path ) )`: PHP treats "" and "0" as false.
    if !rest.is_empty() && rest != "0" {
        url.push('/');
        url.push_str(rest.trim_start_matches('/'));
    }
    url
}

/// PHP's `addslashes`: `\\` before `'`, `"` and `\\`, and NUL as `\\0`.
fn add_slashes(text: &str) -> std::borrow::Cow<'_, str> {
    let special = |b: u8| matches!(b, b'\'' | b'"' | b'\\' | 0);
    if !text.bytes().any(special) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(8));
    crate::encode::escape_into(
        &mut out,
        text.as_bytes(),
        |b| !special(b),
        |out, b| {
            out.push('\\');
            out.push(if b == 0 { '0' } else { char::from(b) });
        },
    );
    std::borrow::Cow::Owned(out)
}

/// `rawurlencode( rawurlencode( bytes ) )`, in one pass: the second round only turns `%` into
/// `%25`.
fn encode_twice_into(out: &mut String, bytes: &[u8]) {
    escape_into(out, bytes, is_unreserved, |out, byte| {
        out.push_str("%25");
        push_hex(out, byte);
    });
}

/// One `key=value` pair per leaf, encoded twice and in WooCommerce's order.
pub fn normalized_pairs(params: &PhpArray) -> Vec<String> {
    let mut pairs = Vec::new();
    for_each_pair(params, |pair| pairs.push(pair.to_string()));
    pairs
}

/// Calls `sink` with each pair of [`normalized_pairs`], in order, from one reused buffer.
fn for_each_pair(params: &PhpArray, mut sink: impl FnMut(&str)) {
    // WooCommerce `uksort`s by key with `strcmp`. PHP's sort is stable; keys PHP builds are
    // unique, but an array built through the Rust API can hold `1` and `"1"`: ties keep their
    // order, so each key carries its position. Sorted as a heap (`into_sorted_vec`): its code is
    // 1.6 KB gzip smaller in the signing module than `sort_unstable_by`'s, and it measured as fast
    // on a request's few parameters.
    let entries = params.entries();
    let top = entries
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.as_bytes(), i))
        .filter(|(k, _)| k.as_ref() != b"oauth_signature")
        .collect::<std::collections::BinaryHeap<_>>()
        .into_sorted_vec();
    // Reused for every pair; room for the usual names and values, so they seldom grow.
    let mut name = String::with_capacity(64);
    let mut scratch = String::with_capacity(128);
    for (key, i) in top {
        let Some((_, value)) = entries.get(i) else {
            continue;
        };
        // `normalize_parameters()` encodes top-level keys once before the join.
        name.clear();
        rawurlencode_into(&mut name, &key);
        push_leaves(&mut sink, &mut scratch, name.as_bytes(), value, 0);
    }
}

/// PHP's truthiness of a string: `""` and `"0"` are false.
fn is_truthy(text: &[u8]) -> bool {
    !text.is_empty() && text != b"0"
}

/// `join_with_equals_sign()`: `name` is the key as PHP holds it before the final encoding (bytes:
/// nested keys need not be UTF-8). A child's name is `name%5Bchild%5D` only `if ( $key )`: under a
/// key `"0"` (the first integer top-level name after `array_merge` renumbered it, or a nested `0`
/// that holds an array) children are joined under their bare names. Each pair is written into
/// `scratch` and handed to `sink`.
fn push_leaves(
    sink: &mut impl FnMut(&str),
    scratch: &mut String,
    name: &[u8],
    value: &Value,
    depth: usize,
) {
    match value {
        Value::Str(bytes) => {
            scratch.clear();
            rawurlencode_into(scratch, name);
            scratch.push_str("%3D");
            encode_twice_into(scratch, bytes);
            sink(scratch);
        }
        // PHP never builds more than 64 levels (max_input_nesting_level); an array built deeper
        // through the Rust API is cut there rather than exhausting the stack.
        Value::Array(_) if depth >= crate::php_query::MAX_NESTING_LEVEL => {}
        Value::Array(children) => {
            for (key, child) in children.entries() {
                let child_name = key.as_bytes();
                let nested: std::borrow::Cow<'_, [u8]> = if is_truthy(name) {
                    let mut joined = Vec::with_capacity(
                        name.len()
                            .saturating_add(child_name.len())
                            .saturating_add(6),
                    );
                    joined.extend_from_slice(name);
                    joined.extend_from_slice(b"%5B");
                    joined.extend_from_slice(&child_name);
                    joined.extend_from_slice(b"%5D");
                    std::borrow::Cow::Owned(joined)
                } else {
                    child_name
                };
                push_leaves(sink, scratch, &nested, child, depth.saturating_add(1));
            }
        }
    }
}

/// The base string: `METHOD&encoded-url&pairs`.
pub fn base_string(method: &str, base_url: &str, params: &PhpArray) -> String {
    let mut out = String::with_capacity(base_url.len().saturating_mul(2).saturating_add(256));
    out.push_str(method);
    out.push('&');
    rawurlencode_into(&mut out, base_url.as_bytes());
    out.push('&');
    let mut first = true;
    for_each_pair(params, |pair| {
        if !first {
            out.push_str("%26");
        }
        first = false;
        out.push_str(pair);
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(text: &str) -> Home {
        Home::parse(text).expect("valid home")
    }

    #[test]
    fn base_url_follows_get_home_url() {
        let root = home("http://shop.example");
        assert_eq!(
            base_url(Scheme::Http, &root, "/wp-json/wc/v3/orders"),
            "http://shop.example/wp-json/wc/v3/orders"
        );
        assert_eq!(base_url(Scheme::Http, &root, "/"), "http://shop.example");
        assert_eq!(base_url(Scheme::Https, &root, "/"), "https://shop.example");
        assert_eq!(base_url(Scheme::Http, &root, "/0"), "http://shop.example");
        let sub = home("http://shop.example/store/");
        assert_eq!(
            base_url(Scheme::Http, &sub, "/store/"),
            "http://shop.example/store"
        );
        assert_eq!(
            base_url(Scheme::Http, &sub, "/store/wp-json/x"),
            "http://shop.example/store/wp-json/x"
        );
        // A path outside the home path is appended whole, as WordPress does.
        assert_eq!(
            base_url(Scheme::Http, &sub, "/store"),
            "http://shop.example/store/store"
        );
        assert_eq!(
            base_url(Scheme::Http, &root, "/p/it's"),
            "http://shop.example/p/it\\'s"
        );
    }

    fn pairs(query: &str) -> Vec<String> {
        normalized_pairs(&crate::php_query::parse(query.as_bytes()).array_merge(PhpArray::new()))
    }

    #[test]
    fn children_of_a_zero_key_are_joined_bare() {
        // `if ( $key )` in join_with_equals_sign(): "0" is false in PHP. Found by the PHP
        // verifier's differential test (tests/js/php-verifier.test.mjs).
        assert_eq!(pairs("0[a]=1"), ["a%3D1"]);
        assert_eq!(pairs("5[b][c]=2"), ["b%255Bc%255D%3D2"]);
        assert_eq!(pairs("0[0][x]=1"), ["x%3D1"]);
        assert_eq!(
            pairs("12[]=v&7[x][y]=1"),
            ["0%3Dv", "1%255Bx%255D%255By%255D%3D1"]
        );
        assert_eq!(pairs("0[a b]=c d"), ["a%20b%3Dc%2520d"]);
        assert_eq!(
            pairs("x=1&0[a]=2&3[b]=4"),
            ["a%3D2", "1%255Bb%255D%3D4", "x%3D1"]
        );
        assert_eq!(pairs("m[c][v]=red"), ["m%255Bc%255D%255Bv%255D%3Dred"]);
    }

    #[test]
    fn equal_keys_keep_their_order() {
        // PHP never builds an array holding both 1 and "1", but the Rust API can: such ties
        // keep the order they were set in, as PHP's stable sort would. Sixty pairs (past any
        // small-input shortcut of a sort), set in alternating order, with the keys in reverse.
        use crate::php_query::Key;
        let mut params = PhpArray::new();
        for n in (10..40).rev() {
            let text = n.to_string();
            let (first, second) = if n % 2 == 0 {
                (Key::Str(text.into_bytes()), Key::Int(n))
            } else {
                (Key::Int(n), Key::Str(text.into_bytes()))
            };
            params.set(first, Value::Str(b"first".to_vec()));
            params.set(second, Value::Str(b"second".to_vec()));
        }
        let expected: Vec<String> = (10..40)
            .flat_map(|n| [format!("{n}%3Dfirst"), format!("{n}%3Dsecond")])
            .collect();
        assert_eq!(normalized_pairs(&params), expected);
    }

    #[test]
    fn add_slashes_keeps_other_text_whole() {
        assert_eq!(add_slashes("/p/plain"), "/p/plain");
        assert_eq!(add_slashes("/é'\"\\\0ü"), "/é\\'\\\"\\\\\\0ü");
    }

    #[test]
    fn home_is_kept_as_written() {
        assert_eq!(
            home("https://Shop.Example:8443/a/"),
            Home {
                authority: "Shop.Example:8443".into(),
                path: "/a".into()
            }
        );
        assert!(Home::parse("shop.example").is_err());
        assert!(Home::parse("https://shop.example/?x=1").is_err());
        assert!(Home::parse("ftp://shop.example").is_err());
    }
}

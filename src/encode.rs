//! Percent-encoding as PHP's `rawurlencode` does it (RFC 3986 section 2.3 unreserved set kept),
//! and the decoding PHP applies to query strings and form bodies.
//!
//! WooCommerce computes signatures from what PHP put in `$_GET`/`$_POST`, so these functions
//! work on bytes, not on Rust strings: `%FF` in a query is a byte PHP keeps as it is.

/// Upper-case hexadecimal digits, as `rawurlencode` writes them.
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `byte` is in RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`), which
/// `rawurlencode` leaves alone (PHP 5.3 and later keep `~`).
pub(crate) fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// The digit for `nibble` (0..=15) from a 16-entry table.
fn digit(table: &[u8; 16], nibble: u8) -> char {
    char::from(
        table
            .get(usize::from(nibble & 0x0f))
            .copied()
            .unwrap_or(b'0'),
    )
}

/// Appends `byte` as two upper-case hex digits.
pub(crate) fn push_hex(out: &mut String, byte: u8) {
    out.push(digit(HEX_UPPER, byte >> 4));
    out.push(digit(HEX_UPPER, byte));
}

/// Appends `byte` as `%XX` (upper-case hex).
pub(crate) fn push_percent(out: &mut String, byte: u8) {
    out.push('%');
    push_hex(out, byte);
}

/// Percent-encodes every byte outside the unreserved set, as PHP's `rawurlencode`
/// (RFC 3986 section 2.1, RFC 5849 section 3.6).
///
/// ```
/// assert_eq!(wc_keys::rawurlencode(b"a b+c~"), "a%20b%2Bc~");
/// assert_eq!(wc_keys::rawurlencode("日".as_bytes()), "%E6%97%A5");
/// ```
pub fn rawurlencode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    rawurlencode_into(&mut out, bytes);
    out
}

/// [`rawurlencode`] appending to `out` (no allocation of its own).
pub(crate) fn rawurlencode_into(out: &mut String, bytes: &[u8]) {
    for &byte in bytes {
        if is_unreserved(byte) {
            out.push(char::from(byte));
        } else {
            push_percent(out, byte);
        }
    }
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte.wrapping_sub(b'0')),
        b'a'..=b'f' => Some(byte.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Some(byte.wrapping_sub(b'A').wrapping_add(10)),
        _ => None,
    }
}

/// Decodes `%XX` sequences; with `plus_is_space`, `+` becomes a space (PHP's `urldecode`,
/// used for `$_GET` and `$_POST`), without it `+` stays (`rawurldecode`). A `%` not followed
/// by two hex digits is kept as it is, as PHP does.
pub fn percent_decode(input: &[u8], plus_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input;
    while let Some((&byte, tail)) = rest.split_first() {
        match byte {
            b'+' if plus_is_space => {
                out.push(b' ');
                rest = tail;
            }
            b'%' => match tail {
                [hi, lo, after @ ..] => match (hex_value(*hi), hex_value(*lo)) {
                    (Some(h), Some(l)) => {
                        out.push((h << 4) | l);
                        rest = after;
                    }
                    _ => {
                        out.push(b'%');
                        rest = tail;
                    }
                },
                _ => {
                    out.push(b'%');
                    rest = tail;
                }
            },
            _ => {
                out.push(byte);
                rest = tail;
            }
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648 section 4), as PHP's `base64_encode`.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    base64_with(
        bytes,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        true,
    )
}

/// URL-safe base64 without padding (RFC 4648 section 5), for states that travel in URLs.
pub(crate) fn base64url_encode(bytes: &[u8]) -> String {
    base64_with(
        bytes,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        false,
    )
}

fn base64_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let sextet = |v: u32, shift: u32| {
        let index = usize::try_from((v >> shift) & 63).unwrap_or(0);
        char::from(alphabet.get(index).copied().unwrap_or(b'A'))
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3).saturating_mul(4));
    for chunk in bytes.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let v = (b0 << 16) | (b1 << 8) | b2;
        out.push(sextet(v, 18));
        out.push(sextet(v, 12));
        if chunk.len() > 1 {
            out.push(sextet(v, 6));
        } else if pad {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(sextet(v, 0));
        } else if pad {
            out.push('=');
        }
    }
    out
}

/// Lower-case hexadecimal, as PHP's `hash_hmac(..., false)`.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for &b in bytes {
        out.push(digit(HEX, b >> 4));
        out.push(digit(HEX, b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        // RFC 4648 section 10.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64_encode(input.as_bytes()), expected, "{input}");
            assert_eq!(
                base64url_encode(input.as_bytes()),
                expected.trim_end_matches('='),
                "{input}"
            );
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn decode_keeps_broken_escapes() {
        assert_eq!(percent_decode(b"10%off", true), b"10%off");
        assert_eq!(percent_decode(b"%4", true), b"%4");
        assert_eq!(percent_decode(b"%", true), b"%");
        assert_eq!(percent_decode(b"a+b%2B", true), b"a b+");
        assert_eq!(percent_decode(b"a+b%2B", false), b"a+b+");
        assert_eq!(percent_decode(b"%e6%97%a5", false), "日".as_bytes());
    }
}

//! Percent-encoding as PHP's `rawurlencode` does it (RFC 3986 section 2.3 unreserved set kept),
//! and the decoding PHP applies to query strings and form bodies.
//!
//! WooCommerce computes signatures from what PHP put in `$_GET`/`$_POST`, so these functions
//! work on bytes, not on Rust strings: `%FF` in a query is a byte PHP keeps as it is.

/// `%00%01…%FF`: the escape of byte `b` is `PERCENT[3b..3b+3]`. Encoders append slices of it
/// with `push_str` rather than pushing characters one by one (the hot path of every signature).
const PERCENT: &str = match std::str::from_utf8(&percent_table()) {
    Ok(text) => text,
    Err(_) => "",
};

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "evaluated at compile time: an index out of range fails the build, not a call"
)]
const fn percent_table() -> [u8; 768] {
    const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = [0u8; 768];
    let mut byte = 0;
    while byte < 256 {
        table[byte * 3] = b'%';
        table[byte * 3 + 1] = HEX_UPPER[byte >> 4];
        table[byte * 3 + 2] = HEX_UPPER[byte & 15];
        byte += 1;
    }
    table
}

/// RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) as a table indexed by byte.
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "evaluated at compile time: an index out of range fails the build, not a call"
)]
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        #[allow(clippy::cast_possible_truncation, reason = "byte < 256")]
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// Whether `byte` is in RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`), which
/// `rawurlencode` leaves alone (PHP 5.3 and later keep `~`).
pub(crate) fn is_unreserved(byte: u8) -> bool {
    UNRESERVED.get(usize::from(byte)).copied().unwrap_or(false)
}

/// `%XX` for `byte`, upper-case hex.
pub(crate) fn percent(byte: u8) -> &'static str {
    let start = usize::from(byte).saturating_mul(3);
    PERCENT.get(start..start.saturating_add(3)).unwrap_or("%00")
}

/// Appends `byte` as two upper-case hex digits.
pub(crate) fn push_hex(out: &mut String, byte: u8) {
    out.push_str(percent(byte).get(1..).unwrap_or("00"));
}

/// Appends `byte` as `%XX` (upper-case hex).
pub(crate) fn push_percent(out: &mut String, byte: u8) {
    out.push_str(percent(byte));
}

/// Appends `bytes` with every byte for which `keep` is false written by `escape`; runs of kept
/// bytes are copied in one go. A run is UTF-8 when `keep` accepts only ASCII, or when `bytes` is
/// UTF-8 and `keep` refuses only ASCII bytes (a run then ends at a character boundary).
pub(crate) fn escape_into(
    out: &mut String,
    bytes: &[u8],
    keep: impl Fn(u8) -> bool,
    escape: impl Fn(&mut String, u8),
) {
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len());
        let (kept, tail) = rest.split_at(run);
        match std::str::from_utf8(kept) {
            Ok(text) => out.push_str(text),
            // Outside the contract above: keep the text readable rather than drop it.
            Err(_) => out.push_str(&String::from_utf8_lossy(kept)),
        }
        match tail.split_first() {
            Some((&byte, after)) => {
                escape(out, byte);
                rest = after;
            }
            None => break,
        }
    }
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
    out.reserve(bytes.len());
    escape_into(out, bytes, is_unreserved, push_percent);
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
        alphabet.get(index).copied().unwrap_or(b'A')
    };
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3).saturating_mul(4));
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
            out.push(b'=');
        }
        if chunk.len() > 2 {
            out.push(sextet(v, 0));
        } else if pad {
            out.push(b'=');
        }
    }
    ascii_string(out)
}

/// Lower-case hexadecimal, as PHP's `hash_hmac(..., false)`.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |nibble: u8| HEX.get(usize::from(nibble & 15)).copied().unwrap_or(b'0');
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(2));
    for &b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b));
    }
    ascii_string(out)
}

/// Bytes an encoder wrote from an ASCII alphabet, as a `String`.
fn ascii_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
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

//! PHP's string functions that WordPress and WooCommerce lean on when they read a request.

use std::cmp::Ordering;

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte.wrapping_sub(b'0')),
        b'a'..=b'f' => Some(byte.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Some(byte.wrapping_sub(b'A').wrapping_add(10)),
        _ => None,
    }
}

fn decode(input: &[u8], plus_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0usize;
    while let Some(&byte) = input.get(i) {
        match byte {
            b'+' if plus_is_space => out.push(b' '),
            b'%' => {
                let hi = input.get(i.saturating_add(1)).copied().and_then(hex_value);
                let lo = input.get(i.saturating_add(2)).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi.wrapping_mul(16).wrapping_add(lo));
                    i = i.saturating_add(3);
                    continue;
                }
                out.push(b'%');
            }
            _ => out.push(byte),
        }
        i = i.saturating_add(1);
    }
    out
}

/// `urldecode()`: `+` is a space, `%XX` a byte, a stray `%` stays.
pub(crate) fn urldecode(input: &[u8]) -> Vec<u8> {
    decode(input, true)
}

/// `rawurldecode()`: `%XX` only.
pub(crate) fn rawurldecode(input: &[u8]) -> Vec<u8> {
    decode(input, false)
}

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_percent(out: &mut String, byte: u8) {
    out.push('%');
    out.push(char::from(
        UPPER_HEX
            .get(usize::from(byte >> 4))
            .copied()
            .unwrap_or(b'0'),
    ));
    out.push(char::from(
        UPPER_HEX
            .get(usize::from(byte & 15))
            .copied()
            .unwrap_or(b'0'),
    ));
}

/// `rawurlencode()`: RFC 3986, everything but `A-Z a-z 0-9 - _ . ~` as `%XX`.
pub(crate) fn rawurlencode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().saturating_mul(3));
    for &byte in input {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            push_percent(&mut out, byte);
        }
    }
    out
}

/// `urlencode()`: like `rawurlencode` but a space is `+` and `~` is encoded.
pub(crate) fn urlencode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().saturating_mul(3));
    for &byte in input {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(char::from(byte));
        } else if byte == b' ' {
            out.push('+');
        } else {
            push_percent(&mut out, byte);
        }
    }
    out
}

/// `addslashes()`: WordPress applies it to `$_SERVER`, so `REQUEST_URI` carries `\'`.
pub(crate) fn addslashes(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '\'' | '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\0' => out.push_str("\\0"),
            _ => out.push(c),
        }
    }
    out
}

/// PHP's `empty()` on a string: `""` and `"0"`.
pub(crate) fn is_empty_str(bytes: &[u8]) -> bool {
    bytes.is_empty() || bytes == b"0"
}

enum Numeric {
    Int(i64),
    Float(f64),
}

/// `is_numeric_string()` as PHP 8 reads it: white space around, a sign, digits, a fraction, an
/// exponent.
fn numeric(bytes: &[u8]) -> Option<Numeric> {
    let is_space = |b: &u8| matches!(*b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = bytes.iter().position(|b| !is_space(b))?;
    let end = bytes.iter().rposition(|b| !is_space(b))?;
    let text = std::str::from_utf8(bytes.get(start..=end)?).ok()?;
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i)?, Some(body.get(i.saturating_add(1)..)?)),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !fraction.is_none_or(digits) {
        return None;
    }
    if whole.is_empty() && fraction.is_none_or(str::is_empty) {
        return None;
    }
    if let Some(exp) = exponent {
        let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if exp_digits.is_empty() || !digits(exp_digits) {
            return None;
        }
    }
    if fraction.is_none() && exponent.is_none() {
        if let Ok(n) = text.parse::<i64>() {
            return Some(Numeric::Int(n));
        }
    }
    text.parse::<f64>().ok().map(Numeric::Float)
}

/// `$string <=> $int` in PHP 8: numerically when the string is numeric, otherwise as strings
/// (the integer written in decimal). WooCommerce compares `oauth_timestamp` this way.
pub(crate) fn compare_with_int(text: &[u8], n: i64) -> Ordering {
    match numeric(text) {
        Some(Numeric::Int(m)) => m.cmp(&n),
        #[allow(clippy::cast_precision_loss)]
        Some(Numeric::Float(f)) => f.partial_cmp(&(n as f64)).unwrap_or(Ordering::Less),
        None => text.cmp(n.to_string().as_bytes()),
    }
}

/// WordPress's `sanitize_text_field()`, which WooCommerce runs on a consumer key before hashing
/// it: invalid UTF-8 gives `""`, tags are stripped, runs of white space become one space, the ends
/// are trimmed, and `%XX` sequences are removed.
pub(crate) fn sanitize_text_field(input: &[u8]) -> String {
    let Ok(text) = std::str::from_utf8(input) else {
        return String::new();
    };
    let mut filtered = if text.contains('<') {
        strip_tags(text)
    } else {
        text.to_string()
    };
    let mut collapsed = String::with_capacity(filtered.len());
    let mut in_space = false;
    for c in filtered.chars() {
        if matches!(c, '\r' | '\n' | '\t' | ' ') {
            if !in_space {
                collapsed.push(' ');
            }
            in_space = true;
        } else {
            collapsed.push(c);
            in_space = false;
        }
    }
    filtered = collapsed.trim_matches(php_trim_char).to_string();
    let mut found = false;
    while let Some(at) = find_percent_octet(&filtered) {
        let octet = filtered
            .get(at..at.saturating_add(3))
            .unwrap_or("")
            .to_string();
        filtered = filtered.replace(&octet, "");
        found = true;
    }
    if found {
        let mut single = String::with_capacity(filtered.len());
        let mut prev_space = false;
        for c in filtered.chars() {
            if c == ' ' && prev_space {
                continue;
            }
            prev_space = c == ' ';
            single.push(c);
        }
        filtered = single.trim_matches(php_trim_char).to_string();
    }
    filtered
}

fn php_trim_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\0' | '\x0b')
}

fn find_percent_octet(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes.get(i) == Some(&b'%')
            && bytes
                .get(i.saturating_add(1))
                .is_some_and(u8::is_ascii_hexdigit)
            && bytes
                .get(i.saturating_add(2))
                .is_some_and(u8::is_ascii_hexdigit)
    })
}

/// Removes `<tag …>` runs (a `<` followed by a letter, `/`, `!` or `?`), as `wp_strip_all_tags`
/// does for text fields; a lone `<` becomes `&lt;`.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            out.push(c);
            continue;
        }
        let opens_tag = chars
            .peek()
            .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'));
        if opens_tag {
            for inner in chars.by_ref() {
                if inner == '>' {
                    break;
                }
            }
        } else {
            out.push_str("&lt;");
        }
    }
    out
}

/// `wp_specialchars_decode( $text, ENT_QUOTES )`: the five entities (named and numeric) back to
/// characters. WooCommerce decodes a webhook secret this way before signing with it.
pub(crate) fn specialchars_decode(text: &str) -> String {
    const ENTITIES: &[(&str, &str)] = &[
        ("&#039;", "'"),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&#X27;", "'"),
        ("&quot;", "\""),
        ("&#034;", "\""),
        ("&#34;", "\""),
        ("&#x22;", "\""),
        ("&#X22;", "\""),
        ("&lt;", "<"),
        ("&#060;", "<"),
        ("&#60;", "<"),
        ("&gt;", ">"),
        ("&#062;", ">"),
        ("&#62;", ">"),
        ("&amp;", "&"),
        ("&#038;", "&"),
        ("&#38;", "&"),
        ("&#x26;", "&"),
        ("&#X26;", "&"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        if rest.starts_with('&') {
            for (entity, plain) in ENTITIES {
                if let Some(after) = rest.strip_prefix(entity) {
                    out.push_str(plain);
                    rest = after;
                    continue 'outer;
                }
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `base64_encode()`.
pub(crate) fn base64_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3).saturating_mul(4));
    let symbol = |n: u32| char::from(BASE64.get((n & 63) as usize).copied().unwrap_or(b'A'));
    for chunk in input.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

/// `base64_decode()` in PHP's default, lenient mode: characters outside the alphabet are
/// skipped.
pub(crate) fn base64_decode(input: &[u8]) -> Vec<u8> {
    let values: Vec<u32> = input
        .iter()
        .filter_map(|&b| BASE64.iter().position(|&s| s == b))
        .filter_map(|p| u32::try_from(p).ok())
        .collect();
    let mut out = Vec::with_capacity(values.len().saturating_mul(3) / 4);
    for chunk in values.chunks(4) {
        let v = |i: usize| chunk.get(i).copied().unwrap_or(0);
        let n = (v(0) << 18) | (v(1) << 12) | (v(2) << 6) | v(3);
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = chunk.len().saturating_sub(1);
        out.extend_from_slice(bytes.get(..keep).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoders_over_all_bytes() {
        for byte in 0u8..=255 {
            let raw = rawurlencode(&[byte]);
            let plain = byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte);
            assert_eq!(raw.len(), if plain { 1 } else { 3 }, "{byte}");
            assert_eq!(rawurldecode(raw.as_bytes()), vec![byte]);
            assert_eq!(urldecode(urlencode(&[byte]).as_bytes()), vec![byte]);
        }
        assert_eq!(urlencode(b"a b~"), "a+b%7E");
        assert_eq!(urldecode(b"a+b%2x%41"), b"a b%2xA");
        assert_eq!(rawurldecode(b"a+b"), b"a+b");
    }

    #[test]
    fn compares_strings_with_integers_like_php8() {
        assert_eq!(compare_with_int(b"100", 99), Ordering::Greater);
        assert_eq!(compare_with_int(b" 100 ", 100), Ordering::Equal);
        assert_eq!(compare_with_int(b"1e3", 999), Ordering::Greater);
        assert_eq!(compare_with_int(b"99.5", 100), Ordering::Less);
        // Not numeric: compared as strings.
        assert_eq!(compare_with_int(b"abc", 1_795_000_000), Ordering::Greater);
        assert_eq!(
            compare_with_int(b"1795000000abc", 1_795_000_900),
            Ordering::Less
        );
        assert_eq!(compare_with_int(b"", 0), Ordering::Less);
        assert_eq!(compare_with_int(b".", 0), Ordering::Less);
    }

    #[test]
    fn sanitizes_like_wordpress() {
        assert_eq!(sanitize_text_field(b"  ck_abc \n"), "ck_abc");
        assert_eq!(sanitize_text_field(b"ck_%41bc"), "ck_bc");
        assert_eq!(sanitize_text_field(b"a<b>c</b>"), "ac");
        assert_eq!(sanitize_text_field(b"a < b"), "a &lt; b");
        assert_eq!(sanitize_text_field(b"\xff"), "");
    }

    #[test]
    fn base64_round_trips() {
        for len in 0..20usize {
            let data: Vec<u8> = (0..len).map(|i| (i * 37) as u8).collect();
            assert_eq!(base64_decode(base64_encode(&data).as_bytes()), data);
        }
        assert_eq!(base64_encode(b"ck_1:cs_2"), "Y2tfMTpjc18y");
        assert_eq!(base64_decode(b"Y2tf MTpj\nc18y"), b"ck_1:cs_2");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            specialchars_decode("a&amp;b&#039;c&quot;&lt;&gt;&copy;"),
            "a&b'c\"<>&copy;"
        );
    }

    #[test]
    fn slashes() {
        assert_eq!(addslashes(r#"it's "x" \ "#), r#"it\'s \"x\" \\ "#);
    }
}

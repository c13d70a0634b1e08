//! The `Authorization: OAuth …` header: written per RFC 5849 section 3.5.1, read as WooCommerce
//! reads it (`parse_header()` in `class-wc-rest-authentication.php`).
//!
//! WooCommerce's reader is a regular expression, `(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))`, applied
//! to the trimmed header when it starts with exactly `OAuth `; each value is `urldecode`d (so `+`
//! is a space) and a quoted value that is empty or `"0"` counts as empty. Anything not matching,
//! `realm` included, is ignored.

use crate::encode::{percent_decode, rawurlencode_into};

/// Writes `OAuth k="v", …` with each value `rawurlencode`d.
pub fn authorization_header(params: &[(&str, &str)]) -> String {
    // Room for every pair with a few escapes (the signature's `=`, `+` and `/`).
    let room = params.iter().fold(16usize, |n, (name, value)| {
        n.saturating_add(name.len())
            .saturating_add(value.len())
            .saturating_add(8)
    });
    let mut out = String::with_capacity(room);
    out.push_str("OAuth ");
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push_str("=\"");
        rawurlencode_into(&mut out, value.as_bytes());
        out.push('"');
    }
    out
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b == b'_' || b == b'-'
}

/// Reads the OAuth parameters out of an `Authorization` header value as WooCommerce does.
/// Returns `(name, decoded value)` pairs in order; a later duplicate overrides an earlier one
/// when the caller stores them in a PHP array.
pub fn parse_authorization_header(header: &str) -> Vec<(String, Vec<u8>)> {
    let header =
        header.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\0' | '\u{0B}'));
    let Some(rest) = header.strip_prefix("OAuth ") else {
        return Vec::new();
    };
    // The regex runs over the whole header, "OAuth " included; that prefix cannot match.
    let bytes = rest.as_bytes();
    let mut found = Vec::new();
    let mut i = 0usize;
    while i < bytes.len() {
        let Some(after_prefix) = bytes.get(i..).and_then(|s| s.strip_prefix(b"oauth_")) else {
            i = i.saturating_add(1);
            continue;
        };
        let name_len = after_prefix
            .iter()
            .take_while(|&&b| is_name_byte(b))
            .count();
        let name_end = i.saturating_add(6).saturating_add(name_len);
        if bytes.get(name_end) != Some(&b'=') {
            i = i.saturating_add(1);
            continue;
        }
        let name = String::from_utf8_lossy(bytes.get(i..name_end).unwrap_or_default()).into_owned();
        let value_start = name_end.saturating_add(1);
        let tail = bytes.get(value_start..).unwrap_or_default();
        let quoted = tail.strip_prefix(b":").unwrap_or(tail);
        let consumed_colon = tail.len().saturating_sub(quoted.len());
        let (value, end) = match quoted
            .strip_prefix(b"\"")
            .and_then(|q| q.iter().position(|&b| b == b'"').map(|close| (q, close)))
        {
            Some((q, close)) => {
                let inner = q.get(..close).unwrap_or_default();
                let end = value_start
                    .saturating_add(consumed_colon)
                    .saturating_add(close)
                    .saturating_add(2);
                // `empty( $matches[3][ $i ] )`: "" and "0" fall back to the unquoted group, which
                // is empty when the quoted branch matched.
                let inner: &[u8] = if inner.is_empty() || inner == b"0" {
                    b""
                } else {
                    inner
                };
                (inner, end)
            }
            None => {
                let len = tail.iter().take_while(|&&b| b != b',').count();
                (
                    tail.get(..len).unwrap_or_default(),
                    value_start.saturating_add(len),
                )
            }
        };
        found.push((name, percent_decode(value, true)));
        i = if end > i { end } else { i.saturating_add(1) };
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(header: &str) -> Vec<(String, String)> {
        parse_authorization_header(header)
            .into_iter()
            .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
            .collect()
    }

    #[test]
    fn round_trips_what_we_write() {
        let header = authorization_header(&[
            ("oauth_consumer_key", "ck_1"),
            ("oauth_signature", "a+b/c="),
        ]);
        assert_eq!(
            header,
            "OAuth oauth_consumer_key=\"ck_1\", oauth_signature=\"a%2Bb%2Fc%3D\""
        );
        assert_eq!(
            parsed(&header),
            [
                ("oauth_consumer_key".into(), "ck_1".into()),
                ("oauth_signature".into(), "a+b/c=".into())
            ]
        );
    }

    #[test]
    fn reads_as_woocommerce_does() {
        assert_eq!(parsed("Bearer x"), []);
        assert_eq!(parsed("oauth oauth_nonce=\"x\""), []);
        assert_eq!(
            parsed("  OAuth realm=\"r\",oauth_nonce=a+b,oauth_timestamp=\"0\""),
            [
                ("oauth_nonce".into(), "a b".into()),
                ("oauth_timestamp".into(), "".into())
            ]
        );
        assert_eq!(
            parsed("OAuth oauth_nonce=:\"q\""),
            [("oauth_nonce".into(), "q".into())]
        );
        assert_eq!(
            parsed("OAuth oauth_nonce=\"open, oauth_x=1"),
            [
                ("oauth_nonce".into(), "\"open".into()),
                ("oauth_x".into(), "1".into())
            ]
        );
        assert_eq!(
            parsed("OAuth xoauth_a=1, oauth_B=2"),
            [("oauth_a".into(), "1".into())]
        );
    }
}

//! Webhook deliveries, checked as WooCommerce signs them (`WC_Webhook::generate_signature()` in
//! `class-wc-webhook.php`): `X-WC-Webhook-Signature` is base64 of HMAC-SHA256 over the raw body,
//! keyed with the webhook's secret after `wp_specialchars_decode( $secret, ENT_QUOTES )`. The
//! first delivery, the ping (`deliver_ping()`), is a form body `webhook_id=N` with no signature.

use crate::oauth::{constant_time_eq, SignatureMethod};
use serde::Serialize;

/// What a delivery is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookVerdict {
    /// Whether the signature is right. The ping carries none, so it is never valid: anyone can
    /// send one; answer it (WooCommerce wants a 2xx) but act on nothing.
    pub valid: bool,
    /// Whether the body is the ping WooCommerce sends when a webhook is saved.
    pub ping: bool,
    /// The webhook id of a ping.
    pub webhook_id: Option<u64>,
}

/// `wp_specialchars_decode( $text, ENT_QUOTES )`: the entities WordPress may have stored in the
/// secret, in one pass (`strtr` semantics: replaced text is not scanned again).
pub fn specialchars_decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, tail)) = rest.find('&').and_then(|at| rest.split_at_checked(at)) {
        out.push_str(before);
        match entity(tail) {
            Some((c, len)) => {
                out.push(c);
                rest = tail.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character and length of the entity `tail` starts with, among those WordPress decodes.
fn entity(tail: &str) -> Option<(char, usize)> {
    for (name, c) in [
        ("&quot;", '"'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
    ] {
        if tail.starts_with(name) {
            return Some((c, name.len()));
        }
    }
    let body = tail.strip_prefix("&#")?;
    let end = body.find(';')?;
    let number = body.get(..end)?;
    let (digits, radix) = match number.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let value = u32::from_str_radix(digits.trim_start_matches('0'), radix)
        .ok()
        .or((digits.chars().all(|c| c == '0')).then_some(0))?;
    let c = match (radix, value) {
        (10, 39) | (16, 0x27) => '\'',
        (10, 34) | (16, 0x22) => '"',
        (10, 60) => '<',
        (10, 62) => '>',
        (10, 38) | (16, 0x26) => '&',
        _ => return None,
    };
    Some((c, end.saturating_add(3)))
}

/// The signature WooCommerce puts in `X-WC-Webhook-Signature` for `body`.
pub fn webhook_signature(body: &[u8], secret: &str) -> String {
    SignatureMethod::HmacSha256.sign(specialchars_decode(secret).as_bytes(), body)
}

/// Checks a delivery: the raw body as received, the `X-WC-Webhook-Signature` header, the secret.
///
/// ```
/// let body = br#"{"id":12,"name":"Mug"}"#;
/// let signature = wc_keys::webhook_signature(body, "s3cret");
/// assert!(wc_keys::verify_webhook(body, Some(&signature), "s3cret").valid);
/// assert!(!wc_keys::verify_webhook(body, Some(&signature), "other").valid);
/// let ping = wc_keys::verify_webhook(b"webhook_id=7", None, "s3cret");
/// assert!(!ping.valid && ping.ping);
/// ```
pub fn verify_webhook(body: &[u8], signature: Option<&str>, secret: &str) -> WebhookVerdict {
    let ping_id = std::str::from_utf8(body)
        .ok()
        .and_then(|b| b.strip_prefix("webhook_id="))
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|id| id.parse::<u64>().ok());
    match signature.map(str::trim).filter(|s| !s.is_empty()) {
        None => WebhookVerdict {
            valid: false,
            ping: ping_id.is_some(),
            webhook_id: ping_id,
        },
        Some(given) => {
            let expected = webhook_signature(body, secret);
            WebhookVerdict {
                valid: constant_time_eq(expected.as_bytes(), given.as_bytes()),
                ping: false,
                webhook_id: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_wordpress_decodes() {
        assert_eq!(
            specialchars_decode("a&amp;b&lt;c&gt;d&quot;e&#039;f&#x27;g"),
            "a&b<c>d\"e'f'g"
        );
        assert_eq!(
            specialchars_decode("&#38;&#038;&#x26;&#X26;&#60;&#34;&#x22;"),
            "&&&&<\"\""
        );
        assert_eq!(specialchars_decode("&amp;lt;"), "&lt;");
        assert_eq!(
            specialchars_decode("&copy;&#169;&;&#;&#x;"),
            "&copy;&#169;&;&#;&#x;"
        );
    }

    #[test]
    fn signature_matches_php() {
        // php -r 'echo base64_encode(hash_hmac("sha256", "{\"id\":1}", "k&y", true));'
        assert_eq!(
            webhook_signature(br#"{"id":1}"#, "k&amp;y"),
            "pxxvXoOZuYBGGKv1bscffDk9zQz5Sb5kILe3AqFhOrQ="
        );
        let v = verify_webhook(b"{}", Some("nope"), "s");
        assert!(!v.valid);
        assert!(!verify_webhook(b"webhook_id=x", None, "s").valid);
        assert!(!verify_webhook(b"{}", None, "s").valid);
    }
}

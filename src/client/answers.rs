//! Reading what a store answered: WooCommerce's error objects (with a hint of what to do), when
//! and whether to retry, the store's clock from its `Date` header, and pagination headers.

use serde::Serialize;

/// What a store's error answer says, as WooCommerce's REST server writes it
/// (`{ "code": …, "message": …, "data": { "status": … } }`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseError {
    /// WooCommerce's code, or `ERR_HTTP_STATUS` when the body is not a WordPress error.
    pub code: String,
    /// WooCommerce's message, or a sentence about the status.
    pub message: String,
    /// WooCommerce's `data`, if any.
    pub data: Option<serde_json::Value>,
    /// What to do about it, when wc-keys knows.
    pub hint: Option<&'static str>,
}

fn hint_for(code: &str, message: &str, status: u16) -> Option<&'static str> {
    match (code, message) {
        ("woocommerce_rest_authentication_error", "Consumer key is invalid.") => {
            Some("The store does not know this key: check it was copied whole, and that it was not revoked.")
        }
        ("woocommerce_rest_authentication_error", "Consumer secret is invalid.") => {
            Some("The key exists but the secret is wrong: copy the secret again, or generate a new key.")
        }
        ("woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.") => {
            Some("The store computed another signature: check the consumer secret (over HTTP a wrong secret fails this way), and if you reach the store under another host, port or scheme than its Site Address, pass homeUrl.")
        }
        ("woocommerce_rest_authentication_error", "Invalid timestamp.") => {
            Some("The clocks differ by more than 15 minutes: fix the clock of whichever is wrong. The client signs again once with the store's clock from its Date header, or, where a page cannot read that header, with its clock moved by +30 and then -30 minutes.")
        }
        ("woocommerce_rest_authentication_error", "The API key provided does not have write permissions.") => {
            Some("The key is Read only: edit it in WooCommerce > Settings > Advanced > REST API and give it Read/Write.")
        }
        ("woocommerce_rest_authentication_error", "The API key provided does not have read permissions.") => {
            Some("The key is Write only: edit it in WooCommerce > Settings > Advanced > REST API and give it Read/Write.")
        }
        ("woocommerce_rest_cannot_view" | "woocommerce_rest_cannot_create" | "woocommerce_rest_cannot_edit" | "woocommerce_rest_cannot_delete", _) if status == 401 => {
            // `perform_basic_authentication()` returns false for a key it does not know, without
            // an error: the request goes on anonymous and the route refuses it.
            Some("The store accepted no credentials from this request. Over HTTPS WooCommerce answers an unknown or revoked consumer key this way: check the key. If it is right, the server may strip the Authorization header: set queryStringAuth: true.")
        }
        ("rest_no_route", _) => Some("No such endpoint: check the path, the version (wc/v3) and that WooCommerce is active."),
        _ => None,
    }
}

/// Reads an error answer.
pub fn response_error(status: u16, body: &str) -> ResponseError {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let object = parsed.as_ref().and_then(serde_json::Value::as_object);
    let text = |name: &str| {
        object
            .and_then(|o| o.get(name))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    // A store's text is not trusted to be free of keys (a plugin may echo the request).
    match (text("code").map(|t| crate::redact(&t)), text("message").map(|t| crate::redact(&t))) {
        (Some(code), Some(message)) => ResponseError {
            hint: hint_for(&code, &message, status),
            data: object.and_then(|o| o.get("data")).cloned(),
            code,
            message,
        },
        _ => ResponseError {
            code: "ERR_HTTP_STATUS".into(),
            message: format!("The store answered HTTP {status} without a WordPress error body."),
            data: None,
            hint: match status {
                404 => Some("Not a WordPress REST route: check the store URL, and whether the store uses plain permalinks (permalinks: 'plain')."),
                500..=599 => Some("The store failed; try again later or look at its PHP error log."),
                _ => None,
            },
        },
    }
}

/// Whether a method may be sent twice (RFC 9110 section 9.2.2: safe methods).
fn is_retryable_method(method: &str) -> bool {
    matches!(
        method.to_ascii_uppercase().as_str(),
        "GET" | "HEAD" | "OPTIONS"
    )
}

/// How long to wait before retry number `attempt` (0-based), or `None` not to retry: only
/// GET/HEAD/OPTIONS, only on 429, 502, 503 and 504, `Retry-After` honoured (seconds or an HTTP
/// date, at most 60 s), else 500 ms doubling.
pub fn retry_delay_ms(
    method: &str,
    status: u16,
    retry_after: Option<&str>,
    attempt: u32,
    max_retries: u32,
    now_ms: f64,
) -> Option<u32> {
    if attempt >= max_retries
        || !is_retryable_method(method)
        || !matches!(status, 429 | 502 | 503 | 504)
    {
        return None;
    }
    let from_header = retry_after.and_then(|value| {
        let value = value.trim();
        if let Ok(seconds) = value.parse::<u32>() {
            return Some(seconds.saturating_mul(1000));
        }
        let date = parse_http_date(value)?;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "dates are 1970..=9999 (checked), exact in f64; the wait is clamped to 0..=60 s below"
        )]
        let wait = ((date as f64) * 1000.0 - now_ms).max(0.0) as u32;
        Some(wait)
    });
    let backoff = 500u32.saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX));
    Some(from_header.unwrap_or(backoff).min(60_000))
}

/// Seconds since 1970 of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 section
/// 5.6.7), the form servers send in `Date` and `Retry-After`.
#[allow(clippy::arithmetic_side_effects)] // Every operand is range-checked below: no overflow.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: i64 = day.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)?;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<_>>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if !(1970..=9999).contains(&year)
        || !(1..=31).contains(&day)
        || !(0..24).contains(h)
        || !(0..60).contains(m)
        || !(0..61).contains(s)
    {
        return None;
    }
    // Days from civil date (proleptic Gregorian), Howard Hinnant's algorithm.
    let month = i64::try_from(month).ok()? + 1;
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9).rem_euclid(12);
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// The store's clock minus ours, in seconds, from its `Date` header.
pub fn clock_offset(date_header: &str, now: u64) -> Option<i64> {
    let store = parse_http_date(date_header)?;
    store.checked_sub(i64::try_from(now).ok()?)
}

/// What a list answer says about the pages around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// `X-WP-Total`.
    pub total: Option<u64>,
    /// `X-WP-TotalPages`.
    pub total_pages: Option<u64>,
    /// The `rel="next"` URL of the `Link` header.
    pub next: Option<String>,
}

/// Reads `X-WP-Total`, `X-WP-TotalPages` and `Link` (RFC 8288).
pub fn pagination(
    total: Option<&str>,
    total_pages: Option<&str>,
    link: Option<&str>,
) -> Pagination {
    let next = link.and_then(|link| {
        link.split(',').find_map(|part| {
            let (target, params) = part.split_once(';')?;
            let is_next = params.split(';').any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "rel=\"next\"" || p == "rel=next"
            });
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            is_next.then(|| target.to_string())
        })
    });
    Pagination {
        total: total.and_then(|t| t.trim().parse().ok()),
        total_pages: total_pages.and_then(|t| t.trim().parse().ok()),
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn store_errors_are_read() {
        let e = response_error(
            401,
            r#"{"code":"woocommerce_rest_authentication_error","message":"Invalid timestamp.","data":{"status":401}}"#,
        );
        assert_eq!(e.code, "woocommerce_rest_authentication_error");
        assert_eq!(e.message, "Invalid timestamp.");
        assert_eq!(e.data, Some(json!({ "status": 401 })));
        assert!(e.hint.is_some());
        let e = response_error(502, "<html>Bad gateway</html>");
        assert_eq!(e.code, "ERR_HTTP_STATUS");
    }

    #[test]
    fn hints_name_every_likely_cause() {
        let hint = |body: &str| response_error(401, body).hint.unwrap_or_default();
        // Over HTTP a wrong secret and a wrong home URL look alike to the client.
        let signature = hint(
            r#"{"code":"woocommerce_rest_authentication_error","message":"Invalid signature - provided signature does not match."}"#,
        );
        assert!(
            signature.contains("consumer secret") && signature.contains("homeUrl"),
            "{signature}"
        );
        // Over HTTPS an unknown key and a stripped header look alike to the client.
        let anonymous = hint(
            r#"{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources."}"#,
        );
        assert!(
            anonymous.contains("unknown or revoked consumer key")
                && anonymous.contains("queryStringAuth"),
            "{anonymous}"
        );
    }

    #[test]
    fn retries_only_safe_methods_on_transient_statuses() {
        assert_eq!(retry_delay_ms("GET", 429, None, 0, 2, 0.0), Some(500));
        assert_eq!(retry_delay_ms("GET", 503, None, 1, 2, 0.0), Some(1000));
        assert_eq!(retry_delay_ms("GET", 503, None, 2, 2, 0.0), None);
        assert_eq!(retry_delay_ms("POST", 429, None, 0, 2, 0.0), None);
        assert_eq!(retry_delay_ms("GET", 500, None, 0, 2, 0.0), None);
        assert_eq!(retry_delay_ms("get", 429, Some("2"), 0, 2, 0.0), Some(2000));
        assert_eq!(
            retry_delay_ms("GET", 429, Some("3600"), 0, 2, 0.0),
            Some(60_000)
        );
        let now = 784_111_777_000.0 - 1500.0;
        assert_eq!(
            retry_delay_ms("GET", 503, Some("Sun, 06 Nov 1994 08:49:37 GMT"), 0, 2, now),
            Some(1500)
        );
    }

    #[test]
    fn http_dates_and_clock_offsets() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2020 23:59:59 GMT"),
            Some(1_583_020_799)
        );
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(
            parse_http_date("Sun, 06 Nov 99999999999 08:49:37 GMT"),
            None
        );
        assert_eq!(parse_http_date("garbage"), None);
        assert_eq!(
            clock_offset("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777 - 1200),
            Some(1200)
        );
    }

    #[test]
    fn link_headers() {
        let p = pagination(
            Some("42"),
            Some("3"),
            Some(
                r#"<https://s/wp-json/wc/v3/products?page=1>; rel="prev", <https://s/wp-json/wc/v3/products?page=3>; rel="next""#,
            ),
        );
        assert_eq!(
            p,
            Pagination {
                total: Some(42),
                total_pages: Some(3),
                next: Some("https://s/wp-json/wc/v3/products?page=3".into())
            }
        );
        assert_eq!(pagination(None, None, None).next, None);
    }
}

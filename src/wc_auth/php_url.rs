//! What the store checks of the return and callback URLs: PHP's `FILTER_VALIDATE_URL` (in
//! `make_validation()`, `class-wc-auth.php`) and WordPress's `wp_http_validate_url()`, which
//! `wp_safe_remote_post()` applies before it POSTs the keys to the callback. Also
//! [`is_loopback`], which is not the store's: it is what `allowLocalCallback` lets through for
//! a local sandbox store.

use crate::error::{Error, Result};
use crate::url::HttpUrl;

/// Characters `FILTER_VALIDATE_URL` lets through (`php_filter_url()`'s set).
fn is_php_url_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"$-_.+!*'(),{}|\\^~[]`<>#%\";/?:@&=".contains(&b)
}

/// `_php_filter_validate_domain( …, FILTER_FLAG_HOSTNAME )`.
fn is_valid_hostname(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    host.split('.').all(|label| {
        let bytes = label.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 63
            && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    })
}

/// The parts of a URL that PHP's validation and WordPress's safe HTTP client look at.
pub(super) struct PhpUrl<'a> {
    pub(super) scheme: &'a str,
    pub(super) userinfo: Option<&'a str>,
    pub(super) host: &'a str,
    port: Option<u32>,
}

/// PHP's `filter_var( $url, FILTER_VALIDATE_URL )`, for http(s) URLs.
pub(super) fn php_validate_url(url: &str) -> std::result::Result<PhpUrl<'_>, &'static str> {
    if !url.bytes().all(is_php_url_char) {
        return Err("it contains spaces, non-ASCII or control characters");
    }
    let (scheme, rest) = url.split_once("://").ok_or("it has no scheme")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return Err("its scheme is not valid");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user), host),
        None => (None, authority),
    };
    let (host, port) = if host_port.starts_with('[') {
        let end = host_port.find(']').ok_or("its IPv6 host is not closed")?;
        let (host, after) = host_port
            .split_at_checked(end.saturating_add(1))
            .unwrap_or((host_port, ""));
        (host, after.strip_prefix(':'))
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) => {
            let n: u32 = p.parse().map_err(|_| "its port is not a number")?;
            if n > 65_535 {
                return Err("its port is above 65535");
            }
            Some(n)
        }
    };
    let http = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    if http {
        if host.is_empty() {
            return Err("it has no host");
        }
        let is_v6 = host.starts_with('[') && host.ends_with(']');
        if !is_v6 && !is_valid_hostname(host) {
            return Err("its host name is not valid (letters, digits, - and . only)");
        }
    }
    if let Some(user) = userinfo {
        let ok = user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:%".contains(&b));
        if !ok {
            return Err("its user name or password has invalid characters");
        }
    }
    Ok(PhpUrl {
        scheme,
        userinfo,
        host,
        port,
    })
}

/// `get_formatted_url()` on a value the store received: `https://` added when there is no `://`.
pub(super) fn formatted(url: &str) -> String {
    if url.contains("://") {
        url.to_string()
    } else {
        format!("https://{url}")
    }
}

fn is_local_ipv4(host: &str) -> bool {
    let parts: Vec<u8> = host.split('.').filter_map(|p| p.parse().ok()).collect();
    if parts.len() != 4 || host.split('.').count() != 4 {
        return false;
    }
    matches!(
        parts.as_slice(),
        [127, ..] | [10, ..] | [0, ..] | [192, 168, ..]
    ) || matches!(parts.as_slice(), [172, second, ..] if (16..=31).contains(second))
}

/// `wp_http_validate_url()` on the callback, as `wp_safe_remote_post()` runs it.
pub(super) fn check_callback_host(url: &PhpUrl<'_>, store: &HttpUrl) -> Result<()> {
    let unsafe_because = |reason| Err(Error::AuthCallbackUnsafe { reason });
    if url.userinfo.is_some() {
        return unsafe_because("it carries a user name or password");
    }
    if url.host.contains([':', '#', '?', '[', ']']) {
        return unsafe_because("its host is an IPv6 address");
    }
    let host = url.host.trim_matches('.').to_ascii_lowercase();
    // The store's own host skips the address check, and its own port is allowed too.
    let same_host = host == store.host;
    if !same_host && (is_local_ipv4(&host) || host == "localhost" || host.ends_with(".localhost")) {
        return unsafe_because("its host is a loopback or private-network address");
    }
    if let Some(port) = url.port {
        let store_port = store.port.map(u32::from);
        let allowed = matches!(port, 80 | 443 | 8080) || (same_host && store_port == Some(port));
        if !allowed {
            return unsafe_because("its port is not 80, 443 or 8080");
        }
    }
    Ok(())
}

/// A loopback host (`127.0.0.0/8`, `localhost`, `[::1]`): what a local sandbox store accepts
/// with `allowLocalCallback`.
pub(super) fn is_loopback(host: &str) -> bool {
    let host = host.trim_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || (host.starts_with("127.") && is_local_ipv4(&host))
}

//! WordPress's and PHP's URL helpers that decide what wc-auth accepts and where it redirects:
//! `add_query_arg()`, `esc_url_raw()`, PHP's `FILTER_VALIDATE_URL`, `wc_is_valid_url()` and
//! `wp_http_validate_url()` (the "safe" HTTP client's check), plus HTML escaping.

use crate::php::{parse_str, urlencode, PhpArray, Value};

/// `add_query_arg( $args, $uri )`: existing parameters are parsed and re-encoded with
/// `urlencode`, the new ones are added as given (not encoded), `=` before `&` or the end is
/// dropped for empty values, the fragment is kept at the end.
pub(crate) fn add_query_arg(args: &[(&str, &str)], uri: &str) -> String {
    let (uri, frag) = match uri.find('#') {
        Some(i) => (uri.get(..i).unwrap_or(""), uri.get(i..).unwrap_or("")),
        None => (uri, ""),
    };
    let lower = uri.to_ascii_lowercase();
    let (protocol, rest) = if lower.starts_with("http://") {
        (uri.get(..7).unwrap_or(""), uri.get(7..).unwrap_or(""))
    } else if lower.starts_with("https://") {
        (uri.get(..8).unwrap_or(""), uri.get(8..).unwrap_or(""))
    } else {
        ("", uri)
    };
    let (base, query) = if let Some((b, q)) = rest.split_once('?') {
        (format!("{b}?"), q.to_string())
    } else if !protocol.is_empty() || !rest.contains('=') {
        (format!("{rest}?"), String::new())
    } else {
        (String::new(), rest.to_string())
    };
    let parsed = parse_str(query.as_bytes());
    let mut pairs: Vec<(String, String)> = Vec::new();
    build_encoded(&parsed, "", &mut pairs);
    for (name, value) in args {
        match pairs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = (*value).to_string(),
            None => pairs.push(((*name).to_string(), (*value).to_string())),
        }
    }
    let built: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut ret = built.join("&").trim_matches('?').to_string();
    // preg_replace( '#=(&|$)#', '$1', $ret ).
    ret = ret.replace("=&", "&");
    if ret.ends_with('=') {
        ret.pop();
    }
    let mut out = format!("{protocol}{base}{ret}{frag}");
    while out.ends_with('?') {
        out.pop();
    }
    out.replace("?#", "#")
}

/// `urlencode_deep()` then `build_query()` of a parsed query: values encoded, keys as parsed,
/// nested keys as `key%5Bsub%5D`.
fn build_encoded(array: &PhpArray, prefix: &str, out: &mut Vec<(String, String)>) {
    for (key, value) in array.entries() {
        let k = String::from_utf8_lossy(&key.to_bytes()).into_owned();
        let k = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}%5B{k}%5D")
        };
        match value {
            Value::Str(bytes) => out.push((k, urlencode(bytes))),
            Value::Arr(inner) => build_encoded(inner, &k, out),
        }
    }
}

const ALLOWED_PROTOCOLS: &[&str] = &[
    "http", "https", "ftp", "ftps", "mailto", "news", "irc", "irc6", "ircs", "gopher", "nntp",
    "feed", "telnet", "mms", "rtsp", "sms", "svn", "tel", "fax", "xmpp", "webcal", "urn",
];

/// `esc_url_raw()` (`esc_url` in the `db` context): characters outside WordPress's set are
/// dropped, spaces become `%20`, CR/LF escapes are removed, unknown protocols give `""`.
pub(crate) fn esc_url_raw(url: &str) -> String {
    let url = url.trim_start().replace(' ', "%20");
    let mut url: String = url
        .chars()
        .filter(|c| {
            c.is_ascii_alphanumeric() || !c.is_ascii() || "-~+_.?#=!&;,/:%@$|*'()[]".contains(*c)
        })
        .collect();
    if url.is_empty() {
        return url;
    }
    if !url.to_ascii_lowercase().starts_with("mailto:") {
        loop {
            let before = url.len();
            for strip in ["%0d", "%0a", "%0D", "%0A"] {
                url = url.replace(strip, "");
            }
            if url.len() == before {
                break;
            }
        }
    }
    url = url.replace(";//", "://");
    let first = url.chars().next().unwrap_or('/');
    if !url.contains(':') && !matches!(first, '/' | '#' | '?') && !looks_like_php_file(&url) {
        url = format!("http://{url}");
    }
    if !url.starts_with('/') {
        if let Some(colon) = url.find(':') {
            let scheme = url.get(..colon).unwrap_or("");
            let is_scheme = !scheme.is_empty() && !scheme.contains(['/', '?', '#']);
            if is_scheme && !ALLOWED_PROTOCOLS.contains(&scheme.to_ascii_lowercase().as_str()) {
                return String::new();
            }
        }
    }
    url
}

fn looks_like_php_file(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.find(".php").is_some_and(|i| {
        i > 0
            && lower
                .get(..i)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    })
}

/// The URL's parts as PHP's `parse_url` gives them for `scheme://[user[:pass]@]host[:port]…`.
struct Parts<'a> {
    scheme: &'a str,
    userinfo: Option<&'a str>,
    host: Option<&'a str>,
    port: Option<&'a str>,
}

fn split(url: &str) -> Option<Parts<'_>> {
    let colon = url.find(':')?;
    let scheme = url.get(..colon)?;
    let mut chars = scheme.chars();
    if !chars.next()?.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let rest = url.get(colon.saturating_add(1)..)?;
    let Some(after) = rest.strip_prefix("//") else {
        return Some(Parts {
            scheme,
            userinfo: None,
            host: None,
            port: None,
        });
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = after.get(..end)?;
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(at) => (
            Some(authority.get(..at)?),
            authority.get(at.saturating_add(1)..)?,
        ),
        None => (None, authority),
    };
    let (host, port) = if hostport.starts_with('[') {
        let close = hostport.find(']')?;
        let host = hostport.get(..=close)?;
        (
            host,
            hostport.get(close.saturating_add(1)..)?.strip_prefix(':'),
        )
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    Some(Parts {
        scheme,
        userinfo,
        host: (!host.is_empty()).then_some(host),
        port,
    })
}

/// `_php_filter_validate_domain()` with hostname rules.
fn is_valid_domain(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    })
}

/// PHP's `filter_var( $url, FILTER_VALIDATE_URL )`.
pub(crate) fn filter_validate_url(url: &str) -> bool {
    const EXTRA: &str = "$-_.+!*'(),{}|\\^~[]`<>#%\";/?:@&=";
    if url.is_empty()
        || !url
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || EXTRA.contains(c))
    {
        return false;
    }
    let Some(parts) = split(url) else {
        return false;
    };
    let scheme = parts.scheme.to_ascii_lowercase();
    match parts.host {
        None if !matches!(scheme.as_str(), "mailto" | "news" | "file") => return false,
        None => {}
        Some(host) => {
            if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
                if v6.parse::<std::net::Ipv6Addr>().is_err() {
                    return false;
                }
            } else if (scheme == "http" || scheme == "https") && !is_valid_domain(host) {
                return false;
            }
        }
    }
    if let Some(port) = parts.port {
        if !port.is_empty() && port.parse::<u16>().is_err() {
            return false;
        }
    }
    if let Some(userinfo) = parts.userinfo {
        let ok = userinfo
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:%".contains(c));
        if !ok {
            return false;
        }
    }
    true
}

/// `wc_is_valid_url()`: `http://` or `https://` (case-sensitive) and `FILTER_VALIDATE_URL`.
pub(crate) fn wc_is_valid_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && filter_validate_url(url)
}

/// `wp_http_validate_url()`: whether WordPress's safe HTTP client would send to this URL from a
/// store whose home host is `home_host`. The sandbox's one deviation: loopback hosts
/// (`127.0.0.0/8`, `::1`, `localhost`) are accepted on any port.
pub(crate) fn wp_http_validate_url(url: &str, home_authority: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return false;
    }
    let Some(parts) = split(url) else {
        return false;
    };
    let Some(host) = parts.host else { return false };
    if parts.userinfo.is_some() {
        return false;
    }
    if crate::client::is_loopback(host) {
        return true;
    }
    if host.contains([':', '#', '?', '[', ']']) {
        return false;
    }
    let (home_host, home_port) = match home_authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()),
        None => (home_authority, None),
    };
    let same_host = home_host.eq_ignore_ascii_case(host);
    let host = host.trim_matches('.');
    if !same_host {
        if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
            let [a, b, ..] = ip.octets();
            let private = a == 127
                || a == 10
                || a == 0
                || (a == 172 && (16..=31).contains(&b))
                || (a == 192 && b == 168);
            if private {
                return false;
            }
        }
        // Host names are not resolved here (nothing leaves the machine); the client refuses
        // to contact anything but loopback.
    }
    let Some(port) = parts.port.filter(|p| !p.is_empty()) else {
        return true;
    };
    let Ok(port) = port.parse::<u16>() else {
        return false;
    };
    [80, 443, 8080].contains(&port) || (same_host && home_port == Some(port))
}

/// `esc_html()` / `esc_attr()`.
pub(crate) fn esc_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            _ => out.push(c),
        }
    }
    out
}

/// `esc_url()` for HTML attributes: `esc_url_raw`, then `&` as `&#038;` and `'` as `&#039;`.
pub(crate) fn esc_url(url: &str) -> String {
    esc_url_raw(url)
        .replace('&', "&#038;")
        .replace('\'', "&#039;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_query_args_like_wordpress() {
        assert_eq!(
            add_query_arg(
                &[("success", "1"), ("user_id", "42")],
                "https://app.test/return"
            ),
            "https://app.test/return?success=1&user_id=42"
        );
        assert_eq!(
            add_query_arg(
                &[("success", "0"), ("user_id", "a b")],
                "https://app.test/r?x=1&y=a+b&z.k=2#frag"
            ),
            "https://app.test/r?x=1&y=a+b&z_k=2&success=0&user_id=a b#frag"
        );
        assert_eq!(add_query_arg(&[("a", "")], "http://h/p"), "http://h/p?a");
        assert_eq!(
            add_query_arg(&[("page", "2")], "http://h/p?s=x%2Fy"),
            "http://h/p?s=x%2Fy&page=2"
        );
    }

    #[test]
    fn escapes_urls() {
        assert_eq!(
            esc_url_raw("http://a.test/p q<>\"x"),
            "http://a.test/p%20qx"
        );
        assert_eq!(esc_url_raw("javascript:alert(1)"), "");
        assert_eq!(esc_url_raw("a.test/x"), "http://a.test/x");
        assert_eq!(esc_url_raw("http://a.test/%0d%0ax"), "http://a.test/x");
        assert_eq!(esc_url("http://a/?x=1&y='"), "http://a/?x=1&#038;y=&#039;");
    }

    #[test]
    fn validates_like_php() {
        for good in [
            "https://app.test/cb",
            "http://127.0.0.1:9000/x?y=1",
            "https://[::1]:8/x",
            "http://u:p@h.test",
        ] {
            assert!(filter_validate_url(good), "{good}");
        }
        for bad in [
            "https://",
            "app.test/cb",
            "https://a b.test",
            "https://-a.test",
            "http://h.test:99999",
            "https://é.test",
            "xx",
        ] {
            assert!(!filter_validate_url(bad), "{bad}");
        }
        assert!(wc_is_valid_url("http://a.test"));
        assert!(!wc_is_valid_url("HTTP://a.test"));
    }

    #[test]
    fn safe_urls() {
        let home = "127.0.0.1:8081";
        assert!(wp_http_validate_url("http://127.0.0.1:9999/cb", home));
        assert!(wp_http_validate_url("https://localhost:3000/cb", home));
        assert!(!wp_http_validate_url("https://10.0.0.5/cb", home));
        assert!(!wp_http_validate_url("https://192.168.1.2/cb", home));
        assert!(!wp_http_validate_url("https://172.20.0.1/cb", home));
        assert!(wp_http_validate_url("https://203.0.113.7/cb", home));
        assert!(!wp_http_validate_url("https://203.0.113.7:3000/cb", home));
        assert!(wp_http_validate_url("https://app.test:8080/cb", home));
        assert!(!wp_http_validate_url("https://u:p@app.test/cb", home));
        assert!(!wp_http_validate_url("ftp://app.test/cb", home));
    }
}

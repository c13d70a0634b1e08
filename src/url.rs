//! Absolute `http(s)` URLs, normalised so that what wc-keys signs is what goes on the wire.
//!
//! WooCommerce signs the request path exactly as it arrives (`$_SERVER['REQUEST_URI']`), so the
//! path must not change between signing and sending. Browsers and Node re-parse every URL by the
//! WHATWG URL Standard; this module writes paths and queries in a form that standard leaves
//! untouched in every engine: scheme and host lower-cased, default ports dropped, dot segments
//! resolved, `\` read as `/`, and every byte outside a small safe set percent-encoded. Existing
//! `%XX` escapes are kept as they are.

use crate::encode::{escape_into, push_percent};
use crate::error::{Error, Result};

/// `http` or `https`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP (port 80 by default).
    Http,
    /// HTTP over TLS (port 443 by default).
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// An absolute `http(s)` URL, normalised (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// The scheme.
    pub scheme: Scheme,
    /// The host, lower-case, with `[…]` around IPv6 addresses.
    pub host: String,
    /// The port, `None` for the scheme's default.
    pub port: Option<u16>,
    /// The path, starting with `/`, percent-encoded as it goes on the wire.
    pub path: String,
    /// The query without `?`, as it goes on the wire; `None` when the URL has no `?`.
    pub query: Option<String>,
}

/// What went wrong, for [`Error::UrlInvalid`] and [`Error::HomeUrlInvalid`].
type Reason = &'static str;

impl HttpUrl {
    /// Parses and normalises `input`. Fragments are dropped (they are never sent).
    pub fn parse(input: &str) -> Result<HttpUrl> {
        Self::parse_reason(input).map_err(|reason| Error::UrlInvalid { reason })
    }

    pub(crate) fn parse_reason(input: &str) -> std::result::Result<HttpUrl, Reason> {
        // WHATWG: trim C0 controls and spaces, remove tabs and newlines anywhere.
        let trimmed = input.trim_matches(|c: char| c <= ' ');
        let cleaned: std::borrow::Cow<'_, str> = if trimmed.contains(['\t', '\n', '\r']) {
            trimmed
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .into()
        } else {
            trimmed.into()
        };
        let (scheme_text, rest) = cleaned
            .split_once(':')
            .ok_or("it has no scheme (http:// or https://)")?;
        let scheme = if scheme_text.eq_ignore_ascii_case("http") {
            Scheme::Http
        } else if scheme_text.eq_ignore_ascii_case("https") {
            Scheme::Https
        } else {
            return Err("only http:// and https:// URLs can reach a store");
        };
        let rest = rest.trim_start_matches(['/', '\\']);
        if rest.len()
            == cleaned
                .len()
                .saturating_sub(scheme_text.len().saturating_add(1))
        {
            return Err("it needs // after the scheme, as in https://shop.example");
        }
        // Fragment first: it is never sent.
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let authority_end = rest.find(['/', '\\', '?']).unwrap_or(rest.len());
        let (authority, after) = rest.split_at_checked(authority_end).unwrap_or((rest, ""));
        if authority.contains('@') {
            return Err("it carries a user name or password (user:pass@); fetch refuses such URLs, pass the credentials as options instead");
        }
        let (host, port) = parse_authority(authority, scheme)?;
        let (path_text, query_text) = match after.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (after, None),
        };
        let path = normalise_path(path_text);
        if path.starts_with("//") {
            return Err("its path starts with //, which WordPress reads as a host name");
        }
        let query = query_text.map(normalise_query);
        Ok(HttpUrl {
            scheme,
            host,
            port,
            path,
            query,
        })
    }

    /// A store's address (its home URL as typed): the query and fragment dropped, no trailing
    /// slash, so that `{base}/wp-json/…` and `{base}/wp-admin/…` can be appended.
    pub fn parse_store(input: &str) -> Result<HttpUrl> {
        let mut url =
            Self::parse_reason(input).map_err(|reason| Error::StoreUrlInvalid { reason })?;
        url.query = None;
        url.path = url.path.trim_end_matches('/').to_string();
        Ok(url)
    }

    /// Puts `port` in a store address that names none, or the same one (the client's `port`
    /// option). Another port in the address is refused rather than replaced: one of the two is
    /// a mistake.
    pub fn set_port(&mut self, port: u16) -> Result<()> {
        let port = (port != self.scheme.default_port()).then_some(port);
        match self.port {
            Some(own) if Some(own) != port => Err(Error::StoreUrlInvalid {
                reason: "it names another port than the port option; give the port in one place",
            }),
            _ => {
                self.port = port;
                Ok(())
            }
        }
    }

    /// `scheme://host[:port]` and the path: a store address as [`HttpUrl::parse_store`] reads it.
    pub fn base(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// Appends `name=value` pairs to the query, each value `rawurlencode`d.
    pub(crate) fn append_query(&mut self, pairs: &[(&str, &str)]) {
        let mut query = self.query.take().unwrap_or_default();
        for (name, value) in pairs {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(name);
            query.push('=');
            crate::encode::rawurlencode_into(&mut query, value.as_bytes());
        }
        self.query = Some(query);
    }

    /// `scheme://host[:port]`, the origin.
    pub fn origin(&self) -> String {
        let mut out = String::with_capacity(self.host.len().saturating_add(16));
        self.write_origin(&mut out);
        out
    }

    fn write_origin(&self, out: &mut String) {
        out.push_str(self.scheme.as_str());
        out.push_str("://");
        out.push_str(&self.host);
        if let Some(port) = self.port {
            out.push(':');
            out.push_str(&port.to_string());
        }
    }

    /// The whole URL as it is sent.
    pub fn to_url_string(&self) -> String {
        let mut out = self.origin();
        out.push_str(&self.path);
        if let Some(query) = &self.query {
            out.push('?');
            out.push_str(query);
        }
        out
    }
}

fn parse_authority(
    authority: &str,
    scheme: Scheme,
) -> std::result::Result<(String, Option<u16>), Reason> {
    let (host_text, port_text) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']').ok_or("its IPv6 host has no closing ]")?;
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("its IPv6 host is not valid");
        }
        let port = match after {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .ok_or("it has text after the IPv6 host")?,
            ),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        let (h, p) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if h.is_empty() {
            return Err("it has no host name");
        }
        if !h.is_ascii() {
            return Err("its host name is not ASCII; write it in punycode (xn--…)");
        }
        let forbidden = |c: char| {
            c.is_ascii_control()
                || matches!(
                    c,
                    ' ' | '#'
                        | '%'
                        | '/'
                        | ':'
                        | '<'
                        | '>'
                        | '?'
                        | '@'
                        | '['
                        | '\\'
                        | ']'
                        | '^'
                        | '|'
                )
        };
        if h.contains(forbidden) {
            return Err("its host name contains a character hosts cannot have");
        }
        (h.to_ascii_lowercase(), p)
    };
    let port = match port_text {
        None | Some("") => None,
        Some(p) => {
            if !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err("its port is not a number");
            }
            let digits = p.trim_start_matches('0');
            let n: u32 = if digits.is_empty() {
                0
            } else {
                digits.parse().map_err(|_| "its port is above 65535")?
            };
            let n = u16::try_from(n).map_err(|_| "its port is above 65535")?;
            if n == scheme.default_port() {
                None
            } else {
                Some(n)
            }
        }
    };
    Ok((host_text, port))
}

/// Bytes kept as they are in a path: RFC 3986 `pchar` without escapes, plus `/` and `%`
/// (an existing escape, valid or not, is left alone, as browsers do).
fn is_path_safe(byte: u8) -> bool {
    crate::encode::is_unreserved(byte)
        || matches!(
            byte,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
                | b'%'
        )
}

/// Bytes kept as they are in a query: the path's set plus `?`, `[` and `]`; everything else is
/// percent-encoded, which does not change what PHP decodes.
fn is_query_safe(byte: u8) -> bool {
    (is_path_safe(byte) && byte != b'\'') || matches!(byte, b'?' | b'[' | b']')
}

pub(crate) fn is_dot(segment: &str) -> bool {
    segment == "." || segment.eq_ignore_ascii_case("%2e")
}

pub(crate) fn is_dot_dot(segment: &str) -> bool {
    ["..", ".%2e", "%2e.", "%2e%2e"]
        .iter()
        .any(|form| segment.eq_ignore_ascii_case(form))
}

/// Resolves `.` and `..` segments (WHATWG path state) and percent-encodes unsafe bytes.
fn normalise_path(input: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = input.split(['/', '\\']).skip(1).collect();
    let last_index = parts.len().saturating_sub(1);
    for (i, segment) in parts.iter().enumerate() {
        let is_last = i == last_index;
        if is_dot_dot(segment) {
            segments.pop();
            if is_last {
                segments.push("");
            }
        } else if is_dot(segment) {
            if is_last {
                segments.push("");
            }
        } else {
            segments.push(segment);
        }
    }
    let mut out = String::with_capacity(input.len().saturating_add(1));
    if segments.is_empty() {
        out.push('/');
    }
    for segment in segments {
        out.push('/');
        escape_into(&mut out, segment.as_bytes(), is_path_safe, push_percent);
    }
    out
}

fn normalise_query(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    escape_into(&mut out, input.as_bytes(), is_query_safe, push_percent);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(input: &str) -> String {
        HttpUrl::parse(input)
            .map(|u| u.to_url_string())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn normalises_like_a_browser() {
        assert_eq!(
            norm("HTTP://Shop.Example:80/wp-json/wc/v3/products"),
            "http://shop.example/wp-json/wc/v3/products"
        );
        assert_eq!(norm("https://shop.example:443"), "https://shop.example/");
        assert_eq!(
            norm("https://shop.example:8443/a/./b/../c?x=1#frag"),
            "https://shop.example:8443/a/c?x=1"
        );
        assert_eq!(norm("http://h\\a\\b"), "http://h/a/b");
        assert_eq!(norm("http://h/a b/é"), "http://h/a%20b/%C3%A9");
        assert_eq!(
            norm("http://h/p?q=a b&r=\"x\"&s='"),
            "http://h/p?q=a%20b&r=%22x%22&s=%27"
        );
        assert_eq!(norm("http://h/it's/%zz"), "http://h/it's/%zz");
        assert_eq!(norm("  http://h/\tx\n "), "http://h/x");
        assert_eq!(norm("http://[::1]:8080/x"), "http://[::1]:8080/x");
    }

    #[test]
    fn refuses_what_cannot_reach_a_store() {
        for bad in [
            "",
            "shop.example/x",
            "ftp://h/x",
            "http:h",
            "http://",
            "http://u:p@h/",
            "http://h:99999/",
            "http://h:x/",
            "http://ä.example/",
            "http://h//x",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}

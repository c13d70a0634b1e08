//! One JSON log line per request: method, path, the query with secrets redacted, how the client
//! authenticated, the outcome and WooCommerce's error code. Keys appear only as `…last7`;
//! secrets, signatures and the `Authorization` header never appear.

use crate::http::Request;
use crate::json::Json;

#[derive(Debug, Clone)]
pub(crate) struct Trace {
    pub listener: &'static str,
    pub method: String,
    pub path: String,
    pub query: String,
    /// `none`, `basic`, `query` (consumer_key/consumer_secret) or `oauth1`.
    pub auth: &'static str,
    /// The key that authenticated, as `…last7`.
    pub key: Option<String>,
    pub error: Option<String>,
    pub message: Option<String>,
    pub status: u16,
    /// What kind of page answered: `rest`, `wc-auth`, `admin`, `sandbox`, `page`.
    pub kind: &'static str,
}

/// `…` and the last seven characters.
pub(crate) fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars
        .get(chars.len().saturating_sub(7)..)
        .unwrap_or_default()
        .iter()
        .collect();
    format!("…{tail}")
}

/// The query string with secret values replaced and keys masked.
pub(crate) fn redact_query(query: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded = String::from_utf8_lossy(&crate::php::urldecode(name.as_bytes()))
                .to_ascii_lowercase();
            if decoded.contains("secret")
                || decoded.contains("signature")
                || decoded.contains("password")
            {
                format!("{name}=[redacted]")
            } else if decoded.contains("consumer_key") {
                let plain =
                    String::from_utf8_lossy(&crate::php::urldecode(value.as_bytes())).into_owned();
                format!("{name}={}", mask(&plain))
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Trace {
    pub(crate) fn new(req: &Request) -> Trace {
        Trace {
            listener: if req.https { "https" } else { "http" },
            method: req.method.clone(),
            path: req.path().to_string(),
            query: redact_query(req.query()),
            auth: "none",
            key: None,
            error: None,
            message: None,
            status: 0,
            kind: "page",
        }
    }

    /// `authenticated`, `rejected` (an authentication or permission error) or `anonymous`.
    fn outcome(&self) -> &'static str {
        let auth_error = self.error.as_deref().is_some_and(|c| {
            c.starts_with("woocommerce_rest_authentication") || c == "internal_server_error"
        });
        if auth_error {
            "rejected"
        } else if self.key.is_some() {
            "authenticated"
        } else {
            "anonymous"
        }
    }

    pub(crate) fn to_json(&self, now: i64) -> Json {
        Json::obj([
            ("time", Json::Str(crate::clock::iso(now))),
            ("listener", Json::from(self.listener)),
            ("kind", Json::from(self.kind)),
            ("method", Json::from(self.method.as_str())),
            ("path", Json::from(self.path.as_str())),
            ("query", Json::from(self.query.as_str())),
            ("status", Json::Int(i64::from(self.status))),
            ("auth", Json::from(self.auth)),
            ("outcome", Json::from(self.outcome())),
            ("key", Json::from(self.key.clone())),
            ("error", Json::from(self.error.clone())),
            ("message", Json::from(self.message.clone())),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_secrets() {
        assert_eq!(
            redact_query("a=1&consumer_key=ck_0123456789abcdef&consumer_secret=cs_x&oauth_signature=abc%3D&oauth_consumer_key=ck_zzzzzzz9"),
            "a=1&consumer_key=…9abcdef&consumer_secret=[redacted]&oauth_signature=[redacted]&oauth_consumer_key=…zzzzzz9"
        );
    }
}

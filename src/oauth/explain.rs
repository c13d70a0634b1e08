//! "Why doesn't my signature match?": recompute a signed request the way WooCommerce will, and
//! point at the first byte where someone else's base string differs from ours.

use super::{
    base_string, base_url, constant_time_eq, parse_authorization_header, signing_key, woo_params,
    Home, SignatureMethod,
};
use crate::encode::percent_decode;
use crate::error::{Error, Result};
use crate::keys::ConsumerSecret;
use crate::params::FormInput;
use crate::php_query::{Key, Value};
use crate::url::HttpUrl;
use serde::{Deserialize, Serialize};

/// A request someone signed, to check.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExplainInput {
    /// HTTP method (or `request.method`).
    #[serde(default)]
    pub method: Option<String>,
    /// The URL as it was requested (or `request.url`), OAuth parameters in it when they were put
    /// in the query.
    #[serde(default)]
    pub url: Option<String>,
    /// The request as a whole, instead of `method`, `url`, `authorization` and `form`: what
    /// `sign()` returned, or a request log entry (`headers` searched for `Authorization` whatever
    /// its case; `body` read as the form).
    #[serde(default)]
    pub request: Option<LoggedRequest>,
    /// The consumer secret the request should have been signed with.
    pub consumer_secret: ConsumerSecret,
    /// The form body that was sent, if any.
    #[serde(default)]
    pub form: Option<FormInput>,
    /// The `Authorization` header that was sent, if any.
    #[serde(default)]
    pub authorization: Option<String>,
    /// The store's home URL, when it differs from the URL's origin.
    #[serde(default)]
    pub home_url: Option<String>,
    /// The base string the other signer computed, to compare with ours.
    #[serde(default)]
    pub base_string: Option<String>,
}

/// A request as code logs it: `{ method, url, headers, body }`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LoggedRequest {
    /// HTTP method.
    #[serde(default)]
    pub method: String,
    /// The URL requested.
    #[serde(default)]
    pub url: String,
    /// Header names and values, in the order given; the first whose name is `authorization` in
    /// any case is the one read.
    #[serde(default, deserialize_with = "crate::oauth::pairs_from_map")]
    pub headers: Vec<(String, String)>,
    /// The body sent, if any (a form body counts for POST).
    #[serde(default)]
    pub body: Option<String>,
}

impl ExplainInput {
    /// The option names [`ExplainInput`] reads, for rejecting typos in JavaScript objects.
    pub const FIELDS: &'static [&'static str] = &[
        "method",
        "url",
        "request",
        "consumerSecret",
        "form",
        "authorization",
        "homeUrl",
        "baseString",
    ];
}

/// The three parts of a base string, `METHOD&url&parameters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaseStringPart {
    /// The upper-case method.
    Method,
    /// The encoded URL.
    Url,
    /// The encoded, sorted parameters.
    Parameters,
}

/// Where two base strings part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    /// Byte offset of the first difference.
    pub index: usize,
    /// The part of the base string it falls in (`method`, `url` or `parameters`).
    pub part: BaseStringPart,
    /// The decoded name of the parameter it falls in, when in the parameters.
    pub parameter: Option<String>,
    /// Up to 40 bytes of ours around the difference: from the start of the parameter it falls
    /// in, or from 10 bytes before it.
    pub ours: String,
    /// The same stretch of theirs.
    pub theirs: String,
    /// Where the difference is in `ours` and `theirs`.
    pub offset: usize,
    /// What the difference most likely means, in a sentence.
    pub hint: String,
}

/// What WooCommerce would make of a signed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Whether the request's signature is the one WooCommerce computes.
    pub matches: bool,
    /// The `oauth_signature_method` the request names.
    pub signature_method: String,
    /// The signature WooCommerce expects.
    pub expected_signature: String,
    /// The signature the request carries (after WooCommerce's decoding).
    pub provided_signature: String,
    /// The base string WooCommerce computes.
    pub base_string: String,
    /// The parameters as WooCommerce sees them, flattened (`a[b]` names), in signing order.
    #[serde(serialize_with = "super::pairs_as_list")]
    pub params: Vec<(String, String)>,
    /// Where the caller's base string differs from ours, when one was given and differs.
    pub difference: Option<Difference>,
}

const REQUIRED: [&str; 5] = [
    "oauth_consumer_key",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_signature",
    "oauth_signature_method",
];

/// Recomputes the signature of a request signed by anyone, as WooCommerce would.
pub fn explain_signature(input: ExplainInput) -> Result<Explanation> {
    let logged = input.request.clone().unwrap_or_default();
    let method_text = input.method.clone().unwrap_or(logged.method);
    let method = method_text.trim().to_ascii_uppercase();
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::MethodInvalid);
    }
    let url_text = input.url.clone().unwrap_or(logged.url);
    let url = HttpUrl::parse(&url_text)?;
    let authorization = input.authorization.clone().or_else(|| {
        logged
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v.clone())
    });
    // A header line copied whole ('Authorization: OAuth …'). WooCommerce would find nothing in
    // such a value, so it is refused, not read: code that sends the name inside the value has
    // that bug, and a person who pasted a log line needs to drop the name.
    let named = |text: &str| {
        let text = text.trim_start();
        text.get(..13)
            .is_some_and(|name| name.eq_ignore_ascii_case("authorization"))
            && text
                .get(13..)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
    };
    if authorization.as_deref().is_some_and(named) {
        return Err(Error::input(
            "the Authorization value starts with the header's own name ('Authorization: OAuth …'): give the value only, from 'OAuth', which is what the store reads",
        ));
    }
    let form = input
        .form
        .clone()
        .or_else(|| logged.body.clone().map(FormInput::Text));
    let home = match input.home_url.as_deref() {
        Some(text) => Home::parse(text)?,
        None => Home::from_request(&url),
    };
    let header = authorization
        .as_deref()
        .map(parse_authorization_header)
        .unwrap_or_default();
    let body = form.as_ref().map(FormInput::to_body);
    let params = woo_params(&method, &url, body.as_deref().map(str::as_bytes), &header);

    let text = |name: &str| match params.get(&Key::Str(name.as_bytes().to_vec())) {
        Some(Value::Str(v)) if !v.is_empty() && v.as_slice() != b"0" => {
            Some(String::from_utf8_lossy(v).into_owned())
        }
        _ => None,
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|name| text(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(Error::OAuthParamsMissing {
            missing: missing.join(", "),
        });
    }
    let signature_method_name = text("oauth_signature_method").unwrap_or_default();
    let signature_method: SignatureMethod = signature_method_name.parse()?;
    // `rawurldecode( str_replace( ' ', '+', $params['oauth_signature'] ) )`.
    let provided_raw = text("oauth_signature")
        .unwrap_or_default()
        .replace(' ', "+");
    let provided =
        String::from_utf8_lossy(&percent_decode(provided_raw.as_bytes(), false)).into_owned();

    let ours = base_string(&method, &base_url(url.scheme, &home, &url.path), &params);
    let expected = signature_method.sign(&signing_key(&input.consumer_secret), ours.as_bytes());
    let matches = constant_time_eq(expected.as_bytes(), provided.as_bytes());
    let difference = input
        .base_string
        .as_deref()
        .and_then(|theirs| first_difference(&ours, theirs.trim()));
    Ok(Explanation {
        matches,
        signature_method: signature_method.as_str().to_string(),
        expected_signature: expected,
        provided_signature: provided,
        params: flattened(&ours),
        base_string: ours,
        difference,
    })
}

/// The signed pairs decoded back to `name`/`value` for display.
fn flattened(base: &str) -> Vec<(String, String)> {
    let Some(pairs) = base.splitn(3, '&').nth(2) else {
        return Vec::new();
    };
    pairs
        .split("%26")
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let once = percent_decode(pair.as_bytes(), false);
            let text = String::from_utf8_lossy(&once);
            let (name, value) = text.split_once('=').unwrap_or((&text, ""));
            let decode = |s: &str| {
                String::from_utf8_lossy(&percent_decode(s.as_bytes(), false)).into_owned()
            };
            (
                decode(name).replace("%5B", "[").replace("%5D", "]"),
                decode(value),
            )
        })
        .collect()
}

fn snippet(text: &str, start: usize) -> String {
    let bytes = text.as_bytes();
    let end = start.saturating_add(40).min(bytes.len());
    String::from_utf8_lossy(bytes.get(start..end).unwrap_or_default()).into_owned()
}

fn first_difference(ours: &str, theirs: &str) -> Option<Difference> {
    let index = ours
        .bytes()
        .zip(theirs.bytes())
        .position(|(a, b)| a != b)
        .or_else(|| (ours.len() != theirs.len()).then(|| ours.len().min(theirs.len())))?;
    let method_end = ours.find('&').unwrap_or(ours.len());
    let url_end = ours
        .get(method_end.saturating_add(1)..)
        .and_then(|r| r.find('&'))
        .map_or(ours.len(), |i| {
            i.saturating_add(method_end).saturating_add(1)
        });
    let mut from = index.saturating_sub(10);
    let (part, parameter, hint) = if index <= method_end {
        (
            BaseStringPart::Method,
            None,
            "The methods differ: WooCommerce upper-cases the method of the request it receives."
                .to_string(),
        )
    } else if index <= url_end {
        (
            BaseStringPart::Url,
            None,
            url_hint(ours.get(..url_end).unwrap_or_default(), theirs),
        )
    } else {
        let start = ours
            .get(..index)
            .and_then(|s| s.as_bytes().windows(3).rposition(|w| w == b"%26"))
            .map_or(url_end.saturating_add(1), |i| i.saturating_add(3));
        if index.saturating_sub(start) <= 30 {
            from = start;
        }
        let pair = ours.get(start..).unwrap_or_default();
        let pair = pair.split("%26").next().unwrap_or_default();
        let name = flattened(&format!("X&Y&{pair}"))
            .into_iter()
            .next()
            .map(|(n, _)| n);
        let hint = match &name {
            Some(n) => format!("The parameters differ at {n}: check how it is encoded (WooCommerce encodes keys and values twice, + in a query is a space) and that it is sent exactly as signed."),
            None => "The parameter lists differ: WooCommerce signs every query parameter, form field (POST only) and OAuth parameter except oauth_signature, sorted by name.".to_string(),
        };
        (BaseStringPart::Parameters, name, hint)
    };
    Some(Difference {
        index,
        part,
        parameter,
        ours: snippet(ours, from),
        theirs: snippet(theirs, from),
        offset: index.saturating_sub(from),
        hint,
    })
}

/// An encoded URL without its trailing `%2F`s.
fn without_trailing_slashes(mut url: &str) -> &str {
    while let Some(shorter) = url.strip_suffix("%2F") {
        url = shorter;
    }
    url
}

fn url_hint(ours_prefix: &str, theirs: &str) -> String {
    let theirs_url = theirs.split('&').nth(1).unwrap_or_default();
    let ours_url = ours_prefix.split('&').nth(1).unwrap_or_default();
    if without_trailing_slashes(theirs_url) == without_trailing_slashes(ours_url) {
        "The URLs differ by a trailing slash: with plain permalinks WooCommerce signs the home URL without one (http://store.test, not http://store.test/).".to_string()
    } else if theirs_url.contains("%3A80%2F") || theirs_url.contains("%3A443%2F") {
        "The URLs differ by a default port: WooCommerce signs its home URL, which has no :80 or :443.".to_string()
    } else if theirs_url.starts_with("http%3A") != ours_url.starts_with("http%3A") {
        "The schemes differ: WooCommerce signs https only when PHP sees HTTPS; behind a TLS proxy it may see http.".to_string()
    } else {
        "The URLs differ: WooCommerce signs its own home URL (Settings > General > Site Address) plus the path, not the host you typed. Pass homeUrl if you reach the store under another name (www, an IP, a port).".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_parameter_that_differs() {
        let ours = "GET&http%3A%2F%2Fh%2Fp&a%3D1%26b%3D2";
        let theirs = "GET&http%3A%2F%2Fh%2Fp&a%3D1%26b%3D3";
        let d = first_difference(ours, theirs).unwrap();
        assert_eq!(d.part, BaseStringPart::Parameters);
        assert_eq!(d.parameter.as_deref(), Some("b"));
        assert_eq!(&ours[d.index..d.index + 1], "2");
        assert_eq!(d.ours, "b%3D2");
        assert_eq!(d.theirs, "b%3D3");
        assert_eq!(d.offset, 4);
    }

    #[test]
    fn a_whole_header_line_is_refused_with_what_to_do() {
        for header in [
            "Authorization: OAuth oauth_consumer_key=\"ck\"",
            " authorization:OAuth x",
            "Authorization : OAuth x",
        ] {
            let refused = explain_signature(ExplainInput {
                method: Some("GET".into()),
                url: Some("http://shop.example/wp-json/wc/v3/products".into()),
                consumer_secret: ConsumerSecret::new("cs_x"),
                authorization: Some(header.into()),
                request: None,
                form: None,
                home_url: None,
                base_string: None,
            })
            .expect_err("a header line is not a header value");
            assert_eq!(refused.code(), "ERR_INPUT_INVALID");
            assert!(
                refused
                    .to_string()
                    .contains("give the value only, from 'OAuth'"),
                "{refused}"
            );
        }
    }

    #[test]
    fn names_a_trailing_slash() {
        let d =
            first_difference("GET&http%3A%2F%2Fh&a%3D1", "GET&http%3A%2F%2Fh%2F&a%3D1").unwrap();
        assert_eq!(d.part, BaseStringPart::Url);
        assert!(d.hint.contains("trailing slash"), "{}", d.hint);
        assert_eq!(first_difference("GET&x&y", "GET&x&y"), None);
    }
}

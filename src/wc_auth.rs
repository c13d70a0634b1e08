//! The wc-auth key exchange (`/wc-auth/v1/authorize`), as `class-wc-auth.php` runs it.
//!
//! What the store does with an app's request (`make_validation()`, `get_formatted_url()`,
//! `build_url()`, `post_consumer_data()`), and what follows for the app:
//!
//! - `app_name`, `user_id`, `return_url`, `callback_url` and `scope` must be non-empty strings
//!   (PHP's `empty()`: `"0"` counts as empty); scope is `read`, `write` or `read_write`.
//! - Both URLs are URL-decoded once more after PHP decoded the query (`urldecode()` in
//!   `get_formatted_url()`), get `https://` when they have no `://`, and must pass
//!   `FILTER_VALIDATE_URL`; the callback must start with `https://`. Between the login and
//!   authorize steps the store re-encodes them only once, so `%` and `+` in them do not survive:
//!   wc-keys refuses such URLs.
//! - `user_id` goes through `wc_clean()` (which strips tags and `%XX` octets) and is appended to
//!   the return URL by `add_query_arg()` without encoding: wc-keys accepts only characters that
//!   pass both unchanged.
//! - The keys are POSTed as JSON to the callback by `wp_safe_remote_post()`, which refuses
//!   credentials in the URL, IPv6 literals, loopback and private IPv4 hosts (unless the host is the
//!   store's own) and ports other than 80, 443 and 8080 (`wp_http_validate_url()`).

use crate::encode::{base64url_encode, rawurlencode_into};
use crate::error::{Error, Result};
use crate::oauth::constant_time_eq;
use crate::php_query::{self, Key, Value};
use crate::url::HttpUrl;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

mod callback;
mod php_url;

pub use callback::{parse_callback, CallbackKeys, CallbackOptions, CALLBACK_LIMIT};
use php_url::{check_callback_host, formatted, is_loopback, php_validate_url};

/// What a key may do: the `scope` of wc-auth and the permission of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Scope {
    /// GET and HEAD.
    #[serde(rename = "read")]
    Read,
    /// POST, PUT, PATCH and DELETE.
    #[serde(rename = "write")]
    Write,
    /// Both.
    #[serde(rename = "read_write")]
    ReadWrite,
}

impl Scope {
    /// `read`, `write` or `read_write`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::ReadWrite => "read_write",
        }
    }

    /// The label WooCommerce shows: `Read`, `Write`, `Read/Write`.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Read => "Read",
            Scope::Write => "Write",
            Scope::ReadWrite => "Read/Write",
        }
    }

    /// What the approve screen lists for the scope (`get_permissions_in_scope()`).
    pub fn permissions(self) -> &'static [&'static str] {
        match self {
            Scope::Read => &[
                "View coupons",
                "View customers",
                "View orders and sales reports",
                "View products",
            ],
            Scope::Write => &[
                "Create webhooks",
                "Create coupons",
                "Create customers",
                "Create orders",
                "Create products",
            ],
            Scope::ReadWrite => &[
                "Create webhooks",
                "View and manage coupons",
                "View and manage customers",
                "View and manage orders and sales reports",
                "View and manage products",
            ],
        }
    }

    /// Whether a key with this permission may read (GET, HEAD).
    pub fn can_read(self) -> bool {
        matches!(self, Scope::Read | Scope::ReadWrite)
    }

    /// Whether a key with this permission may write (POST, PUT, PATCH, DELETE).
    pub fn can_write(self) -> bool {
        matches!(self, Scope::Write | Scope::ReadWrite)
    }
}

/// What a scope allows, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeDescription {
    /// `read`, `write` or `read_write`.
    pub scope: Scope,
    /// `Read`, `Write` or `Read/Write`.
    pub label: &'static str,
    /// The approve screen's list.
    pub permissions: &'static [&'static str],
}

impl ScopeDescription {
    /// The description of `scope`.
    pub fn of(scope: Scope) -> Self {
        ScopeDescription {
            scope,
            label: scope.label(),
            permissions: scope.permissions(),
        }
    }
}

impl FromStr for Scope {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "read" => Ok(Scope::Read),
            "write" => Ok(Scope::Write),
            "read_write" => Ok(Scope::ReadWrite),
            _ => Err(Error::AuthScopeInvalid),
        }
    }
}

/// The store's home URL as wc-keys builds store URLs from it: origin plus install path, no
/// trailing slash, no query.
pub fn store_base(store_url: &str) -> Result<String> {
    Ok(HttpUrl::parse_store(store_url)?.base())
}

/// WooCommerce > Settings > Advanced > REST API > Add key, on the store.
pub fn add_key_url(store_url: &str) -> Result<String> {
    Ok(format!(
        "{}/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys&create-key=1",
        store_base(store_url)?
    ))
}

/// WooCommerce > Settings > Advanced > REST API (the key list), on the store.
pub fn keys_admin_url(store_url: &str) -> Result<String> {
    Ok(format!(
        "{}/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys",
        store_base(store_url)?
    ))
}

/// `pretty` (`/wc-auth/v1/authorize`) or `plain` (`/?wc-auth-version=1&wc-auth-route=authorize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Permalinks {
    /// Rewritten URLs, WordPress's usual setting.
    #[default]
    Pretty,
    /// `?…` URLs, for stores with Settings > Permalinks set to Plain.
    Plain,
}

impl Permalinks {
    /// Reads the `permalinks` option: absent or `pretty`, or `plain`.
    pub fn from_option(value: Option<&str>) -> Result<Self> {
        match value {
            None | Some("pretty") => Ok(Permalinks::Pretty),
            Some("plain") => Ok(Permalinks::Plain),
            Some(_) => Err(Error::InputInvalid {
                detail: "permalinks must be 'pretty' or 'plain'".into(),
            }),
        }
    }
}

/// What [`authorize_url`] and [`begin_authorization`] take (JavaScript names).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizeInput {
    /// The store's address (its home URL).
    #[serde(default)]
    pub store_url: String,
    /// The app's name, shown to the merchant and put in the key's description.
    #[serde(default)]
    pub app_name: String,
    /// `read`, `write` or `read_write`.
    #[serde(default)]
    pub scope: String,
    /// The app's own id for this request, echoed back to the return page and the callback.
    /// Optional in [`begin_authorization`], which adds the state to it.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Where the store sends the merchant afterwards (`?success=1|0&user_id=…` appended).
    #[serde(default)]
    pub return_url: String,
    /// Where the store POSTs the keys: an `https://` endpoint of the app's server.
    #[serde(default)]
    pub callback_url: String,
    /// `pretty` (default) or `plain`.
    #[serde(default)]
    pub permalinks: Option<String>,
    /// Accept a loopback, private-network or `http://` callback, for a local sandbox store
    /// (real WooCommerce refuses them).
    #[serde(default)]
    pub allow_local_callback: bool,
}

impl AuthorizeInput {
    /// The option names [`AuthorizeInput`] reads (plus `mode` and `timeout`, which the
    /// JavaScript side of `beginAuthorization` reads).
    pub const FIELDS: &'static [&'static str] = &[
        "storeUrl",
        "appName",
        "scope",
        "userId",
        "returnUrl",
        "callbackUrl",
        "permalinks",
        "allowLocalCallback",
    ];
}

/// Whether `user_id` passes `wc_clean()` and `add_query_arg()` unchanged.
fn is_clean_user_id(user_id: &str) -> bool {
    !user_id.is_empty()
        && user_id.len() <= 128
        && user_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~:".contains(&b))
}

fn require<'a>(value: &'a str, name: &'static str) -> Result<&'a str> {
    // PHP's empty(): "" and "0" are missing.
    if value.is_empty() || value == "0" {
        Err(Error::AuthParamMissing { name })
    } else {
        Ok(value)
    }
}

fn check_url(value: &str, name: &'static str) -> Result<String> {
    let value = require(value, name)?;
    if value.contains(['%', '+']) {
        return Err(Error::AuthUrlMangled { name });
    }
    let url = formatted(value);
    php_validate_url(&url).map_err(|reason| Error::AuthUrlInvalid { name, reason })?;
    Ok(url)
}

/// Builds the URL that sends the merchant to the store's approve screen, after checking every
/// parameter the way the store will (so a bad one fails here, with a reason, not on the store's
/// error page).
///
/// ```
/// let input = wc_keys::AuthorizeInput {
///     store_url: "https://shop.example/".into(),
///     app_name: "My App".into(),
///     scope: "read_write".into(),
///     user_id: Some("42".into()),
///     return_url: "https://app.example/return".into(),
///     callback_url: "https://app.example/callback".into(),
///     ..Default::default()
/// };
/// assert_eq!(
///     wc_keys::authorize_url(&input).unwrap(),
///     "https://shop.example/wc-auth/v1/authorize?app_name=My%20App&scope=read_write&user_id=42\
///      &return_url=https%3A%2F%2Fapp.example%2Freturn&callback_url=https%3A%2F%2Fapp.example%2Fcallback"
/// );
/// ```
pub fn authorize_url(input: &AuthorizeInput) -> Result<String> {
    let store = HttpUrl::parse_store(require(&input.store_url, "storeUrl")?)?;
    let base = store.base();
    let app_name = require(input.app_name.trim(), "appName")?;
    let scope: Scope = require(&input.scope, "scope")?.parse()?;
    let user_id = require(input.user_id.as_deref().unwrap_or_default(), "userId")?;
    if !is_clean_user_id(user_id) {
        return Err(Error::AuthUserIdInvalid);
    }
    let return_url = check_url(&input.return_url, "returnUrl")?;
    let callback_url = check_url(&input.callback_url, "callbackUrl")?;
    let callback = php_validate_url(&callback_url).map_err(|reason| Error::AuthUrlInvalid {
        name: "callbackUrl",
        reason,
    })?;
    // allowLocalCallback relaxes the rules for loopback hosts only (http, any port), as the
    // sandbox store does; every other host is checked as the store checks it.
    let local =
        input.allow_local_callback && is_loopback(callback.host) && callback.userinfo.is_none();
    let scheme_ok = callback.scheme.eq_ignore_ascii_case("https")
        || (local && callback.scheme.eq_ignore_ascii_case("http"));
    if !scheme_ok {
        return Err(Error::AuthCallbackNotHttps);
    }
    if !local {
        check_callback_host(&callback, &store)?;
    }
    let mut url = base;
    match Permalinks::from_option(input.permalinks.as_deref())? {
        Permalinks::Pretty => url.push_str("/wc-auth/v1/authorize?"),
        Permalinks::Plain => url.push_str("/?wc-auth-version=1&wc-auth-route=authorize&"),
    }
    let params: [(&str, &str); 5] = [
        ("app_name", app_name),
        ("scope", scope.as_str()),
        ("user_id", user_id),
        ("return_url", &return_url),
        ("callback_url", &callback_url),
    ];
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            url.push('&');
        }
        url.push_str(name);
        url.push('=');
        rawurlencode_into(&mut url, value.as_bytes());
    }
    Ok(url)
}

/// A fresh state: 24 random bytes (192 bits) as 32 base64url characters.
pub fn new_state() -> Result<String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|_| Error::RandomUnavailable)?;
    Ok(base64url_encode(&bytes))
}

/// What [`begin_authorization`] gives: the URL to open and what to keep for the return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationStart {
    /// The store's authorize URL.
    pub url: String,
    /// The random state (also the end of `user_id`).
    pub state: String,
    /// The `user_id` sent: the app's id, `:`, the state (or the state alone).
    pub user_id: String,
}

/// [`authorize_url`] with a CSRF state: `user_id` becomes `appId:state` (or the state alone),
/// so the return page and the callback can prove they belong to this request.
pub fn begin_authorization(input: &AuthorizeInput) -> Result<AuthorizationStart> {
    let state = new_state()?;
    let user_id = match input.user_id.as_deref().filter(|id| !id.is_empty()) {
        Some(app) => format!("{app}:{state}"),
        None => state.clone(),
    };
    let with_state = AuthorizeInput {
        user_id: Some(user_id.clone()),
        ..input.clone()
    };
    let url = authorize_url(&with_state)?;
    Ok(AuthorizationStart {
        url,
        state,
        user_id,
    })
}

/// The merchant's answer, read from the return page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    /// `approved` (`success=1`) or `denied` (`success=0`).
    pub status: &'static str,
    /// The app's own id (the part of `user_id` before the state), if it gave one.
    pub user_id: Option<String>,
}

fn query_value(url: &HttpUrl, name: &str) -> Option<String> {
    let parsed = php_query::parse(url.query.as_deref().unwrap_or_default().as_bytes());
    match parsed.get(&Key::Str(name.as_bytes().to_vec())) {
        Some(Value::Str(bytes)) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

/// Reads the store's redirect (`return_url?success=1|0&user_id=…`) and checks its `user_id`
/// against the one this session sent (`expected`, kept since [`begin_authorization`]), in
/// constant time.
pub fn complete_authorization(return_url: &str, expected: Option<&str>) -> Result<Completion> {
    let url = HttpUrl::parse(return_url).map_err(|_| Error::AuthReturnInvalid)?;
    let success = query_value(&url, "success").ok_or(Error::AuthReturnInvalid)?;
    let user_id = query_value(&url, "user_id").ok_or(Error::AuthReturnInvalid)?;
    let status = match success.as_str() {
        "1" => "approved",
        "0" => "denied",
        _ => return Err(Error::AuthReturnInvalid),
    };
    let expected = expected
        .filter(|e| !e.is_empty())
        .ok_or(Error::AuthStateMissing)?;
    if !constant_time_eq(expected.as_bytes(), user_id.as_bytes()) {
        return Err(Error::AuthStateMismatch);
    }
    let app_id = user_id.rsplit_once(':').map(|(app, _)| app.to_string());
    Ok(Completion {
        status,
        user_id: app_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AuthorizeInput {
        AuthorizeInput {
            store_url: "https://shop.example".into(),
            app_name: "My App".into(),
            scope: "read".into(),
            user_id: Some("42".into()),
            return_url: "https://app.example/return".into(),
            callback_url: "https://app.example/callback".into(),
            permalinks: None,
            allow_local_callback: false,
        }
    }

    fn code(change: impl FnOnce(&mut AuthorizeInput)) -> &'static str {
        let mut i = input();
        change(&mut i);
        match authorize_url(&i) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn refuses_what_the_store_refuses() {
        assert_eq!(code(|_| {}), "ok");
        assert_eq!(code(|i| i.app_name = " ".into()), "ERR_AUTH_PARAM_MISSING");
        assert_eq!(
            code(|i| i.user_id = Some("0".into())),
            "ERR_AUTH_PARAM_MISSING"
        );
        assert_eq!(code(|i| i.user_id = None), "ERR_AUTH_PARAM_MISSING");
        assert_eq!(code(|i| i.scope = "admin".into()), "ERR_AUTH_SCOPE_INVALID");
        assert_eq!(code(|i| i.scope = String::new()), "ERR_AUTH_PARAM_MISSING");
        assert_eq!(
            code(|i| i.return_url = "https://app example/r".into()),
            "ERR_AUTH_URL_INVALID"
        );
        assert_eq!(
            code(|i| i.return_url = "https://app_example.com/r".into()),
            "ERR_AUTH_URL_INVALID"
        );
        assert_eq!(
            code(|i| i.return_url = "https://-app.example/r".into()),
            "ERR_AUTH_URL_INVALID"
        );
        assert_eq!(
            code(|i| i.return_url = "https://appé.example/r".into()),
            "ERR_AUTH_URL_INVALID"
        );
        assert_eq!(
            code(|i| i.return_url = "https://app.example/r?x=a+b".into()),
            "ERR_AUTH_URL_MANGLED"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://app.example/c%2F".into()),
            "ERR_AUTH_URL_MANGLED"
        );
        assert_eq!(
            code(|i| i.callback_url = "http://app.example/c".into()),
            "ERR_AUTH_CALLBACK_NOT_HTTPS"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://127.0.0.1/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://10.1.2.3/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://172.20.0.1/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://192.168.1.1/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://localhost/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://u:p@app.example/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://app.example:8443/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://[::1]/c".into()),
            "ERR_AUTH_CALLBACK_UNSAFE"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://app.example:8080/c".into()),
            "ok"
        );
        assert_eq!(
            code(|i| i.callback_url = "https://172.32.0.1/c".into()),
            "ok"
        );
        assert_eq!(
            code(|i| i.user_id = Some("a&b".into())),
            "ERR_AUTH_USER_ID_INVALID"
        );
        assert_eq!(
            code(|i| i.user_id = Some("a%41".into())),
            "ERR_AUTH_USER_ID_INVALID"
        );
        assert_eq!(
            code(|i| i.store_url = "shop.example".into()),
            "ERR_STORE_URL_INVALID"
        );
        assert_eq!(
            code(|i| i.permalinks = Some("ugly".into())),
            "ERR_INPUT_INVALID"
        );
        // The sandbox opt-in: loopback and http callbacks.
        assert_eq!(
            code(|i| {
                i.callback_url = "http://127.0.0.1:9000/c".into();
                i.allow_local_callback = true;
            }),
            "ok"
        );
    }

    #[test]
    fn urls_without_scheme_get_https_as_the_store_does() {
        let mut i = input();
        i.return_url = "app.example/return".into();
        let url = authorize_url(&i).unwrap();
        assert!(
            url.contains("return_url=https%3A%2F%2Fapp.example%2Freturn"),
            "{url}"
        );
    }

    #[test]
    fn plain_permalinks_and_subdirectories() {
        let mut i = input();
        i.store_url = "https://shop.example/store/".into();
        i.permalinks = Some("plain".into());
        let url = authorize_url(&i).unwrap();
        assert!(url.starts_with("https://shop.example/store/?wc-auth-version=1&wc-auth-route=authorize&app_name=My%20App&"), "{url}");
    }

    #[test]
    fn state_round_trip() {
        let start = begin_authorization(&input()).unwrap();
        assert_eq!(start.state.len(), 32);
        assert_eq!(start.user_id, format!("42:{}", start.state));
        let back = format!(
            "https://app.example/return?success=1&user_id={}",
            start.user_id
        );
        let done = complete_authorization(&back, Some(&start.user_id)).unwrap();
        assert_eq!(
            done,
            Completion {
                status: "approved",
                user_id: Some("42".into())
            }
        );
        let denied = format!(
            "https://app.example/return?success=0&user_id={}",
            start.user_id
        );
        assert_eq!(
            complete_authorization(&denied, Some(&start.user_id))
                .unwrap()
                .status,
            "denied"
        );
        assert_eq!(
            complete_authorization(&back, None),
            Err(Error::AuthStateMissing)
        );
        assert_eq!(
            complete_authorization(&back, Some("42:other")),
            Err(Error::AuthStateMismatch)
        );
        assert_eq!(
            complete_authorization("https://app.example/return", Some("x")),
            Err(Error::AuthReturnInvalid)
        );
        assert_eq!(
            complete_authorization("https://app.example/return?success=2&user_id=x", Some("x")),
            Err(Error::AuthReturnInvalid)
        );
        let other = begin_authorization(&input()).unwrap();
        assert_ne!(other.state, start.state);
    }

    #[test]
    fn admin_urls() {
        assert_eq!(
            add_key_url("https://shop.example/store/").unwrap(),
            "https://shop.example/store/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys&create-key=1"
        );
        assert_eq!(
            keys_admin_url("http://h:8080").unwrap(),
            "http://h:8080/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys"
        );
    }
}

//! The one error type of wc-keys.
//!
//! Every failure has a stable `code` (`ERR_<AREA>_<WHAT>`), part of the public API: JavaScript
//! callers branch on `error.code`; the test at the end of this file pins the list, and
//! `tests/package/` checks it against the package's `.d.ts` union. The message says
//! what went wrong and what to do about it. No variant carries a consumer key or secret, so an
//! error can be logged as it is.

use std::fmt;

/// Everything that can go wrong in wc-keys, as a value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The URL could not be read as an absolute `http://` or `https://` URL.
    UrlInvalid {
        /// Which part of the URL is wrong, in words.
        reason: &'static str,
    },
    /// The store's home URL (`homeUrl`) could not be read.
    HomeUrlInvalid {
        /// Which part of the URL is wrong, in words.
        reason: &'static str,
    },
    /// The HTTP method is empty or not a token WordPress routes.
    MethodInvalid,
    /// The signature method is neither `HMAC-SHA1` nor `HMAC-SHA256`.
    SignatureMethodInvalid,
    /// The placement of the OAuth parameters is neither `header` nor `query`.
    PlacementInvalid,
    /// The timestamp is not a whole number of seconds since 1970 in range.
    TimestampInvalid,
    /// A caller-supplied nonce is empty or carries characters WooCommerce would mangle.
    NonceInvalid,
    /// The consumer key is not usable (empty, or not `ck_…` in strict mode).
    ConsumerKeyInvalid {
        /// What is wrong with it, in words (never the key itself).
        reason: &'static str,
    },
    /// The consumer secret is not usable (empty, or not `cs_…` in strict mode).
    ConsumerSecretInvalid {
        /// What is wrong with it, in words (never the secret itself).
        reason: &'static str,
    },
    /// The request to explain carries no OAuth parameters, or misses some.
    OAuthParamsMissing {
        /// The names of the missing parameters, comma separated, as WooCommerce lists them.
        missing: String,
    },
    /// The operating system or browser gave no random bytes.
    RandomUnavailable,
    /// The store URL could not be read.
    StoreUrlInvalid {
        /// Which part is wrong, in words.
        reason: &'static str,
    },
    /// A wc-auth parameter is missing or empty (`Missing parameter …` in WooCommerce).
    AuthParamMissing {
        /// The parameter's JavaScript name.
        name: &'static str,
    },
    /// The scope is not `read`, `write` or `read_write`.
    AuthScopeInvalid,
    /// `returnUrl` or `callbackUrl` fails PHP's URL validation (`The … is not a valid URL`).
    AuthUrlInvalid {
        /// `returnUrl` or `callbackUrl`.
        name: &'static str,
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A return or callback URL carries `%` or `+`, which the store's double URL-decoding changes.
    AuthUrlMangled {
        /// `returnUrl` or `callbackUrl`.
        name: &'static str,
    },
    /// The callback URL is not `https://` (`The callback_url needs to be over SSL`).
    AuthCallbackNotHttps,
    /// WordPress's safe HTTP client would refuse the callback host.
    AuthCallbackUnsafe {
        /// Why, in words.
        reason: &'static str,
    },
    /// The user id has characters the store's `wc_clean()` or `add_query_arg()` would change.
    AuthUserIdInvalid,
    /// The page the store sent back has no `success` and `user_id`.
    AuthReturnInvalid,
    /// No authorization was started in this tab, or it was already completed.
    AuthStateMissing,
    /// The returned state is not the one this tab stored: a forged or foreign return.
    AuthStateMismatch,
    /// The callback body is not WooCommerce's key payload.
    CallbackInvalid {
        /// What is wrong, in words (never a key or secret).
        reason: String,
    },
    /// The callback body is larger than the limit.
    CallbackTooLarge,
    /// The callback's `user_id` is not the one this app sent.
    CallbackUserMismatch,
    /// The key's permissions differ from the scope the app asked for.
    CallbackPermissionsMismatch {
        /// What the app asked for.
        expected: &'static str,
        /// What the store granted.
        granted: &'static str,
    },
    /// An argument from JavaScript had the wrong shape or type.
    InputInvalid {
        /// What was expected, in words.
        detail: String,
    },
}

impl Error {
    /// The stable code of this error, e.g. `ERR_URL_INVALID`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UrlInvalid { .. } => "ERR_URL_INVALID",
            Error::HomeUrlInvalid { .. } => "ERR_HOME_URL_INVALID",
            Error::MethodInvalid => "ERR_METHOD_INVALID",
            Error::SignatureMethodInvalid => "ERR_SIGNATURE_METHOD_INVALID",
            Error::PlacementInvalid => "ERR_PLACEMENT_INVALID",
            Error::TimestampInvalid => "ERR_TIMESTAMP_INVALID",
            Error::NonceInvalid => "ERR_NONCE_INVALID",
            Error::ConsumerKeyInvalid { .. } => "ERR_CONSUMER_KEY_INVALID",
            Error::ConsumerSecretInvalid { .. } => "ERR_CONSUMER_SECRET_INVALID",
            Error::OAuthParamsMissing { .. } => "ERR_OAUTH_PARAMS_MISSING",
            Error::RandomUnavailable => "ERR_RANDOM_UNAVAILABLE",
            Error::StoreUrlInvalid { .. } => "ERR_STORE_URL_INVALID",
            Error::AuthParamMissing { .. } => "ERR_AUTH_PARAM_MISSING",
            Error::AuthScopeInvalid => "ERR_AUTH_SCOPE_INVALID",
            Error::AuthUrlInvalid { .. } => "ERR_AUTH_URL_INVALID",
            Error::AuthUrlMangled { .. } => "ERR_AUTH_URL_MANGLED",
            Error::AuthCallbackNotHttps => "ERR_AUTH_CALLBACK_NOT_HTTPS",
            Error::AuthCallbackUnsafe { .. } => "ERR_AUTH_CALLBACK_UNSAFE",
            Error::AuthUserIdInvalid => "ERR_AUTH_USER_ID_INVALID",
            Error::AuthReturnInvalid => "ERR_AUTH_RETURN_INVALID",
            Error::AuthStateMissing => "ERR_AUTH_STATE_MISSING",
            Error::AuthStateMismatch => "ERR_AUTH_STATE_MISMATCH",
            Error::CallbackInvalid { .. } => "ERR_CALLBACK_INVALID",
            Error::CallbackTooLarge => "ERR_CALLBACK_TOO_LARGE",
            Error::CallbackUserMismatch => "ERR_CALLBACK_USER_MISMATCH",
            Error::CallbackPermissionsMismatch { .. } => "ERR_CALLBACK_PERMISSIONS_MISMATCH",
            Error::InputInvalid { .. } => "ERR_INPUT_INVALID",
        }
    }

    /// Every code the package can throw, in a fixed order: this crate's, then those the
    /// package's JavaScript throws (popup, timeout, no `sessionStorage`), for `errorCodes()`.
    pub const CODES: &'static [&'static str] = &[
        "ERR_URL_INVALID",
        "ERR_HOME_URL_INVALID",
        "ERR_METHOD_INVALID",
        "ERR_SIGNATURE_METHOD_INVALID",
        "ERR_PLACEMENT_INVALID",
        "ERR_TIMESTAMP_INVALID",
        "ERR_NONCE_INVALID",
        "ERR_CONSUMER_KEY_INVALID",
        "ERR_CONSUMER_SECRET_INVALID",
        "ERR_OAUTH_PARAMS_MISSING",
        "ERR_RANDOM_UNAVAILABLE",
        "ERR_STORE_URL_INVALID",
        "ERR_AUTH_PARAM_MISSING",
        "ERR_AUTH_SCOPE_INVALID",
        "ERR_AUTH_URL_INVALID",
        "ERR_AUTH_URL_MANGLED",
        "ERR_AUTH_CALLBACK_NOT_HTTPS",
        "ERR_AUTH_CALLBACK_UNSAFE",
        "ERR_AUTH_USER_ID_INVALID",
        "ERR_AUTH_RETURN_INVALID",
        "ERR_AUTH_STATE_MISSING",
        "ERR_AUTH_STATE_MISMATCH",
        "ERR_CALLBACK_INVALID",
        "ERR_CALLBACK_TOO_LARGE",
        "ERR_CALLBACK_USER_MISMATCH",
        "ERR_CALLBACK_PERMISSIONS_MISMATCH",
        "ERR_INPUT_INVALID",
        // Thrown by the package's JavaScript (auth.mjs, server.mjs), listed here for the union.
        "ERR_AUTH_POPUP_BLOCKED",
        "ERR_AUTH_POPUP_CLOSED",
        "ERR_AUTH_TIMEOUT",
        "ERR_AUTH_NO_SESSION_STORAGE",
    ];

    /// The message of an error that signing raises, or `None` for the others. `Display` starts
    /// here; the signing module (src/wasm/errors.rs) uses this alone, so the wc-auth and callback
    /// messages, which it can never raise, are not in it.
    pub(crate) fn fmt_signing(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        Some(match self {
            Error::UrlInvalid { reason } => write!(
                f,
                "The URL is not usable: {reason}. Pass an absolute URL such as \
                 https://shop.example/wp-json/wc/v3/products."
            ),
            Error::HomeUrlInvalid { reason } => write!(
                f,
                "homeUrl is not usable: {reason}. Pass the store's home URL as WordPress shows it \
                 under Settings > General > Site Address, e.g. https://shop.example or \
                 https://shop.example/store."
            ),
            Error::MethodInvalid => f.write_str(
                "The HTTP method is not valid. Use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.",
            ),
            Error::SignatureMethodInvalid => f.write_str(
                "WooCommerce accepts only HMAC-SHA1 and HMAC-SHA256 as oauth_signature_method. \
                 Pass signatureMethod: 'HMAC-SHA256' (the default) or 'HMAC-SHA1'.",
            ),
            Error::PlacementInvalid => f.write_str(
                "placement must be 'header' (Authorization: OAuth …, the default) or 'query' \
                 (OAuth parameters in the URL).",
            ),
            Error::TimestampInvalid => f.write_str(
                "The timestamp must be a whole number of seconds since 1970 (e.g. \
                 Math.floor(Date.now() / 1000)), not negative and not fractional.",
            ),
            Error::NonceInvalid => f.write_str(
                "The nonce must be 1 to 255 letters, digits, '-', '.', '_' or '~' (and not \"0\", \
                 which WooCommerce reads as missing). Leave it out to get a random 32-character \
                 nonce.",
            ),
            Error::ConsumerKeyInvalid { reason } => write!(
                f,
                "The consumer key is not usable: {reason}. Copy it again from WooCommerce > \
                 Settings > Advanced > REST API; it starts with ck_."
            ),
            Error::ConsumerSecretInvalid { reason } => write!(
                f,
                "The consumer secret is not usable: {reason}. It starts with cs_ and is shown \
                 only once, when the key is generated; if it is lost, generate a new key."
            ),
            Error::RandomUnavailable => f.write_str(
                "No secure random numbers are available (crypto.getRandomValues or the operating \
                 system). Pass a nonce explicitly, or run in a runtime with Web Crypto.",
            ),
            Error::InputInvalid { detail } => write!(f, "Invalid argument: {detail}."),
            // Each variant named, so that a new one must be placed in one match or the other.
            Error::OAuthParamsMissing { .. }
            | Error::StoreUrlInvalid { .. }
            | Error::AuthParamMissing { .. }
            | Error::AuthScopeInvalid
            | Error::AuthUrlInvalid { .. }
            | Error::AuthUrlMangled { .. }
            | Error::AuthCallbackNotHttps
            | Error::AuthCallbackUnsafe { .. }
            | Error::AuthUserIdInvalid
            | Error::AuthReturnInvalid
            | Error::AuthStateMissing
            | Error::AuthStateMismatch
            | Error::CallbackInvalid { .. }
            | Error::CallbackTooLarge
            | Error::CallbackUserMismatch
            | Error::CallbackPermissionsMismatch { .. } => return None,
        })
    }

    /// [`Error::fmt_signing`] as text: the message when the error is a signing one.
    #[cfg(any(test, all(target_arch = "wasm32", not(feature = "full"))))]
    pub(crate) fn signing_message(&self) -> Option<String> {
        struct Signing<'a>(&'a Error, std::cell::Cell<bool>);
        impl fmt::Display for Signing<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let written = self.0.fmt_signing(f);
                self.1.set(written.is_some());
                written.unwrap_or(Ok(()))
            }
        }
        let signing = Signing(self, std::cell::Cell::new(false));
        let text = signing.to_string();
        signing.1.get().then_some(text)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(written) = self.fmt_signing(f) {
            return written;
        }
        match self {
            Error::OAuthParamsMissing { missing } => write!(
                f,
                "The request is missing OAuth parameter(s) {missing}. WooCommerce needs \
                 oauth_consumer_key, oauth_timestamp, oauth_nonce, oauth_signature and \
                 oauth_signature_method in the query, the form body or the Authorization header."
            ),
            Error::StoreUrlInvalid { reason } => write!(
                f,
                "The store URL is not usable: {reason}. Pass the store's address, e.g. \
                 https://shop.example or https://shop.example/store."
            ),
            Error::AuthParamMissing { name } => write!(
                f,
                "{name} is missing or empty; the store would answer \"Missing parameter\". Pass \
                 storeUrl, appName, scope, userId, returnUrl and callbackUrl (userId must not be \"0\")."
            ),
            Error::AuthScopeInvalid => f.write_str(
                "scope must be 'read', 'write' or 'read_write'; the store refuses anything else \
                 (\"Invalid scope\").",
            ),
            Error::AuthUrlInvalid { name, reason } => write!(
                f,
                "{name} would be refused by the store (\"A valid URL was not provided\"): {reason}. \
                 Use an absolute https:// URL with a plain ASCII host name."
            ),
            Error::AuthUrlMangled { name } => write!(
                f,
                "{name} contains % or +, which the store URL-decodes twice (a + becomes a space, \
                 %2F becomes /), so the URL it calls would not be yours. Use a URL without % and +, \
                 e.g. put values in the path."
            ),
            Error::AuthCallbackNotHttps => f.write_str(
                "callbackUrl must start with https://: the store refuses to send keys over plain \
                 HTTP (\"The callback_url needs to be over SSL\"). A local sandbox store also \
                 takes http:// callbacks on loopback addresses, with allowLocalCallback: true.",
            ),
            Error::AuthCallbackUnsafe { reason } => write!(
                f,
                "The store would not be able to call callbackUrl: {reason}. WordPress's safe HTTP \
                 client only calls public hosts on ports 80, 443 and 8080. For a local sandbox \
                 store, pass allowLocalCallback: true."
            ),
            Error::AuthUserIdInvalid => f.write_str(
                "userId may only contain letters, digits, '-', '_', '.', '~' and ':' (at most 128): \
                 the store cleans other characters out before it sends the id back.",
            ),
            Error::AuthReturnInvalid => f.write_str(
                "This URL is not the store's return: it has no success=0|1 and user_id parameters. \
                 Pass the URL the store redirected to (completeAuthorization in a page, \
                 verifyAuthorizationReturn on a server).",
            ),
            Error::AuthStateMissing => f.write_str(
                "No authorization is pending for this return: it was never started here, or it was \
                 already completed (a reload of the return page). Start it again \
                 (beginAuthorization in a page, createAuthorization on a server).",
            ),
            Error::AuthStateMismatch => f.write_str(
                "The state in the return URL is not the one this authorization started with: the \
                 return may be forged or from another session. It was ignored; start again.",
            ),
            Error::CallbackInvalid { reason } => write!(
                f,
                "The callback body is not WooCommerce's key payload: {reason}. The store POSTs JSON \
                 with key_id, user_id, consumer_key, consumer_secret and key_permissions."
            ),
            Error::CallbackTooLarge => f.write_str(
                "The callback body is larger than 16 KiB; WooCommerce's payload is about 200 bytes.",
            ),
            Error::CallbackUserMismatch => f.write_str(
                "The callback's user_id is not the one this app sent: the keys were not asked for \
                 by this session. They were refused, so the store deletes them.",
            ),
            Error::CallbackPermissionsMismatch { expected, granted } => write!(
                f,
                "The store granted '{granted}' but the app asked for '{expected}' (a plugin may filter \
                 permissions). The keys were refused, so the store deletes them."
            ),
            // Written by `fmt_signing` above.
            Error::UrlInvalid { .. }
            | Error::HomeUrlInvalid { .. }
            | Error::MethodInvalid
            | Error::SignatureMethodInvalid
            | Error::PlacementInvalid
            | Error::TimestampInvalid
            | Error::NonceInvalid
            | Error::ConsumerKeyInvalid { .. }
            | Error::ConsumerSecretInvalid { .. }
            | Error::RandomUnavailable
            | Error::InputInvalid { .. } => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

/// Where a Debug-escaped string (`"a\"b"`) closes in `text`, which starts after its opening quote.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(at),
            _ => {}
        }
    }
    None
}

/// An option or field name someone passed, quoted for a message, unless it may be a key or a
/// secret (an object built with the secret as a name, by mistake or on purpose): names that
/// long, or with a `ck_`/`cs_` in them, are described instead.
pub(crate) fn shown_name(name: &str) -> String {
    // Byte windows rather than `str::contains`: its substring searcher costs the small signing
    // module about 10 KB.
    let key_like = name
        .as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"ck_") || w.eq_ignore_ascii_case(b"cs_"));
    if name.len() > 32 || key_like {
        "(a name not shown: it may hold a key or a secret)".to_string()
    } else {
        format!("'{name}'")
    }
}

impl Error {
    /// An [`Error::InputInvalid`] for an option name no function reads (a typo, most often).
    pub fn unknown_option(name: &str, known: &[&str]) -> Error {
        Error::InputInvalid {
            detail: format!(
                "unknown option {}; the options are {}",
                shown_name(name),
                known.join(", ")
            ),
        }
    }

    /// An [`Error::InputInvalid`] from a deserializer's message, with every quoted value in it
    /// blanked: such messages quote the offending value, which may be a secret.
    /// The names serde quotes after `missing field` and `duplicate field` are the struct's own
    /// (camelCase option names), so they are kept: they say which option to fix.
    pub fn input(detail: &str) -> Error {
        // serde-wasm-bindgen's errors are JavaScript `Error`s, whose text starts with the class.
        let detail = detail.strip_prefix("Error: ").unwrap_or(detail);
        let mut out = String::with_capacity(detail.len());
        let mut rest = detail;
        while let Some((before, from)) = rest
            .find(['"', '`'])
            .and_then(|at| rest.split_at_checked(at))
        {
            out.push_str(before);
            let quote = if from.starts_with('"') { '"' } else { '`' };
            let inner = from.get(1..).unwrap_or_default();
            // Only the message's own opening quote: a value quoted earlier cannot make later text
            // look like a name.
            let keep = quote == '`' && (out == "missing field " || out == "duplicate field ");
            let end = if quote == '"' {
                closing_quote(inner)
            } else if keep {
                inner.find('`')
            } else {
                // serde does not escape backticks inside a value (`unknown variant`): blanked to
                // the message's last backtick, whatever comes between.
                inner.rfind('`')
            };
            out.push(quote);
            match end {
                Some(end) => {
                    out.push_str(if keep {
                        inner.get(..end).unwrap_or_default()
                    } else {
                        "…"
                    });
                    out.push(quote);
                    rest = inner.get(end.saturating_add(1)..).unwrap_or_default();
                }
                None => {
                    out.push('…');
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        Error::InputInvalid { detail: out }
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant: `code()`'s exhaustive match makes a new variant fail to compile here
    /// until it is added.
    fn every_variant() -> Vec<Error> {
        vec![
            Error::UrlInvalid { reason: "r" },
            Error::HomeUrlInvalid { reason: "r" },
            Error::MethodInvalid,
            Error::SignatureMethodInvalid,
            Error::PlacementInvalid,
            Error::TimestampInvalid,
            Error::NonceInvalid,
            Error::ConsumerKeyInvalid { reason: "r" },
            Error::ConsumerSecretInvalid { reason: "r" },
            Error::OAuthParamsMissing {
                missing: "m".into(),
            },
            Error::RandomUnavailable,
            Error::StoreUrlInvalid { reason: "r" },
            Error::AuthParamMissing { name: "n" },
            Error::AuthScopeInvalid,
            Error::AuthUrlInvalid {
                name: "n",
                reason: "r",
            },
            Error::AuthUrlMangled { name: "n" },
            Error::AuthCallbackNotHttps,
            Error::AuthCallbackUnsafe { reason: "r" },
            Error::AuthUserIdInvalid,
            Error::AuthReturnInvalid,
            Error::AuthStateMissing,
            Error::AuthStateMismatch,
            Error::CallbackInvalid { reason: "r".into() },
            Error::CallbackTooLarge,
            Error::CallbackUserMismatch,
            Error::CallbackPermissionsMismatch {
                expected: "read",
                granted: "write",
            },
            Error::InputInvalid {
                detail: "pass an options object".into(),
            },
        ]
    }

    #[test]
    fn deserializer_messages_keep_field_names_and_blank_values() {
        let secret = "cs_13579bdf2468ace013579bdf2468ace013579bdf";
        for (given, shown) in [
            (
                "Error: missing field `consumerSecret`",
                "missing field `consumerSecret`",
            ),
            ("duplicate field `url`", "duplicate field `url`"),
            (
                &*format!("invalid type: string \"{secret}\", expected a number"),
                "invalid type: string \"…\", expected a number",
            ),
            (
                "invalid type: floating point `1.5`, expected a string",
                "invalid type: floating point `…`, expected a string",
            ),
            (
                &*format!("unknown variant `{secret}`, expected one of"),
                "unknown variant `…`, expected one of",
            ),
            (&*format!("unknown field `{secret}`"), "unknown field `…`"),
            // A value with backticks in it cannot pass the rest of the message off as a name.
            (
                &*format!("unknown variant `x` missing field `{secret}`"),
                "unknown variant `…`",
            ),
            ("cut off `abc", "cut off `…"),
            // Debug-escaped quotes inside a string value, and backticks inside a variant value.
            (
                r#"invalid type: string "a\"cs_13579bdf", expected a boolean"#,
                "invalid type: string \"…\", expected a boolean",
            ),
            (
                "unknown variant `a`cs_13579bdf`b`, expected one of `x`, `y`",
                "unknown variant `…`",
            ),
            (
                "unknown variant `x`, expected cs_13579bdf, `y`, expected one of `x`",
                "unknown variant `…`",
            ),
        ] {
            let Error::InputInvalid { detail } = Error::input(given) else {
                unreachable!("input() makes InputInvalid")
            };
            assert_eq!(detail, shown, "{given}");
        }
    }

    #[test]
    fn unknown_option_names_that_may_be_secrets_are_not_shown() {
        let known = ["url", "consumerKey"];
        let typo = Error::unknown_option("consumerkey", &known).to_string();
        assert!(typo.contains("unknown option 'consumerkey'"), "{typo}");
        for name in [
            "cs_13579bdf2468ace013579bdf2468ace013579bdf",
            "13579bdf2468ace013579bdf2468ace013579bdf",
            "my ck_9a8b7c",
            "CS_1357",
        ] {
            let message = Error::unknown_option(name, &known).to_string();
            assert!(!message.contains(name), "{message}");
            assert!(message.contains("not shown"), "{message}");
        }
    }

    #[test]
    fn codes_are_listed_once_and_messages_say_something() {
        let all = every_variant();
        for error in &all {
            assert!(
                Error::CODES.contains(&error.code()),
                "{} is not in CODES",
                error.code()
            );
            assert!(
                error.to_string().len() > 20,
                "{} has no real message",
                error.code()
            );
        }
        let mut codes: Vec<&str> = all.iter().map(Error::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "two variants share a code");
        let unique: std::collections::HashSet<_> = Error::CODES.iter().collect();
        assert_eq!(unique.len(), Error::CODES.len(), "CODES repeats a code");
        // Every listed code is produced by a variant, or thrown by the package's JavaScript.
        let javascript = [
            "ERR_AUTH_POPUP_BLOCKED",
            "ERR_AUTH_POPUP_CLOSED",
            "ERR_AUTH_TIMEOUT",
            "ERR_AUTH_NO_SESSION_STORAGE",
        ];
        for code in Error::CODES {
            assert!(
                codes.contains(code) || javascript.contains(code),
                "{code} is listed but never produced"
            );
        }
    }
}

//! Consumer keys and secrets: types that do not leak, and format checks with reasons.
//!
//! WooCommerce makes both as `ck_`/`cs_` + 40 lower-case hex characters
//! (`wc_rand_hash()`: `bin2hex( random_bytes( 20 ) )`, in `class-wc-auth.php` and
//! `class-wc-ajax.php`). The admin screen shows a key as `…` and its last 7 characters
//! (`truncated_key`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Length of the hex part of a key or secret.
pub const HEX_LEN: usize = 40;
/// How many trailing characters WooCommerce's admin shows of a key.
pub const MASK_TAIL: usize = 7;

macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value (no format check: see the `validate_*` functions).
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The value itself, for signing and sending. Never log it.
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// `…` and the last 7 characters, as WooCommerce's admin shows keys.
            pub fn masked(&self) -> String {
                mask(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($label, "({})"), self.masked())
            }
        }
    };
}

secret_type!(
    /// A consumer key (`ck_…`). `Debug` shows only its last 7 characters.
    ConsumerKey,
    "ConsumerKey"
);
secret_type!(
    /// A consumer secret (`cs_…`). `Debug` shows only its last 7 characters; there is no
    /// `Display`.
    ConsumerSecret,
    "ConsumerSecret"
);

/// `…` followed by the last 7 characters of `value` (all of it when shorter), as WooCommerce's
/// admin screen shows keys.
///
/// ```
/// assert_eq!(wc_keys::mask("ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"), "…0e1d2c3");
/// ```
pub fn mask(value: &str) -> String {
    let count = value.chars().count();
    let tail: String = value
        .chars()
        .skip(count.saturating_sub(MASK_TAIL))
        .collect();
    format!("…{tail}")
}

/// Whether `value` is exactly `prefix` + 40 lower-case hex characters.
pub(crate) fn is_well_formed(value: &str, prefix: &str) -> bool {
    value.strip_prefix(prefix).is_some_and(|hex| {
        hex.len() == HEX_LEN
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// `HMAC-SHA256( key, "wc-api" )` in lower-case hex: how the store keeps a consumer key in its
/// database (`wc_api_hash()` in `wc-core-functions.php`), so it can be compared with
/// `wp_woocommerce_api_keys.consumer_key` without revealing the key.
///
/// ```
/// let hash = wc_keys::key_hash("ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3");
/// // As PHP computes it: hash_hmac( "sha256", $key, "wc-api" ).
/// assert_eq!(hash, "920bcceea6f329fd554f2166bbc492a0a26e35a1e6042b5f75163dc850a76108");
/// ```
pub fn key_hash(key: &str) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    match <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(b"wc-api") {
        Ok(mut mac) => {
            mac.update(key.as_bytes());
            crate::encode::hex_lower(&mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

/// Why a pasted key or secret is not what WooCommerce issues. Each has a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemCode {
    /// Nothing was entered.
    Empty,
    /// The value is not text at all (a number, an object, `undefined` from JavaScript).
    NotText,
    /// White space, quotes or invisible characters around the value were removed.
    Cleaned,
    /// The value does not start with the expected prefix.
    Prefix,
    /// The value starts with the other prefix: key and secret are swapped.
    Swapped,
    /// The value is too short or too long.
    Length,
    /// The value has characters other than hex digits after the prefix.
    NotHex,
    /// The value has upper-case hex digits (WooCommerce issues lower case).
    Uppercase,
    /// The value is the masked form (`…1a2b3c4`) shown in the admin, not the key.
    Masked,
}

impl ProblemCode {
    /// The stable code, e.g. `KEY_PREFIX`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Empty => "KEY_EMPTY",
            ProblemCode::NotText => "KEY_NOT_TEXT",
            ProblemCode::Cleaned => "KEY_CLEANED",
            ProblemCode::Prefix => "KEY_PREFIX",
            ProblemCode::Swapped => "KEY_SWAPPED",
            ProblemCode::Length => "KEY_LENGTH",
            ProblemCode::NotHex => "KEY_NOT_HEX",
            ProblemCode::Uppercase => "KEY_UPPERCASE",
            ProblemCode::Masked => "KEY_MASKED",
        }
    }

    /// Whether the problem leaves the value unusable (`Cleaned` is only a note).
    pub fn is_blocking(self) -> bool {
        !matches!(self, ProblemCode::Cleaned)
    }
}

/// One finding about a pasted value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable code, see [`ProblemCode::as_str`].
    pub code: &'static str,
    /// What is wrong and what to do, in a sentence. Never contains the value.
    pub message: String,
}

/// The verdict on a pasted key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validation {
    /// Whether the cleaned value has WooCommerce's format.
    pub ok: bool,
    /// The value with paste debris (white space, quotes, invisible characters) removed.
    pub value: String,
    /// What was found, blocking or not.
    pub problems: Vec<Problem>,
}

/// Characters a copy and paste adds around a key: white space, quotes, zero-width characters.
fn is_debris(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '`'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{00A0}'
                | '“'
                | '”'
                | '‘'
                | '’'
        )
}

/// Checks a consumer key (`ck_` + 40 lower-case hex characters) and says what is wrong.
///
/// ```
/// let v = wc_keys::validate_consumer_key(" ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3\n");
/// assert!(v.ok);
/// assert_eq!(v.problems[0].code, "KEY_CLEANED");
/// let v = wc_keys::validate_consumer_key("cs_13579bdf2468ace013579bdf2468ace013579bdf");
/// assert!(!v.ok);
/// assert_eq!(v.problems[0].code, "KEY_SWAPPED");
/// ```
pub fn validate_consumer_key(text: &str) -> Validation {
    validate(text, Kind::Key)
}

/// [`validate_consumer_key`] for a value that may not be text (from JavaScript).
pub fn validate_consumer_key_input(text: Option<&str>) -> Validation {
    match text {
        Some(text) => validate_consumer_key(text),
        None => Validation {
            ok: false,
            value: String::new(),
            problems: vec![Problem {
                code: ProblemCode::NotText.as_str(),
                message: "The consumer key must be text (a string starting with ck_).".to_string(),
            }],
        },
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Key,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Key => "ck_",
        }
    }
    fn other_prefix(self) -> &'static str {
        match self {
            Kind::Key => "cs_",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Kind::Key => "consumer key",
        }
    }
}

fn validate(text: &str, kind: Kind) -> Validation {
    let mut problems = Vec::new();
    let mut push = |code: ProblemCode, message: String| {
        problems.push(Problem {
            code: code.as_str(),
            message,
        });
    };
    let value: String = text
        .trim_matches(is_debris)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .collect();
    let name = kind.name();
    if value.is_empty() {
        push(ProblemCode::Empty, format!("The {name} is empty. Paste the {name} from WooCommerce > Settings > Advanced > REST API."));
        return Validation {
            ok: false,
            value,
            problems,
        };
    }
    if value != text {
        push(
            ProblemCode::Cleaned,
            "Removed white space, quotes or invisible characters around the value.".to_string(),
        );
    }
    let prefix = kind.prefix();
    if value.starts_with('…') || value.starts_with("...") {
        push(ProblemCode::Masked, format!("This is the shortened {name} the admin screen shows (…and the last 7 characters), not the whole {name}. The whole value is shown only once, when the key is generated; if you no longer have it, generate a new key."));
        return finish(value, problems);
    }
    let lower = value.to_ascii_lowercase();
    let body = if lower.starts_with(prefix) {
        value.get(prefix.len()..).unwrap_or_default()
    } else if lower.starts_with(kind.other_prefix()) {
        push(ProblemCode::Swapped, format!("This looks like the consumer {}: the {name} starts with {prefix}. Check that the two fields are not swapped.", if kind.other_prefix() == "cs_" { "secret" } else { "key" }));
        return finish(value, problems);
    } else {
        push(ProblemCode::Prefix, format!("The {name} starts with {prefix}; this value does not. Copy the whole value, including {prefix}."));
        return finish(value, problems);
    };
    let len = body.chars().count();
    if len != HEX_LEN {
        let message = if len < HEX_LEN {
            let missing = HEX_LEN.saturating_sub(len);
            format!("The {name} is {missing} character{} short: after {prefix} it has {len} of 40. It was probably cut off while copying; copy it again.", if missing == 1 { "" } else { "s" })
        } else {
            let extra = len.saturating_sub(HEX_LEN);
            format!("The {name} has {extra} character{} too many: after {prefix} it has {len}, not 40. Check that nothing was pasted twice.", if extra == 1 { "" } else { "s" })
        };
        push(ProblemCode::Length, message);
    }
    if !body.chars().all(|c| c.is_ascii_hexdigit()) {
        push(ProblemCode::NotHex, format!("After {prefix} the {name} has only the digits 0-9 and letters a-f; this value has other characters. Copy it again."));
    } else if body.chars().any(|c| c.is_ascii_uppercase()) || !value.starts_with(prefix) {
        push(ProblemCode::Uppercase, format!("WooCommerce writes the {name} in lower case; this value has capitals. Copy it again rather than typing it."));
    }
    finish(value, problems)
}

fn finish(value: String, problems: Vec<Problem>) -> Validation {
    let ok = !problems.iter().any(|p| !matches!(p.code, "KEY_CLEANED"));
    Validation {
        ok,
        value,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3";

    fn codes(text: &str) -> Vec<&'static str> {
        validate_consumer_key(text)
            .problems
            .iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn each_problem_has_its_code() {
        assert_eq!(codes(KEY), Vec::<&str>::new());
        assert_eq!(codes(""), ["KEY_EMPTY"]);
        assert_eq!(codes("  \n"), ["KEY_EMPTY"]);
        assert_eq!(codes(&format!("\"{KEY}\"\u{200B}")), ["KEY_CLEANED"]);
        assert_eq!(
            codes("cs_13579bdf2468ace013579bdf2468ace013579bdf"),
            ["KEY_SWAPPED"]
        );
        assert_eq!(
            codes("9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"),
            ["KEY_PREFIX"]
        );
        assert_eq!(codes(&KEY[..40]), ["KEY_LENGTH"]);
        assert_eq!(codes(&format!("{KEY}0")), ["KEY_LENGTH"]);
        assert_eq!(codes(&KEY.replace('a', "g")), ["KEY_NOT_HEX"]);
        assert_eq!(codes(&KEY.to_uppercase()), ["KEY_UPPERCASE"]);
        assert_eq!(codes("…0e1d2c3"), ["KEY_MASKED"]);
    }

    #[test]
    fn length_message_counts_missing_characters() {
        let v = validate_consumer_key(&KEY[..38]);
        assert!(
            v.problems[0].message.contains("5 characters short"),
            "{}",
            v.problems[0].message
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = ConsumerSecret::new("cs_13579bdf2468ace013579bdf2468ace013579bdf");
        assert_eq!(
            format!("{secret:?}"),
            "ConsumerSecret(…579bdf)".replace("…579bdf", "…3579bdf")
        );
        assert!(!format!("{secret:?}").contains("13579bdf2468"));
    }
}

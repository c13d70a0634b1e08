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

        impl Drop for $name {
            fn drop(&mut self) {
                // Overwrite the bytes before the allocator reuses them.
                zeroize::Zeroize::zeroize(&mut self.0);
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
    // A value too short to be a key shows nothing: its last 7 characters could be all of it.
    if count <= MASK_TAIL.saturating_mul(2) {
        return "…".to_string();
    }
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

/// Why a pasted key or secret is not what WooCommerce issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemCode {
    /// Nothing was entered.
    Empty,
    /// The value is not text at all (a number, an object, `undefined` from JavaScript).
    NotText,
    /// White space, quotes, a label or invisible characters around the value were removed.
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
    /// Key and secret are the same text.
    Same,
}

/// Which of the two values a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The consumer key (`ck_…`).
    ConsumerKey,
    /// The consumer secret (`cs_…`).
    ConsumerSecret,
}

impl Field {
    /// `consumerKey` or `consumerSecret`, as the JavaScript option is named.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::ConsumerKey => "consumerKey",
            Field::ConsumerSecret => "consumerSecret",
        }
    }
    fn prefix(self) -> &'static str {
        match self {
            Field::ConsumerKey => "ck_",
            Field::ConsumerSecret => "cs_",
        }
    }
    fn other(self) -> Field {
        match self {
            Field::ConsumerKey => Field::ConsumerSecret,
            Field::ConsumerSecret => Field::ConsumerKey,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Field::ConsumerKey => "consumer key",
            Field::ConsumerSecret => "consumer secret",
        }
    }
}

impl ProblemCode {
    /// The stable code for a problem with `field`, e.g. `KEY_PREFIX` or `SECRET_LENGTH`.
    pub fn code(self, field: Field) -> &'static str {
        use Field::{ConsumerKey as K, ConsumerSecret as S};
        match (self, field) {
            (ProblemCode::Empty, K) => "KEY_EMPTY",
            (ProblemCode::Empty, S) => "SECRET_EMPTY",
            (ProblemCode::NotText, K) => "KEY_NOT_TEXT",
            (ProblemCode::NotText, S) => "SECRET_NOT_TEXT",
            (ProblemCode::Cleaned, K) => "KEY_CLEANED",
            (ProblemCode::Cleaned, S) => "SECRET_CLEANED",
            (ProblemCode::Prefix, K) => "KEY_PREFIX",
            (ProblemCode::Prefix, S) => "SECRET_PREFIX",
            (ProblemCode::Swapped, K) => "KEY_SWAPPED",
            (ProblemCode::Swapped, S) => "SECRET_SWAPPED",
            (ProblemCode::Length, K) => "KEY_LENGTH",
            (ProblemCode::Length, S) => "SECRET_LENGTH",
            (ProblemCode::NotHex, K) => "KEY_NOT_HEX",
            (ProblemCode::NotHex, S) => "SECRET_NOT_HEX",
            (ProblemCode::Uppercase, K) => "KEY_UPPERCASE",
            (ProblemCode::Uppercase, S) => "SECRET_UPPERCASE",
            (ProblemCode::Masked, K) => "KEY_MASKED",
            (ProblemCode::Masked, S) => "SECRET_MASKED",
            (ProblemCode::Same, _) => "KEY_EQUALS_SECRET",
        }
    }

    /// Whether the problem leaves the value unusable (`Cleaned` is only a note).
    pub fn is_blocking(self) -> bool {
        !matches!(self, ProblemCode::Cleaned)
    }
}

/// Every problem code, for the `.d.ts` union and tests.
pub const PROBLEM_CODES: &[&str] = &[
    "KEY_EMPTY",
    "KEY_NOT_TEXT",
    "KEY_CLEANED",
    "KEY_PREFIX",
    "KEY_SWAPPED",
    "KEY_LENGTH",
    "KEY_NOT_HEX",
    "KEY_UPPERCASE",
    "KEY_MASKED",
    "SECRET_EMPTY",
    "SECRET_NOT_TEXT",
    "SECRET_CLEANED",
    "SECRET_PREFIX",
    "SECRET_SWAPPED",
    "SECRET_LENGTH",
    "SECRET_NOT_HEX",
    "SECRET_UPPERCASE",
    "SECRET_MASKED",
    "KEY_EQUALS_SECRET",
];

/// One finding about a pasted value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable code, see [`ProblemCode::code`].
    pub code: &'static str,
    /// `consumerKey` or `consumerSecret`.
    pub field: &'static str,
    /// What is wrong and what to do, in a sentence. Never contains the value.
    pub message: String,
    /// Whether the value is unusable because of it (`false` for notes such as `*_CLEANED`).
    #[serde(skip)]
    pub blocking: bool,
}

/// The verdict on a pasted key. `Debug` masks the value.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Validation {
    /// Whether the cleaned value has WooCommerce's format.
    pub ok: bool,
    /// The value with paste debris (white space, quotes, labels, invisible characters) removed.
    pub value: String,
    /// What was found, blocking or not.
    pub problems: Vec<Problem>,
}

/// The verdict on a pasted key and secret together.
/// `Debug` masks both values.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsValidation {
    /// Whether both have WooCommerce's format and fit together.
    pub ok: bool,
    /// The cleaned key.
    pub consumer_key: String,
    /// The cleaned secret.
    pub consumer_secret: String,
    /// What was found about either, blocking or not.
    pub problems: Vec<Problem>,
}

/// Invisible characters a copy from a web page or a chat carries along.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Characters a copy and paste adds around a key: white space, quotes, invisible characters.
fn is_debris(c: char) -> bool {
    c.is_whitespace()
        || is_invisible(c)
        || matches!(
            c,
            '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '«' | '»' | '<' | '>' | ',' | ';'
        )
}

/// Labels people copy along with the value, from WooCommerce's screen or their own notes.
const LABELS: &[&str] = &[
    "consumer key",
    "consumer secret",
    "consumer_key",
    "consumer_secret",
    "key",
    "secret",
    "ck",
    "cs",
];

/// The value without debris, invisible characters or a leading label such as `Consumer key:`.
fn clean(text: &str) -> String {
    let mut value: String = text
        .chars()
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .trim_matches(is_debris)
        .to_string();
    let lower = value.to_ascii_lowercase();
    for label in LABELS {
        if let Some(rest) = lower.strip_prefix(label) {
            let rest_trimmed = rest.trim_start();
            if let Some(after) = rest_trimmed.strip_prefix([':', '=']) {
                let cut = value.len().saturating_sub(after.len());
                value = value
                    .get(cut..)
                    .unwrap_or_default()
                    .trim_matches(is_debris)
                    .to_string();
                break;
            }
        }
    }
    value
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
    validate(Some(text), Field::ConsumerKey)
}

/// [`validate_consumer_key`] for a value that may not be text (from JavaScript).
pub fn validate_consumer_key_input(text: Option<&str>) -> Validation {
    validate(text, Field::ConsumerKey)
}

/// Input of [`validate_credentials`], as JavaScript passes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsInput {
    /// What was pasted as the key (any JSON value; non-text is reported).
    #[serde(default)]
    pub consumer_key: Option<serde_text::MaybeText>,
    /// What was pasted as the secret.
    #[serde(default)]
    pub consumer_secret: Option<serde_text::MaybeText>,
}

impl CredentialsInput {
    /// The option names [`CredentialsInput`] reads.
    pub const FIELDS: &'static [&'static str] = &["consumerKey", "consumerSecret"];
}

/// Deserializing "a string, or anything else" without failing.
pub mod serde_text {
    use serde::de::{Deserialize, Deserializer, IgnoredAny, Visitor};
    use std::fmt;

    /// Text, or a marker that the value was not text.
    #[derive(Clone, Default, PartialEq, Eq)]
    pub struct MaybeText(pub Option<String>);

    impl fmt::Debug for MaybeText {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // May hold a secret: show only its length.
            match &self.0 {
                Some(t) => write!(f, "MaybeText({} chars)", t.chars().count()),
                None => f.write_str("MaybeText(not text)"),
            }
        }
    }

    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = MaybeText;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any value")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<MaybeText, E> {
            Ok(MaybeText(Some(v.to_owned())))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<MaybeText, E> {
            Ok(MaybeText(Some(v)))
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<MaybeText, E> {
            Ok(MaybeText(None))
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<MaybeText, E> {
            Ok(MaybeText(None))
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<MaybeText, E> {
            Ok(MaybeText(None))
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<MaybeText, E> {
            Ok(MaybeText(None))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<MaybeText, E> {
            Ok(MaybeText(None))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<MaybeText, E> {
            Ok(MaybeText(None))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<MaybeText, D::Error> {
            MaybeText::deserialize(d)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<MaybeText, A::Error> {
            while seq.next_element::<Shallow>()?.is_some() {}
            Ok(MaybeText(None))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<MaybeText, A::Error> {
            while map.next_entry::<IgnoredAny, Shallow>()?.is_some() {}
            Ok(MaybeText(None))
        }
    }

    /// A value skipped by reading it with the parameter reader, which refuses more than 64 levels
    /// (so hostile nesting cannot exhaust the stack).
    struct Shallow;

    impl<'de> Deserialize<'de> for Shallow {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let value = crate::params::ParamValue::deserialize(d)?;
            drop(value);
            Ok(Shallow)
        }
    }

    impl<'de> Deserialize<'de> for MaybeText {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(V)
        }
    }
}

/// Checks a key and a secret together: each one's format, and that they are not swapped or equal.
///
/// ```
/// use wc_keys::{validate_credentials, CredentialsInput};
/// let input: CredentialsInput = serde_json::from_value(serde_json::json!({
///     "consumerKey": "cs_13579bdf2468ace013579bdf2468ace013579bdf",
///     "consumerSecret": "Consumer key: ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3",
/// })).unwrap();
/// let v = validate_credentials(&input);
/// assert!(!v.ok);
/// let codes: Vec<_> = v.problems.iter().map(|p| p.code).collect();
/// assert_eq!(codes, ["KEY_SWAPPED", "SECRET_CLEANED", "SECRET_SWAPPED"]);
/// ```
pub fn validate_credentials(input: &CredentialsInput) -> CredentialsValidation {
    let text = |v: &Option<serde_text::MaybeText>| match v {
        None => Some(String::new()),
        Some(serde_text::MaybeText(t)) => t.clone(),
    };
    let key = validate(text(&input.consumer_key).as_deref(), Field::ConsumerKey);
    let secret = validate(
        text(&input.consumer_secret).as_deref(),
        Field::ConsumerSecret,
    );
    let mut problems = key.problems;
    problems.extend(secret.problems);
    if !key.value.is_empty() && key.value == secret.value {
        problems.push(problem(
            ProblemCode::Same,
            Field::ConsumerSecret,
            "The key and the secret are the same text. They are two different values: the key starts with ck_, the secret with cs_.".to_string(),
        ));
    }
    let ok = !problems.iter().any(|p| p.blocking);
    CredentialsValidation {
        ok,
        consumer_key: key.value,
        consumer_secret: secret.value,
        problems,
    }
}

fn problem(code: ProblemCode, field: Field, message: String) -> Problem {
    Problem {
        code: code.code(field),
        field: field.as_str(),
        message,
        blocking: code.is_blocking(),
    }
}

fn validate(text: Option<&str>, field: Field) -> Validation {
    let name = field.name();
    let mut problems = Vec::new();
    let Some(text) = text else {
        problems.push(problem(
            ProblemCode::NotText,
            field,
            format!(
                "The {name} must be text (a string starting with {}).",
                field.prefix()
            ),
        ));
        return Validation {
            ok: false,
            value: String::new(),
            problems,
        };
    };
    let value = clean(text);
    let mut push =
        |code: ProblemCode, message: String| problems.push(problem(code, field, message));
    if value.is_empty() {
        push(ProblemCode::Empty, format!("The {name} is empty. Paste the {name} from WooCommerce > Settings > Advanced > REST API."));
        return finish(value, problems);
    }
    if value != text {
        push(
            ProblemCode::Cleaned,
            "Removed white space, quotes, a label or invisible characters around the value."
                .to_string(),
        );
    }
    let prefix = field.prefix();
    if value.starts_with('…') || value.starts_with("...") {
        push(ProblemCode::Masked, format!("This is the shortened {name} the admin screen shows (… and the last 7 characters), not the whole {name}. The whole value is shown only once, when the key is generated; if you no longer have it, generate a new key."));
        return finish(value, problems);
    }
    let lower = value.to_ascii_lowercase();
    let body = if lower.starts_with(prefix) {
        value.get(prefix.len()..).unwrap_or_default()
    } else if lower.starts_with(field.other().prefix()) {
        push(ProblemCode::Swapped, format!("This looks like the {}: the {name} starts with {prefix}. Check that the two fields are not swapped.", field.other().name()));
        return finish(value, problems);
    } else {
        push(ProblemCode::Prefix, format!("The {name} starts with {prefix}; this value does not. Copy the whole value, including {prefix}."));
        return finish(value, problems);
    };
    let len = body.chars().count();
    if len != HEX_LEN {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let message = if len < HEX_LEN {
            let missing = HEX_LEN.saturating_sub(len);
            format!("The {name} is {missing} character{} short: after {prefix} it has {len} of 40. It was probably cut off while copying; copy it again.", plural(missing))
        } else {
            let extra = len.saturating_sub(HEX_LEN);
            format!("The {name} has {extra} character{} too many: after {prefix} it has {len}, not 40. Check that nothing was pasted twice.", plural(extra))
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
    let ok = !problems.iter().any(|p| p.blocking);
    Validation {
        ok,
        value,
        problems,
    }
}

impl fmt::Debug for Validation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validation")
            .field("ok", &self.ok)
            .field("value", &mask(&self.value))
            .field("problems", &self.problems)
            .finish()
    }
}

impl fmt::Debug for CredentialsValidation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsValidation")
            .field("ok", &self.ok)
            .field("consumer_key", &mask(&self.consumer_key))
            .field("consumer_secret", &mask(&self.consumer_secret))
            .field("problems", &self.problems)
            .finish()
    }
}

/// `Basic` followed by its base64 credentials (`key:secret`), replaced by `Basic [redacted]`.
fn redact_basic(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Case-insensitive, over the bytes of what is left: no lower-cased copy of the text per match.
    while let Some((before, candidate)) = rest
        .as_bytes()
        .windows(6)
        .position(|w| w.eq_ignore_ascii_case(b"basic "))
        .and_then(|start| rest.split_at_checked(start))
    {
        out.push_str(before);
        let after = candidate.get(6..).unwrap_or_default();
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            .count();
        out.push_str(candidate.get(..6).unwrap_or_default());
        if len >= 8 {
            out.push_str("[redacted]");
        } else {
            out.push_str(after.get(..len).unwrap_or_default());
        }
        rest = after.get(len..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Replaces every consumer key and secret in `text` (`ck_`/`cs_` followed by 8 or more hex
/// characters) by its masked form, `ck_…` or `cs_…` and the last 7 characters.
///
/// ```
/// let line = "GET /wp-json/wc/v3/orders?consumer_key=ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3&consumer_secret=cs_13579bdf2468ace013579bdf2468ace013579bdf";
/// assert_eq!(
///     wc_keys::redact(line),
///     "GET /wp-json/wc/v3/orders?consumer_key=ck_…0e1d2c3&consumer_secret=cs_…3579bdf"
/// );
/// ```
pub fn redact(text: &str) -> String {
    let basic = redact_basic(text);
    let mut out = String::with_capacity(basic.len());
    let mut rest = basic.as_str();
    while let Some((before, candidate)) = rest
        .find(['c', 'C'])
        .and_then(|start| rest.split_at_checked(start))
    {
        out.push_str(before);
        let prefix = candidate.get(..3).map(str::to_ascii_lowercase);
        let mut hex_len = candidate
            .get(3..)
            .map_or(0, |t| t.bytes().take_while(u8::is_ascii_hexdigit).count());
        // A key and its secret pasted with nothing between them: the `c` of `cs_` is a hex
        // digit, so the key's run would swallow it and leave the secret unmasked.
        if hex_len > 40
            && candidate
                .get(43..46)
                .map(str::to_ascii_lowercase)
                .is_some_and(|next| next == "ck_" || next == "cs_")
        {
            hex_len = 40;
        }
        if matches!(prefix.as_deref(), Some("ck_" | "cs_")) && hex_len >= 8 {
            let end = hex_len.saturating_add(3);
            let token = candidate.get(..end).unwrap_or_default();
            out.push_str(candidate.get(..3).unwrap_or_default());
            out.push_str(&mask(token.get(3..).unwrap_or_default()));
            rest = candidate.get(end..).unwrap_or_default();
        } else {
            let step = candidate.chars().next().map_or(1, char::len_utf8);
            out.push_str(candidate.get(..step).unwrap_or_default());
            rest = candidate.get(step..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
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
        // The same table for the secret's codes.
        const SECRET: &str = "cs_13579bdf2468ace013579bdf2468ace013579bdf";
        let secret_codes = |text: &str| -> Vec<&'static str> {
            let input: CredentialsInput = serde_json::from_value(
                serde_json::json!({ "consumerKey": KEY, "consumerSecret": text }),
            )
            .unwrap();
            validate_credentials(&input)
                .problems
                .iter()
                .map(|p| p.code)
                .collect()
        };
        assert_eq!(secret_codes(SECRET), Vec::<&str>::new());
        assert_eq!(secret_codes(""), ["SECRET_EMPTY"]);
        assert_eq!(secret_codes(&format!(" {SECRET}")), ["SECRET_CLEANED"]);
        assert_eq!(secret_codes(&SECRET[3..]), ["SECRET_PREFIX"]);
        assert_eq!(secret_codes(KEY), ["SECRET_SWAPPED", "KEY_EQUALS_SECRET"]);
        assert_eq!(secret_codes(&SECRET[..30]), ["SECRET_LENGTH"]);
        assert_eq!(secret_codes(&SECRET.replace('b', "x")), ["SECRET_NOT_HEX"]);
        assert_eq!(secret_codes(&SECRET.to_uppercase()), ["SECRET_UPPERCASE"]);
        assert_eq!(secret_codes("…3579bdf"), ["SECRET_MASKED"]);
        assert_eq!(codes(&format!("Consumer key: {KEY}")), ["KEY_CLEANED"]);
        assert_eq!(
            validate_consumer_key(&format!("Consumer key: {KEY}")).value,
            KEY
        );
        assert_eq!(
            codes(&format!("ck_{}", &KEY[3..]).replace('9', "\u{200B}9")),
            ["KEY_CLEANED"]
        );
    }

    fn credential_codes(key: &str, secret: &str) -> Vec<&'static str> {
        let input: CredentialsInput = serde_json::from_value(serde_json::json!({
            "consumerKey": key, "consumerSecret": secret,
        }))
        .unwrap();
        validate_credentials(&input)
            .problems
            .iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn credentials_are_checked_together() {
        const SECRET: &str = "cs_13579bdf2468ace013579bdf2468ace013579bdf";
        assert_eq!(credential_codes(KEY, SECRET), Vec::<&str>::new());
        assert_eq!(
            credential_codes(SECRET, KEY),
            ["KEY_SWAPPED", "SECRET_SWAPPED"]
        );
        assert_eq!(
            credential_codes(KEY, KEY),
            ["SECRET_SWAPPED", "KEY_EQUALS_SECRET"]
        );
        assert_eq!(credential_codes(KEY, ""), ["SECRET_EMPTY"]);
        assert_eq!(credential_codes(KEY, &SECRET[..20]), ["SECRET_LENGTH"]);
        assert_eq!(credential_codes(KEY, "…3579bdf"), ["SECRET_MASKED"]);
        let input: CredentialsInput =
            serde_json::from_value(serde_json::json!({ "consumerKey": 5 })).unwrap();
        let codes: Vec<_> = validate_credentials(&input)
            .problems
            .iter()
            .map(|p| p.code)
            .collect();
        assert_eq!(codes, ["KEY_NOT_TEXT", "SECRET_EMPTY"]);
    }

    #[test]
    fn every_code_is_listed() {
        use ProblemCode::*;
        for code in [
            Empty, NotText, Cleaned, Prefix, Swapped, Length, NotHex, Uppercase, Masked, Same,
        ] {
            for field in [Field::ConsumerKey, Field::ConsumerSecret] {
                assert!(
                    PROBLEM_CODES.contains(&code.code(field)),
                    "{}",
                    code.code(field)
                );
            }
        }
    }

    #[test]
    fn redact_masks_basic_credentials_and_short_values_show_nothing() {
        let header = crate::basic_auth_header(
            &ConsumerKey::new(KEY),
            &ConsumerSecret::new("cs_13579bdf2468ace013579bdf2468ace013579bdf"),
        )
        .unwrap();
        assert_eq!(
            redact(&format!("Authorization: {header}")),
            "Authorization: Basic [redacted]"
        );
        assert_eq!(redact("basic auth is off"), "basic auth is off");
        // Any case, every occurrence, after non-ASCII text.
        assert_eq!(
            redact("é BASIC Y2tfMTpjc18yMzQ1 then basic dXNlcjpwYXNzd29yZA=="),
            "é BASIC [redacted] then basic [redacted]"
        );
        assert_eq!(
            format!("{:?}", ConsumerSecret::new("hunter2")),
            "ConsumerSecret(…)"
        );
        let v = validate_consumer_key(" secret-ish value that is long enough ");
        assert!(!format!("{v:?}").contains("ish value"));
    }

    #[test]
    fn redact_masks_keys_and_secrets_anywhere() {
        assert_eq!(
            redact("no secrets here, cs_ too short: cs_12"),
            "no secrets here, cs_ too short: cs_12"
        );
        assert_eq!(
            redact(&format!("Basic {KEY}:{KEY}")),
            "Basic ck_…0e1d2c3:ck_…0e1d2c3"
        );
        assert_eq!(
            redact("CS_13579BDF2468ACE0"),
            "CS_…2468ACE0".replace("…2468ACE0", "…468ACE0")
        );
        assert_eq!(redact("é ck_0123456789abcdef é"), "é ck_…9abcdef é");
        let secret = "cs_13579bdf2468ace013579bdf2468ace013579bdf";
        assert_eq!(redact(&format!("{KEY}{secret}")), "ck_…0e1d2c3cs_…3579bdf");
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

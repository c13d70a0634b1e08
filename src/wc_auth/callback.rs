//! The app's side of the callback: the keys the store POSTs as JSON (`post_consumer_data()` in
//! `class-wc-auth.php`), checked before the app keeps them.

use super::Scope;
use crate::error::{Error, Result};
use crate::keys::{is_well_formed, ConsumerKey, ConsumerSecret};
use crate::oauth::constant_time_eq;
use serde::{Deserialize, Serialize};

/// The most a callback body may weigh (WooCommerce's is about 200 bytes).
pub const CALLBACK_LIMIT: usize = 16 * 1024;

/// The keys a store POSTed to the callback.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackKeys {
    /// The key's row id in the store (`key_id`).
    pub key_id: u64,
    /// The `user_id` the app sent, echoed.
    pub user_id: String,
    /// `ck_…`.
    #[serde(serialize_with = "expose_key")]
    pub consumer_key: ConsumerKey,
    /// `cs_…`.
    #[serde(serialize_with = "expose_secret")]
    pub consumer_secret: ConsumerSecret,
    /// What the key may do.
    pub key_permissions: Scope,
}

fn expose_key<S: serde::Serializer>(k: &ConsumerKey, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(k.expose())
}

fn expose_secret<S: serde::Serializer>(
    k: &ConsumerSecret,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(k.expose())
}

impl std::fmt::Debug for CallbackKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackKeys")
            .field("key_id", &self.key_id)
            .field("user_id", &self.user_id)
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &self.consumer_secret)
            .field("key_permissions", &self.key_permissions)
            .finish()
    }
}

/// What [`parse_callback`] checks besides the format.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackOptions {
    /// The `user_id` this app sent; the callback must echo it exactly.
    #[serde(default)]
    pub expected_user_id: Option<String>,
    /// The scope this app asked for; the key's permissions must equal it.
    #[serde(default)]
    pub expected_scope: Option<String>,
}

impl CallbackOptions {
    /// The option names [`CallbackOptions`] reads.
    pub const FIELDS: &'static [&'static str] = &["expectedUserId", "expectedScope"];
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::CallbackInvalid {
        reason: reason.into(),
    }
}

/// Checks the body the store POSTed to the callback: JSON with `key_id` (integer), `user_id`,
/// `consumer_key`, `consumer_secret` and `key_permissions`, in WooCommerce's formats, the user id
/// and scope the app expects.
///
/// Other fields are ignored. `WC_Auth::create_keys()` returns those five today, but refusing a
/// field a later version adds would make every callback answer non-200, and the store then
/// deletes the key it made (`post_consumer_data()` throws, `maybe_delete_key()`).
pub fn parse_callback(body: &str, options: &CallbackOptions) -> Result<CallbackKeys> {
    if body.len() > CALLBACK_LIMIT {
        return Err(Error::CallbackTooLarge);
    }
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|_| invalid("it is not JSON"))?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid("it is not a JSON object"))?;
    let text = |name: &'static str| -> Result<&str> {
        match object.get(name) {
            Some(serde_json::Value::String(s)) => Ok(s.as_str()),
            Some(_) => Err(invalid(format!("{name} is not a string"))),
            None => Err(invalid(format!("{name} is missing"))),
        }
    };
    let key_id = match object.get("key_id") {
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid("key_id is not a positive integer"))?,
        None => return Err(invalid("key_id is missing")),
    };
    // WooCommerce sends user_id as the app sent it: a string (a JSON number when a plugin
    // changed its type is accepted as its decimal text).
    let user_id = match object.get("user_id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err(invalid("user_id is not a string")),
        None => return Err(invalid("user_id is missing")),
    };
    let consumer_key = text("consumer_key")?;
    if !is_well_formed(consumer_key, "ck_") {
        return Err(invalid(
            "consumer_key is not ck_ followed by 40 lower-case hex characters",
        ));
    }
    let consumer_secret = text("consumer_secret")?;
    if !is_well_formed(consumer_secret, "cs_") {
        return Err(invalid(
            "consumer_secret is not cs_ followed by 40 lower-case hex characters",
        ));
    }
    let key_permissions: Scope = text("key_permissions")?
        .parse()
        .map_err(|_| invalid("key_permissions is not read, write or read_write"))?;
    if let Some(expected) = options.expected_user_id.as_deref() {
        if !constant_time_eq(expected.as_bytes(), user_id.as_bytes()) {
            return Err(Error::CallbackUserMismatch);
        }
    }
    if let Some(expected) = options.expected_scope.as_deref() {
        let expected: Scope = expected.parse()?;
        if expected != key_permissions {
            return Err(Error::CallbackPermissionsMismatch {
                expected: expected.as_str(),
                granted: key_permissions.as_str(),
            });
        }
    }
    Ok(CallbackKeys {
        key_id,
        user_id,
        consumer_key: ConsumerKey::new(consumer_key),
        consumer_secret: ConsumerSecret::new(consumer_secret),
        key_permissions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &str = r#"{"key_id":7,"user_id":"42:abc","consumer_key":"ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3","consumer_secret":"cs_13579bdf2468ace013579bdf2468ace013579bdf","key_permissions":"read_write"}"#;

    fn callback_code(body: &str, user: Option<&str>, scope: Option<&str>) -> &'static str {
        let options = CallbackOptions {
            expected_user_id: user.map(String::from),
            expected_scope: scope.map(String::from),
        };
        match parse_callback(body, &options) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn callback_payloads() {
        assert_eq!(
            callback_code(PAYLOAD, Some("42:abc"), Some("read_write")),
            "ok"
        );
        let keys = parse_callback(PAYLOAD, &CallbackOptions::default()).unwrap();
        assert_eq!(keys.key_id, 7);
        assert!(
            !format!("{keys:?}").contains("13579bdf2468"),
            "Debug hides the secret"
        );
        assert_eq!(
            callback_code(PAYLOAD, Some("42:abd"), None),
            "ERR_CALLBACK_USER_MISMATCH"
        );
        assert_eq!(
            callback_code(PAYLOAD, None, Some("read")),
            "ERR_CALLBACK_PERMISSIONS_MISMATCH"
        );
        // A field WooCommerce may add later is ignored (refusing it would delete every key).
        assert_eq!(
            callback_code(
                &PAYLOAD.replace("}", ",\"x\":1}"),
                Some("42:abc"),
                Some("read_write")
            ),
            "ok"
        );
        // Not WooCommerce's payload: each of these differs from it in one way.
        let malformed = [
            "not json".to_string(),
            "[]".to_string(),
            PAYLOAD.replace("\"key_id\":7", "\"key_id\":\"7\""),
            PAYLOAD.replace("ck_9a8b", "ck_9A8B"),
            PAYLOAD.replace("cs_1357", "ck_1357"),
            PAYLOAD.replace("read_write", "admin"),
            PAYLOAD.replace(",\"key_permissions\":\"read_write\"", ""),
        ];
        for body in &malformed {
            assert_ne!(body, PAYLOAD, "the mutation applies");
            assert_eq!(
                callback_code(body, None, None),
                "ERR_CALLBACK_INVALID",
                "{body}"
            );
        }
        assert_eq!(
            callback_code(&" ".repeat(CALLBACK_LIMIT + 1), None, None),
            "ERR_CALLBACK_TOO_LARGE"
        );
        let bad = parse_callback(
            &PAYLOAD.replace("ck_9a8b", "ck_9A8B"),
            &CallbackOptions::default(),
        )
        .unwrap_err();
        assert!(
            !bad.to_string().contains("13579bdf2468"),
            "errors never carry the secret"
        );
    }
}

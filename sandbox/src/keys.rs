//! The `wp_woocommerce_api_keys` table, in memory: the key is kept only as
//! HMAC-SHA256("wc-api") of it, the secret as is, the last seven characters for the admin list,
//! the nonces seen per key (keyed by timestamp, as WooCommerce stores them) and the last access.

use crate::php::Key;

/// A key's one permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Read,
    Write,
    ReadWrite,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "read",
            Permission::Write => "write",
            Permission::ReadWrite => "read_write",
        }
    }

    pub fn parse(text: &str) -> Option<Permission> {
        match text {
            "read" => Some(Permission::Read),
            "write" => Some(Permission::Write),
            "read_write" => Some(Permission::ReadWrite),
            _ => None,
        }
    }

    pub(crate) fn can_read(self) -> bool {
        matches!(self, Permission::Read | Permission::ReadWrite)
    }

    pub(crate) fn can_write(self) -> bool {
        matches!(self, Permission::Write | Permission::ReadWrite)
    }
}

/// One row.
#[derive(Debug, Clone)]
pub(crate) struct ApiKey {
    pub key_id: i64,
    pub user_id: i64,
    pub description: String,
    pub permissions: Permission,
    /// `wc_api_hash( $consumer_key )`.
    pub consumer_key: String,
    pub consumer_secret: String,
    pub truncated_key: String,
    /// The serialized `nonces` column: timestamp => nonce.
    pub nonces: Vec<(Key, String)>,
    /// `last_access`, store time.
    pub last_access: Option<i64>,
}

#[derive(Debug, Default)]
pub(crate) struct KeyTable {
    rows: Vec<ApiKey>,
    last_id: i64,
}

/// `wc_api_hash()`: `hash_hmac( 'sha256', $key, 'wc-api' )`, hex.
pub(crate) fn wc_api_hash(consumer_key: &str) -> String {
    hex(&crate::crypto::hmac_sha256(
        b"wc-api",
        consumer_key.as_bytes(),
    ))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for &b in bytes {
        out.push(char::from(
            DIGITS.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
        ));
        out.push(char::from(
            DIGITS.get(usize::from(b & 15)).copied().unwrap_or(b'0'),
        ));
    }
    out
}

/// `n` random bytes as lowercase hex (`bin2hex( random_bytes( n ) )`).
pub(crate) fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    if getrandom::fill(&mut buf).is_err() {
        // No system randomness: fall back to the clock and a counter, never to a fixed value.
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (seed >> ((i % 16) * 8)) as u8 ^ (i as u8).wrapping_mul(151);
        }
    }
    hex(&buf)
}

impl KeyTable {
    /// Inserts a key whose plain text is known (seed keys, wc-auth, the admin form).
    pub(crate) fn insert(
        &mut self,
        user_id: i64,
        description: &str,
        permissions: Permission,
        consumer_key: &str,
        consumer_secret: &str,
    ) -> i64 {
        self.last_id = self.last_id.saturating_add(1);
        let truncated: String = {
            let chars: Vec<char> = consumer_key.chars().collect();
            chars
                .get(chars.len().saturating_sub(7)..)
                .unwrap_or_default()
                .iter()
                .collect()
        };
        self.rows.push(ApiKey {
            key_id: self.last_id,
            user_id,
            description: description.to_string(),
            permissions,
            consumer_key: wc_api_hash(consumer_key),
            consumer_secret: consumer_secret.to_string(),
            truncated_key: truncated,
            nonces: Vec::new(),
            last_access: None,
        });
        self.last_id
    }

    /// Creates a key as WooCommerce does: `ck_`/`cs_` + 40 random hex characters.
    pub(crate) fn create(
        &mut self,
        user_id: i64,
        description: &str,
        permissions: Permission,
    ) -> (i64, String, String) {
        let key = format!("ck_{}", random_hex(20));
        let secret = format!("cs_{}", random_hex(20));
        let id = self.insert(user_id, description, permissions, &key, &secret);
        (id, key, secret)
    }

    pub(crate) fn find_by_hash(&self, hash: &str) -> Option<&ApiKey> {
        self.rows.iter().find(|row| row.consumer_key == hash)
    }

    pub(crate) fn get_mut(&mut self, key_id: i64) -> Option<&mut ApiKey> {
        self.rows.iter_mut().find(|row| row.key_id == key_id)
    }

    pub(crate) fn remove(&mut self, key_id: i64) -> bool {
        let before = self.rows.len();
        self.rows.retain(|row| row.key_id != key_id);
        self.rows.len() != before
    }

    pub(crate) fn rows(&self) -> &[ApiKey] {
        &self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_truncates() {
        let mut table = KeyTable::default();
        let id = table.insert(1, "d", Permission::Read, "ck_0123456789abcdef", "cs_x");
        let row = table.find_by_hash(&wc_api_hash("ck_0123456789abcdef"));
        assert_eq!(
            row.map(|r| (r.key_id, r.truncated_key.as_str())),
            Some((id, "9abcdef"))
        );
        assert_eq!(wc_api_hash("x").len(), 64);
        let (_, key, secret) = table.create(1, "e", Permission::Write);
        assert!(key.starts_with("ck_") && key.len() == 43);
        assert!(secret.starts_with("cs_") && secret.len() == 43);
        assert!(table.remove(id));
        assert!(!table.remove(id));
    }
}

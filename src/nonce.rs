//! Nonces: 32 letters and digits from a CSPRNG (the operating system natively,
//! `crypto.getRandomValues` in WebAssembly), as WooCommerce's docs describe them
//! ("a unique (for the given user) 32 alphanumeric string").

use crate::error::{Error, Result};

/// The length of generated nonces.
pub const NONCE_LEN: usize = 32;
const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A fresh nonce of 32 letters and digits, uniformly drawn (rejection sampling, so no letter is
/// more likely than another).
pub fn random_nonce() -> Result<String> {
    let mut out = String::with_capacity(NONCE_LEN);
    let mut buf = [0u8; 48];
    while out.len() < NONCE_LEN {
        getrandom::fill(&mut buf).map_err(|_| Error::RandomUnavailable)?;
        for &b in &buf {
            // 62 * 4 = 248: bytes 248..=255 would bias the draw, so they are skipped.
            if b < 248 && out.len() < NONCE_LEN {
                if let Some(&c) = ALPHABET.get(usize::from(b % 62)) {
                    out.push(char::from(c));
                }
            }
        }
    }
    Ok(out)
}

/// Accepts a caller's nonce: 1 to 255 unreserved characters (they pass every placement
/// unchanged), and not `"0"`, which PHP's `empty()` reads as missing.
pub(crate) fn check_nonce(nonce: String) -> Result<String> {
    let ok = !nonce.is_empty()
        && nonce.len() <= 255
        && nonce != "0"
        && nonce.bytes().all(crate::encode::is_unreserved);
    if ok {
        Ok(nonce)
    } else {
        Err(Error::NonceInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_32_alphanumerics_and_differ() {
        let a = random_nonce().unwrap();
        let b = random_nonce().unwrap();
        assert_eq!(a.len(), NONCE_LEN);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }

    #[test]
    fn caller_nonces_are_checked() {
        assert!(check_nonce("abc-._~".into()).is_ok());
        for bad in ["", "0", "a b", "a\"b", "ä"] {
            assert_eq!(check_nonce(bad.into()), Err(Error::NonceInvalid), "{bad:?}");
        }
    }
}

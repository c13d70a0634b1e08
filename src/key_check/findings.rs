//! What the key check reports (finding codes and sentences) and the transport failures it is
//! told about.

use crate::error::{Error, Result};
use serde::Serialize;

/// Why a request got no answer, as only the runtime can tell (`TransportFailure.kind` in
/// `pkg-template/transport.mjs`; an aborted request never reaches the check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The browser withheld the answer: no CORS headers for this origin.
    Cors,
    /// No connection (DNS, refused, reset).
    Network,
    /// No answer in time.
    Timeout,
    /// The certificate was refused.
    Tls,
}

impl Failure {
    /// Every kind.
    pub const ALL: [Failure; 4] = [
        Failure::Cors,
        Failure::Network,
        Failure::Timeout,
        Failure::Tls,
    ];

    /// `cors`, `network`, `timeout` or `tls`.
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::Cors => "cors",
            Failure::Network => "network",
            Failure::Timeout => "timeout",
            Failure::Tls => "tls",
        }
    }
}

impl std::str::FromStr for Failure {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Failure::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| Error::input("failure must be cors, network, timeout or tls"))
    }
}

/// Declares [`FindingCode`] from one list, so that the enum, [`FindingCode::ALL`] and the
/// strings cannot drift apart.
macro_rules! finding_codes {
    ($($variant:ident => $code:literal,)+) => {
        /// What a finding of the key check is about. Codes are API: `KeyFinding['code']` in
        /// `pkg-template/index.d.ts` lists the same set (a test compares them).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum FindingCode {
            $(
                #[doc = concat!("`", $code, "`.")]
                $variant,
            )+
        }

        impl FindingCode {
            /// Every code, in the order `index.d.ts` lists them.
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)+];

            /// The code as the report writes it, e.g. `KEY_INVALID`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $code,)+
                }
            }
        }
    };
}

finding_codes! {
    KeyInvalid => "KEY_INVALID",
    SecretInvalid => "SECRET_INVALID",
    SignatureRejected => "SIGNATURE_REJECTED",
    ClockRejected => "CLOCK_REJECTED",
    AuthorizationNotSeen => "AUTHORIZATION_NOT_SEEN",
    Redirected => "REDIRECTED",
    UnexpectedAnswer => "UNEXPECTED_ANSWER",
    ReadMissing => "READ_MISSING",
    WriteMissing => "WRITE_MISSING",
    ApiNotFound => "API_NOT_FOUND",
    WoocommerceNotFound => "WOOCOMMERCE_NOT_FOUND",
    StoreUnreachable => "STORE_UNREACHABLE",
    StoreTimeout => "STORE_TIMEOUT",
    TlsRejected => "TLS_REJECTED",
    CorsBlocked => "CORS_BLOCKED",
    CheckFailed => "CHECK_FAILED",
    HomeDiffers => "HOME_DIFFERS",
    NotHttps => "NOT_HTTPS",
    ClockSkew => "CLOCK_SKEW",
    AuthorizationStripped => "AUTHORIZATION_STRIPPED",
    MoreThanNeeded => "MORE_THAN_NEEDED",
}

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One finding: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `KEY_INVALID`.
    pub code: FindingCode,
    /// What it means and what to do.
    pub message: String,
}

/// A finding with its sentence.
pub(super) fn finding(code: FindingCode, message: impl Into<String>) -> Finding {
    Finding {
        code,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_codes_are_the_typescript_union() {
        // KeyFinding['code'] in index.d.ts is written by hand: it must list exactly FindingCode.
        let dts = include_str!("../../pkg-template/index.d.ts");
        let block = dts
            .split("export interface KeyFinding {")
            .nth(1)
            .and_then(|rest| rest.split("message:").next())
            .expect("index.d.ts declares KeyFinding");
        let listed: Vec<&str> = block.split('\'').skip(1).step_by(2).collect();
        let ours: Vec<&str> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, ours);
        // The report carries the code as its string.
        let written = serde_json::to_value(finding(FindingCode::KeyInvalid, "x")).unwrap();
        assert_eq!(
            written,
            serde_json::json!({ "code": "KEY_INVALID", "message": "x" })
        );
        for failure in Failure::ALL {
            assert_eq!(failure.as_str().parse::<Failure>().unwrap(), failure);
        }
        assert!("aborted".parse::<Failure>().is_err());
    }
}

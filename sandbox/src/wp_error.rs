//! `WP_Error` as the REST server turns it into a response: `{"code","message","data"}` with the
//! status taken from `data.status`.

use crate::json::Json;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WpError {
    pub code: String,
    pub message: String,
    pub status: u16,
    /// Extra members of `data` after `status`.
    pub extra: Vec<(String, Json)>,
}

impl WpError {
    pub(crate) fn new(code: &str, message: &str, status: u16) -> WpError {
        WpError {
            code: code.to_string(),
            message: message.to_string(),
            status,
            extra: Vec::new(),
        }
    }

    /// The response body (`WP_REST_Server::error_to_response`).
    pub(crate) fn to_json(&self) -> Json {
        let mut data = vec![("status".to_string(), Json::Int(i64::from(self.status)))];
        data.extend(self.extra.iter().cloned());
        Json::obj([
            ("code", Json::from(self.code.as_str())),
            ("message", Json::from(self.message.as_str())),
            ("data", Json::Obj(data)),
        ])
    }

    /// The `data` member only (batch items embed it).
    pub(crate) fn data(&self) -> Json {
        let mut data = vec![("status".to_string(), Json::Int(i64::from(self.status)))];
        data.extend(self.extra.iter().cloned());
        Json::Obj(data)
    }
}

/// WooCommerce's authentication errors: code `woocommerce_rest_authentication_error`, 401.
pub(crate) fn auth_error(message: &str) -> WpError {
    WpError::new("woocommerce_rest_authentication_error", message, 401)
}

/// What WordPress answers a REST request whose PHP died with a fatal error (here: a `TypeError`
/// PHP 8 throws when an OAuth parameter arrives as an array where a string is expected).
pub(crate) fn critical_error() -> WpError {
    WpError::new(
        "internal_server_error",
        "<p>There has been a critical error on this website.</p>",
        500,
    )
}

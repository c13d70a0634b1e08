//! The live key check ("key doctor"), sans I/O: [`KeyCheck`] says which request to make next,
//! is fed each answer, and ends with a [`KeyReport`]. The package's `checkKeys()` runs the loop
//! with `fetch`. Every request is safe: GETs, and one POST to a route that does not exist (a key
//! without write permission gets 401 before routing, `check_user_permissions()` on
//! `rest_pre_dispatch`; a key with it gets 404 `rest_no_route`), so nothing changes on the store.

use crate::client::{clock_offset, response_error, Client, ClientConfig, ClientRequest};
use crate::error::Result;
use crate::keys::{ConsumerKey, ConsumerSecret};
use crate::params::ParamValue;
use crate::url::{HttpUrl, Scheme};
use crate::wc_auth::Scope;
use serde::{Deserialize, Serialize};

mod findings;

use findings::finding;
pub use findings::{Failure, Finding, FindingCode};

/// What `checkKeys()` takes (JavaScript names).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyCheckInput {
    /// The store's address as the user typed it.
    pub store_url: String,
    /// `ck_…`.
    pub consumer_key: ConsumerKey,
    /// `cs_…`.
    pub consumer_secret: ConsumerSecret,
    /// What the app needs: `read`, `write` or `read_write` (default `read`).
    #[serde(default)]
    pub need: Option<String>,
}

impl KeyCheckInput {
    /// The option names [`KeyCheckInput`] reads (plus `signal`, `fetch` and `timeout`, read by
    /// the JavaScript side).
    pub const FIELDS: &'static [&'static str] =
        &["storeUrl", "consumerKey", "consumerSecret", "need"];
}

/// A request to make.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRequest {
    /// HTTP method.
    pub method: String,
    /// URL (may carry credentials in query-credential mode: never log it, use `redactedUrl`).
    pub url: String,
    /// Headers to send.
    #[serde(serialize_with = "crate::oauth::pairs_as_map")]
    pub headers: Vec<(String, String)>,
    /// Body to send, if any.
    pub body: Option<String>,
    /// What the request is for, e.g. `discover-root`.
    pub purpose: &'static str,
    /// The URL with credentials masked.
    pub redacted_url: String,
    /// The OAuth base string, when signed.
    pub base_string: Option<String>,
}

impl std::fmt::Debug for PlannedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlannedRequest")
            .field("method", &self.method)
            .field("url", &self.redacted_url)
            .field("purpose", &self.purpose)
            .finish_non_exhaustive()
    }
}

/// What came back (`KeyCheckCore.feed` in `src/wasm/client.rs` builds it field by field).
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// HTTP status, 0 when there was none.
    pub status: u16,
    /// `Date` header.
    pub date: Option<String>,
    /// `Link` header.
    pub link: Option<String>,
    /// `Content-Type` header.
    pub content_type: Option<String>,
    /// `Location` header.
    pub location: Option<String>,
    /// Body text (the first 64 KiB is enough).
    pub body: String,
    /// Why no answer came, if none did.
    pub failure: Option<Failure>,
    /// How long it took.
    pub ms: f64,
}

/// One request made, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// `GET https://…` with credentials masked.
    pub request: String,
    /// What it was for.
    pub purpose: &'static str,
    /// HTTP status, 0 when there was none.
    pub status: u16,
    /// WooCommerce's error code, or the failure, if any.
    pub code: Option<String>,
    /// Milliseconds.
    pub ms: f64,
}

/// What was found about the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreFacts {
    /// Whether a WordPress REST API answered.
    pub api_found: bool,
    /// The REST API root that answered.
    pub api_root: Option<String>,
    /// `pretty` or `plain`.
    pub permalinks: Option<&'static str>,
    /// The store's home URL, from its REST index.
    pub home_url: Option<String>,
    /// Whether the home URL differs from what was typed (scheme, host, path).
    pub home_differs: bool,
    /// Whether WooCommerce's `wc/v3` namespace is there.
    pub woocommerce: bool,
    /// Whether the store is reached over HTTPS.
    pub https: bool,
    /// The store's clock minus ours, in seconds, when measured.
    pub clock_offset: Option<i64>,
}

/// What was found about the key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFacts {
    /// `…` and the last 7 characters.
    pub masked: String,
    /// Whether the store knows the key and accepted the secret/signature.
    pub valid: Option<bool>,
    /// The authentication that worked: `basic`, `query-credentials`, `oauth-header`, `oauth-query`.
    pub method: Option<&'static str>,
    /// The base string of a refused signature, for debugging.
    pub base_string: Option<String>,
}

/// Read and write permission as observed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Permissions {
    /// A GET was allowed.
    pub read: Option<bool>,
    /// A write was allowed.
    pub write: Option<bool>,
}

/// The full verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyReport {
    /// No errors.
    pub ok: bool,
    /// One sentence a person can read.
    pub summary: String,
    /// The store.
    pub store: StoreFacts,
    /// The key.
    pub key: KeyFacts,
    /// Read and write.
    pub permissions: Permissions,
    /// Things that work but should be looked at.
    pub warnings: Vec<Finding>,
    /// Things that do not work.
    pub errors: Vec<Finding>,
    /// Every request made.
    pub steps: Vec<Step>,
}

/// How credentials travel, tried in this order when the store sees none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuthMode {
    /// `Authorization` header: Basic over HTTPS, OAuth over HTTP.
    Header,
    /// In the query: `consumer_key`/`consumer_secret` over HTTPS, OAuth parameters over HTTP.
    Query,
    /// OAuth parameters in the query over HTTPS: WooCommerce tries OAuth when Basic found no
    /// key, so this tells an unknown key ("Consumer key is invalid.") from a stripped header.
    OAuthQuery,
}

/// Clock offsets tried when the store refuses the timestamp and its `Date` header cannot be read
/// (browsers hide it from other origins): WooCommerce accepts ±15 minutes around each guess.
const CLOCK_GUESSES: [i64; 2] = [1800, -1800];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    RootPretty,
    RootPlain,
    HomePage,
    LinkedRoot,
    Read,
    Write,
    Done,
}

/// The check in progress.
pub struct KeyCheck {
    input: KeyCheckInput,
    base: HttpUrl,
    need: Scope,
    stage: Stage,
    linked_root: Option<String>,
    auth_mode: AuthMode,
    /// The REST prefix when the API root was found through the home page's `Link` header.
    api_prefix: Option<String>,
    clock_offset: Option<i64>,
    clock_measured: bool,
    clock_guesses_tried: usize,
    retried_nonce: bool,
    saw_cors: bool,
    pending: Option<PlannedRequest>,
    report: KeyReport,
}

fn json_object(body: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    match serde_json::from_str::<serde_json::Value>(body).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

impl KeyCheck {
    /// Starts a check.
    ///
    /// Refuses, before any request, what `sign()` refuses too: a store address that is not one,
    /// an unknown `need`, an empty key or secret. A key that is merely malformed is still tried:
    /// the store's answer is the finding.
    pub fn new(input: KeyCheckInput) -> Result<KeyCheck> {
        let base = HttpUrl::parse_store(&input.store_url)?;
        let need: Scope = input.need.as_deref().unwrap_or("read").parse()?;
        crate::oauth::check_credentials(&input.consumer_key, &input.consumer_secret, false)?;
        let masked = input.consumer_key.masked();
        let report = KeyReport {
            ok: false,
            summary: String::new(),
            store: StoreFacts {
                https: base.scheme == Scheme::Https,
                ..StoreFacts::default()
            },
            key: KeyFacts {
                masked,
                ..KeyFacts::default()
            },
            permissions: Permissions::default(),
            warnings: Vec::new(),
            errors: Vec::new(),
            steps: Vec::new(),
        };
        Ok(KeyCheck {
            input,
            base,
            need,
            stage: Stage::RootPretty,
            linked_root: None,
            auth_mode: AuthMode::Header,
            api_prefix: None,
            clock_offset: None,
            clock_measured: false,
            clock_guesses_tried: 0,
            retried_nonce: false,
            saw_cors: false,
            pending: None,
            report,
        })
    }

    fn plain_get(&self, url: String, purpose: &'static str) -> PlannedRequest {
        PlannedRequest {
            method: "GET".into(),
            redacted_url: url.clone(),
            url,
            headers: vec![("Accept".into(), "application/json, text/html;q=0.5".into())],
            body: None,
            purpose,
            base_string: None,
        }
    }

    fn make_client(&self) -> Result<Client> {
        // An API root found through the Link header sets where the API lives.
        let url = if self.api_prefix.is_some() {
            self.base.origin()
        } else {
            self.base.base()
        };
        Client::new(ClientConfig {
            url,
            consumer_key: self.input.consumer_key.clone(),
            consumer_secret: self.input.consumer_secret.clone(),
            version: None,
            wp_api_prefix: self.api_prefix.clone(),
            query_string_auth: self.auth_mode != AuthMode::Header,
            signature_method: None,
            home_url: self.report.store.home_url.clone(),
            permalinks: self.report.store.permalinks.map(str::to_string),
            auth: (self.auth_mode == AuthMode::OAuthQuery).then(|| "oauth".to_string()),
            // The store address typed has its port already.
            port: None,
        })
    }

    fn authed(
        &self,
        method: &str,
        path: &str,
        query: Option<ParamValue>,
        purpose: &'static str,
        now: u64,
    ) -> Result<PlannedRequest> {
        let client = self.make_client()?;
        #[allow(
            clippy::cast_precision_loss,
            reason = "clock offsets are far below 2^52 seconds"
        )]
        let offset = self.clock_offset.map(|o| o as f64);
        let prepared = client.prepare(
            &ClientRequest {
                method: method.into(),
                path: path.into(),
                query,
                // The write probe has no body, hence no Content-Type: in a browser it is then a
                // simple request, whose CORS preflight (which would carry OAuth query
                // parameters signed for POST, refused as OPTIONS) is not needed.
                json_body: false,
                clock_offset: offset,
            },
            now,
        )?;
        Ok(PlannedRequest {
            method: prepared.method,
            url: prepared.url,
            headers: prepared.headers,
            body: None,
            purpose,
            redacted_url: prepared.redacted_url,
            base_string: prepared.base_string,
        })
    }

    /// The next request to make, or `None` when the check is over (then call [`KeyCheck::report`]).
    pub fn next(&mut self, now: u64) -> Option<PlannedRequest> {
        let planned = match self.stage {
            Stage::RootPretty => {
                Ok(self.plain_get(format!("{}/wp-json/", self.base.base()), "discover-root"))
            }
            Stage::RootPlain => Ok(self.plain_get(
                format!("{}/?rest_route=/", self.base.base()),
                "discover-root-plain",
            )),
            Stage::HomePage => {
                Ok(self.plain_get(format!("{}/", self.base.base()), "discover-home-link"))
            }
            Stage::LinkedRoot => Ok(self.plain_get(
                self.linked_root.clone().unwrap_or_default(),
                "discover-linked-root",
            )),
            Stage::Read => {
                let query = ParamValue::Object(vec![
                    ("per_page".into(), ParamValue::Number(1.0)),
                    ("_fields".into(), ParamValue::Text("id".into())),
                ]);
                self.authed("GET", "products", Some(query), "check-read", now)
            }
            Stage::Write => {
                self.authed("POST", "wc-keys-permission-probe", None, "check-write", now)
            }
            Stage::Done => return None,
        };
        match planned {
            Ok(p) => {
                self.pending = Some(p.clone());
                Some(p)
            }
            Err(e) => {
                self.report
                    .errors
                    .push(finding(FindingCode::CheckFailed, e.to_string()));
                self.stage = Stage::Done;
                None
            }
        }
    }

    fn record(&mut self, answer: &Answer, code: Option<String>) {
        if let Some(p) = &self.pending {
            self.report.steps.push(Step {
                request: format!("{} {}", p.method, p.redacted_url),
                purpose: p.purpose,
                status: answer.status,
                code: code.or_else(|| answer.failure.map(|f| f.as_str().to_string())),
                ms: answer.ms,
            });
        }
    }

    /// Feeds the answer to the request [`KeyCheck::next`] gave.
    pub fn feed(&mut self, answer: &Answer, now: u64) {
        let error_code = if answer.status >= 400 {
            Some(response_error(answer.status, &answer.body).code)
        } else {
            None
        };
        self.record(answer, error_code.filter(|c| c != "ERR_HTTP_STATUS"));
        if let Some(failure) = answer.failure {
            // A browser cannot read a 404 page without CORS headers: during discovery that only
            // means "not here", so the next place is tried.
            if failure == Failure::Cors
                && matches!(self.stage, Stage::RootPretty | Stage::RootPlain)
            {
                self.saw_cors = true;
                self.stage = if self.stage == Stage::RootPretty {
                    Stage::RootPlain
                } else {
                    Stage::HomePage
                };
                return;
            }
            self.fail_transport(failure);
            return;
        }
        if (300..400).contains(&answer.status) && !matches!(self.stage, Stage::Read | Stage::Write)
        {
            self.redirected(answer);
            self.stage = Stage::Done;
            return;
        }
        match self.stage {
            Stage::RootPretty | Stage::RootPlain | Stage::LinkedRoot => self.feed_root(answer),
            Stage::HomePage => self.feed_home(answer),
            Stage::Read => self.feed_read(answer, now),
            Stage::Write => self.feed_write(answer, now),
            Stage::Done => {}
        }
    }

    fn fail_transport(&mut self, failure: Failure) {
        let (code, message) = match failure {
            Failure::Cors => (FindingCode::CorsBlocked, "The browser blocked the store's answer (CORS): the store did not allow this page's origin. WordPress allows cross-origin REST requests by default, so a security plugin, a CDN or a server rule is removing the CORS headers; the store owner must allow this origin, or call the store from your server instead."),
            Failure::Timeout => (FindingCode::StoreTimeout, "The store did not answer in time. Check that it is up, then try again."),
            Failure::Tls => (FindingCode::TlsRejected, "The store's HTTPS certificate was not accepted (expired, self-signed or for another host name)."),
            // A browser's fetch fails the same way for a refused certificate as for no server.
            Failure::Network if self.base.scheme == Scheme::Https => (FindingCode::StoreUnreachable, "The store could not be reached: check the address, the port and your network. In a browser a refused HTTPS certificate fails the same way: open the store in a tab to see."),
            Failure::Network => (FindingCode::StoreUnreachable, "The store could not be reached: check the address, the port and your network."),
        };
        self.report.errors.push(finding(code, message));
        self.stage = Stage::Done;
    }

    fn redirected(&mut self, answer: &Answer) {
        let target = answer
            .location
            .as_deref()
            .map(|l| format!(" to {}", crate::redact(l)))
            .unwrap_or_default();
        self.report.errors.push(finding(FindingCode::Redirected,
            format!("The store redirects{target}: use the address it redirects to (often https:// instead of http://, or with or without www.), so that requests and signatures go to the store directly."),
        ));
    }

    fn feed_root(&mut self, answer: &Answer) {
        let index = (answer.status == 200)
            .then(|| json_object(&answer.body))
            .flatten();
        let Some(index) = index.filter(|i| i.contains_key("namespaces")) else {
            self.stage = match self.stage {
                Stage::RootPretty => Stage::RootPlain,
                Stage::RootPlain => Stage::HomePage,
                _ => {
                    self.no_api();
                    Stage::Done
                }
            };
            return;
        };
        if self.stage == Stage::LinkedRoot {
            self.adopt_linked_root();
        }
        let store = &mut self.report.store;
        store.api_found = true;
        store.api_root = self.pending.as_ref().map(|p| p.url.clone());
        store.permalinks = Some(
            if store
                .api_root
                .as_deref()
                .is_some_and(|r| r.contains("rest_route="))
            {
                "plain"
            } else {
                "pretty"
            },
        );
        store.woocommerce = index
            .get("namespaces")
            .and_then(serde_json::Value::as_array)
            .is_some_and(|ns| ns.iter().any(|n| n.as_str() == Some("wc/v3")));
        let home = index
            .get("home")
            .and_then(serde_json::Value::as_str)
            .map(|h| h.trim_end_matches('/').to_string());
        if let Some(home) = home.filter(|h| !h.is_empty()) {
            let typed = self.base.base();
            let differs = !home.eq_ignore_ascii_case(&typed);
            if differs {
                self.report.warnings.push(finding(FindingCode::HomeDiffers,
                    format!("The store's own address (Settings > General > Site Address) is {home}, not {typed}. WooCommerce signs with its own address: wc-keys passes it as homeUrl; your app should too, or use that address."),
                ));
            }
            self.report.store.home_differs = differs;
            self.report.store.home_url = Some(home);
        }
        if !self.report.store.woocommerce {
            self.report.errors.push(finding(FindingCode::WoocommerceNotFound, "WordPress answered, but its REST API has no wc/v3 namespace: WooCommerce is not active, or a plugin hides its API."));
            self.stage = Stage::Done;
            return;
        }
        if !self.report.store.https {
            self.report.warnings.push(finding(FindingCode::NotHttps, "The store is reached over plain HTTP: requests are signed (OAuth 1.0a), so the secret never travels, but orders and customer data do, in clear text. Use https:// if the store supports it."));
        }
        self.stage = Stage::Read;
    }

    /// Requests go where the home page's `Link` header said the API is: its folder and prefix
    /// (a custom REST prefix, or `?rest_route=` for plain permalinks).
    fn adopt_linked_root(&mut self) {
        let Some(root) = self
            .linked_root
            .as_deref()
            .and_then(|r| HttpUrl::parse(r).ok())
        else {
            return;
        };
        if root
            .query
            .as_deref()
            .is_some_and(|q| q.contains("rest_route="))
        {
            let path = root.path.trim_end_matches('/').to_string();
            self.base = HttpUrl {
                query: None,
                path,
                ..root
            };
        } else {
            self.api_prefix = Some(root.path.trim_matches('/').to_string());
            self.base = HttpUrl {
                query: None,
                path: String::new(),
                ..root
            };
        }
    }

    fn feed_home(&mut self, answer: &Answer) {
        let link = answer.link.as_deref().and_then(|link| {
            link.split(',').find_map(|part| {
                let (target, params) = part.split_once(';')?;
                params.contains("https://api.w.org/").then(|| {
                    target
                        .trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                })
            })
        });
        match link {
            Some(root) => {
                self.linked_root = Some(root);
                self.stage = Stage::LinkedRoot;
            }
            None => {
                if self.saw_cors {
                    self.fail_transport(Failure::Cors);
                } else if answer.status == 0 || answer.status >= 500 {
                    self.report.errors.push(finding(
                        FindingCode::StoreUnreachable,
                        format!(
                            "The store answered HTTP {} to its home page.",
                            answer.status
                        ),
                    ));
                } else {
                    self.no_api();
                }
                self.stage = Stage::Done;
            }
        }
    }

    fn no_api(&mut self) {
        self.report.errors.push(finding(FindingCode::ApiNotFound,
            "No WordPress REST API answered at /wp-json/ or /?rest_route=/, and the home page does not link one. Check the store address (a subdirectory install needs its folder, e.g. https://example.com/shop), and that no plugin disables the REST API.",
        ));
    }

    /// Handles the authentication errors both probes can meet; `true` when a retry is planned.
    fn retry_for_auth(&mut self, answer: &Answer, now: u64) -> bool {
        let error = response_error(answer.status, &answer.body);
        match (error.code.as_str(), error.message.as_str()) {
            ("woocommerce_rest_authentication_error", "Invalid timestamp.") => {
                self.retry_clock(answer, now)
            }
            (
                "woocommerce_rest_authentication_error",
                "Invalid nonce - nonce has already been used.",
            ) if !self.retried_nonce => {
                self.retried_nonce = true;
                true
            }
            ("woocommerce_rest_cannot_view" | "woocommerce_rest_cannot_create", _)
                if answer.status == 401 =>
            {
                // Credentials were sent, yet the store saw none: the server strips the header,
                // or (over HTTPS, where Basic ignores an unknown key) the key is unknown.
                let next = match (self.auth_mode, self.base.scheme) {
                    (AuthMode::Header, _) => AuthMode::Query,
                    (AuthMode::Query, Scheme::Https) => AuthMode::OAuthQuery,
                    _ => return false,
                };
                self.auth_mode = next;
                true
            }
            _ => false,
        }
    }

    /// "Invalid timestamp.": sign again with the store's clock from its `Date` header, or, when
    /// the header cannot be read, with the clock moved by ±30 minutes.
    fn retry_clock(&mut self, answer: &Answer, now: u64) -> bool {
        let measured = answer.date.as_deref().and_then(|d| clock_offset(d, now));
        let (offset, how) = match measured {
            Some(offset) if !self.clock_measured => {
                self.clock_measured = true;
                (offset, "measured from its Date header")
            }
            Some(_) => return false,
            None => match CLOCK_GUESSES.get(self.clock_guesses_tried) {
                Some(guess) => {
                    self.clock_guesses_tried = self.clock_guesses_tried.saturating_add(1);
                    (
                        *guess,
                        "guessed: this page cannot read the store's Date header",
                    )
                }
                None => return false,
            },
        };
        self.clock_offset = Some(offset);
        self.report.store.clock_offset = Some(offset);
        self.report
            .warnings
            .retain(|w| w.code != FindingCode::ClockSkew);
        self.report.warnings.push(finding(FindingCode::ClockSkew,
            format!("The store's clock and this device's differ by more than 15 minutes (about {} seconds, {how}); WooCommerce refuses such signatures. wc-keys corrected for it; fix the clock of whichever is wrong.", offset.abs()),
        ));
        true
    }

    fn note_method(&mut self) {
        if self.report.key.method.is_none() {
            let method = match (self.base.scheme, self.auth_mode) {
                (Scheme::Https, AuthMode::Header) => "basic",
                (Scheme::Https, AuthMode::Query) => "query-credentials",
                (Scheme::Http, AuthMode::Header) => "oauth-header",
                (_, _) => "oauth-query",
            };
            self.report.key.method = Some(method);
            if self.auth_mode != AuthMode::Header {
                self.report.warnings.push(finding(FindingCode::AuthorizationStripped,
                    "The server removes the Authorization header before WordPress sees it, so credentials must go in the query string (queryStringAuth: true). The server's admin can pass the header on instead (e.g. for Apache: CGIPassAuth On).",
                ));
            }
        }
    }

    fn feed_read(&mut self, answer: &Answer, now: u64) {
        if answer.status < 300 && answer.status >= 200 {
            self.report.key.valid = Some(true);
            self.report.permissions.read = Some(true);
            self.note_method();
            self.stage = Stage::Write;
            return;
        }
        if self.retry_for_auth(answer, now) {
            return;
        }
        let error = response_error(answer.status, &answer.body);
        match error.message.as_str() {
            "The API key provided does not have read permissions." => {
                self.report.key.valid = Some(true);
                self.report.permissions.read = Some(false);
                self.note_method();
                self.stage = Stage::Write;
            }
            _ => {
                self.auth_failure(answer);
                self.stage = Stage::Done;
            }
        }
    }

    fn auth_failure(&mut self, answer: &Answer) {
        let error = response_error(answer.status, &answer.body);
        let (code, message): (FindingCode, String) = match (error.code.as_str(), error.message.as_str()) {
            (_, "Consumer key is invalid.") => (FindingCode::KeyInvalid, "The store does not know this consumer key: it was mistyped, cut off, revoked, or made on another store.".into()),
            (_, "Consumer secret is invalid.") => (FindingCode::SecretInvalid, "The key exists but the secret does not match it: copy the secret again (it is shown only once; if lost, generate a new key).".into()),
            (_, "Invalid signature - provided signature does not match.") => {
                self.report.key.base_string = self.pending.as_ref().and_then(|p| p.base_string.clone());
                (FindingCode::SignatureRejected, "The store computed another OAuth signature. This happens when the secret is wrong (OAuth cannot tell), or when the store's address differs from the one used (http/https, www, port, folder): set homeUrl to the store's Site Address.".into())
            }
            (_, "Invalid timestamp.") => (FindingCode::ClockRejected,
                if self.clock_measured {
                    "The store refused the timestamp even after correcting for its Date header: the clocks differ by more than 15 minutes.".to_string()
                } else {
                    "The store refuses the timestamp: the clocks differ by more than 15 minutes, and this page cannot read the store's Date header to correct for it (nor did ±30 minutes work). Fix the clock of whichever is wrong.".to_string()
                },
            ),
            ("woocommerce_rest_cannot_view" | "woocommerce_rest_cannot_create", _) => (FindingCode::AuthorizationNotSeen, "The store saw no credentials, even in the query string: a plugin or the server removes them.".into()),
            ("ERR_HTTP_STATUS", _) if (300..400).contains(&answer.status) => (FindingCode::Redirected,
                format!("The store redirects API requests{}; use the address it redirects to.", answer.location.as_deref().map(|l| format!(" to {}", crate::redact(l))).unwrap_or_default()),
            ),
            _ => (FindingCode::UnexpectedAnswer, format!("The store answered HTTP {} ({}: {}).", answer.status, error.code, error.message)),
        };
        if matches!(
            code,
            FindingCode::KeyInvalid | FindingCode::SecretInvalid | FindingCode::SignatureRejected
        ) {
            self.report.key.valid = Some(false);
        }
        self.report.errors.push(finding(code, message));
    }

    fn feed_write(&mut self, answer: &Answer, now: u64) {
        let error = response_error(answer.status, &answer.body);
        if answer.status == 404 || error.code == "rest_no_route" {
            self.report.permissions.write = Some(true);
        } else if error.message == "The API key provided does not have write permissions." {
            self.report.permissions.write = Some(false);
        } else if self.retry_for_auth(answer, now) {
            return;
        } else {
            self.auth_failure(answer);
        }
        self.stage = Stage::Done;
        self.judge_permissions();
    }

    fn judge_permissions(&mut self) {
        let read = self.report.permissions.read.unwrap_or(false);
        let write = self.report.permissions.write.unwrap_or(false);
        let label = match (read, write) {
            (true, true) => "Read/Write",
            (true, false) => "Read",
            (false, true) => "Write",
            (false, false) => "no",
        };
        if self.need.can_read() && !read {
            self.report.errors.push(finding(FindingCode::ReadMissing, format!("The app needs to read but the key has {label} permission: edit the key in WooCommerce > Settings > Advanced > REST API and choose {}.", self.need.label())));
        }
        if self.need.can_write() && !write {
            self.report.errors.push(finding(FindingCode::WriteMissing, format!("The app needs to write but the key has {label} permission: edit the key in WooCommerce > Settings > Advanced > REST API and choose {}.", self.need.label())));
        }
        if (read && !self.need.can_read()) || (write && !self.need.can_write()) {
            self.report.warnings.push(finding(FindingCode::MoreThanNeeded, format!("The key has {label} permission but the app needs only {}: a key that can do less is safer if it leaks. Consider a {} key.", self.need.label(), self.need.label())));
        }
    }

    /// The verdict (call when [`KeyCheck::next`] returns `None`).
    pub fn report(&self) -> KeyReport {
        let mut report = self.report.clone();
        report.ok = report.errors.is_empty() && report.key.valid == Some(true);
        report.summary = match report.errors.first() {
            Some(first) => format!("Problem: {}", first.message),
            None if report.key.valid == Some(true) => {
                let perms = match (report.permissions.read, report.permissions.write) {
                    (Some(true), Some(true)) => "read and write",
                    (Some(true), _) => "read only",
                    (_, Some(true)) => "write only",
                    _ => "no",
                };
                format!(
                    "The key works ({perms}, via {}){}.",
                    report.key.method.unwrap_or("?"),
                    if report.warnings.is_empty() {
                        String::new()
                    } else {
                        let n = report.warnings.len();
                        format!("; {n} warning{}", if n == 1 { "" } else { "s" })
                    }
                )
            }
            None => "The check did not finish.".to_string(),
        };
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_795_000_000;
    const INDEX: &str =
        r#"{"name":"Shop","home":"https://shop.example","namespaces":["wp/v2","wc/v3"]}"#;

    fn check(url: &str, need: &str) -> KeyCheck {
        KeyCheck::new(KeyCheckInput {
            store_url: url.into(),
            consumer_key: ConsumerKey::new("ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"),
            consumer_secret: ConsumerSecret::new("cs_13579bdf2468ace013579bdf2468ace013579bdf"),
            need: Some(need.into()),
        })
        .unwrap()
    }

    #[test]
    fn empty_credentials_are_refused_before_any_request() {
        for (key, secret, code) in [
            (
                "",
                "cs_13579bdf2468ace013579bdf2468ace013579bdf",
                "ERR_CONSUMER_KEY_INVALID",
            ),
            (
                " ",
                "cs_13579bdf2468ace013579bdf2468ace013579bdf",
                "ERR_CONSUMER_KEY_INVALID",
            ),
            (
                "ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3",
                "",
                "ERR_CONSUMER_SECRET_INVALID",
            ),
        ] {
            let refused = KeyCheck::new(KeyCheckInput {
                store_url: "https://shop.example".into(),
                consumer_key: ConsumerKey::new(key),
                consumer_secret: ConsumerSecret::new(secret),
                need: None,
            });
            assert_eq!(
                refused.err().map(|e| e.code()),
                Some(code),
                "{key:?} / {secret:?}"
            );
        }
    }

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: body.into(),
            ..Answer::default()
        }
    }

    fn woo(message: &str) -> Answer {
        answer(
            401,
            &format!(
                r#"{{"code":"woocommerce_rest_authentication_error","message":"{message}","data":{{"status":401}}}}"#
            ),
        )
    }

    /// Runs a check against scripted answers; returns the purposes asked and the report.
    fn run(mut c: KeyCheck, answers: Vec<Answer>) -> (Vec<&'static str>, KeyReport) {
        let mut purposes = Vec::new();
        let mut answers = answers.into_iter();
        while let Some(request) = c.next(NOW) {
            purposes.push(request.purpose);
            let a = answers.next().expect("an answer for every request");
            c.feed(&a, NOW);
        }
        assert!(answers.next().is_none(), "every answer used");
        (purposes, c.report())
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn healthy_read_write_key() {
        let (purposes, r) = run(
            check("https://shop.example", "read_write"),
            vec![
                answer(200, INDEX),
                answer(200, "[]"),
                answer(
                    404,
                    r#"{"code":"rest_no_route","message":"No route","data":{"status":404}}"#,
                ),
            ],
        );
        assert_eq!(purposes, ["discover-root", "check-read", "check-write"]);
        assert!(r.ok, "{r:?}");
        assert_eq!(
            r.permissions,
            Permissions {
                read: Some(true),
                write: Some(true)
            }
        );
        assert_eq!(r.key.method, Some("basic"));
        assert!(r.warnings.is_empty());
        assert_eq!(r.summary, "The key works (read and write, via basic).");
    }

    #[test]
    fn read_only_key_for_a_writing_app() {
        let (_, r) = run(
            check("https://shop.example", "read_write"),
            vec![
                answer(200, INDEX),
                answer(200, "[]"),
                woo("The API key provided does not have write permissions."),
            ],
        );
        assert!(!r.ok);
        assert_eq!(codes(&r.errors), ["WRITE_MISSING"]);
        assert_eq!(r.permissions.write, Some(false));
    }

    #[test]
    fn too_powerful_key_is_a_warning() {
        let (_, r) = run(
            check("https://shop.example", "read"),
            vec![answer(200, INDEX), answer(200, "[]"), answer(404, "{}")],
        );
        assert!(r.ok);
        assert_eq!(codes(&r.warnings), ["MORE_THAN_NEEDED"]);
    }

    #[test]
    fn invalid_key_and_secret() {
        let (_, r) = run(
            check("https://shop.example", "read"),
            vec![answer(200, INDEX), woo("Consumer key is invalid.")],
        );
        assert_eq!(codes(&r.errors), ["KEY_INVALID"]);
        assert_eq!(r.key.valid, Some(false));
        let (_, r) = run(
            check("https://shop.example", "read"),
            vec![answer(200, INDEX), woo("Consumer secret is invalid.")],
        );
        assert_eq!(codes(&r.errors), ["SECRET_INVALID"]);
    }

    #[test]
    fn stripped_header_falls_back_to_the_query() {
        let not_seen = answer(
            401,
            r#"{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}"#,
        );
        let mut c = check("https://shop.example", "read");
        let (purposes, r) = {
            let mut purposes = Vec::new();
            let mut answers = vec![
                answer(200, INDEX),
                not_seen,
                answer(200, "[]"),
                answer(404, "{}"),
            ]
            .into_iter();
            while let Some(request) = c.next(NOW) {
                purposes.push(request.purpose);
                if request.purpose == "check-read" && purposes.len() == 3 {
                    assert!(
                        request.url.contains("consumer_key=ck_"),
                        "second read carries query credentials"
                    );
                }
                c.feed(&answers.next().unwrap(), NOW);
            }
            (purposes, c.report())
        };
        assert_eq!(
            purposes,
            ["discover-root", "check-read", "check-read", "check-write"]
        );
        assert_eq!(r.key.method, Some("query-credentials"));
        assert!(codes(&r.warnings).contains(&"AUTHORIZATION_STRIPPED"));
        assert!(
            !r.steps.iter().any(|s| s.request.contains("13579bdf2468")),
            "steps are redacted"
        );
    }

    #[test]
    fn skewed_clock_is_measured_and_retried() {
        let mut skewed = woo("Invalid timestamp.");
        skewed.date = Some("Thu, 01 Jan 2027 00:00:00 GMT".into());
        let (purposes, r) = run(
            check("http://shop.example", "read"),
            vec![
                answer(200, INDEX),
                skewed,
                answer(200, "[]"),
                answer(404, "{}"),
            ],
        );
        assert_eq!(
            purposes,
            ["discover-root", "check-read", "check-read", "check-write"]
        );
        assert!(codes(&r.warnings).contains(&"CLOCK_SKEW"));
        assert!(codes(&r.warnings).contains(&"NOT_HTTPS"));
        assert!(codes(&r.warnings).contains(&"HOME_DIFFERS"));
        assert_eq!(r.key.method, Some("oauth-header"));
        assert!(r.store.clock_offset.is_some());
    }

    #[test]
    fn discovery_falls_back_to_plain_permalinks_and_the_link_header() {
        let (purposes, r) = run(
            check("https://shop.example", "read"),
            vec![
                answer(404, "<html>"),
                answer(200, INDEX),
                answer(200, "[]"),
                answer(404, "{}"),
            ],
        );
        assert_eq!(purposes[..2], ["discover-root", "discover-root-plain"]);
        assert_eq!(r.store.permalinks, Some("plain"));
        let mut home = answer(200, "<html>");
        home.link = Some(r#"<https://shop.example/api/>; rel="https://api.w.org/""#.into());
        let (purposes, r) = run(
            check("https://shop.example", "read"),
            vec![
                answer(404, ""),
                answer(404, ""),
                home,
                answer(200, INDEX),
                answer(200, "[]"),
                answer(404, "{}"),
            ],
        );
        assert_eq!(
            purposes[..4],
            [
                "discover-root",
                "discover-root-plain",
                "discover-home-link",
                "discover-linked-root"
            ]
        );
        assert_eq!(
            r.store.api_root.as_deref(),
            Some("https://shop.example/api/")
        );
        let (_, r) = run(
            check("https://shop.example", "read"),
            vec![answer(404, ""), answer(404, ""), answer(200, "<html>")],
        );
        assert_eq!(codes(&r.errors), ["API_NOT_FOUND"]);
    }

    #[test]
    fn unreachable_over_https_mentions_the_certificate() {
        let down = || Answer {
            failure: Some(Failure::Network),
            ..Answer::default()
        };
        let (_, r) = run(check("https://shop.example", "read"), vec![down()]);
        assert_eq!(codes(&r.errors), ["STORE_UNREACHABLE"]);
        assert!(
            r.errors[0].message.contains("refused HTTPS certificate"),
            "{}",
            r.errors[0].message
        );
        let (_, r) = run(check("http://shop.example", "read"), vec![down()]);
        assert!(
            !r.errors[0].message.contains("certificate"),
            "{}",
            r.errors[0].message
        );
    }

    #[test]
    fn no_woocommerce_and_cors() {
        let (_, r) = run(
            check("https://shop.example", "read"),
            vec![answer(200, r#"{"namespaces":["wp/v2"]}"#)],
        );
        assert_eq!(codes(&r.errors), ["WOOCOMMERCE_NOT_FOUND"]);
        // A browser's CORS refusal during discovery means "not here" until nothing answers.
        let blocked = || Answer {
            failure: Some(Failure::Cors),
            ..Answer::default()
        };
        let (purposes, r) = run(
            check("https://shop.example", "read"),
            vec![blocked(), blocked(), blocked()],
        );
        assert_eq!(
            purposes,
            ["discover-root", "discover-root-plain", "discover-home-link"]
        );
        assert_eq!(codes(&r.errors), ["CORS_BLOCKED"]);
        assert!(!r.ok);
        let (_, r) = run(
            check("https://shop.example", "read"),
            vec![
                blocked(),
                answer(200, INDEX),
                answer(200, "[]"),
                answer(404, "{}"),
            ],
        );
        assert!(
            r.ok,
            "plain permalinks found after a CORS-blocked /wp-json/: {r:?}"
        );
        assert_eq!(r.store.permalinks, Some("plain"));
    }

    #[test]
    fn unknown_key_over_https_is_told_apart_from_a_stripped_header() {
        // Basic ignores an unknown key (anonymous: cannot_view), in the header and in the query;
        // OAuth then names it. Found by tests/js/keys-e2e.mjs against the sandbox.
        let not_seen = || {
            answer(
                401,
                r#"{"code":"woocommerce_rest_cannot_view","message":"x","data":{"status":401}}"#,
            )
        };
        let mut c = check("https://shop.example", "read");
        let mut urls = Vec::new();
        let mut answers = vec![
            answer(200, INDEX),
            not_seen(),
            not_seen(),
            woo("Consumer key is invalid."),
        ]
        .into_iter();
        while let Some(request) = c.next(NOW) {
            urls.push(request.url.clone());
            c.feed(&answers.next().unwrap(), NOW);
        }
        assert!(
            urls[3].contains("oauth_signature="),
            "third try signs with OAuth: {}",
            urls[3]
        );
        let r = c.report();
        assert_eq!(codes(&r.errors), ["KEY_INVALID"]);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn redirects_during_discovery_are_reported() {
        let mut moved = answer(301, "");
        moved.location = Some("https://shop.example/wp-json/".into());
        let (_, r) = run(check("http://shop.example", "read"), vec![moved]);
        assert_eq!(codes(&r.errors), ["REDIRECTED"]);
        assert!(r.errors[0]
            .message
            .contains("https://shop.example/wp-json/"));
    }

    #[test]
    fn without_a_date_header_the_clock_is_guessed() {
        let skewed = || woo("Invalid timestamp.");
        let (purposes, r) = run(
            check("http://shop.example", "read"),
            vec![
                answer(200, INDEX),
                skewed(),
                skewed(),
                answer(200, "[]"),
                answer(404, "{}"),
            ],
        );
        assert_eq!(
            purposes,
            [
                "discover-root",
                "check-read",
                "check-read",
                "check-read",
                "check-write"
            ]
        );
        assert!(r.ok);
        assert_eq!(r.store.clock_offset, Some(-1800));
        assert_eq!(
            codes(&r.warnings)
                .iter()
                .filter(|c| **c == "CLOCK_SKEW")
                .count(),
            1
        );
        let (_, r) = run(
            check("http://shop.example", "read"),
            vec![answer(200, INDEX), skewed(), skewed(), skewed()],
        );
        assert_eq!(codes(&r.errors), ["CLOCK_REJECTED"]);
        assert!(r.errors[0]
            .message
            .contains("cannot read the store's Date header"));
    }

    #[test]
    fn an_api_root_from_the_link_header_is_used() {
        let mut home = answer(200, "<html>");
        home.link = Some(r#"<https://shop.example/api/>; rel="https://api.w.org/""#.into());
        let mut c = check("https://shop.example", "read");
        let answers = vec![
            answer(404, ""),
            answer(404, ""),
            home,
            answer(200, INDEX),
            answer(200, "[]"),
            answer(404, "{}"),
        ];
        let mut urls = Vec::new();
        for a in answers {
            urls.push(c.next(NOW).unwrap().url);
            c.feed(&a, NOW);
        }
        assert!(
            urls[4].starts_with("https://shop.example/api/wc/v3/products?"),
            "{}",
            urls[4]
        );
    }

    #[test]
    fn refused_signature_reports_the_base_string() {
        let (_, r) = run(
            check("http://shop.example", "read"),
            vec![
                answer(200, INDEX),
                woo("Invalid signature - provided signature does not match."),
            ],
        );
        assert_eq!(codes(&r.errors), ["SIGNATURE_REJECTED"]);
        assert!(
            r.key
                .base_string
                .as_deref()
                .is_some_and(|b| b.starts_with("GET&http%3A%2F%2Fshop.example")),
            "{:?}",
            r.key.base_string
        );
    }
}

//! The sandbox's options: one struct for tests that start it in-process, and the same options
//! on the command line (`cargo xtask sandbox --help`).

use std::path::PathBuf;

/// How the seed keys are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedKeys {
    /// The fixed, documented keys of [`crate::FIXED_SEED_KEYS`].
    Fixed,
    /// New random keys at every start (read them from `/__sandbox/state` or
    /// [`crate::Sandbox::seed_keys`]).
    Random,
}

/// Everything the sandbox can be told. Each store quirk is off by default.
#[derive(Debug, Clone)]
pub struct Config {
    /// HTTP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// HTTPS port on 127.0.0.1 (0 picks a free one); `None` turns HTTPS off.
    pub https_port: Option<u16>,
    /// Plain permalinks only: `/?rest_route=/wc/v3/…` and `?wc-auth-version=1&wc-auth-route=…`;
    /// `/wp-json/` and `/wc-auth/v1/` answer 404.
    pub plain_permalinks: bool,
    /// WordPress in a subdirectory, e.g. `/shop`: home is `http://127.0.0.1:P/shop`.
    pub subdir: Option<String>,
    /// The home URL's `host[:port]` when it differs from the one requested (e.g. `shop.test`):
    /// WooCommerce signs with the configured home, not with what the client typed.
    pub home_host: Option<String>,
    /// The web server drops the `Authorization` header before WordPress sees it.
    pub strip_authorization: bool,
    /// The store's clock runs this many seconds ahead (negative: behind).
    pub clock_skew: i64,
    /// Every plain-HTTP request is answered `301` to the same URL over HTTPS.
    pub redirect_https: bool,
    /// More response headers a browser may read cross-origin (e.g. `Date`), added to
    /// `Access-Control-Expose-Headers` as a `rest_exposed_cors_headers` filter adds them.
    pub expose_headers: Option<String>,
    /// Test-only: the first this many REST requests (CORS preflights aside) are answered
    /// `429 Too Many Requests` with `Retry-After: 1`, as a rate-limiting plugin would.
    pub rate_limit: u32,
    /// Where to write the CA certificate (PEM).
    pub ca_out: Option<PathBuf>,
    /// A file holding the CA's private key (PEM), shared by sandboxes: read when it exists, made
    /// and written otherwise. Without it each start makes a new CA.
    pub ca_key: Option<PathBuf>,
    /// Where to write the state JSON (URLs, seed keys, admin) once listening.
    pub state_out: Option<PathBuf>,
    pub seed_keys: SeedKeys,
    pub admin_user: String,
    pub admin_password: String,
    /// Print a JSON line per request on standard output.
    pub log_requests: bool,
    /// Stop the store's clock at this Unix time (for replaying recorded requests such as the
    /// signed-request corpus); `clock_skew` is added to it.
    pub frozen_clock: Option<i64>,
    /// More keys to put in the table at start: `(permissions, consumer key, consumer secret)`.
    pub extra_keys: Vec<(crate::Permission, String, String)>,
}

impl Default for Config {
    /// Free ports, HTTPS on, random seed keys, no request log: what a test wants.
    fn default() -> Self {
        Config {
            port: 0,
            https_port: Some(0),
            plain_permalinks: false,
            subdir: None,
            home_host: None,
            strip_authorization: false,
            clock_skew: 0,
            redirect_https: false,
            rate_limit: 0,
            expose_headers: None,
            ca_out: None,
            ca_key: None,
            state_out: None,
            seed_keys: SeedKeys::Random,
            admin_user: "admin".into(),
            admin_password: "password".into(),
            log_requests: false,
            frozen_clock: None,
            extra_keys: Vec::new(),
        }
    }
}

/// The command line's usage text.
pub const USAGE: &str = "\
usage: wc-sandbox [options]   (or: cargo xtask sandbox [options])

A local stand-in for a WooCommerce store on 127.0.0.1: REST API with WooCommerce's key
authentication, wc-auth, webhooks, and an admin page for keys.

options:
  --port N               HTTP port (default 8081; 0 = any free port)
  --https-port N         HTTPS port (default 8443; 0 = any free port)
  --no-https             no HTTPS listener
  --ca-out PATH          write the HTTPS CA certificate (PEM) there
  --ca-key PATH          keep the CA's key in this file (read it if it exists): sandboxes
                         started with the same file share one CA
  --state-out PATH       write URLs, seed keys and admin login (JSON) there once listening
  --seed-keys fixed|random   fixed documented keys (default) or new random ones
  --admin-user NAME      sandbox admin login (default admin)
  --admin-password PW    sandbox admin password (default password)
  --quiet                no JSON log line per request

store quirks (each off by default):
  --plain-permalinks     only /?rest_route=… and ?wc-auth-version=1&wc-auth-route=…
  --subdir /shop         WordPress installed in a subdirectory
  --home-host HOST[:PORT]  home URL host differs from the one requested
  --strip-authorization  the server drops the Authorization header
  --clock-skew N         store clock N seconds ahead (negative: behind)
  --redirect-https       answer every http:// request with 301 to https://
  --expose-headers LIST  also expose these headers to browsers (e.g. Date), as a
                         rest_exposed_cors_headers filter does

test-only:
  --rate-limit N         answer the first N REST requests 429 with Retry-After: 1
";

impl Config {
    /// The command line's defaults: fixed ports 8081/8443, fixed seed keys, request log on.
    pub fn cli_defaults() -> Config {
        Config {
            port: 8081,
            https_port: Some(8443),
            seed_keys: SeedKeys::Fixed,
            log_requests: true,
            ..Config::default()
        }
    }

    /// Reads command-line options over [`Config::cli_defaults`].
    pub fn from_args(args: &[String]) -> Result<Config, String> {
        let mut config = Config::cli_defaults();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |name: &str| {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            let port = |name: &str, text: String| {
                text.parse::<u16>()
                    .map_err(|_| format!("{name}: '{text}' is not a port number"))
            };
            match arg.as_str() {
                "--port" => config.port = port("--port", value("--port")?)?,
                "--https-port" => {
                    config.https_port = Some(port("--https-port", value("--https-port")?)?);
                }
                "--no-https" => config.https_port = None,
                "--plain-permalinks" => config.plain_permalinks = true,
                "--subdir" => {
                    let dir = value("--subdir")?;
                    let trimmed = dir.trim_matches('/');
                    if trimmed.is_empty()
                        || !trimmed
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/'))
                    {
                        return Err(format!(
                            "--subdir: '{dir}' is not a folder name such as /shop"
                        ));
                    }
                    config.subdir = Some(format!("/{trimmed}"));
                }
                "--home-host" => {
                    let host = value("--home-host")?;
                    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
                        return Err(format!("--home-host: '{host}' is not a host[:port]"));
                    }
                    config.home_host = Some(host);
                }
                "--strip-authorization" => config.strip_authorization = true,
                "--clock-skew" => {
                    let text = value("--clock-skew")?;
                    config.clock_skew = text.parse().map_err(|_| {
                        format!("--clock-skew: '{text}' is not a number of seconds")
                    })?;
                }
                "--redirect-https" => config.redirect_https = true,
                "--expose-headers" => {
                    let list = value("--expose-headers")?;
                    if list.trim().is_empty()
                        || !list
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b',' | b' '))
                    {
                        return Err(format!(
                            "--expose-headers: '{list}' is not a list of header names"
                        ));
                    }
                    config.expose_headers = Some(list);
                }
                "--rate-limit" => {
                    let text = value("--rate-limit")?;
                    config.rate_limit = text.parse().map_err(|_| {
                        format!("--rate-limit: '{text}' is not a number of requests")
                    })?;
                }
                "--ca-out" => config.ca_out = Some(PathBuf::from(value("--ca-out")?)),
                "--ca-key" => config.ca_key = Some(PathBuf::from(value("--ca-key")?)),
                "--state-out" => config.state_out = Some(PathBuf::from(value("--state-out")?)),
                "--seed-keys" => {
                    config.seed_keys = match value("--seed-keys")?.as_str() {
                        "fixed" => SeedKeys::Fixed,
                        "random" => SeedKeys::Random,
                        other => {
                            return Err(format!("--seed-keys: '{other}' is not fixed or random"))
                        }
                    };
                }
                "--admin-user" => config.admin_user = value("--admin-user")?,
                "--admin-password" => config.admin_password = value("--admin-password")?,
                "--quiet" => config.log_requests = false,
                other => return Err(format!("unknown option '{other}'\n\n{USAGE}")),
            }
        }
        if config.redirect_https && config.https_port.is_none() {
            return Err("--redirect-https needs the HTTPS listener (drop --no-https)".into());
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn parses_every_option() {
        let c = Config::from_args(&args(&[
            "--port",
            "9000",
            "--https-port",
            "0",
            "--plain-permalinks",
            "--subdir",
            "shop/",
            "--home-host",
            "shop.test:8080",
            "--strip-authorization",
            "--clock-skew",
            "-600",
            "--redirect-https",
            "--rate-limit",
            "2",
            "--expose-headers",
            "Date, Retry-After",
            "--ca-out",
            "/tmp/ca.pem",
            "--seed-keys",
            "random",
            "--quiet",
        ]))
        .map_err(|e| e.to_string());
        let Ok(c) = c else {
            unreachable!("{c:?}");
        };
        assert_eq!((c.port, c.https_port), (9000, Some(0)));
        assert!(c.plain_permalinks && c.strip_authorization && c.redirect_https);
        assert_eq!(c.subdir.as_deref(), Some("/shop"));
        assert_eq!(c.home_host.as_deref(), Some("shop.test:8080"));
        assert_eq!(c.clock_skew, -600);
        assert_eq!(c.rate_limit, 2);
        assert_eq!(c.expose_headers.as_deref(), Some("Date, Retry-After"));
        assert_eq!(c.seed_keys, SeedKeys::Random);
        assert!(!c.log_requests);
    }

    #[test]
    fn refuses_bad_options() {
        for bad in [
            &["--port", "x"][..],
            &["--subdir", "/"],
            &["--home-host", "a/b"],
            &["--seed-keys", "some"],
            &["--bogus"],
            &["--no-https", "--redirect-https"],
            &["--clock-skew"],
            &["--rate-limit", "-1"],
            &["--expose-headers", "Date\r\nX: y"],
        ] {
            assert!(Config::from_args(&args(bad)).is_err(), "{bad:?}");
        }
    }
}

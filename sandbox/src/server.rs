//! The listeners: HTTP and HTTPS on 127.0.0.1, a thread per connection, one request per
//! connection. A panic while answering is caught and answered 500; the server goes on.

use crate::config::Config;
use crate::http::{read_request, write_response, ReadError, Response};
use crate::keys::Permission;
use crate::state::{SeedKey, Shared};
use crate::tls::Tls;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

const IO_TIMEOUT: Duration = Duration::from_secs(15);

/// A running sandbox store. Dropping it stops the listeners.
pub struct Sandbox {
    shared: Arc<Shared>,
    http: SocketAddr,
    https: Option<SocketAddr>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

fn bind(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))
}

impl Sandbox {
    /// Starts the listeners, seeds the store, writes the CA and state files when asked.
    pub fn start(config: Config) -> Result<Sandbox, String> {
        let http_listener = bind(config.port)?;
        let http = http_listener.local_addr().map_err(|e| e.to_string())?;
        let https_listener = match config.https_port {
            Some(port) => Some(bind(port)?),
            None => None,
        };
        let https = match &https_listener {
            Some(l) => Some(l.local_addr().map_err(|e| e.to_string())?),
            None => None,
        };
        let tls = match https {
            Some(_) => Some(Tls::generate(
                config.home_host.as_deref(),
                crate::clock::now(config.clock_skew),
                config.ca_key.as_deref(),
            )?),
            None => None,
        };
        if let (Some(path), Some(tls)) = (&config.ca_out, &tls) {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(path, &tls.ca_pem).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let state_out = config.state_out.clone();
        let shared = Shared::new(config, tls, http.port(), https.map(|a| a.port())).into_arc();
        let stop = Arc::new(AtomicBool::new(false));
        let mut threads = Vec::new();
        for (listener, is_https) in [(Some(http_listener), false), (https_listener, true)] {
            let Some(listener) = listener else { continue };
            let shared = Arc::clone(&shared);
            let stop = Arc::clone(&stop);
            threads.push(std::thread::spawn(move || {
                accept_loop(&listener, &shared, is_https, &stop)
            }));
        }
        let sandbox = Sandbox {
            shared,
            http,
            https,
            stop,
            threads,
        };
        if let Some(path) = state_out {
            std::fs::write(&path, sandbox.state_json())
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(sandbox)
    }

    /// `http://127.0.0.1:P`.
    pub fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.http.port())
    }

    /// `https://127.0.0.1:Q`, if HTTPS is on.
    pub fn https_url(&self) -> Option<String> {
        self.https
            .map(|a| format!("https://127.0.0.1:{}", a.port()))
    }

    /// The store's home URL as seen over HTTP (subdirectory and `--home-host` included).
    pub fn home_url(&self) -> String {
        self.shared.http_home().url(false, "")
    }

    /// The seed keys in plain text.
    pub fn seed_keys(&self) -> &[SeedKey] {
        &self.shared.seeds
    }

    /// The seed key with this permission.
    pub fn seed_key(&self, permissions: Permission) -> Option<&SeedKey> {
        self.shared
            .seeds
            .iter()
            .find(|s| s.permissions == permissions)
    }

    /// The admin login and password.
    pub fn admin(&self) -> (&str, &str) {
        (
            &self.shared.config.admin_user,
            &self.shared.config.admin_password,
        )
    }

    /// The HTTPS CA certificate (PEM).
    pub fn ca_pem(&self) -> Option<&str> {
        self.shared.tls.as_ref().map(|t| t.ca_pem.as_str())
    }

    /// base64 SHA-256 of the HTTPS certificate's public key, for Chromium's
    /// `--ignore-certificate-errors-spki-list`.
    pub fn spki_sha256(&self) -> Option<&str> {
        self.shared.tls.as_ref().map(|t| t.spki_sha256.as_str())
    }

    /// A certificate chain and key (PEM) for `names`, signed by the sandbox CA, so that a test's
    /// own HTTPS server (a wc-auth callback or webhook receiver) is trusted by the sandbox.
    pub fn issue_certificate(&self, names: &[&str]) -> Result<(String, String), String> {
        let tls = self.shared.tls.as_ref().ok_or("HTTPS is off")?;
        let names: Vec<String> = names.iter().map(|s| (*s).to_string()).collect();
        tls.issue_pem(&names, self.shared.now())
    }

    /// What `/__sandbox/state` answers.
    pub fn state_json(&self) -> String {
        crate::sandbox_pages::state(&self.shared).encode()
    }

    /// The text printed at start: URLs, admin login, seed keys, HTTPS trust.
    pub fn banner(&self) -> String {
        let home = self.shared.http_home();
        let mut text = format!(
            "wc-sandbox: a local WooCommerce stand-in\n  store:      {}\n  REST API:   {}\n  keys admin: {}\n  admin:      {} / {}\n  state:      {}/__sandbox/state\n",
            home.url(false, "/"),
            home.rest_url(false, "/wc/v3"),
            home.url(false, "wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys"),
            self.shared.config.admin_user,
            self.shared.config.admin_password,
            self.http_url(),
        );
        if let Some(url) = self.https_url() {
            text.push_str(&format!(
                "  HTTPS:      {url}/ (store home over HTTPS: {})\n",
                self.shared
                    .home_for(self.https.map_or(0, |a| a.port()))
                    .url(true, "/")
            ));
            if let Some(path) = &self.shared.config.ca_out {
                text.push_str(&format!(
                    "  CA:         {} (NODE_EXTRA_CA_CERTS)\n",
                    path.display()
                ));
            }
            if let Some(spki) = self.spki_sha256() {
                text.push_str(&format!(
                    "  Chromium:   --ignore-certificate-errors-spki-list={spki}\n"
                ));
            }
        }
        text.push_str("  seed keys:\n");
        for seed in &self.shared.seeds {
            text.push_str(&format!(
                "    {:<10} {}  {}\n",
                seed.permissions.as_str(),
                seed.consumer_key,
                seed.consumer_secret
            ));
        }
        let c = &self.shared.config;
        let mut quirks = Vec::new();
        if c.plain_permalinks {
            quirks.push("plain permalinks".to_string());
        }
        if let Some(s) = &c.subdir {
            quirks.push(format!("subdirectory {s}"));
        }
        if let Some(h) = &c.home_host {
            quirks.push(format!("home host {h}"));
        }
        if c.strip_authorization {
            quirks.push("Authorization stripped".into());
        }
        if c.clock_skew != 0 {
            quirks.push(format!("clock skew {}s", c.clock_skew));
        }
        if c.redirect_https {
            quirks.push("http→https redirect".into());
        }
        if let Some(list) = &c.expose_headers {
            quirks.push(format!("exposes {list} to browsers"));
        }
        if c.rate_limit > 0 {
            quirks.push(format!("first {} REST requests answered 429", c.rate_limit));
        }
        if !quirks.is_empty() {
            text.push_str(&format!("  quirks:     {}\n", quirks.join(", ")));
        }
        text
    }

    /// Blocks until the listeners stop (never, unless dropped from another thread).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for addr in [Some(self.http), self.https].into_iter().flatten() {
            let _ = TcpStream::connect_timeout(&addr, Duration::from_millis(200));
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, https: bool, stop: &AtomicBool) {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(shared);
        std::thread::spawn(move || connection(stream, &shared, https, port));
    }
}

fn connection(stream: TcpStream, shared: &Shared, https: bool, port: u16) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_nodelay(true);
    if !https {
        let mut stream = stream;
        exchange(&mut stream, shared, false, port);
        return;
    }
    let Some(tls) = &shared.tls else { return };
    let Ok(conn) = rustls::ServerConnection::new(Arc::clone(&tls.server)) else {
        return;
    };
    let mut tls_stream = rustls::StreamOwned::new(conn, stream);
    exchange(&mut tls_stream, shared, true, port);
    tls_stream.conn.send_close_notify();
    let _ = tls_stream.flush();
}

fn exchange<S: Read + Write>(stream: &mut S, shared: &Shared, https: bool, port: u16) {
    let response = match read_request(stream, https, port) {
        Ok(req) => {
            let head = req.method.eq_ignore_ascii_case("HEAD");
            let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::wp::handle(shared, req)
            }));
            let response = answer.unwrap_or_else(|_| {
                Response::text(500, "The sandbox failed while answering this request.\n")
            });
            let _ = write_response(stream, &response, head);
            return;
        }
        Err(ReadError::Closed) => return,
        Err(ReadError::Bad(why)) => Response::text(400, &format!("{why}\n")),
    };
    let _ = write_response(stream, &response, false);
}

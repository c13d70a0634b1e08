//! `cargo xtask sandbox [options]`: builds and runs the sandbox store (`sandbox/`, crate
//! `wc-sandbox`) in the foreground on 127.0.0.1, with its CA written to
//! `target/sandbox/ca.pem` unless `--ca-out` says otherwise. `--help` lists the options.
//!
//! [`start_child`] starts it in the background for other commands (`demo`, tests) and returns
//! its URLs once it listens.

use crate::util::{root, sh};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The built sandbox binary (after [`build`]).
fn binary() -> PathBuf {
    root().join("target/debug/wc-sandbox")
}

/// `cargo build -p wc-sandbox`.
pub fn build() -> Result<(), String> {
    sh(Command::new("cargo")
        .args(["build", "--quiet", "--package", "wc-sandbox"])
        .current_dir(root()))
}

/// The CA file the sandbox writes when the caller names none.
pub fn default_ca_path() -> PathBuf {
    root().join("target/sandbox/ca.pem")
}

/// `cargo xtask sandbox [options]`: runs in the foreground until Ctrl-C.
pub fn run(args: &[String]) -> Result<(), String> {
    build()?;
    let mut cmd = Command::new(binary());
    cmd.args(args);
    if !args
        .iter()
        .any(|a| a == "--ca-out" || a == "--help" || a == "-h")
    {
        cmd.arg("--ca-out").arg(default_ca_path());
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {}: {e}", binary().display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the sandbox stopped ({status})"))
    }
}

/// A sandbox running in the background; stopped when dropped.
pub struct SandboxChild {
    child: Child,
    /// `http://127.0.0.1:P`.
    pub http_url: String,
    /// `https://127.0.0.1:Q`.
    pub https_url: String,
    /// The CA certificate file (for `NODE_EXTRA_CA_CERTS`).
    pub ca_file: PathBuf,
    /// What the sandbox printed at start (URLs, admin login, seed keys).
    pub banner: String,
}

impl Drop for SandboxChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the sandbox and starts it in the background with the fixed seed keys:
/// HTTP on `port`, HTTPS on `https_port` (0 = any free port), `extra` options after those
/// (e.g. `--plain-permalinks`). Returns once the state file is written (it is listening).
pub fn start_child(port: u16, https_port: u16, extra: &[&str]) -> Result<SandboxChild, String> {
    build()?;
    let dir = root().join("target/sandbox");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let state_file = dir.join(format!("state-{port}.json"));
    let ca_file = dir.join(format!("ca-{port}.pem"));
    let _ = std::fs::remove_file(&state_file);
    let child = Command::new(binary())
        .args([
            "--port",
            &port.to_string(),
            "--https-port",
            &https_port.to_string(),
        ])
        .args(["--seed-keys", "fixed", "--quiet", "--state-out"])
        .arg(&state_file)
        .arg("--ca-out")
        .arg(&ca_file)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary().display()))?;
    let mut running = SandboxChild {
        child,
        http_url: String::new(),
        https_url: String::new(),
        ca_file,
        banner: String::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let state = loop {
        if let Ok(text) = std::fs::read_to_string(&state_file) {
            if text.ends_with('}') {
                break text;
            }
        }
        if let Ok(Some(status)) = running.child.try_wait() {
            return Err(format!(
                "the sandbox exited ({status}); is port {port} or {https_port} taken?"
            ));
        }
        if Instant::now() > deadline {
            return Err("the sandbox did not start within 20 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    running.http_url = json_string(&state, "http_url").unwrap_or_default();
    running.https_url = json_string(&state, "https_url").unwrap_or_default();
    running.banner = banner_from_state(&state);
    Ok(running)
}

/// The first `"name":"value"` string in a JSON text (the state file's top-level URLs come
/// first, before any nested object reuses a name).
fn json_string(json: &str, name: &str) -> Option<String> {
    let start = json.find(&format!("\"{name}\":\""))? + name.len() + 4;
    let rest = json.get(start..)?;
    let end = rest.find('"')?;
    Some(rest.get(..end)?.replace("\\/", "/"))
}

/// URLs, admin login and seed keys, from the state file.
fn banner_from_state(state: &str) -> String {
    let mut text = format!(
        "sandbox store: {}\n  HTTPS:      {}\n  REST API:   {}wc/v3\n  keys admin: {}\n  admin:      {} / {}\n  state:      {}/__sandbox/state\n  seed keys:\n",
        json_string(state, "home_url").unwrap_or_default(),
        json_string(state, "https_url").unwrap_or_default(),
        json_string(state, "rest_url").unwrap_or_default(),
        json_string(state, "keys_page").unwrap_or_default(),
        json_string(state, "user").unwrap_or_default(),
        json_string(state, "password").unwrap_or_default(),
        json_string(state, "http_url").unwrap_or_default(),
    );
    if let Some(seeds) = state
        .split("\"seed_keys\":[")
        .nth(1)
        .and_then(|s| s.split(']').next())
    {
        for seed in seeds.split("},{") {
            text.push_str(&format!(
                "    {:<10} {}  {}\n",
                json_string(seed, "permissions").unwrap_or_default(),
                json_string(seed, "consumer_key").unwrap_or_default(),
                json_string(seed, "consumer_secret").unwrap_or_default()
            ));
        }
    }
    text
}

/// The CA every sandbox of a test run chains to: its key file (`--ca-key`) and its certificate,
/// made before any Node process starts so that `NODE_EXTRA_CA_CERTS` can name it.
pub fn test_ca() -> Result<(PathBuf, PathBuf), String> {
    let dir = root().join("target/sandbox");
    let key = dir.join("test-ca-key.pem");
    let cert = dir.join("test-ca.pem");
    let key_text = key.display().to_string();
    let first = start_child(0, 0, &["--ca-key", &key_text])?;
    std::fs::copy(&first.ca_file, &cert).map_err(|e| format!("{}: {e}", cert.display()))?;
    Ok((key, cert))
}

/// The sandbox binary's path, for tests that start their own.
pub fn binary_path() -> PathBuf {
    binary()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_state_file() {
        let state = r#"{"home_url":"http:\/\/127.0.0.1:8081","http_url":"http:\/\/127.0.0.1:8081","https_url":"https:\/\/127.0.0.1:8443","rest_url":"http:\/\/127.0.0.1:8081\/wp-json\/","admin":{"user":"admin","password":"pw","keys_page":"k"},"seed_keys":[{"key_id":1,"permissions":"read","consumer_key":"ck_1","consumer_secret":"cs_1"},{"key_id":2,"permissions":"write","consumer_key":"ck_2","consumer_secret":"cs_2"}]}"#;
        assert_eq!(
            json_string(state, "https_url").as_deref(),
            Some("https://127.0.0.1:8443")
        );
        let banner = banner_from_state(state);
        assert!(banner.contains("REST API:   http://127.0.0.1:8081/wp-json/wc/v3"));
        assert!(banner.contains("admin / pw"));
        assert!(banner.contains("read       ck_1  cs_1"));
        assert!(banner.contains("write      ck_2  cs_2"));
    }
}

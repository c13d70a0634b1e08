//! Test helpers: start a sandbox, send raw HTTP/1.1 (and HTTPS trusting the sandbox CA), sign
//! with the `wc-keys` library.
#![allow(dead_code)]

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use wc_sandbox::{Config, Permission, Sandbox, SeedKey};

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
    /// `code` of a WordPress error body.
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_string()
    }
    pub fn message(&self) -> String {
        self.json()["message"].as_str().unwrap_or("").to_string()
    }
}

pub fn start(config: Config) -> Sandbox {
    Sandbox::start(config).expect("sandbox starts")
}

pub fn seed(sandbox: &Sandbox, p: Permission) -> SeedKey {
    sandbox.seed_key(p).expect("seed key").clone()
}

fn client_config(ca_pem: &str) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(cert.expect("CA PEM")).expect("CA");
    }
    Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth(),
    )
}

/// Sends one request; `url` is absolute (`http://127.0.0.1:P/...` or `https://…`); `target`
/// overrides the request-target written on the wire.
pub fn raw(
    sandbox: &Sandbox,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let https = url.starts_with("https://");
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let (authority, target) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let tcp = TcpStream::connect(authority).expect("connect");
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .ok();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = Vec::new();
    if https {
        let config = client_config(sandbox.ca_pem().expect("CA"));
        let name = ServerName::try_from("127.0.0.1".to_string()).expect("name");
        let conn = rustls::ClientConnection::new(config, name).expect("tls");
        let mut s = rustls::StreamOwned::new(conn, tcp);
        s.write_all(head.as_bytes()).expect("write");
        s.write_all(body).expect("write");
        let _ = s.read_to_end(&mut out);
    } else {
        let mut s = tcp;
        s.write_all(head.as_bytes()).expect("write");
        s.write_all(body).expect("write");
        let _ = s.read_to_end(&mut out);
    }
    parse(&out)
}

pub fn parse(raw: &[u8]) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&raw[split + 4..]).into_owned(),
    }
}

pub fn get(sandbox: &Sandbox, url: &str) -> Resp {
    raw(sandbox, "GET", url, &[], b"")
}

/// Signs with the `wc-keys` library (header placement unless `placement` says otherwise).
pub fn sign(method: &str, url: &str, key: &SeedKey, opts: Opts) -> wc_keys::Signed {
    let input = wc_keys::SignInput {
        method: method.to_string(),
        url: url.to_string(),
        consumer_key: wc_keys::ConsumerKey::new(key.consumer_key.clone()),
        consumer_secret: wc_keys::ConsumerSecret::new(key.consumer_secret.clone()),
        form: opts.form.map(|f| wc_keys::FormInput::Text(f.to_string())),
        signature_method: opts.signature_method.map(str::to_string),
        placement: opts.placement.map(str::to_string),
        timestamp: opts.timestamp.map(|t| t as f64),
        clock_offset: None,
        nonce: opts.nonce.map(str::to_string),
        home_url: opts.home_url,
        strict: false,
    };
    wc_keys::sign(input, wc_keys::unix_now()).expect("signs")
}

#[derive(Default, Clone)]
pub struct Opts {
    pub form: Option<&'static str>,
    pub signature_method: Option<&'static str>,
    pub placement: Option<&'static str>,
    pub timestamp: Option<i64>,
    pub nonce: Option<&'static str>,
    pub home_url: Option<String>,
}

/// Sends what `sign` produced.
pub fn send_signed(sandbox: &Sandbox, signed: &wc_keys::Signed, extra: &[(&str, &str)]) -> Resp {
    let mut headers: Vec<(&str, &str)> = signed
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    headers.extend_from_slice(extra);
    let body = signed.body.clone().unwrap_or_default();
    raw(
        sandbox,
        &signed.method,
        &signed.url,
        &headers,
        body.as_bytes(),
    )
}

pub fn state(sandbox: &Sandbox) -> serde_json::Value {
    serde_json::from_str(&sandbox.state_json()).expect("state JSON")
}

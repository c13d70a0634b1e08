//! HTTPS material made at start: a local CA (written to a file so Node can trust it with
//! `NODE_EXTRA_CA_CERTS`) and a server certificate it signs for `127.0.0.1`, `localhost` and the
//! `--home-host` name. Chromium can be told to accept the server certificate with
//! `--ignore-certificate-errors-spki-list=<spki_sha256>`.

use crate::php::base64_encode;
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PublicKeyData,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;

pub(crate) struct Tls {
    pub ca_pem: String,
    ca_params: CertificateParams,
    ca_key: KeyPair,
    ca_der: CertificateDer<'static>,
    pub server: Arc<rustls::ServerConfig>,
    pub client: Arc<rustls::ClientConfig>,
    /// base64 of SHA-256 of the server certificate's SubjectPublicKeyInfo.
    pub spki_sha256: String,
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn err(context: &str) -> impl Fn(rcgen::Error) -> String + '_ {
    move |e| format!("{context}: {e}")
}

/// Validity from yesterday to `days` from now (`now` in seconds).
fn validity(params: &mut CertificateParams, now: i64, days: i64) {
    let ymd = |t: i64| {
        let (y, m, d) = crate::clock::ymd(t);
        date_time_ymd(
            i32::try_from(y).unwrap_or(2000),
            u8::try_from(m).unwrap_or(1),
            u8::try_from(d).unwrap_or(1),
        )
    };
    params.not_before = ymd(now.saturating_sub(86_400));
    params.not_after = ymd(now.saturating_add(days.saturating_mul(86_400)));
}

/// The CA key kept in `path`: read when the file exists, else made and written (the first of
/// several sandboxes started at once wins; the others read its file).
fn shared_ca_key(path: &std::path::Path) -> Result<KeyPair, String> {
    use std::io::Write;
    if let Ok(pem) = std::fs::read_to_string(path) {
        return KeyPair::from_pem(&pem).map_err(err("CA key file"));
    }
    let key = KeyPair::generate().map_err(err("CA key"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(key.serialize_pem().as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let pem =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            KeyPair::from_pem(&pem).map_err(err("CA key file"))
        }
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

impl Tls {
    /// A CA and a server certificate for `127.0.0.1`, `localhost` and `extra_host`. With
    /// `ca_key_file`, the CA's key is read from that file (or made and written there when it does
    /// not exist yet), so every sandbox of a test run chains to one CA that Node trusts from start.
    pub(crate) fn generate(
        extra_host: Option<&str>,
        now: i64,
        ca_key_file: Option<&std::path::Path>,
    ) -> Result<Tls, String> {
        let ca_key = match ca_key_file {
            None => KeyPair::generate().map_err(err("CA key"))?,
            Some(path) => shared_ca_key(path)?,
        };
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(err("CA"))?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "wc-sandbox local CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        validity(&mut ca_params, now, 3650);
        let ca_cert = ca_params
            .self_signed(&ca_key)
            .map_err(err("CA certificate"))?;
        let ca_der = ca_cert.der().clone();
        let ca_pem = ca_cert.pem();

        let mut tls = Tls {
            ca_pem,
            ca_params,
            ca_key,
            ca_der,
            server: Arc::new(
                rustls::ServerConfig::builder_with_provider(provider())
                    .with_safe_default_protocol_versions()
                    .map_err(|e| e.to_string())?
                    .with_no_client_auth()
                    .with_cert_resolver(
                        Arc::new(rustls::server::ResolvesServerCertUsingSni::new()),
                    ),
            ),
            client: Arc::new(
                rustls::ClientConfig::builder_with_provider(provider())
                    .with_safe_default_protocol_versions()
                    .map_err(|e| e.to_string())?
                    .with_root_certificates(rustls::RootCertStore::empty())
                    .with_no_client_auth(),
            ),
            spki_sha256: String::new(),
        };
        let mut names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
        if let Some(host) = extra_host {
            let host = host.split(':').next().unwrap_or(host);
            if !host.is_empty() && !names.iter().any(|n| n == host) {
                names.push(host.to_string());
            }
        }
        let (chain, key, spki) = tls.issue(&names, now)?;
        tls.spki_sha256 = base64_encode(&sha256(&spki));
        tls.server = Arc::new(
            rustls::ServerConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_no_client_auth()
                .with_single_cert(chain, key)
                .map_err(|e| format!("server certificate: {e}"))?,
        );
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(tls.ca_der.clone())
            .map_err(|e| format!("CA certificate: {e}"))?;
        tls.client = Arc::new(
            rustls::ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_root_certificates(roots)
                .with_no_client_auth(),
        );
        Ok(tls)
    }

    /// A certificate chain (leaf, CA) and key for these names, signed by the sandbox CA, and the
    /// leaf's SubjectPublicKeyInfo.
    #[allow(clippy::type_complexity)]
    fn issue(
        &self,
        names: &[String],
        now: i64,
    ) -> Result<
        (
            Vec<CertificateDer<'static>>,
            PrivateKeyDer<'static>,
            Vec<u8>,
        ),
        String,
    > {
        let key = KeyPair::generate().map_err(err("server key"))?;
        let mut params = CertificateParams::new(names.to_vec()).map_err(err("server"))?;
        params.distinguished_name.push(
            DnType::CommonName,
            names.first().map_or("localhost", String::as_str),
        );
        validity(&mut params, now, 30);
        let issuer = Issuer::from_params(&self.ca_params, &self.ca_key);
        let cert = params
            .signed_by(&key, &issuer)
            .map_err(err("server certificate"))?;
        let spki = key.subject_public_key_info();
        let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        Ok((vec![cert.der().clone(), self.ca_der.clone()], key_der, spki))
    }

    /// PEM certificate (with the CA after it) and PEM key for `names`, for a test's own HTTPS
    /// server that the sandbox should trust (an HTTPS wc-auth callback or webhook receiver).
    pub(crate) fn issue_pem(&self, names: &[String], now: i64) -> Result<(String, String), String> {
        let key = KeyPair::generate().map_err(err("key"))?;
        let mut params = CertificateParams::new(names.to_vec()).map_err(err("certificate"))?;
        validity(&mut params, now, 30);
        let issuer = Issuer::from_params(&self.ca_params, &self.ca_key);
        let cert = params
            .signed_by(&key, &issuer)
            .map_err(err("certificate"))?;
        Ok((
            format!("{}{}", cert.pem(), self.ca_pem),
            key.serialize_pem(),
        ))
    }
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

//! The sandbox's own outgoing HTTP: a small HTTP/1.1 client for wc-auth callbacks and webhook
//! deliveries. It connects to loopback addresses only (nothing leaves the machine); HTTPS
//! receivers must present a certificate the sandbox CA signed (`Sandbox::issue_certificate`).

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// What came back.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub status: u16,
}

/// A URL split into what the client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub https: bool,
    pub host: String,
    pub port: u16,
    pub path: String,
}

/// Splits `http(s)://host[:port]/path?query`.
pub(crate) fn parse_target(url: &str) -> Option<Target> {
    let (https, rest) = if let Some(r) = strip_prefix_ci(url, "https://") {
        (true, r)
    } else {
        (false, strip_prefix_ci(url, "http://")?)
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end)?;
    let path = rest.get(end..).unwrap_or("");
    let path = path.split('#').next().unwrap_or("");
    let path = if path.is_empty() {
        "/".to_string()
    } else if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_string()
    };
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']')?;
        let host = v6.get(..close)?;
        let port = v6.get(close.saturating_add(1)..)?.strip_prefix(':');
        (host.to_string(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    let port = match port {
        Some(p) => p.parse().ok()?,
        None if https => 443,
        None => 80,
    };
    if host.is_empty() {
        return None;
    }
    Some(Target {
        https,
        host: host.to_ascii_lowercase(),
        port,
        path,
    })
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Whether a host is this machine's loopback (`127.0.0.0/8`, `::1`, `localhost`).
pub(crate) fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    host.trim_matches(['[', ']'])
        .parse::<IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

fn loopback_addr(target: &Target) -> Option<SocketAddr> {
    let ip: IpAddr =
        if target.host.eq_ignore_ascii_case("localhost") || target.host.ends_with(".localhost") {
            IpAddr::from([127, 0, 0, 1])
        } else {
            target.host.parse().ok()?
        };
    ip.is_loopback().then_some(SocketAddr::new(ip, target.port))
}

/// POSTs `body` to a loopback URL and reads the answer. `Err` carries a message in the style of
/// WordPress's HTTP errors.
pub(crate) fn post(
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    timeout: Duration,
    tls: Option<&Arc<rustls::ClientConfig>>,
) -> Result<Answer, String> {
    let target = parse_target(url).ok_or("A valid URL was not provided.")?;
    let Some(addr) = loopback_addr(&target) else {
        return Err(format!(
            "The sandbox delivers only to loopback addresses; {} was not contacted.",
            target.host
        ));
    };
    let tcp = TcpStream::connect_timeout(&addr, timeout).map_err(|e| {
        format!(
            "cURL error 7: Failed to connect to {} port {}: {e}",
            target.host, target.port
        )
    })?;
    let _ = tcp.set_read_timeout(Some(timeout));
    let _ = tcp.set_write_timeout(Some(timeout));
    let host_header =
        if (target.https && target.port == 443) || (!target.https && target.port == 80) {
            target.host.clone()
        } else {
            format!("{}:{}", target.host, target.port)
        };
    let mut head = format!("POST {} HTTP/1.1\r\nHost: {host_header}\r\n", target.path);
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut raw = Vec::new();
    if target.https {
        let config = tls.ok_or("cURL error 35: the sandbox has no TLS client")?;
        let name = rustls::pki_types::ServerName::try_from(target.host.clone())
            .map_err(|e| format!("cURL error 60: {e}"))?;
        let conn = rustls::ClientConnection::new(Arc::clone(config), name)
            .map_err(|e| format!("cURL error 35: {e}"))?;
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        exchange(&mut stream, head.as_bytes(), body, &mut raw)?;
    } else {
        let mut stream = tcp;
        exchange(&mut stream, head.as_bytes(), body, &mut raw)?;
    }
    parse_answer(&raw).ok_or_else(|| "cURL error 52: Empty reply from server".to_string())
}

fn exchange<S: Read + Write>(
    stream: &mut S,
    head: &[u8],
    body: &[u8],
    raw: &mut Vec<u8>,
) -> Result<(), String> {
    stream
        .write_all(head)
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush())
        .map_err(|e| format!("cURL error 55: {e}"))?;
    // Read until the peer closes (or the TLS session ends without close_notify).
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(buf.get(..n).unwrap_or_default()),
            Err(e) if raw.is_empty() => return Err(format!("cURL error 56: {e}")),
            Err(_) => break,
        }
        if raw.len() > 4 * 1024 * 1024 {
            break;
        }
    }
    Ok(())
}

fn parse_answer(raw: &[u8]) -> Option<Answer> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(raw.get(..split)?);
    let status_line = head.lines().next()?;
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    Some(Answer { status })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        assert_eq!(
            parse_target("http://127.0.0.1:9000/cb?x=1"),
            Some(Target {
                https: false,
                host: "127.0.0.1".into(),
                port: 9000,
                path: "/cb?x=1".into()
            })
        );
        assert_eq!(
            parse_target("HTTPS://LocalHost").map(|t| (t.host, t.port, t.path)),
            Some(("localhost".into(), 443, "/".into()))
        );
        assert_eq!(
            parse_target("http://[::1]:81?q").map(|t| (t.host, t.port, t.path)),
            Some(("::1".into(), 81, "/?q".into()))
        );
        assert_eq!(parse_target("ftp://x"), None);
        assert!(is_loopback("127.9.9.9") && is_loopback("localhost") && is_loopback("[::1]"));
        assert!(!is_loopback("10.0.0.1") && !is_loopback("example.com"));
    }

    #[test]
    fn refuses_non_loopback_without_connecting() {
        let r = post(
            "http://203.0.113.9/x",
            &[],
            b"",
            Duration::from_millis(10),
            None,
        );
        assert!(r.is_err_and(|e| e.contains("loopback")));
    }
}

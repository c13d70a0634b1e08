//! A small static file server on 127.0.0.1 for the demo page: `/` is `www/`, `/pkg/` is `pkg/`.
//! Threads, GET and HEAD only, no directory listings, nothing outside the two folders.

use crate::util::root;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// `cargo xtask demo` / `serve`: `--port N` (default 8080).
pub fn demo(args: &[String]) -> Result<(), String> {
    let mut port: u16 = 8080;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--port" => {
                let value = iter.next().ok_or("--port needs a number")?;
                port = value
                    .parse()
                    .map_err(|_| format!("--port: '{value}' is not a port number"))?;
            }
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (pass --port to use another port)")
    })?;
    let actual = listener.local_addr().map_err(|e| e.to_string())?.port();
    let root = root();
    let mounts = vec![
        ("/pkg/".to_string(), root.join("pkg")),
        ("/".to_string(), root.join("www")),
    ];
    println!("wc-keys demo: http://127.0.0.1:{actual}/");
    println!("(Ctrl-C stops it)");
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let mounts = mounts.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &mounts);
        });
    }
    Ok(())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a URL path names, or `None` when it is outside the mounts.
fn resolve(mounts: &[(String, PathBuf)], url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let (prefix, dir) = mounts
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix.as_str()))?;
    let relative = path.strip_prefix(prefix.as_str())?;
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    };
    let relative = Path::new(&relative);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    Some(dir.join(relative))
}

fn handle(stream: TcpStream, mounts: &[(String, PathBuf)]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"GET and HEAD only\n",
            method == "HEAD",
        );
    }
    match resolve(mounts, target).and_then(|p| std::fs::read(&p).ok().map(|body| (p, body))) {
        Some((path, body)) => respond(
            &mut out,
            "200 OK",
            content_type(&path),
            &body,
            method == "HEAD",
        ),
        None => respond(
            &mut out,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method == "HEAD",
        ),
    }
}

fn respond(
    out: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(header.as_bytes())?;
    if !head {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_mounts_only() {
        let mounts = vec![
            ("/pkg/".to_string(), PathBuf::from("/p")),
            ("/".to_string(), PathBuf::from("/w")),
        ];
        assert_eq!(resolve(&mounts, "/"), Some(PathBuf::from("/w/index.html")));
        assert_eq!(
            resolve(&mounts, "/pkg/index.mjs?x"),
            Some(PathBuf::from("/p/index.mjs"))
        );
        assert_eq!(resolve(&mounts, "/../etc/passwd"), None);
        assert_eq!(resolve(&mounts, "/pkg/../../x"), None);
    }
}

//! HTTP/1.1 on a byte stream: reading one request, writing one response. One request per
//! connection (`Connection: close`), which every client handles and keeps the server simple.

use std::io::{BufRead, BufReader, Read, Write};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// The method as sent (PHP's `REQUEST_METHOD` keeps its case).
    pub method: String,
    /// The request target as sent: PHP's `REQUEST_URI`.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Came over the HTTPS listener (WordPress's `is_ssl()`).
    pub https: bool,
    /// The port of the listener it came in on.
    pub local_port: u16,
}

impl Request {
    /// The first header of that name (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// The path part of the target (before `?`).
    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The query string, without `?` (PHP's `QUERY_STRING`).
    pub(crate) fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    /// Whether the body is a form PHP would parse into `$_POST`.
    pub(crate) fn is_form(&self) -> bool {
        self.header("content-type").is_some_and(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
    }

    /// Whether the body is JSON (WordPress's `WP_REST_Request::is_json_content_type`).
    pub(crate) fn is_json(&self) -> bool {
        self.header("content-type").is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            let media = t.split(';').next().unwrap_or("").trim().to_string();
            media == "application/json" || media.ends_with("+json")
        })
    }
}

/// A response to write.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub(crate) fn new(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn html(status: u16, body: String) -> Response {
        let mut r = Response::new(status);
        r.set_header("Content-Type", "text/html; charset=UTF-8");
        r.body = body.into_bytes();
        r
    }

    pub(crate) fn text(status: u16, body: &str) -> Response {
        let mut r = Response::new(status);
        r.set_header("Content-Type", "text/plain; charset=UTF-8");
        r.body = body.as_bytes().to_vec();
        r
    }

    pub(crate) fn redirect(status: u16, location: &str) -> Response {
        let mut r = Response::new(status);
        r.set_header("Location", location);
        r
    }

    /// Replaces a header (PHP's `header()` with `$replace = true`).
    pub(crate) fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
    }

    /// Adds a header without replacing (`header( …, false )`).
    pub(crate) fn add_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_string(), value.to_string()));
    }
}

/// Why a request could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed or timed out before a request: nothing to answer.
    Closed,
    /// A malformed request: answer 400 with this text.
    Bad(&'static str),
}

/// Reads one request from a stream. `Expect: 100-continue` is answered before the body.
pub(crate) fn read_request<S: Read + Write>(
    stream: &mut S,
    https: bool,
    local_port: u16,
) -> Result<Request, ReadError> {
    let mut reader = BufReader::new(&mut *stream);
    let mut head_len = 0usize;
    let mut line = String::new();
    // Skip empty lines before the request line (RFC 9112 section 2.2).
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(|_| ReadError::Closed)?;
        if n == 0 {
            return Err(ReadError::Closed);
        }
        head_len = head_len.saturating_add(n);
        if !line.trim().is_empty() {
            break;
        }
        if head_len > MAX_HEAD {
            return Err(ReadError::Bad("request head too large"));
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().ok_or(ReadError::Bad("no method"))?.to_string();
    let target = parts.next().ok_or(ReadError::Bad("no target"))?.to_string();
    let version = parts.next().unwrap_or("HTTP/1.0").to_string();
    if !version.starts_with("HTTP/1.") || !method.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ReadError::Bad("not an HTTP/1.x request"));
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(|_| ReadError::Closed)?;
        head_len = head_len.saturating_add(n);
        if head_len > MAX_HEAD {
            return Err(ReadError::Bad("request head too large"));
        }
        if n == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let chunked =
        find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let length: Option<usize> = match find("content-length") {
        Some(v) => Some(
            v.trim()
                .parse()
                .map_err(|_| ReadError::Bad("bad Content-Length"))?,
        ),
        None => None,
    };
    if length.is_some_and(|l| l > MAX_BODY) {
        return Err(ReadError::Bad("body too large"));
    }
    let expects_continue = find("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    if expects_continue && (chunked || length.is_some_and(|l| l > 0)) {
        let inner = reader.get_mut();
        let _ = inner.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        let _ = inner.flush();
    }
    let body = if chunked {
        read_chunked(&mut reader)?
    } else if let Some(length) = length {
        let mut body = vec![0u8; length];
        reader
            .read_exact(&mut body)
            .map_err(|_| ReadError::Bad("body shorter than Content-Length"))?;
        body
    } else {
        Vec::new()
    };
    Ok(Request {
        method,
        target,
        headers,
        body,
        https,
        local_port,
    })
}

fn read_chunked<R: BufRead>(reader: &mut R) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader
            .read_line(&mut size_line)
            .map_err(|_| ReadError::Bad("bad chunk"))?;
        let size_text = size_line.trim().split(';').next().unwrap_or("");
        let size =
            usize::from_str_radix(size_text, 16).map_err(|_| ReadError::Bad("bad chunk size"))?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                let mut trailer = String::new();
                let n = reader
                    .read_line(&mut trailer)
                    .map_err(|_| ReadError::Closed)?;
                if n == 0 || trailer.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len().saturating_add(size) > MAX_BODY {
            return Err(ReadError::Bad("body too large"));
        }
        let start = body.len();
        body.resize(start.saturating_add(size), 0);
        reader
            .read_exact(body.get_mut(start..).unwrap_or_default())
            .map_err(|_| ReadError::Bad("short chunk"))?;
        let mut crlf = String::new();
        let _ = reader.read_line(&mut crlf);
    }
}

/// The reason phrase WordPress's `status_header()` sends.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        413 => "Request Entity Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        _ => "Unknown",
    }
}

/// Writes a response; for HEAD the body is left out (its length still announced).
pub(crate) fn write_response<W: Write>(
    out: &mut W,
    response: &Response,
    head: bool,
) -> std::io::Result<()> {
    let mut text = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        text.push_str(name);
        text.push_str(": ");
        text.push_str(value);
        text.push_str("\r\n");
    }
    text.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    out.write_all(text.as_bytes())?;
    if !head {
        out.write_all(&response.body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    struct Duplex {
        input: Cursor<Vec<u8>>,
        output: Vec<u8>,
    }
    impl Read for Duplex {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.input.read(buf)
        }
    }
    impl Write for Duplex {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.output.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn parse(raw: &str) -> Result<Request, ReadError> {
        let mut d = Duplex {
            input: Cursor::new(raw.as_bytes().to_vec()),
            output: Vec::new(),
        };
        read_request(&mut d, false, 80)
    }

    #[test]
    fn reads_a_request_with_body() {
        let r = parse("POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nc=2")
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        assert_eq!(
            (r.method.as_str(), r.path(), r.query()),
            ("POST", "/a", "b=1")
        );
        assert_eq!(r.body, b"c=2");
        assert!(r.is_form());
    }

    #[test]
    fn reads_chunked_bodies() {
        let r = parse("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x\r\nde\r\n0\r\n\r\n")
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        assert_eq!(r.body, b"abcde");
    }

    #[test]
    fn refuses_garbage() {
        assert!(matches!(parse("hello\r\n\r\n"), Err(ReadError::Bad(_))));
        assert!(matches!(parse(""), Err(ReadError::Closed)));
    }
}

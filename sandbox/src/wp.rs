//! WordPress's front controller as the sandbox needs it: which request is the REST API (pretty
//! `/wp-json/…`, `/index.php/wp-json/…`, or `rest_route` from `$_POST`/`$_GET`), which is
//! wc-auth, the admin pages, the front page, and everything else a 404. The store quirks that
//! change this (plain permalinks, a subdirectory, a stripped `Authorization` header, an
//! http→https redirect) are applied here.

use crate::http::{Request, Response};
use crate::pages;
use crate::php::{parse_str, urldecode, PhpArray, Value};
use crate::rest::{self, RestInput};
use crate::state::Shared;
use crate::trace::Trace;

/// Answers one request and logs it.
pub(crate) fn handle(shared: &Shared, mut req: Request) -> Response {
    let now = shared.now();
    if shared.config.strip_authorization {
        req.remove_header("authorization");
    }
    let mut trace = Trace::new(&req);
    let mut response = route(shared, &req, now, &mut trace);
    // The web server's Date header, from the store's (possibly skewed) clock.
    response.set_header("Date", &crate::clock::http(now));
    trace.status = response.status;
    let entry = trace.to_json(now);
    if shared.config.log_requests && trace.kind != "sandbox" {
        println!("{}", entry.encode());
    }
    if trace.kind != "sandbox" {
        shared.store().record(entry);
    }
    response
}

fn string(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_bytes)
        .map(|b| String::from_utf8_lossy(b).into_owned())
}

fn truthy(value: Option<&Value>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// `route_from_request_uri()`: the REST route the raw request URI names, as WooCommerce reads it.
fn uri_route(req: &Request, get: &PhpArray, home_path: &str) -> String {
    if let Some(route) = string(get.get_str("rest_route")) {
        return route.trim_matches('/').to_string();
    }
    let mut path = req.path().trim_matches('/').to_string();
    let home = home_path.trim_matches('/');
    if !home.is_empty()
        && path
            .to_ascii_lowercase()
            .starts_with(&home.to_ascii_lowercase())
    {
        path = path
            .get(home.len()..)
            .unwrap_or("")
            .trim_matches('/')
            .to_string();
    }
    if let Some(rest) = path.strip_prefix("index.php/") {
        path = rest.to_string();
    }
    path.strip_prefix("wp-json/")
        .map(|r| r.trim_matches('/').to_string())
        .unwrap_or_default()
}

fn route(shared: &Shared, req: &Request, now: i64, trace: &mut Trace) -> Response {
    let path = req.path().to_string();
    if path.starts_with("/__sandbox/") {
        trace.kind = "sandbox";
        return crate::sandbox_pages::handle(shared, &path);
    }
    if shared.config.redirect_https && !req.https {
        if let Some(port) = shared.https_port {
            trace.kind = "redirect";
            let mut r = Response::redirect(301, &format!("https://127.0.0.1:{port}{}", req.target));
            r.set_header("X-Redirect-By", "sandbox --redirect-https");
            return r;
        }
    }
    let home = shared.home_for(req.local_port);
    let rel = if home.path.is_empty() {
        path.clone()
    } else if path == home.path {
        let query = req.query();
        let target = if query.is_empty() {
            format!("{path}/")
        } else {
            format!("{path}/?{query}")
        };
        return Response::redirect(301, &target);
    } else if let Some(rest) = path.strip_prefix(&format!("{}/", home.path)) {
        format!("/{rest}")
    } else {
        return Response::text(404, "Not Found\n");
    };
    let get = parse_str(req.query().as_bytes());
    let post = if req.method.eq_ignore_ascii_case("POST") && req.is_form() {
        parse_str(&req.body)
    } else {
        PhpArray::new()
    };
    let decoded = String::from_utf8_lossy(&urldecode(rel.as_bytes())).into_owned();
    let trimmed = decoded.trim_matches('/');
    let pathinfo = if trimmed == "index.php" {
        ""
    } else {
        trimmed.strip_prefix("index.php/").unwrap_or(trimmed)
    };

    // wc-auth: WC_Auth::handle_auth_requests() runs first on parse_request.
    if truthy(get.get_str("wc-auth-version")) && truthy(get.get_str("wc-auth-route")) {
        let route = string(get.get_str("wc-auth-route")).unwrap_or_default();
        return crate::wc_auth::handle(shared, req, &home, &route, &get, &post, now, trace);
    }
    if !home.plain {
        if let Some(route) = pathinfo.strip_prefix("wc-auth/v1/") {
            if !route.is_empty() {
                return crate::wc_auth::handle(shared, req, &home, route, &get, &post, now, trace);
            }
        }
    }

    // The REST API: rest_route from $_POST, then $_GET, then the pretty permalink.
    let post_route = post.get_str("rest_route");
    let get_route = get.get_str("rest_route");
    if let (Some(p), Some(g)) = (post_route, get_route) {
        if p != g {
            return pages::die(400, "WordPress", "A variable mismatch has been detected.");
        }
    }
    let resolved = match post_route.or(get_route) {
        Some(v) if !v.is_empty() => string(Some(v)),
        Some(_) => None,
        None if !home.plain && (pathinfo == "wp-json" || pathinfo.starts_with("wp-json/")) => {
            Some(format!(
                "/{}",
                pathinfo.get(7..).unwrap_or("").trim_start_matches('/')
            ))
        }
        None => None,
    };
    if let Some(resolved) = resolved {
        trace.kind = "rest";
        let input = RestInput {
            route: resolved,
            uri_route: uri_route(req, &get, &home.path),
            get: &get,
            post: &post,
        };
        return rest::serve(shared, req, &home, &input, now, trace);
    }

    match pathinfo {
        "wp-login.php" => crate::admin::login(shared, req, &home, &get, &post, trace),
        "wp-admin/admin.php" => crate::admin::keys(shared, req, &home, &get, &post, now, trace),
        p if p == "wp-admin" || p.starts_with("wp-admin/") => Response::redirect(
            302,
            &home.url(
                req.https,
                "wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys",
            ),
        ),
        "" => pages::front(&home.url(req.https, ""), home.plain),
        _ => pages::not_found(),
    }
}

//! The WordPress REST server as WooCommerce's routes meet it (`WP_REST_Server::serve_request`):
//! the headers every answer carries, WooCommerce's authentication for `wc/` routes, the method
//! override, WooCommerce's permission-by-method check before dispatch, routing, parameter
//! validation before permission callbacks, errors as `{"code","message","data"}`, `Allow`,
//! no-cache headers for authenticated requests and CORS as `rest_send_cors_headers()` sends it.

use crate::auth::{self, AuthInput, AuthMethod, Outcome};
use crate::http::{Request, Response};
use crate::json::Json;
use crate::params::{php_to_json, Params};
use crate::php::{urlencode, PhpArray};
use crate::site::Home;
use crate::state::Shared;
use crate::trace::Trace;
use crate::wp_error::WpError;

/// One REST call, after authentication.
pub(crate) struct Call<'a> {
    pub shared: &'a Shared,
    pub params: Params,
    /// The logged-in user (the key's owner), if any.
    pub user: Option<i64>,
    pub home: &'a Home,
    pub https: bool,
    pub now: i64,
    /// `$request->get_query_params()`, for pagination links.
    pub query: &'a PhpArray,
}

impl Call<'_> {
    /// Whether the authenticated user may manage the store (`manage_woocommerce`).
    pub(crate) fn can_manage(&self) -> bool {
        self.user
            .and_then(|id| self.shared.user(id))
            .is_some_and(|u| u.can_manage)
    }

    /// The `(?P<id>[\d]+)` route parameter, 0 when absent or not a number (`(int) $request['id']`).
    pub(crate) fn route_id(&self) -> i64 {
        self.params
            .url
            .iter()
            .find(|(k, _)| k == "id")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0)
    }

    /// The `_links` of one resource: `self` and its `collection` (`/wc/v3/{collection}`).
    pub(crate) fn resource_links(&self, collection: &str, id: i64) -> Json {
        let link = |href: String| Json::Arr(vec![Json::obj([("href", Json::Str(href))])]);
        let route = format!("/wc/v3/{collection}");
        Json::obj([
            (
                "self",
                link(self.home.rest_url(self.https, &format!("{route}/{id}"))),
            ),
            ("collection", link(self.home.rest_url(self.https, &route))),
        ])
    }

    /// `add_query_arg( 'page', $n, add_query_arg( $query_params, rest_url( $route ) ) )`.
    pub(crate) fn page_link(&self, route: &str, page: i64) -> String {
        let mut params: Vec<(String, String)> = Vec::new();
        if self.home.plain {
            params.push(("rest_route".into(), route.to_string()));
        }
        let query = php_to_json(self.query);
        if let Json::Obj(pairs) = &query {
            for (k, v) in pairs {
                if let Json::Str(s) = v {
                    match params.iter_mut().find(|(name, _)| name == k) {
                        Some(slot) => slot.1 = s.clone(),
                        None => params.push((k.clone(), s.clone())),
                    }
                }
            }
        }
        match params.iter_mut().find(|(name, _)| name == "page") {
            Some(slot) => slot.1 = page.to_string(),
            None => params.push(("page".into(), page.to_string())),
        }
        let base = if self.home.plain {
            self.home.url(self.https, "/")
        } else {
            self.home.rest_url(self.https, route)
        };
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v.as_bytes())))
            .collect();
        format!("{base}?{}", query.join("&"))
    }
}

/// A handler's answer.
pub(crate) struct Reply {
    pub status: u16,
    pub data: Json,
    pub headers: Vec<(String, String)>,
}

impl Reply {
    pub(crate) fn new(status: u16, data: Json) -> Reply {
        Reply {
            status,
            data,
            headers: Vec::new(),
        }
    }
}

/// `rest_authorization_required_code()`.
pub(crate) fn auth_code(call: &Call<'_>) -> u16 {
    if call.user.is_some() {
        403
    } else {
        401
    }
}

type Handler = fn(&Call<'_>) -> Result<Reply, WpError>;

/// A registered route: its pattern (`{id}` stands for `(?P<id>[\d]+)`) and handlers by method.
struct Route {
    namespace: &'static str,
    pattern: &'static str,
    handlers: &'static [(&'static [&'static str], Handler)],
}

const READ: &[&str] = &["GET"];
const CREATE: &[&str] = &["POST"];
const EDIT: &[&str] = &["POST", "PUT", "PATCH"];
const DELETE: &[&str] = &["DELETE"];

static ROUTES: &[Route] = &[
    Route {
        namespace: "",
        pattern: "/",
        handlers: &[(READ, index)],
    },
    Route {
        namespace: "wc/v3",
        pattern: "/wc/v3",
        handlers: &[(READ, namespace_index)],
    },
    Route {
        namespace: "wc/v3",
        pattern: "/wc/v3/products",
        handlers: &[
            (READ, crate::products::list),
            (CREATE, crate::products::create),
        ],
    },
    Route {
        namespace: "wc/v3",
        pattern: "/wc/v3/products/batch",
        handlers: &[(EDIT, crate::products::batch)],
    },
    Route {
        namespace: "wc/v3",
        pattern: "/wc/v3/products/{id}",
        handlers: &[
            (READ, crate::products::get),
            (EDIT, crate::products::update),
            (DELETE, crate::products::delete),
        ],
    },
    Route {
        namespace: "wc/v3",
        pattern: "/wc/v3/system_status",
        handlers: &[(READ, system_status)],
    },
    Route {
        namespace: "wc/v3",
        pattern: "/wc/v3/webhooks",
        handlers: &[
            (READ, crate::webhooks::list),
            (CREATE, crate::webhooks::create),
        ],
    },
    Route {
        namespace: "wc/v3",
        pattern: "/wc/v3/webhooks/{id}",
        handlers: &[
            (READ, crate::webhooks::get),
            (EDIT, crate::webhooks::update),
            (DELETE, crate::webhooks::delete),
        ],
    },
];

/// Matches `@^pattern$@i`; returns the `id` for `{id}` routes.
fn match_route(pattern: &str, route: &str) -> Option<Option<String>> {
    match pattern.strip_suffix("{id}") {
        Some(prefix) => {
            let head = route.get(..prefix.len())?;
            let id = route.get(prefix.len()..)?;
            (head.eq_ignore_ascii_case(prefix)
                && !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Some(id.to_string()))
        }
        None => pattern.eq_ignore_ascii_case(route).then_some(None),
    }
}

fn method_allowed(methods: &[&str], method: &str) -> bool {
    methods.contains(&method) || (method == "HEAD" && methods.contains(&"GET"))
}

/// Where the REST request came from.
pub(crate) struct RestInput<'a> {
    /// The route WordPress resolved (`rest_route`), e.g. `/wc/v3/products`.
    pub route: String,
    /// The route the request URI names (what WooCommerce checks), without slashes around.
    pub uri_route: String,
    pub get: &'a PhpArray,
    pub post: &'a PhpArray,
}

fn is_wc_namespace(route: &str) -> bool {
    route.starts_with("wc/") || route.starts_with("wc-")
}

/// `serve_request()` for one REST request.
pub(crate) fn serve(
    shared: &Shared,
    req: &Request,
    home: &Home,
    input: &RestInput<'_>,
    now: i64,
    trace: &mut Trace,
) -> Response {
    let mut response = Response::new(200);
    response.set_header("Content-Type", "application/json; charset=UTF-8");
    response.set_header("X-Robots-Tag", "noindex");
    response.set_header(
        "Link",
        &format!(
            "<{}>; rel=\"https://api.w.org/\"",
            home.rest_url(req.https, "/")
        ),
    );
    response.set_header("X-Content-Type-Options", "nosniff");
    let exposed = match &shared.config.expose_headers {
        Some(extra) => format!("X-WP-Total, X-WP-TotalPages, Link, {extra}"),
        None => "X-WP-Total, X-WP-TotalPages, Link".to_string(),
    };
    response.set_header("Access-Control-Expose-Headers", &exposed);
    response.set_header(
        "Access-Control-Allow-Headers",
        "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type",
    );

    // `_method` in the query, else X-HTTP-Method-Override, decides the method WordPress
    // dispatches (and WooCommerce checks permissions for); the signature uses the real one.
    let method = input
        .get
        .get_str("_method")
        .and_then(|v| v.as_bytes())
        .map(|b| String::from_utf8_lossy(b).to_ascii_uppercase())
        .or_else(|| {
            req.header("x-http-method-override")
                .map(str::to_ascii_uppercase)
        })
        .unwrap_or_else(|| req.method.to_ascii_uppercase());

    let resolved = input.route.trim_matches('/').to_string();
    let outcome = if let Some(error) = rate_limited(shared, req) {
        response.set_header("Retry-After", "1");
        Outcome {
            method: AuthMethod::None,
            user: None,
            error: Some(error),
            offered: "none",
        }
    } else if is_wc_namespace(&input.uri_route) || is_wc_namespace(&resolved) {
        let authorization = req.header("authorization");
        let auth_input = AuthInput {
            method: &req.method,
            request_uri: &req.target,
            https: req.https,
            get: input.get,
            post: input.post,
            authorization,
            home,
            now,
        };
        let mut store = shared.store();
        auth::authenticate(&auth_input, &mut store.keys)
    } else {
        Outcome {
            method: AuthMethod::None,
            user: None,
            error: None,
            offered: "none",
        }
    };
    trace.auth = outcome.offered;
    trace.key = outcome
        .user
        .as_ref()
        .map(|u| format!("…{}", u.truncated_key));

    // rest_authentication_errors: WooCommerce's error, then the out-of-scope check.
    let mut error = outcome.error.clone();
    if error.is_none() && outcome.user.is_some() && !is_wc_namespace(&resolved) {
        let uri = input.uri_route.clone();
        let decoded = String::from_utf8_lossy(&crate::php::urldecode(uri.as_bytes()))
            .trim_matches('/')
            .to_string();
        if resolved != uri && resolved != decoded {
            error = Some(crate::wp_error::auth_error(
                "The provided API key cannot be used to access this endpoint.",
            ));
        }
    }
    let user = if error.is_none() {
        outcome.user.as_ref().map(|u| u.user_id)
    } else {
        None
    };

    let result = match error {
        Some(e) => Err(e),
        None => dispatch(shared, req, home, input, &method, &outcome, user, now),
    };

    // rest_post_dispatch: WooCommerce's WWW-Authenticate when its last attempt was Basic.
    if outcome.error.is_some() && outcome.method == AuthMethod::Basic {
        response.set_header(
            "WWW-Authenticate",
            "Basic realm=\"WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field.\"",
        );
    }
    let (status, data, headers, allow) = match result {
        Ok((reply, allow)) => (reply.status, reply.data, reply.headers, allow),
        Err(e) => {
            trace.error = Some(e.code.clone());
            trace.message = Some(e.message.clone());
            (e.status, e.to_json(), Vec::new(), None)
        }
    };
    response.status = status;
    for (name, value) in headers {
        response.set_header(&name, &value);
    }
    if let Some(allow) = allow {
        response.set_header("Allow", &allow);
    }
    if user.is_some() {
        response.set_header("Expires", "Wed, 11 Jan 1984 05:00:00 GMT");
        response.set_header(
            "Cache-Control",
            "no-cache, must-revalidate, max-age=0, no-store, private",
        );
    }
    // rest_send_cors_headers().
    match req.header("origin") {
        Some(origin) if !origin.is_empty() => {
            response.set_header("Access-Control-Allow-Origin", origin);
            response.set_header(
                "Access-Control-Allow-Methods",
                "OPTIONS, GET, POST, PUT, PATCH, DELETE",
            );
            response.set_header("Access-Control-Allow-Credentials", "true");
            response.add_header("Vary", "Origin");
        }
        _ if method == "GET" && user.is_none() => response.add_header("Vary", "Origin"),
        _ => {}
    }
    response.body = data.encode().into_bytes();
    response
}

/// `--rate-limit N` (test-only): the first N requests, CORS preflights aside, get a 429 as a
/// rate-limiting plugin's `rest_authentication_errors` filter would answer it.
fn rate_limited(shared: &Shared, req: &Request) -> Option<WpError> {
    let preflight = req.method.eq_ignore_ascii_case("OPTIONS")
        && req.header("access-control-request-method").is_some();
    if shared.config.rate_limit == 0 || preflight {
        return None;
    }
    let mut store = shared.store();
    if store.rate_limited >= shared.config.rate_limit {
        return None;
    }
    store.rate_limited = store.rate_limited.saturating_add(1);
    Some(WpError::new(
        "sandbox_rate_limited",
        "Too many requests. Please wait and try again.",
        429,
    ))
}

/// The JSON body, if any: `rest_invalid_json` when it does not parse.
fn json_body(req: &Request) -> Result<Option<Json>, WpError> {
    if !req.is_json() || req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<serde_json::Value>(&req.body) {
        Ok(value) => Ok(Some(Json::from_serde(value))),
        Err(_) => {
            let mut e = WpError::new("rest_invalid_json", "Invalid JSON body passed.", 400);
            e.extra = vec![
                ("json_error_code".into(), Json::Int(4)),
                ("json_error_message".into(), Json::from("Syntax error")),
            ];
            Err(e)
        }
    }
}

/// rest_pre_dispatch (OPTIONS, then WooCommerce's permission check), then routing.
#[allow(clippy::too_many_arguments)]
fn dispatch(
    shared: &Shared,
    req: &Request,
    home: &Home,
    input: &RestInput<'_>,
    method: &str,
    outcome: &Outcome,
    user: Option<i64>,
    now: i64,
) -> Result<(Reply, Option<String>), WpError> {
    let route = {
        let trimmed = input.route.trim_end_matches('/');
        if trimmed.is_empty() {
            "/".to_string()
        } else {
            trimmed.to_string()
        }
    };
    let found = ROUTES
        .iter()
        .find_map(|r| match_route(r.pattern, &route).map(|id| (r, id)));
    let body_params = if req.method.eq_ignore_ascii_case("POST") {
        input.post.clone()
    } else if req.is_form() {
        crate::php::parse_str(&req.body)
    } else {
        PhpArray::new()
    };
    let mut call = Call {
        shared,
        params: Params {
            json: None,
            body: body_params,
            query: input.get.clone(),
            url: Vec::new(),
        },
        user,
        home,
        https: req.https,
        now,
        query: input.get,
    };
    if let Some((_, Some(id))) = &found {
        call.params.url.push(("id".into(), id.clone()));
    }
    let allow = found.as_ref().map(|(r, _)| allowed_methods(r, &call));

    // rest_handle_options_request(): OPTIONS answers 200 for any route, with the matched route's
    // data or an empty array when none matches (so a browser's preflight for a route that does
    // not exist passes, and the request itself then gets rest_no_route).
    let mut result: Option<Reply> = None;
    if method == "OPTIONS" {
        result = Some(match &found {
            Some((r, _)) => Reply::new(200, route_data(r, home, req.https, false)),
            None => Reply::new(200, Json::Arr(Vec::new())),
        });
    }
    // WooCommerce's check_user_permissions(): before any route runs, for any route.
    if let Some(u) = &outcome.user {
        if user.is_some() {
            auth::check_permissions(method, u.permissions)?;
            let mut store = shared.store();
            if let Some(row) = store.keys.get_mut(u.key_id) {
                row.last_access = Some(now);
            }
        }
    }
    if let Some(reply) = result {
        return Ok((reply, allow.flatten()));
    }
    let no_route = || {
        WpError::new(
            "rest_no_route",
            "No route was found matching the URL and request method.",
            404,
        )
    };
    let Some((r, _)) = found else {
        return Err(no_route());
    };
    let Some((_, handler)) = r
        .handlers
        .iter()
        .find(|(methods, _)| method_allowed(methods, method))
    else {
        return Err(no_route());
    };
    call.params.json = json_body(req)?;
    let reply = handler(&call)?;
    Ok((reply, allow.flatten()))
}

/// `rest_send_allow_header()`: the route's methods whose permission check passes.
fn allowed_methods(route: &Route, call: &Call<'_>) -> Option<String> {
    let can = call
        .user
        .and_then(|id| call.shared.user(id))
        .is_some_and(|u| u.can_manage);
    let mut methods: Vec<&str> = Vec::new();
    for (list, _) in route.handlers {
        if route.namespace.is_empty() || route.pattern == "/wc/v3" || can {
            methods.extend(list.iter().copied());
        }
    }
    (!methods.is_empty()).then(|| methods.join(", "))
}

/// A route as the index describes it.
fn route_data(route: &Route, home: &Home, https: bool, with_link: bool) -> Json {
    let methods: Vec<Json> = route
        .handlers
        .iter()
        .flat_map(|(m, _)| m.iter().map(|s| Json::from(*s)))
        .collect();
    let endpoints: Vec<Json> = route
        .handlers
        .iter()
        .map(|(m, _)| {
            Json::obj([
                (
                    "methods",
                    Json::Arr(m.iter().map(|s| Json::from(*s)).collect()),
                ),
                ("args", Json::Arr(Vec::new())),
            ])
        })
        .collect();
    let mut data = Json::obj([
        ("namespace", Json::from(route.namespace)),
        ("methods", Json::Arr(methods)),
        ("endpoints", Json::Arr(endpoints)),
    ]);
    if with_link && !route.pattern.contains('{') {
        data.set(
            "_links",
            Json::obj([(
                "self",
                Json::Arr(vec![Json::obj([(
                    "href",
                    Json::Str(home.rest_url(https, route.pattern)),
                )])]),
            )]),
        );
    }
    data
}

fn route_key(route: &Route) -> String {
    route.pattern.replace("{id}", "(?P<id>[\\d]+)")
}

/// GET / (`/wp-json/`).
fn index(call: &Call<'_>) -> Result<Reply, WpError> {
    let routes: Vec<(String, Json)> = ROUTES
        .iter()
        .map(|r| (route_key(r), route_data(r, call.home, call.https, true)))
        .collect();
    Ok(Reply::new(
        200,
        Json::obj([
            ("name", Json::from("WooCommerce Sandbox")),
            (
                "description",
                Json::from("A local stand-in for a WooCommerce store"),
            ),
            ("url", Json::Str(call.home.url(call.https, ""))),
            ("home", Json::Str(call.home.url(call.https, ""))),
            ("gmt_offset", Json::from("0")),
            ("timezone_string", Json::from("")),
            ("page_for_posts", Json::Int(0)),
            ("page_on_front", Json::Int(0)),
            ("show_on_front", Json::from("posts")),
            ("namespaces", Json::Arr(vec![Json::from("wc/v3")])),
            ("authentication", Json::Arr(Vec::new())),
            ("routes", Json::Obj(routes)),
        ]),
    ))
}

/// GET /wc/v3.
fn namespace_index(call: &Call<'_>) -> Result<Reply, WpError> {
    let routes: Vec<(String, Json)> = ROUTES
        .iter()
        .filter(|r| r.namespace == "wc/v3")
        .map(|r| (route_key(r), route_data(r, call.home, call.https, true)))
        .collect();
    Ok(Reply::new(
        200,
        Json::obj([
            ("namespace", Json::from("wc/v3")),
            ("routes", Json::Obj(routes)),
            (
                "_links",
                Json::obj([(
                    "up",
                    Json::Arr(vec![Json::obj([(
                        "href",
                        Json::Str(call.home.rest_url(call.https, "/")),
                    )])]),
                )]),
            ),
        ]),
    ))
}

/// GET /wc/v3/system_status: a short report in the real one's shape.
fn system_status(call: &Call<'_>) -> Result<Reply, WpError> {
    let can = call
        .user
        .and_then(|id| call.shared.user(id))
        .is_some_and(|u| u.can_manage);
    if !can {
        return Err(WpError::new(
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot list resources.",
            auth_code(call),
        ));
    }
    let home = call.home.url(call.https, "");
    let products = call.shared.store().products.count_published();
    Ok(Reply::new(
        200,
        Json::obj([
            (
                "environment",
                Json::obj([
                    ("home_url", Json::Str(home.clone())),
                    ("site_url", Json::Str(home)),
                    ("version", Json::from("sandbox")),
                    ("wp_version", Json::from("sandbox")),
                    ("wp_multisite", Json::Bool(false)),
                    ("wp_debug_mode", Json::Bool(false)),
                    ("language", Json::from("en_US")),
                    ("server_info", Json::from("wc-sandbox")),
                    ("default_timezone", Json::from("UTC")),
                    ("secure_connection", Json::Bool(call.https)),
                ]),
            ),
            (
                "database",
                Json::obj([("wc_database_version", Json::from("sandbox"))]),
            ),
            ("active_plugins", Json::Arr(Vec::new())),
            ("theme", Json::obj([("name", Json::from("Sandbox"))])),
            (
                "settings",
                Json::obj([
                    ("api_enabled", Json::Bool(true)),
                    ("force_ssl", Json::Bool(call.shared.config.redirect_https)),
                    ("currency", Json::from("USD")),
                ]),
            ),
            (
                "security",
                Json::obj([
                    ("secure_connection", Json::Bool(call.https)),
                    ("hide_errors", Json::Bool(true)),
                ]),
            ),
            ("pages", Json::Arr(Vec::new())),
            (
                "post_type_counts",
                Json::Arr(vec![Json::obj([
                    ("type", Json::from("product")),
                    ("count", Json::from(products.to_string())),
                ])]),
            ),
        ]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_case_insensitively() {
        assert_eq!(
            match_route("/wc/v3/products", "/WC/v3/Products"),
            Some(None)
        );
        assert_eq!(
            match_route("/wc/v3/products/{id}", "/wc/v3/products/12"),
            Some(Some("12".into()))
        );
        assert_eq!(
            match_route("/wc/v3/products/{id}", "/wc/v3/products/x"),
            None
        );
        assert_eq!(
            match_route("/wc/v3/products/{id}", "/wc/v3/products/"),
            None
        );
        assert!(method_allowed(READ, "HEAD"));
        assert!(!method_allowed(CREATE, "HEAD"));
    }
}

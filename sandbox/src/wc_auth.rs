//! The wc-auth endpoint (`WC_Auth`): `/wc-auth/v1/{login,authorize,access_granted}` or
//! `?wc-auth-version=1&wc-auth-route=…`. Parameters are validated on every route and errors are
//! an HTML page with status 401 ("Error: Missing parameter app_name."). Approve creates a key,
//! POSTs it as JSON to `callback_url`, deletes it unless the answer is exactly 200, then
//! redirects to `return_url?success=1&user_id=…`.
//!
//! Like WooCommerce, a `callback_url` must be HTTPS and the safe HTTP client refuses private
//! addresses and ports other than 80, 443 and 8080; the sandbox's one deviation is that loopback
//! callbacks (`http://127.0.0.1:…`, `https://localhost:…`, `[::1]`) are accepted, so local apps
//! and tests can receive keys.

use crate::http::{Request, Response};
use crate::json::Json;
use crate::keys::Permission;
use crate::pages::{die, page};
use crate::php::{rawurlencode, sanitize_text_field, urldecode, PhpArray, Value};
use crate::session;
use crate::site::Home;
use crate::state::{Shared, User};
use crate::trace::Trace;
use crate::url::{add_query_arg, esc_html, esc_url, esc_url_raw, filter_validate_url};
use std::time::Duration;

const PARAMS: [&str; 5] = ["app_name", "user_id", "return_url", "callback_url", "scope"];

/// The validated parameters (`$data` in WooCommerce).
struct Data {
    app_name: String,
    user_id: String,
    return_url: String,
    callback_url: String,
    scope: String,
}

/// `get_formatted_url()`: `urldecode`, then `https://` in front when there is no `://`.
fn formatted(url: &str) -> String {
    let decoded = String::from_utf8_lossy(&urldecode(url.as_bytes())).into_owned();
    if decoded.contains("://") {
        decoded
    } else {
        format!("https://{decoded}")
    }
}

fn wc_clean(text: &str) -> String {
    sanitize_text_field(text.as_bytes())
}

/// `make_validation()`.
fn validate(request: &PhpArray) -> Result<Data, String> {
    let mut values = Vec::new();
    for name in PARAMS {
        match request.get_str(name) {
            None => return Err(format!("Missing parameter {name}")),
            Some(v) if v.is_empty() => return Err(format!("Missing parameter {name}")),
            Some(Value::Arr(_)) => return Err(format!("Invalid parameter {name}")),
            Some(Value::Str(bytes)) => values.push(String::from_utf8_lossy(bytes).into_owned()),
        }
    }
    let mut it = values.into_iter();
    let mut next = || it.next().unwrap_or_default();
    let data = Data {
        app_name: next(),
        user_id: next(),
        return_url: next(),
        callback_url: next(),
        scope: next(),
    };
    if Permission::parse(&data.scope).is_none() {
        return Err(format!("Invalid scope {}", wc_clean(&data.scope)));
    }
    for url in [&data.return_url, &data.callback_url] {
        let url = formatted(url);
        if !filter_validate_url(&url) {
            return Err(format!("The {url} is not a valid URL"));
        }
    }
    let callback = formatted(&data.callback_url);
    let is_https = callback
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("https://"));
    let loopback =
        crate::client::parse_target(&callback).is_some_and(|t| crate::client::is_loopback(&t.host));
    if !is_https && !loopback {
        return Err("The callback_url needs to be over SSL".into());
    }
    Ok(data)
}

/// `build_url( $data, $endpoint )`: WooCommerce's own links between the three routes. With
/// plain permalinks WooCommerce builds them with `add_query_arg( 'wc-auth/v1', $endpoint, … )`,
/// which WordPress does not route back to wc-auth; the sandbox reproduces that.
fn build_url(home: &Home, https: bool, data: &Data, endpoint: &str) -> String {
    let base = if home.plain {
        add_query_arg(&[("wc-auth/v1", endpoint)], &home.url(https, "/"))
    } else {
        format!("{}wc-auth/v1/{endpoint}/", home.url(https, "/"))
    };
    let return_url = rawurlencode(formatted(&data.return_url).as_bytes());
    let callback_url = rawurlencode(formatted(&data.callback_url).as_bytes());
    add_query_arg(
        &[
            ("app_name", &wc_clean(&data.app_name)),
            ("user_id", &wc_clean(&data.user_id)),
            ("return_url", &return_url),
            ("callback_url", &callback_url),
            ("scope", &wc_clean(&data.scope)),
        ],
        &base,
    )
}

fn return_url(data: &Data, success: &str) -> String {
    add_query_arg(
        &[("success", success), ("user_id", &wc_clean(&data.user_id))],
        &formatted(&data.return_url),
    )
}

/// `wp_redirect( esc_url_raw( $url ) )`.
fn redirect(url: &str) -> Response {
    let mut r = Response::redirect(302, &esc_url_raw(url));
    r.set_header("X-Redirect-By", "WordPress");
    r
}

fn scope_label(scope: &str) -> &'static str {
    match scope {
        "read" => "Read",
        "write" => "Write",
        _ => "Read/Write",
    }
}

/// What a scope lets the app do, as the approve page lists it.
fn permissions_in_scope(scope: &str) -> &'static [&'static str] {
    match scope {
        "read" => &[
            "View coupons",
            "View customers",
            "View orders and sales reports",
            "View products",
        ],
        "write" => &[
            "Create webhooks",
            "Create coupons",
            "Create customers",
            "Create orders",
            "Create products",
        ],
        _ => &[
            "Create webhooks",
            "View and manage coupons",
            "View and manage customers",
            "View and manage orders and sales reports",
            "View and manage products",
        ],
    }
}

fn error_page(message: &str) -> Response {
    die(
        401,
        "Access denied",
        &format!("Error: {}.", esc_html(message)),
    )
}

/// Handles one wc-auth request. `route` is the raw route (path part or `wc-auth-route`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn handle(
    shared: &Shared,
    req: &Request,
    home: &Home,
    route: &str,
    get: &PhpArray,
    post: &PhpArray,
    now: i64,
    trace: &mut Trace,
) -> Response {
    trace.kind = "wc-auth";
    let cookie_path = format!("{}/", home.path);
    // WC_Form_Handler::process_login() runs first (on wp_loaded) for the login form's POST.
    let mut notice: Option<String> = None;
    let mut login_response = Response::new(302);
    let mut logged_in: Option<(String, User)> = session::current(shared, req);
    let posted = |name: &str| {
        post.get_str(name)
            .and_then(Value::as_bytes)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    if let (Some(_), Some(username), Some(password)) =
        (posted("login"), posted("username"), posted("password"))
    {
        let nonce = posted("woocommerce-login-nonce").unwrap_or_default();
        if session::verify_nonce(shared, &nonce, "woocommerce-login", "") {
            let username = wc_clean(&username);
            if username.is_empty() {
                notice = Some("Error: Username is required.".into());
            } else {
                match session::log_in(
                    shared,
                    &username,
                    &password,
                    &cookie_path,
                    &mut login_response,
                ) {
                    Some(user) => {
                        let target = posted("redirect")
                            .filter(|r| r.starts_with(&home.url(req.https, "/")))
                            .unwrap_or_else(|| home.url(req.https, "/"));
                        login_response.set_header("Location", &esc_url_raw(&target));
                        let _ = user;
                        return login_response;
                    }
                    None => {
                        notice =
                            Some("Error: The username or password you entered is incorrect.".into())
                    }
                }
            }
        }
    }
    let route = wc_clean(route).to_lowercase();
    let request = get.overlay(post);
    let data = match validate(&request) {
        Ok(data) => data,
        Err(message) => {
            trace.message = Some(message.clone());
            return error_page(&message);
        }
    };
    let can_manage = logged_in.as_ref().is_some_and(|(_, u)| u.can_manage);
    match route.as_str() {
        "login" if logged_in.is_none() => {
            login_page(shared, home, req.https, &data, notice.as_deref())
        }
        "login" => redirect(&build_url(home, req.https, &data, "authorize")),
        "authorize" if logged_in.is_none() => redirect(&build_url(home, req.https, &data, "login")),
        "authorize" if can_manage => match logged_in.take() {
            Some((token, user)) => grant_page(shared, home, req.https, &data, &token, &user),
            None => error_page("You do not have permission to access this page"),
        },
        "access_granted" if can_manage => {
            let token = logged_in.map(|(t, _)| t).unwrap_or_default();
            let given = get
                .get_str("wc_auth_nonce")
                .and_then(Value::as_bytes)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            if !session::verify_nonce(shared, &given, "wc_auth_grant_access", &token) {
                trace.message = Some("Invalid nonce verification".into());
                return error_page("Invalid nonce verification");
            }
            grant(shared, home, req.https, &data, now, trace)
        }
        _ => error_page("You do not have permission to access this page"),
    }
}

fn login_page(
    shared: &Shared,
    home: &Home,
    https: bool,
    data: &Data,
    notice: Option<&str>,
) -> Response {
    let app = esc_html(&wc_clean(&data.app_name));
    let notice = notice.map_or(String::new(), |n| {
        format!("<div class=\"notice\">{}</div>", esc_html(n))
    });
    let body = format!(
        "<h1>{app} would like to connect to your store</h1>{notice}\
         <p>To connect to {app} you need to be logged in. Log in to your store below, or \
         <a href=\"{cancel}\">cancel and return to {app}</a></p>\
         <form method=\"post\" class=\"wc-auth-login\">\
         <label for=\"username\">Username or email address</label><input type=\"text\" name=\"username\" id=\"username\">\
         <label for=\"password\">Password</label><input type=\"password\" name=\"password\" id=\"password\">\
         <p><input type=\"hidden\" name=\"woocommerce-login-nonce\" value=\"{nonce}\">\
         <input type=\"hidden\" name=\"redirect\" value=\"{redirect}\">\
         <button type=\"submit\" class=\"button button-primary wc-auth-login-button\" name=\"login\" value=\"Login\">Login</button></p></form>",
        cancel = esc_url(&return_url(data, "0")),
        nonce = session::nonce(shared, "woocommerce-login", ""),
        redirect = esc_url(&build_url(home, https, data, "authorize")),
    );
    Response::html(200, page("Application authentication request", &body))
}

fn grant_page(
    shared: &Shared,
    home: &Home,
    https: bool,
    data: &Data,
    token: &str,
    user: &User,
) -> Response {
    let app = esc_html(&wc_clean(&data.app_name));
    let scope = wc_clean(&data.scope);
    let items: String = permissions_in_scope(&scope)
        .iter()
        .map(|p| format!("<li>{}</li>", esc_html(p)))
        .collect();
    let granted = add_query_arg(
        &[(
            "wc_auth_nonce",
            &session::nonce(shared, "wc_auth_grant_access", token),
        )],
        &build_url(home, https, data, "access_granted"),
    );
    let logout = add_query_arg(
        &[
            ("action", "logout"),
            (
                "redirect_to",
                &rawurlencode(build_url(home, https, data, "login").as_bytes()),
            ),
        ],
        &home.url(https, "wp-login.php"),
    );
    let body = format!(
        "<h1>{app} would like to connect to your store</h1>\
         <p>This will give \"<strong>{app}</strong>\" <strong>{label}</strong> access which will allow it to:</p>\
         <ul class=\"wc-auth-permissions\">{items}</ul>\
         <p class=\"wc-auth-logged-in-as\">Logged in as {name} <a href=\"{logout}\" class=\"wc-auth-logout\">Logout</a></p>\
         <p class=\"wc-auth-actions\"><a href=\"{granted}\" class=\"button button-primary wc-auth-approve\">Approve</a> \
         <a href=\"{deny}\" class=\"button wc-auth-deny\">Deny</a></p>",
        label = scope_label(&scope),
        name = esc_html(&user.display_name),
        logout = esc_url(&logout),
        granted = esc_url(&granted),
        deny = esc_url(&return_url(data, "0")),
    );
    Response::html(200, page("Application authentication request", &body))
}

/// Approve: create the key, POST it to the callback, keep it only on a 200, redirect.
fn grant(
    shared: &Shared,
    home: &Home,
    https: bool,
    data: &Data,
    now: i64,
    trace: &mut Trace,
) -> Response {
    let permissions = Permission::parse(&data.scope).unwrap_or(Permission::Read);
    let app: String = wc_clean(&data.app_name).chars().take(170).collect();
    let description = format!("{app} - API ({})", crate::clock::mysql(now));
    let (key_id, consumer_key, consumer_secret) =
        shared.store().keys.create(1, &description, permissions);
    let payload = Json::obj([
        ("key_id", Json::Int(key_id)),
        ("user_id", Json::from(data.user_id.as_str())),
        ("consumer_key", Json::from(consumer_key.as_str())),
        ("consumer_secret", Json::from(consumer_secret.as_str())),
        ("key_permissions", Json::from(permissions.as_str())),
    ]);
    let callback = esc_url_raw(&formatted(&data.callback_url));
    let result = if crate::url::wp_http_validate_url(&callback, &home.authority) {
        crate::client::post(
            &callback,
            &[
                (
                    "Content-Type".into(),
                    "application/json;charset=UTF-8".into(),
                ),
                (
                    "User-Agent".into(),
                    format!("WordPress/sandbox; {}", home.url(https, "")),
                ),
            ],
            payload.encode().as_bytes(),
            Duration::from_secs(60),
            shared.tls.as_ref().map(|t| &t.client),
        )
    } else {
        Err("A valid URL was not provided.".into())
    };
    let failure = match result {
        Ok(answer) if answer.status == 200 => None,
        Ok(_) => Some("An error occurred in the request and at the time were unable to send the consumer data".to_string()),
        Err(message) => Some(message),
    };
    if let Some(message) = failure {
        shared.store().keys.remove(key_id);
        trace.message = Some(message.clone());
        return error_page(&message);
    }
    trace.key = Some(crate::trace::mask(&consumer_key));
    redirect(&return_url(data, "1"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::parse_str;

    fn check(query: &str) -> Result<Data, String> {
        validate(&parse_str(query.as_bytes()))
    }

    #[test]
    fn validates_like_woocommerce() {
        let ok = "app_name=App&user_id=7&return_url=https://app.test/r&callback_url=https://app.test/cb&scope=read";
        assert!(check(ok).is_ok());
        assert_eq!(
            check("user_id=1").err().as_deref(),
            Some("Missing parameter app_name")
        );
        assert_eq!(
            check("app_name=0&user_id=1").err().as_deref(),
            Some("Missing parameter app_name")
        );
        assert_eq!(
            check("app_name[]=x").err().as_deref(),
            Some("Invalid parameter app_name")
        );
        assert_eq!(
            check("app_name=A&user_id=1&return_url=r&callback_url=c&scope=admin")
                .err()
                .as_deref(),
            Some("Invalid scope admin")
        );
        assert_eq!(
            check("app_name=A&user_id=1&return_url=a%2520b&callback_url=c&scope=read")
                .err()
                .as_deref(),
            Some("The https://a b is not a valid URL")
        );
        assert_eq!(
            check(
                "app_name=A&user_id=1&return_url=r.test&callback_url=http://app.test/cb&scope=read"
            )
            .err()
            .as_deref(),
            Some("The callback_url needs to be over SSL")
        );
        // The deviation: loopback callbacks over plain HTTP are accepted.
        assert!(check(
            "app_name=A&user_id=1&return_url=r.test&callback_url=http://127.0.0.1:9/cb&scope=write"
        )
        .is_ok());
        // No scheme: https:// is put in front.
        assert_eq!(formatted("app.test/x"), "https://app.test/x");
    }

    #[test]
    fn builds_woocommerce_links() {
        let data = Data {
            app_name: "My App".into(),
            user_id: "u 1".into(),
            return_url: "https://app.test/r?a=1".into(),
            callback_url: "https://app.test/cb".into(),
            scope: "read".into(),
        };
        let pretty = Home {
            authority: "127.0.0.1:8081".into(),
            path: String::new(),
            plain: false,
        };
        assert_eq!(
            build_url(&pretty, false, &data, "authorize"),
            "http://127.0.0.1:8081/wc-auth/v1/authorize/?app_name=My App&user_id=u 1&return_url=https%3A%2F%2Fapp.test%2Fr%3Fa%3D1&callback_url=https%3A%2F%2Fapp.test%2Fcb&scope=read"
        );
        let plain = Home {
            plain: true,
            ..pretty
        };
        assert!(build_url(&plain, false, &data, "login")
            .starts_with("http://127.0.0.1:8081/?wc-auth/v1=login&app_name="));
        assert_eq!(
            return_url(&data, "1"),
            "https://app.test/r?a=1&success=1&user_id=u 1"
        );
        assert_eq!(
            esc_url_raw(&return_url(&data, "1")),
            "https://app.test/r?a=1&success=1&user_id=u%201"
        );
    }
}

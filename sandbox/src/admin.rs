//! The bits of WP Admin a person needs: `wp-login.php` (log in, log out) and WooCommerce >
//! Settings > Advanced > REST API, listing keys (description, `…last7`, user, permissions, last
//! access) with Revoke, and Add key (the secret shown once).

use crate::http::{Request, Response};
use crate::keys::Permission;
use crate::pages::{die, page};
use crate::php::{PhpArray, Value};
use crate::session;
use crate::site::Home;
use crate::state::Shared;
use crate::trace::Trace;
use crate::url::{add_query_arg, esc_html, esc_url};

fn field(array: &PhpArray, name: &str) -> String {
    array
        .get_str(name)
        .and_then(Value::as_bytes)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

fn keys_url(home: &Home, https: bool) -> String {
    home.url(
        https,
        "wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys",
    )
}

/// `wp-login.php`: GET shows the form, POST logs in, `action=logout` logs out.
pub(crate) fn login(
    shared: &Shared,
    req: &Request,
    home: &Home,
    get: &PhpArray,
    post: &PhpArray,
    trace: &mut Trace,
) -> Response {
    trace.kind = "admin";
    let cookie_path = format!("{}/", home.path);
    let same_site = |url: &str| {
        url.starts_with(&home.url(req.https, "/")) || url.starts_with(&home.url(!req.https, "/"))
    };
    if field(get, "action") == "logout" {
        let target = field(get, "redirect_to");
        let target = if same_site(&target) {
            target
        } else {
            home.url(req.https, "wp-login.php?loggedout=true")
        };
        let mut response = Response::redirect(302, &target);
        session::log_out(shared, req, &cookie_path, &mut response);
        return response;
    }
    let redirect_to = {
        let posted = field(post, "redirect_to");
        let asked = if posted.is_empty() {
            field(get, "redirect_to")
        } else {
            posted
        };
        if same_site(&asked) {
            asked
        } else {
            keys_url(home, req.https)
        }
    };
    let mut notice = String::new();
    if req.method.eq_ignore_ascii_case("POST") {
        let mut response = Response::redirect(302, &redirect_to);
        if session::log_in(
            shared,
            &field(post, "log"),
            &field(post, "pwd"),
            &cookie_path,
            &mut response,
        )
        .is_some()
        {
            return response;
        }
        notice =
            "<div class=\"notice\">Error: The username or password you entered is incorrect.</div>"
                .into();
    }
    let body = format!(
        "<h1>Log in to the sandbox store</h1>{notice}<form method=\"post\" action=\"{action}\">\
         <label for=\"user_login\">Username or Email Address</label><input type=\"text\" name=\"log\" id=\"user_login\">\
         <label for=\"user_pass\">Password</label><input type=\"password\" name=\"pwd\" id=\"user_pass\">\
         <input type=\"hidden\" name=\"redirect_to\" value=\"{redirect}\">\
         <p><button type=\"submit\" class=\"button button-primary\" name=\"wp-submit\" id=\"wp-submit\">Log In</button></p></form>",
        action = esc_url(&home.url(req.https, "wp-login.php")),
        redirect = esc_html(&redirect_to),
    );
    Response::html(200, page("Log In ‹ WooCommerce Sandbox", &body))
}

/// `wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys` and its actions.
pub(crate) fn keys(
    shared: &Shared,
    req: &Request,
    home: &Home,
    get: &PhpArray,
    post: &PhpArray,
    now: i64,
    trace: &mut Trace,
) -> Response {
    trace.kind = "admin";
    let here = home.url(req.https, req.target.trim_start_matches(&home.path));
    let Some((token, user)) = session::current(shared, req) else {
        let login = add_query_arg(
            &[
                ("redirect_to", &crate::php::rawurlencode(here.as_bytes())),
                ("reauth", "1"),
            ],
            &home.url(req.https, "wp-login.php"),
        );
        return Response::redirect(302, &login);
    };
    if !user.can_manage {
        return die(
            403,
            "WordPress",
            "Sorry, you are not allowed to access this page.",
        );
    }
    if field(get, "page") != "wc-settings" {
        return Response::redirect(302, &keys_url(home, req.https));
    }
    let list_url = keys_url(home, req.https);
    let revoke = field(get, "revoke-key");
    if !revoke.is_empty() {
        if !session::verify_nonce(shared, &field(get, "_wpnonce"), "revoke", &token) {
            return die(403, "WordPress", "The link you followed has expired.");
        }
        let id = revoke.parse::<i64>().unwrap_or(0);
        shared.store().keys.remove(id);
        return Response::redirect(302, &add_query_arg(&[("revoked", "1")], &list_url));
    }
    let mut message = String::new();
    if field(get, "revoked") == "1" {
        message = "<div class=\"updated\">1 API key permanently revoked.</div>".into();
    }
    if req.method.eq_ignore_ascii_case("POST") && field(post, "action") == "create-key" {
        if !session::verify_nonce(shared, &field(post, "_wpnonce"), "update-api-key", &token) {
            return die(403, "WordPress", "The link you followed has expired.");
        }
        let description = crate::php::sanitize_text_field(field(post, "description").as_bytes());
        if description.is_empty() {
            message = "<div class=\"notice\">Description is missing.</div>".into();
        } else {
            let permissions =
                Permission::parse(&field(post, "permissions")).unwrap_or(Permission::Read);
            let (_, key, secret) = shared
                .store()
                .keys
                .create(user.id, &description, permissions);
            message = format!(
                "<div class=\"updated\"><p>API Key generated successfully. Make sure to copy your new keys now as the secret key will be hidden once you leave this page.</p>\
                 <p>Consumer key: <code id=\"key_consumer_key\">{}</code></p><p>Consumer secret: <code id=\"key_consumer_secret\">{}</code></p></div>",
                esc_html(&key),
                esc_html(&secret)
            );
        }
    }
    let rows: String = shared
        .store()
        .keys
        .rows()
        .iter()
        .map(|row| {
            let revoke = add_query_arg(
                &[("revoke-key", &row.key_id.to_string()), ("_wpnonce", &session::nonce(shared, "revoke", &token))],
                &list_url,
            );
            let owner = shared.user(row.user_id).map_or("", |u| u.display_name.as_str());
            let last = row.last_access.map_or_else(|| "Unknown".to_string(), crate::clock::admin);
            format!(
                "<tr data-key-id=\"{id}\"><td>{desc}</td><td><code>…{trunc}</code></td><td>{owner}</td><td>{perm}</td><td>{last}</td>\
                 <td><a class=\"submitdelete\" href=\"{revoke}\">Revoke</a></td></tr>",
                id = row.key_id,
                desc = esc_html(&row.description),
                trunc = esc_html(&row.truncated_key),
                owner = esc_html(owner),
                perm = match row.permissions {
                    Permission::Read => "Read",
                    Permission::Write => "Write",
                    Permission::ReadWrite => "Read/Write",
                },
                last = esc_html(&last),
                revoke = esc_url(&revoke),
            )
        })
        .collect();
    let body = format!(
        "<h1>REST API</h1>{message}<table class=\"wc-api-keys\"><thead><tr><th>Description</th><th>Consumer key ending in</th><th>User</th>\
         <th>Permissions</th><th>Last access</th><th></th></tr></thead><tbody>{rows}</tbody></table>\
         <h2>Add key</h2><form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"action\" value=\"create-key\">\
         <input type=\"hidden\" name=\"_wpnonce\" value=\"{nonce}\">\
         <label for=\"key_description\">Description</label><input type=\"text\" id=\"key_description\" name=\"description\">\
         <label for=\"key_permissions\">Permissions</label><select id=\"key_permissions\" name=\"permissions\">\
         <option value=\"read\">Read</option><option value=\"write\">Write</option><option value=\"read_write\">Read/Write</option></select>\
         <p><button type=\"submit\" class=\"button button-primary\" id=\"update_api_key\">Generate API key</button></p></form>\
         <p><a href=\"{logout}\">Log out</a> ({who})</p>",
        action = esc_url(&list_url),
        nonce = session::nonce(shared, "update-api-key", &token),
        logout = esc_url(&add_query_arg(&[("action", "logout")], &home.url(req.https, "wp-login.php"))),
        who = esc_html(&user.display_name),
    );
    let _ = now;
    Response::html(200, page("REST API ‹ WooCommerce Sandbox", &body))
}

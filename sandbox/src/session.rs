//! Logged-in admin sessions (a cookie, as `wordpress_logged_in_…`) and nonces (`wp_create_nonce`:
//! ten hex characters tied to the action and the session).

use crate::http::{Request, Response};
use crate::state::{Shared, User};

pub(crate) const COOKIE: &str = "wordpress_logged_in_sandbox";

/// The value of a request cookie.
pub(crate) fn cookie<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// The session token and user of a request, if logged in.
pub(crate) fn current(shared: &Shared, req: &Request) -> Option<(String, User)> {
    let token = cookie(req, COOKIE)?;
    let user_id = shared
        .store()
        .sessions
        .iter()
        .find(|(t, _)| t == token)
        .map(|(_, id)| *id)?;
    Some((token.to_string(), shared.user(user_id)?.clone()))
}

/// Checks a login and password; on success opens a session and sets its cookie on `response`.
pub(crate) fn log_in(
    shared: &Shared,
    login: &str,
    password: &str,
    cookie_path: &str,
    response: &mut Response,
) -> Option<User> {
    let user = shared
        .users
        .iter()
        .find(|u| {
            u.login == login
                && crate::auth::constant_time_eq(u.password.as_bytes(), password.as_bytes())
        })?
        .clone();
    let token = crate::keys::random_hex(20);
    shared.store().sessions.push((token.clone(), user.id));
    response.add_header(
        "Set-Cookie",
        &format!("{COOKIE}={token}; Path={cookie_path}; HttpOnly; SameSite=Lax"),
    );
    Some(user)
}

pub(crate) fn log_out(shared: &Shared, req: &Request, cookie_path: &str, response: &mut Response) {
    if let Some(token) = cookie(req, COOKIE) {
        shared.store().sessions.retain(|(t, _)| t != token);
    }
    response.add_header(
        "Set-Cookie",
        &format!(
            "{COOKIE}=deleted; Path={cookie_path}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly"
        ),
    );
}

/// `wp_create_nonce( $action )` for a session (empty for logged-out visitors).
pub(crate) fn nonce(shared: &Shared, action: &str, session: &str) -> String {
    let mac = crate::crypto::hmac_sha256(
        shared.secret.as_bytes(),
        format!("{action}|{session}").as_bytes(),
    );
    crate::keys::hex(&mac).chars().take(10).collect()
}

pub(crate) fn verify_nonce(shared: &Shared, given: &str, action: &str, session: &str) -> bool {
    crate::auth::constant_time_eq(nonce(shared, action, session).as_bytes(), given.as_bytes())
}

//! `/__sandbox/…`: the sandbox's own endpoints for tests (not WordPress's).

use crate::http::Response;
use crate::json::Json;
use crate::php::Key;
use crate::state::Shared;

/// Everything a test may want to read: URLs, admin login, seed keys, the key table (as
/// WooCommerce stores it: hashed key, secret, nonces by timestamp, last access), webhooks,
/// deliveries and the recent request log.
pub(crate) fn state(shared: &Shared) -> Json {
    let home = shared.http_home();
    let now = shared.now();
    let store = shared.store();
    let keys: Vec<Json> = store
        .keys
        .rows()
        .iter()
        .map(|row| {
            let nonces: Vec<(String, Json)> = row
                .nonces
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Key::Int(n) => n.to_string(),
                        Key::Str(s) => String::from_utf8_lossy(s).into_owned(),
                    };
                    (key, Json::from(v.as_str()))
                })
                .collect();
            Json::obj([
                ("key_id", Json::Int(row.key_id)),
                ("user_id", Json::Int(row.user_id)),
                ("description", Json::from(row.description.as_str())),
                ("permissions", Json::from(row.permissions.as_str())),
                ("consumer_key", Json::from(row.consumer_key.as_str())),
                ("consumer_secret", Json::from(row.consumer_secret.as_str())),
                ("truncated_key", Json::from(row.truncated_key.as_str())),
                ("nonces", Json::Obj(nonces)),
                (
                    "last_access",
                    Json::from(row.last_access.map(crate::clock::mysql)),
                ),
            ])
        })
        .collect();
    let webhooks: Vec<Json> = store
        .webhooks
        .items()
        .iter()
        .map(|w| {
            Json::obj([
                ("id", Json::Int(w.id)),
                ("name", Json::from(w.name.as_str())),
                ("status", Json::from(w.status.as_str())),
                ("topic", Json::from(w.topic.as_str())),
                ("delivery_url", Json::from(w.delivery_url.as_str())),
                ("secret", Json::from(w.secret.as_str())),
                ("failure_count", Json::Int(i64::from(w.failure_count))),
            ])
        })
        .collect();
    let seeds: Vec<Json> = shared
        .seeds
        .iter()
        .map(|s| {
            Json::obj([
                ("key_id", Json::Int(s.key_id)),
                ("permissions", Json::from(s.permissions.as_str())),
                ("consumer_key", Json::from(s.consumer_key.as_str())),
                ("consumer_secret", Json::from(s.consumer_secret.as_str())),
            ])
        })
        .collect();
    let c = &shared.config;
    Json::obj([
        ("home_url", Json::Str(home.url(false, ""))),
        (
            "http_url",
            Json::Str(format!("http://127.0.0.1:{}", shared.http_port)),
        ),
        (
            "https_url",
            Json::from(shared.https_port.map(|p| format!("https://127.0.0.1:{p}"))),
        ),
        ("rest_url", Json::Str(home.rest_url(false, "/"))),
        (
            "admin",
            Json::obj([
                ("user", Json::from(c.admin_user.as_str())),
                ("password", Json::from(c.admin_password.as_str())),
                (
                    "keys_page",
                    Json::Str(home.url(
                        false,
                        "wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys",
                    )),
                ),
            ]),
        ),
        ("seed_keys", Json::Arr(seeds)),
        (
            "ca_file",
            Json::from(c.ca_out.as_ref().map(|p| p.display().to_string())),
        ),
        (
            "spki_sha256",
            Json::from(shared.tls.as_ref().map(|t| t.spki_sha256.clone())),
        ),
        (
            "switches",
            Json::obj([
                ("plain_permalinks", Json::Bool(c.plain_permalinks)),
                ("subdir", Json::from(c.subdir.clone())),
                ("home_host", Json::from(c.home_host.clone())),
                ("strip_authorization", Json::Bool(c.strip_authorization)),
                ("clock_skew", Json::Int(c.clock_skew)),
                ("redirect_https", Json::Bool(c.redirect_https)),
                ("rate_limit", Json::Int(i64::from(c.rate_limit))),
                ("expose_headers", Json::from(c.expose_headers.clone())),
            ]),
        ),
        ("now", Json::Int(now)),
        ("keys", Json::Arr(keys)),
        ("webhooks", Json::Arr(webhooks)),
        (
            "deliveries",
            Json::Arr(store.deliveries.iter().cloned().collect()),
        ),
        ("requests", Json::Arr(store.log.iter().cloned().collect())),
    ])
}

pub(crate) fn handle(shared: &Shared, path: &str) -> Response {
    match path {
        "/__sandbox/state" => {
            let mut r = Response::new(200);
            r.set_header("Content-Type", "application/json; charset=UTF-8");
            r.set_header("Cache-Control", "no-store");
            r.set_header("Access-Control-Allow-Origin", "*");
            r.body = state(shared).encode().into_bytes();
            r
        }
        "/__sandbox/ca.pem" => match &shared.tls {
            Some(tls) => {
                let mut r = Response::text(200, &tls.ca_pem);
                r.set_header("Content-Type", "application/x-pem-file");
                r
            }
            None => Response::text(404, "HTTPS is off\n"),
        },
        _ => Response::text(404, "Not Found\n"),
    }
}

//! `/wc/v3/webhooks` and delivery: a webhook has a topic (`product.created`, …), a delivery URL
//! and a secret. Creating one sends WooCommerce's unsigned ping (`webhook_id=N`, form body);
//! product changes are delivered as JSON with `X-WC-Webhook-Signature` (base64 HMAC-SHA256 of
//! the body with the secret, HTML entities decoded) and the other `X-WC-Webhook-*` headers.
//! Deliveries run on their own thread and go to loopback addresses only.

use crate::json::Json;
use crate::rest::{auth_code, Call, Reply};
use crate::state::Shared;
use crate::wp_error::WpError;
use std::time::Duration;

const USER_AGENT: &str = "WooCommerce/sandbox Hookshot (WordPress/sandbox)";

#[derive(Debug, Clone)]
pub(crate) struct Webhook {
    pub id: i64,
    pub name: String,
    pub status: String,
    pub topic: String,
    pub delivery_url: String,
    pub secret: String,
    pub created: i64,
    pub modified: i64,
    pub failure_count: u32,
}

#[derive(Debug, Default)]
pub(crate) struct Webhooks {
    items: Vec<Webhook>,
    last_id: i64,
}

impl Webhooks {
    pub(crate) fn items(&self) -> &[Webhook] {
        &self.items
    }

    fn get(&self, id: i64) -> Option<&Webhook> {
        self.items.iter().find(|w| w.id == id)
    }
}

const RESOURCES: [&str; 4] = ["coupon", "customer", "order", "product"];
const EVENTS: [&str; 4] = ["created", "updated", "deleted", "restored"];

/// `wc_is_webhook_valid_topic()`: `resource.event`, or `action.*`.
fn is_valid_topic(topic: &str) -> bool {
    if let Some(action) = topic.strip_prefix("action.") {
        return !action.is_empty();
    }
    topic
        .split_once('.')
        .is_some_and(|(r, e)| RESOURCES.contains(&r) && EVENTS.contains(&e))
}

impl Webhook {
    fn to_json(&self, call: &Call<'_>) -> Json {
        let (resource, event) = self.topic.split_once('.').unwrap_or((&self.topic, ""));
        Json::obj([
            ("id", Json::Int(self.id)),
            ("name", Json::from(self.name.as_str())),
            ("status", Json::from(self.status.as_str())),
            ("topic", Json::from(self.topic.as_str())),
            ("resource", Json::from(resource)),
            ("event", Json::from(event)),
            ("hooks", Json::Arr(Vec::new())),
            ("delivery_url", Json::from(self.delivery_url.as_str())),
            ("date_created", Json::Str(crate::clock::iso(self.created))),
            (
                "date_created_gmt",
                Json::Str(crate::clock::iso(self.created)),
            ),
            ("date_modified", Json::Str(crate::clock::iso(self.modified))),
            (
                "date_modified_gmt",
                Json::Str(crate::clock::iso(self.modified)),
            ),
            ("_links", call.resource_links("webhooks", self.id)),
        ])
    }
}

fn deny(call: &Call<'_>, code: &str, message: &str) -> Result<Reply, WpError> {
    Err(WpError::new(code, message, auth_code(call)))
}

/// GET /webhooks.
pub(crate) fn list(call: &Call<'_>) -> Result<Reply, WpError> {
    if !call.can_manage() {
        return deny(
            call,
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot list resources.",
        );
    }
    let items: Vec<Webhook> = call.shared.store().webhooks.items.clone();
    let data: Vec<Json> = items.iter().map(|w| w.to_json(call)).collect();
    let mut reply = Reply::new(200, Json::Arr(data));
    reply
        .headers
        .push(("X-WP-Total".into(), items.len().to_string()));
    reply.headers.push((
        "X-WP-TotalPages".into(),
        if items.is_empty() {
            "0".into()
        } else {
            "1".into()
        },
    ));
    Ok(reply)
}

/// GET /webhooks/{id}.
pub(crate) fn get(call: &Call<'_>) -> Result<Reply, WpError> {
    if !call.can_manage() {
        return deny(
            call,
            "woocommerce_rest_cannot_view",
            "Sorry, you cannot view this resource.",
        );
    }
    let id = call.route_id();
    let found = call.shared.store().webhooks.get(id).cloned();
    match found {
        Some(w) => Ok(Reply::new(200, w.to_json(call))),
        None => Err(WpError::new(
            "woocommerce_rest_shop_webhook_invalid_id",
            "ID is invalid.",
            400,
        )),
    }
}

/// POST /webhooks: validates topic and delivery URL, stores, answers 201, then pings.
pub(crate) fn create(call: &Call<'_>) -> Result<Reply, WpError> {
    if !call.can_manage() {
        return deny(
            call,
            "woocommerce_rest_cannot_create",
            "Sorry, you are not allowed to create resources.",
        );
    }
    if call.params.is_truthy("id") {
        return Err(WpError::new(
            "woocommerce_rest_shop_webhook_exists",
            "Cannot create existing shop_webhook.",
            400,
        ));
    }
    let topic = call.params.text("topic").unwrap_or_default();
    if topic.is_empty() || !is_valid_topic(&topic.to_lowercase()) {
        return Err(WpError::new(
            "woocommerce_rest_shop_webhook_invalid_topic",
            "Webhook topic is required and must be valid.",
            400,
        ));
    }
    let url = call.params.text("delivery_url").unwrap_or_default();
    if url.is_empty() || !crate::url::wc_is_valid_url(&url) {
        return Err(WpError::new(
            "woocommerce_rest_shop_webhook_invalid_delivery_url",
            "Webhook delivery URL must be a valid URL starting with http:// or https://.",
            400,
        ));
    }
    let name = call
        .params
        .text("name")
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("Webhook created on {}", crate::clock::admin(call.now)));
    let secret = call
        .params
        .text("secret")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| crate::keys::random_hex(25));
    let webhook = {
        let mut store = call.shared.store();
        store.webhooks.last_id = store.webhooks.last_id.saturating_add(1);
        let webhook = Webhook {
            id: store.webhooks.last_id,
            name,
            status: "active".into(),
            topic: topic.to_lowercase(),
            delivery_url: crate::url::esc_url_raw(&url),
            secret,
            created: call.now,
            modified: call.now,
            failure_count: 0,
        };
        store.webhooks.items.push(webhook.clone());
        webhook
    };
    let mut reply = Reply::new(201, webhook.to_json(call));
    reply.headers.push((
        "Location".into(),
        call.home
            .rest_url(call.https, &format!("/wc/v3/webhooks/{}", webhook.id)),
    ));
    ping(call.shared, &webhook);
    Ok(reply)
}

/// PUT/PATCH/POST /webhooks/{id}.
pub(crate) fn update(call: &Call<'_>) -> Result<Reply, WpError> {
    if !call.can_manage() {
        return deny(
            call,
            "woocommerce_rest_cannot_edit",
            "Sorry, you are not allowed to edit this resource.",
        );
    }
    let id = call.route_id();
    let Some(mut webhook) = call.shared.store().webhooks.get(id).cloned() else {
        return Err(WpError::new(
            "woocommerce_rest_shop_webhook_invalid_id",
            "ID is invalid.",
            400,
        ));
    };
    if let Some(topic) = call.params.text("topic").filter(|t| !t.is_empty()) {
        if !is_valid_topic(&topic.to_lowercase()) {
            return Err(WpError::new(
                "woocommerce_rest_shop_webhook_invalid_topic",
                "Webhook topic must be valid.",
                400,
            ));
        }
        webhook.topic = topic.to_lowercase();
    }
    if let Some(url) = call.params.text("delivery_url").filter(|u| !u.is_empty()) {
        if !crate::url::wc_is_valid_url(&url) {
            return Err(WpError::new(
                "woocommerce_rest_shop_webhook_invalid_delivery_url",
                "Webhook delivery URL must be a valid URL starting with http:// or https://.",
                400,
            ));
        }
        webhook.delivery_url = crate::url::esc_url_raw(&url);
    }
    if let Some(secret) = call.params.text("secret").filter(|s| !s.is_empty()) {
        webhook.secret = secret;
    }
    if let Some(status) = call.params.text("status").filter(|s| !s.is_empty()) {
        let status = status.to_lowercase();
        if !["active", "paused", "disabled"].contains(&status.as_str()) {
            return Err(WpError::new(
                "woocommerce_rest_shop_webhook_invalid_status",
                "Webhook status must be valid.",
                400,
            ));
        }
        webhook.status = status;
    }
    if let Some(name) = call.params.text("name").filter(|n| !n.is_empty()) {
        webhook.name = name;
    }
    webhook.modified = call.now;
    {
        let mut store = call.shared.store();
        if let Some(slot) = store.webhooks.items.iter_mut().find(|w| w.id == id) {
            *slot = webhook.clone();
        }
    }
    Ok(Reply::new(200, webhook.to_json(call)))
}

/// DELETE /webhooks/{id}: `force=true` is required.
pub(crate) fn delete(call: &Call<'_>) -> Result<Reply, WpError> {
    if !call.can_manage() {
        return deny(
            call,
            "woocommerce_rest_cannot_delete",
            "Sorry, you are not allowed to delete this resource.",
        );
    }
    if !call.params.is_truthy("force") {
        return Err(WpError::new(
            "woocommerce_rest_trash_not_supported",
            "Webhooks do not support trashing.",
            501,
        ));
    }
    let id = call.route_id();
    let mut store = call.shared.store();
    let Some(webhook) = store.webhooks.get(id).cloned() else {
        return Err(WpError::new(
            "woocommerce_rest_shop_webhook_invalid_id",
            "Invalid ID.",
            404,
        ));
    };
    store.webhooks.items.retain(|w| w.id != id);
    drop(store);
    Ok(Reply::new(200, webhook.to_json(call)))
}

/// `generate_signature()`: base64 of HMAC-SHA256 of the body, with the secret's HTML entities
/// decoded first.
pub(crate) fn signature(body: &[u8], secret: &str) -> String {
    let key = crate::php::specialchars_decode(secret);
    crate::php::base64_encode(&crate::crypto::hmac_sha256(key.as_bytes(), body))
}

/// Sends and records one delivery (on the caller's thread).
fn send(
    shared: &Shared,
    webhook: &Webhook,
    kind: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) {
    let home = shared.http_home();
    let result = if crate::url::wp_http_validate_url(&webhook.delivery_url, &home.authority) {
        crate::client::post(
            &webhook.delivery_url,
            &headers,
            &body,
            Duration::from_secs(60),
            shared.tls.as_ref().map(|t| &t.client),
        )
    } else {
        Err("A valid URL was not provided.".to_string())
    };
    let now = shared.now();
    let (status, error) = match &result {
        Ok(answer) => (Json::Int(i64::from(answer.status)), Json::Null),
        Err(e) => (Json::Null, Json::from(e.as_str())),
    };
    let ok = result
        .as_ref()
        .is_ok_and(|a| (200..303).contains(&a.status));
    let mut store = shared.store();
    if let Some(w) = store.webhooks.items.iter_mut().find(|w| w.id == webhook.id) {
        if ok {
            w.failure_count = 0;
        } else if w.failure_count > 5 {
            w.status = "disabled".into();
        } else {
            w.failure_count = w.failure_count.saturating_add(1);
        }
    }
    store.record_delivery(Json::obj([
        ("time", Json::Str(crate::clock::iso(now))),
        ("webhook_id", Json::Int(webhook.id)),
        ("kind", Json::from(kind)),
        ("topic", Json::from(webhook.topic.as_str())),
        ("delivery_url", Json::from(webhook.delivery_url.as_str())),
        ("response_code", status),
        ("error", error),
    ]));
}

/// `deliver_ping()`: an unsigned `webhook_id=N` form POST, sent when the webhook is created.
fn ping(shared: &Shared, webhook: &Webhook) {
    let headers = vec![
        ("User-Agent".into(), USER_AGENT.into()),
        (
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ),
    ];
    send(
        shared,
        webhook,
        "ping",
        headers,
        format!("webhook_id={}", webhook.id).into_bytes(),
    );
}

/// Queues deliveries of `topic` for every active webhook subscribed to it.
pub(crate) fn trigger(shared: &Shared, topic: &str, resource_id: i64, payload: &Json) {
    let hooks: Vec<Webhook> = shared
        .store()
        .webhooks
        .items
        .iter()
        .filter(|w| w.status == "active" && w.topic == topic)
        .cloned()
        .collect();
    if hooks.is_empty() {
        return;
    }
    let body = payload.encode().trim().as_bytes().to_vec();
    let source = shared.http_home().url(false, "/");
    let (resource, event) = topic.split_once('.').unwrap_or((topic, ""));
    let _ = resource_id;
    for webhook in hooks {
        let delivery_id = crate::keys::random_hex(16);
        let headers = vec![
            ("User-Agent".into(), USER_AGENT.into()),
            ("Content-Type".into(), "application/json".into()),
            ("X-WC-Webhook-Source".into(), source.clone()),
            ("X-WC-Webhook-Topic".into(), webhook.topic.clone()),
            ("X-WC-Webhook-Resource".into(), resource.to_string()),
            ("X-WC-Webhook-Event".into(), event.to_string()),
            (
                "X-WC-Webhook-Signature".into(),
                signature(&body, &webhook.secret),
            ),
            ("X-WC-Webhook-ID".into(), webhook.id.to_string()),
            ("X-WC-Webhook-Delivery-ID".into(), delivery_id),
        ];
        let body = body.clone();
        let shared = shared.self_arc();
        std::thread::spawn(move || {
            if let Some(shared) = shared {
                send(&shared, &webhook, "delivery", headers, body);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_and_signatures() {
        assert!(is_valid_topic("product.created"));
        assert!(is_valid_topic("action.woocommerce_add_to_cart"));
        assert!(!is_valid_topic("product.sold"));
        assert!(!is_valid_topic("products.created"));
        // Entities in the stored secret are decoded before signing.
        assert_eq!(signature(b"{}", "a&amp;b"), signature(b"{}", "a&b"));
        assert_ne!(signature(b"{}", "a&amp;b"), signature(b"{}", "a&amp;c"));
    }
}

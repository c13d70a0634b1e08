//! What the store holds while it runs, behind one lock: the key table, products, webhooks,
//! admin sessions, and the recent request log.

use crate::config::{Config, SeedKeys};
use crate::json::Json;
use crate::keys::{KeyTable, Permission};
use crate::products::Products;
use crate::site::Home;
use crate::tls::Tls;
use crate::webhooks::Webhooks;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};

/// How many log entries and webhook deliveries `/__sandbox/state` keeps.
const KEEP: usize = 200;

/// A seed key, in plain text (the table keeps only its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedKey {
    pub key_id: i64,
    pub permissions: Permission,
    pub consumer_key: String,
    pub consumer_secret: String,
}

/// The keys `--seed-keys fixed` creates, documented so the demo and tests can use them:
/// `(permissions, consumer key, consumer secret)`.
pub const FIXED_SEED_KEYS: [(&str, &str, &str); 3] = [
    (
        "read",
        "ck_5a4d0000000000000000000000000000000000a1",
        "cs_5a4d0000000000000000000000000000000000b1",
    ),
    (
        "write",
        "ck_5a4d0000000000000000000000000000000000a2",
        "cs_5a4d0000000000000000000000000000000000b2",
    ),
    (
        "read_write",
        "ck_5a4d0000000000000000000000000000000000a3",
        "cs_5a4d0000000000000000000000000000000000b3",
    ),
];

/// A WordPress user of the sandbox.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: i64,
    pub login: String,
    pub password: String,
    pub display_name: String,
    /// `current_user_can( 'manage_woocommerce' )`.
    pub can_manage: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    pub keys: KeyTable,
    pub products: Products,
    pub webhooks: Webhooks,
    /// Login sessions: cookie token and user id.
    pub sessions: Vec<(String, i64)>,
    pub log: VecDeque<Json>,
    pub deliveries: VecDeque<Json>,
    /// How many requests `--rate-limit` has refused so far.
    pub rate_limited: u32,
}

impl Store {
    pub(crate) fn record(&mut self, entry: Json) {
        if self.log.len() >= KEEP {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }

    pub(crate) fn record_delivery(&mut self, entry: Json) {
        if self.deliveries.len() >= KEEP {
            self.deliveries.pop_front();
        }
        self.deliveries.push_back(entry);
    }
}

/// Shared by every connection.
pub(crate) struct Shared {
    pub config: Config,
    pub tls: Option<Tls>,
    pub http_port: u16,
    pub https_port: Option<u16>,
    pub users: Vec<User>,
    pub seeds: Vec<SeedKey>,
    /// Signs nonces and session tokens; new at every start.
    pub secret: String,
    store: Mutex<Store>,
    me: OnceLock<Weak<Shared>>,
}

impl Shared {
    pub(crate) fn new(
        config: Config,
        tls: Option<Tls>,
        http_port: u16,
        https_port: Option<u16>,
    ) -> Shared {
        let users = vec![
            User {
                id: 1,
                login: config.admin_user.clone(),
                password: config.admin_password.clone(),
                display_name: config.admin_user.clone(),
                can_manage: true,
            },
            User {
                id: 2,
                login: "customer".into(),
                password: "customer".into(),
                display_name: "customer".into(),
                can_manage: false,
            },
        ];
        let mut store = Store::default();
        let mut seeds = Vec::new();
        for (permission, fixed_key, fixed_secret) in FIXED_SEED_KEYS {
            let permissions = Permission::parse(permission).unwrap_or(Permission::Read);
            let description = format!("Sandbox seed key ({permission})");
            let (key_id, consumer_key, consumer_secret) = match config.seed_keys {
                SeedKeys::Fixed => {
                    let id =
                        store
                            .keys
                            .insert(1, &description, permissions, fixed_key, fixed_secret);
                    (id, fixed_key.to_string(), fixed_secret.to_string())
                }
                SeedKeys::Random => store.keys.create(1, &description, permissions),
            };
            seeds.push(SeedKey {
                key_id,
                permissions,
                consumer_key,
                consumer_secret,
            });
        }
        for (permissions, key, secret) in &config.extra_keys {
            store.keys.insert(
                1,
                &format!("Extra key ({})", permissions.as_str()),
                *permissions,
                key,
                secret,
            );
        }
        let now = match config.frozen_clock {
            Some(t) => t.saturating_add(config.clock_skew),
            None => crate::clock::now(config.clock_skew),
        };
        store.products = Products::seeded(now);
        Shared {
            config,
            tls,
            http_port,
            https_port,
            users,
            seeds,
            secret: crate::keys::random_hex(32),
            store: Mutex::new(store),
            me: OnceLock::new(),
        }
    }

    /// Wraps in an `Arc` that threads started later (webhook deliveries) can reach.
    pub(crate) fn into_arc(self) -> Arc<Shared> {
        let arc = Arc::new(self);
        let _ = arc.me.set(Arc::downgrade(&arc));
        arc
    }

    pub(crate) fn self_arc(&self) -> Option<Arc<Shared>> {
        self.me.get().and_then(Weak::upgrade)
    }

    /// The store, whatever a panicking thread left behind.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn now(&self) -> i64 {
        match self.config.frozen_clock {
            Some(t) => t.saturating_add(self.config.clock_skew),
            None => crate::clock::now(self.config.clock_skew),
        }
    }

    /// The `home` option as a request on `local_port` sees it. Without `--home-host` the
    /// authority is that of the listener the request came in on (127.0.0.1:P for HTTP,
    /// 127.0.0.1:Q for HTTPS), which is how a store on the standard ports 80 and 443 behaves.
    pub(crate) fn home_for(&self, local_port: u16) -> Home {
        Home {
            authority: self
                .config
                .home_host
                .clone()
                .unwrap_or_else(|| format!("127.0.0.1:{local_port}")),
            path: self.config.subdir.clone().unwrap_or_default(),
            plain: self.config.plain_permalinks,
        }
    }

    /// The home as seen over plain HTTP (webhook sources, printed URLs).
    pub(crate) fn http_home(&self) -> Home {
        self.home_for(self.http_port)
    }

    pub(crate) fn user(&self, id: i64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }
}

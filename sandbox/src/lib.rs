//! # wc-sandbox
//!
//! A local stand-in for a WooCommerce store, for the `wc-keys` demo and tests: the REST API
//! with WooCommerce's key authentication (Basic over HTTPS, OAuth 1.0a from query, form and
//! header), its exact errors, the `wc-auth` pages and callback, webhooks, CORS as WordPress
//! sends it, and switches for the store quirks that break real clients.
//!
//! Its authentication is written from WooCommerce's server algorithm
//! (`class-wc-rest-authentication.php`) and PHP's request parsing, and shares no code with the
//! `wc-keys` signer: it is an independent check of it.
//!
//! ```no_run
//! let sandbox = wc_sandbox::Sandbox::start(wc_sandbox::Config::default())?;
//! println!("{}", sandbox.banner());
//! # Ok::<(), String>(())
//! ```

mod admin;
mod auth;
mod client;
mod clock;
mod config;
mod crypto;
mod http;
mod json;
mod keys;
mod pages;
mod params;
mod php;
mod products;
mod rest;
mod sandbox_pages;
mod server;
mod session;
mod site;
mod state;
mod tls;
mod trace;
mod url;
mod wc_auth;
mod webhooks;
mod wp;
mod wp_error;

pub use config::{Config, SeedKeys, USAGE};
pub use keys::Permission;
pub use server::Sandbox;
pub use state::{SeedKey, FIXED_SEED_KEYS};

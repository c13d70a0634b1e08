//! `cargo xtask vectors`: regenerates the vector files whose expected values come from other
//! implementations, and records those implementations' versions in the files.
//!
//! - `tests/vectors/percent-encoding.json`: PHP's `rawurlencode` of all 256 byte values
//!   (`tests/php/rawurlencode-vectors.php`).
//! - `tests/vectors/oracles.json`: the plain requests in [`CASES`], signed by the npm package
//!   `oauth-1.0a` (the Node program below, run in `tests/js/` where it is installed) and by the
//!   PyPI package `oauthlib` (`tests/python/sign.py`, in the virtualenv `setup` makes); the file
//!   is written only when both computed the same base string and signature for every case.
//!
//! The Rust tests (`tests/encoding_vectors.rs`) and the JavaScript tests
//! (`tests/js/oracles.test.mjs`) read these files; nothing here is needed to run them.

use crate::util::{describe, root};
use std::io::Write;
use std::process::{Command, Stdio};

/// Plain requests, where RFC 5849 (and so both oracles) and WooCommerce agree: names are
/// unreserved, not integers and without dots; no brackets, no repeated names, no `+` for a space;
/// a form only on POST; the URL is the store's home URL plus the path.
const CASES: &str = r#"[
 {"name": "get-sha1", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10", "form": null, "signatureMethod": "HMAC-SHA1"},
 {"name": "get-sha256", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "no-query", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/system_status", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "utf8-value", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products?search=%E6%97%A5%E6%9C%AC%20%F0%9F%98%80", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "reserved-characters-in-value", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products?sku=AB~12%2A%28x%29%21%27", "form": null, "signatureMethod": "HMAC-SHA1"},
 {"name": "space-percent-ampersand-equals-plus", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products?q=a%20b%25c%26d%3De%2Bf", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "empty-value-and-bare-name", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products?a=&b", "form": null, "signatureMethod": "HMAC-SHA1"},
 {"name": "byte-order-sort", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products?B=1&a=2&_c=3&Z=4&-d=5&~e=6", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "post-form-and-query", "method": "POST", "url": "http://shop.example/wp-json/wc/v3/products?context=edit", "form": {"name": "Blue mug", "regular_price": "9.50", "description": "Ça & ça = 100%"}, "signatureMethod": "HMAC-SHA256"},
 {"name": "post-form-sha1", "method": "POST", "url": "http://shop.example/wp-json/wc/v3/orders", "form": {"status": "pending", "customer_id": "3"}, "signatureMethod": "HMAC-SHA1"},
 {"name": "put-query", "method": "PUT", "url": "http://shop.example/wp-json/wc/v3/orders/5?status=completed", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "patch-lowercase-method", "method": "patch", "url": "http://shop.example/wp-json/wc/v3/orders/6?status=on-hold", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "delete-force", "method": "DELETE", "url": "http://shop.example/wp-json/wc/v3/products/44?force=true", "form": null, "signatureMethod": "HMAC-SHA1"},
 {"name": "home-with-port", "method": "GET", "url": "http://localhost:8080/wp-json/wc/v3/customers?role=all", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "https", "method": "GET", "url": "https://shop.example/wp-json/wc/v3/orders?page=2", "form": null, "signatureMethod": "HMAC-SHA256"},
 {"name": "unreserved-path-and-names", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products/attributes/1/terms?order_by=name~x&hide-empty=true", "form": null, "signatureMethod": "HMAC-SHA1"},
 {"name": "long-value", "method": "GET", "url": "http://shop.example/wp-json/wc/v3/products?search=The%20quick%20brown%20fox%20jumps%20over%20the%20lazy%20dog%3A%20%C3%A9%C3%A8%C3%AA%20%E2%82%AC%20%5B%5D%7B%7D", "form": null, "signatureMethod": "HMAC-SHA256"}
]"#;

/// Fills the fields every case shares, so that [`CASES`] shows only what differs.
fn cases_with_credentials() -> String {
    CASES.replace(
        "\"form\":",
        "\"consumerKey\": \"ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3\", \
         \"consumerSecret\": \"cs_13579bdf2468ace013579bdf2468ace013579bdf\", \
         \"timestamp\": 1795000000, \"nonce\": \"kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA\", \"form\":",
    )
}

/// Signs the cases (JSON on stdin) with oauth-1.0a and HMAC from Node's crypto, and writes what
/// `tests/python/sign.py` reads: the cases, oauth-1.0a's results and its version. Only the
/// documented `getBaseString`/`getSignature` are used, with the four OAuth parameters WooCommerce
/// signs (oauth-1.0a's `authorize()` would add `oauth_version`, which WooCommerce's clients do
/// not send).
const NODE_ORACLE: &str = r#"
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(`${process.cwd()}/`);
const OAuth = require('oauth-1.0a');
const { version } = JSON.parse(readFileSync(require.resolve('oauth-1.0a/package.json'), 'utf8'));
const cases = JSON.parse(readFileSync(0, 'utf8'));
const js = cases.map((c) => {
  const algorithm = c.signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  const oauth = OAuth({
    consumer: { key: c.consumerKey, secret: c.consumerSecret },
    signature_method: c.signatureMethod,
    hash_function: (text, key) => createHmac(algorithm, key).update(text).digest('base64'),
  });
  const params = () => ({
    oauth_consumer_key: c.consumerKey,
    oauth_nonce: c.nonce,
    oauth_signature_method: c.signatureMethod,
    oauth_timestamp: String(c.timestamp),
  });
  const request = () => ({ method: c.method, url: c.url, data: c.method === 'POST' && c.form ? { ...c.form } : {} });
  return {
    baseString: oauth.getBaseString(request(), params()),
    signature: oauth.getSignature(request(), undefined, params()),
  };
});
process.stdout.write(JSON.stringify({ cases, js, versions: { 'oauth-1.0a': version } }));
"#;

/// Runs a command with `input` on stdin; its stdout, or an error naming it with its stderr.
/// `shown` is how the command is echoed (the Node program is too long to print).
fn pipe(cmd: &mut Command, input: &[u8], shown: &str) -> Result<Vec<u8>, String> {
    println!("$ {shown}");
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", describe(cmd)))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input)
            .map_err(|e| format!("`{}`: writing its input: {e}", describe(cmd)))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`{}`: {e}", describe(cmd)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({}):\n{}",
            describe(cmd),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(output.stdout)
}

fn write(relative: &str, bytes: &[u8]) -> Result<(), String> {
    let path = root().join(relative);
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {relative}");
    Ok(())
}

/// `cargo xtask vectors`.
pub fn run() -> Result<(), String> {
    let percent = pipe(
        Command::new("php")
            .arg(root().join("tests/php/rawurlencode-vectors.php"))
            .current_dir(root()),
        b"",
        "php tests/php/rawurlencode-vectors.php",
    )?;
    write("tests/vectors/percent-encoding.json", &percent)?;

    let js = pipe(
        Command::new("node")
            .args(["--input-type=module", "-e", NODE_ORACLE])
            .current_dir(root().join("tests/js")),
        cases_with_credentials().as_bytes(),
        "(cd tests/js && node --input-type=module -e <oauth-1.0a oracle>)",
    )?;
    let python = root().join("tests/python/.venv/bin/python");
    if !python.exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask setup`",
            python.display()
        ));
    }
    let oracles = pipe(
        Command::new(python)
            .arg(root().join("tests/python/sign.py"))
            .current_dir(root()),
        &js,
        "tests/python/.venv/bin/python tests/python/sign.py",
    )?;
    write("tests/vectors/oracles.json", &oracles)
}

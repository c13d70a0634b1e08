#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]
//! Replays every input the fuzzer kept (`fuzz/corpus/<target>/`, minimised by `cargo xtask fuzz`)
//! through the same checks the fuzz targets run, so a finding stays fixed.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8]) -> wc_keys::fuzz_checks::Check) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut count = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(finding) = check(&data) {
            panic!("{}: {finding}", path.display());
        }
        count += 1;
    }
    assert!(
        count >= 10,
        "{target}: only {count} corpus inputs; run cargo xtask fuzz"
    );
}

#[test]
fn php_query_corpus() {
    replay("php_query", wc_keys::fuzz_checks::php_query);
}

#[test]
fn url_corpus() {
    replay("url", wc_keys::fuzz_checks::url);
}

#[test]
fn authorization_header_corpus() {
    replay(
        "authorization_header",
        wc_keys::fuzz_checks::authorization_header,
    );
}

#[test]
fn callback_corpus() {
    replay("callback", wc_keys::fuzz_checks::callback);
}

#[test]
fn signer_corpus() {
    replay("signer", wc_keys::fuzz_checks::signer);
}

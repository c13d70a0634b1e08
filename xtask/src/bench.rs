//! `cargo xtask bench`: wc-keys against its peers (issue 10). Not part of `cargo xtask test`.
//!
//! Runs `setup` and `build`, installs `bench/`'s npm packages from its lockfile, links
//! `bench/node_modules/wc-keys` to `pkg/` (the harness imports the package by name), then builds
//! two things the harness reads but nothing ships:
//! - `target/bench/named/`: the package's two modules through `wasm-opt -Oz -g`, the same code as
//!   `pkg/` plus a `name` section, for the size maps and the CPU profile;
//! - `target/bench/probe/`: `bench/probe`, a wasm module that exports the stages of `sign()`
//!   apart. It links the core's public API, so a change there may break it: the run then goes
//!   on without it and says so.
//!
//! and finally runs `node bench/run.mjs`, which writes `BENCHMARKS.md`, `bench/results.json` and
//! `bench/chart.svg`. Extra arguments go to `run.mjs` (`--rounds N`, `--cold N`).

use crate::util::{root, sh};
use std::path::Path;
use std::process::Command;

/// `cargo xtask bench [--rounds N] [--cold N]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let started = std::time::Instant::now();
    crate::setup::run()?;
    crate::build::run()?;
    let root = root();
    let bench = root.join("bench");
    crate::setup::npm_ci(&bench)?;
    link_package(&root, &bench)?;
    let work = root.join("target/bench");
    named_build(&root, &work.join("named"))?;
    let probe = match probe_build(&root, &work.join("probe")) {
        Ok(()) => Some(work.join("probe")),
        Err(message) => {
            println!("\nbench/probe skipped ({message}): the stage table will be missing\n");
            None
        }
    };
    let mut node = Command::new("node");
    node.arg(bench.join("run.mjs"))
        .arg("--named")
        .arg(work.join("named"))
        .current_dir(&bench);
    if let Some(dir) = probe {
        node.arg("--probe").arg(dir);
    }
    node.args(args);
    sh(&mut node)?;
    println!(
        "cargo xtask bench: done in {} s",
        started.elapsed().as_secs()
    );
    Ok(())
}

/// `bench/node_modules/wc-keys` → `pkg/` (`npm ci` removes it, so it is made after).
fn link_package(root: &Path, bench: &Path) -> Result<(), String> {
    let link = bench.join("node_modules/wc-keys");
    let _ = std::fs::remove_file(&link);
    let _ = std::fs::remove_dir_all(&link);
    std::os::unix::fs::symlink(root.join("pkg"), &link)
        .map_err(|e| format!("{}: {e}", link.display()))
}

fn wasm_opt(root: &Path, wasm: &Path, extra: &[&str]) -> Result<(), String> {
    sh(Command::new(root.join("tools/node_modules/.bin/wasm-opt"))
        .arg("-Oz")
        .args(extra)
        .args(crate::build::WASM_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm))
}

fn wasm_bindgen(input: &Path, out_name: &str, out_dir: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(out_dir);
    sh(Command::new("wasm-bindgen")
        .args(["--target", "web", "--out-name", out_name, "--out-dir"])
        .arg(out_dir)
        .arg(input))
}

/// The modules `build` just made, kept with their function names: each through `wasm-opt -Oz -g`,
/// as `pkg/`'s through `wasm-opt -Oz`.
fn named_build(root: &Path, out: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let generated = root.join("target/wasm-bindgen");
    for crate::build::Module { name, .. } in crate::build::MODULES {
        let wasm = out.join(format!("{name}_bg.wasm"));
        std::fs::copy(generated.join(format!("{name}_bg.named.wasm")), &wasm)
            .map_err(|e| format!("{name}_bg.named.wasm: {e}"))?;
        std::fs::copy(
            generated.join(format!("{name}.js")),
            out.join(format!("{name}.js")),
        )
        .map_err(|e| format!("{name}.js: {e}"))?;
        wasm_opt(root, &wasm, &["-g"])?;
    }
    Ok(())
}

/// `bench/probe`, built with the main lockfile's versions and the main module's flags, into a
/// target directory of its own. Not the main module's: the probe's workspace compiles wc-keys as a
/// dependency, cdylib included, and cargo put that `wc_keys.wasm` (sha2 at the probe's opt-level
/// then, "z", and the checkout's absolute path in its panic locations) where the next
/// `cargo xtask build` found it up to date and shipped it: 155 bytes more than a clean build, in
/// the benchmark runs that followed another's probe build until this was found.
fn probe_build(root: &Path, out: &Path) -> Result<(), String> {
    let probe = root.join("bench/probe");
    let main = crate::build::MODULES
        .iter()
        .find(|m| m.name == "wc_keys")
        .ok_or("build::MODULES has no wc_keys module")?;
    std::fs::copy(root.join("Cargo.lock"), probe.join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let target_dir = root.join("target/modules/bench_probe");
    sh(Command::new("cargo")
        .args(["build", "--release", "--target", "wasm32-unknown-unknown"])
        .arg("--manifest-path")
        .arg(probe.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("CARGO_ENCODED_RUSTFLAGS", main.encoded_rustflags())
        .current_dir(&probe))?;
    let wasm = target_dir.join("wasm32-unknown-unknown/release/wc_keys_bench_probe.wasm");
    wasm_bindgen(&wasm, "probe", out)?;
    wasm_opt(root, &out.join("probe_bg.wasm"), &[])
}

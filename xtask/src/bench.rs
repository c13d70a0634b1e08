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

/// `bench/probe`, built with the main lockfile's versions, the main module's flags and the
/// package's release profile (checked: [`release_profile`]), into a target directory of its own.
/// Not the main module's: the probe's workspace compiles wc-keys as a dependency, cdylib included,
/// and cargo leaves that `wc_keys.wasm` (built with the probe's profile, and naming the checkout
/// in its panic locations) where `cargo xtask build` takes the main module from, which the next
/// build found up to date and shipped.
fn probe_build(root: &Path, out: &Path) -> Result<(), String> {
    let probe = root.join("bench/probe");
    let main = crate::build::MODULES
        .iter()
        .find(|m| m.name == "wc_keys")
        .ok_or("build::MODULES has no wc_keys module")?;
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let package = release_profile(&read(&root.join("Cargo.toml"))?);
    if release_profile(&read(&probe.join("Cargo.toml"))?) != package {
        return Err(format!(
            "bench/probe/Cargo.toml's release profile differs from Cargo.toml's; copy it: {}",
            package.join(" ")
        ));
    }
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

/// The `[profile.release…]` tables of a Cargo.toml, as `table key = value` lines without comments
/// or blank lines, sorted: what must be the same for the probe to compile the core as it ships.
fn release_profile(manifest: &str) -> Vec<String> {
    let mut table = String::new();
    let mut lines = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            table = line.to_string();
        } else if table.starts_with("[profile.release")
            && !line.is_empty()
            && !line.starts_with('#')
        {
            lines.push(format!("{table} {line}"));
        }
    }
    lines.sort();
    lines
}

#[cfg(test)]
mod tests {
    use super::release_profile;

    #[test]
    fn the_probe_compiles_the_core_with_the_package_release_profile() {
        let root = crate::util::root();
        let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
        let package = release_profile(&read("Cargo.toml"));
        assert!(
            package.iter().any(|line| line.contains("opt-level")),
            "{package:?}"
        );
        assert_eq!(release_profile(&read("bench/probe/Cargo.toml")), package);
    }

    #[test]
    fn release_profile_reads_only_the_release_tables() {
        let manifest =
            "[profile.release]\n# why\nopt-level = \"z\"\n\n[profile.dev]\nopt-level = 1\n\
                        [profile.release.package.sha2]\nopt-level = 3\n[dependencies]\nx = \"1\"\n";
        assert_eq!(
            release_profile(manifest),
            [
                "[profile.release.package.sha2] opt-level = 3",
                "[profile.release] opt-level = \"z\"",
            ]
        );
    }
}

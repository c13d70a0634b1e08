//! `cargo xtask setup`: installs what a fresh machine lacks, skips what is there.
//!
//! - the `wasm32-unknown-unknown` target (rustup);
//! - `wasm-bindgen-cli` at exactly the version `Cargo.toml` pins (the CLI and the crate must
//!   match); installed without `--locked`, see ../shared/TOOLCHAIN.md;
//! - Debian's `chromium`, `chromium-driver`, `php-cli` and `curl` (apt-get as root, else the command);
//! - npm packages from committed lockfiles (`npm ci`): `tools/` (binaryen's wasm-opt, never
//!   Debian's, whose version 108 breaks the externref table), `tests/js/` and `tests/package/`;
//! - a Python virtualenv for the oauthlib oracle (`tests/python/requirements.txt`);
//! - cargo-fuzz at a pinned version (`cargo xtask fuzz` and the test run's fuzz smoke).

use crate::util::{on_path, output_of, root, sh, wasm_bindgen_version};
use std::path::Path;
use std::process::Command;

const APT_PACKAGES: &[(&str, &str)] = &[
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("php-cli", "/usr/bin/php"),
    // The demo page's test runs the curl line the page prints.
    ("curl", "/usr/bin/curl"),
];

/// `cargo xtask setup`: every step; quiet when nothing is missing.
pub fn run() -> Result<(), String> {
    wasm_target()?;
    wasm_bindgen_cli()?;
    apt_packages()?;
    npm_ci(&root().join("tools"))?;
    npm_ci(&root().join("tests/js"))?;
    npm_ci(&root().join("tests/package"))?;
    python_venv()?;
    crate::fuzz::ensure_cargo_fuzz()?;
    Ok(())
}

fn wasm_target() -> Result<(), String> {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"]))
        .unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn wasm_bindgen_cli() -> Result<(), String> {
    let want = wasm_bindgen_version()?;
    let have = output_of(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = on_path("wasm-bindgen-test-runner");
    if have.trim() == format!("wasm-bindgen {want}") && runner {
        return Ok(());
    }
    println!(
        "wasm-bindgen-cli {want} is needed (found: {})",
        if have.is_empty() { "none" } else { have.trim() }
    );
    sh(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]))
}

fn is_root() -> bool {
    output_of(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0")
}

fn apt_packages() -> Result<(), String> {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(_, path)| !Path::new(path).exists())
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        return Err(format!(
            "these Debian packages are missing: {list}\nrun: sudo apt-get update && sudo apt-get install -y {list}"
        ));
    }
    sh(Command::new("apt-get")
        .args(["-o", "DPkg::Lock::Timeout=600", "update"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    let mut install = Command::new("apt-get");
    install
        .args(["-o", "DPkg::Lock::Timeout=600", "install", "-y"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive");
    sh(&mut install)
}

/// `npm ci` when `node_modules` does not match the lockfile (a copy of the lockfile is kept in
/// `node_modules/.xtask-lock` as the stamp).
pub(crate) fn npm_ci(dir: &Path) -> Result<(), String> {
    let lock = dir.join("package-lock.json");
    let Ok(wanted) = std::fs::read(&lock) else {
        return Err(format!(
            "{} is missing: commit it (npm install --package-lock-only)",
            lock.display()
        ));
    };
    let stamp = dir.join("node_modules/.xtask-lock");
    if std::fs::read(&stamp).ok().as_deref() == Some(wanted.as_slice()) {
        return Ok(());
    }
    sh(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))
}

fn python_venv() -> Result<(), String> {
    let dir = root().join("tests/python");
    let requirements = dir.join("requirements.txt");
    let Ok(wanted) = std::fs::read(&requirements) else {
        return Ok(());
    };
    let venv = dir.join(".venv");
    let stamp = venv.join(".xtask-requirements");
    if std::fs::read(&stamp).ok().as_deref() == Some(wanted.as_slice()) {
        return Ok(());
    }
    sh(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    sh(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(&requirements))?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))
}

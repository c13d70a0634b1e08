//! `cargo xtask build`: wasm32 release build, wasm-bindgen (`--target web`, the one output that
//! loads in browsers without a bundler, in bundlers and in Node), binaryen's `wasm-opt -Oz`, then
//! `pkg/` = generated files + `pkg-template/`, version stamped from `Cargo.toml`, and a check that
//! every file `package.json` names exists.

use crate::util::{copy_dir, crate_version, root, sh};
use std::path::Path;
use std::process::Command;

/// Features the Rust wasm32 target enables by default; wasm-opt must accept them all.
pub(crate) const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn run() -> Result<(), String> {
    let root = root();
    sh(Command::new("cargo")
        .args([
            "build",
            "--package",
            "wc-keys",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .current_dir(&root))?;
    let generated = root.join("target/wasm-bindgen");
    let _ = std::fs::remove_dir_all(&generated);
    sh(Command::new("wasm-bindgen")
        .args(["--target", "web", "--out-name", "wc_keys", "--out-dir"])
        .arg(&generated)
        .arg(root.join("target/wasm32-unknown-unknown/release/wc_keys.wasm")))?;
    let wasm = generated.join("wc_keys_bg.wasm");
    sh(Command::new(root.join("tools/node_modules/.bin/wasm-opt"))
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;
    assemble(&root, &generated)
}

/// `pkg/`: the generated glue and wasm, then the hand-written template over them.
fn assemble(root: &Path, generated: &Path) -> Result<(), String> {
    let pkg = root.join("pkg");
    let _ = std::fs::remove_dir_all(&pkg);
    std::fs::create_dir_all(&pkg).map_err(|e| format!("pkg/: {e}"))?;
    for file in ["wc_keys.js", "wc_keys_bg.wasm"] {
        std::fs::copy(generated.join(file), pkg.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    copy_dir(&root.join("pkg-template"), &pkg)?;
    let manifest_path = pkg.join("package.json");
    let manifest =
        std::fs::read_to_string(&manifest_path).map_err(|e| format!("package.json: {e}"))?;
    let version = crate_version()?;
    if !manifest.contains("\"version\": \"0.0.0-dev\"") {
        return Err(
            "pkg-template/package.json must carry \"version\": \"0.0.0-dev\" for stamping".into(),
        );
    }
    let manifest = manifest.replace(
        "\"version\": \"0.0.0-dev\"",
        &format!("\"version\": \"{version}\""),
    );
    std::fs::write(&manifest_path, &manifest).map_err(|e| format!("package.json: {e}"))?;
    check_files(&pkg, &manifest)?;
    let wasm_size = std::fs::metadata(pkg.join("wc_keys_bg.wasm"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("pkg/ assembled: wc-keys {version}, wc_keys_bg.wasm {wasm_size} bytes");
    Ok(())
}

/// Every `./file` that `package.json` mentions must exist in `pkg/`, and every file in `pkg/`
/// must be listed in `files` (so `npm pack` ships exactly what was checked).
fn check_files(pkg: &Path, manifest: &str) -> Result<(), String> {
    let mut mentioned = Vec::new();
    for piece in manifest.split('"') {
        if let Some(path) = piece.strip_prefix("./") {
            mentioned.push(path.to_string());
        }
    }
    for path in &mentioned {
        if !pkg.join(path).is_file() {
            return Err(format!(
                "pkg/package.json names ./{path}, which the build did not produce"
            ));
        }
    }
    let files_section = manifest
        .split("\"files\"")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .ok_or("pkg-template/package.json has no \"files\" list")?;
    let entries = std::fs::read_dir(pkg).map_err(|e| e.to_string())?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "package.json" || name == "README.md" {
            continue;
        }
        if !files_section.contains(&format!("\"{name}\"")) {
            return Err(format!(
                "pkg/{name} is built but not listed in package.json \"files\""
            ));
        }
    }
    Ok(())
}

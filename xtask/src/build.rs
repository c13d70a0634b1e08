//! `cargo xtask build`: for each of the package's two modules, a wasm32 release build,
//! wasm-bindgen (`--target web`, the one output that loads in browsers without a bundler, in
//! bundlers and in Node) and binaryen's `wasm-opt -Oz`; then
//! `pkg/` = generated files + `pkg-template/`, version stamped from `Cargo.toml`, and a check that
//! every file `package.json` names exists.

use crate::util::{copy_dir, crate_version, root, sh};
use std::path::{Path, PathBuf};
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

/// One of the package's WebAssembly modules.
pub(crate) struct Module {
    /// Extra `cargo build` arguments.
    pub features: &'static [&'static str],
    /// Extra rustc flags for this module's build.
    pub rustflags: &'static [&'static str],
    /// wasm-bindgen's output name: `{name}.js` (glue) and `{name}_bg.wasm`.
    pub name: &'static str,
    /// Shipped inside a JavaScript module (`{name}_wasm.mjs`, gzipped, in base64) rather than as a
    /// `.wasm` file: no second request, and no file for a bundler to copy.
    pub inline: bool,
}

/// `wc_keys` is the main entry's module; `wc_keys_signer` is `wc-keys/signer`'s, the same crate
/// built without the `full` feature (src/wasm.rs), inlined (pkg-template/signer-entry.mjs says why).
pub(crate) const MODULES: &[Module] = &[
    Module {
        features: &[],
        rustflags: &[],
        name: "wc_keys",
        inline: false,
    },
    Module {
        features: &["--no-default-features"],
        // sha2's compact SHA-256 (a loop, not 64 unrolled rounds): 7 KB smaller (1.5 KB gzip).
        // In an A/B of the two builds of this module it signed about 6 % slower in Node and in
        // Chromium; in `cargo xtask bench` the entry still signs as fast as the main entry's
        // Signer (0.93× to 1.00× its time over the runs in bench/runs and bench/results.json). The small entry is the one a page takes for its
        // size; the main module keeps the unrolled rounds.
        rustflags: &["--cfg", r#"sha2_backend_soft="compact""#],
        name: "wc_keys_signer",
        inline: true,
    },
];

impl Module {
    /// Where cargo builds this module: a target directory of its own, since the modules' flags
    /// differ and in one directory each build would recompile every dependency of the other.
    pub(crate) fn target_dir(&self, root: &Path) -> PathBuf {
        root.join("target/modules").join(self.name)
    }

    /// This module's rustc flags for `CARGO_ENCODED_RUSTFLAGS`: separated by 0x1f, so that a path
    /// with spaces stays one flag, and taking precedence over `RUSTFLAGS`, which would otherwise
    /// drop them without a word.
    pub(crate) fn encoded_rustflags(&self) -> String {
        let mut flags = vec![remap_paths()];
        flags.extend(self.rustflags.iter().map(|flag| (*flag).to_string()));
        flags.join("\x1f")
    }
}

pub fn run() -> Result<(), String> {
    let root = root();
    let generated = root.join("target/wasm-bindgen");
    let _ = std::fs::remove_dir_all(&generated);
    for module in MODULES {
        let name = module.name;
        let target_dir = module.target_dir(&root);
        sh(Command::new("cargo")
            .args([
                "build",
                "--package",
                "wc-keys",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args(module.features)
            .arg("--target-dir")
            .arg(&target_dir)
            .env("CARGO_ENCODED_RUSTFLAGS", module.encoded_rustflags())
            .current_dir(&root))?;
        sh(Command::new("wasm-bindgen")
            .args(["--target", "web", "--out-name", name, "--out-dir"])
            .arg(&generated)
            .arg(target_dir.join("wasm32-unknown-unknown/release/wc_keys.wasm")))?;
        let wasm = generated.join(format!("{name}_bg.wasm"));
        // Kept with its function names for `cargo xtask bench`'s size map and profile.
        std::fs::copy(&wasm, generated.join(format!("{name}_bg.named.wasm")))
            .map_err(|e| format!("{name}_bg.named.wasm: {e}"))?;
        sh(Command::new(root.join("tools/node_modules/.bin/wasm-opt"))
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm))?;
    }
    assemble(&root, &generated)
}

/// Panic locations in dependencies name their source files; without this they carry the build
/// machine's cargo home (`/root/.cargo/registry/src/index.crates.io-…/sha1-0.11.0/…`). Shortened
/// to `/cargo/…`, the shipped bytes do not depend on where cargo lives (and each module is a
/// hundred or two bytes smaller).
fn remap_paths() -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_default();
    format!(
        "--remap-path-prefix={}=/cargo",
        cargo_home.join("registry/src").display()
    )
}

/// `pkg/`: the generated glue and wasm, then the hand-written template over them.
fn assemble(root: &Path, generated: &Path) -> Result<(), String> {
    let pkg = root.join("pkg");
    let _ = std::fs::remove_dir_all(&pkg);
    std::fs::create_dir_all(&pkg).map_err(|e| format!("pkg/: {e}"))?;
    let mut sizes = Vec::new();
    for module in MODULES {
        let name = module.name;
        let glue = std::fs::read_to_string(generated.join(format!("{name}.js")))
            .map_err(|e| format!("{name}.js: {e}"))?;
        let wasm = std::fs::read(generated.join(format!("{name}_bg.wasm")))
            .map_err(|e| format!("{name}_bg.wasm: {e}"))?;
        sizes.push((name, wasm.len()));
        let (glue, wasm_file, wasm_bytes) = if module.inline {
            (
                remove_default_path(&glue, name)?,
                format!("{name}_wasm.mjs"),
                to_compressed_module(&wasm)?.into_bytes(),
            )
        } else {
            (glue, format!("{name}_bg.wasm"), wasm)
        };
        std::fs::write(pkg.join(format!("{name}.js")), glue)
            .map_err(|e| format!("{name}.js: {e}"))?;
        std::fs::write(pkg.join(&wasm_file), wasm_bytes)
            .map_err(|e| format!("{wasm_file}: {e}"))?;
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
    for (name, size) in sizes {
        println!("pkg/ assembled: wc-keys {version}, {name}_bg.wasm {size} bytes");
    }
    Ok(())
}

/// The glue of an inlined module without its default `.wasm` URL: `init()` without arguments
/// would fetch a file that is not shipped, and bundlers that see `new URL('…', import.meta.url)`
/// look for the file and warn. The entries pass the inline bytes instead.
fn remove_default_path(glue: &str, name: &str) -> Result<String, String> {
    let default_path = format!("module_or_path = new URL('{name}_bg.wasm', import.meta.url);");
    if glue.matches(&default_path).count() != 1 {
        return Err(format!(
            "{name}.js: wasm-bindgen's glue no longer sets its default path as `{default_path}`; \
             update build.rs"
        ));
    }
    Ok(glue.replace(
        &default_path,
        "throw new Error('this module is inline: pass its bytes to init or initSync');",
    ))
}

/// `export default "<the module gzipped by zopfli, in base64>";`, for the signing entries to
/// gunzip (pkg-template/signer-entry.mjs and signer-node.mjs). Base64 of deflated bytes passes
/// through a server's own gzip almost unchanged (6 bits a character), so what travels is about
/// zopfli's output: for wc_keys_signer (68.8 KB) about 31 KB, where the module in hex (the previous
/// form) came to 36 KB after gzip -9 and the bare `.wasm` to 33 KB. zopfli's deflate is about 7 %
/// smaller than zlib's level 9 here; BENCHMARKS.md has each run's exact bytes.
fn to_compressed_module(wasm: &[u8]) -> Result<String, String> {
    let mut gzipped = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        wasm,
        &mut gzipped,
    )
    .map_err(|e| format!("zopfli: {e}"))?;
    let mut out = String::with_capacity(gzipped.len() / 3 * 4 + 160);
    out.push_str(
        "// Generated by `cargo xtask build`: the WebAssembly module, gzipped (zopfli), in base64.\n\
         export default \"",
    );
    // Standard base64 with padding: what `atob`, `Uint8Array.fromBase64` and Node's `Buffer` read.
    base64::Engine::encode_string(
        &base64::engine::general_purpose::STANDARD,
        &gzipped,
        &mut out,
    );
    out.push_str("\";\n");
    Ok(out)
}

/// Every `./file.ext` that `package.json` mentions must exist in `pkg/`, and every file in `pkg/`
/// must be listed in `files` (so `npm pack` ships exactly what was checked).
fn check_files(pkg: &Path, manifest: &str) -> Result<(), String> {
    let mut mentioned = Vec::new();
    for piece in manifest.split('"') {
        // Files only: an export's subpath (`"./signer"`) has no extension.
        if let Some(path) = piece.strip_prefix("./").filter(|p| p.contains('.')) {
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

//! `cargo xtask build`: for each of the package's two modules, a wasm32 release build,
//! wasm-bindgen (`--target web`, the one output that loads in browsers without a bundler, in
//! bundlers and in Node) and binaryen's `wasm-opt -Oz`; then
//! `pkg/` = generated files + `pkg-template/`, with the main entry's modules bundled into
//! `api.mjs` by esbuild, version stamped from `Cargo.toml`, and a check that `pkg/` holds exactly
//! the files `package.json` lists and every file it names.

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
        // Signer (0.99× to 1.03× its time in the last four runs in bench/runs/README.md's list).
        // The small entry is the one a page takes for its size; the main module keeps the
        // unrolled rounds.
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
        build_module(&root, module, &generated)?;
        if names_checkout(&root, &generated, module)? {
            // A `wc_keys.wasm` compiled by another workspace (bench/probe's, before it had a
            // target directory of its own, xtask/src/bench.rs) names the checkout in its panic
            // locations, and cargo takes it as up to date: compiled again here, it does not.
            println!(
                "{}: built outside this workspace; compiling wc-keys again",
                module.name
            );
            sh(Command::new("cargo")
                .args(["clean", "--package", "wc-keys", "--release"])
                .args(["--target", "wasm32-unknown-unknown", "--target-dir"])
                .arg(module.target_dir(&root))
                .current_dir(&root))?;
            build_module(&root, module, &generated)?;
            if names_checkout(&root, &generated, module)? {
                return Err(format!(
                    "{}_bg.wasm names this checkout ({}): the shipped module must not carry \
                     the build machine's paths",
                    module.name,
                    root.display()
                ));
            }
        }
    }
    assemble(&root, &generated)
}

/// One module: `cargo build`, wasm-bindgen, then `wasm-opt -Oz` (a copy kept before, with its
/// function names, for `cargo xtask bench`'s size map and profile).
fn build_module(root: &Path, module: &Module, generated: &Path) -> Result<(), String> {
    let name = module.name;
    let target_dir = module.target_dir(root);
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
        .current_dir(root))?;
    sh(Command::new("wasm-bindgen")
        .args(["--target", "web", "--out-name", name, "--out-dir"])
        .arg(generated)
        .arg(target_dir.join("wasm32-unknown-unknown/release/wc_keys.wasm")))?;
    let wasm = generated.join(format!("{name}_bg.wasm"));
    std::fs::copy(&wasm, generated.join(format!("{name}_bg.named.wasm")))
        .map_err(|e| format!("{name}_bg.named.wasm: {e}"))?;
    sh(Command::new(root.join("tools/node_modules/.bin/wasm-opt"))
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))
}

/// Whether the module as it will ship holds the checkout's absolute path. The workspace's own
/// sources are compiled with relative paths (`src/encode.rs`) and dependencies' are remapped
/// ([`remap_paths`]), so only a module compiled by another workspace, where wc-keys is a path
/// dependency, has it.
fn names_checkout(root: &Path, generated: &Path, module: &Module) -> Result<bool, String> {
    let name = module.name;
    let wasm = std::fs::read(generated.join(format!("{name}_bg.wasm")))
        .map_err(|e| format!("{name}_bg.wasm: {e}"))?;
    let path = root.display().to_string().into_bytes();
    Ok(!path.is_empty() && wasm.windows(path.len()).any(|w| w == path.as_slice()))
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

/// `pkg/`: the generated glue and wasm and the hand-written template, put together in
/// `target/pkg-stage/`; from there `api.mjs` bundled (see [`bundle_api`]) and every other file
/// `package.json` lists in `files` copied as it is into `target/pkg-next/`, which becomes `pkg/`
/// once checked.
fn assemble(root: &Path, generated: &Path) -> Result<(), String> {
    let stage = root.join("target/pkg-stage");
    let _ = std::fs::remove_dir_all(&stage);
    std::fs::create_dir_all(&stage).map_err(|e| format!("target/pkg-stage/: {e}"))?;
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
        std::fs::write(stage.join(format!("{name}.js")), glue)
            .map_err(|e| format!("{name}.js: {e}"))?;
        std::fs::write(stage.join(&wasm_file), wasm_bytes)
            .map_err(|e| format!("{wasm_file}: {e}"))?;
    }
    copy_dir(&root.join("pkg-template"), &stage)?;
    let manifest = std::fs::read_to_string(stage.join("package.json"))
        .map_err(|e| format!("package.json: {e}"))?;
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

    let bundled = bundle_api(root, &stage)?;

    // Put together and checked beside pkg/, which it replaces only then: a failed build leaves the
    // previous pkg/ whole.
    let next = root.join("target/pkg-next");
    let _ = std::fs::remove_dir_all(&next);
    std::fs::create_dir_all(&next).map_err(|e| format!("target/pkg-next/: {e}"))?;
    std::fs::write(next.join("package.json"), &manifest)
        .map_err(|e| format!("package.json: {e}"))?;
    std::fs::copy(&bundled, next.join(API)).map_err(|e| format!("{API}: {e}"))?;
    for file in list_files(&manifest)?.into_iter().chain(["README.md"]) {
        if file == API || !stage.join(file).is_file() {
            continue; // A listed file that was not built is check_files' to report.
        }
        std::fs::copy(stage.join(file), next.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    check_files(&next, &manifest)?;
    let pkg = root.join("pkg");
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("pkg/: {e}"))?;
    }
    std::fs::rename(&next, &pkg).map_err(|e| format!("target/pkg-next/ to pkg/: {e}"))?;
    for (name, size) in sizes {
        println!("pkg/ assembled: wc-keys {version}, {name}_bg.wasm {size} bytes");
    }
    Ok(())
}

/// The main entry's shared module, bundled.
const API: &str = "api.mjs";

/// `api.mjs` bundled: pkg-template/api.mjs and every module it imports, the glue among them, in
/// one file (not minified), written to `target/pkg-stage/bundled/` for [`assemble`] to copy.
/// api.mjs says why, and what the one file costs bundlers that tree-shake it.
fn bundle_api(root: &Path, stage: &Path) -> Result<PathBuf, String> {
    let out = stage.join("bundled").join(API);
    // Run from the stage, so that the bundle's `// wc_keys.js`-style section comments name each
    // file as the package's sources do.
    sh(Command::new(root.join("tools/node_modules/.bin/esbuild"))
        .current_dir(stage)
        .arg(API)
        .args([
            "--bundle",
            "--format=esm",
            "--platform=neutral",
            "--target=esnext",
            "--charset=utf8",
            "--log-level=warning",
            "--banner:js=// Generated by `cargo xtask build`: pkg-template/api.mjs and the modules it \
             imports, bundled by esbuild. The sources, with their comments, are in pkg-template/ \
             in the wc-keys repository.",
        ])
        .arg(format!("--outfile={}", out.display())))?;
    Ok(out)
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

/// The names in `package.json`'s `files` list (plain file names: the package has no folders).
fn list_files(manifest: &str) -> Result<Vec<&str>, String> {
    if manifest.matches("\"files\"").count() != 1 {
        return Err("pkg-template/package.json must name \"files\" once: its list".into());
    }
    let section = manifest
        .split("\"files\"")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .ok_or("pkg-template/package.json has no \"files\" list")?;
    // `: [ "a.mjs", "b.mjs" ` split on quotes: the names are every other piece.
    Ok(section.split('"').skip(1).step_by(2).collect())
}

/// Every `./file.ext` that `package.json` mentions and every file its `files` lists must exist in
/// `pkg/`, and every file in `pkg/` must be listed in `files` (so `npm pack` ships exactly what was
/// checked).
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
    let listed = list_files(manifest)?;
    for file in &listed {
        if !pkg.join(file).is_file() {
            return Err(format!(
                "package.json \"files\" lists {file}, which the build did not produce"
            ));
        }
    }
    let entries = std::fs::read_dir(pkg).map_err(|e| e.to_string())?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "package.json" || name == "README.md" {
            continue;
        }
        if !listed.contains(&name.as_str()) {
            return Err(format!(
                "pkg/{name} is built but not listed in package.json \"files\""
            ));
        }
    }
    Ok(())
}

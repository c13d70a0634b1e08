//! `cargo xtask site [--no-build]`: the demo page as static files any web host can serve, in
//! `site/`: the files of `www/` and the package under `site/pkg/`. Every path in them is relative,
//! so the folder works from a subpath (GitHub Pages serves it under `/wc-keys/`). There is no
//! configuration (the demo server adds a `<meta name="wc-keys-demo-config">` to the page it
//! serves): the page runs in hosted mode, where no server receives wc-auth callbacks and keys are
//! made by hand.
//!
//! `--no-build` assembles from the `pkg/` already built (the page tests use it after
//! `cargo xtask build`).

use crate::util::{copy_dir, root};
use std::path::Path;

/// What the page needs to load: checked after copying.
const REQUIRED: &[&str] = &[
    "index.html",
    "app.mjs",
    "style.css",
    "pkg/index.mjs",
    "pkg/api.mjs",
    "pkg/wc_keys_bg.wasm",
];

pub fn run(args: &[String]) -> Result<(), String> {
    let mut build = true;
    for arg in args {
        match arg.as_str() {
            "--no-build" => build = false,
            other => return Err(format!("site: unknown option '{other}'")),
        }
    }
    if build {
        crate::setup::run()?;
        crate::build::run()?;
    }
    let root = root();
    if !root.join("pkg/wc_keys_bg.wasm").is_file() {
        return Err("pkg/ is not built: run cargo xtask build (or cargo xtask site)".into());
    }
    let site = root.join("site");
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&root.join("www"), &site)?;
    copy_dir(&root.join("pkg"), &site.join("pkg"))?;
    // GitHub Pages: serve the files as they are (no Jekyll step).
    std::fs::write(site.join(".nojekyll"), "").map_err(|e| format!("site/.nojekyll: {e}"))?;
    check(&site)?;
    println!(
        "site/ written: www/ and pkg/, {} files; serve it from any path, e.g. python3 -m http.server -d site",
        count_files(&site)
    );
    Ok(())
}

/// The page loads from a subpath only if it names nothing by absolute path, and it runs in
/// hosted mode only without the demo server's configuration.
fn check(site: &Path) -> Result<(), String> {
    for file in REQUIRED {
        if !site.join(file).is_file() {
            return Err(format!("site/{file} is missing"));
        }
    }
    let page = std::fs::read_to_string(site.join("index.html"))
        .map_err(|e| format!("site/index.html: {e}"))?;
    if page.contains("wc-keys-demo-config") {
        return Err("site/index.html carries the demo server's configuration: it would switch the page to local mode".into());
    }
    for file in ["index.html", "app.mjs", "style.css"] {
        let text =
            std::fs::read_to_string(site.join(file)).map_err(|e| format!("site/{file}: {e}"))?;
        for pattern in ["src=\"/", "href=\"/", "from '/", "url(/", "fetch('/"] {
            if text.contains(pattern) {
                return Err(format!(
                    "site/{file} has an absolute path ({pattern}…): it would break under a subpath"
                ));
            }
        }
    }
    Ok(())
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        count_files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

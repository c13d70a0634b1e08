//! `cargo xtask test`: every check, in order, stopping at the first failure. Counts the tests
//! each runner reports and ends with one line `N passed, N failed`.

use crate::util::{describe, root, run_capture, sh};
use std::process::Command;

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Adds what a runner printed: cargo's `test result: … N passed; M failed`, wasm-bindgen's
    /// same line, node's `# pass N` / `# fail N`, and our runners' `N passed, N failed`.
    fn add(&mut self, output: &str) {
        for line in output.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("test result: ") {
                self.passed += number_before(rest, " passed");
                self.failed += number_before(rest, " failed");
            } else if let Some(n) = line.strip_prefix("# pass ") {
                self.passed += n.trim().parse().unwrap_or(0);
            } else if let Some(n) = line.strip_prefix("# fail ") {
                self.failed += n.trim().parse().unwrap_or(0);
            } else if let Some(rest) = line.strip_prefix("browser: ") {
                self.passed += number_before(rest, " passed");
                self.failed += number_before(rest, " failed");
            }
        }
    }
}

fn number_before(text: &str, word: &str) -> u64 {
    text.find(word)
        .and_then(|end| text.get(..end))
        .and_then(|head| head.rsplit([' ', ';', '.', ',']).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A step: its name and the command that runs it.
struct Step {
    name: &'static str,
    command: Command,
    counts: bool,
}

fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(args).current_dir(root());
    cmd
}

/// `cargo clippy` of the library for wasm32 with `extra` arguments, warnings denied.
fn clippy_wasm32(extra: &[&str]) -> Command {
    let mut cmd = cargo(&[
        "clippy",
        "--package",
        "wc-keys",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    cmd.args(extra).args(["--", "-D", "warnings"]);
    cmd
}

fn node(args: &[&str]) -> Command {
    let mut cmd = Command::new("node");
    cmd.args(args).current_dir(root().join("tests/js"));
    cmd
}

pub fn run() -> Result<(), String> {
    crate::setup::run()?;
    let mut tally = Tally::default();
    let result = run_steps(&mut tally);
    println!();
    match &result {
        Ok(()) => println!("all checks passed"),
        Err(message) => println!("FAILED: {message}"),
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    result
}

fn run_steps(tally: &mut Tally) -> Result<(), String> {
    let mut wasm_browser = cargo(&[
        "test",
        "--package",
        "wc-keys",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    wasm_browser.env("WASM_BINDGEN_USE_BROWSER", "1");
    let before_build = vec![
        Step {
            name: "rustfmt",
            command: cargo(&["fmt", "--all", "--check"]),
            counts: false,
        },
        Step {
            name: "clippy (host)",
            command: cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            counts: false,
        },
        Step {
            name: "clippy (wasm32)",
            command: clippy_wasm32(&["--all-targets"]),
            counts: false,
        },
        Step {
            name: "clippy (wasm32, wc-keys/signer's build)",
            command: clippy_wasm32(&["--no-default-features", "--lib"]),
            counts: false,
        },
        Step {
            name: "cargo test (host)",
            command: cargo(&["test", "--workspace"]),
            counts: true,
        },
        Step {
            name: "wasm tests in Node",
            command: cargo(&[
                "test",
                "--package",
                "wc-keys",
                "--target",
                "wasm32-unknown-unknown",
            ]),
            counts: true,
        },
        Step {
            name: "wasm tests in headless Chromium",
            command: wasm_browser,
            counts: true,
        },
    ];
    run_all(before_build, tally)?;
    println!("\n==> fuzz smoke (every cargo-fuzz target for 10 s, from the committed corpora)");
    crate::fuzz::run_targets(10, false)?;

    crate::build::run()?;
    link_package()?;

    // The sandbox store: built once; every sandbox the tests start chains to one CA, which Node
    // trusts from start (NODE_EXTRA_CA_CERTS) and Chromium is told about per test.
    crate::sandbox::build()?;
    let (ca_key, ca_cert) = crate::sandbox::test_ca()?;
    let store = crate::sandbox::start_child(0, 0, &["--ca-key", &ca_key.display().to_string()])?;
    let demo =
        crate::demo::start_demo_server(crate::demo::free_port()?, Some(&store.http_url), true)?;
    let sandbox_env = [
        (
            "WC_SANDBOX_BIN",
            crate::sandbox::binary_path().display().to_string(),
        ),
        ("WC_SANDBOX_CA_KEY", ca_key.display().to_string()),
        ("NODE_EXTRA_CA_CERTS", ca_cert.display().to_string()),
        ("DEMO_STORE_URL", store.http_url.clone()),
    ];
    // Every tests/js/*.test.mjs file, in one node --test run; they import `wc-keys` by name.
    let mut files: Vec<String> = std::fs::read_dir(root().join("tests/js"))
        .map_err(|e| format!("tests/js: {e}"))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    files.sort();
    let mut node_tests = node(&["--test", "--test-reporter=tap", "--test-concurrency=1"]);
    node_tests
        .args(&files)
        .env("DEMO_URL", &demo.url)
        .envs(sandbox_env.clone());
    let mut package_tests = Command::new("node");
    package_tests
        .args(["--test", "--test-reporter=tap", "package.test.mjs"])
        .current_dir(root().join("tests/package"));
    let after_build = vec![
        Step {
            name: "JavaScript tests in Node (package suite, hostile input, PHP verifier, oracles, demo page)",
            command: node_tests,
            counts: true,
        },
        Step {
            name: "package suite and hostile input in headless Chromium",
            command: {
                let mut cmd = node(&["run-browser.mjs"]);
                cmd.envs(sandbox_env.clone());
                cmd
            },
            counts: true,
        },
        Step {
            name: "the packed package in fresh projects (Node ESM/CJS, Deno, Vite, no bundler, worker, TypeScript, publint)",
            command: package_tests,
            counts: true,
        },
    ];
    run_all(after_build, tally)
}

fn run_all(steps: Vec<Step>, tally: &mut Tally) -> Result<(), String> {
    for mut step in steps {
        println!("\n==> {}", step.name);
        if step.counts {
            let (ok, output) = run_capture(&mut step.command)?;
            tally.add(&output);
            if !ok {
                return Err(format!(
                    "{} failed: `{}`",
                    step.name,
                    describe(&step.command)
                ));
            }
        } else {
            sh(&mut step.command).map_err(|e| format!("{}: {e}", step.name))?;
        }
    }
    Ok(())
}

/// Tests import `wc-keys` by name: `tests/js/node_modules/wc-keys` points at `pkg/`.
fn link_package() -> Result<(), String> {
    let link = root().join("tests/js/node_modules/wc-keys");
    let _ = std::fs::remove_file(&link);
    let _ = std::fs::remove_dir_all(&link);
    std::os::unix::fs::symlink(root().join("pkg"), &link)
        .map_err(|e| format!("{}: {e}", link.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_runner_format() {
        let mut t = Tally::default();
        t.add("test result: ok. 27 passed; 0 failed; 0 ignored\n");
        t.add("test result: FAILED. 3 passed; 2 failed; 0 ignored\n");
        t.add("# pass 12\n# fail 1\n");
        t.add("browser: 9 passed, 0 failed\n");
        assert_eq!((t.passed, t.failed), (51, 3));
    }
}

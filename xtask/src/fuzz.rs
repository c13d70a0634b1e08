//! `cargo xtask fuzz [--seconds N]`: runs every cargo-fuzz target in `fuzz/` for N seconds (default
//! 600), then minimises its corpus (`fuzz/corpus/<target>/`, committed; `tests/fuzz_corpus.rs`
//! replays it in `cargo test`). `cargo xtask test` runs a short smoke form of the same.
//!
//! cargo-fuzz needs nightly compiler flags (`-Zsanitizer=address`); this machine has one stable
//! toolchain, so the runs set `RUSTC_BOOTSTRAP=1`, which lets stable rustc accept them.

use crate::util::{output_of, root, sh};
use std::process::Command;

const TARGETS: &[&str] = &[
    "php_query",
    "url",
    "authorization_header",
    "callback",
    "signer",
];

/// The cargo-fuzz version `cargo xtask setup` installs.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Installs cargo-fuzz at [`CARGO_FUZZ_VERSION`] unless it is there (`cargo xtask setup`).
pub fn ensure_cargo_fuzz() -> Result<(), String> {
    let have = output_of(Command::new("cargo").args(["fuzz", "--version"])).unwrap_or_default();
    if have
        .split_whitespace()
        .any(|word| word == CARGO_FUZZ_VERSION)
    {
        return Ok(());
    }
    sh(Command::new("cargo").args([
        "install",
        "cargo-fuzz",
        "--version",
        CARGO_FUZZ_VERSION,
        "--force",
    ]))
}

fn cargo_fuzz(args: &[&str]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("fuzz")
        .args(args)
        .current_dir(root().join("fuzz"))
        .env("RUSTC_BOOTSTRAP", "1");
    cmd
}

/// Runs every target for `seconds`. The long form grows and then minimises the committed
/// corpora; the smoke form (`keep == false`) starts from them but writes what it finds to a
/// temporary folder, so a test run leaves the tree as it was.
pub fn run_targets(seconds: u32, keep: bool) -> Result<(), String> {
    for target in TARGETS {
        println!("\n==> fuzzing {target} for {seconds} s");
        let time = format!("-max_total_time={seconds}");
        let corpus = root().join("fuzz/corpus").join(target);
        let scratch = root().join("target/fuzz-scratch").join(target);
        std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
        let (write_to, read_also) = if keep {
            (corpus.clone(), None)
        } else {
            (scratch, Some(corpus.clone()))
        };
        let mut cmd = cargo_fuzz(&["run", target]);
        cmd.arg(&write_to);
        if let Some(dir) = read_also.filter(|d| d.is_dir()) {
            cmd.arg(dir);
        }
        cmd.args(["--", &time, "-rss_limit_mb=2048", "-timeout=10"]);
        let crashed = |e: String| {
            format!("fuzz target {target} found a crash (see fuzz/artifacts/{target}/): {e}")
        };
        if keep {
            sh(&mut cmd).map_err(crashed)?;
        } else {
            // The smoke run's libFuzzer log is thousands of lines: show its end, or all of it
            // when it failed.
            println!("$ {}", crate::util::describe(&cmd));
            let out = cmd.output().map_err(|e| crashed(e.to_string()))?;
            let log = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() {
                eprint!("{log}");
                return Err(crashed(format!("exit {}", out.status)));
            }
            for line in log
                .lines()
                .filter(|l| l.starts_with("Done ") || l.contains("stat::number_of_executed_units"))
            {
                println!("{line}");
            }
        }
        if keep {
            sh(&mut cargo_fuzz(&["cmin", target]))?;
        }
    }
    Ok(())
}

/// `cargo xtask fuzz [--seconds N]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut seconds: u32 = 600;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = iter.next().ok_or("--seconds needs a number")?;
                seconds = value
                    .parse()
                    .map_err(|_| format!("--seconds: '{value}' is not a number"))?;
            }
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    run_targets(seconds, true)
}

//! `cargo xtask …`: the project's build, test and demo commands, with no tool to install by
//! hand. Every command first runs `setup`, which installs what a fresh machine lacks.

mod bench;
mod build;
mod demo;
mod fuzz;
mod sandbox;
mod setup;
mod site;
mod test;
mod util;
mod vectors;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup              install what the build and tests need (idempotent)
  build              build the wasm, run wasm-bindgen and wasm-opt, assemble pkg/
  test               run every check and test; ends with 'N passed, N failed'
  demo [--port N]    build, start the sandbox store (8081, HTTPS 8443) and serve the demo
                     page on http://127.0.0.1:N (default 8080); --store-port N moves the store
  serve [--port N]   serve www/ and pkg/ without building (used by the page tests)
  site [--no-build]  build, then write site/: the demo page as static files (hosted mode)
  sandbox [options]  run the local WooCommerce stand-in (sandbox --help lists options)
  fuzz [--seconds N] run every fuzz target N seconds (default 600), minimise the corpora
  vectors            regenerate tests/vectors/ files computed by PHP, oauth-1.0a and oauthlib
  bench [--rounds N] build, then time wc-keys against its peers; writes BENCHMARKS.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = args.get(1..).unwrap_or_default();
    let result = match command.as_str() {
        "setup" => setup::run(),
        "build" => setup::run().and_then(|()| build::run()),
        "test" => test::run(),
        "demo" => setup::run()
            .and_then(|()| build::run())
            .and_then(|()| demo::demo(rest, true)),
        "serve" => demo::demo(rest, false),
        "site" => site::run(rest),
        "sandbox" => sandbox::run(rest),
        "vectors" => setup::run().and_then(|()| vectors::run()),
        "fuzz" => setup::run().and_then(|()| fuzz::run(rest)),
        "bench" => bench::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

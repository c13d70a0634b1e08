//! `wc-sandbox [options]`: starts the sandbox store and prints its URLs and seed keys.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{}", wc_sandbox::USAGE);
        return ExitCode::SUCCESS;
    }
    let config = match wc_sandbox::Config::from_args(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("wc-sandbox: {message}");
            return ExitCode::from(2);
        }
    };
    match wc_sandbox::Sandbox::start(config) {
        Ok(sandbox) => {
            println!("{}", sandbox.banner());
            println!("(one JSON line per request follows; Ctrl-C stops it)");
            sandbox.wait();
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("wc-sandbox: {message}");
            ExitCode::FAILURE
        }
    }
}

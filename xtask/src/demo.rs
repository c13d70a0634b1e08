//! `cargo xtask demo`: the demo page (`www/`) and the package (`pkg/`), served on 127.0.0.1 by
//! `demo/server.mjs`, which also receives wc-auth callbacks with the package's reference handler.

use crate::util::root;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process stopped when dropped.
pub struct Running {
    pub child: Child,
    pub url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now.
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// Waits until something listens on `port`.
pub fn wait_for_port(port: u16, what: &str) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!(
        "{what} did not start listening on 127.0.0.1:{port}"
    ))
}

/// Starts `node demo/server.mjs` on `port`, pointing the page at `store` when given.
pub fn start_demo_server(port: u16, store: Option<&str>, quiet: bool) -> Result<Running, String> {
    let mut cmd = Command::new("node");
    cmd.arg(root().join("demo/server.mjs"))
        .args(["--port", &port.to_string()]);
    if let Some(store) = store {
        cmd.args(["--store", store]);
    }
    if quiet {
        cmd.stdout(Stdio::null());
    }
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start node demo/server.mjs: {e}"))?;
    let running = Running {
        child,
        url: format!("http://127.0.0.1:{port}/"),
    };
    wait_for_port(port, "the demo server")?;
    Ok(running)
}

/// `cargo xtask demo [--port N] [--store-port N]` (after setup and build): the sandbox store
/// and the demo page; `cargo xtask serve [--port N]`: the page alone.
pub fn demo(args: &[String], with_store: bool) -> Result<(), String> {
    let mut port: u16 = 8080;
    let mut store_port: u16 = 8081;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--port" => {
                let value = iter.next().ok_or("--port needs a number")?;
                port = value
                    .parse()
                    .map_err(|_| format!("--port: '{value}' is not a port number"))?;
            }
            "--store-port" if with_store => {
                let value = iter.next().ok_or("--store-port needs a number")?;
                store_port = value
                    .parse()
                    .map_err(|_| format!("--store-port: '{value}' is not a port number"))?;
            }
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    if TcpStream::connect(("127.0.0.1", port)).is_ok() {
        return Err(format!(
            "port {port} is taken; pass --port to use another one"
        ));
    }
    let sandbox = if with_store {
        let https_port = store_port.checked_add(362).unwrap_or(0);
        let store = crate::sandbox::start_child(store_port, https_port, &[])?;
        println!("{}", store.banner);
        // The HTTPS store's certificate comes from a CA made at start: Node (the README's
        // checkKeys examples) trusts it only when told.
        println!(
            "HTTPS certificate authority: {0}\n  Node trusts it with NODE_EXTRA_CA_CERTS={0}",
            store.ca_file.display()
        );
        Some(store)
    } else {
        None
    };
    let mut server = start_demo_server(port, sandbox.as_ref().map(|s| s.http_url.as_str()), false)?;
    println!("(Ctrl-C stops both)");
    let status = server.child.wait().map_err(|e| e.to_string())?;
    drop(sandbox);
    if status.success() {
        Ok(())
    } else {
        Err(format!("the demo server stopped ({status})"))
    }
}

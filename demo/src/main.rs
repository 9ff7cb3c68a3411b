//! The demo server: one process on 127.0.0.1 serving the example app and the built SDK package.

use axum::Router;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use tower_http::services::ServeDir;

struct Args {
    port: u16,
    public_dir: PathBuf,
    package_dir: PathBuf,
}

const USAGE: &str = "usage: wasm-rum-demo [--port N] [--public DIR] [--package DIR]
  --port N         port on 127.0.0.1 (default 8080; 0 picks a free one)
  --public DIR     the demo app's files (default demo/public)
  --package DIR    the built npm package, served at /pkg/wasm-rum/ (default dist/npm)";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        port: 8080,
        public_dir: "demo/public".into(),
        package_dir: "dist/npm".into(),
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => {
                let v = value()?;
                parsed.port = v
                    .parse()
                    .map_err(|_| format!("--port must be a number from 0 to 65535, got {v:?}"))?;
            }
            "--public" => parsed.public_dir = value()?.into(),
            "--package" => parsed.package_dir = value()?.into(),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(parsed)
}

fn app(args: &Args) -> Router {
    Router::new()
        .nest_service("/pkg/wasm-rum", ServeDir::new(&args.package_dir))
        .fallback_service(ServeDir::new(&args.public_dir))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("wasm-rum-demo: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !args.package_dir.join("index.js").is_file() {
        eprintln!(
            "wasm-rum-demo: no built package in {} (run scripts/build.sh first)",
            args.package_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("wasm-rum-demo: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    // The first line is read by tests to find the port; keep its shape.
    println!("wasm-rum demo listening on http://{bound}/");
    let served = axum::serve(listener, app(&args))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("wasm-rum-demo: shutting down");
        })
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wasm-rum-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_flags() {
        let a = args(&[]).unwrap();
        assert_eq!(a.port, 8080);
        let a = args(&["--port", "0", "--public", "p", "--package", "k"]).unwrap();
        assert_eq!(
            (a.port, a.public_dir, a.package_dir),
            (0, "p".into(), "k".into())
        );
    }

    #[test]
    fn bad_flags_are_explained() {
        assert_eq!(
            args(&["--port", "x"]).err().unwrap(),
            "--port must be a number from 0 to 65535, got \"x\""
        );
        assert_eq!(args(&["--port"]).err().unwrap(), "--port needs a value");
        assert_eq!(
            args(&["--bogus"]).err().unwrap(),
            "unknown argument \"--bogus\""
        );
    }
}

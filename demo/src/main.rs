//! The demo server: one process on 127.0.0.1 serving the example app, the built SDK package, a
//! traced backend API, a RUM intake and a dashboard, all on one SQLite file.

mod backend;
mod changes;
mod dashboard;
mod intake;
mod monitors;
mod store;
mod system;
mod trace;

use axum::routing::{get, post};
use axum::Router;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

pub struct App {
    pub store: Arc<store::Store>,
    pub monitoring: Option<Arc<monitors::Monitoring>>,
    pub system: Arc<system::System>,
    /// `--test-switches`: extra delays per API route, set by `POST /test/slow`, so the tests can
    /// make a route slow and fire its monitor.
    pub delays: Option<std::sync::Mutex<std::collections::HashMap<String, u64>>>,
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

struct Args {
    port: u16,
    db: PathBuf,
    public_dir: PathBuf,
    package_dir: PathBuf,
    vendor_dir: PathBuf,
    monitors: PathBuf,
    webhook: Option<String>,
    interval_ms: Option<u64>,
    test_switches: bool,
}

const USAGE: &str =
    "usage: wasm-rum-demo [--port N] [--db FILE] [--public DIR] [--package DIR] [--vendor DIR]
  --port N         port on 127.0.0.1 (default 8080; 0 picks a free one)
  --db FILE        the SQLite database, created on first run (default demo/data/demo.sqlite)
  --public DIR     the demo app and dashboard pages (default demo/public)
  --package DIR    the built npm package, served at /pkg/wasm-rum/ (default dist/npm)
  --vendor DIR     the dashboard's npm packages, served at /vendor/ (default demo/node_modules)
  --monitors FILE  the monitors and synthetic checks (default demo/monitors.toml; \"none\" for none)
  --webhook URL    where alerts are posted (a Slack or Teams incoming webhook), over the file's
  --monitor-interval-ms N   evaluate the monitors this often (over the file's interval_seconds)
  --test-switches  POST /test/slow?route=R&ms=N makes /api/R slower (for the tests)";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        port: 8080,
        db: "demo/data/demo.sqlite".into(),
        public_dir: "demo/public".into(),
        package_dir: "dist/npm".into(),
        vendor_dir: "demo/node_modules".into(),
        monitors: "demo/monitors.toml".into(),
        webhook: None,
        interval_ms: None,
        test_switches: false,
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
            "--db" => parsed.db = value()?.into(),
            "--public" => parsed.public_dir = value()?.into(),
            "--package" => parsed.package_dir = value()?.into(),
            "--vendor" => parsed.vendor_dir = value()?.into(),
            "--monitors" => parsed.monitors = value()?.into(),
            "--webhook" => {
                let v = value()?;
                if !monitors::rules::is_http_url(&v) {
                    return Err(format!("--webhook must be an http(s) URL, got {v:?}"));
                }
                parsed.webhook = Some(v);
            }
            "--monitor-interval-ms" => {
                let v = value()?;
                parsed.interval_ms =
                    Some(v.parse().ok().filter(|n| *n >= 50).ok_or_else(|| {
                        format!("--monitor-interval-ms must be a number of at least 50, got {v:?}")
                    })?);
            }
            "--test-switches" => parsed.test_switches = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(parsed)
}

fn app(args: &Args, state: Arc<App>) -> Router {
    // Client-side routes of the single-page app fall back to its page.
    let spa = ServeDir::new(&args.public_dir)
        .fallback(ServeFile::new(args.public_dir.join("index.html")));
    Router::new()
        .route("/api/v2/rum", post(intake::post).options(intake::preflight))
        .route("/api/{route}", get(backend::handle).post(backend::handle))
        .route("/dashboard/api/overview", get(dashboard::overview))
        .route("/dashboard/api/sessions", get(dashboard::sessions))
        .route("/dashboard/api/sessions/{id}", get(dashboard::session))
        .route("/dashboard/api/changes", get(dashboard::changes))
        .route("/dashboard/api/alerts", get(dashboard::alerts))
        .route("/dashboard/api/system", get(dashboard::system))
        .route("/test/slow", post(backend::slow))
        .nest_service("/pkg/wasm-rum", ServeDir::new(&args.package_dir))
        .nest_service("/vendor", ServeDir::new(&args.vendor_dir))
        .fallback_service(spa)
        .with_state(state)
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
    if let Some(parent) = args.db.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("wasm-rum-demo: cannot create {}: {e}", parent.display());
            return ExitCode::FAILURE;
        }
    }
    let store = match store::Store::open(&args.db) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!(
                "wasm-rum-demo: cannot open the database {}: {e}",
                args.db.display()
            );
            return ExitCode::FAILURE;
        }
    };
    // A bad rules file stops the server here, naming the rule and the field.
    let rules = if args.monitors.as_os_str() == "none" {
        None
    } else {
        let text = match std::fs::read_to_string(&args.monitors) {
            Ok(t) => t,
            Err(e) => {
                eprintln!(
                    "wasm-rum-demo: cannot read {}: {e}",
                    args.monitors.display()
                );
                return ExitCode::FAILURE;
            }
        };
        match monitors::rules::parse(&text) {
            Ok(mut m) => {
                if let Some(ms) = args.interval_ms {
                    m.settings.interval_ms = ms;
                }
                Some(m)
            }
            Err(e) => {
                eprintln!("wasm-rum-demo: {}: {e}", args.monitors.display());
                return ExitCode::FAILURE;
            }
        }
    };
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
    println!("  the app:       http://{bound}/");
    println!("  the dashboard: http://{bound}/dashboard/");
    println!("  the database:  {}", args.db.display());
    let system = Arc::new(system::System::default());
    tokio::spawn(system.clone().sample_forever());
    let monitoring = rules.map(|m| {
        let n = (m.rules.len(), m.checks.len());
        let started = monitors::Monitoring::start(
            store.clone(),
            m,
            format!("http://{bound}"),
            args.webhook.clone(),
        );
        println!("  monitors:      {} rules, {} synthetic checks", n.0, n.1);
        started
    });
    let state = Arc::new(App {
        store,
        monitoring,
        system,
        delays: args.test_switches.then(Default::default),
    });
    let served = axum::serve(listener, app(&args, state))
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
        assert_eq!((a.port, a.db), (8080, "demo/data/demo.sqlite".into()));
        let a = args(&[
            "--port",
            "0",
            "--db",
            "d",
            "--public",
            "p",
            "--package",
            "k",
            "--vendor",
            "v",
        ])
        .unwrap();
        assert_eq!(
            (a.port, a.db, a.public_dir, a.package_dir, a.vendor_dir),
            (0, "d".into(), "p".into(), "k".into(), "v".into())
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
        assert_eq!(
            args(&["--webhook", "ftp://hooks.example/x"]).err().unwrap(),
            "--webhook must be an http(s) URL, got \"ftp://hooks.example/x\""
        );
        for bad in ["10", "fast"] {
            assert_eq!(
                args(&["--monitor-interval-ms", bad]).err().unwrap(),
                format!("--monitor-interval-ms must be a number of at least 50, got {bad:?}")
            );
        }
        let a = args(&[
            "--webhook",
            "https://hooks.example/x",
            "--monitor-interval-ms",
            "300",
            "--test-switches",
        ])
        .unwrap();
        assert_eq!(
            (a.webhook.as_deref(), a.interval_ms, a.test_switches),
            (Some("https://hooks.example/x"), Some(300), true)
        );
    }
}

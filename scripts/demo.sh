#!/usr/bin/env bash
# Builds the SDK package and starts the demo on http://127.0.0.1:8080/ (Ctrl-C stops it).
# Arguments go to the server: --port N (0 picks a free port), --db FILE (default
# demo/data/demo.sqlite, created on first run), --public DIR, --package DIR, --vendor DIR,
# --monitors FILE (default demo/monitors.toml), --webhook URL.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
ensure_npm_deps demo
cd "$ROOT"
scripts/build.sh
step "building the demo server"
cargo build --release -p wasm-rum-demo
exec target/release/wasm-rum-demo "$@"

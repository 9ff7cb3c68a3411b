#!/usr/bin/env bash
# Runs every test, installing what is missing first: formatting and lints, the native core tests,
# the JS modules' unit tests, the browser-layer tests in headless Chromium, the size budget (in
# the build's size report), then the npm package and the demo end to end.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
ensure_wasm_bindgen
ensure_chromium
ensure_npm_deps tests
ensure_npm_deps demo
cd "$ROOT"

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy, native and wasm32"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p wasm-rum --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings
# The shipped configuration: no_std, no test features.
cargo clippy -p wasm-rum --target wasm32-unknown-unknown --lib -- -D warnings

step "native tests: the core and the demo server"
cargo test --workspace

step "JS unit tests: the package's modules under node --test"
node --test js/unit/

step "browser-layer tests: wasm-bindgen-test in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p wasm-rum --target wasm32-unknown-unknown --features std --test 'browser_*'

step "building the fault-injection build (for the robustness test) and the package"
build_package dist/npm-faults fault-injection
rm -f dist/wasm-rum-*.tgz
scripts/build.sh --pack

step "building the demo server"
cargo build -p wasm-rum-demo

step "end-to-end tests: the packed package in scratch apps, and the demo"
cd tests
node --test --test-concurrency=1 e2e/

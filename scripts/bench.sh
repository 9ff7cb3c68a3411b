#!/usr/bin/env bash
# Compares wasm-rum with the SDKs users pick today (size, init, fetch/XHR overhead, action and
# click cost, memory, wire bytes) and prints a table; the JSON goes to dist/bench/results.json.
# Not part of the tests: figures are reported, not asserted.
#   scripts/bench.sh [--runs N]
source "$(dirname "$0")/lib.sh"
ensure_build_tools
ensure_chromium
ensure_npm_deps tests
ensure_npm_deps tests/bench
cd "$ROOT"
scripts/build.sh >/dev/null
node tests/bench/compare.mjs "$@"

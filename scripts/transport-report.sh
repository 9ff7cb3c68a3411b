#!/usr/bin/env bash
# Prints the transport figures (longest main-thread block for 10,000 buffered actions, and the
# requests and bytes on the wire with and without compression). Builds the package first.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
ensure_chromium
ensure_npm_deps tests
cd "$ROOT"
scripts/build.sh >/dev/null
node tests/bench/transport-report.mjs

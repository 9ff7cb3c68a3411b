#!/usr/bin/env bash
# Builds the npm package into dist/npm (release wasm, wasm-opt pass, the JS
# entry and its types) and prints the size report of what a browser downloads.
#   scripts/build.sh            the package, then the size report
#   scripts/build.sh --pack     also `npm pack` it into dist/wasm-rum-<version>.tgz
source "$(dirname "$0")/lib.sh"
ensure_build_tools
cd "$ROOT"

OUT=dist/npm
build_package "$OUT"
node scripts/size-report.mjs "$OUT"

if [ "${1:-}" = "--pack" ]; then
  step "packing"
  (cd dist && npm pack ./npm --loglevel=error >/dev/null)
  ls -1 dist/*.tgz
fi

#!/usr/bin/env bash
# Measures the release profile's opt-level choice: builds the package with "s" and with "z"
# (everything else as in Cargo.toml) and prints both size reports. Not part of the tests.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
cd "$ROOT"
for level in s z; do
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level build_package "dist/opt-level-$level" >/dev/null
  echo
  echo "opt-level = \"$level\""
  node scripts/size-report.mjs "dist/opt-level-$level" || true # over the budget is a figure here
done

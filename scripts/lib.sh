# Shared by the scripts in this folder: installs what the build and the tests need when it is
# missing, and skips what is there. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER_BIN=/usr/bin/chromedriver

step() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

# The version after `wasm-bindgen = "=` in Cargo.toml: the CLI (the browser tests' runner) must
# match the crate exactly.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = .*"=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml"
}

ensure_rust() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  rustup component list --installed | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
}

# wasm-bindgen-test-runner, for the browser tests (the package itself needs no wasm-bindgen).
ensure_wasm_bindgen() {
  local want have
  want="$(wasm_bindgen_version)"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ]; then
    step "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    step "installing Node.js and npm"
    apt_install nodejs npm
  fi
}

# `npm ci` in a folder when its lock file changed since the last install there.
ensure_npm_deps() {
  local dir="$ROOT/$1" stamp sum
  stamp="$dir/node_modules/.wasm-rum-lock.sha256"
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$sum" ]; then
    step "installing npm packages in $1"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" >"$stamp"
  fi
}

ensure_chromium() {
  if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER_BIN" ]; then
    step "installing Chromium and chromedriver"
    apt_install chromium chromium-driver
  fi
  export CHROMEDRIVER="$CHROMEDRIVER_BIN" CHROMIUM_PATH="$CHROMIUM"
}

ensure_build_tools() {
  ensure_rust
  ensure_node
  ensure_npm_deps js
}

# The features rustc enables by default for wasm32-unknown-unknown: wasm-opt must accept them and
# must not introduce others.
WASM_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

# Builds the npm package folder into $1: release wasm, a wasm-opt pass, and the
# JS files bundled from js/src: `index.js` (what the app imports: hooks and buffer, the
# critical path) and `engine.js` (the module's boundary and what feeds it, loaded by `index.js` with a
# dynamic import) and `datadog-rum.js` (index.js as a classic script defining `DD_RUM`); then the
# types and the published manifest. $2, if given, lists cargo features
# (test builds).
build_package() {
  local out="$ROOT/$1" features="${2:-}" work
  step "compiling the wasm (release profile${features:+, features: $features})"
  (cd "$ROOT" && cargo build --release --target wasm32-unknown-unknown -p wasm-rum --lib \
    ${features:+--features "$features"})
  step "optimising the wasm, bundling the JS"
  rm -rf "$out"
  mkdir -p "$out"
  work="$(mktemp -d)"
  cp "$ROOT"/js/src/*.js "$work/"
  optimise_wasm "$ROOT/target/wasm32-unknown-unknown/release/wasm_rum.wasm" \
    "$out/wasm_rum_bg.wasm" "$work/names.json"
  node "$ROOT/scripts/minify-names.mjs" "$work/module.js" "$work/names.json"
  local esbuild="$ROOT/js/node_modules/.bin/esbuild"
  # (import-is-undefined: `rumInjectPanic` exists in the fault-injection build only.)
  local opts=(--bundle --minify --format=esm --target=es2020 --log-level=warning
    --log-override:import-is-undefined=silent)
  "$esbuild" "$work/index.js" "${opts[@]}" --external:./engine.js --outfile="$out/index.js"
  "$esbuild" "$work/engine.js" "${opts[@]}" --outfile="$out/engine.js"
  # The classic-script build: the same entry as an IIFE that defines window.DD_RUM.
  "$esbuild" "$work/global.js" --bundle --minify --format=iife --target=es2020 --log-level=warning \
    --external:./engine.js --outfile="$out/datadog-rum.js"
  # terser after esbuild: its compressor, three passes, still finds 0.3 KB gzip in esbuild's output
  # (2026-11-25; hoisting the functions helps the entry files only). Property reads are never
  # assumed free of side effects (an app's getter may throw, and the SDK reads the app's objects).
  local terser="$ROOT/js/node_modules/.bin/terser"
  local topts=(--ecma 2020 --mangle --compress passes=3,pure_getters=false)
  "$terser" "$out/index.js" --module "${topts[@]}",hoist_funs=true -o "$out/index.js"
  "$terser" "$out/engine.js" --module "${topts[@]}" -o "$out/engine.js"
  "$terser" "$out/datadog-rum.js" "${topts[@]}",hoist_funs=true -o "$out/datadog-rum.js"
  rm -rf "$work"
  cp "$ROOT/js/index.d.ts" "$ROOT/js/README.md" "$out/"
  # The published manifest carries no development dependencies.
  node -e '
    const pkg = require(process.argv[1]);
    delete pkg.devDependencies;
    delete pkg.scripts;
    require("fs").writeFileSync(process.argv[2], JSON.stringify(pkg, null, 2) + "\n");
  ' "$ROOT/js/package.json" "$out/package.json"
}

# wasm-opt for size: short import and export names (the mapping goes to $3, for module.js), then
# -Oz, then grand unified flow analysis (`--gufa`, constants through calls) and -Oz again; then
# the control flow flattened and rebuilt by the relooper, and -Oz three times more (0.4 KB gzip
# more on 2026-11-25, the gufa pass 0.17 KB, the last -Oz 20 B).
#
# `--low-memory-unused` lets wasm-opt fold constant offsets into loads and stores (0.3 KB gzip):
# true of this module, whose stack comes first in memory (rustc's layout for wasm32: the stack
# pointer starts at 1 MiB and grows down, data and heap lie above), so the low 1 KiB is reached
# only by a stack nearly 1 MiB deep, which the SDK never builds (its deepest recursion is the
# JSON reader's, bounded at 64 levels).
#
# `--one-caller-inline-max-function-size=80`: binaryen inlines a function called from one place
# whatever its size by default; stopping at 80 leaves the larger ones apart, which the relooper
# then handles better (-314 B gzip on 2026-11-25; 30, 50, 60, 70, 100, 150 all gave less).
optimise_wasm() {
  local wasm_opt="$ROOT/js/node_modules/.bin/wasm-opt"
  local opts=("${WASM_FEATURES[@]}" --low-memory-unused --one-caller-inline-max-function-size=80)
  # (rustc exports `__heap_base` and `__data_end`, which nothing reads.)
  "$wasm_opt" "${WASM_FEATURES[@]}" --strip-debug --strip-producers \
    --remove-exports --pass-arg='remove-exports@__*' \
    --minify-imports-and-exports-and-modules "$1" -o "$2" >"$3"
  "$wasm_opt" -Oz "${opts[@]}" "$2" -o "$2"
  "$wasm_opt" --gufa -Oz "${opts[@]}" "$2" -o "$2"
  "$wasm_opt" --flatten --rereloop -Oz -Oz "${opts[@]}" "$2" -o "$2"
  "$wasm_opt" -Oz "${opts[@]}" "$2" -o "$2"
}

#!/usr/bin/env bash
# Installs, only when missing, every tool the build, the demo and the tests need on a fresh
# Debian 12 machine with rustup stable. Nothing here downloads a prebuilt binary from the
# internet: tools come from crates.io, the npm registry and Debian's packages.
# Pass --no-browser to skip what only the tests need (Chromium, Okta's own clients from npm):
# enough for the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen library in Cargo.lock exactly; --locked is not
# used because the CLI's own lockfile pins a crate this registry lacks (see docs/TOOLCHAIN.md).
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  log "Cargo.lock names no wasm-bindgen version"; exit 1
fi
if ! grep -q "^wasm_bindgen = \"$bindgen_version\"" Trunk.toml; then
  log "Trunk.toml's [tools] wasm_bindgen must be $bindgen_version, as in Cargo.lock"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  log "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$bindgen_version" --force
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (several minutes, once)"
  cargo install --locked trunk --version "=$TRUNK_VERSION" --force
fi

if ! cargo nextest --version >/dev/null 2>&1; then
  log "installing cargo-nextest"
  cargo install --locked cargo-nextest
fi

# Debian's binaryen is too old for this wasm-bindgen; the npm package carries a working build.
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into $IDX_TOOLS"
  mkdir -p "$IDX_TOOLS"
  npm install --prefix "$IDX_TOOLS" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

# An npm package at a pinned version in its own folder under $IDX_TOOLS (outside the work
# tree, like binaryen): npm_tool FOLDER PACKAGE VERSION.
npm_tool() {
  local dir="$IDX_TOOLS/$1" package=$2 version=$3 installed
  installed=$(node -p "require('$dir/node_modules/$package/package.json').version" 2>/dev/null || true)
  if [ "$installed" != "$version" ]; then
    log "installing $package $version (npm) into $dir"
    mkdir -p "$dir"
    printf '{"name": "idx-widget-%s", "private": true}\n' "$1" > "$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --silent "$package@$version"
  fi
}

# The standalone build writes Brotli copies of its assets (scripts/trunk-post-build.py).
command -v brotli >/dev/null || apt_tool brotli

if [ "$want_browser" = 1 ]; then
  # Okta's own clients, run against idx-sim: okta-auth-js by the conformance test, the
  # Sign-In Widget by an end-to-end test.
  npm_tool conformance @okta/okta-auth-js "$OKTA_AUTH_JS_VERSION"
  npm_tool siw @okta/okta-signin-widget "$OKTA_SIW_VERSION"
  npm_tool axe axe-core "$AXE_CORE_VERSION"
  # react-dom brings react (its peer) at the same version.
  npm_tool react react-dom "$REACT_VERSION"
  # The bundler of examples/okta-react (scripts/build-examples.sh installs the example's own
  # dependencies beside it).
  npm_tool esbuild esbuild "$ESBUILD_VERSION"
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt_tool chromium chromium-driver
  fi
fi
log "tools ready: $(wasm-bindgen --version), $(trunk --version), wasm-opt $(wasm-opt --version | awk '{print $3}')"

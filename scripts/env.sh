# Shared settings for the project's scripts; sourced, not run.
# Pinned tool versions (see docs/TOOLCHAIN.md for why these and not newer ones).
export TRUNK_VERSION=0.21.14
export BINARYEN_VERSION=132
# Okta's own client, run against idx-sim by the conformance test (tests/conformance).
export OKTA_AUTH_JS_VERSION=8.0.1
# Okta's own Sign-In Widget, signed in through against idx-sim by tests/e2e_okta_siw.rs.
export OKTA_SIW_VERSION=7.49.0
# axe-core, the accessibility rules the end-to-end tests run on every step (tests/e2e_accessibility.rs).
export AXE_CORE_VERSION=4.10.3
# React, for the example page that uses <idx-sign-in> from React (examples/react).
export REACT_VERSION=18.3.1
# esbuild, which bundles the okta-react example (examples/okta-react; its own package.json pins
# okta-react, okta-auth-js, React and react-router).
export ESBUILD_VERSION=0.25.12
# Tools installed from npm live outside the work tree so a fresh clone reuses them.
export IDX_TOOLS="${IDX_TOOLS:-$HOME/.local/share/idx-widget-tools}"
export PATH="$IDX_TOOLS/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# The end-to-end tests, the benchmark and the screenshots drive Chromium through chromedriver.
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver 2>/dev/null || true)}"
# Where cargo builds, for the scripts that run what it built.
export TARGET_DIR="${CARGO_TARGET_DIR:-target}"

# The widget's release wasm made into a `--target web` module in OUT_DIR: wasm-bindgen, then
# wasm-opt -Oz with the features the build uses (extra wasm-opt flags, e.g. -g, after OUT_DIR).
# Run `cargo build --release --target wasm32-unknown-unknown --lib` first.
wasm_web_module() {
  local out=$1; shift
  wasm-bindgen --target web --out-dir "$out" "$TARGET_DIR/wasm32-unknown-unknown/release/idx_widget.wasm"
  wasm-opt -Oz "$@" --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$out/idx_widget_bg.wasm" -o "$out/idx_widget_bg.wasm"
}

# Debian packages, for a command that is missing: apt_tool PACKAGE...
apt_tool() {
  echo "installing $* from Debian" >&2
  local sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

# Shared settings for the project's scripts; sourced, not run.
# Pinned tool versions (see ../shared/TOOLCHAIN.md for why these and not newer ones).
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

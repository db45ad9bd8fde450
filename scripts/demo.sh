#!/usr/bin/env bash
# Runs the demo: builds the standalone sign-in page and serves it with idx-sim, the simulated
# org, on a second origin. Installs what is missing first. Extra arguments go to idx-sim.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browser
source scripts/env.sh
trunk build --release --offline
cargo build -p idx-sim --locked
# Okta Verify on this computer (FastPass by loopback) on one of Okta Verify's ports, and
# "Sign in with Okta FastPass" on the first screen: fastpass@example.com tries it.
exec "$TARGET_DIR/debug/idx-sim" --serve-app dist --ov-port 6512 --fastpass-on-identify "$@"

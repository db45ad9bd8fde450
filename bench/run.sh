#!/usr/bin/env bash
# One command: this widget and Okta's Sign-In Widget 7.49 side by side in headless Chromium
# against the same idx-sim (bench/compare.rs), then the README's performance table from the
# results (bench/report.py). Tools (Chromium, chromedriver, Okta's widget and okta-auth-js from
# npm) come from scripts/setup.sh, outside the work tree.
#
#   bench/run.sh            sizes, load times (navigation → first keystroke accepted, and →
#                           the org's first answer known to the widget, loopback and throttled,
#                           median of 10 alternating cold loads), push latency, requests while
#                           waiting (~8 min)
#   bench/run.sh --long     the same plus JS heap and wasm memory over 10 minutes on a push
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
bash scripts/build-package.sh >/dev/null
# The dev profile reuses the test build; the bench's own speed does not matter (it waits on the
# browser), idx-sim's answers take well under a millisecond either way.
cargo bench --locked --profile dev --bench compare -- "$@"
python3 bench/report.py

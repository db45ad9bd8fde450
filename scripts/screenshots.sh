#!/usr/bin/env bash
# Regenerates docs/screenshots/: every step of the four flows on a 320-pixel-wide phone, in the
# light and the dark theme, from the release build against idx-sim (tests/e2e_look.rs, which
# also checks that nothing is wider than the screen). Tools from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
rm -rf docs/screenshots
IDX_SCREENSHOTS_DIR="$PWD/docs/screenshots" \
  cargo nextest run --locked -p idx-widget --all-features --test e2e_look
ls docs/screenshots

#!/usr/bin/env bash
# How many push polls per second idx-sim answers on loopback: wrk (Debian) against an org built
# for speed (sim/examples/poll-rate.rs says what is measured and how).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
command -v wrk >/dev/null || apt_tool wrk
cargo run --profile sim-release -p idx-sim --example poll-rate --locked -q

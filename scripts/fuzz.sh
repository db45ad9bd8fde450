#!/usr/bin/env bash
# Fuzzes for a time box: each target in tests/fuzz.rs runs for IDX_FUZZ_SECONDS (default 60)
# and prints its executions and findings. A finding fails the run with the smallest input
# found; add it to `regressions` in tests/fuzz.rs. Targets: IDX documents (random, and Okta's
# recorded responses with a random part replaced) through parsing, step derivation, body
# building and the session; the session's answers and timers through the real client; ID
# tokens through parsing and the claim checks, and RS256 tokens signed with a test key through
# the whole verification; any request to idx-sim's router, and requests inside live
# transactions (interact and introspect first), which must never answer 5xx.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export IDX_FUZZ_SECONDS="${IDX_FUZZ_SECONDS:-60}"
echo "fuzzing each target for ${IDX_FUZZ_SECONDS} s (stable Rust, proptest as the engine)"
cargo test --release -p idx-widget --features testing --locked --test fuzz -- --nocapture --test-threads 2 2>&1 |
  grep -E '^fuzz |panicked|finding|test result'

#!/usr/bin/env bash
# The one command that runs every test tier: formatting, clippy (native and wasm32), the
# standalone page's release build, rustdoc, component tests in headless Chromium, then the native unit,
# integration and end-to-end tests (the last lines are cargo's summaries). Installs what is
# missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# Each stage says when it starts (seconds into the run), so a slow one shows in CI's log.
step() { printf '\n== %s (at %d s)\n' "$*" "$SECONDS"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "no module imports one that imports it back"
python3 scripts/import-cycles.py --self-test
python3 scripts/import-cycles.py

step "clippy, native"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "clippy, wasm32"
# Every target but the benchmark, which drives a browser from the native side only.
cargo clippy -p idx-widget -p idx-protocol -p idx-widget-example-spa --target wasm32-unknown-unknown --lib --bins --tests --examples --features idx-widget/testing --locked -- -D warnings
# As apps link it: without the standalone page's start function.
cargo clippy -p idx-widget --no-default-features --lib --target wasm32-unknown-unknown --locked -- -D warnings

step "release build of the standalone page (trunk, wasm-opt -Oz)"
trunk build --release --offline

step "embedding examples (JavaScript package, Leptos SPA)"
bash scripts/build-examples.sh

step "component tests in headless Chromium (wasm-bindgen-test)"
cargo test -p idx-widget --target wasm32-unknown-unknown --features testing --test web --locked

step "rustdoc, warnings denied"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "the README's benchmark section says what bench/results.json says"
python3 bench/report.py --check

step "doc tests"
cargo test --workspace --all-features --locked --doc

# Last, so the run ends with nextest's summary of every native test.
step "native unit, integration and end-to-end tests (nextest)"
cargo nextest run --workspace --all-features --locked --no-fail-fast

#!/usr/bin/env bash
# Builds the embedding examples: the plain JavaScript page's wasm-bindgen package
# (examples/js/pkg) and the Leptos SPA (examples/leptos-spa/dist). Tools from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

cargo build -p idx-widget --lib --release --target wasm32-unknown-unknown --locked
out=examples/js/pkg
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" target/wasm32-unknown-unknown/release/idx_widget.wasm
wasm-opt -Oz "$out/idx_widget_bg.wasm" -o "$out/idx_widget_bg.wasm"
cp src/style.css "$out/style.css"

(cd examples/leptos-spa && trunk build --release --offline)

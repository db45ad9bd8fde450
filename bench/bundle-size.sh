#!/usr/bin/env bash
# The standalone page's release bundle: raw, gzip -9 and Brotli (scripts/compress.py, as the
# build's precompressed copies) bytes of the wasm, the JS (glue, loader and snippets), and the CSS, as
# `trunk build --release` (wasm-opt -Oz) makes them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline >/dev/null 2>&1
size() { python3 scripts/compress.py sizes "$@"; }
mapfile -t wasm < <(find dist -name '*.wasm')
mapfile -t js < <(find dist -name '*.js')
mapfile -t css < <(find dist -name '*.css')
printf '%-10s %10s %10s %10s\n' part raw gzip-9 brotli
read -r raw gz br < <(size "${wasm[@]}"); printf '%-10s %10s %10s %10s\n' wasm "$raw" "$gz" "$br"
read -r raw gz br < <(size "${js[@]}"); printf '%-10s %10s %10s %10s\n' js "$raw" "$gz" "$br"
read -r raw gz br < <(size "${css[@]}"); printf '%-10s %10s %10s %10s\n' css "$raw" "$gz" "$br"
read -r raw gz br < <(size "${wasm[@]}" "${js[@]}" "${css[@]}"); printf '%-10s %10s %10s %10s\n' total "$raw" "$gz" "$br"

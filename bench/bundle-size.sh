#!/usr/bin/env bash
# The standalone page's release bundle: raw, gzip -9 and Brotli (the .br files the build writes)
# bytes of the wasm, the JS (glue, loader and snippets), and the CSS, as
# `trunk build --release` (wasm-opt -Oz) makes them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline >/dev/null 2>&1
size() {
  local raw=0 gz=0 br=0
  for f in "$@"; do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    br=$((br + $(stat -c %s "$f.br")))
  done
  echo "$raw $gz $br"
}
mapfile -t wasm < <(find dist -name '*.wasm')
mapfile -t js < <(find dist -name '*.js')
mapfile -t css < <(find dist -name '*.css')
printf '%-10s %10s %10s %10s\n' part raw gzip-9 brotli
read -r raw gz br < <(size "${wasm[@]}"); printf '%-10s %10s %10s %10s\n' wasm "$raw" "$gz" "$br"
read -r raw gz br < <(size "${js[@]}"); printf '%-10s %10s %10s %10s\n' js "$raw" "$gz" "$br"
read -r raw gz br < <(size "${css[@]}"); printf '%-10s %10s %10s %10s\n' css "$raw" "$gz" "$br"
read -r raw gz br < <(size "${wasm[@]}" "${js[@]}" "${css[@]}"); printf '%-10s %10s %10s %10s\n' total "$raw" "$gz" "$br"

#!/usr/bin/env bash
# The standalone page's release bundle: raw and gzip -9 bytes of the wasm, the JS glue (with
# the small loader), and the CSS, as `trunk build --release` (wasm-opt -Oz) makes them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline >/dev/null 2>&1
size() { local raw=0 gz=0; for f in "$@"; do raw=$((raw + $(stat -c %s "$f"))); gz=$((gz + $(gzip -9 -c "$f" | wc -c))); done; echo "$raw $gz"; }
printf '%-10s %10s %10s\n' part raw gzip-9
read -r raw gz < <(size dist/*.wasm); printf '%-10s %10s %10s\n' wasm "$raw" "$gz"
read -r raw gz < <(size dist/*.js); printf '%-10s %10s %10s\n' js "$raw" "$gz"
read -r raw gz < <(size dist/*.css); printf '%-10s %10s %10s\n' css "$raw" "$gz"
read -r raw gz < <(size dist/*.wasm dist/*.js dist/*.css); printf '%-10s %10s %10s\n' total "$raw" "$gz"

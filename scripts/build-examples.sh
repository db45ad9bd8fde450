#!/usr/bin/env bash
# Builds the npm package (scripts/build-package.sh) and the embedding examples: the plain
# JavaScript pages and the React page use the package folder as their pkg/, the React page gets
# React's browser builds (npm, from setup.sh) as its vendor/, and the Leptos SPA
# (examples/leptos-spa/dist). Tools from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bash scripts/build-package.sh >/dev/null
for example in js react; do
  rm -rf "examples/$example/pkg"
  cp -r target/npm/idx-widget "examples/$example/pkg"
done
react="$IDX_TOOLS/react/node_modules"
if [ -f "$react/react-dom/umd/react-dom.production.min.js" ]; then
  rm -rf examples/react/vendor
  mkdir -p examples/react/vendor
  cp "$react/react/umd/react.production.min.js" "$react/react-dom/umd/react-dom.production.min.js" \
    examples/react/vendor/
fi

(cd examples/leptos-spa && trunk build --release --offline)

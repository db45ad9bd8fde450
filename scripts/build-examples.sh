#!/usr/bin/env bash
# Builds the npm package (scripts/build-package.sh) and the embedding examples: the plain
# JavaScript pages and the React page use the package folder as their pkg/, the React page gets
# React's browser builds (npm, from setup.sh) as its vendor/, and the Leptos SPA
# (examples/leptos-spa/dist), and the okta-react app bundled with esbuild
# (examples/okta-react/dist). Tools from scripts/setup.sh.
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

# The okta-react app (examples/okta-react): its own dependencies (pinned in its package.json,
# idx-widget from target/npm) go to its node_modules/, which git ignores; esbuild (setup.sh)
# bundles it into its dist/ with the package's WebAssembly and stylesheet beside the bundle.
esbuild="$IDX_TOOLS/esbuild/node_modules/.bin/esbuild"
if [ -x "$esbuild" ]; then
  okta_react=examples/okta-react
  npm install --prefix "$okta_react" --no-audit --no-fund --silent
  rm -rf "$okta_react/dist"
  mkdir -p "$okta_react/dist"
  "$esbuild" "$okta_react/src/main.jsx" --bundle --format=esm --platform=browser --target=es2022 \
    --jsx=automatic --minify --define:process.env.NODE_ENV='"production"' --log-level=warning \
    --outfile="$okta_react/dist/app.js"
  cp "$okta_react/index.html" "$okta_react/app.css" "$okta_react/dist/"
  cp target/npm/idx-widget/style.css target/npm/idx-widget/idx_widget_bg.wasm "$okta_react/dist/"
else
  echo "[build-examples] no esbuild in $IDX_TOOLS (scripts/setup.sh): examples/okta-react not built" >&2
fi

(cd examples/leptos-spa && trunk build --release --offline)

#!/usr/bin/env bash
# Builds the npm package: target/npm/idx-widget (the package folder) and
# target/npm/idx-widget-<version>.tgz (what `npm pack` makes of it, what `npm install` takes).
# The module is wasm-bindgen's `--target web` output, so it runs in a browser as it is or
# through any bundler that understands `new URL("…wasm", import.meta.url)` (Vite, webpack 5,
# Rollup, esbuild). Its types are wasm-bindgen's, with the configuration's interface from
# src/js.rs (a unit test checks it against the Rust `Config`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "idx-widget"))')
root=target/npm
out=$root/idx-widget
rm -rf "$out" "$root"/idx-widget-*.tgz
mkdir -p "$out"

cargo build -p idx-widget --lib --release --target wasm32-unknown-unknown --locked
wasm_web_module "$out"
cp src/style.css "$out/style.css"
# The loader for a page with a pre-rendered form in <idx-sign-in>: interact and introspect
# during the wasm download, and a press before the wasm kept (npm/README.md).
cp src/early.js "$out/early.js"
# The languages besides English, fetched from beside the module only by a page that speaks one.
cp -r src/locales "$out/locales"
cp npm/README.md "$out/README.md"
rm -f "$out/.gitignore"

VERSION="$version" python3 - "$out/package.json" <<'PY'
import json, os, sys
package = {
    "name": "idx-widget",
    "version": os.environ["VERSION"],
    "description": "A browser sign-in widget for Okta Identity Engine: Okta Verify push with number challenge, one-time codes and enrollment, from the user's own browser.",
    "license": "Apache-2.0",
    "type": "module",
    "module": "./idx_widget.js",
    "types": "./idx_widget.d.ts",
    "exports": {
        ".": {"types": "./idx_widget.d.ts", "default": "./idx_widget.js"},
        "./style.css": "./style.css",
        "./early.js": "./early.js",
        "./locales/*": "./locales/*",
        "./idx_widget_bg.wasm": "./idx_widget_bg.wasm",
        "./package.json": "./package.json",
    },
    "files": [
        "idx_widget.js",
        "idx_widget.d.ts",
        "idx_widget_bg.wasm",
        "idx_widget_bg.wasm.d.ts",
        "snippets/",
        "style.css",
        "early.js",
        "locales/",
        "README.md",
    ],
    # Importing the module does nothing until init(); only the stylesheet and the loader act
    # when loaded.
    "sideEffects": ["./style.css", "./early.js"],
    "keywords": ["okta", "okta-verify", "sign-in", "idx", "oidc", "webassembly", "custom-element"],
}
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(package, f, indent=2)
    f.write("\n")
PY

(cd "$root" && npm pack ./idx-widget --silent >/dev/null)
ls "$root/idx-widget-$version.tgz" >/dev/null
echo "$root/idx-widget-$version.tgz"

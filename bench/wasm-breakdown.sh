#!/usr/bin/env bash
# Where the standalone page's wasm goes, by crate: the release build, wasm-bindgen, then
# `wasm-opt -Oz` keeping the names (-g) so twiggy can attribute every function; the names
# section itself is left out of the table (the shipped file has none). Monomorphisations are
# counted in the crate that defines the generic (serde_json's deserializer for our types counts
# as serde_json). twiggy comes from crates.io, installed outside the work tree.
#
#   bench/wasm-breakdown.sh          the table by crate
#   bench/wasm-breakdown.sh top 40   any twiggy subcommand on the named build
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
TWIGGY_VERSION=0.8.0
twiggy="$IDX_TOOLS/twiggy/bin/twiggy"
if ! "$twiggy" --version 2>/dev/null | grep -q "$TWIGGY_VERSION"; then
  cargo install twiggy --locked --version "$TWIGGY_VERSION" --root "$IDX_TOOLS/twiggy" >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --locked --release --target wasm32-unknown-unknown --lib >&2
wasm_web_module "$work" -g
mv "$work/idx_widget_bg.wasm" "$work/named.wasm"
if [ $# -gt 0 ]; then
  sub="$1"; shift
  "$twiggy" "$sub" "$work/named.wasm" "$@"
  exit
fi
"$twiggy" top -n 1000000 -f csv "$work/named.wasm" > "$work/top.csv"
python3 - "$work/top.csv" <<'EOF'
import csv, re, sys, collections
by_crate = collections.Counter()
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row["Name"], int(row["ShallowSize"])
    if "function names" in name or "data names" in name:
        continue
    if name.startswith("data segment"):
        crate = "(data: strings, tables)"
    elif name.startswith("import ") or name.startswith("export "):
        crate = "(imports, exports)"
    else:
        # The first path segment; for `<T as Trait>` items the crate of the type, or of the
        # trait when the type is a generic parameter or a primitive.
        m = re.match(r"^<?&?(?:mut |dyn )?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
        t = re.match(r"^<(?:[A-Z]|[a-z0-9]+(?:>| as ))", name)
        if t:
            trait = re.search(r" as &?(?:dyn )?([a-z_][a-z0-9_]*)", name)
            crate = trait.group(1) if trait else "core"
        elif m:
            crate = m.group(1)
        else:
            crate = "(other: tables, glue)"
    by_crate[crate] += size
total = sum(by_crate.values())
print(f"{'crate':<28} {'bytes':>9} {'share':>7}")
for crate, size in by_crate.most_common(25):
    print(f"{crate:<28} {size:>9,} {size / total:>6.1%}")
rest = total - sum(s for _, s in by_crate.most_common(25))
print(f"{'(the rest)':<28} {rest:>9,} {rest / total:>6.1%}")
print(f"{'total (before the names)':<28} {total:>9,}")
EOF

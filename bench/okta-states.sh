#!/usr/bin/env bash
# Which step each of Okta's recorded IDX states gets, as a Markdown table on stdout.
# Usage: bench/okta-states.sh DIR, where DIR is a checkout of okta/okta-signin-widget (its
# playground/mocks/data/idp/idx is read) or any folder of IDX JSON states.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
dir=${1:?usage: bench/okta-states.sh DIR}
[ -d "$dir/playground/mocks/data/idp/idx" ] && dir="$dir/playground/mocks/data/idp/idx"
dir=$(cd "$dir" && pwd)
exec cargo run --quiet --locked --features testing --example okta-states -- "$dir"

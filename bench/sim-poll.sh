#!/usr/bin/env bash
# How many push polls per second idx-sim answers on loopback: wrk (Debian) posts the poll form
# of one waiting transaction for 10 s, three times; the median is reported. The poll rate limit
# and state-handle rotation are off for this run only, so every answer to the one handle wrk
# repeats is a full IDX state (200), not a 429 or an expired handle.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
command -v wrk >/dev/null || apt_tool wrk
cargo build --profile sim-release -p idx-sim --locked -q
work=$(mktemp -d)
trap 'kill $sim_pid 2>/dev/null || true; rm -rf "$work"' EXIT
# The one user signing in: its name and password are said here only.
user=bench@example.com
password=Bench-Poll-1
cat > "$work/org.toml" <<TOML
poll_rate_limit = false
rotate_state_handles = false

[[user]]
username = "$user"
password = "$password"
okta_verify = true
TOML
port=18181
"$TARGET_DIR/sim-release/idx-sim" --config "$work/org.toml" --listen 127.0.0.1:$port > "$work/sim.log" &
sim_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/oauth2/default/v1/keys" >/dev/null && break; sleep 0.1; done

# A transaction waiting on a push: interact, introspect, identify, password, choose push (Okta
# Verify found in the org's list of authenticators by its key, as a client finds it).
state_handle=$(python3 - "$port" "$user" "$password" <<'PY'
import json, sys, urllib.request, urllib.parse, hashlib, base64, secrets
org = f"http://127.0.0.1:{sys.argv[1]}"
user, password = sys.argv[2], sys.argv[3]
def post(path, body, form=False):
    data = urllib.parse.urlencode(body).encode() if form else json.dumps(body).encode()
    ctype = "application/x-www-form-urlencoded" if form else "application/json"
    req = urllib.request.Request(org + path, data=data, headers={"Content-Type": ctype})
    return json.load(urllib.request.urlopen(req))
verifier = secrets.token_urlsafe(32)
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
h = post("/oauth2/default/v1/interact", {"client_id": "idx-widget-demo", "redirect_uri": "http://127.0.0.1:8080/login/callback",
    "code_challenge": challenge, "code_challenge_method": "S256", "state": "bench"}, form=True)["interaction_handle"]
s = post("/idp/idx/introspect", {"interactionHandle": h})["stateHandle"]
post("/idp/idx/identify", {"identifier": user, "stateHandle": s})
choose = post("/idp/idx/challenge/answer", {"credentials": {"passcode": password}, "stateHandle": s})
okta_verify = next(a["id"] for a in choose["authenticators"]["value"] if a["key"] == "okta_verify")
r = post("/idp/idx/challenge", {"authenticator": {"id": okta_verify, "methodType": "push"}, "stateHandle": s})
assert r["remediation"]["value"][0]["name"] == "challenge-poll"
print(s)
PY
)
cat > "$work/poll.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"stateHandle":"$state_handle"}'
LUA
results=()
for run in 1 2 3; do
  rps=$(wrk -t2 -c16 -d10s -s "$work/poll.lua" "http://127.0.0.1:$port/idp/idx/authenticators/poll" \
    | awk '/Requests\/sec/ {print $2}')
  echo "run $run: $rps polls/s"
  results+=("$rps")
done
median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n 2p)
non200=$(grep -c '/idp/idx/authenticators/poll' "$work/sim.log" || true)
echo "median: $median polls/s (wrk -t2 -c16 -d10s, 3 runs, $(nproc) cores; $non200 poll answers logged)"
grep '/idp/idx/authenticators/poll' "$work/sim.log" | awk '{print $3}' | sort | uniq -c | sed 's/^/status counts: /'

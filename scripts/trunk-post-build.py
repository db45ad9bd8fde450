#!/usr/bin/env python3
"""Trunk post-build hook: moves the inline module script Trunk writes into index.html to a file
of its own, so the page runs under a CSP without 'unsafe-inline' (script-src 'self'), and writes
that CSP into the page itself, with a no-referrer policy, so the page is protected whatever
server serves it.

The page may call only itself and the org: IDX_WIDGET_ORG names the org's origin(s) at build
time (e.g. https://example.okta.com). Without it the page may call only this machine
(http://127.0.0.1:* and http://localhost:*: idx-sim, the demo, the tests), so a production build
that forgot to name its org fails closed."""
import hashlib
import os
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from compress import precompress  # noqa: E402

staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
index = staging / "index.html"
html = index.read_text(encoding="utf-8")
pattern = re.compile(r'<script type="module"[^>]*>(.*?)</script>', re.S)
match = pattern.search(html)
if match is None:
    raise SystemExit("trunk-post-build: no inline module script found in index.html")
code = match.group(1).strip() + "\n"
name = "init-" + hashlib.sha256(code.encode()).hexdigest()[:16] + ".js"
(staging / name).write_text(code, encoding="utf-8")
html = pattern.sub(f'<script type="module" src="/{name}"></script>', html, count=1)
if re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html):
    raise SystemExit("trunk-post-build: an inline script is left in index.html")

org = os.environ.get("IDX_WIDGET_ORG", "").split()
for origin in org:
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]+)?|http://(127\.0\.0\.1|localhost)(:[0-9*]+)?", origin):
        raise SystemExit(f"trunk-post-build: IDX_WIDGET_ORG must be https origins (got {origin!r})")
connect = " ".join(["'self'"] + (org or ["http://127.0.0.1:*", "http://localhost:*"]))
# The policy is written once, in scripts/csp.txt, which idx-sim serves as a header too.
# frame-ancestors cannot be set from a meta tag: servers add it to the header (README).
csp = (pathlib.Path(__file__).resolve().parent / "csp.txt").read_text(encoding="utf-8").strip()
csp = csp.replace("{connect}", connect)
# With a named org, the browser opens the connection to it (DNS, TCP, TLS) while the wasm
# downloads; interact and the IDX calls send cookies, hence the credentialed pool.
preconnect = "".join(
    f'<link rel="preconnect" href="{origin}" crossorigin="use-credentials" />\n    ' for origin in org
)
meta = (
    f'<meta http-equiv="Content-Security-Policy" content="{csp}" />\n'
    '    <meta name="referrer" content="no-referrer" />\n    '
    + preconnect
)
# Before anything that loads: the policy applies to what comes after it.
html, count = re.subn(r"(<meta charset=\"utf-8\"\s*/?>\s*)", lambda m: m.group(1) + meta, html, count=1)
if count != 1:
    raise SystemExit("trunk-post-build: no <meta charset> to put the CSP after")
index.write_text(html, encoding="utf-8")

# Precompressed copies beside each asset, for servers that send the one the browser accepts
# (idx-sim does; so can nginx's gzip_static/brotli_static or a CDN).
for asset in staging.rglob("*"):
    if asset.is_file() and asset.suffix in {".wasm", ".js", ".css", ".html", ".json"}:
        precompress(asset)

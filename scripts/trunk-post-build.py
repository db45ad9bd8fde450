#!/usr/bin/env python3
"""Trunk post-build hook: moves the inline module script Trunk writes into index.html to a file
of its own, so the page runs under a CSP without 'unsafe-inline' (script-src 'self')."""
import hashlib
import os
import pathlib
import re

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
index.write_text(html, encoding="utf-8")

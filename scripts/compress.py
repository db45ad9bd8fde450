#!/usr/bin/env python3
"""The one place assets are compressed and measured: gzip -9 and Brotli at its best quality, the
way the standalone build writes its precompressed copies and the way every size this project
reports is counted (the build's post-build hook, bench/bundle-size.sh, bench/compare.rs).

  compress.py precompress FILE...   writes FILE.gz and FILE.br beside each file
  compress.py sizes FILE...         prints "raw gzip9 brotli", the bytes of all files together
"""
import pathlib
import shutil
import subprocess
import sys


def tool(name):
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"compress.py: the {name} command is missing (scripts/setup.sh installs it)")
    return path


# -n: no name or time in the header, so a build gives the same bytes each time.
GZIP = [tool("gzip"), "-9", "-n", "-c"]
BROTLI = [tool("brotli"), "--best", "-c"]


def packed(command, path):
    return subprocess.run(command + [str(path)], check=True, capture_output=True).stdout


def precompress(path):
    path = pathlib.Path(path)
    pathlib.Path(f"{path}.gz").write_bytes(packed(GZIP, path))
    pathlib.Path(f"{path}.br").write_bytes(packed(BROTLI, path))


def sizes(paths):
    raw = gz = br = 0
    for path in paths:
        raw += pathlib.Path(path).stat().st_size
        gz += len(packed(GZIP, path))
        br += len(packed(BROTLI, path))
    return raw, gz, br


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("precompress", "sizes"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "precompress":
        for name in sys.argv[2:]:
            precompress(name)
    else:
        print(*sizes(sys.argv[2:]))

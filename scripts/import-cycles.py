#!/usr/bin/env python3
"""Fails when a module of one of the crates imports a module that imports it back.

A module's imports are the `crate::…` paths in its code (comments and its test module left
out), each resolved to the module that defines the name, through `pub use` re-exports (so
`crate::flow::StepKind` counts as `flow::step`). A parent and its own child may use each
other (a parent declares its children). Run from the repository root:

    python3 scripts/import-cycles.py            # src, protocol/src, sim/src
    python3 scripts/import-cycles.py --self-test
"""

import os
import re
import sys
import tempfile

CRATES = ["src", "protocol/src", "sim/src"]


def module_name(root, path):
    parts = os.path.relpath(path, root)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts)


def code(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # The test module is last by convention; tests may reach anywhere.
    text = re.split(r"#\[cfg\((?:all\()?test[^\]]*\]\s*mod \w+\s*\{", text)[0]
    return "\n".join(l for l in text.split("\n") if not l.strip().startswith("//"))


def paths(text):
    found = []
    for group in re.finditer(r"crate::((?:\w+::)*)\{([^;]*?)\}", text, re.S):
        found += [group.group(1) + item for item in re.findall(r"\w+(?:::\w+)*", group.group(2))]
    return found + re.findall(r"crate::((?:\w+::)*\w+)", text)


def cycles(root):
    files = [
        os.path.join(d, f)
        for d, _, names in os.walk(root)
        for f in names
        if f.endswith(".rs")
    ]
    modules = {module_name(root, f): code(f) for f in files}
    reexported = {}
    for name, text in modules.items():
        prefix = name + "::" if name else ""
        for source, items in re.findall(r"pub use (?:self::)?((?:\w+::)*)\{?([^;]*?)\}?;", text, re.S):
            for item in re.findall(r"\w+", items):
                reexported[prefix + item] = (prefix + source).rstrip(":")

    def resolve(path):
        parts = path.split("::")
        for i in range(len(parts), 0, -1):
            candidate = "::".join(parts[:i])
            if reexported.get(candidate) in modules:
                return reexported[candidate]
            if candidate in modules:
                return candidate
        return None

    imports = {
        name: {resolve(p) for p in paths(text)} - {None, "", name}
        for name, text in modules.items()
    }
    related = lambda a, b: a.startswith(b + "::") or b.startswith(a + "::")
    return sorted(
        (a, b)
        for a in imports
        for b in imports[a]
        if a < b and a in imports.get(b, ()) and not related(a, b)
    )


def self_test():
    with tempfile.TemporaryDirectory() as root:
        files = {
            "lib.rs": "pub mod a;\npub mod b;\npub mod c;\npub use c::Thing;\n",
            "a.rs": "use crate::b::f;\n",
            "b.rs": "use crate::{Thing, a};\n",
            "c.rs": "// use crate::a;\nuse crate::b;\n#[cfg(test)]\nmod tests {\n use crate::a;\n}\n",
        }
        for name, text in files.items():
            with open(os.path.join(root, name), "w", encoding="utf-8") as f:
                f.write(text)
        found = cycles(root)
        assert found == [("a", "b"), ("b", "c")], found
    print("import-cycles self-test: ok")


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    failed = False
    for root in sys.argv[1:] or CRATES:
        for a, b in cycles(root):
            print(f"{root}: {a} and {b} import each other")
            failed = True
    if failed:
        sys.exit(1)
    print("no module imports one that imports it back")


if __name__ == "__main__":
    main()

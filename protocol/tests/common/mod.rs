//! Shared helpers for the protocol tests: where the real IDX fixtures are, and reading them.

#![allow(dead_code)]

use std::path::PathBuf;

/// The fixtures folder: `$IDX_FIXTURES`, else the repository's own copy in `testdata/idx`.
pub fn fixtures_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("IDX_FIXTURES") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/idx");
    assert!(
        dir.join("INDEX.md").is_file(),
        "the IDX fixtures are not at {} (set IDX_FIXTURES to their folder)",
        dir.display()
    );
    dir
}

/// One fixture's text.
pub fn read_fixture(rel: &str) -> String {
    let path = fixtures_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One IDX fixture, parsed.
pub fn idx_fixture(rel: &str) -> idx_protocol::IdxResponse {
    idx_protocol::IdxResponse::from_json(&read_fixture(rel))
        .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

/// Every fixture's path relative to the fixtures folder, sorted.
pub fn all_fixture_paths() -> Vec<String> {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let root = fixtures_dir();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    out
}

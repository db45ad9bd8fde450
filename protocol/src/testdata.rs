//! Okta's recorded IDX responses in `testdata/idx` (see its INDEX.md), for the tests of every
//! crate in the workspace: one place that knows where they are and how to read them.
//! `$IDX_FIXTURES` points the tests at another copy.

use std::path::{Path, PathBuf};

/// The fixtures folder: `$IDX_FIXTURES`, else the repository's own copy in `testdata/idx`.
pub fn dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("IDX_FIXTURES") {
        return PathBuf::from(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/idx");
    assert!(
        dir.join("INDEX.md").is_file(),
        "the IDX fixtures are not at {} (set IDX_FIXTURES to their folder)",
        dir.display()
    );
    dir
}

/// One fixture's text, by its path under the fixtures folder.
pub fn text(rel: &str) -> String {
    let path = dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One fixture as plain JSON.
pub fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&text(rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// One IDX fixture, parsed.
pub fn idx(rel: &str) -> crate::IdxResponse {
    crate::IdxResponse::from_json(&text(rel))
        .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

/// The contextual data of a state's current authenticator (as [`crate::IdxResponse::current`]
/// picks it), for a test to change: a broken challenge, another channel, a QR code from
/// elsewhere. Panics when there is none.
pub fn contextual_data_mut(state: &mut crate::IdxResponse) -> &mut crate::ContextualData {
    state
        .current_authenticator
        .as_mut()
        .or(state.current_authenticator_enrollment.as_mut())
        .and_then(|i| i.value.contextual_data.as_mut())
        .expect("the current authenticator has contextual data")
}

/// Where the playground's IDX mocks are, the folder most tests name their states in.
pub const PLAYGROUND: &str = "siw-playground/idp/idx/";

/// One of the playground's IDX mocks, by file name, parsed.
pub fn playground(name: &str) -> crate::IdxResponse {
    idx(&format!("{PLAYGROUND}{name}"))
}

/// Every fixture's path relative to the fixtures folder, sorted.
pub fn all() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = dir();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    out
}

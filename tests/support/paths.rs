//! Where things are: the repository, the built page, the tools setup.sh installs.

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built standalone page (`trunk build --release`); the test command builds it first.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("IDX_DIST").map_or_else(|| repo_root().join("dist"), PathBuf::from);
    assert!(
        dist.join("index.html").is_file(),
        "no built widget at {}: run scripts/test.sh (or `trunk build --release`) first",
        dist.display()
    );
    dist
}

/// The folder of an example (`dir`, from the repository root) that scripts/build-examples.sh
/// has built: `marker` is a file the build writes.
pub fn example(dir: &str, marker: &str) -> PathBuf {
    let path = repo_root().join(dir);
    assert!(
        path.join(marker).is_file(),
        "{} is not built: run scripts/build-examples.sh",
        path.display()
    );
    path
}

/// The plain JavaScript page (`examples/js`) with the widget's package built beside it.
pub fn js_example() -> PathBuf {
    example("examples/js", "pkg/idx_widget.js")
}

/// Where scripts/setup.sh installs tools from npm and crates.io, outside the work tree.
pub fn tools_dir() -> PathBuf {
    std::env::var_os("IDX_TOOLS").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").expect("HOME"))
                .join(".local/share/idx-widget-tools")
        },
        PathBuf::from,
    )
}

/// Okta's Sign-In Widget's `dist` folder (npm `@okta/okta-signin-widget`, from setup.sh).
pub fn okta_siw_dist() -> PathBuf {
    let dist = tools_dir().join("siw/node_modules/@okta/okta-signin-widget/dist");
    assert!(
        dist.join("js/okta-sign-in.oie.min.js").is_file(),
        "Okta's Sign-In Widget is not installed in {} (run scripts/setup.sh)",
        dist.display()
    );
    dist
}

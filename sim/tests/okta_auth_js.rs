//! idx-sim checked by a client nobody here wrote: Okta's own okta-auth-js (npm, unmodified)
//! signs in through push, number challenge, one-time code and QR enrollment, and enrolls then
//! verifies a WebAuthn security key
//! (`tests/conformance/okta-auth-js.cjs`). `scripts/setup.sh` installs it outside the work tree.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

fn tools() -> PathBuf {
    std::env::var_os("IDX_TOOLS").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").expect("HOME"))
                .join(".local/share/idx-widget-tools")
        },
        PathBuf::from,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_auth_js_signs_in_through_every_okta_verify_flow() {
    let modules = tools().join("conformance/node_modules");
    assert!(
        modules.join("@okta/okta-auth-js/package.json").is_file(),
        "okta-auth-js is not installed in {} (run scripts/setup.sh)",
        modules.display()
    );
    let sim = Sim::start(fast_config()).await;
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/okta-auth-js.cjs");
    let org = sim.org("");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .arg(org)
            .env("NODE_PATH", modules)
            .output()
            .expect("node runs (run scripts/setup.sh)")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("5 passed, 0 failed"),
        "okta-auth-js against idx-sim:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|l| !l.contains("Memory storage can only support"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

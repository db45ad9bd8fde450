//! The idx-sim binary as another project's CI runs it: started in the background, waited on
//! through `--ready-file`, then used at the address the file names.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::SignIn;

#[tokio::test]
async fn the_ready_file_says_where_the_org_is() {
    let dir = std::env::temp_dir().join(format!("idx-sim-ready-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ready = dir.join("ready.json");
    let _ = std::fs::remove_file(&ready);
    let mut child = Command::new(env!("CARGO_BIN_EXE_idx-sim"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--ov-port",
            "0",
            "--fastpass-on-identify",
        ])
        .arg("--ready-file")
        .arg(&ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("idx-sim starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready.exists() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let text = std::fs::read_to_string(&ready).expect("the ready file");
    let info: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(info["contract"], idx_sim::CONTRACT_VERSION);
    let org = info["org"].as_str().unwrap().to_owned();
    assert_eq!(info["issuer"], format!("{org}/oauth2/default"));
    let discovery = reqwest::get(format!(
        "{org}/oauth2/default/.well-known/openid-configuration"
    ))
    .await
    .unwrap();
    // Okta Verify on this computer answers where the file says, and the org offers FastPass.
    let ov = info["ov_desktop"].as_str().unwrap_or_default().to_owned();
    let probe = reqwest::get(format!("{ov}/probe")).await;
    let issuer = info["issuer"].as_str().unwrap().to_owned();
    let first = SignIn::start_with(common::demo_client(issuer)).await;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        discovery.status(),
        200,
        "the org answers where the file says"
    );
    assert!(ov.starts_with("http://localhost:"), "{info}");
    assert_eq!(probe.unwrap().status(), 200);
    let names = common::names(&first.state);
    assert!(
        names.iter().any(|n| n == "launch-authenticator"),
        "{names:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

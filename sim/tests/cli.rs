//! The idx-sim binary as another project's CI runs it: started in the background, waited on
//! through `--ready-file`, then used at the address the file names.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn the_ready_file_says_where_the_org_is() {
    let dir = std::env::temp_dir().join(format!("idx-sim-ready-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ready = dir.join("ready.json");
    let _ = std::fs::remove_file(&ready);
    let mut child = Command::new(env!("CARGO_BIN_EXE_idx-sim"))
        .args(["--listen", "127.0.0.1:0", "--ready-file"])
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
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        discovery.status(),
        200,
        "the org answers where the file says"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

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
    let http = reqwest::Client::new();
    let interact: serde_json::Value = http
        .post(format!("{org}/oauth2/default/v1/interact"))
        .form(&[
            ("client_id", "idx-widget-demo"),
            ("redirect_uri", "http://127.0.0.1:8080/"),
            ("scope", "openid"),
            ("state", "s"),
            (
                "code_challenge",
                "x3Xnt1ft5jDNCqERO9ECZhqziCnKUqZCKreChi8mhkY",
            ),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first: serde_json::Value = http
        .post(format!("{org}/idp/idx/introspect"))
        .json(&serde_json::json!({"interactionHandle": interact["interaction_handle"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        discovery.status(),
        200,
        "the org answers where the file says"
    );
    assert!(ov.starts_with("http://localhost:"), "{info}");
    assert_eq!(probe.unwrap().status(), 200);
    let names: Vec<&str> = first["remediation"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(names.contains(&"launch-authenticator"), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

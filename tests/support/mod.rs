//! What the end-to-end tests share: the built standalone page, idx-sim in-process, and a real
//! headless Chromium driven through chromedriver.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

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

/// Starts idx-sim (org and app) on free loopback ports.
pub async fn start_sim() -> idx_sim::Running {
    let options = idx_sim::Options {
        listen: "127.0.0.1:0".parse().unwrap(),
        serve_app: Some(dist_dir()),
        app_listen: "127.0.0.1:0".parse().unwrap(),
        ..Default::default()
    };
    idx_sim::spawn(options).await.expect("idx-sim starts")
}

/// A chromedriver process and a session in headless Chromium; the driver dies with this value.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium profile.
    pub async fn start() -> Browser {
        let port = free_port();
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver} (run scripts/setup.sh): {e}"));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=800,900"
                ]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..50 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return Browser { client, driver },
                Err(e) => last_error = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not accept a session: {last_error}");
    }

    /// Waits for an element to appear.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
    }

    /// Waits until the element's text contains `needle`, and returns the text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let mut text = String::new();
        for _ in 0..200 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                text = el.text().await.unwrap_or_default();
                if text.contains(needle) {
                    return text;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never said {needle:?}; last text {text:?}");
    }

    /// Saves a screenshot to the git-ignored `test-artifacts/` folder for people to look at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = repo_root().join("test-artifacts/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(Path::new(name).with_extension("png")), png).unwrap();
    }

    /// Closes the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

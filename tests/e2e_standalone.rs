//! End to end: the standalone page, served by idx-sim on its own origin, loads in headless
//! Chromium, reads its `config.json` and shows the widget for the configured org.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, start_sim};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standalone_page_mounts_the_widget_with_its_config() {
    let sim = start_sim().await;
    let app = sim.app_url.clone().unwrap();
    assert_ne!(app, sim.org_url, "page and org are on different origins");
    let browser = Browser::start().await;
    browser.client.goto(&format!("{app}/")).await.unwrap();
    let heading = browser.find("h1#idx-widget-heading").await;
    assert_eq!(heading.text().await.unwrap(), "Sign in");
    let status = browser
        .wait_for_text(".idx-widget__status", &sim.org_url)
        .await;
    assert!(
        status.contains(&format!("{}/oauth2/default", sim.org_url)),
        "{status}"
    );
    browser.screenshot("standalone-placeholder").await;
    browser.close().await;
}

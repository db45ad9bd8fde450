//! idx-sim for teams that already use Okta's own Sign-In Widget: the widget (npm
//! `@okta/okta-signin-widget`, unmodified) signs in against idx-sim with an Okta Verify push,
//! in headless Chromium. `examples/okta-siw` is the page; scripts/setup.sh installs the widget.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, fast_config};

async fn fill_and_submit(b: &Browser, field: &str, value: &str) {
    let input = b.find(&format!("input[name='{field}']")).await;
    input.send_keys(value).await.unwrap();
    b.click("input[type='submit']").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_signs_in_with_a_push() {
    // The team's own page on its own server: an origin the org trusts.
    let config = fast_config();
    let client_id = config.client_id.clone();
    let (sim, origin, port) = Sim::start_for_own_page(config).await;
    let (site, _) = support::okta_siw_page(
        "idx-siw-page",
        &json!({
            "issuer": sim.org("/oauth2/default"), "clientId": client_id,
            "redirectUri": format!("{origin}/login/callback"),
        }),
    );
    let _server = support::StaticServer::start(&site, port).await;
    let mut b = Browser::start("okta-siw").await;
    b.goto(&format!("{origin}/")).await;
    fill_and_submit(&b, "identifier", "push@example.com").await;
    fill_and_submit(&b, "credentials.passcode", idx_sim::config::DEMO_PASSWORD).await;
    b.shot("siw-choose").await;
    b.click("[data-se='okta_verify-push'] [data-se='button']")
        .await;
    // Okta's widget polls idx-sim until the phone answers.
    let push = sim.push("push@example.com", "pending", None).await;
    b.shot("siw-push-sent").await;
    sim.approve(&push).await;
    b.wait_for_text("#status", "Signed in as push@example.com.")
        .await;
    b.shot("siw-signed-in").await;
    let tokens = b.js("return window.siwTokens.accessToken.tokenType").await;
    assert_eq!(tokens, json!("Bearer"));
    assert!(sim.count("/authenticators/poll") >= 1, "it polled");
    b.close().await;
}

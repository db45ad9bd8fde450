//! End to end, in headless Chromium: what a real org asks of the widget beyond idx-sim's
//! defaults: every issuer form, Okta's client header on every request, and phones.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, dist_dir, fast_config, sign_in_with_password};

/// Push sign-in against the authorization server `server` names; every request to the org
/// names this client.
async fn push_sign_in_at(server: Option<&str>, name: &str) {
    let sim = Sim::start_at(fast_config(), dist_dir(), server).await;
    let issuer = match server {
        None => sim.running.org_url.clone(),
        Some(id) => sim.org(&format!("/oauth2/{id}")),
    };
    let mut b = Browser::start(name).await;
    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    let push = sim.push("push@example.com", "pending", None).await;
    sim.approve(&push).await;
    let tokens = b.tokens().await;
    b.heading("You're signed in").await;
    // The standalone page is the whole page: its step heading is its one h1.
    assert_eq!(
        b.js("return [...document.querySelectorAll('h1')].map(h => h.textContent)")
            .await,
        json!(["You're signed in"])
    );
    let claims = support::jwt_claims(tokens["idToken"].as_str().unwrap());
    assert_eq!(claims["iss"], issuer, "tokens from the configured server");

    let requests = sim.running.requests();
    let token_path = match server {
        None => "/oauth2/v1/token".to_owned(),
        Some(id) => format!("/oauth2/{id}/v1/token"),
    };
    assert!(
        requests
            .iter()
            .any(|r| r.path == token_path && r.status == 200),
        "the code was exchanged at {token_path}"
    );
    let from_widget: Vec<_> = requests
        .iter()
        .filter(|r| !r.path.starts_with("/sim/") && r.method != "OPTIONS")
        .collect();
    assert!(from_widget.len() >= 6, "{from_widget:?}");
    for r in from_widget {
        assert!(
            r.client
                .as_deref()
                .is_some_and(|c| c.starts_with("idx-widget/")),
            "{} {} without X-Okta-User-Agent-Extended",
            r.method,
            r.path
        );
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_with_the_org_authorization_server_as_issuer() {
    push_sign_in_at(None, "issuer-org").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_with_a_custom_authorization_server_id() {
    push_sign_in_at(Some(idx_sim::config::DEMO_CUSTOM_SERVER), "issuer-custom").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_starts_okta_verify_setup_on_the_choice_of_a_link() {
    let sim = Sim::start().await;
    let mut b = Browser::start_mobile("mobile-enroll").await;
    sign_in_with_password(&mut b, &sim, "enroll@example.com").await;
    b.click("button[data-se='okta_verify']").await;
    b.heading("More options").await;
    b.shot("mobile-channels").await;
    assert_eq!(
        b.js("return document.querySelectorAll('img.idx-qr').length")
            .await,
        json!(0)
    );
    // The QR code is one tap away, and the email link works from here.
    b.click_text("Try a different way").await;
    b.heading("Set up Okta Verify").await;
    b.find("img.idx-qr").await;
    b.click_text("Can't scan?").await;
    b.heading("More options").await;
    b.click("#idx-channel-email").await;
    b.click("button[type=submit]").await;
    b.heading("Set up Okta Verify via email link").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_in_the_middle_of_a_push_resumes_the_same_push() {
    let sim = Sim::start().await;
    let mut b = Browser::start("reload-push").await;
    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    let push = sim.push("push@example.com", "pending", None).await;
    // The phone's browser discards the tab while the user is in Okta Verify.
    b.client.refresh().await.unwrap();
    b.heading("Push notification sent").await;
    b.listen("#idx-widget-standalone").await;
    b.shot("resumed").await;
    assert_eq!(sim.posts("/v1/interact"), 1, "no new sign-in");
    sim.approve(&push).await;
    b.tokens().await;
    b.heading("You're signed in").await;
    assert_eq!(
        sim.push("push@example.com", "approved", None).await["id"],
        push["id"],
        "the same push, once approved, signed in"
    );
    assert_eq!(
        b.js("return sessionStorage.getItem('idx-widget:transaction')")
            .await,
        json!(null),
        "nothing left to resume once signed in"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_while_waiting_on_an_email_link_keeps_waiting() {
    let sim = Sim::start().await;
    let mut b = Browser::start("reload-email").await;
    sign_in_with_password(&mut b, &sim, "enroll@example.com").await;
    b.click("button[data-se='okta_verify']").await;
    b.click_text("Can't scan?").await;
    b.click("#idx-channel-email").await;
    b.click("button[type=submit]").await;
    b.fill("#idx-address", "enroll@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Check your email").await;
    b.client.refresh().await.unwrap();
    b.heading("Check your email").await;
    b.listen("#idx-widget-standalone").await;
    sim.open_newest_link("enroll@example.com", 1).await;
    b.tokens().await;
    assert_eq!(sim.posts("/v1/interact"), 1, "no new sign-in");
    b.close().await;
}

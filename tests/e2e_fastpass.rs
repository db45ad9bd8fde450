//! Okta FastPass end to end, in headless Chromium against idx-sim and its simulated "Okta
//! Verify on this computer" (a real loopback HTTP service): by loopback from "Sign in with
//! Okta FastPass" and from the authenticator list, the loopback unreachable (the page tells the
//! org and the person moves on to a push), and a custom URI completed on the phone. The pages
//! are served from real loopback servers, as Chrome's Local Network Access needs
//! (docs/TOOLCHAIN.md). Each new step is checked with axe and driven by keyboard alone.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use idx_sim::config::DEMO_FASTPASS_USER as FASTPASS;
use idx_sim::fastpass::{ChallengeMethod, Device};
use serde_json::{Value, json};
use support::{Browser, Sim, fast_config, sign_in_with_password};

/// The demo org offering FastPass on the first screen, Okta Verify on this computer on a free
/// loopback port, answering after a moment (so the step can be looked at) and approving.
fn config() -> idx_sim::Config {
    let computer = Device {
        username: FASTPASS.into(),
        name: "Test computer".into(),
        key: None,
        id: None,
    };
    let mut config = idx_sim::testkit::offering_fastpass(fast_config(), computer);
    config.fastpass.challenge_delay_ms = 1500;
    config
}

fn assert_signed_in_as(tokens: &Value, user: &str) {
    assert_eq!(tokens["tokenType"], "Bearer");
    let id = tokens["idToken"].as_str().expect("an ID token");
    assert_eq!(support::jwt_claims(id)["preferred_username"], user);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loopback_fastpass_from_the_first_screen_by_keyboard() {
    let sim = Sim::start_with(config(), support::dist_dir()).await;
    let mut b = Browser::start("fastpass-loopback").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.listen("#idx-widget-standalone").await;
    b.catch_page_errors().await;
    b.assert_no_axe("identify with FastPass").await;
    b.shot("identify").await;
    b.tab_to_button("Sign in with Okta FastPass").await;
    b.keys("\u{E007}").await;
    b.heading("Verifying your identity").await;
    b.wait_for_text(
        ".idx-progress",
        "Verifying with Okta Verify on this computer",
    )
    .await;
    let focused = b
        .js("return document.activeElement.classList.contains('idx-heading')")
        .await;
    assert_eq!(focused, json!(true), "the new step's heading has the focus");
    b.assert_no_axe("FastPass by loopback").await;
    b.shot("verifying").await;
    let tokens = b.tokens().await;
    assert_signed_in_as(&tokens, FASTPASS);
    let steps = b.js("return window.__idx.steps").await;
    assert_eq!(steps[0], "fastpass", "{steps}");
    assert!(
        !steps.as_array().unwrap().contains(&json!("push-waiting")),
        "{steps}"
    );
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loopback_fastpass_from_the_authenticator_list() {
    let mut config = config();
    config.fastpass.launch_on_identify = false;
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let mut b = Browser::start("fastpass-picker").await;
    sign_in_with_password(&mut b, &sim, FASTPASS).await;
    b.heading("Verify it's you with a security method").await;
    let fastpass = b.find("button[data-se='okta_verify-signed_nonce']").await;
    assert!(
        fastpass.text().await.unwrap().contains("Use Okta FastPass"),
        "FastPass is offered as itself"
    );
    b.assert_no_axe("the list with FastPass").await;
    b.tab_to("button[data-se='okta_verify-signed_nonce']").await;
    b.keys("\u{E007}").await;
    b.heading("Verifying your identity").await;
    assert!(
        !b.page_text().await.contains("Push notification sent"),
        "FastPass is never shown as a push"
    );
    let tokens = b.tokens().await;
    assert_signed_in_as(&tokens, FASTPASS);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_verify_unreachable_the_org_is_told_and_push_signs_in() {
    let mut config = config();
    config.fastpass.launch_on_identify = false;
    config.fastpass.loopback_port = None;
    // A port nothing listens on: Okta Verify is not installed.
    config.fastpass.ports = vec![support::free_port()];
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let mut b = Browser::start("fastpass-unreachable").await;
    sign_in_with_password(&mut b, &sim, FASTPASS).await;
    b.click("button[data-se='okta_verify-signed_nonce']").await;
    // The probe fails, the page cancels with Okta's reason, and the org offers the list again.
    b.heading("Verify it's you with a security method").await;
    assert!(
        b.js_until(
            "return window.__idx.steps.length >= 4 || null",
            Duration::from_secs(10),
            100
        )
        .await
        .is_some(),
        "FastPass, then the list again"
    );
    b.heading("Verify it's you with a security method").await;
    b.click("button[data-se='okta_verify-push']").await;
    // The request log is written as the answer leaves the org: give it a moment.
    let mut cancels = 0;
    for _ in 0..50 {
        cancels = sim.posts("/authenticators/poll/cancel");
        if cancels > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(cancels, 1, "the org was told (OV_UNREACHABLE_BY_LOOPBACK)");
    let steps = b.js("return window.__idx.steps").await;
    assert_eq!(
        steps.as_array().unwrap()[..4],
        [
            "password",
            "choose-authenticator-verify",
            "fastpass",
            "choose-authenticator-verify"
        ]
    );
    b.heading("Push notification sent").await;
    sim.approve_pending(FASTPASS).await;
    let tokens = b.tokens().await;
    assert_signed_in_as(&tokens, FASTPASS);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_uri_shows_the_link_and_the_phone_completes_it() {
    let mut config = config();
    config.fastpass.challenge_method = ChallengeMethod::CustomUri;
    config.fastpass.loopback_port = None;
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let mut b = Browser::start("fastpass-custom-uri").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.listen("#idx-widget-standalone").await;
    b.fill("#idx-identifier", FASTPASS).await;
    b.click("button[data-se='fastpass']").await;
    b.heading("Open Okta Verify").await;
    let link = b.find("a[data-se='open-okta-verify']").await;
    let href = link.attr("href").await.unwrap().unwrap();
    assert!(
        href.starts_with("com-okta-authenticator:/deviceChallenge?challengeRequest="),
        "{href}"
    );
    assert!(
        href.ends_with("&login_hint=fastpass%40example.com"),
        "{href}"
    );
    b.assert_no_axe("FastPass by custom URI").await;
    b.shot("custom-uri").await;
    sim.approve_fastpass_prompt().await;
    let tokens = b.tokens().await;
    assert_signed_in_as(&tokens, FASTPASS);
    b.close().await;
}

/// A link the person must press (universal link: no automatic launch), reached by keyboard
/// alone: the launch button, the heading that takes the focus, then the link itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_universal_link_step_by_keyboard_alone() {
    let mut config = config();
    config.fastpass.challenge_method = ChallengeMethod::UniversalLink;
    config.fastpass.loopback_port = None;
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let b = Browser::start("fastpass-universal-link").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.listen("#idx-widget-standalone").await;
    b.tab_to_button("Sign in with Okta FastPass").await;
    b.keys("\u{E007}").await;
    b.heading("Sign in with Okta FastPass").await;
    let focused = b
        .js("return document.activeElement.classList.contains('idx-heading')")
        .await;
    assert_eq!(focused, json!(true), "the new step's heading has the focus");
    b.assert_no_axe("FastPass by universal link").await;
    b.tab_to("a[data-se='open-okta-verify']").await;
    let href = b.js("return document.activeElement.href").await;
    assert!(
        href.as_str().is_some_and(|h| h.starts_with("http")),
        "{href}"
    );
    sim.approve_fastpass_prompt().await;
    let tokens = b.tokens().await;
    assert_signed_in_as(&tokens, FASTPASS);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fastpass_in_an_embedding_signs_in_and_remove_stops_it() {
    let sim = Sim::start_with(config(), support::js_example()).await;
    let mut b = Browser::start("fastpass-render").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    b.click("button[data-se='fastpass']").await;
    b.heading("Verifying your identity").await;
    b.wait_for_text("#status", &format!("Signed in as {FASTPASS}."))
        .await;
    b.shot("render-signed-in").await;

    // Again, with Okta Verify slow to answer: remove() while FastPass waits ends everything.
    let mut config = config();
    config.fastpass.challenge_delay_ms = 20_000;
    let sim = Sim::start_with(config, support::js_example()).await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    b.click("button[data-se='fastpass']").await;
    b.heading("Verifying your identity").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    b.click("#remove").await;
    b.wait_for_text("#status", "The widget was removed.").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = sim.requests_len();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(sim.requests_len(), after, "no request after remove()");
    assert!(b.js("return window.idxExample.tokens").await.is_null());
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_verify_set_up_on_this_device_polls_until_done() {
    let mut config = fast_config();
    config.fastpass.enroll_on_this_device = serde_json::from_value(json!("samedevice")).unwrap();
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let mut b = Browser::start("fastpass-same-device").await;
    sign_in_with_password(&mut b, &sim, "enroll@example.com").await;
    b.heading("Set up security methods").await;
    b.click("button[data-se='okta_verify']").await;
    b.heading("Set up Okta Verify").await;
    b.wait_for_text(".idx-steps", "Open Okta Verify and add an account")
        .await;
    b.assert_no_axe("Okta Verify on this device").await;
    b.shot("same-device").await;
    // Okta Verify's setup link, opened on this device, finishes it; the page moves on alone.
    let setup = b.find("a.idx-button").await;
    let href = setup.attr("href").await.unwrap().unwrap();
    let opened = reqwest::get(&href).await.unwrap();
    assert!(opened.status().is_success(), "{href}");
    let tokens = b.tokens().await;
    assert_signed_in_as(&tokens, "enroll@example.com");
    b.close().await;
}

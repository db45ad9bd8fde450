//! idx-sim for teams that already use Okta's own Sign-In Widget: the widget (npm
//! `@okta/okta-signin-widget`, unmodified), in headless Chromium against idx-sim, signs in with
//! an Okta Verify push, a number challenge and a code, and enrolls Okta Verify by QR code and
//! by email link. `examples/okta-siw` is the page; scripts/setup.sh installs the widget.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, fast_config};

async fn fill_and_submit(b: &Browser, field: &str, value: &str) {
    let input = b.find(&format!("input[name='{field}']")).await;
    input.send_keys(value).await.unwrap();
    b.click("input[type='submit']").await;
}

/// idx-sim, the team's own page on its own server (an origin the org trusts) with Okta's
/// widget, and a browser on it, signed in with `user`'s password.
async fn signed_in_with_password(name: &str, user: &str) -> (Sim, support::StaticServer, Browser) {
    let config = fast_config();
    let client_id = config.client_id.clone();
    let (sim, origin, port) = Sim::start_for_own_page(config).await;
    let (site, _) = support::okta_siw_page(
        &format!("idx-siw-{name}"),
        &json!({
            "issuer": sim.org("/oauth2/default"), "clientId": client_id,
            "redirectUri": format!("{origin}/login/callback"),
        }),
    );
    let server = support::StaticServer::start(&site, port).await;
    let b = Browser::start(name).await;
    b.goto(&format!("{origin}/")).await;
    fill_and_submit(&b, "identifier", user).await;
    fill_and_submit(&b, "credentials.passcode", idx_sim::config::DEMO_PASSWORD).await;
    (sim, server, b)
}

/// Okta's widget handed its tokens to the page.
async fn assert_signed_in(b: &Browser, user: &str) {
    b.wait_for_text("#status", &format!("Signed in as {user}."))
        .await;
    let tokens = b.js("return window.siwTokens.accessToken.tokenType").await;
    assert_eq!(tokens, json!("Bearer"));
}

/// Clicks the element (a link or a button) whose text is `text`.
async fn click_text(b: &Browser, text: &str) {
    let xpath =
        format!("//*[self::a or self::button or self::label][normalize-space()=\"{text}\"]");
    b.client
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(fantoccini::Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no {text:?} on Okta's widget: {e}"))
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_signs_in_with_a_push() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw", "push@example.com").await;
    b.shot("siw-choose").await;
    b.click("[data-se='okta_verify-push'] [data-se='button']")
        .await;
    // Okta's widget polls idx-sim until the phone answers.
    let push = sim.push("push@example.com", "pending", None).await;
    b.shot("siw-push-sent").await;
    sim.approve(&push).await;
    assert_signed_in(&b, "push@example.com").await;
    b.shot("siw-signed-in").await;
    assert!(sim.count("/authenticators/poll") >= 1, "it polled");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_answers_a_number_challenge() {
    let (sim, _server, mut b) =
        signed_in_with_password("okta-siw-number", "number@example.com").await;
    b.click("[data-se='okta_verify-push'] [data-se='button']")
        .await;
    let push = sim.push("number@example.com", "pending", None).await;
    // The widget shows the number to tap; the phone offers it among its choices.
    let text = b.wait_for_text("body", "in Okta Verify").await;
    b.shot("siw-number-challenge").await;
    let shown: u64 = text
        .split_whitespace()
        .skip_while(|w| *w != "tap")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number to tap in {text:?}"));
    assert!(
        push["number_choices"]
            .as_array()
            .unwrap()
            .contains(&json!(shown)),
        "{push}"
    );
    sim.post(
        &format!("/sim/api/pushes/{}/approve", push["id"].as_str().unwrap()),
        json!({ "number": shown }),
    )
    .await;
    assert_signed_in(&b, "number@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_signs_in_with_a_one_time_code() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw-totp", "push@example.com").await;
    b.click("[data-se='okta_verify-totp'] [data-se='button']")
        .await;
    let code = sim.get("/sim/api/totp?user=push@example.com").await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    b.shot("siw-code").await;
    fill_and_submit(&b, "credentials.totp", &code).await;
    assert_signed_in(&b, "push@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_enrolls_okta_verify_by_qr_code() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw-qr", "enroll@example.com").await;
    b.click("[data-se='okta_verify'] [data-se='button']").await;
    b.shot("siw-qr").await;
    let scanned = b.scan_qr_code_in(&sim, "img[src^='data:image/png']").await;
    assert_eq!(scanned["enrolled"], true);
    assert_signed_in(&b, "enroll@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_enrolls_okta_verify_by_email_link() {
    let (sim, _server, mut b) =
        signed_in_with_password("okta-siw-email", "enroll@example.com").await;
    b.click("[data-se='okta_verify'] [data-se='button']").await;
    b.find("img[src^='data:image/png']").await;
    click_text(&b, "Can't scan?").await;
    b.shot("siw-channels").await;
    b.click("input[value='email'] + label, label[for$='email']")
        .await;
    b.click("input[type='submit']").await;
    b.shot("siw-email").await;
    fill_and_submit(&b, "email", "enroll@example.com").await;
    b.shot("siw-email-sent").await;
    sim.open_newest_link("enroll@example.com", 1).await;
    assert_signed_in(&b, "enroll@example.com").await;
    b.close().await;
}

//! End to end, in headless Chromium: the standalone page (its own origin) against idx-sim (the
//! org, another origin), from a fresh page to tokens delivered to the host, driving the
//! simulated phone through its API. Screenshots of every step go to test-artifacts/.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Browser, Sim, fast_config, sign_in_with_password};

fn assert_tokens(tokens: &serde_json::Value) {
    assert_eq!(tokens["tokenType"], "Bearer");
    assert!(
        tokens["accessToken"]
            .as_str()
            .is_some_and(|t| t.starts_with("eyJ"))
    );
    assert!(
        tokens["idToken"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_approved_shows_this_browser_on_the_phone() {
    let sim = Sim::start().await;
    let mut b = Browser::start("push").await;
    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.heading("Verify it's you with a security method").await;
    b.shot("choose").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    b.find(".idx-spinner").await;
    b.shot("push-sent").await;
    let push = sim.push("push@example.com", "pending", None).await;
    let user_agent = b.js("return navigator.userAgent").await;
    assert_eq!(
        push["context"]["user_agent"], user_agent,
        "the push shows this browser"
    );
    assert_eq!(push["context"]["ip"], "127.0.0.1");
    assert_eq!(
        push["context"]["origin"],
        sim.app(),
        "the request came from the page's origin"
    );
    sim.approve(&push).await;
    let tokens = b.tokens().await;
    assert_tokens(&tokens);
    b.heading("You're signed in").await;
    b.shot("signed-in").await;
    let steps = b.js("return window.__idx.steps").await;
    assert_eq!(
        steps,
        json!([
            "password",
            "choose-authenticator-verify",
            "push-waiting",
            "success",
            "signed-in"
        ]),
        "idx-widget:step events"
    );
    // The strict CSP of the page held: no inline styles anywhere, tokens not stored.
    b.assert_no_inline_style().await;
    b.assert_no_storage("tokens not stored").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_denied_then_resent_then_approved() {
    let sim = Sim::start().await;
    let mut b = Browser::start("push-deny").await;
    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    let first = sim.push("push@example.com", "pending", None).await;
    sim.post(
        &format!("/sim/api/pushes/{}/deny", first["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    b.wait_for_text("[role=alert]", "You have chosen to reject this login.")
        .await;
    b.heading("Get a push notification").await;
    b.shot("rejected").await;
    b.click_text("Resend push notification").await;
    b.heading("Push notification sent").await;
    let second = sim
        .push("push@example.com", "pending", first["id"].as_str())
        .await;
    sim.approve(&second).await;
    assert_tokens(&b.tokens().await);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn number_challenge_right_number_signs_in() {
    let sim = Sim::start().await;
    let mut b = Browser::start("number").await;
    sign_in_with_password(&mut b, &sim, "number@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    let number = b.number_to_tap().await;
    b.wait_for_text("p", &format!("tap {number} in Okta Verify"))
        .await;
    b.shot("number-challenge").await;
    // Ticking "Send push automatically" while waiting goes out with the next polls and does
    // not redraw the step (the marked node survives).
    b.js("document.querySelector('.idx-number').dataset.marker = 'kept'")
        .await;
    b.click("input[name=autoChallenge]").await;
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(
        b.js("return document.querySelector('.idx-number').dataset.marker")
            .await,
        json!("kept")
    );
    assert_eq!(
        b.js("return document.querySelector('input[name=autoChallenge]').checked")
            .await,
        json!(true)
    );
    let (push, choices) = sim.number_push("number@example.com").await;
    assert!(choices.contains(&number), "{choices:?} {number}");
    sim.tap_number(&push, number).await;
    assert_tokens(&b.tokens().await);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn number_challenge_wrong_number_fails_and_the_page_says_so() {
    let sim = Sim::start().await;
    let mut b = Browser::start("number-wrong").await;
    sign_in_with_password(&mut b, &sim, "number@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    let shown = b.number_to_tap().await;
    let (push, choices) = sim.number_push("number@example.com").await;
    let wrong = choices.into_iter().find(|n| *n != shown).unwrap();
    sim.tap_number(&push, wrong).await;
    b.wait_for_text("[role=alert]", "You have chosen to reject this login.")
        .await;
    b.find("button.idx-button").await;
    b.shot("wrong-number").await;
    assert!(b.js("return window.__idx.tokens").await.is_null());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_wrong_code_shows_the_error_under_the_field_then_signs_in() {
    let sim = Sim::start().await;
    let mut b = Browser::start("totp").await;
    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify-totp']").await;
    b.heading("Enter a code").await;
    let input = b.find("#idx-code").await;
    assert_eq!(
        input.attr("autocomplete").await.unwrap().as_deref(),
        Some("one-time-code")
    );
    assert_eq!(
        input.attr("inputmode").await.unwrap().as_deref(),
        Some("numeric")
    );
    let code = sim.totp("push@example.com").await;
    let wrong = format!(
        "{:06}",
        (code.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    b.fill("#idx-code", &wrong).await;
    b.click("button[type=submit]").await;
    b.wait_for_text("#idx-code-error", "Invalid code. Try again.")
        .await;
    assert_eq!(
        b.find("#idx-code")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    b.shot("wrong-code").await;
    let code = sim.totp("push@example.com").await;
    // Spaces are stripped: people type codes the way the app shows them.
    b.fill("#idx-code", &format!("{} {}", &code[..3], &code[3..]))
        .await;
    b.click("button[type=submit]").await;
    assert_tokens(&b.tokens().await);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enroll_by_scanning_the_qr_code_on_the_page() {
    let sim = Sim::start().await;
    let mut b = Browser::start("enroll-qr").await;
    sign_in_with_password(&mut b, &sim, "enroll@example.com").await;
    b.heading("Set up security methods").await;
    b.shot("enroll-choose").await;
    b.click("button[data-se='okta_verify']").await;
    b.heading("Set up Okta Verify").await;
    let img = b.find("img.idx-qr").await;
    assert!(
        img.attr("alt")
            .await
            .unwrap()
            .is_some_and(|a| a.starts_with("QR code."))
    );
    b.shot("qr").await;
    let scanned = b.scan_qr_code(&sim).await;
    assert_eq!(scanned["enrolled"], true);
    assert_tokens(&b.tokens().await);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enroll_by_email_link_with_resend() {
    let sim = Sim::start().await;
    let mut b = Browser::start("enroll-email").await;
    sign_in_with_password(&mut b, &sim, "enroll@example.com").await;
    b.click("button[data-se='okta_verify']").await;
    b.heading("Set up Okta Verify").await;
    b.click_text("Can't scan?").await;
    b.heading("More options").await;
    // The current channel (QR) is still offered only as "Scan a QR code" from another channel.
    b.shot("channels").await;
    b.click("#idx-channel-email").await;
    b.click("button[type=submit]").await;
    b.heading("Set up Okta Verify via email link").await;
    b.fill("#idx-address", "enroll@example.com").await;
    b.shot("email-address").await;
    b.click("button[type=submit]").await;
    b.heading("Check your email").await;
    b.wait_for_text("p", "We sent an email to enroll@example.com")
        .await;
    assert!(
        b.client
            .find(fantoccini::Locator::XPath(
                "//button[normalize-space()='Send again']"
            ))
            .await
            .is_err(),
        "not before the reminder"
    );
    b.click_text("Send again").await;
    b.shot("email-sent-again").await;
    // the first email and the one sent again.
    sim.open_newest_link("enroll@example.com", 2).await;
    assert_tokens(&b.tokens().await);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enroll_by_sms_link() {
    let sim = Sim::start().await;
    let mut b = Browser::start("enroll-sms").await;
    sign_in_with_password(&mut b, &sim, "enroll@example.com").await;
    b.click("button[data-se='okta_verify']").await;
    b.click_text("Can't scan?").await;
    b.click("#idx-channel-sms").await;
    b.click("button[type=submit]").await;
    b.heading("Set up Okta Verify via SMS").await;
    b.fill("#idx-address", "(555) 000-0001").await;
    b.shot("sms-number").await;
    b.click("button[type=submit]").await;
    b.heading("Check your text messages").await;
    b.wait_for_text("p", "+15550000001").await;
    b.shot("sms-sent").await;
    b.wait_for_text(".idx-callout--warning", "Haven't received an SMS?")
        .await;
    b.click_text("Send again").await;
    // the first SMS and the one sent again.
    sim.open_newest_link("+15550000001", 2).await;
    assert_tokens(&b.tokens().await);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_expiry_mid_flow_then_back_to_sign_in_starts_over() {
    let sim = Sim::start_with(
        idx_sim::Config {
            state_ttl_secs: 2,
            ..fast_config()
        },
        support::dist_dir(),
    )
    .await;
    let mut b = Browser::start("expired").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.fill("#idx-identifier", "push@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    b.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
        .await;
    b.click("button[type=submit]").await;
    b.heading("Your session has expired").await;
    b.shot("expired").await;
    // POSTs only: a CORS preflight of the widget's interact is no transaction.
    let interacts = sim.posts("/v1/interact");
    b.click_text("Back to sign in").await;
    b.heading("Sign in").await;
    assert_eq!(
        b.find("#idx-identifier")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("")
    );
    assert_eq!(
        sim.posts("/v1/interact"),
        interacts + 1,
        "a new transaction"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_push_screen_and_send_push_automatically_next_time() {
    let mut config = fast_config();
    config.users[1].okta_verify_totp = false;
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let mut b = Browser::start("send-push").await;
    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify']").await;
    b.heading("Get a push notification").await;
    b.click("input[name=autoChallenge]").await;
    b.shot("send-push").await;
    b.click_text("Send push").await;
    b.heading("Push notification sent").await;
    let checked = b
        .js("return document.querySelector('input[name=autoChallenge]').checked")
        .await;
    assert_eq!(
        checked,
        json!(true),
        "the box stays as the user left it while polling"
    );
    let push = sim.push("push@example.com", "pending", None).await;
    sim.approve(&push).await;
    assert_tokens(&b.tokens().await);

    // The next sign-in sends the push by itself, right after the password.
    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.heading("Push notification sent").await;
    let second = sim
        .push("push@example.com", "pending", push["id"].as_str())
        .await;
    sim.approve(&second).await;
    assert_tokens(&b.tokens().await);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_org_without_the_interaction_code_grant_says_so() {
    let sim = Sim::start_with(
        idx_sim::Config {
            interaction_code: false,
            ..fast_config()
        },
        support::dist_dir(),
    )
    .await;
    let mut b = Browser::start("not-enabled").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Something went wrong").await;
    b.wait_for_text(
        "[role=alert]",
        "The requested feature is not enabled in this environment.",
    )
    .await;
    b.shot("not-enabled").await;
    let interacts = sim.posts("/v1/interact");
    b.click_text("Back to sign in").await;
    // The press starts one new transaction, which the org refuses again.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while sim.posts("/v1/interact") == interacts && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        sim.posts("/v1/interact"),
        interacts + 1,
        "back to sign in tries again, once"
    );
    b.heading("Something went wrong").await;
    b.close().await;
}

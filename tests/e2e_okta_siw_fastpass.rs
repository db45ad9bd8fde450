//! Okta FastPass by Okta's own Sign-In Widget (npm `@okta/okta-signin-widget`, unmodified) in
//! headless Chromium against idx-sim and its simulated Okta Verify on this computer: the
//! widget probes the loopback ports, hands the challenge to the one that answers and polls
//! until idx-sim signs in; when nothing answers, it cancels with `OV_UNREACHABLE_BY_LOOPBACK`
//! and the person picks a push. This is how we know idx-sim's FastPass speaks Okta's language.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{
    Browser, Sim, assert_okta_siw_signed_in, fast_config, okta_siw_choose,
    okta_siw_signed_in_with_password,
};

/// The demo org offering FastPass on the first screen, with Okta Verify on this computer on a
/// free port, approving at once.
fn fastpass_config() -> idx_sim::Config {
    let mut config = fast_config();
    config.fastpass.launch_on_identify = true;
    config.fastpass.loopback_port = Some(0);
    config.fastpass.auto_approve = true;
    config
}

/// Okta's widget past the FastPass user's password, choosing FastPass on its picker.
async fn fastpass_from_the_picker(
    config: idx_sim::Config,
    name: &str,
) -> (Sim, support::StaticServer, Browser) {
    let (sim, server, b) =
        okta_siw_signed_in_with_password(config, name, idx_sim::config::DEMO_FASTPASS_USER).await;
    okta_siw_choose(&b, "okta_verify-signed_nonce").await;
    (sim, server, b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_widget_signs_in_with_fastpass_from_the_first_screen() {
    let (sim, _server, mut b) =
        support::okta_siw_on_own_page(fastpass_config(), "okta-siw-fastpass", None).await;
    b.wait_for_text("body", "Sign in with Okta FastPass").await;
    b.shot("siw-fastpass-identify").await;
    b.click(".sign-in-with-device-option .button").await;
    assert_okta_siw_signed_in(&b, idx_sim::config::DEMO_FASTPASS_USER).await;
    assert_eq!(sim.posts("/authenticators/okta-verify/launch"), 1);
    assert!(sim.posts("/authenticators/poll") >= 1, "it polled");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_widget_signs_in_with_fastpass_from_the_picker() {
    let (sim, _server, b) =
        fastpass_from_the_picker(fastpass_config(), "okta-siw-fastpass-picker").await;
    assert_okta_siw_signed_in(&b, idx_sim::config::DEMO_FASTPASS_USER).await;
    assert_eq!(sim.posts("/authenticators/poll/cancel"), 0);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_widget_moves_on_to_push_when_okta_verify_is_not_installed() {
    let mut config = fastpass_config();
    config.fastpass.loopback_port = None;
    config.fastpass.ports = vec![support::free_port()];
    let (sim, _server, b) = fastpass_from_the_picker(config, "okta-siw-fastpass-missing").await;
    // No port answers: the widget cancels, and idx-sim offers the picker again.
    okta_siw_choose(&b, "okta_verify-push").await;
    assert_eq!(sim.posts("/authenticators/poll/cancel"), 1);
    let push = sim
        .push(idx_sim::config::DEMO_FASTPASS_USER, "pending", None)
        .await;
    sim.approve(&push).await;
    assert_okta_siw_signed_in(&b, idx_sim::config::DEMO_FASTPASS_USER).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_widget_waits_while_okta_verify_opened_by_a_custom_uri_answers() {
    let mut config = fastpass_config();
    config.fastpass.challenge_method = idx_sim::fastpass::ChallengeMethod::CustomUri;
    config.fastpass.loopback_port = None;
    let (sim, _server, mut b) =
        support::okta_siw_on_own_page(config, "okta-siw-fastpass-custom-uri", None).await;
    b.click(".sign-in-with-device-option .button").await;
    // The widget opened com-okta-authenticator:/deviceChallenge?… (nothing here answers it) and
    // polls; Okta Verify, opened by that link on the phone page, answers.
    b.wait_for_text("body", "Open Okta Verify").await;
    b.shot("siw-fastpass-custom-uri").await;
    let (prompt, answer) = sim.approve_fastpass_prompt().await;
    assert_eq!(prompt["question"], "Open Okta Verify", "{prompt}");
    assert_eq!(answer["org"], "VERIFIED", "{answer}");
    assert_okta_siw_signed_in(&b, idx_sim::config::DEMO_FASTPASS_USER).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_widget_shows_a_refusal_on_this_computer_and_offers_the_picker() {
    let mut config = fastpass_config();
    config.fastpass.auto_approve = false;
    config.fastpass.refuse = true;
    let (sim, _server, mut b) = fastpass_from_the_picker(config, "okta-siw-fastpass-refused").await;
    b.wait_for_text("body", "You have chosen to reject this login.")
        .await;
    b.shot("siw-fastpass-refused").await;
    // The person goes on with a push instead.
    okta_siw_choose(&b, "okta_verify-push").await;
    sim.approve_pending(idx_sim::config::DEMO_FASTPASS_USER)
        .await;
    assert_okta_siw_signed_in(&b, idx_sim::config::DEMO_FASTPASS_USER).await;
    b.close().await;
}

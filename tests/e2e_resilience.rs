//! End to end, in headless Chromium: the widget against an org that misbehaves the way real
//! networks and real orgs do: dropped polls, server errors, rate limits, state handles that
//! change with every answer and a `refresh` that changes mid-flow.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use support::{Browser, Sim, dist_dir, fast_config};

const TRY_AGAIN: &str = "could not answer just now";

/// How long tokens may take once the phone answered, when calls fail at random: polls back
/// off 2, 4, 8, 16 and 32 s after one to five failures in a row at a 1 s `refresh` (the
/// shortest the widget takes; a sixth gives up), so a minute is not always enough; a rate
/// limit waits out each reset.
const AFTER_BACK_OFF: Duration = Duration::from_secs(75);

/// Presses `button` until the step titled `heading` shows. With idx-sim failing calls on
/// purpose the page keeps the step and says why, so pressing again is what a user would do.
async fn press_until(b: &Browser, button: &str, heading: &str) {
    for _ in 0..20 {
        b.click(button).await;
        if b.shows_heading(heading, Duration::from_secs(3)).await {
            return;
        }
        let text = b.page_text().await;
        assert!(
            text.contains(TRY_AGAIN) || text.contains("Something went wrong"),
            "the page says why it did not go on: {text}"
        );
        if text.contains("Something went wrong") {
            b.click_text("Back to sign in").await;
        }
    }
    panic!("{heading} never showed");
}

/// Opens the sign-in page; a failed start offers to start again.
async fn open(b: &Browser, sim: &Sim) {
    b.goto(&format!("{}/", sim.app())).await;
    for _ in 0..20 {
        if b.shows_heading("Sign in", Duration::from_secs(3)).await
            && b.page_text().await.contains("Username")
        {
            return;
        }
        b.click_text("Back to sign in").await;
    }
    panic!("the sign-in page never started");
}

async fn password(b: &Browser, user: &str, next: &str) {
    b.fill("#idx-identifier", user).await;
    press_until(b, "button[type=submit]", "Verify with your password").await;
    b.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
        .await;
    press_until(b, "button[type=submit]", next).await;
}

async fn faulty(drop_polls: f64, server_errors: f64) -> Sim {
    let mut config = fast_config();
    config.faults.drop_polls = drop_polls;
    config.faults.server_errors = server_errors;
    Sim::start_with(config, dist_dir()).await
}

async fn push_completes(sim: Sim, name: &str) {
    let mut b = Browser::start(name).await;
    open(&b, &sim).await;
    b.listen("#idx-widget-standalone").await;
    password(&b, "push@example.com", "Verify it's you").await;
    press_until(
        &b,
        "button[data-se='okta_verify-push']",
        "Push notification sent",
    )
    .await;
    // Some polls fail while the user reaches for the phone; the page keeps waiting.
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let push = sim.push("push@example.com", "pending", None).await;
    sim.approve(&push).await;
    b.tokens_within(AFTER_BACK_OFF).await;
    b.heading("You're signed in").await;
    b.shot("signed-in").await;
    b.close().await;
}

async fn qr_enrollment_completes(sim: Sim, name: &str) {
    let b = Browser::start(name).await;
    open(&b, &sim).await;
    b.listen("#idx-widget-standalone").await;
    password(&b, "enroll@example.com", "Set up security methods").await;
    press_until(&b, "button[data-se='okta_verify']", "Set up Okta Verify").await;
    b.find("img.idx-qr").await;
    // Some polls fail while the user scans.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let scanned = b.scan_qr_code(&sim).await;
    assert_eq!(scanned["enrolled"], true);
    b.tokens_within(AFTER_BACK_OFF).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_completes_when_a_third_of_polls_are_dropped() {
    let sim = faulty(0.3, 0.0).await;
    push_completes(sim, "faults-drop-push").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_enrollment_completes_when_a_third_of_polls_are_dropped() {
    let sim = faulty(0.3, 0.0).await;
    qr_enrollment_completes(sim, "faults-drop-qr").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_completes_when_a_third_of_calls_fail_on_the_server() {
    let sim = faulty(0.0, 0.3).await;
    push_completes(sim, "faults-5xx-push").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_enrollment_completes_when_a_third_of_calls_fail_on_the_server() {
    let sim = faulty(0.0, 0.3).await;
    qr_enrollment_completes(sim, "faults-5xx-qr").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_while_polling_is_waited_out() {
    let mut config = fast_config();
    config.faults.rate_limit_polls = 0.5;
    let sim = Sim::start_with(config, dist_dir()).await;
    let mut b = Browser::start("rate-limit").await;
    support::sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    b.wait_for_text(".idx-callout", "Waiting").await;
    b.shot("rate-limited").await;
    // From idx-sim's log: after each 429, no poll before the reset it named.
    tokio::time::sleep(Duration::from_millis(5000)).await;
    let polls: Vec<_> = sim
        .running
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/poll"))
        .collect();
    let limited: Vec<_> = polls.iter().filter(|r| r.status == 429).collect();
    assert!(!limited.is_empty());
    for hit in &limited {
        // idx-sim's reset: two seconds ahead, rounded up to the next whole second.
        let reset_ms = ((hit.at_ms + 2000) / 1000 + 1) * 1000;
        if let Some(next) = polls.iter().find(|r| r.at_ms > hit.at_ms) {
            assert!(
                next.at_ms + 100 >= reset_ms,
                "a poll {} ms before the reset",
                reset_ms - next.at_ms
            );
        }
    }
    let push = sim.push("push@example.com", "pending", None).await;
    sim.approve(&push).await;
    b.tokens_within(AFTER_BACK_OFF).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_state_handles_and_a_slower_refresh_are_followed() {
    let config = fast_config();
    assert!(config.rotate_state_handles);
    let after = config.slower_refresh_after_polls;
    let refresh = config.poll_refresh_ms as u128;
    let sim = Sim::start_with(config, dist_dir()).await;
    let mut b = Browser::start("rotation").await;
    support::sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    // Enough polls to cross the change of pace, and a few at the new one.
    tokio::time::sleep(Duration::from_millis(
        (refresh as u64) * (after as u64 + 10),
    ))
    .await;
    let requests = sim.running.requests();
    let idx: Vec<_> = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path.starts_with("/idp/idx/"))
        .collect();
    assert!(
        idx.iter().all(|r| r.status == 200),
        "every call used a live handle at the server's pace: {idx:?}"
    );
    let polls: Vec<u128> = idx
        .iter()
        .filter(|r| r.path.ends_with("/poll"))
        .map(|r| r.at_ms)
        .collect();
    assert!(polls.len() > after as usize + 2, "{polls:?}");
    let gaps: Vec<u128> = polls.windows(2).map(|w| w[1] - w[0]).collect();
    let late = &gaps[after as usize..];
    assert!(
        late.iter().all(|g| *g + 100 >= 2 * refresh),
        "the widget follows the slower refresh: {gaps:?}"
    );
    let push = sim.push("push@example.com", "pending", None).await;
    sim.approve(&push).await;
    b.tokens().await;
    b.close().await;
}

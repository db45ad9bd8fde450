//! End to end, in headless Chromium against idx-sim: sign-out ends the org's session, so the
//! next sign-in asks who again, while a sign-in that finds the session alive offers to continue
//! it rather than taking it; tokens kept before a reload are still revoked; a
//! transaction given up is cancelled at the org, so its push can no longer be approved.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, dist_dir, fast_config, js_example, sign_in_with_password};

const USER: &str = "push@example.com";

/// An org whose policy a live session satisfies (the org's default; the other end-to-end
/// tests turn it off so that each of their sign-ins starts at the first step).
fn session_config() -> idx_sim::Config {
    idx_sim::Config {
        session_sign_in: true,
        ..fast_config()
    }
}

/// How many requests of this method to this path the org answered with this status.
fn answered(sim: &Sim, method: &str, path: &str, status: u16) -> usize {
    sim.running
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path == path && r.status == status)
        .count()
}

/// Waits up to 5 s for `count` of them.
async fn wait_answered(sim: &Sim, method: &str, path: &str, status: u16, count: usize) {
    for _ in 0..50 {
        if answered(sim, method, path, status) >= count {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        answered(sim, method, path, status),
        count,
        "{method} {path} → {status}"
    );
}

/// The JavaScript example (`render` and `signOut()`), signed in with a code.
async fn signed_in_on_the_example(b: &mut Browser, sim: &Sim) {
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    b.enter_password(USER).await;
    b.enter_code(sim, USER).await;
    b.wait_for_text("#status", "Signed in as push@example.com.")
        .await;
}

/// Sign in, sign out, sign in again: the second time the person is asked who they are, and no
/// transaction ran between sign-out and their asking. Without sign-out, a new sign-in finds
/// the session and offers to continue it ("Continue as …?"); continuing signs in with no
/// password, "Sign in as someone else" ends the session first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_ends_the_session_and_a_live_one_is_offered_not_taken() {
    let sim = Sim::start_with(session_config(), js_example()).await;
    let mut b = Browser::start("sign-out-session").await;
    signed_in_on_the_example(&mut b, &sim).await;
    let interacts = sim.posts("/v1/interact");

    b.click("#sign-out").await;
    b.heading("You're signed out").await;
    b.shot("signed-out").await;
    b.assert_no_axe("signed-out").await;
    wait_answered(&sim, "DELETE", "/api/v1/sessions/me", 204, 1).await;
    wait_answered(&sim, "POST", "/oauth2/default/v1/revoke", 200, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        sim.posts("/v1/interact"),
        interacts,
        "nothing starts until the person asks"
    );
    b.click_text("Sign in").await;
    b.heading("Sign in").await;
    assert_eq!(
        b.js("return document.querySelector('#idx-identifier').value")
            .await,
        json!(""),
        "asked who again"
    );

    // Signed in again, and a new sign-in in the same browser: the session is offered.
    b.enter_password(USER).await;
    b.enter_code(&sim, USER).await;
    b.wait_for_text("#status", "Signed in as push@example.com.")
        .await;
    b.click("#render").await;
    b.heading("Continue as push@example.com?").await;
    b.shot("session-found").await;
    b.assert_no_axe("session-found").await;
    let exchanges = sim.posts("/v1/token");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sim.posts("/v1/token"), exchanges, "no token until they say");
    b.click_text("Continue").await;
    b.wait_for_text("#status", "Signed in as push@example.com.")
        .await;
    assert_eq!(sim.posts("/v1/token"), exchanges + 1);

    // Someone else at the computer: the session ends before anything starts.
    b.click("#render").await;
    b.heading("Continue as push@example.com?").await;
    b.click_text("Sign in as someone else").await;
    b.heading("Sign in").await;
    wait_answered(&sim, "DELETE", "/api/v1/sessions/me", 204, 2).await;
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

/// Tokens the widget kept in `sessionStorage` are revoked by a sign-out after a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_after_a_reload_revokes_what_was_stored() {
    let mut extra = serde_json::Map::new();
    extra.insert("tokenStorage".into(), json!("sessionStorage"));
    let sim = Sim::start_with_extra(fast_config(), js_example(), extra).await;
    let mut b = Browser::start("sign-out-reload").await;
    signed_in_on_the_example(&mut b, &sim).await;
    let access = b.js("return window.idxExample.tokens.accessToken").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.click("#sign-out").await;
    b.heading("You're signed out").await;
    wait_answered(&sim, "POST", "/oauth2/default/v1/revoke", 200, 1).await;
    // The org no longer accepts the stored access token.
    let userinfo = sim
        .http
        .get(sim.org("/oauth2/default/v1/userinfo"))
        .bearer_auth(access.as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(userinfo.status(), 401);
    assert_eq!(
        b.js("return sessionStorage.getItem('idx-widget:tokens')")
            .await,
        json!(null)
    );
    b.close().await;
}

/// Waiting on a push, the person goes back to sign in; the org hears the cancel and
/// the phone can no longer approve that push.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_to_sign_in_cancels_the_pending_push() {
    let sim = Sim::start_with(fast_config(), dist_dir()).await;
    let mut b = Browser::start("cancel-push").await;
    sign_in_with_password(&mut b, &sim, USER).await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    let push = sim.push(USER, "pending", None).await;
    b.click_text("Back to sign in").await;
    b.heading("Sign in").await;
    let cancelled = sim.assert_push_cancelled(USER).await;
    assert_eq!(
        cancelled["id"], push["id"],
        "the push of the transaction given up"
    );
    b.close().await;
}

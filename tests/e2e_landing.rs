//! End to end, in headless Chromium: the standalone page handles what comes back on its own
//! address (an identity provider's `interaction_code`, `error=interaction_required`, another
//! `error`, an email magic link's `otp`), each against the transaction the tab saved, and
//! cleans the address afterwards. The org is idx-sim; its request log says what was (not)
//! sent.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{Value, json};
use support::{Browser, Sim};

const ION: &str = "application/ion+json; okta-version=1.0.0";

/// The transaction the widget keeps in `sessionStorage` (its `state`, its interaction handle).
async fn kept(b: &Browser) -> Value {
    b.js("return JSON.parse(sessionStorage.getItem('idx-widget:transaction'))")
        .await
}

/// A POST of IDX JSON to the org, as a browser elsewhere would send it; the answer's JSON.
async fn idx_post(sim: &Sim, url: &str, body: Value) -> Value {
    let response = sim
        .http
        .post(url)
        .header("Content-Type", ION)
        .header("Accept", ION)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

/// The `href` of the remediation `name` in an IDX state.
fn remediation_href(state: &Value, name: &str) -> String {
    state["remediation"]["value"]
        .as_array()
        .and_then(|forms| forms.iter().find(|f| f["name"] == name))
        .and_then(|f| f["href"].as_str())
        .unwrap_or_else(|| panic!("no {name} in {state}"))
        .to_owned()
}

/// Finishes the browser's transaction (waiting at its password step) elsewhere, as the org
/// does after an identity provider, and returns the interaction code it ends with: what the
/// org puts on the redirect URI.
async fn finish_elsewhere(sim: &Sim, handle: &str) -> String {
    let state = idx_post(
        sim,
        &sim.org("/idp/idx/introspect"),
        json!({ "interactionHandle": handle }),
    )
    .await;
    let state = idx_post(
        sim,
        &remediation_href(&state, "challenge-authenticator"),
        json!({
            "credentials": { "passcode": idx_sim::config::DEMO_PASSWORD },
            "stateHandle": state["stateHandle"],
        }),
    )
    .await;
    state["successWithInteractionCode"]["value"]
        .as_array()
        .and_then(|fields| fields.iter().find(|f| f["name"] == "interaction_code"))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no interaction code in {state}"))
        .to_owned()
}

/// Opens the standalone page and stops at the password step: a transaction is under way.
async fn start_sign_in(b: &mut Browser, sim: &Sim, user: &str) -> Value {
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.fill("#idx-identifier", user).await;
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    kept(b).await
}

/// `error=interaction_required` resumes the same transaction at its step; a code for another
/// `state` is refused without a token request; any other error is shown as text; each
/// address is cleaned, other parameters kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_handles_an_identity_provider_s_answers() {
    let sim = Sim::start().await;
    let mut b = Browser::start("landing").await;
    let saved = start_sign_in(&mut b, &sim, "push@example.com").await;
    let state = saved["state"].as_str().expect("a kept state").to_owned();
    let interacts = sim.posts("/v1/interact");
    assert_eq!(interacts, 1);

    b.goto(&format!(
        "{}/?error=interaction_required&state={state}&lang=x",
        sim.app()
    ))
    .await;
    b.heading("Verify with your password").await;
    b.shot("interaction-required").await;
    assert_eq!(sim.posts("/v1/interact"), interacts, "the same transaction");
    assert_eq!(b.address().await, "/?lang=x");
    assert_eq!(kept(&b).await["state"], json!(state));

    // A code for a transaction this tab did not start: refused, nothing redeemed.
    b.goto(&format!(
        "{}/?interaction_code=forged&state=someone-else-s",
        sim.app()
    ))
    .await;
    b.wait_for_text(".idx-callout--error", "could not be verified")
        .await;
    b.shot("mismatch").await;
    assert_eq!(sim.posts("/v1/token"), 0, "no token request");
    let log = sim.get("/sim/api/requests").await;
    assert!(
        !log.as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"].as_str().is_some_and(|p| p.ends_with("/v1/token"))),
        "{log}"
    );
    assert_eq!(b.address().await, "/");
    assert_eq!(kept(&b).await["state"], json!(state), "the kept one stays");

    // The org said no: its description, as text.
    b.goto(&format!(
        "{}/?error=access_denied&error_description=%3Cb%3ECancelled+at+Acme%3C%2Fb%3E&state={state}",
        sim.app()
    ))
    .await;
    b.wait_for_text(
        ".idx-callout--error",
        "Sign-in was not completed: <b>Cancelled at Acme</b>",
    )
    .await;
    b.shot("access-denied").await;
    assert_eq!(
        b.js("return document.querySelector('#idx-widget-standalone b')")
            .await,
        Value::Null,
        "never markup"
    );
    assert_eq!(b.address().await, "/");
    assert_eq!(kept(&b).await, Value::Null, "that transaction is over");
    b.click_text("Back to sign in").await;
    b.heading("Sign in").await;
    b.close().await;
}

/// The org finished the transaction (as after an identity provider) and sent the browser back
/// with the code: the page redeems it with the verifier it kept and signs in, the ID token
/// checked as always.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_redeems_an_interaction_code_for_its_own_transaction() {
    let (config, user) = support::password_only_config();
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let mut b = Browser::start("landing-code").await;
    let saved = start_sign_in(&mut b, &sim, &user).await;
    let handle = saved["interactionHandle"].as_str().expect("a handle");
    let state = saved["state"].as_str().expect("a state").to_owned();
    let code = finish_elsewhere(&sim, handle).await;
    b.goto(&format!(
        "{}/?interaction_code={code}&state={state}",
        sim.app()
    ))
    .await;
    b.heading("You're signed in").await;
    b.shot("redeemed").await;
    assert_eq!(sim.posts("/v1/token"), 1);
    assert_eq!(sim.posts("/v1/interact"), 1, "no new transaction");
    assert_eq!(b.address().await, "/");
    assert_eq!(kept(&b).await, Value::Null, "signed in: nothing to resume");
    b.close().await;
}

/// An email magic link opened where nothing was started: the code, for the person to type
/// where they began; nothing sent to the org.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_magic_link_opened_elsewhere_shows_its_code() {
    let sim = Sim::start().await;
    let mut b = Browser::start("landing-otp").await;
    b.goto(&format!(
        "{}/?otp=482913&state=another-browser-s",
        sim.app()
    ))
    .await;
    b.heading("Your verification code").await;
    b.wait_for_text("[data-se=otp-value]", "482913").await;
    b.shot("code-elsewhere").await;
    assert_eq!(sim.requests_len(), 0, "nothing sent to the org");
    assert_eq!(b.address().await, "/");
    assert!(b.axe_violations().await.is_empty());
    b.click_text("Start again").await;
    b.heading("Sign in").await;
    b.close().await;
}

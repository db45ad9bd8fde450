//! Security keys and passkeys (WebAuthn) end to end: our widget in headless Chromium against
//! idx-sim, with Chromium's virtual authenticator (DevTools Protocol `WebAuthn`) as the key.
//! A passkey is set up and then signs in again; a refused dialog says why and "Try again"
//! works; passkey autofill signs in from the username field; the custom element does the same;
//! axe-core finds nothing and the keyboard alone does each step. Pages are opened on
//! `localhost`, the relying party the browser derives from the page (an IP address cannot be
//! one).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};
use support::{Browser, Sim, cdp, dist_dir, fast_config, free_port, js_example};

const USER: &str = "passkey@example.com";
const ENTER: &str = "\u{E007}";
const ENROLL_TITLE: &str = "Set up security key or biometric authenticator";
const VERIFY_TITLE: &str = "Verify with security key or biometric authenticator";

/// idx-sim serving `app` on a port chosen here, trusting the page at `http://localhost:{port}`;
/// returns it with that origin.
async fn org_on_localhost(config: idx_sim::Config, app: PathBuf) -> (Sim, String) {
    let port = free_port();
    let origin = format!("http://localhost:{port}");
    let org = support::serving(config, app)
        .app_port(port)
        .trusting(&origin);
    (Sim::from(org).await, origin)
}

/// A platform authenticator (a passkey provider) in this browser's page, as the DevTools
/// Protocol makes one: it answers at once, and verifies the user when `verified`.
async fn virtual_authenticator(b: &Browser, verified: bool) -> String {
    cdp(b, "WebAuthn.enable", json!({ "enableUI": false })).await;
    let added = cdp(
        b,
        "WebAuthn.addVirtualAuthenticator",
        json!({ "options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": true,
            "hasUserVerification": true, "isUserVerified": verified,
            "automaticPresenceSimulation": true
        }}),
    )
    .await;
    added["authenticatorId"]
        .as_str()
        .unwrap_or_else(|| panic!("no authenticator: {added}"))
        .to_owned()
}

async fn credentials(b: &Browser, authenticator: &str) -> Vec<Value> {
    let found = cdp(
        b,
        "WebAuthn.getCredentials",
        json!({ "authenticatorId": authenticator }),
    )
    .await;
    found["credentials"].as_array().cloned().unwrap_or_default()
}

/// The standalone page's first screen, listened to, signed in with the password.
async fn password_on_page(b: &mut Browser, origin: &str) {
    b.goto(&format!("{origin}/")).await;
    b.heading("Sign in").await;
    b.listen("#idx-widget-standalone").await;
    b.catch_page_errors().await;
    b.enter_password(USER).await;
}

/// After the password of a user who must set up a key: the list, then its step.
async fn to_the_enrollment(b: &Browser) {
    b.heading("Set up security methods").await;
    b.click("button[data-se='webauthn']").await;
    b.heading(ENROLL_TITLE).await;
}

/// After the password of a user with a key: its challenge, directly or from the list.
async fn to_the_challenge(b: &Browser) {
    let list = "Verify it's you with a security method";
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if b.shows_heading(VERIFY_TITLE, Duration::from_millis(300))
            .await
        {
            return;
        }
        if b.shows_heading(list, Duration::from_millis(300)).await {
            b.click("button[data-se='webauthn']").await;
            b.heading(VERIFY_TITLE).await;
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no WebAuthn challenge: {}",
            b.page_text().await
        );
    }
}

async fn signed_in(b: &Browser) {
    let tokens = b.tokens().await;
    assert_eq!(tokens["tokenType"], "Bearer");
    b.heading("You're signed in").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passkey_is_set_up_by_keyboard_then_signs_in_again() {
    let (sim, origin) = org_on_localhost(fast_config(), dist_dir()).await;
    let mut b = Browser::start("webauthn-enroll").await;
    let key = virtual_authenticator(&b, true).await;
    password_on_page(&mut b, &origin).await;
    b.heading("Set up security methods").await;
    b.tab_to("button[data-se='webauthn']").await;
    b.keys(ENTER).await;
    b.heading(ENROLL_TITLE).await;
    b.assert_no_axe("WebAuthn enrollment").await;
    b.shot("webauthn-enroll").await;
    // The heading has the focus; the keyboard alone reaches the button and presses it.
    assert_eq!(
        b.js("return document.activeElement.classList.contains('idx-heading')")
            .await,
        json!(true)
    );
    b.tab_to_button("Set up").await;
    b.keys(ENTER).await;
    signed_in(&b).await;
    assert_eq!(credentials(&b, &key).await.len(), 1, "one passkey made");
    let steps = b.js("return window.__idx.steps").await;
    assert!(
        steps
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "webauthn-enroll"),
        "{steps}"
    );

    // Again: the password, then the passkey.
    password_on_page(&mut b, &origin).await;
    to_the_challenge(&b).await;
    b.assert_no_axe("WebAuthn challenge").await;
    b.shot("webauthn-verify").await;
    b.tab_to_button("Verify").await;
    b.keys(ENTER).await;
    signed_in(&b).await;
    assert!(
        sim.posts("/challenge/answer") >= 1,
        "the assertion was sent"
    );
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_dialog_says_why_and_try_again_works() {
    let mut config = fast_config();
    config.webauthn.user_verification = "required".into();
    let (_sim, origin) = org_on_localhost(config, dist_dir()).await;
    let mut b = Browser::start("webauthn-refused").await;
    // The authenticator fails the user's verification: the browser refuses the ceremony.
    let key = virtual_authenticator(&b, false).await;
    password_on_page(&mut b, &origin).await;
    to_the_enrollment(&b).await;
    b.click_text("Set up").await;
    b.wait_for_text(".idx-callout--error", "cancelled or timed out")
        .await;
    b.wait_for_text("[role=status]", "cancelled or timed out")
        .await;
    b.assert_no_axe("WebAuthn refused").await;
    b.shot("webauthn-refused").await;
    // The same button, still focused, tries again.
    assert_eq!(
        b.js("return document.activeElement.textContent.trim()")
            .await,
        json!("Try again")
    );
    cdp(
        &b,
        "WebAuthn.setUserVerified",
        json!({ "authenticatorId": key, "isUserVerified": true }),
    )
    .await;
    b.keys(ENTER).await;
    signed_in(&b).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passkey_autofill_signs_in_from_the_username_field() {
    let mut config = fast_config();
    config.webauthn.autofill = true;
    config.webauthn.resident_key = "required".into();
    let (sim, origin) = org_on_localhost(config, dist_dir()).await;
    let mut b = Browser::start("webauthn-autofill").await;
    let key = virtual_authenticator(&b, true).await;
    // The first visit: no passkey yet, the username field offers them all the same.
    b.goto(&format!("{origin}/")).await;
    b.heading("Sign in").await;
    let field = b.find("#idx-identifier").await;
    assert_eq!(
        field.attr("autocomplete").await.unwrap().as_deref(),
        Some("username webauthn")
    );
    b.assert_no_axe("identify with passkey autofill").await;
    b.listen("#idx-widget-standalone").await;
    b.enter_password(USER).await;
    to_the_enrollment(&b).await;
    b.click_text("Set up").await;
    signed_in(&b).await;
    assert_eq!(credentials(&b, &key).await[0]["isResidentCredential"], true);

    // A new visit: the browser offers the passkey in the username field and (the virtual
    // authenticator being the person who picks it) signs in with no username or password.
    let identified = sim.posts("/identify");
    b.goto(&format!("{origin}/")).await;
    b.heading("You're signed in").await;
    assert_eq!(
        sim.posts("/challenge/answer/webauthn-autofillui"),
        1,
        "the passkey answered the autofill challenge"
    );
    assert_eq!(sim.posts("/identify"), identified, "no username was sent");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_custom_element_sets_up_and_uses_a_passkey() {
    let app = js_example();
    assert!(
        app.join("pkg/idx_widget.js").is_file(),
        "examples/js is not built: run scripts/build-examples.sh"
    );
    let (_sim, origin) = org_on_localhost(fast_config(), app).await;
    let mut b = Browser::start("webauthn-element").await;
    virtual_authenticator(&b, true).await;
    for round in 0..2 {
        b.goto(&format!("{origin}/element.html")).await;
        b.heading("Sign in").await;
        b.catch_page_errors().await;
        b.enter_password(USER).await;
        if round == 0 {
            to_the_enrollment(&b).await;
            b.click_text("Set up").await;
        } else {
            to_the_challenge(&b).await;
            b.assert_no_axe("WebAuthn challenge in the element").await;
            b.click_text("Verify").await;
        }
        b.wait_for_text("#status", "Signed in through <idx-sign-in>.")
            .await;
    }
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

/// Okta's own Sign-In Widget (npm 7.49, unmodified) on the team's page at `localhost`: it sets
/// up a passkey against idx-sim, then signs in with it after the password (it opens the dialog
/// by itself on the challenge, and hands the browser `challengeData.extensions` as they are,
/// which is why idx-sim sends a U2F `appid` only where the browser takes one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_sets_up_and_uses_a_passkey() {
    let mut config = fast_config();
    let client_id = config.client_id.clone();
    let port = free_port();
    let origin = format!("http://localhost:{port}");
    config.trusted_origins.push(origin.clone());
    config
        .redirect_uris
        .push(format!("{origin}/login/callback"));
    let sim = Sim::start_org(config).await;
    let page = json!({
        "issuer": sim.org("/oauth2/default"), "clientId": client_id,
        "redirectUri": format!("{origin}/login/callback"),
    });
    let (site, _) = support::okta_siw_page("idx-siw-webauthn", &page);
    let _server = support::StaticServer::start(&site, port).await;
    let mut b = Browser::start("siw-webauthn").await;
    let key = virtual_authenticator(&b, true).await;
    for round in 0..2 {
        b.goto(&format!("{origin}/")).await;
        b.fill_and_submit("identifier", USER).await;
        b.fill_and_submit("credentials.passcode", idx_sim::config::DEMO_PASSWORD)
            .await;
        if round == 0 {
            // Okta's widget lists the key to set up first.
            b.click("[data-se='webauthn'] [data-se='button']").await;
            b.shot("siw-webauthn-enroll").await;
            b.click(".webauthn-setup").await;
        } else {
            let chosen = b
                .js_until(
                    "return document.querySelector('.oie-verify-webauthn') ? 'challenge' :
                        (document.querySelector(\"[data-se='webauthn'] [data-se='button']\") ? 'list' : null)",
                    Duration::from_secs(20),
                    200,
                )
                .await;
            if chosen == Some(json!("list")) {
                b.click("[data-se='webauthn'] [data-se='button']").await;
            }
        }
        b.wait_for_text("#status", &format!("Signed in as {USER}."))
            .await;
    }
    assert_eq!(credentials(&b, &key).await.len(), 1);
    b.close().await;
}

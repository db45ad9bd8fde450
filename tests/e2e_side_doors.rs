//! The side doors, end to end in headless Chromium against idx-sim, as a person goes through
//! them: forgot password (email code, email magic link landing on the page itself, a recovery
//! token in the page's address), unlock, sign up then Okta Verify, and signing in through a
//! simulated identity provider and back from the standalone page, the JavaScript embedding and
//! the custom element; axe-core on every new step, and every new step walked with the keyboard
//! alone.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{Browser, Sim, fast_config, js_example};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";
const ARROW_DOWN: &str = "\u{E015}";
const MFA: &str = "mfa@example.com";
const LOCKED: &str = "locked@example.com";
/// Meets the demo org's rules (8 characters, lower, upper, a number, no part of a username).
const NEW_PASSWORD: &str = "Fresh-Start-2026";

async fn submit_code(b: &Browser, code: &str) {
    b.fill("#idx-passcode", code).await;
    b.click("button[type=submit]").await;
}

/// The new password step: its rules on show, the password typed twice.
async fn choose_new_password(b: &mut Browser, step: &str) {
    b.heading("Reset your password").await;
    b.find("#idx-password-rules").await;
    b.assert_no_axe(step).await;
    b.shot(step).await;
    b.fill("#idx-new-password", "short").await;
    let unmet = b
        .js("return document.querySelectorAll('.idx-rule--unmet').length")
        .await;
    assert!(unmet.as_u64().unwrap() >= 2, "length and more: {unmet}");
    b.fill("#idx-new-password", NEW_PASSWORD).await;
    assert_eq!(
        b.js("return document.querySelectorAll('.idx-rule--unmet').length")
            .await,
        json!(0)
    );
    b.fill("#idx-confirm-password", NEW_PASSWORD).await;
    b.click("button[type=submit]").await;
}

/// The standalone page's end: its heading and the token exchange the org served.
async fn signed_in_here(b: &Browser, sim: &Sim) {
    b.heading("You're signed in").await;
    assert_eq!(sim.posts("/v1/token"), 1, "one code exchanged");
}

/// The recovery's list for `user`: the authenticators that may prove it, email among them.
async fn recovery_choices(b: &Browser) {
    b.heading("Reset your password").await;
    b.wait_for_text(".idx-subtitle", "to reset your password")
        .await;
    b.find("button[data-se='okta_email']").await;
}

/// 1. "Forgot password?" on the password step, an email code, a new password under the org's
/// rules, then signed in; the old password no longer works, the new one does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_by_email_code_from_the_password_step() {
    let sim = Sim::start().await;
    let mut b = Browser::start("forgot-code").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.fill("#idx-identifier", MFA).await;
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    b.assert_no_axe("password step with its links").await;
    b.click_text("Forgot password?").await;
    recovery_choices(&b).await;
    b.assert_no_axe("recovery: choose").await;
    b.shot("recover-choose").await;
    b.click("button[data-se='okta_email']").await;
    b.heading("Verify with your email").await;
    let code = sim.code_sent(MFA, 1).await;
    submit_code(&b, &code).await;
    choose_new_password(&mut b, "recover-new-password").await;
    signed_in_here(&b, &sim).await;
    b.shot("recovered").await;

    // The org took the new password: it signs in with it, and the old one is refused.
    let again = Browser::start("forgot-code-after").await;
    again.goto(&format!("{}/", sim.app())).await;
    again.heading("Sign in").await;
    again.fill("#idx-identifier", MFA).await;
    again.click("button[type=submit]").await;
    again.heading("Verify with your password").await;
    again
        .fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
        .await;
    again.click("button[type=submit]").await;
    again
        .wait_for_text("#idx-password-error", "Password is incorrect")
        .await;
    again.fill("#idx-password", NEW_PASSWORD).await;
    again.click("button[type=submit]").await;
    again
        .heading("Verify it's you with a security method")
        .await;
    again.close().await;
    b.close().await;
}

/// 2. Forgot password on the first screen (password on identify), whose email's magic link
/// opens the page itself (`email_verify_uri`): in the same tab the page continues the
/// transaction with that `state` and reaches the new password; in a new tab (no saved
/// transaction there) it shows the code, which the person types where they started.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_by_a_magic_link_that_lands_on_the_page() {
    let mut config = fast_config();
    config.password_on_identify = true;
    config.email_verify_uri = Some("/".into());
    let sim = Sim::start_with(config, support::dist_dir()).await;
    let mut b = Browser::start("forgot-link").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.find("#idx-password").await;
    b.assert_no_axe("identify with its links").await;
    b.click_text("Forgot password?").await;
    b.heading("Reset your password").await;
    b.find("#idx-identifier").await;
    b.assert_no_axe("recovery: identify").await;
    b.shot("recover-identify").await;
    b.fill("#idx-identifier", MFA).await;
    b.click("button[type=submit]").await;
    recovery_choices(&b).await;
    b.click("button[data-se='okta_email']").await;
    b.heading("Verify with your email").await;
    let outbox = sim.outbox(MFA, 1).await;
    let link = outbox[0]["link"].as_str().expect("a link").to_owned();
    let code = outbox[0]["code"].as_str().expect("a code").to_owned();
    let state = b
        .js("return JSON.parse(sessionStorage.getItem('idx-widget:transaction')).state")
        .await;
    assert!(
        link.starts_with(&format!("{}/?otp={code}&state=", sim.app())),
        "{link}"
    );
    assert!(link.ends_with(&format!("state={}", state.as_str().unwrap())));

    // A new tab of the same browser: nothing of this tab's transaction is there.
    let first = b.client.window().await.unwrap();
    let tab = b.client.new_window(true).await.unwrap();
    b.client.switch_to_window(tab.handle).await.unwrap();
    b.goto(&link).await;
    b.heading("Your verification code").await;
    b.wait_for_text("[data-se=otp-value]", &code).await;
    assert_eq!(b.address().await, "/");
    b.shot("link-in-new-tab").await;
    b.client.close_window().await.unwrap();
    b.client.switch_to_window(first).await.unwrap();
    submit_code(&b, &code).await;
    b.heading("Reset your password").await;
    b.find("#idx-new-password").await;

    // The same tab: a second recovery, whose link this tab opens.
    let mut c = Browser::start("forgot-link-same-tab").await;
    c.goto(&format!("{}/", sim.app())).await;
    c.heading("Sign in").await;
    c.click_text("Forgot password?").await;
    c.fill("#idx-identifier", MFA).await;
    c.click("button[type=submit]").await;
    recovery_choices(&c).await;
    c.click("button[data-se='okta_email']").await;
    c.heading("Verify with your email").await;
    let outbox = sim.outbox(MFA, 2).await;
    let link = outbox[1]["link"].as_str().expect("a link").to_owned();
    let interacts = sim.posts("/v1/interact");
    c.goto(&link).await;
    choose_new_password(&mut c, "link-new-password").await;
    assert_eq!(sim.posts("/v1/interact"), interacts, "the same transaction");
    c.heading("You're signed in").await;
    assert_eq!(c.address().await, "/");
    c.close().await;
    b.close().await;
}

/// 3. The locked-out user: "Unlock account?", the username, email, its code, "Account
/// successfully unlocked!", back to sign in, then signs in with the password and the email.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlock_a_locked_account_then_sign_in() {
    let sim = Sim::start().await;
    let mut b = Browser::start("unlock").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    // Locked: the username is refused with Okta's words, the way out under the form.
    b.fill("#idx-identifier", LOCKED).await;
    b.click("button[type=submit]").await;
    b.wait_for_text(".idx-callout--error", "Your account is locked")
        .await;
    b.shot("locked").await;
    b.click_text("Unlock account?").await;
    b.heading("Unlock account?").await;
    b.assert_no_axe("unlock").await;
    b.shot("unlock").await;
    b.fill("#idx-identifier", LOCKED).await;
    b.click("button[data-se='okta_email']").await;
    b.heading("Verify with your email").await;
    let code = sim.code_sent(LOCKED, 1).await;
    submit_code(&b, &code).await;
    b.heading("Account successfully unlocked!").await;
    b.assert_no_axe("unlocked").await;
    b.shot("unlocked").await;
    b.click_text("Back to sign in").await;
    b.heading("Sign in").await;
    b.enter_password(LOCKED).await;
    email_second_factor(&b, &sim, LOCKED, 2).await;
    signed_in_here(&b, &sim).await;
    b.close().await;
}

/// After the password: the email (from the list if there is one), its `count`th code.
async fn email_second_factor(b: &Browser, sim: &Sim, user: &str, count: usize) {
    let at = b
        .js_until(
            "return document.querySelector('#idx-passcode') ? 'code'
                  : document.querySelector(\"button[data-se='okta_email']\") ? 'list'
                  : document.querySelector('.idx-heading')?.textContent.includes('Get a verification email') ? 'send'
                  : null",
            Duration::from_secs(20),
            100,
        )
        .await;
    if at == Some(json!("list")) {
        b.click("button[data-se='okta_email']").await;
    }
    if at == Some(json!("send")) {
        b.click_text("Send me an email").await;
    }
    b.heading("Verify with your email").await;
    let code = sim.code_sent(user, count).await;
    submit_code(b, &code).await;
}

/// 4. Sign up with the demo's profile: required marks, an email already taken, then a new one;
/// a password, Okta Verify by QR code, signed in as the new user.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_then_a_password_and_okta_verify() {
    let sim = Sim::start().await;
    let mut b = Browser::start("sign-up").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.listen("#idx-widget-standalone").await;
    b.click_text("Sign up").await;
    b.heading("Sign up").await;
    b.find("input[name='userProfile.email']").await;
    let required = b
        .js("return [...document.querySelectorAll('[aria-required=true]')].map(e => e.name)")
        .await;
    assert_eq!(
        required,
        json!([
            "userProfile.firstName",
            "userProfile.lastName",
            "userProfile.email"
        ])
    );
    assert_eq!(
        b.js("return document.querySelectorAll('.idx-required').length")
            .await,
        json!(3)
    );
    b.assert_no_axe("sign-up form").await;
    b.fill("input[name='userProfile.firstName']", "Ada").await;
    b.fill("input[name='userProfile.lastName']", "Lovelace")
        .await;
    b.fill("input[name='userProfile.email']", "push@example.com")
        .await;
    b.click("button[type=submit]").await;
    let error = b.wait_for_text("[id$='-error']", "already exists").await;
    assert!(!error.is_empty());
    assert_eq!(
        b.js("return document.querySelector(\"input[name='userProfile.email']\").getAttribute('aria-invalid')")
            .await,
        json!("true")
    );
    b.assert_no_axe("sign-up form with its error").await;
    b.shot("sign-up-taken").await;
    b.fill("input[name='userProfile.email']", "ada@example.com")
        .await;
    b.click("button[type=submit]").await;
    b.heading("Set up password").await;
    b.fill("#idx-new-password", NEW_PASSWORD).await;
    b.fill("#idx-confirm-password", NEW_PASSWORD).await;
    b.click("button[type=submit]").await;
    b.heading("Set up security methods").await;
    b.click("button[data-se='okta_verify']").await;
    b.heading("Set up Okta Verify").await;
    b.find("img.idx-qr").await;
    b.shot("sign-up-qr").await;
    let scanned = b.scan_qr_code(&sim).await;
    assert_eq!(scanned["enrolled"], true, "{scanned}");
    let tokens = b.tokens().await;
    assert_eq!(tokens["tokenType"], "Bearer");
    let claims = support::jwt_claims(tokens["idToken"].as_str().unwrap());
    assert_eq!(claims["preferred_username"], "ada@example.com");
    b.close().await;
}

/// The simulated IdP's own page: "Sign in … as …?", then Continue.
async fn continue_at_the_idp(b: &Browser, sim: &Sim, username: &str) {
    b.wait_for_text("body", username).await;
    let at = b.js("return location.href").await;
    assert!(
        at.as_str().unwrap().starts_with(&sim.org("/sim/idp/")),
        "{at}"
    );
    b.click_text("Continue").await;
}

/// Microsoft (mfa = true) came back with `error=interaction_required`: the page resumes the
/// same transaction at its second factor.
async fn finish_the_second_factor(b: &Browser, sim: &Sim) {
    b.heading("Verify it's you with a security method").await;
    email_second_factor(b, sim, MFA, 1).await;
}

/// 5. The standalone page: Google (no MFA) back with an interaction code; Microsoft (MFA) back
/// with `error=interaction_required`, resumed at the second factor.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_providers_from_the_standalone_page() {
    let sim = Sim::start().await;
    let mut b = Browser::start("idp-page").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.find("button[data-se='idp-google']").await;
    assert_eq!(
        b.js("return document.querySelector(\"button[data-se='idp-google']\").textContent.trim()")
            .await,
        json!("Sign in with Google")
    );
    b.assert_no_axe("identify with identity providers").await;
    b.shot("idps").await;
    b.click("button[data-se='idp-google']").await;
    continue_at_the_idp(&b, &sim, "push@example.com").await;
    signed_in_here(&b, &sim).await;
    assert_eq!(b.address().await, "/");
    assert_eq!(sim.posts("/v1/interact"), 1);
    b.close().await;

    let mut b = Browser::start("idp-page-mfa").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.click("button[data-se='idp-microsoft']").await;
    continue_at_the_idp(&b, &sim, MFA).await;
    finish_the_second_factor(&b, &sim).await;
    b.heading("You're signed in").await;
    assert_eq!(sim.posts("/v1/token"), 2);
    assert_eq!(sim.posts("/v1/interact"), 2, "Microsoft's: one transaction");
    assert_eq!(b.address().await, "/");
    b.shot("idp-mfa-signed-in").await;
    b.close().await;
}

/// 5. The JavaScript embedding (`render`): the same two, the tokens given to the host page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_providers_from_the_javascript_embedding() {
    let sim = Sim::start_with(fast_config(), js_example()).await;
    for (idp, user) in [("google", "push@example.com"), ("microsoft", MFA)] {
        let b = Browser::start(&format!("idp-js-{idp}")).await;
        b.goto(&format!("{}/", sim.app())).await;
        b.heading("Sign in").await;
        b.click(&format!("button[data-se='idp-{idp}']")).await;
        continue_at_the_idp(&b, &sim, user).await;
        if idp == "microsoft" {
            finish_the_second_factor(&b, &sim).await;
        }
        b.wait_for_text("#status", &format!("Signed in as {user}."))
            .await;
        assert_eq!(
            b.js("return window.idxExample.tokens.tokenType").await,
            json!("Bearer")
        );
        assert_eq!(b.address().await, "/");
        b.close().await;
    }
}

/// 5. The custom element `<idx-sign-in>` on its own page, which is its redirect URI.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_providers_from_the_custom_element() {
    let sim = Sim::start_with_redirect_to(fast_config(), js_example(), "/element.html").await;
    for (idp, user) in [("google", "push@example.com"), ("microsoft", MFA)] {
        let b = Browser::start(&format!("idp-element-{idp}")).await;
        b.goto(&format!("{}/element.html", sim.app())).await;
        b.heading("Sign in").await;
        b.click(&format!("button[data-se='idp-{idp}']")).await;
        continue_at_the_idp(&b, &sim, user).await;
        if idp == "microsoft" {
            finish_the_second_factor(&b, &sim).await;
        }
        b.wait_for_text("#status", "Signed in through <idx-sign-in>.")
            .await;
        assert_eq!(
            b.js("return window.elementTokens.tokenType").await,
            json!("Bearer")
        );
        assert_eq!(b.address().await, "/element.html");
        b.close().await;
    }
}

/// 6. A recovery token in the page's address starts at the new password; the address is
/// cleaned; the new password and a second factor sign in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recovery_token_in_the_address_starts_at_the_new_password() {
    let sim = Sim::start().await;
    let answer: Value = sim
        .post("/sim/api/recovery-token", json!({ "user": MFA }))
        .await;
    let token = answer["recoveryToken"].as_str().expect("a token");
    let mut b = Browser::start("recovery-token").await;
    b.goto(&format!("{}/?recovery_token={token}&lang=x", sim.app()))
        .await;
    b.heading("Reset your password").await;
    b.find("#idx-new-password").await;
    assert_eq!(b.address().await, "/?lang=x");
    choose_new_password(&mut b, "token-new-password").await;
    // The token proved no factor: the org's sign-on policy still asks for one.
    b.heading("Verify it's you with a security method").await;
    email_second_factor(&b, &sim, MFA, 1).await;
    signed_in_here(&b, &sim).await;
    b.close().await;
}

/// The step's heading says `text` and holds the focus, where a keyboard user starts the step.
/// Waiting for it also keeps Tab from racing the focus as the step appears.
async fn focus_on_heading(b: &Browser, text: &str) {
    b.heading(text).await;
    let script = format!(
        "const a = document.activeElement;
         return a.classList.contains('idx-heading') && a.textContent.includes({text:?}) || null"
    );
    if b.js_until(&script, Duration::from_secs(5), 50)
        .await
        .is_none()
    {
        let at = b
            .js("return document.activeElement.outerHTML.slice(0, 120)")
            .await;
        panic!("{text}: the heading never took the focus; it is on {at}");
    }
}

/// 7. Keyboard only (Tab, Enter, Space): unlock, from the link to "Back to sign in".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlock_with_the_keyboard_alone() {
    let sim = Sim::start().await;
    let b = Browser::start("unlock-keyboard").await;
    b.goto(&format!("{}/", sim.app())).await;
    focus_on_heading(&b, "Sign in").await;
    b.tab_to_button("Unlock account?").await;
    b.keys(SPACE).await;
    focus_on_heading(&b, "Unlock account?").await;
    b.tab_to("#idx-identifier").await;
    b.keys(LOCKED).await;
    b.keys(TAB).await;
    b.tab_to("button[data-se='okta_email']").await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Verify with your email").await;
    let code = sim.code_sent(LOCKED, 1).await;
    b.tab_to("#idx-passcode").await;
    b.keys(&code).await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Account successfully unlocked!").await;
    b.tab_to_button("Back to sign in").await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Sign in").await;
    b.close().await;
}

/// Keyboard only: "Forgot password?" on the password step, the email among the recovery
/// choices, its code, the new password twice, signed in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_with_the_keyboard_alone() {
    let sim = Sim::start().await;
    let b = Browser::start("forgot-keyboard").await;
    b.goto(&format!("{}/", sim.app())).await;
    focus_on_heading(&b, "Sign in").await;
    b.tab_to("#idx-identifier").await;
    b.keys(MFA).await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Verify with your password").await;
    b.tab_to_button("Forgot password?").await;
    b.keys(ENTER).await;
    recovery_choices(&b).await;
    focus_on_heading(&b, "Reset your password").await;
    b.tab_to("button[data-se='okta_email']").await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Verify with your email").await;
    let code = sim.code_sent(MFA, 1).await;
    b.tab_to("#idx-passcode").await;
    b.keys(&code).await;
    b.keys(ENTER).await;
    // The new password's heading is the recovery's: its field tells the steps apart.
    b.find("#idx-new-password").await;
    focus_on_heading(&b, "Reset your password").await;
    b.tab_to("#idx-new-password").await;
    b.keys(NEW_PASSWORD).await;
    b.tab_to("#idx-confirm-password").await;
    b.keys(NEW_PASSWORD).await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "You're signed in").await;
    assert_eq!(sim.posts("/v1/token"), 1, "one code exchanged");
    b.close().await;
}

/// Records the body of every request the page sends, to read what a form submitted.
const RECORD_REQUESTS: &str = "window.sent = [];
    const fetch = window.fetch;
    window.fetch = function (input, init) {
        if (input instanceof Request) input.clone().text().then(t => window.sent.push(t));
        else if (init && init.body) window.sent.push(String(init.body));
        return fetch.apply(this, arguments);
    };";

/// Keyboard only: "Sign up", the profile's text fields, the country chosen with the arrow,
/// the newsletter ticked with Space, Enter on "Sign up", then the password step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_with_the_keyboard_alone() {
    let sim = Sim::start().await;
    let b = Browser::start("sign-up-keyboard").await;
    b.goto(&format!("{}/", sim.app())).await;
    focus_on_heading(&b, "Sign in").await;
    b.tab_to_button("Sign up").await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Sign up").await;
    for (field, typed) in [
        ("firstName", "Grace"),
        ("lastName", "Hopper"),
        ("email", "grace@example.com"),
    ] {
        b.tab_to(&format!("input[name='userProfile.{field}']"))
            .await;
        b.keys(typed).await;
    }
    // The select starts on "choose one": the arrow moves down the list, France then Germany.
    b.tab_to("select[name='userProfile.country']").await;
    b.keys(ARROW_DOWN).await;
    b.keys(ARROW_DOWN).await;
    assert_eq!(
        b.js("const s = document.activeElement; return s.options[s.selectedIndex].text")
            .await,
        json!("Germany")
    );
    b.tab_to("input[name='userProfile.newsletter']").await;
    b.keys(SPACE).await;
    assert_eq!(
        b.js("return document.activeElement.checked").await,
        json!(true)
    );
    b.js(RECORD_REQUESTS).await;
    b.tab_to_button("Sign up").await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Set up password").await;
    let sent = b
        .js_until(
            "return window.sent.find(s => s.includes('userProfile')) ?? null",
            Duration::from_secs(5),
            50,
        )
        .await
        .expect("the profile was sent");
    let sent: Value = serde_json::from_str(sent.as_str().unwrap()).unwrap();
    assert_eq!(
        sent["userProfile"],
        json!({
            "firstName": "Grace",
            "lastName": "Hopper",
            "email": "grace@example.com",
            "country": "DE",
            "newsletter": true,
        })
    );
    b.tab_to("#idx-new-password").await;
    b.keys(NEW_PASSWORD).await;
    b.tab_to("#idx-confirm-password").await;
    b.keys(NEW_PASSWORD).await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "Set up security methods").await;
    b.close().await;
}

/// Keyboard only: Tab to "Sign in with Google", Enter, and the browser is at the IdP's page on
/// the org; Continue there (a plain form) brings the person back signed in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_provider_with_the_keyboard_alone() {
    let sim = Sim::start().await;
    let b = Browser::start("idp-keyboard").await;
    b.goto(&format!("{}/", sim.app())).await;
    focus_on_heading(&b, "Sign in").await;
    b.tab_to("button[data-se='idp-google']").await;
    b.keys(ENTER).await;
    let idp = format!(
        "return location.href.startsWith({:?}) || null",
        sim.org("/sim/idp/")
    );
    assert!(
        b.js_until(&idp, Duration::from_secs(10), 100)
            .await
            .is_some(),
        "not at the IdP: {}",
        b.js("return location.href").await
    );
    b.wait_for_text("body", "push@example.com").await;
    b.tab_to_button("Continue").await;
    b.keys(ENTER).await;
    focus_on_heading(&b, "You're signed in").await;
    assert_eq!(sim.posts("/v1/token"), 1, "one code exchanged");
    assert_eq!(b.address().await, "/");
    b.close().await;
}

/// Consent: a page that asks for `custom.read` is asked to allow it after the password; the
/// step has no axe finding, and "Allow Access" signs in with the scope granted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_to_a_custom_scope_then_signed_in() {
    let (config, user) = support::password_only_config();
    let mut extra = serde_json::Map::new();
    extra.insert(
        "scopes".into(),
        json!(["openid", "profile", "email", "custom.read"]),
    );
    let sim = Sim::start_with_extra(config, support::dist_dir(), extra).await;
    let mut b = Browser::start("consent").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.listen("#idx-widget-standalone").await;
    b.enter_password(&user).await;
    b.find("button[data-se='consent-allow']").await;
    b.wait_for_text("#idx-widget-standalone", "custom.read")
        .await;
    b.assert_no_axe("consent").await;
    b.shot("consent").await;
    b.click("button[data-se='consent-allow']").await;
    let tokens = b.tokens().await;
    let scopes = tokens["scope"].as_str().unwrap_or_default().to_owned();
    assert!(scopes.split(' ').any(|s| s == "custom.read"), "{tokens}");
    b.close().await;
}

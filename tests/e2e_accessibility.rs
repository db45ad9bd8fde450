//! Accessibility as a user meets it: the four flows of the guide, and every other
//! authenticator's enrollment and verification, done with the keyboard alone
//! (Tab, Enter, Space and typing; no clicks), on the standalone page, with axe-core (npm) run on
//! every step on the way, all rules, best practices included; and axe on every step of a push
//! sign-in inside every embedded example. Any violation fails, listed with its step.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, repo_root};

const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";
const ARROW_DOWN: &str = "\u{E015}";
const CONTROL: &str = "\u{E009}";
/// Releases every modifier key held down.
const RELEASE: &str = "\u{E000}";

/// axe's findings, step by step.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    async fn check(&mut self, b: &Browser, step: &str) {
        for violation in b.axe_violations().await {
            self.0.push(format!("{step}: {violation}"));
        }
    }

    fn assert_none(&self) {
        assert!(self.0.is_empty(), "axe-core found:\n{}", self.0.join("\n"));
    }
}

/// Username, then password, by keyboard; axe on both steps.
async fn keyboard_sign_in(b: &Browser, sim: &Sim, user: &str, found: &mut Findings) {
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    found.check(b, "identify").await;
    b.tab_to("#idx-identifier").await;
    b.keys(user).await;
    b.keys(ENTER).await;
    b.heading("Verify with your password").await;
    found.check(b, "password").await;
    b.tab_to("#idx-password").await;
    b.keys(idx_sim::config::DEMO_PASSWORD).await;
    b.keys(ENTER).await;
}

/// Moves to a button by Tab and presses Enter on it.
async fn press(b: &Browser, css: &str) {
    b.tab_to(css).await;
    b.keys(ENTER).await;
}

async fn signed_in(b: &Browser, found: &mut Findings) {
    b.heading("You're signed in").await;
    found.check(b, "signed in").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_time_code_by_keyboard_with_no_axe_findings() {
    let sim = Sim::start().await;
    let b = Browser::start("a11y-totp").await;
    let mut found = Findings::default();
    keyboard_sign_in(&b, &sim, "push@example.com", &mut found).await;
    b.heading("Verify it's you with a security method").await;
    found.check(&b, "choose an authenticator").await;
    press(&b, "button[data-se='okta_verify-totp']").await;
    b.heading("Enter a code").await;
    found.check(&b, "code").await;
    // A wrong code first: the error under the field is checked too.
    b.tab_to("#idx-code").await;
    b.keys("000000").await;
    b.keys(ENTER).await;
    b.find(".idx-field-error").await;
    found.check(&b, "wrong code").await;
    let code = sim.totp("push@example.com").await;
    // The wrong code is still in the field: select it all and type over it.
    b.tab_to("#idx-code").await;
    b.keys(&format!("{CONTROL}a{RELEASE}{code}")).await;
    b.keys(ENTER).await;
    signed_in(&b, &mut found).await;
    found.assert_none();
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_with_number_challenge_by_keyboard_with_no_axe_findings() {
    let sim = Sim::start().await;
    let b = Browser::start("a11y-number").await;
    let mut found = Findings::default();
    keyboard_sign_in(&b, &sim, "number@example.com", &mut found).await;
    b.heading("Verify it's you with a security method").await;
    press(&b, "button[data-se='okta_verify-push']").await;
    let number = b.number_to_tap().await;
    found.check(&b, "number challenge").await;
    // "Send push automatically" is a checkbox: Space ticks it.
    b.tab_to("input[name=autoChallenge]").await;
    b.keys(SPACE).await;
    assert_eq!(
        b.js("return document.querySelector('input[name=autoChallenge]').checked")
            .await,
        json!(true)
    );
    let push = sim.push("number@example.com", "pending", None).await;
    sim.tap_number(&push, number).await;
    signed_in(&b, &mut found).await;
    found.assert_none();
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_enrollment_by_keyboard_with_no_axe_findings() {
    let sim = Sim::start().await;
    let b = Browser::start("a11y-qr").await;
    let mut found = Findings::default();
    keyboard_sign_in(&b, &sim, "enroll@example.com", &mut found).await;
    b.heading("Set up security methods").await;
    found.check(&b, "choose an authenticator to set up").await;
    press(&b, "button[data-se='okta_verify']").await;
    b.heading("Set up Okta Verify").await;
    b.find("img.idx-qr").await;
    found.check(&b, "QR code").await;
    assert_eq!(b.scan_qr_code(&sim).await["enrolled"], true);
    signed_in(&b, &mut found).await;
    found.assert_none();
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_link_enrollment_by_keyboard_with_no_axe_findings() {
    let sim = Sim::start().await;
    let b = Browser::start("a11y-email").await;
    let mut found = Findings::default();
    keyboard_sign_in(&b, &sim, "enroll@example.com", &mut found).await;
    b.heading("Set up security methods").await;
    press(&b, "button[data-se='okta_verify']").await;
    b.heading("Set up Okta Verify").await;
    b.find("img.idx-qr").await;
    b.tab_to_button("Can't scan?").await;
    b.keys(ENTER).await;
    b.heading("More options").await;
    found.check(&b, "channels").await;
    // A radio group: Tab reaches it, the arrows move the choice, Space picks.
    b.tab_to("input[type=radio]").await;
    for _ in 0..5 {
        if b.js("return document.activeElement.id").await == json!("idx-channel-email") {
            break;
        }
        b.keys(ARROW_DOWN).await;
    }
    b.keys(SPACE).await;
    assert_eq!(
        b.js("return document.getElementById('idx-channel-email').checked")
            .await,
        json!(true)
    );
    press(&b, "button[type=submit]").await;
    b.heading("Set up Okta Verify via email link").await;
    found.check(&b, "email address").await;
    b.tab_to("#idx-address").await;
    b.keys("enroll@example.com").await;
    b.keys(ENTER).await;
    b.heading("Check your email").await;
    found.check(&b, "check your email").await;
    sim.open_newest_link("enroll@example.com", 1).await;
    signed_in(&b, &mut found).await;
    found.assert_none();
    b.close().await;
}

/// Types a code into the one-time code field and presses Enter.
async fn type_code(b: &Browser, code: &str) {
    b.tab_to("#idx-passcode").await;
    b.keys(&format!("{CONTROL}a{RELEASE}{code}")).await;
    b.keys(ENTER).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_other_authenticator_enrolled_by_keyboard_with_no_axe_findings() {
    const USER: &str = "setup@example.com";
    let sim = Sim::start().await;
    let b = Browser::start("a11y-enroll-all").await;
    let mut found = Findings::default();
    keyboard_sign_in(&b, &sim, USER, &mut found).await;
    b.heading("Set up security methods").await;
    press(&b, "button[data-se='okta_email']").await;
    b.heading("Verify your email").await;
    found.check(&b, "email enrollment").await;
    type_code(&b, "000000").await;
    b.find("#idx-passcode-error p").await;
    found.check(&b, "email enrollment, wrong code").await;
    type_code(&b, &sim.code_sent(USER, 1).await).await;

    b.heading("Set up security methods").await;
    press(&b, "button[data-se='phone_number']").await;
    b.heading("Set up phone authentication").await;
    found.check(&b, "phone number").await;
    // SMS or voice is a radio group: the arrow moves the choice.
    b.tab_to("#idx-method-sms").await;
    b.keys(ARROW_DOWN).await;
    assert_eq!(
        b.js("return document.getElementById('idx-method-voice').checked")
            .await,
        json!(true)
    );
    b.tab_to("#idx-phone").await;
    b.keys("5550000005").await;
    // A voice call may need an extension.
    b.tab_to("#idx-extension").await;
    b.keys("12").await;
    b.keys(ENTER).await;
    b.heading("Set up phone authentication").await;
    b.wait_for_text("p", "Calling").await;
    found.check(&b, "phone code").await;
    type_code(&b, &sim.code_sent("+15550000005", 1).await).await;

    b.heading("Set up security methods").await;
    press(&b, "button[data-se='google_otp']").await;
    b.heading("Set up Google Authenticator").await;
    b.find("img.idx-qr").await;
    found.check(&b, "Google Authenticator").await;
    b.scan_qr_code(&sim).await;
    let code = sim.google_code(USER).await;
    type_code(&b, &code).await;

    b.heading("Set up security methods").await;
    press(&b, "button[data-se='security_question']").await;
    b.heading("Set up security question").await;
    found.check(&b, "security question").await;
    // One of the org's questions, chosen with the arrow in its list.
    b.tab_to("#idx-question-key").await;
    b.keys(ARROW_DOWN).await;
    b.tab_to("#idx-answer").await;
    b.keys("an owl called Hoot").await;
    b.keys(ENTER).await;
    signed_in(&b, &mut found).await;
    found.assert_none();
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifying_with_each_other_authenticator_by_keyboard_with_no_axe_findings() {
    const USER: &str = "mfa@example.com";
    let sim = Sim::start().await;
    let mut found = Findings::default();
    // Email, then (new sign-ins) the phone and the security question.
    let b = Browser::start("a11y-verify-email").await;
    keyboard_sign_in(&b, &sim, USER, &mut found).await;
    b.heading("Verify it's you with a security method").await;
    press(&b, "button[data-se='okta_email']").await;
    b.heading("Verify with your email").await;
    found.check(&b, "email code").await;
    type_code(&b, &sim.code_sent(USER, 1).await).await;
    signed_in(&b, &mut found).await;
    b.close().await;

    let b = Browser::start("a11y-verify-phone").await;
    keyboard_sign_in(&b, &sim, USER, &mut found).await;
    b.heading("Verify it's you with a security method").await;
    press(&b, "button[data-se='phone_number']").await;
    b.find("button[data-se='phone_number-sms']").await;
    found.check(&b, "phone: SMS or voice").await;
    press(&b, "button[data-se='phone_number-sms']").await;
    b.heading("Verify with your phone").await;
    found.check(&b, "phone code").await;
    type_code(&b, &sim.code_sent("+15550000004", 1).await).await;
    signed_in(&b, &mut found).await;
    b.close().await;

    let b = Browser::start("a11y-verify-question").await;
    keyboard_sign_in(&b, &sim, USER, &mut found).await;
    b.heading("Verify it's you with a security method").await;
    press(&b, "button[data-se='security_question']").await;
    b.heading("Verify with your security question").await;
    found.check(&b, "security question").await;
    b.tab_to("#idx-answer").await;
    b.keys("broccoli").await;
    b.keys(ENTER).await;
    signed_in(&b, &mut found).await;
    found.assert_none();
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_password_by_keyboard_with_no_axe_findings() {
    let sim = Sim::start().await;
    let mut found = Findings::default();
    let b = Browser::start("a11y-expired").await;
    keyboard_sign_in(&b, &sim, "expired@example.com", &mut found).await;
    b.heading("Your password has expired").await;
    found.check(&b, "expired password").await;
    b.tab_to("#idx-new-password").await;
    b.keys("Quiet-River-2040").await;
    b.tab_to("#idx-confirm-password").await;
    b.keys("Quiet-River-2041").await;
    b.keys(ENTER).await;
    b.find("#idx-confirm-password-error p").await;
    found.check(&b, "passwords differ").await;
    b.keys(&format!("{CONTROL}a{RELEASE}Quiet-River-2040"))
        .await;
    b.keys(ENTER).await;
    signed_in(&b, &mut found).await;
    b.close().await;

    let b = Browser::start("a11y-expiring").await;
    keyboard_sign_in(&b, &sim, "expiring@example.com", &mut found).await;
    b.heading("Your password will expire in 4 days").await;
    found.check(&b, "expiring password").await;
    b.tab_to_button("Remind me later").await;
    b.keys(ENTER).await;
    signed_in(&b, &mut found).await;
    found.assert_none();
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_examples_have_no_axe_findings() {
    let mut found = Findings::default();
    // Each page, and what its app says once signed in.
    for (dir, page, signed_in) in [
        ("examples/js", "index.html", "Signed in as"),
        ("examples/js", "element.html", "Signed in through"),
        ("examples/react", "index.html", "Signed in through React."),
        ("examples/leptos-spa/dist", "index.html", "Welcome,"),
    ] {
        let sim = Sim::start_with(support::fast_config(), repo_root().join(dir)).await;
        let b = Browser::start("a11y-examples").await;
        b.goto(&format!("{}/{page}", sim.app())).await;
        b.heading("Sign in").await;
        if dir == "examples/js" && page == "index.html" {
            // The check can fail: an input without a label is reported.
            b.js("const i = document.createElement('input'); i.id = 'unlabelled'; document.querySelector('main').append(i);")
                .await;
            let seen = b.axe_violations().await;
            assert!(
                seen.iter().any(|v| v.starts_with("label: #unlabelled")),
                "{seen:?}"
            );
            b.js("document.getElementById('unlabelled').remove()").await;
        }
        found.check(&b, &format!("{dir}/{page} identify")).await;
        b.fill("#idx-identifier", "push@example.com").await;
        b.keys(ENTER).await;
        b.heading("Verify with your password").await;
        found.check(&b, &format!("{dir}/{page} password")).await;
        // The rest of a push sign-in inside the host page: the list, the wait, the end.
        b.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
            .await;
        b.keys(ENTER).await;
        b.heading("Verify it's you with a security method").await;
        found.check(&b, &format!("{dir}/{page} choose")).await;
        press(&b, "button[data-se='okta_verify-push']").await;
        b.heading("Push notification sent").await;
        found.check(&b, &format!("{dir}/{page} push sent")).await;
        sim.approve_pending("push@example.com").await;
        b.wait_for_text("body", signed_in).await;
        found.check(&b, &format!("{dir}/{page} signed in")).await;
        b.close().await;
    }
    found.assert_none();
}

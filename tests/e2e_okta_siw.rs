//! idx-sim for teams that already use Okta's own Sign-In Widget: the widget (npm
//! `@okta/okta-signin-widget`, unmodified), in headless Chromium against idx-sim, signs in with
//! an Okta Verify push, a number challenge and a code, and enrolls Okta Verify by QR code and
//! by email link; verifies with an email code or magic link, an SMS code, Google Authenticator
//! and a security question; enrolls email, phone, Google Authenticator and a security
//! question; changes an expired password or puts off an expiring one; resets a forgotten
//! password (by email code, or from a recovery token), unlocks an account, signs a new user up
//! (profile, password, Okta Verify), goes to a simulated identity provider and back (with an
//! interaction code, or `error=interaction_required` and then the org's second factor), and
//! asks for consent. `examples/okta-siw` is the page; scripts/setup.sh installs the widget.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{
    Browser, Sim, assert_okta_siw_signed_in, fast_config, okta_siw_choose, okta_siw_enter_the_code,
    okta_siw_open_the_code_field, okta_siw_signed_in_with_password,
};

/// idx-sim, the team's own page on its own server (an origin the org trusts) with Okta's
/// widget, and a browser on it, signed in with `user`'s password.
async fn signed_in_with_password(name: &str, user: &str) -> (Sim, support::StaticServer, Browser) {
    okta_siw_signed_in_with_password(fast_config(), name, user).await
}

/// idx-sim, the team's own page with Okta's widget, and a browser on its first screen.
async fn on_the_page(name: &str) -> (Sim, support::StaticServer, Browser) {
    support::okta_siw_on_own_page(fast_config(), name, None).await
}

/// The same, the page given a recovery token for this user (an admin's reset link).
async fn on_the_page_recovering(name: &str, user: &str) -> (Sim, support::StaticServer, Browser) {
    support::okta_siw_on_own_page(fast_config(), name, Some(user)).await
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

/// On Okta's authenticator list: Okta Verify's code, read from the simulated phone.
async fn enter_okta_verify_code(b: &mut Browser, sim: &Sim, user: &str, shot: &str) {
    okta_siw_choose(b, "okta_verify-totp").await;
    let code = sim.totp(user).await;
    b.shot(shot).await;
    b.fill_and_submit("credentials.totp", &code).await;
}

/// Okta's new-password form: [`NEW_PASSWORD`], typed twice.
async fn set_new_password(b: &mut Browser, shot: &str) {
    b.find("input[name='confirmPassword']")
        .await
        .send_keys(NEW_PASSWORD)
        .await
        .unwrap();
    b.shot(shot).await;
    b.fill_and_submit("credentials.passcode", NEW_PASSWORD)
        .await;
}

/// "Sign up", and Okta's sign-up form filled in for Grace Hopper at `email`.
async fn fill_sign_up(b: &Browser, email: &str) {
    click_text(b, "Sign up").await;
    for (field, value) in [
        ("userProfile.firstName", "Grace"),
        ("userProfile.lastName", "Hopper"),
        ("userProfile.email", email),
    ] {
        b.fill(&format!("input[name='{field}']"), value).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_signs_in_with_a_push() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw", "push@example.com").await;
    b.shot("siw-choose").await;
    okta_siw_choose(&b, "okta_verify-push").await;
    // Okta's widget polls idx-sim until the phone answers.
    let push = sim.push("push@example.com", "pending", None).await;
    b.shot("siw-push-sent").await;
    sim.approve(&push).await;
    assert_okta_siw_signed_in(&b, "push@example.com").await;
    b.shot("siw-signed-in").await;
    assert!(sim.count("/authenticators/poll") >= 1, "it polled");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_answers_a_number_challenge() {
    let (sim, _server, mut b) =
        signed_in_with_password("okta-siw-number", "number@example.com").await;
    okta_siw_choose(&b, "okta_verify-push").await;
    let (push, choices) = sim.number_push("number@example.com").await;
    // The widget shows the number to tap; the phone offers it among its choices.
    let text = b.wait_for_text("body", "in Okta Verify").await;
    b.shot("siw-number-challenge").await;
    let shown: u64 = text
        .split_whitespace()
        .skip_while(|w| *w != "tap")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number to tap in {text:?}"));
    assert!(choices.contains(&shown), "{push}");
    sim.tap_number(&push, shown).await;
    assert_okta_siw_signed_in(&b, "number@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_signs_in_with_a_one_time_code() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw-totp", "push@example.com").await;
    enter_okta_verify_code(&mut b, &sim, "push@example.com", "siw-code").await;
    assert_okta_siw_signed_in(&b, "push@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_enrolls_okta_verify_by_qr_code() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw-qr", "enroll@example.com").await;
    okta_siw_choose(&b, "okta_verify").await;
    b.shot("siw-qr").await;
    let scanned = b.scan_qr_code_in(&sim, "img[src^='data:image/png']").await;
    assert_eq!(scanned["enrolled"], true);
    assert_okta_siw_signed_in(&b, "enroll@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_enrolls_okta_verify_by_email_link() {
    let (sim, _server, mut b) =
        signed_in_with_password("okta-siw-email", "enroll@example.com").await;
    okta_siw_choose(&b, "okta_verify").await;
    b.find("img[src^='data:image/png']").await;
    click_text(&b, "Can't scan?").await;
    b.shot("siw-channels").await;
    b.click("input[value='email'] + label, label[for$='email']")
        .await;
    b.click("input[type='submit']").await;
    b.shot("siw-email").await;
    b.fill_and_submit("email", "enroll@example.com").await;
    b.shot("siw-email-sent").await;
    sim.open_newest_link("enroll@example.com", 1).await;
    assert_okta_siw_signed_in(&b, "enroll@example.com").await;
    b.close().await;
}

/// Loads the page again: Okta's widget starts over.
async fn reload(b: &Browser) {
    let page = b.client.current_url().await.unwrap();
    b.goto(page.as_str()).await;
}

/// Reloads the page and signs in once more with this password.
async fn sign_in_again(b: &Browser, user: &str, password: &str) {
    reload(b).await;
    sign_in_on_first_screen(b, user, password).await;
}

/// Okta's first screen: this username (over the one it remembers from last time), then the
/// password.
async fn sign_in_on_first_screen(b: &Browser, user: &str, password: &str) {
    b.fill("input[name='identifier']", user).await;
    b.click("input[type='submit']").await;
    b.fill_and_submit("credentials.passcode", password).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_verifies_with_an_email_code() {
    let (sim, _server, mut b) =
        signed_in_with_password("okta-siw-email-code", "mfa@example.com").await;
    b.find("[data-se='okta_verify-push']").await;
    b.shot("siw-mfa-choose").await;
    okta_siw_choose(&b, "okta_email").await;
    // "Send me an email", then the code instead of the link.
    b.shot("siw-email-send").await;
    b.click("input[type='submit']").await;
    okta_siw_open_the_code_field(&b).await;
    // The user takes a while to find the code; Okta's widget polls meanwhile. The field they
    // opened stays open: Okta's widget draws the step again, and closes it, when a poll's
    // answer differs from the last in more than its times and state handles.
    let polled = sim.count("/idp/idx/challenge/poll");
    wait_for_polls(&sim, polled + 2).await;
    let field = "input[name='credentials.passcode']";
    assert!(
        b.displayed_within(field, std::time::Duration::ZERO).await,
        "the code field is still open after two polls"
    );
    let code = sim.code_sent("mfa@example.com", 1).await;
    b.shot("siw-email-code").await;
    okta_siw_enter_the_code(&b, &code).await;
    assert_okta_siw_signed_in(&b, "mfa@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_verifies_with_an_email_magic_link() {
    let (sim, _server, mut b) =
        signed_in_with_password("okta-siw-email-link", "mfa@example.com").await;
    okta_siw_choose(&b, "okta_email").await;
    b.click("input[type='submit']").await;
    b.find(".enter-auth-code-instead-link").await;
    b.shot("siw-email-check").await;
    // The user taps the link on the phone; Okta's widget learns it at its next poll.
    sim.open_newest_link("mfa@example.com", 1).await;
    assert_okta_siw_signed_in(&b, "mfa@example.com").await;
    assert!(sim.count("/idp/idx/challenge/poll") >= 1, "it polled");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_verifies_with_an_sms_code() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw-sms", "mfa@example.com").await;
    okta_siw_choose(&b, "phone_number").await;
    b.wait_for_text("[data-se='o-form-explain']", "+1 XXX-XXX-0004")
        .await;
    b.shot("siw-phone-send").await;
    // "Receive a code via SMS".
    b.click("input[type='submit']").await;
    let code = sim.code_sent("+15550000004", 1).await;
    assert_eq!(sim.outbox("+15550000004", 1).await[0]["channel"], "sms");
    b.shot("siw-sms-code").await;
    b.fill_and_submit("credentials.passcode", &code).await;
    assert_okta_siw_signed_in(&b, "mfa@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_verifies_with_google_authenticator() {
    let (sim, _server, mut b) = signed_in_with_password("okta-siw-google", "mfa@example.com").await;
    okta_siw_choose(&b, "google_otp").await;
    b.find("input[name='credentials.passcode']").await;
    b.shot("siw-google-code").await;
    let code = sim.google_code("mfa@example.com").await;
    b.fill_and_submit("credentials.passcode", &code).await;
    assert_okta_siw_signed_in(&b, "mfa@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_verifies_with_a_security_question() {
    let (_sim, _server, mut b) =
        signed_in_with_password("okta-siw-question", "mfa@example.com").await;
    okta_siw_choose(&b, "security_question").await;
    // Okta's widget labels the answer with the enrolled question.
    b.wait_for_text("form", "What is the food you least liked as a child?")
        .await;
    b.shot("siw-question").await;
    b.fill_and_submit("credentials.answer", "broccoli").await;
    assert_okta_siw_signed_in(&b, "mfa@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_enrolls_email_phone_google_authenticator_and_a_question() {
    let user = "setup@example.com";
    let (sim, _server, mut b) = signed_in_with_password("okta-siw-setup", user).await;
    b.find("[data-se='okta_email'] [data-se='button']").await;
    b.shot("siw-setup-choose").await;

    // Email, by the code in the email.
    okta_siw_choose(&b, "okta_email").await;
    okta_siw_open_the_code_field(&b).await;
    let code = sim.code_sent(user, 1).await;
    b.shot("siw-setup-email").await;
    okta_siw_enter_the_code(&b, &code).await;

    // Phone, by SMS: Okta's form takes the country (United States by default) and the number.
    okta_siw_choose(&b, "phone_number").await;
    b.find("input[name='authenticator.phoneNumber']")
        .await
        .send_keys("5550000005")
        .await
        .unwrap();
    b.shot("siw-setup-phone").await;
    b.click("input[type='submit']").await;
    let code = sim.code_sent("+15550000005", 1).await;
    b.shot("siw-setup-sms").await;
    b.fill_and_submit("credentials.passcode", &code).await;

    // Google Authenticator: the phone scans Okta's QR code, then its code.
    okta_siw_choose(&b, "google_otp").await;
    b.shot("siw-setup-google-qr").await;
    let scanned = b.scan_qr_code_in(&sim, "img.qrcode").await;
    assert_eq!(scanned["added"], true, "{scanned}");
    b.click(".google-authenticator-next").await;
    let code = sim.google_code(user).await;
    b.find("input[name='credentials.passcode']")
        .await
        .send_keys(&code)
        .await
        .unwrap();
    b.shot("siw-setup-google-code").await;
    b.click(".google-authenticator-verify").await;

    // A security question of Okta's list.
    okta_siw_choose(&b, "security_question").await;
    b.find("select[name='credentials.questionKey']")
        .await
        .select_by_value("disliked_food")
        .await
        .unwrap();
    b.shot("siw-setup-question").await;
    b.fill_and_submit("credentials.answer", "broccoli").await;

    assert_okta_siw_signed_in(&b, user).await;
    b.shot("siw-setup-signed-in").await;

    // The next sign-in offers what was enrolled, and the question is the one chosen.
    sign_in_again(&b, user, idx_sim::config::DEMO_PASSWORD).await;
    okta_siw_choose(&b, "security_question").await;
    b.wait_for_text("form", "What is the food you least liked as a child?")
        .await;
    b.fill_and_submit("credentials.answer", "broccoli").await;
    assert_okta_siw_signed_in(&b, user).await;
    b.close().await;
}

/// A password Okta's default policy accepts for the demo users.
const NEW_PASSWORD: &str = "Tulip-Garden-2031";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_changes_an_expired_password() {
    let user = "expired@example.com";
    let (_sim, _server, mut b) = signed_in_with_password("okta-siw-expired", user).await;
    set_new_password(&mut b, "siw-expired").await;
    assert_okta_siw_signed_in(&b, user).await;
    // The new password is the one: a new sign-in takes it, and asks for no other.
    sign_in_again(&b, user, NEW_PASSWORD).await;
    assert_okta_siw_signed_in(&b, user).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_reminds_later_of_an_expiring_password() {
    let user = "expiring@example.com";
    let (_sim, _server, mut b) = signed_in_with_password("okta-siw-expiring", user).await;
    b.wait_for_text("form", "expire in 4 days").await;
    b.shot("siw-expiring").await;
    click_text(&b, "Remind me later").await;
    assert_okta_siw_signed_in(&b, user).await;
    b.close().await;
}

/// Waits until idx-sim has answered `count` email or push polls in all.
async fn wait_for_polls(sim: &Sim, count: usize) {
    for _ in 0..200 {
        if sim.count("/idp/idx/challenge/poll") >= count {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("fewer than {count} polls in 20 s");
}

/// Okta's email challenge: "Send me an email" (the code is already on its way), then the code
/// instead of the link.
async fn enter_the_emailed_code(b: &Browser, sim: &Sim, to: &str, count: usize) {
    b.click("input[type='submit']").await;
    let code = sim.code_sent(to, count).await;
    okta_siw_enter_the_code(b, &code).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_resets_a_forgotten_password_by_email_code() {
    let user = "mfa@example.com";
    let (sim, _server, mut b) = on_the_page("okta-siw-forgot").await;
    b.fill_and_submit("identifier", user).await;
    click_text(&b, "Forgot password?").await;
    // What may prove a recovery: Okta Verify, email, phone; not a code app or a question.
    b.find("[data-se='okta_email']").await;
    b.shot("siw-forgot-choose").await;
    for (key, count) in [
        ("okta_verify-push", 1),
        ("phone_number", 1),
        ("google_otp", 0),
        ("security_question", 0),
    ] {
        let found = b
            .js(&format!(
                "return document.querySelectorAll(\"[data-se='{key}']\").length"
            ))
            .await;
        assert_eq!(found, json!(count), "{key}");
    }
    okta_siw_choose(&b, "okta_email").await;
    enter_the_emailed_code(&b, &sim, user, 1).await;
    set_new_password(&mut b, "siw-forgot-new-password").await;
    assert_okta_siw_signed_in(&b, user).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_unlocks_an_account_by_email_then_signs_in() {
    let user = "locked@example.com";
    let (sim, _server, mut b) = on_the_page("okta-siw-unlock").await;
    click_text(&b, "Unlock account?").await;
    b.fill("input[name='identifier']", user).await;
    b.shot("siw-unlock-choose").await;
    okta_siw_choose(&b, "okta_email").await;
    enter_the_emailed_code(&b, &sim, user, 1).await;
    b.wait_for_text("body", "Account successfully unlocked!")
        .await;
    b.shot("siw-unlocked").await;
    click_text(&b, "Back to sign in").await;
    sign_in_on_first_screen(&b, user, idx_sim::config::DEMO_PASSWORD).await;
    // The email is the user's second factor.
    enter_the_emailed_code(&b, &sim, user, 2).await;
    assert_okta_siw_signed_in(&b, user).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_signs_a_new_user_up() {
    let (sim, _server, mut b) = on_the_page("okta-siw-sign-up").await;
    // Okta's widget offers the org's identity providers and "Sign up" on its first screen.
    let first = b
        .wait_for_text("body", "Don't have an account?Sign up")
        .await;
    for idp in ["Google", "Microsoft", "Acme SSO"] {
        assert!(first.contains(&format!("Sign in with {idp}")), "{first}");
    }
    b.shot("siw-identify-with-sign-up").await;
    let user = "grace@example.com";
    fill_sign_up(&b, user).await;
    b.shot("siw-sign-up").await;
    b.click("input[type='submit']").await;
    // The policy: a password first, then Okta Verify.
    set_new_password(&mut b, "siw-sign-up-password").await;
    okta_siw_choose(&b, "okta_verify").await;
    let scanned = b.scan_qr_code_in(&sim, "img[src^='data:image/png']").await;
    assert_eq!(scanned["enrolled"], true, "{scanned}");
    assert_okta_siw_signed_in(&b, user).await;
    // The account is there: its email cannot sign up twice.
    reload(&b).await;
    fill_sign_up(&b, user).await;
    b.click("input[type='submit']").await;
    b.wait_for_text("form", "A user with this Email already exists")
        .await;
    b.close().await;
}

/// Okta's widget on a page that is its own redirect URI, sent through the identity provider
/// `idp` (its button's name) which signs in as `user`: the browser back on the page, at the
/// address the org sent it to.
async fn through_identity_provider(
    name: &str,
    idp: &str,
    user: &str,
) -> (Sim, support::StaticServer, Browser, String) {
    let mut config = fast_config();
    let client_id = config.client_id.clone();
    // The page itself is the redirect URI, so it is there when the org sends the browser back.
    let port = support::free_port();
    let origin = format!("http://127.0.0.1:{port}");
    config.trusted_origins.push(origin.clone());
    config.redirect_uris.push(format!("{origin}/"));
    let sim = Sim::start_org(config).await;
    let (site, _) = support::okta_siw_page(
        &format!("idx-siw-{name}"),
        &json!({
            "issuer": sim.org("/oauth2/default"), "clientId": client_id,
            "redirectUri": format!("{origin}/"),
        }),
    );
    let server = support::StaticServer::start(&site, port).await;
    let mut b = Browser::start(name).await;
    b.goto(&format!("{origin}/")).await;
    click_text(&b, &format!("Sign in with {idp}")).await;
    // idx-sim's own page for the identity provider, then back to the app's redirect URI.
    let page = b
        .wait_for_text("main", &format!("Sign in to idx-sim as {user}?"))
        .await;
    assert!(page.contains(idp), "{page}");
    b.shot(&format!("{name}-idp-page")).await;
    b.click("button[value='continue']").await;
    let mut back = String::new();
    for _ in 0..100 {
        back = b.client.current_url().await.unwrap().to_string();
        if back.starts_with(&origin) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(back.starts_with(&format!("{origin}/?")), "{back}");
    (sim, server, b, back)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_goes_to_a_simulated_identity_provider_and_back() {
    let (_sim, _server, b, back) =
        through_identity_provider("okta-siw-idp", "Google", "push@example.com").await;
    assert!(
        back.contains("?interaction_code=") && back.contains("&state="),
        "{back}"
    );
    // Okta's widget finds the code in its page's address and redeems it.
    assert_okta_siw_signed_in(&b, "push@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_resumes_after_an_identity_provider_that_needs_mfa() {
    let (sim, _server, mut b, back) =
        through_identity_provider("okta-siw-idp-mfa", "Microsoft", "mfa@example.com").await;
    assert!(
        back.contains("?error=interaction_required") && back.contains("&state="),
        "{back}"
    );
    // Okta's widget resumes the transaction at the org's second factor.
    enter_okta_verify_code(&mut b, &sim, "mfa@example.com", "siw-idp-mfa-code").await;
    assert_okta_siw_signed_in(&b, "mfa@example.com").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_given_a_recovery_token_starts_at_the_new_password() {
    let user = "mfa@example.com";
    let (sim, _server, mut b) = on_the_page_recovering("okta-siw-recovery-token", user).await;
    set_new_password(&mut b, "siw-recovery-token").await;
    // The token proved no second factor: the policy asks for one.
    okta_siw_choose(&b, "okta_email").await;
    enter_the_emailed_code(&b, &sim, user, 1).await;
    assert_okta_siw_signed_in(&b, user).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oktas_sign_in_widget_asks_for_consent_and_signs_in_when_allowed() {
    // The example page asks for openid, profile and email: the org wants consent for email.
    let config = idx_sim::Config {
        consent_scopes: vec!["email".into()],
        ..fast_config()
    };
    let (sim, _server, mut b) =
        okta_siw_signed_in_with_password(config, "okta-siw-consent", "push@example.com").await;
    enter_okta_verify_code(&mut b, &sim, "push@example.com", "siw-consent-code").await;
    b.wait_for_text("body", "View your email address.").await;
    b.shot("siw-consent").await;
    b.click("input[value='Allow Access']").await;
    assert_okta_siw_signed_in(&b, "push@example.com").await;
    assert_eq!(sim.posts("/idp/idx/consent"), 1);
    b.close().await;
}

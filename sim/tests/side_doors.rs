//! The side doors over real HTTP: forgot password (email, phone, Okta Verify; signed in or
//! back to sign in), lockout after wrong passwords and self-service unlock, recovery tokens at
//! interact, and email magic links that open the app's own page.

mod common;

use common::shape::{assert_parts, fixture, missing, okta_state};
use common::*;
use idx_protocol::{Form, Inputs, PkceSecrets};
use serde_json::{Value, json};

const MFA: &str = "mfa@example.com";
const LOCKED: &str = "locked@example.com";
const NEW_PASSWORD: &str = "Fresh-Start-42";

fn password(p: &str) -> Inputs {
    passcode(p)
}

impl SignIn {
    /// Submits an action form (`recover`, `cancel`) and keeps the new state.
    async fn act(&mut self, form: Form, inputs: Inputs) {
        self.state = self
            .client
            .proceed(&form, &inputs)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", form.name));
    }

    /// "Forgot password?" on the current authenticator.
    async fn forgot_password(&mut self) {
        let recover = self
            .state
            .current()
            .and_then(|a| a.recover.clone())
            .expect("the password offers recover");
        self.act(recover, Inputs::new()).await;
    }

    /// "Back to sign in".
    async fn cancel(&mut self) {
        let cancel = self.state.cancel.clone().expect("cancel");
        self.act(cancel, Inputs::new()).await;
    }

    fn global_key(&self) -> Option<String> {
        self.state
            .global_messages()
            .first()
            .and_then(|m| m.key())
            .map(str::to_owned)
    }
}

/// The labels of the authenticators a selection form offers.
fn offered(s: &SignIn, form: &str) -> Vec<String> {
    s.state
        .remediation(form)
        .and_then(|f| f.field("authenticator"))
        .map(|f| f.options().iter().map(|o| o.label.clone()).collect())
        .unwrap_or_default()
}

/// The global message key and status of a refused submission.
async fn refused_globally(s: &SignIn, form: &str, inputs: Inputs) -> (u16, String) {
    let (status, state) = error_doc(s.submit_err(form, inputs).await);
    let key = state
        .global_messages()
        .first()
        .and_then(|m| m.key())
        .unwrap_or_default()
        .to_owned();
    (status, key)
}

/// Identify; the password step is next.
async fn identified(sim: &Sim, user: &str) -> SignIn {
    let mut s = SignIn::start(sim).await;
    s.submit("identify", Inputs::new().with("identifier", user))
        .await;
    s
}

#[tokio::test]
async fn forgot_password_by_email_code_then_signed_in_with_the_new_password() {
    let sim = Sim::start(fast_config()).await;
    let mut s = identified(&sim, MFA).await;
    s.forgot_password().await;
    assert_eq!(s.primary(), "select-authenticator-authenticate");
    // Recovery is proven by email, phone or Okta Verify, not by a code app or a question.
    assert_eq!(
        offered(&s, "select-authenticator-authenticate"),
        ["Okta Verify", "Email", "Phone"]
    );
    assert!(s.raw()["recoveryAuthenticator"]["value"]["settings"]["complexity"].is_object());
    s.submit(
        "select-authenticator-authenticate",
        choose_method(EMAIL_ID, "email"),
    )
    .await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let (status, key) = s
        .field_error(
            "challenge-authenticator",
            passcode("000000x"),
            "credentials.passcode",
        )
        .await;
    assert_eq!(
        (status, key.as_str()),
        (401, "api.authn.error.PASSCODE_INVALID")
    );
    let code = sim.last_code(MFA).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    assert_eq!(s.primary(), "reset-authenticator");
    let complexity = &s.raw()["currentAuthenticator"]["value"]["settings"]["complexity"];
    assert_eq!(complexity["minLength"], 8);
    // The org's policy holds: too short, or the password it replaces.
    for bad in ["Sh0rt", PASSWORD] {
        let (status, key) = s
            .field_error("reset-authenticator", password(bad), "credentials.passcode")
            .await;
        assert_eq!(
            (status, key.as_str()),
            (400, "password.passwordRequirementsNotMet"),
            "{bad}"
        );
    }
    s.submit("reset-authenticator", password(NEW_PASSWORD))
        .await;
    let tokens = s.tokens().await;
    assert!(tokens.id_token.is_some());

    // The new password signs in; the old one no longer does.
    let mut again = identified(&sim, MFA).await;
    let (status, key) = again
        .field_error(
            "challenge-authenticator",
            password(PASSWORD),
            "credentials.passcode",
        )
        .await;
    assert_eq!((status, key.as_str()), (400, "incorrectPassword"));
    again
        .submit("challenge-authenticator", password(NEW_PASSWORD))
        .await;
    assert_eq!(again.primary(), "select-authenticator-authenticate");
    assert_eq!(
        offered(&again, "select-authenticator-authenticate").len(),
        5,
        "signing in offers every authenticator again"
    );
}

#[tokio::test]
async fn the_email_magic_link_proves_a_recovery_at_the_next_poll() {
    let sim = Sim::start(fast_config()).await;
    let mut s = identified(&sim, MFA).await;
    s.forgot_password().await;
    s.submit(
        "select-authenticator-authenticate",
        choose_method(EMAIL_ID, "email"),
    )
    .await;
    let poll = s
        .state
        .current()
        .and_then(|a| a.poll.clone())
        .expect("the email step polls for its link");
    s.poll_form(&poll).await;
    assert_eq!(
        s.primary(),
        "challenge-authenticator",
        "not before the link"
    );
    let link = sim.last_message(MFA).await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(sim.open_link(&link, false).await.status(), 200);
    let poll = s.state.current().and_then(|a| a.poll.clone()).unwrap();
    s.poll_form(&poll).await;
    assert_eq!(s.primary(), "reset-authenticator");
}

#[tokio::test]
async fn forgot_password_from_the_first_screen_by_sms_then_back_to_sign_in() {
    let mut config = fast_config();
    config.password_on_identify = true;
    config.recovery_signs_in = false;
    let sim = Sim::start(config).await;
    let mut s = SignIn::start(&sim).await;
    s.forgot_password().await;
    assert_eq!(s.primary(), "identify-recovery");
    let (status, key) = refused_globally(
        &s,
        "identify-recovery",
        Inputs::new().with("identifier", "nobody@example.com"),
    )
    .await;
    assert_eq!((status, key.as_str()), (400, "idx.unknown.user"));
    s.submit("identify-recovery", Inputs::new().with("identifier", MFA))
        .await;
    s.submit(
        "select-authenticator-authenticate",
        choose_method(PHONE_ID, "sms"),
    )
    .await;
    let code = sim.last_code("+15550000004").await;
    assert_eq!(sim.last_message("+15550000004").await["channel"], "sms");
    s.submit("challenge-authenticator", passcode(&code)).await;
    s.submit("reset-authenticator", password(NEW_PASSWORD))
        .await;
    assert!(s.state.is_terminal());
    assert_eq!(s.global_key().as_deref(), Some("idx.recovery.completed"));
    assert!(s.state.success_with_interaction_code.is_none());
    // "Back to sign in": the same transaction starts over, and the new password works.
    s.cancel().await;
    assert_eq!(s.primary(), "identify");
    s.submit(
        "identify",
        Inputs::new()
            .with("identifier", MFA)
            .with_object("credentials", Inputs::new().with("passcode", NEW_PASSWORD)),
    )
    .await;
    assert_eq!(s.primary(), "select-authenticator-authenticate");
}

#[tokio::test]
async fn forgot_password_by_okta_verify_push() {
    let sim = Sim::start(fast_config()).await;
    let mut s = identified(&sim, "push@example.com").await;
    s.forgot_password().await;
    assert_eq!(
        offered(&s, "select-authenticator-authenticate"),
        ["Okta Verify"]
    );
    s.submit("select-authenticator-authenticate", choose_push())
        .await;
    assert_eq!(s.primary(), "challenge-poll");
    let push = sim.latest_push("push@example.com").await;
    let id = push["id"].as_str().unwrap();
    let (status, _) = sim
        .post_json(&format!("/sim/api/pushes/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, 200);
    s.poll_until_done(20).await;
    assert_eq!(s.primary(), "reset-authenticator");
    s.submit("reset-authenticator", password(NEW_PASSWORD))
        .await;
    s.tokens().await;
}

#[tokio::test]
async fn forgot_password_by_an_okta_verify_code() {
    let sim = Sim::start(fast_config()).await;
    let mut s = identified(&sim, "push@example.com").await;
    s.forgot_password().await;
    s.submit("select-authenticator-authenticate", choose_totp())
        .await;
    let (status, key) = s
        .field_error(
            "challenge-authenticator",
            Inputs::new().with_object("credentials", Inputs::new().with("totp", "000000x")),
            "credentials.totp",
        )
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "api.authn.error.PASSCODE_INVALID")
    );
    let code = sim.totp("push@example.com").await;
    s.submit(
        "challenge-authenticator",
        Inputs::new().with_object("credentials", Inputs::new().with("totp", code.as_str())),
    )
    .await;
    assert_eq!(s.primary(), "reset-authenticator");
}

/// The demo org without its sign-up and identity providers, so identify carries only what
/// recovery and unlock add to it.
fn without_sign_up_or_idps() -> idx_sim::Config {
    let mut config = fast_config();
    config.registration.enabled = false;
    config.idps.clear();
    config
}

#[tokio::test]
async fn recovery_and_unlock_are_offered_only_when_the_org_allows_them() {
    let sim = Sim::start(without_sign_up_or_idps()).await;
    let s = SignIn::start(&sim).await;
    assert_eq!(names(&s.state), ["identify", "unlock-account"]);
    let s = identified(&sim, MFA).await;
    assert!(s.state.current().and_then(|a| a.recover.as_ref()).is_some());

    let mut config = without_sign_up_or_idps();
    config.self_service_recovery = false;
    config.self_service_unlock = false;
    let sim = Sim::start(config).await;
    let s = SignIn::start(&sim).await;
    assert_eq!(names(&s.state), ["identify"]);
    let s = identified(&sim, MFA).await;
    assert!(s.state.current().and_then(|a| a.recover.as_ref()).is_none());
    // A client that posts to recover anyway is refused.
    let (status, body) = sim
        .post_json(
            "/idp/idx/recover",
            json!({"stateHandle": s.state.state_handle.as_ref().unwrap().expose()}),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        body["messages"]["value"][0]["i18n"]["key"],
        "oie.selfservice.reset.password.not.allowed"
    );
}

#[tokio::test]
async fn wrong_passwords_in_a_row_lock_the_user_out_and_a_right_one_starts_the_count_again() {
    let mut config = without_sign_up_or_idps();
    config.lockout_attempts = 3;
    let sim = Sim::start(config).await;
    let mut s = identified(&sim, MFA).await;
    for _ in 0..2 {
        let (status, key) = s
            .field_error(
                "challenge-authenticator",
                password("nope"),
                "credentials.passcode",
            )
            .await;
        assert_eq!((status, key.as_str()), (400, "incorrectPassword"));
    }
    s.submit("challenge-authenticator", password(PASSWORD))
        .await;
    assert_eq!(s.primary(), "select-authenticator-authenticate");

    let s = identified(&sim, MFA).await;
    for _ in 0..2 {
        s.field_error(
            "challenge-authenticator",
            password("nope"),
            "credentials.passcode",
        )
        .await;
    }
    // The third in a row locks: back to identify, with the way to unlock.
    let (status, state) = error_doc(
        s.submit_err("challenge-authenticator", password("nope"))
            .await,
    );
    assert_eq!(status, 400);
    assert_eq!(
        state.global_messages()[0].key(),
        Some("errors.E0000119"),
        "{:?}",
        state.global_messages()
    );
    assert_eq!(names(&state), ["identify", "unlock-account"]);

    // Locked, even the right password gets nowhere.
    let s = SignIn::start(&sim).await;
    let (status, key) =
        refused_globally(&s, "identify", Inputs::new().with("identifier", MFA)).await;
    assert_eq!((status, key.as_str()), (400, "errors.E0000119"));
}

#[tokio::test]
async fn no_lockout_when_attempts_are_zero() {
    let mut config = fast_config();
    config.lockout_attempts = 0;
    let sim = Sim::start(config).await;
    let mut s = identified(&sim, MFA).await;
    for _ in 0..8 {
        s.field_error(
            "challenge-authenticator",
            password("nope"),
            "credentials.passcode",
        )
        .await;
    }
    s.submit("challenge-authenticator", password(PASSWORD))
        .await;
    assert_eq!(s.primary(), "select-authenticator-authenticate");
}

#[tokio::test]
async fn a_locked_out_user_unlocks_the_account_by_email_then_signs_in() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::start(&sim).await;
    let (_, key) = refused_globally(&s, "identify", Inputs::new().with("identifier", LOCKED)).await;
    assert_eq!(key, "errors.E0000119");
    let unlock = s.state.remediation("unlock-account").unwrap().clone();
    s.act(unlock, Inputs::new()).await;
    assert_eq!(s.primary(), "select-authenticator-unlock-account");
    assert_eq!(
        offered(&s, "select-authenticator-unlock-account"),
        ["Email", "Phone"]
    );
    let with_email = |who: &str| {
        Inputs::new().with("identifier", who).with_object(
            "authenticator",
            Inputs::new()
                .with("id", EMAIL_ID)
                .with("methodType", "email"),
        )
    };
    let (status, key) = refused_globally(
        &s,
        "select-authenticator-unlock-account",
        with_email("nobody@example.com"),
    )
    .await;
    assert_eq!((status, key.as_str()), (400, "idx.unknown.user"));
    s.submit("select-authenticator-unlock-account", with_email(LOCKED))
        .await;
    assert_eq!(s.primary(), "challenge-authenticator");
    // The locked user has no phone: the challenge offers the email alone.
    assert_eq!(offered(&s, "select-authenticator-authenticate"), ["Email"]);
    let (status, _) = s
        .field_error(
            "challenge-authenticator",
            passcode("999999x"),
            "credentials.passcode",
        )
        .await;
    assert_eq!(status, 401);
    let code = sim.last_code(LOCKED).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    assert!(s.state.is_terminal());
    assert_eq!(
        s.global_key().as_deref(),
        Some("oie.selfservice.unlock_user.success.message")
    );
    assert_eq!(s.raw()["user"]["value"]["identifier"], LOCKED);

    // Back to sign in, with the same password, and the email as second factor.
    s.cancel().await;
    s.submit("identify", Inputs::new().with("identifier", LOCKED))
        .await;
    s.submit("challenge-authenticator", password(PASSWORD))
        .await;
    assert_eq!(s.primary(), "authenticator-verification-data");
    s.submit(
        "authenticator-verification-data",
        choose_method(EMAIL_ID, "email"),
    )
    .await;
    let code = sim.last_code(LOCKED).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    s.tokens().await;
}

#[tokio::test]
async fn a_user_locked_by_wrong_passwords_unlocks_by_phone() {
    let mut config = fast_config();
    config.lockout_attempts = 1;
    let sim = Sim::start(config).await;
    let s = identified(&sim, MFA).await;
    let (_, state) = error_doc(
        s.submit_err("challenge-authenticator", password("nope"))
            .await,
    );
    assert_eq!(state.global_messages()[0].key(), Some("errors.E0000119"));
    let mut s = SignIn::start(&sim).await;
    let unlock = s.state.remediation("unlock-account").unwrap().clone();
    s.act(unlock, Inputs::new()).await;
    s.submit(
        "select-authenticator-unlock-account",
        Inputs::new()
            .with("identifier", MFA)
            .with_object("authenticator", Inputs::new().with("id", PHONE_ID)),
    )
    .await;
    assert_eq!(s.primary(), "authenticator-verification-data");
    s.submit(
        "authenticator-verification-data",
        choose_method(PHONE_ID, "voice"),
    )
    .await;
    let code = sim.last_code("+15550000004").await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    assert_eq!(
        s.global_key().as_deref(),
        Some("oie.selfservice.unlock_user.success.message")
    );
    let mut again = identified(&sim, MFA).await;
    again
        .submit("challenge-authenticator", password(PASSWORD))
        .await;
    assert_eq!(again.primary(), "select-authenticator-authenticate");
}

#[tokio::test]
async fn resetting_the_password_unlocks_a_locked_user() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::start(&sim).await;
    // A locked user cannot reach the password step: "Forgot password?" from the first screen.
    let (_, key) = refused_globally(&s, "identify", Inputs::new().with("identifier", LOCKED)).await;
    assert_eq!(key, "errors.E0000119");
    let handle = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    let (status, body) = sim
        .post_json("/idp/idx/recover", json!({"stateHandle": handle}))
        .await;
    assert_eq!(status, 200, "{body}");
    s.state = serde_json::from_value(body).unwrap();
    s.submit(
        "identify-recovery",
        Inputs::new().with("identifier", LOCKED),
    )
    .await;
    s.submit(
        "select-authenticator-authenticate",
        choose_method(EMAIL_ID, "email"),
    )
    .await;
    let code = sim.last_code(LOCKED).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    s.submit("reset-authenticator", password(NEW_PASSWORD))
        .await;
    // Signed in after recovery: the email proved it, so no second factor is asked.
    s.tokens().await;
}

/// Interact as a page given a recovery token would: the usual PKCE request plus the token.
async fn interact_with_token(sim: &Sim, token: &str) -> SignIn {
    let secrets = PkceSecrets::from_entropy(&[7u8; idx_protocol::ENTROPY_BYTES]);
    let extra = [("scope", "openid profile email"), ("recovery_token", token)];
    SignIn::interacting(sim, secrets, &extra).await
}

#[tokio::test]
async fn a_recovery_token_starts_at_the_new_password_once() {
    let sim = Sim::start(fast_config()).await;
    let (status, body) = sim
        .post_json("/sim/api/recovery-token", json!({"user": MFA}))
        .await;
    assert_eq!(status, 200, "{body}");
    let token = body["recoveryToken"].as_str().unwrap().to_owned();
    let (status, _) = sim
        .post_json(
            "/sim/api/recovery-token",
            json!({"user": "nobody@example.com"}),
        )
        .await;
    assert_eq!(status, 404);

    let mut s = interact_with_token(&sim, &token).await;
    assert_eq!(s.primary(), "reset-authenticator");
    assert_eq!(s.raw()["user"]["value"]["identifier"], MFA);
    s.submit("reset-authenticator", password(NEW_PASSWORD))
        .await;
    // A token proves no second factor: the policy asks for one.
    assert_eq!(s.primary(), "select-authenticator-authenticate");
    s.submit(
        "select-authenticator-authenticate",
        choose_method(EMAIL_ID, "email"),
    )
    .await;
    let code = sim.last_code(MFA).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    s.tokens().await;

    for spent in [token.as_str(), "not-a-token"] {
        let s = interact_with_token(&sim, spent).await;
        assert!(s.state.is_terminal(), "{spent}");
        assert_eq!(
            s.global_key().as_deref(),
            Some("idx.invalid.reset.password.token")
        );
    }
}

#[tokio::test]
async fn the_email_magic_link_opens_the_apps_page_with_the_code_and_the_transactions_state() {
    let mut config = fast_config();
    config.email_verify_uri = Some("http://127.0.0.1:8080/".into());
    let sim = Sim::start(config).await;
    let mut s = SignIn::choosing(&sim, MFA, choose_method(EMAIL_ID, "email")).await;
    let message = sim.last_message(MFA).await;
    let code = message["code"].as_str().unwrap().to_owned();
    let link = url::Url::parse(message["link"].as_str().unwrap()).unwrap();
    assert_eq!(link.origin().ascii_serialization(), "http://127.0.0.1:8080");
    assert_eq!(link.path(), "/");
    let query: Vec<(String, String)> = link.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [
            ("otp".to_owned(), code.clone()),
            ("state".to_owned(), s.secrets.state().expose().to_owned()),
        ]
    );
    assert!(message["text"].as_str().unwrap().contains(link.as_str()));
    // The page submits the otp in the transaction whose state it carries.
    s.submit("challenge-authenticator", passcode(&code)).await;
    s.tokens().await;
}

#[tokio::test]
async fn a_path_as_email_verify_uri_is_a_page_of_the_served_app() {
    let dir = std::env::temp_dir().join(format!("idx-sim-verify-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>app</title>").unwrap();
    let mut config = fast_config();
    config.email_verify_uri = Some("/".into());
    let sim = Sim::from(idx_sim::testkit::Sim::builder(config).serving(dir.clone())).await;
    let app = sim.app();
    let s = SignIn::choosing(&sim, MFA, choose_method(EMAIL_ID, "email")).await;
    let link = sim.last_message(MFA).await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    let state = s.secrets.state().expose().to_owned();
    assert!(link.starts_with(&format!("{app}/?otp=")), "{link}");
    assert!(link.ends_with(&format!("&state={state}")), "{link}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_path_as_email_verify_uri_needs_a_served_app() {
    let mut config = fast_config();
    config.email_verify_uri = Some("/".into());
    let options = idx_sim::Options {
        config,
        listen: "127.0.0.1:0".parse().unwrap(),
        ..Default::default()
    };
    let err = idx_sim::spawn(options).await.err().expect("refused");
    assert!(err.to_string().contains("email_verify_uri"), "{err}");
    for bad in [
        "ftp://example.com/",
        "http://example.com/?x=1",
        "page.html",
        "/?x=1",
    ] {
        let text = format!("email_verify_uri = {bad:?}");
        let err = idx_sim::Config::from_toml(&text).unwrap_err();
        assert!(err.contains("email_verify_uri"), "{bad}: {err}");
    }
}

/// Our document has every member of Okta's recorded one (values aside).
fn like(what: &str, ours: &Value, real: &Value) {
    let mut out = Vec::new();
    missing(real, ours, "$", &mut out);
    assert!(out.is_empty(), "{what} lacks:\n  {}", out.join("\n  "));
}

fn playground(name: &str) -> Value {
    fixture(&format!("siw-playground/idp/idx/{name}"))
}

#[tokio::test]
async fn the_side_doors_have_oktas_shape() {
    let mut config = fast_config();
    config.recovery_signs_in = false;
    let sim = Sim::start(config).await;
    let mut s = SignIn::start(&sim).await;
    like(
        "identify",
        &s.raw(),
        &okta_state("identify-with-unlock-account-link.json"),
    );
    let locked = error_doc(
        s.submit_err("identify", Inputs::new().with("identifier", LOCKED))
            .await,
    )
    .1;
    like(
        "identify of a locked user",
        &serde_json::to_value(&locked).unwrap(),
        &okta_state("identify-with-unlock-account-link.json"),
    );
    let unlock = s.state.remediation("unlock-account").unwrap().clone();
    s.act(unlock, Inputs::new()).await;
    like(
        "select-authenticator-unlock-account",
        &s.raw(),
        &okta_state("user-unlock-account.json"),
    );
    s.submit(
        "select-authenticator-unlock-account",
        Inputs::new().with("identifier", LOCKED).with_object(
            "authenticator",
            Inputs::new()
                .with("id", EMAIL_ID)
                .with("methodType", "email"),
        ),
    )
    .await;
    let code = sim.last_code(LOCKED).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    like(
        "account unlocked",
        &s.raw(),
        &okta_state("user-account-unlock-success.json"),
    );

    s.cancel().await;
    let handle = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    let (_, body) = sim
        .post_json("/idp/idx/recover", json!({"stateHandle": handle}))
        .await;
    s.state = serde_json::from_value(body).unwrap();
    let real = okta_state("identify-recovery.json");
    assert_parts(
        "identify-recovery",
        &s.raw(),
        &real,
        "identify-recovery.json",
        &["remediation:identify-recovery", "cancel"],
    );
    s.submit("identify-recovery", Inputs::new().with("identifier", MFA))
        .await;
    let name = "authenticator-verification-select-authenticator-for-recovery.json";
    assert_parts(
        "the authenticators that prove a recovery",
        &s.raw(),
        &okta_state(name),
        name,
        &["recoveryAuthenticator", "user"],
    );
    // Its options are of WebAuthn and an "Okta Email" of an older format; ours are the sign-in's
    // own (shape.rs compares those with verify-ov-mfa.json), fewer.
    assert_eq!(
        offered(&s, "select-authenticator-authenticate"),
        ["Okta Verify", "Email", "Phone"]
    );
    s.submit(
        "select-authenticator-authenticate",
        choose_method(EMAIL_ID, "email"),
    )
    .await;
    assert!(
        s.raw()["recoveryAuthenticator"].is_object(),
        "every recovery step carries it"
    );
    let code = sim.last_code(MFA).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    let name = "authenticator-reset-password.json";
    assert_parts(
        "reset-authenticator",
        &s.raw(),
        &playground(name),
        name,
        &[
            "remediation:reset-authenticator",
            "currentAuthenticator",
            "authenticators",
            "user",
            "cancel",
        ],
    );
    let refused = error_doc(s.submit_err("reset-authenticator", password("short")).await).1;
    let name = "error-authenticator-reset-password-requirement.json";
    assert_parts(
        "a new password the policy refuses",
        &serde_json::to_value(&refused).unwrap(),
        &playground(name),
        name,
        &["remediation:reset-authenticator", "currentAuthenticator"],
    );
    s.submit("reset-authenticator", password(NEW_PASSWORD))
        .await;
    like(
        "password reset, back to sign in",
        &s.raw(),
        &playground("terminal-reset-password-success.json"),
    );

    let s = interact_with_token(&sim, "not-a-token").await;
    like(
        "an invalid recovery token",
        &s.raw(),
        &okta_state("terminal-invalid-reset-password-token.json"),
    );
}

//! The shape test: every kind of response idx-sim produces has, at every level, the member
//! names of the matching real Okta response (values aside), so the simulator cannot drift from
//! Okta's wire format just because our own client happens to agree with it.

mod common;

use std::time::Duration;

use common::shape::{assert_parts, assert_shape, fixture, missing};
use common::*;
use idx_protocol::{IdxError, IdxResponse, Inputs};
use serde_json::{Value, json};

fn raw(state: &IdxResponse) -> Value {
    // The model keeps every member (see idx-protocol's fixture test), so this is the wire JSON.
    serde_json::to_value(state).unwrap()
}

fn error_state(err: IdxError) -> Value {
    match err {
        IdxError::State { state, .. } => raw(&state),
        other => panic!("expected an IDX error state, got {other:?}"),
    }
}

/// Submits a form that the org refuses, and answers the refusal's document.
async fn refused(s: &SignIn, form: &str, inputs: Inputs) -> Value {
    error_state(s.submit_err(form, inputs).await)
}

#[tokio::test]
async fn enrollment_responses_have_oktas_shape() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::start(&sim).await;
    assert_shape(
        "identify",
        &raw(&s.state),
        "siw-playground/idp/idx/identify.json",
    );
    let with_password = Sim::start(idx_sim::Config {
        password_on_identify: true,
        ..fast_config()
    })
    .await;
    let first = SignIn::start(&with_password).await;
    assert_shape(
        "identify with password",
        &raw(&first.state),
        "siw-v3/idp/idx/introspect/default.json",
    );
    s.submit(
        "identify",
        Inputs::new().with("identifier", "enroll@example.com"),
    )
    .await;
    assert_shape(
        "password challenge",
        &raw(&s.state),
        "siw-playground/idp/idx/authenticator-verification-password.json",
    );
    s.submit(
        "challenge-authenticator",
        Inputs::new().with_object("credentials", Inputs::new().with("passcode", PASSWORD)),
    )
    .await;
    assert_shape(
        "select-authenticator-enroll",
        &raw(&s.state),
        "siw-v3/idp/idx/challenge/answer/enroll-okta-verify-mfa.json",
    );
    s.submit("select-authenticator-enroll", enroll_okta_verify())
        .await;
    assert_shape(
        "enroll-poll (QR)",
        &raw(&s.state),
        "siw-v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json",
    );
    for (name, data_fixture, poll_fixture, input) in [
        (
            "email",
            "enroll-ov-email-channel.json",
            "enroll-ov-email-mfa.json",
            ("email", "enroll@example.com"),
        ),
        (
            "sms",
            "enroll-ov-sms-channel.json",
            "enroll-ov-sms-mfa.json",
            ("phoneNumber", "+15550000001"),
        ),
    ] {
        s.submit("select-enrollment-channel", channel(name)).await;
        assert_shape(
            "enrollment-channel-data",
            &raw(&s.state),
            &format!("siw-v3/idp/idx/credential/enroll/{data_fixture}"),
        );
        s.submit(
            "enrollment-channel-data",
            Inputs::new().with(input.0, input.1),
        )
        .await;
        assert_shape(
            "enroll-poll (link)",
            &raw(&s.state),
            &format!("siw-v3/idp/idx/challenge/send/{poll_fixture}"),
        );
    }
    let (_, outbox) = sim.get_json("/sim/api/outbox?to=%2B15550000001").await;
    sim.http
        .get(outbox[0]["link"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    s.poll_until_done(5).await;
    assert_shape(
        "success",
        &raw(&s.state),
        "siw-v3/idp/idx/authenticators/poll/verify-ov-push-manual-success.json",
    );
}

#[tokio::test]
async fn optional_enrollment_has_oktas_skip_shape() {
    let mut config = fast_config();
    config.users[0].okta_verify_policy = idx_sim::config::EnrollPolicy::Optional;
    let sim = Sim::start(config).await;
    let s = SignIn::password(&sim, "enroll@example.com").await;
    assert_shape(
        "select-authenticator-enroll",
        &raw(&s.state),
        "siw-v3/idp/idx/challenge/answer/enroll-okta-verify-mfa.json",
    );
    // The recorded skip state offers other authenticators than ours; compare the skip form.
    let skip_of = |doc: &Value| {
        doc["remediation"]["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "skip")
            .cloned()
            .expect("a skip form")
    };
    let real = skip_of(&fixture(
        "siw-v3/idp/idx/challenge/poll/enroll-ov-success.json",
    ));
    let mut out = Vec::new();
    missing(&real, &skip_of(&raw(&s.state)), "$.skip", &mut out);
    assert!(out.is_empty(), "skip lacks {out:?}");
}

#[tokio::test]
async fn verification_responses_have_oktas_shape() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "number@example.com").await;
    assert_shape(
        "select-authenticator-authenticate",
        &raw(&s.state),
        "siw-v3/idp/idx/identify/verify-ov-mfa.json",
    );
    s.submit("select-authenticator-authenticate", enroll_okta_verify())
        .await;
    assert_shape(
        "authenticator-verification-data",
        &raw(&s.state),
        "siw-v3/idp/idx/challenge/verify-ov-select-method.json",
    );
    s.submit(
        "authenticator-verification-data",
        Inputs::new().with_object("authenticator", Inputs::new().with("methodType", "push")),
    )
    .await;
    assert_shape(
        "challenge-poll (number)",
        &raw(&s.state),
        "siw-v3/idp/idx/challenge/verify-ov-push-manual.json",
    );
    let push = sim.latest_push("number@example.com").await;
    sim.post_json(
        &format!("/sim/api/pushes/{}/deny", push["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    s.poll_until_done(5).await;
    assert_shape(
        "push rejected",
        &raw(&s.state),
        "siw-playground/idp/idx/authenticator-verification-okta-verify-reject-push.json",
    );
    s.submit("select-authenticator-authenticate", choose_totp())
        .await;
    assert_shape(
        "challenge-authenticator (totp)",
        &raw(&s.state),
        "siw-v3/idp/idx/challenge/verify-ov-code-mfa.json",
    );
    let err = refused(
        &s,
        "challenge-authenticator",
        Inputs::new().with_object("credentials", Inputs::new().with("totp", "000000x")),
    )
    .await;
    assert_shape(
        "wrong code",
        &err,
        "siw-playground/idp/idx/error-okta-verify-totp.json",
    );

    let s = SignIn::choosing(&sim, "push@example.com", choose_push()).await;
    assert_shape(
        "challenge-poll",
        &raw(&s.state),
        "siw-v3/idp/idx/challenge/verify-ov-push-poll.json",
    );
}

#[tokio::test]
async fn expired_push_has_oktas_resend_shape() {
    let sim = Sim::start(idx_sim::Config {
        push_lifetime_secs: 1,
        ..fast_config()
    })
    .await;
    let mut s = SignIn::choosing(&sim, "number@example.com", choose_push()).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    s.poll_once().await;
    assert_eq!(s.primary(), "resend");
    assert_eq!(
        sim.latest_push("number@example.com").await["status"],
        "expired"
    );
    assert_shape(
        "push expired",
        &raw(&s.state),
        "siw-v3/idp/idx/authenticator-verification-ov-resend-push-notification.json",
    );
}

#[tokio::test]
async fn error_and_oauth_responses_have_oktas_shape() {
    let sim = Sim::start(fast_config()).await;
    let r = sim
        .http
        .post(sim.org("/idp/idx/identify"))
        .json(&json!({"stateHandle": "02gone"}))
        .send()
        .await
        .unwrap();
    assert_shape(
        "session expired",
        &r.json().await.unwrap(),
        "siw-v3/idp/idx/identify/error-session-expired.json",
    );

    let s = SignIn::choosing(&sim, "push@example.com", choose_push()).await;
    let sh = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    let poll = |body: Value| {
        sim.http
            .post(sim.org("/idp/idx/authenticators/poll"))
            .json(&body)
            .send()
    };
    poll(json!({"stateHandle": sh})).await.unwrap();
    let r = poll(json!({"stateHandle": sh})).await.unwrap();
    assert_eq!(r.status(), 429);
    assert_shape(
        "poll rate limit",
        &r.json().await.unwrap(),
        "siw-playground/idp/idx/error-429-api-limit-exceeded.json",
    );

    let secrets = idx_protocol::PkceSecrets::from_entropy(&[1; idx_protocol::ENTROPY_BYTES]);
    let mut form = demo_interact_form(
        secrets.challenge().expect("a challenge"),
        secrets.state().expose(),
    );
    form.push(("scope", "openid profile email"));
    let r = sim.interact(&form).await;
    assert_shape(
        "interact",
        &r.json().await.unwrap(),
        "siw-v3/oauth2/default/v1/interact/default.json",
    );
    let r = sim.interact(&[("client_id", "nope")]).await;
    assert_shape(
        "interact error",
        &r.json().await.unwrap(),
        "siw-playground/oauth2/error-feature-not-enabled.json",
    );

    let mut s = SignIn::password(&sim, "push@example.com").await;
    s.answer_totp(&sim, "push@example.com").await;
    let code = interaction_code(&s.raw());
    let token = |verifier: String| {
        sim.http
            .post(sim.org("/oauth2/default/v1/token"))
            .form(&[
                ("grant_type", "interaction_code".to_owned()),
                ("interaction_code", code.clone()),
                ("client_id", "idx-widget-demo".to_owned()),
                ("code_verifier", verifier),
                (
                    "redirect_uri",
                    "http://127.0.0.1:8080/login/callback".to_owned(),
                ),
            ])
            .send()
    };
    let r = token(
        s.secrets
            .verifier()
            .expect("a verifier")
            .expose()
            .to_owned(),
    )
    .await
    .unwrap();
    assert_shape(
        "tokens",
        &r.json().await.unwrap(),
        "siw-playground/oauth2/success-tokens.json",
    );
    let r = token("wrong".into()).await.unwrap();
    assert_shape(
        "token error",
        &r.json().await.unwrap(),
        "siw-playground/oauth2/error-token-invalid-grant-pkce.json",
    );

    let (_, discovery) = sim
        .get_json("/oauth2/default/.well-known/openid-configuration")
        .await;
    assert_shape(
        "discovery",
        &discovery,
        "siw-playground/oauth2/well-known-openid-configuration.json",
    );
}

// ---- The authenticators besides the password and Okta Verify, and password changes ----

/// One of Okta's recorded states by file name, in testdata/idx (the v3 recording of phone enrollment data lives under its own folder).
fn okta_path(name: &str) -> String {
    if name == "enroll-phone-voice-sms-mfa.json" {
        return "siw-v3/idp/idx/credential/enroll/enroll-phone-voice-sms-mfa.json".into();
    }
    format!("siw-playground/idp/idx/{name}")
}

fn okta(name: &str) -> Value {
    fixture(&okta_path(name))
}

fn assert_okta(what: &str, ours: &Value, name: &str) {
    assert_shape(what, ours, &okta_path(name));
}

/// Some parts of a recorded state: a remediation by name (`remediation:NAME`) or a top-level
/// member. For Okta's hand-written mocks whose other parts list authenticators idx-sim does
/// not have (WebAuthn, RSA, …) under other labels.
fn assert_okta_parts(what: &str, ours: &Value, name: &str, parts: &[&str]) {
    assert_parts(what, ours, &okta(name), name, parts);
}

const MFA: &str = "mfa@example.com";
const SETUP: &str = "setup@example.com";

#[tokio::test]
async fn email_and_phone_verification_have_oktas_shape() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, MFA).await;
    assert_shape(
        "select-authenticator-authenticate (every factor)",
        &raw(&s.state),
        "siw-v3/idp/idx/identify/verify-ov-mfa.json",
    );
    s.submit("select-authenticator-authenticate", choose_id(EMAIL_ID))
        .await;
    assert_okta(
        "email challenge",
        &raw(&s.state),
        "authenticator-verification-email.json",
    );
    let err = refused(&s, "challenge-authenticator", passcode("000000x")).await;
    assert_okta(
        "wrong email code",
        &err,
        "error-401-invalid-email-otp-passcode.json",
    );
    let link = sim.last_message(MFA).await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    let opened = sim.open_link(&link, true).await;
    assert_okta(
        "magic link opened",
        &opened.json().await.unwrap(),
        "terminal-return-email.json",
    );

    let mut s = SignIn::choosing(&sim, MFA, choose_id(PHONE_ID)).await;
    assert_okta_parts(
        "phone verification data",
        &raw(&s.state),
        "authenticator-verification-data-phone-sms-then-voice.json",
        &[
            "remediation:authenticator-verification-data",
            "currentAuthenticatorEnrollment",
        ],
    );
    s.submit(
        "authenticator-verification-data",
        choose_method(PHONE_ID, "sms"),
    )
    .await;
    let parts = [
        "remediation:challenge-authenticator",
        "currentAuthenticatorEnrollment",
    ];
    assert_okta_parts(
        "sms challenge",
        &raw(&s.state),
        "authenticator-verification-phone-sms.json",
        &parts,
    );
    let err = refused(&s, "challenge-authenticator", passcode("000000x")).await;
    assert_okta_parts(
        "wrong sms code",
        &err,
        "error-authenticator-challenge-phone-invalid-otp.json",
        &["remediation:challenge-authenticator"],
    );
    let resend = s.state.current().unwrap().resend.clone().unwrap();
    let sh = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    let r = sim
        .http
        .post(resend.href.clone().unwrap())
        .json(&json!({"stateHandle": sh}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_okta(
        "sms resent too soon",
        &r.json().await.unwrap(),
        "error-authenticator-phone-sms-ratelimit.json",
    );

    let s = SignIn::choosing(&sim, MFA, choose_method(PHONE_ID, "voice")).await;
    assert_okta_parts(
        "voice challenge",
        &raw(&s.state),
        "authenticator-verification-phone-voice.json",
        &parts,
    );

    // One email alone: Okta asks to send it.
    let single = Sim::start(email_only_config()).await;
    let s = SignIn::password(&single, SETUP).await;
    assert_okta(
        "email verification data",
        &raw(&s.state),
        "authenticator-verification-data-email.json",
    );
}

#[tokio::test]
async fn google_authenticator_and_security_question_verification_have_oktas_shape() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::choosing(&sim, MFA, choose_id(GOOGLE_ID)).await;
    let parts = [
        "remediation:challenge-authenticator",
        "currentAuthenticator",
        "authenticators",
    ];
    assert_okta_parts(
        "google challenge",
        &raw(&s.state),
        "authenticator-verification-google-authenticator.json",
        &parts,
    );
    let err = refused(&s, "challenge-authenticator", passcode("000000")).await;
    assert_okta_parts(
        "wrong google code",
        &err,
        "error-authenticator-verification-on-google-otp-invalid-passcode.json",
        &parts,
    );
    let code = sim.google_code(MFA).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    let s = SignIn::choosing(&sim, MFA, choose_id(GOOGLE_ID)).await;
    let err = refused(&s, "challenge-authenticator", passcode(&code)).await;
    assert_okta_parts(
        "used google code",
        &err,
        "error-authenticator-verification-on-google-otp-used-passcode.json",
        &parts,
    );

    let s = SignIn::choosing(&sim, MFA, choose_id(QUESTION_ID)).await;
    assert_okta_parts(
        "security question challenge",
        &raw(&s.state),
        "authenticator-verification-security-question.json",
        &[
            "remediation:challenge-authenticator",
            "currentAuthenticatorEnrollment",
        ],
    );
}

#[tokio::test]
async fn enrollments_have_oktas_shape() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, SETUP).await;
    s.submit("select-authenticator-enroll", choose_id(EMAIL_ID))
        .await;
    assert_okta(
        "email enrollment",
        &raw(&s.state),
        "authenticator-enroll-email.json",
    );
    assert_okta(
        "email enrollment (magic link)",
        &raw(&s.state),
        "authenticator-enroll-email-emailmagiclink-true.json",
    );
    let err = refused(&s, "enroll-authenticator", passcode("000000x")).await;
    assert_okta(
        "wrong email enrollment code",
        &err,
        "error-authenticator-enroll-email-invalid-otp.json",
    );
    let code = sim.last_code(SETUP).await;
    s.submit("enroll-authenticator", passcode(&code)).await;

    s.submit("select-authenticator-enroll", choose_id(PHONE_ID))
        .await;
    assert_okta(
        "phone enrollment data",
        &raw(&s.state),
        "enroll-phone-voice-sms-mfa.json",
    );
    assert_okta_parts(
        "phone enrollment data",
        &raw(&s.state),
        "authenticator-enroll-data-phone.json",
        &[
            "remediation:authenticator-enrollment-data",
            "currentAuthenticator",
        ],
    );
    let err = refused(&s, "authenticator-enrollment-data", phone_data("sms", "12")).await;
    // (The recorded form names its id field's value `id`, a slip of that mock.)
    assert_okta_parts(
        "invalid phone number",
        &err,
        "error-authenticator-enroll-phone-invalid-number.json",
        &[
            "messages",
            "remediation:select-authenticator-enroll",
            "currentAuthenticator",
            "authenticators",
        ],
    );
    s.submit(
        "authenticator-enrollment-data",
        phone_data("sms", "+15551230100"),
    )
    .await;
    assert_okta(
        "phone enrollment",
        &raw(&s.state),
        "authenticator-enroll-phone.json",
    );
    let err = refused(&s, "enroll-authenticator", passcode("000000x")).await;
    assert_okta(
        "wrong phone enrollment code",
        &err,
        "error-authenticator-enroll-phone-invalid-otp.json",
    );
    let code = sim.last_code("+15551230100").await;
    s.submit("enroll-authenticator", passcode(&code)).await;

    s.submit("select-authenticator-enroll", choose_id(GOOGLE_ID))
        .await;
    // (Those mocks' enrollments lack their `key`: every other part is compared.)
    let parts = [
        "remediation:enroll-authenticator",
        "remediation:select-authenticator-enroll",
        "currentAuthenticator",
        "authenticators",
        "enrollmentAuthenticator",
    ];
    assert_okta_parts(
        "google enrollment",
        &raw(&s.state),
        "authenticator-enroll-google-authenticator.json",
        &parts,
    );
    let err = refused(&s, "enroll-authenticator", passcode("000000")).await;
    assert_okta_parts(
        "wrong google enrollment code",
        &err,
        "error-authenticator-enroll-google-invalid-otp.json",
        &parts,
    );
    let secret = raw(&s.state)["currentAuthenticator"]["value"]["contextualData"]["sharedSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    // Typing the key by hand, as a person may instead of scanning.
    let (status, _) = sim
        .post_json("/sim/api/scan", json!({"user": SETUP, "secret": secret}))
        .await;
    assert_eq!(status, 200);
    let code = sim.google_code(SETUP).await;
    s.submit("enroll-authenticator", passcode(&code)).await;

    s.submit("select-authenticator-enroll", choose_id(QUESTION_ID))
        .await;
    assert_okta_parts(
        "security question enrollment",
        &raw(&s.state),
        "authenticator-enroll-security-question.json",
        &["remediation:enroll-authenticator", "currentAuthenticator"],
    );
    let err = refused(
        &s,
        "enroll-authenticator",
        question_answer("disliked_food", "no"),
    )
    .await;
    assert_okta(
        "short security answer",
        &err,
        "error-authenticator-enroll-security-question.json",
    );
}

#[tokio::test]
async fn password_changes_have_oktas_shape() {
    let sim = Sim::start(fast_config()).await;
    let s = SignIn::password(&sim, "expired@example.com").await;
    assert_okta(
        "expired password",
        &raw(&s.state),
        "authenticator-expired-password.json",
    );
    // Okta's recorded refusals are of a reset and a first enrollment; the password field and
    // the authenticator's settings are what they share with a re-enrollment.
    let field_of = |doc: &Value| {
        doc["remediation"]["value"][0]["value"][0]["form"]["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "passcode")
            .cloned()
            .unwrap()
    };
    for (bad, name) in [
        (
            "short",
            "error-authenticator-reset-password-requirement.json",
        ),
        (
            "password1",
            "error-authenticator-enroll-password-common.json",
        ),
    ] {
        let ours = refused(&s, "reenroll-authenticator", passcode(bad)).await;
        let mut out = Vec::new();
        missing(
            &field_of(&okta(name)),
            &field_of(&ours),
            "$.passcode",
            &mut out,
        );
        missing(
            &okta(name)["currentAuthenticator"],
            &ours["currentAuthenticator"],
            "$.currentAuthenticator",
            &mut out,
        );
        assert!(
            out.is_empty(),
            "refusing {bad:?} lacks what {name} has: {out:?}"
        );
    }

    let s = SignIn::password(&sim, "expiring@example.com").await;
    assert_okta(
        "expiring password",
        &raw(&s.state),
        "authenticator-expiry-warning-password.json",
    );
}

/// A profile with the attribute names of Okta's recordings, so their choices and check boxes
/// are compared with ours.
fn sign_up_config() -> idx_sim::Config {
    use idx_sim::config::{AttributeOption, AttributeType, ProfileAttribute};
    let mut config = fast_config();
    config.registration.profile.push(ProfileAttribute {
        name: "colores".into(),
        label: "Colors".into(),
        kind: AttributeType::Enum,
        required: false,
        options: ["red", "blue", "green"]
            .into_iter()
            .map(|v| AttributeOption {
                label: v.to_uppercase(),
                value: v.into(),
            })
            .collect(),
        min_length: None,
        max_length: None,
    });
    config.registration.profile.push(ProfileAttribute {
        name: "optional".into(),
        label: "Optional".into(),
        kind: AttributeType::Boolean,
        required: false,
        options: Vec::new(),
        min_length: None,
        max_length: None,
    });
    config
}

#[tokio::test]
async fn sign_up_and_identity_providers_have_oktas_shape() {
    let sim = Sim::start(sign_up_config()).await;
    let mut s = SignIn::start(&sim).await;
    assert_okta(
        "identify with identity providers",
        &raw(&s.state),
        "identify-with-third-party-idps.json",
    );
    s.submit("select-enroll-profile", Inputs::new()).await;
    let form = ["remediation:enroll-profile", "remediation:select-identify"];
    assert_okta_parts(
        "sign-up form",
        &raw(&s.state),
        "enroll-profile-new.json",
        &form,
    );
    assert_okta_parts(
        "sign-up form",
        &raw(&s.state),
        "profile-enrollment-string-fields-options.json",
        &form,
    );
    assert_okta_parts(
        "sign-up form",
        &raw(&s.state),
        "enroll-profile-new-boolean-fields.json",
        &form,
    );
    let profile = |email: &str| {
        Inputs::new().with_object(
            "userProfile",
            Inputs::new()
                .with("firstName", "Ada")
                .with("lastName", "Lovelace")
                .with("email", email),
        )
    };
    let taken = refused(&s, "enroll-profile", profile("push@example.com")).await;
    // These recordings carry the legacy `context` besides the forms.
    let refusal = [
        "remediation:enroll-profile",
        "remediation:select-identify",
        "cancel",
    ];
    assert_okta_parts(
        "email taken",
        &taken,
        "error-new-signup-email-exists.json",
        &refusal,
    );
    let bad = refused(&s, "enroll-profile", profile("not-an-email")).await;
    assert_okta_parts(
        "email not an email",
        &bad,
        "error-new-signup-email.json",
        &refusal,
    );
    s.submit("enroll-profile", profile("ada@example.com")).await;
    assert_okta_parts(
        "first password",
        &raw(&s.state),
        "authenticator-enroll-password.json",
        &[
            "remediation:enroll-authenticator",
            "currentAuthenticator",
            "authenticators",
        ],
    );

    let only = Sim::start(idx_sim::Config {
        idp_only: true,
        ..fast_config()
    })
    .await;
    let s = SignIn::start(&only).await;
    assert_okta(
        "identify routed to identity providers",
        &raw(&s.state),
        "identify-with-only-one-third-party-idp.json",
    );
}

#[tokio::test]
async fn consent_and_activation_have_oktas_shape() {
    let mut config = fast_config();
    let mut plain = config.user("push@example.com").unwrap().clone();
    plain.username = "plain@example.com".into();
    plain.okta_verify = false;
    plain.okta_verify_policy = idx_sim::config::EnrollPolicy::None;
    config.users.push(plain);
    config.consent_scopes = vec!["email".into(), "custom.read".into()];
    let sim = Sim::start(config).await;
    let client = {
        let base = sim.client();
        let mut c = base.config().clone();
        c.scopes.push("custom.read".into());
        idx_protocol::Client::new(c, idx_protocol::native::ReqwestTransport::new()).unwrap()
    };
    let mut s = SignIn::password_with(client, "plain@example.com").await;
    assert_okta_parts(
        "consent",
        &raw(&s.state),
        "consent-enduser.json",
        &["remediation:consent", "user", "authentication", "cancel"],
    );
    s.submit("consent", Inputs::new().with("consent", false))
        .await;
    assert_okta(
        "consent refused",
        &raw(&s.state),
        "terminal-enduser-email-consent-denied.json",
    );

    let challenge = "c".repeat(43);
    let mut form = demo_interact_form(&challenge, "s");
    form.extend([("scope", "openid"), ("activation_token", "no-such-token")]);
    let r = sim.interact(&form).await;
    let handle: Value = r.json().await.unwrap();
    let (status, doc) = sim
        .post_json(
            "/idp/idx/introspect",
            json!({"interactionHandle": handle["interaction_handle"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_okta(
        "unknown activation token",
        &doc,
        "error-request-activation-email-invalid.json",
    );
}

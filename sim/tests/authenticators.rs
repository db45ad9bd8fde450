//! The authenticators besides the password and Okta Verify, end to end against a real idx-sim
//! over HTTP: email (code, resend, magic link), phone (SMS, voice, resend limit, invalid
//! number), Google Authenticator (QR code, used codes), security question (both forms, Okta's
//! answer rules), and expired or expiring passwords.

mod common;

use common::*;
use idx_protocol::{IdxError, Inputs};
use serde_json::{Value, json};

const MFA: &str = "mfa@example.com";
const SETUP: &str = "setup@example.com";
/// What setup@example.com must enroll, and later chooses among.
const SETUP_FACTORS: [&str; 4] = [
    "Email",
    "Phone",
    "Google Authenticator",
    "Security Question",
];

fn option_labels(s: &SignIn) -> Vec<String> {
    s.state
        .primary()
        .unwrap()
        .field("authenticator")
        .unwrap()
        .options()
        .iter()
        .map(|o| o.label.clone())
        .collect()
}

/// A config whose only special user must enroll these.
fn must_enroll(keys: &[idx_sim::config::Authenticator]) -> idx_sim::Config {
    let mut config = fast_config();
    user_mut(&mut config, SETUP).enroll_required = keys.to_vec();
    config
}

#[tokio::test]
async fn a_user_with_every_factor_chooses_among_them() {
    let sim = Sim::start(fast_config()).await;
    let s = SignIn::password(&sim, MFA).await;
    assert_eq!(s.primary(), "select-authenticator-authenticate");
    assert_eq!(
        option_labels(&s),
        [
            "Okta Verify",
            "Email",
            "Phone",
            "Google Authenticator",
            "Security Question"
        ]
    );
    let raw = s.raw();
    let options = &raw["remediation"]["value"][0]["value"][0]["options"];
    // Each option relates to its entry: Okta Verify to the authenticator, the others to
    // their enrollment, with the phone's enrollment id and masked number.
    for option in options.as_array().unwrap() {
        let path = option["relatesTo"].as_str().unwrap();
        let index: usize = path
            .rsplit('[')
            .next()
            .unwrap()
            .trim_end_matches(']')
            .parse()
            .unwrap();
        let list = if path.contains("authenticatorEnrollments") {
            "authenticatorEnrollments"
        } else {
            "authenticators"
        };
        let entry = &raw[list]["value"][index];
        assert_eq!(
            entry["displayName"], option["label"],
            "{path} names the option's authenticator"
        );
    }
    let phone = &raw["authenticatorEnrollments"]["value"][3];
    assert_eq!(phone["profile"]["phoneNumber"], "+1 XXX-XXX-0004");
    assert_eq!(
        options[2]["value"]["form"]["value"][2]["value"], phone["id"],
        "the phone option carries its enrollmentId"
    );
    assert_eq!(
        raw["authenticatorEnrollments"]["value"][2]["profile"]["email"],
        "m*a@example.com"
    );

    // A user whose only second factor is Okta Verify is asked as before.
    let s = SignIn::password(&sim, "push@example.com").await;
    assert_eq!(option_labels(&s), ["Okta Verify"]);
}

#[tokio::test]
async fn email_code_wrong_then_resent_then_right() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::choosing(&sim, MFA, choose_method(EMAIL_ID, "email")).await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let current = s.state.current().unwrap().clone();
    assert!(current.resend.is_some() && current.poll.is_some());
    assert_eq!(current.poll.as_ref().unwrap().refresh, Some(200));
    let first = sim.last_message(MFA).await;
    assert_eq!(first["channel"], "email");
    let code = first["code"].as_str().unwrap().to_owned();
    assert!(first["text"].as_str().unwrap().contains(&code));
    assert!(
        first["link"]
            .as_str()
            .unwrap()
            .starts_with(&sim.org("/sim/email/"))
    );

    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    let (status, key) = s
        .field_error(
            "challenge-authenticator",
            passcode(&wrong),
            "credentials.passcode",
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(key, "api.authn.error.PASSCODE_INVALID");

    s.resend().await.unwrap();
    let messages = sim.outbox(MFA).await;
    assert_eq!(messages.len(), 2, "the first email and the resent one");
    let new_code = messages[1]["code"].as_str().unwrap();
    assert_ne!(new_code, code, "a new code");
    if new_code != code {
        let err = s
            .submit_err("challenge-authenticator", passcode(&code))
            .await;
        assert!(
            matches!(err, IdxError::State { .. }),
            "the old code is spent"
        );
    }
    s.submit("challenge-authenticator", passcode(new_code))
        .await;
    assert!(s.state.success_with_interaction_code.is_some());
    s.tokens().await;
}

#[tokio::test]
async fn the_email_magic_link_opened_on_the_phone_completes_the_polling_sign_in() {
    let sim = Sim::start(fast_config()).await;
    // The option fixes the method, so choosing Email sends the email at once.
    let mut s = SignIn::choosing(&sim, MFA, choose_id(EMAIL_ID)).await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let poll = s.state.current().unwrap().poll.clone().unwrap();
    // Before the link is opened, polls keep waiting.
    s.poll_form(&poll).await;
    assert_eq!(s.primary(), "challenge-authenticator");

    let link = sim.last_message(MFA).await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    let opened = sim.open_link(&link, true).await;
    assert_eq!(opened.status(), 200);
    let doc: Value = opened.json().await.unwrap();
    assert_eq!(
        doc["messages"]["value"][0]["i18n"]["key"],
        "idx.return.to.original.tab"
    );
    let again = sim.open_link(&link, false).await;
    assert_eq!(again.status(), 404, "a magic link works once");

    let poll = s.state.current().unwrap().poll.clone().unwrap();
    s.poll_form(&poll).await;
    assert!(s.state.success_with_interaction_code.is_some());
    s.tokens().await;
}

#[tokio::test]
async fn phone_by_sms_and_voice_with_the_resend_limit() {
    let sim = Sim::start(fast_config()).await;
    // Without a method, the org asks which one.
    let mut s = SignIn::choosing(&sim, MFA, choose_id(PHONE_ID)).await;
    assert_eq!(s.primary(), "authenticator-verification-data");
    assert_eq!(
        s.option_values("authenticator.methodType"),
        ["sms", "voice"]
    );
    s.submit(
        "authenticator-verification-data",
        choose_method(PHONE_ID, "sms"),
    )
    .await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let sms = sim.last_message("+15550000004").await;
    assert_eq!(sms["channel"], "sms");
    assert_eq!(
        s.raw()["currentAuthenticatorEnrollment"]["value"]["profile"]["phoneNumber"],
        "+1 XXX-XXX-0004"
    );

    // Another code within 30 seconds is refused with Okta's rate-limit answer.
    let err = s.resend().await.unwrap_err();
    assert!(
        matches!(&err, IdxError::RateLimited { state: Some(state), .. } if state.has_message_key("errors.E0000150")),
        "{err:?}"
    );
    assert_eq!(sim.outbox("+15550000004").await.len(), 1);

    let (status, key) = s
        .field_error(
            "challenge-authenticator",
            passcode("12345x"),
            "credentials.passcode",
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(key, "api.authn.error.PASSCODE_INVALID");
    s.submit(
        "challenge-authenticator",
        passcode(sms["code"].as_str().unwrap()),
    )
    .await;
    assert!(s.state.success_with_interaction_code.is_some());

    // A voice call, chosen straight from the list.
    let mut s = SignIn::choosing(&sim, MFA, choose_method(PHONE_ID, "voice")).await;
    let call = sim.last_message("+15550000004").await;
    assert_eq!(call["channel"], "voice");
    s.submit(
        "challenge-authenticator",
        passcode(call["code"].as_str().unwrap()),
    )
    .await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn google_authenticator_codes_are_checked_and_good_once() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::choosing(&sim, MFA, choose_method(GOOGLE_ID, "otp")).await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let code = sim.google_code(MFA).await;
    // Okta Verify's code is another secret's.
    assert_eq!(sim.totp(MFA).await.len(), 6);
    let wrong = format!(
        "{:06}",
        (code.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    let (_, key) = s
        .field_error(
            "challenge-authenticator",
            passcode(&wrong),
            "credentials.passcode",
        )
        .await;
    assert_eq!(key, "authfactor.challenge.soft_token.invalid_passcode");
    s.submit("challenge-authenticator", passcode(&code)).await;
    assert!(s.state.success_with_interaction_code.is_some());

    let s = SignIn::choosing(&sim, MFA, choose_method(GOOGLE_ID, "otp")).await;
    let (_, key) = s
        .field_error(
            "challenge-authenticator",
            passcode(&code),
            "credentials.passcode",
        )
        .await;
    assert_eq!(key, "authfactor.challenge.soft_token.used_passcode");
}

#[tokio::test]
async fn the_security_question_is_asked_and_checked() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::choosing(&sim, MFA, choose_id(QUESTION_ID)).await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let key = s
        .state
        .primary()
        .unwrap()
        .field_at("credentials.questionKey")
        .unwrap()
        .clone();
    assert_eq!(
        key.label.as_deref(),
        Some("What is the food you least liked as a child?")
    );
    assert_eq!(key.plain_value(), Some(&json!("disliked_food")));
    assert_eq!(
        s.raw()["currentAuthenticatorEnrollment"]["value"]["contextualData"]["enrolledQuestion"]["questionKey"],
        "disliked_food"
    );
    let (_, key) = s
        .field_error(
            "challenge-authenticator",
            question_answer("disliked_food", "spinach"),
            "credentials.answer",
        )
        .await;
    assert_eq!(key, "authfactor.challenge.question_factor.answer_invalid");
    s.submit(
        "challenge-authenticator",
        question_answer("disliked_food", "  Broccoli "),
    )
    .await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn a_new_user_enrolls_every_required_authenticator_then_uses_them() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, SETUP).await;
    assert_eq!(s.primary(), "select-authenticator-enroll");
    assert!(s.state.remediation("skip").is_none(), "all are required");
    assert_eq!(option_labels(&s), SETUP_FACTORS);

    // Email: a code to the user's address; a wrong one first.
    s.submit("select-authenticator-enroll", choose_id(EMAIL_ID))
        .await;
    assert_eq!(s.primary(), "enroll-authenticator");
    let (status, key) = s
        .field_error(
            "enroll-authenticator",
            passcode("000000x"),
            "credentials.passcode",
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(key, "api.authn.error.PASSCODE_INVALID");
    let code = sim.last_code(SETUP).await;
    s.submit("enroll-authenticator", passcode(&code)).await;
    assert_eq!(s.primary(), "select-authenticator-enroll");
    assert_eq!(
        option_labels(&s),
        ["Phone", "Google Authenticator", "Security Question"]
    );

    // Phone: the method and number first; a number not in E.164 is refused.
    s.submit("select-authenticator-enroll", choose_id(PHONE_ID))
        .await;
    assert_eq!(s.primary(), "authenticator-enrollment-data");
    let (status, state) = error_doc(
        s.submit_err(
            "authenticator-enrollment-data",
            phone_data("sms", "555-0100"),
        )
        .await,
    );
    assert_eq!(status, 400);
    assert!(state.has_message_key("api.factors.error.sms.invalid_phone"));
    assert_eq!(
        state.primary().unwrap().name,
        "authenticator-enrollment-data"
    );
    s.submit(
        "authenticator-enrollment-data",
        phone_data("sms", "+15551230100"),
    )
    .await;
    assert_eq!(s.primary(), "enroll-authenticator");
    let sms = sim.last_message("+15551230100").await;
    assert_eq!(sms["channel"], "sms");
    s.submit(
        "enroll-authenticator",
        passcode(sms["code"].as_str().unwrap()),
    )
    .await;
    assert_eq!(
        option_labels(&s),
        ["Google Authenticator", "Security Question"]
    );

    // Google Authenticator: the phone scans the QR code.
    s.submit("select-authenticator-enroll", choose_id(GOOGLE_ID))
        .await;
    let raw = s.raw();
    let data = &raw["currentAuthenticator"]["value"]["contextualData"];
    let secret = data["sharedSecret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 16);
    let png = base64_decode(
        data["qrcode"]["href"]
            .as_str()
            .unwrap()
            .strip_prefix("data:image/png;base64,")
            .unwrap(),
    );
    let image = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let (_, content) = prepared.detect_grids()[0].decode().unwrap();
    assert_eq!(
        content,
        format!("otpauth://totp/idx-sim:setup@example.com?secret={secret}&issuer=idx-sim")
    );
    let (status, _) = sim
        .get_json(&format!(
            "/sim/api/totp?user={SETUP}&authenticator=google_otp"
        ))
        .await;
    assert_eq!(status, 404, "the phone has not scanned it yet");
    let r = sim.scan_image(png).await;
    let scanned: Value = r.json().await.unwrap();
    assert_eq!(scanned["authenticator"], "google_otp");
    let (_, key) = s
        .field_error(
            "enroll-authenticator",
            passcode("000000"),
            "credentials.passcode",
        )
        .await;
    assert_eq!(key, "api.authn.error.PASSCODE_INVALID");
    let google = sim.google_code(SETUP).await;
    s.submit("enroll-authenticator", passcode(&google)).await;
    assert_eq!(option_labels(&s), ["Security Question"]);

    // Security question: too short, then words of the question, then one's own question.
    s.submit("select-authenticator-enroll", choose_id(QUESTION_ID))
        .await;
    let answer_key = |state: &idx_protocol::IdxResponse| {
        let raw = serde_json::to_value(state).unwrap();
        let options = raw["remediation"]["value"][0]["value"][0]["options"].clone();
        options
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                o["value"]["form"]["value"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["name"] == "answer")
                    .unwrap()["messages"]["value"][0]["i18n"]["key"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect::<Vec<_>>()
    };
    let (_, state) = error_doc(
        s.submit_err(
            "enroll-authenticator",
            question_answer("disliked_food", "pea"),
        )
        .await,
    );
    assert_eq!(
        answer_key(&state),
        [
            "securityQuestion.answer.tooShort.arg",
            "securityQuestion.answer.tooShort.arg"
        ]
    );
    let (_, state) = error_doc(
        s.submit_err(
            "enroll-authenticator",
            question_answer("disliked_food", "the worst food ever"),
        )
        .await,
    );
    assert_eq!(
        answer_key(&state)[0],
        "securityQuestion.answer.containsQuestion"
    );
    let own = Inputs::new().with_object(
        "credentials",
        Inputs::new()
            .with("questionKey", "custom")
            .with("question", "Which street did you grow up on?")
            .with("answer", "Elm Lane"),
    );
    s.submit("enroll-authenticator", own).await;
    assert!(s.state.success_with_interaction_code.is_some());
    s.tokens().await;

    // Next time the user chooses among them (no Okta Verify for this user).
    let mut s = SignIn::password(&sim, SETUP).await;
    assert_eq!(option_labels(&s), SETUP_FACTORS);
    assert_eq!(
        s.raw()["authenticatorEnrollments"]["value"][2]["profile"]["phoneNumber"],
        "+1 XXX-XXX-0100"
    );
    s.submit("select-authenticator-authenticate", choose_id(QUESTION_ID))
        .await;
    assert_eq!(
        s.state
            .primary()
            .unwrap()
            .field_at("credentials.questionKey")
            .unwrap()
            .label
            .as_deref(),
        Some("Which street did you grow up on?")
    );
    s.submit(
        "challenge-authenticator",
        question_answer("custom", "elm lane"),
    )
    .await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn email_enrollment_completes_by_magic_link_and_phone_enrollment_by_voice() {
    use idx_sim::config::Authenticator::{OktaEmail, PhoneNumber};
    let sim = Sim::start(must_enroll(&[OktaEmail, PhoneNumber])).await;
    let mut s = SignIn::password(&sim, SETUP).await;
    s.submit("select-authenticator-enroll", choose_id(EMAIL_ID))
        .await;
    let current = s.state.current().unwrap().clone();
    let poll = current.poll.clone().expect("a poll while the link waits");
    assert_eq!(
        s.raw()["currentAuthenticator"]["value"]["contextualData"]["useEmailMagicLink"],
        true
    );
    // Resend: a new code and a new link; only the new link works.
    s.resend().await.unwrap();
    let messages = sim.outbox(SETUP).await;
    assert_eq!(messages.len(), 2);
    let old = sim
        .open_link(messages[0]["link"].as_str().unwrap(), false)
        .await;
    assert_eq!(old.status(), 404);
    let opened = sim
        .open_link(messages[1]["link"].as_str().unwrap(), false)
        .await;
    assert_eq!(opened.status(), 200);
    s.poll_form(&poll).await;
    assert_eq!(s.primary(), "select-authenticator-enroll");
    assert_eq!(option_labels(&s), ["Phone"]);

    // The phone's method and number straight from the list.
    s.submit(
        "select-authenticator-enroll",
        phone_data("voice", "+442079460000"),
    )
    .await;
    assert_eq!(s.primary(), "enroll-authenticator");
    let call = sim.last_message("+442079460000").await;
    assert_eq!(call["channel"], "voice");
    let code: String = call["code"].as_str().unwrap().to_owned();
    s.submit("enroll-authenticator", passcode(&code)).await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn an_expired_password_must_be_changed_to_one_the_policy_allows() {
    let sim = Sim::start(fast_config()).await;
    let user = "expired@example.com";
    let mut s = SignIn::password(&sim, user).await;
    assert_eq!(s.primary(), "reenroll-authenticator");
    assert!(s.state.remediation("skip").is_none());
    let raw = s.raw();
    let complexity = &raw["currentAuthenticator"]["value"]["settings"]["complexity"];
    assert_eq!(complexity["minLength"], 8);
    assert_eq!(complexity["excludeUsername"], true);
    for bad in [
        "Sh0rt",
        "alllowercase1",
        "NoDigitsHere",
        "Expired-Pass1",
        PASSWORD,
    ] {
        let (_, key) = s
            .field_error(
                "reenroll-authenticator",
                passcode(bad),
                "credentials.passcode",
            )
            .await;
        assert_eq!(key, "password.passwordRequirementsNotMet", "{bad}");
    }
    let (_, key) = s
        .field_error(
            "reenroll-authenticator",
            passcode("Password1"),
            "credentials.passcode",
        )
        .await;
    assert_eq!(key, "password.common");
    s.submit("reenroll-authenticator", passcode("Brand-New-Pass9"))
        .await;
    assert!(s.state.success_with_interaction_code.is_some());

    // The new password replaces the old one, and is not expired.
    let mut s = SignIn::start(&sim).await;
    s.submit("identify", Inputs::new().with("identifier", user))
        .await;
    let err = s
        .submit_err("challenge-authenticator", passcode(PASSWORD))
        .await;
    assert!(matches!(err, IdxError::State { .. }));
    let s = SignIn::password_as(&sim, user, "Brand-New-Pass9").await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn an_expiring_password_can_wait_or_be_changed() {
    let sim = Sim::start(fast_config()).await;
    let user = "expiring@example.com";
    let mut s = SignIn::password(&sim, user).await;
    assert_eq!(s.primary(), "reenroll-authenticator-warning");
    assert!(s.state.has_message_key("idx.password.expiring.message"));
    assert_eq!(
        s.raw()["currentAuthenticator"]["value"]["settings"]["daysToExpiry"],
        4
    );
    s.submit("skip", Inputs::new()).await;
    assert!(s.state.success_with_interaction_code.is_some());

    // Asked again next time; changed this time.
    let mut s = SignIn::password(&sim, user).await;
    assert_eq!(s.primary(), "reenroll-authenticator-warning");
    s.submit("reenroll-authenticator-warning", passcode("Fresh-Start-42"))
        .await;
    assert!(s.state.success_with_interaction_code.is_some());
    let s = SignIn::password_as(&sim, user, "Fresh-Start-42").await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn a_single_factor_is_asked_for_directly_and_bad_choices_are_refused() {
    let sim = Sim::start(email_only_config()).await;
    let mut s = SignIn::password(&sim, SETUP).await;
    assert_eq!(s.primary(), "authenticator-verification-data");
    let sh = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    // Authenticators the user does not have, or unknown ids, are refused (400, step kept).
    for id in [GOOGLE_ID, "autNope", OV_ID] {
        let r = sim
            .http
            .post(sim.org("/idp/idx/challenge"))
            .json(&json!({"stateHandle": sh, "authenticator": {"id": id}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{id}");
    }
    s.submit(
        "authenticator-verification-data",
        choose_method(EMAIL_ID, "email"),
    )
    .await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let code = sim.last_code(SETUP).await;
    s.submit("challenge-authenticator", passcode(&code)).await;
    assert!(s.state.success_with_interaction_code.is_some());

    let s = SignIn::password(&sim, SETUP).await;
    let sh = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    for body in [
        json!({"stateHandle": sh, "authenticator": "email"}),
        json!({"stateHandle": sh, "credentials": {"passcode": 5}}),
        json!({"stateHandle": sh, "authenticator": {"id": EMAIL_ID, "methodType": 7}}),
    ] {
        for path in [
            "challenge",
            "challenge/answer",
            "challenge/resend",
            "credential/enroll",
            "skip",
        ] {
            let r = sim
                .http
                .post(sim.org(&format!("/idp/idx/{path}")))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(r.status().as_u16() < 500, "{path} {body}: {}", r.status());
        }
    }
}

//! Every authenticator of Okta's recorded states (testdata/idx) gets its own step, chosen by
//! (remediation, authenticator key), and what the person types becomes the body Okta expects.

#![cfg(not(target_arch = "wasm32"))]

use idx_protocol::body::build_body;
use idx_protocol::{IdxResponse, testdata};
use idx_widget::testing::action::request_for;
use idx_widget::testing::{
    Action, CeremonyError, CodeSource, PasswordReason, Purpose, Question, Reach, Rule, StepKind,
    TerminalKind, Text, WebAuthnName, derive,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> IdxResponse {
    testdata::playground(name)
}

/// The JSON body the action sends on the fixture's first step (without `stateHandle`).
fn body(name: &str, action: Action) -> Value {
    let state = fixture(name);
    let step = derive(&state, None);
    let (form, inputs) = request_for(&action, &step)
        .unwrap_or_else(|e| panic!("{name}: refused {e:?}"))
        .unwrap_or_else(|| panic!("{name}: nothing to send"));
    let form = state.remediation(&form).unwrap();
    let mut body = build_body(&form.value, &inputs).unwrap_or_else(|e| panic!("{name}: {e}"));
    body.remove("stateHandle");
    Value::Object(body)
}

#[test]
fn each_recorded_state_gets_its_authenticator_s_step() {
    let cases: &[(&str, &str)] = &[
        ("authenticator-enroll-email.json", "email-code"),
        (
            "authenticator-enroll-email-emailmagiclink-true.json",
            "email-code",
        ),
        ("authenticator-verification-email.json", "email-code"),
        (
            "authenticator-verification-email-no-profile.json",
            "email-code",
        ),
        ("authenticator-verification-data-email.json", "email-send"),
        (
            "error-authenticator-enroll-email-invalid-otp.json",
            "email-code",
        ),
        ("error-401-invalid-email-otp-passcode.json", "email-code"),
        ("authenticator-enroll-phone.json", "phone-code"),
        ("authenticator-enroll-phone-voice.json", "phone-code"),
        ("authenticator-enroll-data-phone.json", "phone-number"),
        ("authenticator-enroll-data-phone-voice.json", "phone-number"),
        ("authenticator-verification-phone-sms.json", "phone-code"),
        ("authenticator-verification-phone-voice.json", "phone-code"),
        (
            "authenticator-verification-data-phone-sms-then-voice.json",
            "choose-method",
        ),
        (
            "authenticator-verification-data-phone-voice-only.json",
            "phone-send",
        ),
        (
            "error-authenticator-enroll-phone-invalid-otp.json",
            "phone-code",
        ),
        (
            "error-authenticator-challenge-phone-invalid-otp.json",
            "phone-code",
        ),
        (
            "authenticator-enroll-google-authenticator.json",
            "otp-enroll",
        ),
        (
            "authenticator-verification-google-authenticator.json",
            "otp-code",
        ),
        (
            "error-authenticator-enroll-google-invalid-otp.json",
            "otp-enroll",
        ),
        (
            "error-authenticator-verification-on-google-otp-invalid-passcode.json",
            "otp-code",
        ),
        ("authenticator-verification-custom-otp.json", "otp-code"),
        ("authenticator-verification-rsa.json", "otp-code"),
        ("authenticator-verification-on-prem.json", "otp-code"),
        ("authenticator-verification-symantec-vip.json", "otp-code"),
        ("authenticator-verification-yubikey.json", "otp-code"),
        ("authenticator-enroll-yubikey.json", "otp-code"),
        ("authenticator-verification-password.json", "password"),
        ("authenticator-enroll-password.json", "password-enroll"),
        (
            "error-authenticator-enroll-password-common.json",
            "password-enroll",
        ),
        ("authenticator-reset-password.json", "password-reset"),
        (
            "error-authenticator-reset-password-requirement.json",
            "password-reset",
        ),
        ("authenticator-expired-password.json", "password-expired"),
        (
            "authenticator-expired-password-no-complexity.json",
            "password-expired",
        ),
        (
            "authenticator-expiry-warning-password.json",
            "password-expiring",
        ),
        (
            "authenticator-enroll-security-question.json",
            "security-question-enroll",
        ),
        (
            "error-authenticator-enroll-security-question.json",
            "security-question-enroll",
        ),
        (
            "authenticator-verification-security-question.json",
            "security-question",
        ),
        ("terminal-return-email.json", "terminal"),
        ("terminal-registration.json", "terminal"),
        ("terminal-reset-password-success.json", "terminal"),
        ("error-403-access-denied.json", "terminal"),
        (
            "authenticator-verification-select-authenticator-with-email.json",
            "choose-authenticator-verify",
        ),
        (
            "authenticator-verification-webauthn.json",
            "webauthn-verify",
        ),
        (
            "authenticator-verification-webauthn-passkeys.json",
            "webauthn-verify",
        ),
        (
            "authenticator-verification-webauthn-custom.json",
            "webauthn-verify",
        ),
        (
            "error-authenticator-webauthn-failure.json",
            "webauthn-verify",
        ),
        ("authenticator-enroll-webauthn.json", "webauthn-enroll"),
        (
            "authenticator-enroll-webauthn-passkeys.json",
            "webauthn-enroll",
        ),
        (
            "authenticator-enroll-webauthn-custom.json",
            "webauthn-enroll",
        ),
        ("identify-with-webauthn-autofill.json", "identify"),
        // Not yet a view of their own; the generic form says this page cannot do them.
        ("authenticator-enroll-rsa.json", "generic"),
        ("authenticator-enroll-on-prem.json", "generic"),
        ("authenticator-enroll-symantec-vip.json", "generic"),
    ];
    for (file, name) in cases {
        assert_eq!(derive(&fixture(file), None).name(), *name, "{file}");
    }
}

#[test]
fn only_a_push_is_shown_as_a_push() {
    // An org's own push app is a push.
    assert_eq!(
        derive(
            &fixture("authenticator-verification-custom-app-push.json"),
            None
        )
        .name(),
        "push-waiting"
    );
    // FastPass waits in `challenge-poll` too, with no push to answer: it is FastPass;
    // an NFC PIN is not this page's to do.
    for file in [
        "authenticator-verification-okta-verify-signed-nonce-custom-uri.json",
        "authenticator-verification-okta-verify-signed-nonce-loopback.json",
        "authenticator-verification-okta-verify-signed-nonce-universal-link.json",
        "authenticator-verification-okta-verify-signed-nonce-app-link.json",
    ] {
        let step = derive(&fixture(file), None);
        assert_eq!(step.name(), "fastpass", "{file}");
        assert!(step.refresh.is_some(), "{file}: polls");
    }
    let step = derive(
        &fixture("authenticator-verification-nfc-pin-device-challenge.json"),
        None,
    );
    assert!(matches!(step.kind, StepKind::Generic { doable: false, .. }));
}

#[test]
fn every_fastpass_state_is_fastpass_by_its_challenge_method() {
    let org = "http://localhost:3000/idp/idx/authenticators/okta-verify.html";
    let cases: &[(&str, Reach, Option<&str>, bool)] = &[
        (
            "identify-with-device-probing-loopback.json",
            Reach::Loopback,
            None,
            true,
        ),
        (
            "identify-with-device-probing-https-loopback.json",
            Reach::Loopback,
            None,
            true,
        ),
        (
            "identify-with-device-probing-loopback-chrome-lna.json",
            Reach::Loopback,
            None,
            true,
        ),
        (
            "identify-with-device-launch-authenticator.json",
            Reach::CustomUri,
            Some(org),
            true,
        ),
        (
            "identify-with-app-link.json",
            Reach::AppLink,
            Some(org),
            true,
        ),
        (
            "identify-with-universal-link.json",
            Reach::UniversalLink,
            Some(org),
            true,
        ),
        (
            "authenticator-verification-okta-verify-signed-nonce-loopback.json",
            Reach::Loopback,
            None,
            false,
        ),
        (
            "authenticator-verification-okta-verify-signed-nonce-app-link.json",
            Reach::AppLink,
            Some(
                "http://localhost:3000/idp/idx/authenticators/okta-verify.html?param=is_assumed_to_exist",
            ),
            false,
        ),
    ];
    for (file, reach, href, device) in cases {
        let step = derive(&fixture(file), None);
        let StepKind::FastPass(fastpass) = &step.kind else {
            panic!("{file}: {step:?}")
        };
        assert_eq!(fastpass.reach, *reach, "{file}");
        assert_eq!(fastpass.href.as_deref(), *href, "{file}");
        assert_eq!(fastpass.device, *device, "{file}");
        // Each first-screen fixture carries the org's cancel form.
        assert_eq!(fastpass.can_cancel, *device, "{file}");
        assert!(step.refresh.is_some(), "{file}: the transaction is polled");
    }
}

#[test]
fn sign_in_with_okta_fastpass_is_offered_where_the_org_sends_it_only() {
    let step = derive(
        &fixture("identify-with-device-probing-loopback-challenge-not-received.json"),
        None,
    );
    assert_eq!(step.name(), "identify");
    assert!(step.alternatives.fastpass);
    assert_eq!(
        body(
            "identify-with-device-probing-loopback-challenge-not-received.json",
            Action::Identify {
                username: "joe".into(),
                password: None,
                remember_me: None
            }
        ),
        json!({"identifier": "joe"})
    );
    let step = derive(
        &fixture("identify-with-universal-link-w-session.json"),
        None,
    );
    assert_eq!(step.kind, StepKind::LaunchFastPass);
    // An org that sends no launch-authenticator gets no FastPass button.
    let step = derive(&fixture("identify-with-password.json"), None);
    assert!(!step.alternatives.fastpass);
}

#[test]
fn okta_verify_on_this_device_shows_what_to_do_and_polls_as_okta_does() {
    let step = derive(&fixture("authenticator-enroll-ov-same-device.json"), None);
    assert_eq!(
        step.kind,
        StepKind::EnrollHere {
            bootstrap: false,
            download_href: Some("https://apps.apple.com/us/app/okta-verify/id490179405".into()),
            org_url: Some("okta.okta.com".into()),
            setup_href: None,
            device: None,
        }
    );
    assert!(step.refresh.is_some(), "same-device enrollment polls");
    assert!(step.alternatives.other_channel);
    let step = derive(
        &fixture("authenticator-enroll-ov-same-device-osx-any-security.json"),
        None,
    );
    let StepKind::EnrollHere { setup_href, .. } = &step.kind else {
        panic!("{step:?}")
    };
    assert_eq!(
        setup_href.as_deref(),
        Some("http://localhost:3000/idp/idx/challenge/okta-verify.html")
    );
    for (file, device) in [
        (
            "authenticator-enroll-ov-device-bootstrap.json",
            "testDevice1",
        ),
        (
            "authenticator-enroll-ov-device-bootstrap-multiple-devices.json",
            "testDevice1",
        ),
    ] {
        let step = derive(&fixture(file), None);
        let StepKind::EnrollHere {
            bootstrap: true,
            device: Some(d),
            ..
        } = &step.kind
        else {
            panic!("{file}: {step:?}")
        };
        assert_eq!(d, device);
        assert_eq!(step.refresh, None, "{file}: only the device finishes it");
    }
}

#[test]
fn no_code_authenticator_is_a_password_prompt_or_a_push() {
    for file in [
        "authenticator-verification-email.json",
        "authenticator-verification-phone-sms.json",
        "authenticator-verification-google-authenticator.json",
        "authenticator-verification-custom-otp.json",
        "authenticator-verification-rsa.json",
    ] {
        let kind = derive(&fixture(file), None).kind;
        assert!(
            matches!(kind, StepKind::Passcode { .. }),
            "{file}: {kind:?}"
        );
    }
}

#[test]
fn the_email_code_shows_the_address_offers_resend_and_polls_the_magic_link() {
    let step = derive(&fixture("authenticator-verification-email.json"), None);
    assert_eq!(
        step.kind,
        StepKind::Passcode {
            source: CodeSource::Email,
            purpose: Purpose::Verify,
            authenticator: "Email".into(),
            sent_to: Some("i**a@h***o.net".into()),
            can_resend: true,
        }
    );
    assert_eq!(step.refresh, Some(4000), "the authenticator's own poll");
    let no_profile = derive(
        &fixture("authenticator-verification-email-no-profile.json"),
        None,
    );
    assert!(matches!(
        no_profile.kind,
        StepKind::Passcode { sent_to: None, .. }
    ));
    assert_eq!(
        body(
            "authenticator-verification-email.json",
            Action::Passcode(" 123 456 ".into())
        ),
        json!({"credentials": {"passcode": "123456"}})
    );
    assert_eq!(
        body(
            "authenticator-verification-data-email.json",
            Action::SendCode
        ),
        json!({"authenticator": {"id": "aut1v94GMPPMvkjbp0g4", "methodType": "email"}})
    );
}

#[test]
fn phones_are_one_choice_each_named_by_number_and_the_method_comes_after() {
    let step = derive(
        &fixture("authenticator-verification-select-authenticator-with-email.json"),
        None,
    );
    let StepKind::ChooseAuthenticator { choices, .. } = step.kind else {
        panic!("{step:?}")
    };
    let phones: Vec<_> = choices
        .iter()
        .filter(|c| c.key.as_deref() == Some("phone_number"))
        .collect();
    assert!(!phones.is_empty());
    assert!(phones.iter().all(|c| !c.send_method), "{phones:?}");
    let numbers: Vec<_> = phones.iter().map(|c| c.detail.as_deref()).collect();
    assert_eq!(
        numbers,
        [Some("+1 XXX-XXX-5309"), Some("+1 XXX-XXX-5310")],
        "two phones, told apart by number"
    );

    let step = derive(
        &fixture("authenticator-verification-data-phone-sms-then-voice.json"),
        None,
    );
    let StepKind::ChooseMethod { choices } = step.kind else {
        panic!("{step:?}")
    };
    let methods: Vec<_> = choices.iter().map(|c| c.method.clone().unwrap()).collect();
    assert_eq!(methods, ["sms", "voice"]);
    let phone = derive(
        &fixture("authenticator-verification-phone-voice.json"),
        None,
    );
    assert!(matches!(
        phone.kind,
        StepKind::Passcode {
            source: CodeSource::Voice,
            ..
        }
    ));
}

#[test]
fn a_phone_is_enrolled_in_e164_with_its_method() {
    let step = derive(&fixture("authenticator-enroll-data-phone.json"), None);
    assert_eq!(
        step.kind,
        StepKind::PhoneNumber {
            methods: vec![
                ("sms".into(), "SMS".into()),
                ("voice".into(), "Voice call".into())
            ]
        }
    );
    assert_eq!(
        body(
            "authenticator-enroll-data-phone.json",
            Action::EnrollPhone {
                method: "voice".into(),
                country: "GB".into(),
                national: "020 7946 0018".into(),
                extension: "12".into(),
            }
        ),
        json!({"authenticator": {"id": "aid568g3mXgtID0X1SLH", "methodType": "voice",
            "phoneNumber": "+442079460018x12"}}),
        "the extension after an x, as Okta's widget sends it"
    );
}

#[test]
fn google_authenticator_enrollment_shows_its_qr_code_and_secret() {
    let step = derive(
        &fixture("authenticator-enroll-google-authenticator.json"),
        None,
    );
    let StepKind::EnrollApp {
        authenticator,
        qr_src,
        secret,
    } = step.kind
    else {
        panic!("{step:?}")
    };
    assert_eq!(authenticator, "Google Authenticator");
    assert!(qr_src.is_some_and(|q| q.starts_with("data:image/png;base64,")));
    assert_eq!(secret.as_deref(), Some("ZR74DHZTG43NBULV"));
}

#[test]
fn new_passwords_carry_the_org_s_rules_and_must_be_typed_twice() {
    let step = derive(&fixture("authenticator-expired-password.json"), None);
    let StepKind::NewPassword {
        reason,
        rules,
        username,
        ..
    } = &step.kind
    else {
        panic!("{step:?}")
    };
    assert_eq!(*reason, PasswordReason::Expired);
    // The "no part of your username" rule is checked against who is signing in.
    assert_eq!(username.as_deref(), Some("testUser@okta.com"));
    assert_eq!(
        rules[..5],
        [
            Rule::MinLength(8),
            Rule::Lowercase,
            Rule::Uppercase,
            Rule::Number,
            Rule::NoUsername
        ]
    );
    let warning = derive(&fixture("authenticator-expiry-warning-password.json"), None);
    assert!(matches!(
        warning.kind,
        StepKind::NewPassword {
            reason: PasswordReason::Expiring(Some(4)),
            ..
        }
    ));
    assert!(warning.alternatives.skip, "Remind me later");
    let reset = derive(&fixture("authenticator-reset-password.json"), None);
    assert!(matches!(
        reset.kind,
        StepKind::NewPassword {
            revoke_sessions: true,
            ..
        }
    ));

    let different = Action::NewPassword {
        password: "Abcd1234!".into(),
        confirm: "Abcd1234?".into(),
        revoke_sessions: None,
    };
    let refused = request_for(&different, &step).unwrap_err();
    assert_eq!(refused.path, "confirmPassword");
    assert_eq!(
        body(
            "authenticator-reset-password.json",
            Action::NewPassword {
                password: "Abcd1234!".into(),
                confirm: "Abcd1234!".into(),
                revoke_sessions: Some(true),
            }
        ),
        json!({"credentials": {"passcode": "Abcd1234!", "revokeSessions": true}})
    );
}

#[test]
fn the_security_question_is_asked_with_its_question_and_both_enrollments_submit() {
    let step = derive(
        &fixture("authenticator-verification-security-question.json"),
        None,
    );
    assert_eq!(
        step.kind,
        StepKind::SecurityAnswer {
            question: "Where did you go for your favorite vacation?".into()
        }
    );
    assert_eq!(
        body(
            "authenticator-verification-security-question.json",
            Action::SecurityAnswer("Paris".into())
        ),
        json!({"credentials": {"questionKey": "favorite_vacation_location", "answer": "Paris"}})
    );
    let name = "authenticator-enroll-security-question.json";
    let StepKind::EnrollQuestion { questions, custom } = derive(&fixture(name), None).kind else {
        panic!()
    };
    assert!(custom);
    assert_eq!(questions.len(), 3);
    assert_eq!(questions[0].0, "disliked_food");
    assert_eq!(
        body(
            name,
            Action::EnrollQuestion {
                question: Question::Predefined("disliked_food".into()),
                answer: "okra".into()
            }
        ),
        json!({"credentials": {"questionKey": "disliked_food", "answer": "okra"}})
    );
    assert_eq!(
        body(
            name,
            Action::EnrollQuestion {
                question: Question::Custom("First concert?".into()),
                answer: "Blur".into()
            }
        ),
        json!({"credentials": {"questionKey": "custom", "question": "First concert?", "answer": "Blur"}})
    );
}

#[test]
fn terminal_states_are_titled_by_what_they_mean() {
    let cases = [
        ("terminal-return-email.json", TerminalKind::ReturnToTab),
        ("terminal-registration.json", TerminalKind::CheckEmail),
        ("terminal-reset-password-success.json", TerminalKind::Done),
        ("error-403-access-denied.json", TerminalKind::Denied),
        ("error-401-session-expired.json", TerminalKind::Expired),
        ("terminal-polling-window-expired.json", TerminalKind::Error),
    ];
    for (file, kind) in cases {
        assert_eq!(
            derive(&fixture(file), None).kind,
            StepKind::Terminal { kind },
            "{file}"
        );
    }
}

#[test]
fn a_step_this_page_cannot_do_says_so_and_keeps_the_ways_out() {
    // A WebAuthn challenge without its challengeData: hidden inputs nothing here can fill.
    let mut state = fixture("authenticator-verification-webauthn.json");
    state
        .current_authenticator
        .as_mut()
        .unwrap()
        .value
        .contextual_data = None;
    let step = derive(&state, None);
    assert!(matches!(step.kind, StepKind::Generic { doable: false, .. }));
    assert!(step.alternatives.verify_other);
}

#[test]
fn this_device_is_a_channel_to_choose_among_the_others() {
    // A channel list that offers Okta Verify on this device shows it.
    let mut raw: Value = serde_json::from_str(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-enroll-ov-same-device.json"
    ))
    .unwrap();
    raw["currentAuthenticator"]["value"]["contextualData"]["selectedChannel"] = json!("qrcode");
    let state = IdxResponse::from_json(&raw.to_string()).unwrap();
    let step = derive(&state, Some("select-enrollment-channel"));
    let StepKind::ChooseChannel { channels } = &step.kind else {
        panic!("{step:?}")
    };
    assert_eq!(
        channels.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["samedevice"]
    );
    let action = Action::ChooseChannel(channels[0].0);
    let (form, inputs) = request_for(&action, &step).unwrap().unwrap();
    let form = state.remediation(&form).unwrap();
    let sent = build_body(&form.value, &inputs).unwrap();
    assert_eq!(sent["authenticator"]["channel"], "samedevice");
}

#[test]
fn webauthn_steps_are_named_as_the_org_names_the_authenticator() {
    let kind = |file: &str| derive(&fixture(file), None).kind;
    assert_eq!(
        kind("authenticator-enroll-webauthn.json"),
        StepKind::WebAuthn {
            purpose: Purpose::Enroll,
            name: WebAuthnName::Default,
            user_verification: false,
        }
    );
    assert_eq!(
        kind("authenticator-verification-webauthn.json"),
        StepKind::WebAuthn {
            purpose: Purpose::Verify,
            name: WebAuthnName::Default,
            user_verification: true,
        }
    );
    assert_eq!(
        kind("authenticator-verification-webauthn-passkeys.json"),
        StepKind::WebAuthn {
            purpose: Purpose::Verify,
            name: WebAuthnName::Passkeys,
            user_verification: false,
        }
    );
    let StepKind::WebAuthn { name, .. } = kind("authenticator-enroll-webauthn-custom.json") else {
        panic!("not a WebAuthn step");
    };
    let WebAuthnName::Custom(custom) = &name else {
        panic!("{name:?}");
    };
    let (title, filled) = name.title(Purpose::Enroll);
    assert_eq!(title, Text::WebAuthnEnrollCustomTitle);
    assert_eq!(filled, Some(custom.as_str()));
    // The refused assertion keeps the step, the org's message and the other ways.
    let step = derive(&fixture("error-authenticator-webauthn-failure.json"), None);
    assert!(step.alternatives.verify_other);
}

#[test]
fn browser_refusals_are_told_apart_by_name() {
    for (name, error, shown) in [
        ("NotAllowedError", CeremonyError::NotAllowed, true),
        ("InvalidStateError", CeremonyError::AlreadyRegistered, true),
        ("NotSupportedError", CeremonyError::NotSupported, true),
        ("SecurityError", CeremonyError::Security, true),
        ("AbortError", CeremonyError::Aborted, false),
        ("TypeError", CeremonyError::Unusable, true),
        ("UnknownError", CeremonyError::Other, true),
    ] {
        assert_eq!(CeremonyError::from_name(name), error, "{name}");
        assert_eq!(error.text().is_some(), shown, "{name}");
    }
}

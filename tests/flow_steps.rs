//! Steps derived from Okta's real IDX responses (testdata/idx).

#![cfg(not(target_arch = "wasm32"))]

use idx_protocol::{IdxResponse, testdata};
use idx_widget::testing::{Channel, Purpose, StepKind, TerminalKind, derive};

mod recorded;

fn fixture(rel: &str) -> IdxResponse {
    testdata::idx(rel)
}

const P: &str = "siw-playground/idp/idx/";
const V3: &str = "siw-v3/idp/idx/";

#[test]
fn every_step_of_the_four_flows_is_recognised() {
    let cases: &[(&str, &str)] = &[
        ("siw-playground/idp/idx/identify.json", "identify"),
        ("siw-v3/idp/idx/introspect/default.json", "identify"),
        (
            "siw-playground/idp/idx/authenticator-verification-password.json",
            "password",
        ),
        (
            "siw-v3/idp/idx/challenge/answer/enroll-okta-verify-mfa.json",
            "choose-authenticator-enroll",
        ),
        (
            "siw-v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json",
            "enroll-qr",
        ),
        (
            "siw-v3/idp/idx/credential/enroll/enroll-ov-email-channel.json",
            "channel-address",
        ),
        (
            "siw-v3/idp/idx/challenge/send/enroll-ov-sms-mfa.json",
            "enroll-waiting",
        ),
        (
            "siw-v3/idp/idx/identify/verify-ov-mfa.json",
            "choose-authenticator-verify",
        ),
        (
            "siw-v3/idp/idx/challenge/verify-ov-select-method.json",
            "choose-method",
        ),
        (
            "siw-v3/idp/idx/challenge/verify-ov-push-method.json",
            "send-push",
        ),
        (
            "siw-v3/idp/idx/challenge/verify-ov-push-manual.json",
            "push-waiting",
        ),
        (
            "siw-playground/idp/idx/authenticator-verification-okta-verify-reject-push.json",
            "push-failed",
        ),
        (
            "siw-v3/idp/idx/challenge/verify-ov-code-mfa.json",
            "enter-code",
        ),
        (
            "siw-v3/idp/idx/authenticators/poll/verify-ov-push-manual-success.json",
            "success",
        ),
        ("siw-playground/idp/idx/success.json", "redirect"),
        (
            "siw-playground/idp/idx/success-redirect-remediation.json",
            "redirect",
        ),
        (
            "siw-playground/idp/idx/error-401-session-expired.json",
            "terminal",
        ),
        (
            "siw-playground/idp/idx/authenticator-enroll-ov-same-device.json",
            "okta-verify-enroll-here",
        ),
    ];
    for (file, name) in cases {
        assert_eq!(derive(&fixture(file), None).name(), *name, "{file}");
    }
}

#[test]
fn okta_verify_is_split_into_its_methods_fastpass_among_them() {
    let step = derive(
        &fixture(&format!(
            "{P}authenticator-verification-select-authenticator-ov-m2.json"
        )),
        None,
    );
    let StepKind::ChooseAuthenticator {
        purpose: Purpose::Verify,
        choices,
    } = step.kind
    else {
        panic!("{step:?}")
    };
    let ov: Vec<_> = choices
        .iter()
        .filter(|c| c.key.as_deref() == Some("okta_verify"))
        .collect();
    let methods: Vec<_> = ov.iter().map(|c| c.method.as_deref().unwrap()).collect();
    // FastPass is offered as itself, in the server's order.
    assert_eq!(methods, ["signed_nonce", "push", "totp"], "server order");
    assert!(
        ov.iter()
            .all(|c| c.id == "auteq0lLiL9o1cYoN0g4" && c.send_method)
    );
    let password = choices
        .iter()
        .find(|c| c.key.as_deref() == Some("okta_password"))
        .unwrap();
    assert_eq!(
        (password.method.as_deref(), password.send_method),
        (Some("password"), false)
    );
}

#[test]
fn waiting_steps_carry_what_the_view_needs() {
    let step = derive(
        &fixture(&format!("{V3}challenge/verify-ov-push-manual.json")),
        None,
    );
    assert_eq!(
        step.kind,
        StepKind::PushWaiting {
            number: Some("52".into()),
            auto_challenge: Some(false),
            can_resend: true
        }
    );
    assert_eq!(step.refresh, Some(1000));
    assert!(step.alternatives.verify_other);

    let step = derive(
        &fixture(&format!("{P}authenticator-enroll-ov-email.json")),
        None,
    );
    assert_eq!(
        step.kind,
        StepKind::EnrollWaiting {
            channel: Channel::Email,
            address: Some("joy@okta.com".into()),
            can_resend: true
        }
    );
    assert!(step.alternatives.other_channel && step.alternatives.enroll_list);

    let step = derive(
        &fixture(&format!("{P}authenticator-enroll-ov-qr.json")),
        None,
    );
    let StepKind::EnrollQr { qr_src: Some(src) } = &step.kind else {
        panic!("{step:?}")
    };
    assert!(src.starts_with("data:image/png;base64,"));
    assert_eq!(step.refresh, Some(4000));

    // Steps that do not wait do not poll.
    assert_eq!(
        derive(
            &fixture(&format!("{V3}challenge/verify-ov-code-mfa.json")),
            None
        )
        .refresh,
        None
    );
}

#[test]
fn switching_locally_to_the_channel_list_hides_the_current_channel() {
    let state = fixture(&format!("{P}authenticator-enroll-ov-email.json"));
    let step = derive(&state, Some("select-enrollment-channel"));
    let StepKind::ChooseChannel { channels } = step.kind else {
        panic!()
    };
    let names: Vec<_> = channels.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        names,
        [Channel::Qrcode, Channel::Sms],
        "email, the current one, is left out"
    );
    assert_eq!(step.refresh, None, "the channel list does not poll");
    // "Verify with something else" from the push screen.
    let state = fixture(&format!("{V3}challenge/verify-ov-push-manual.json"));
    assert_eq!(
        derive(&state, Some("select-authenticator-authenticate")).name(),
        "choose-authenticator-verify"
    );
    // An unknown focus falls back to the primary step.
    assert_eq!(derive(&state, Some("no-such-form")).name(), "push-waiting");
}

#[test]
fn only_png_data_uris_are_shown_as_the_qr_code() {
    use idx_widget::testing::step::safe_png_data_uri;
    assert!(safe_png_data_uri("data:image/png;base64,iVBORw0KGgo=").is_some());
    for bad in [
        "https://evil.example/qr.png",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "data:image/png;base64,\"><script>",
        "data:image/png;base64,",
        "javascript:alert(1)",
    ] {
        assert_eq!(safe_png_data_uri(bad), None, "{bad}");
    }
    let state = recorded::with_qr_href(
        fixture(&format!("{P}authenticator-enroll-ov-qr.json")),
        "https://evil.example/qr.png",
    );
    assert_eq!(
        derive(&state, None).kind,
        StepKind::EnrollQr { qr_src: None }
    );
}

#[test]
fn the_expired_session_is_told_apart_from_other_dead_ends() {
    let expired = derive(
        &fixture(&format!("{V3}identify/error-session-expired.json")),
        None,
    );
    assert_eq!(
        expired.kind,
        StepKind::Terminal {
            kind: TerminalKind::Expired
        }
    );
    let other = derive(
        &fixture(&format!("{P}terminal-polling-window-expired.json")),
        None,
    );
    assert_eq!(
        other.kind,
        StepKind::Terminal {
            kind: TerminalKind::Error
        }
    );
}

#[test]
fn a_poll_answer_that_only_echoes_the_auto_push_box_is_the_same_step() {
    let before = fixture(&format!("{V3}challenge/verify-ov-push-manual.json"));
    let mut after = before.clone();
    let form = &mut after.remediation.as_mut().unwrap().value[0];
    let field = form
        .value
        .iter_mut()
        .find(|f| f.name == "autoChallenge")
        .unwrap();
    field.value = Some(idx_protocol::FieldValue::Plain(serde_json::json!(true)));
    let (a, b) = (derive(&before, None), derive(&after, None));
    assert_ne!(a, b);
    assert!(
        a.same_as(&b),
        "ticking the box while waiting must not redraw the step"
    );
    let other = derive(
        &fixture(&format!("{V3}challenge/verify-ov-code-mfa.json")),
        None,
    );
    assert!(!a.same_as(&other));
}

/// An org with CAPTCHA on sign-in, recovery or sign-up (`captchaVerify`, hCaptcha or
/// reCAPTCHA v2). This page cannot get the provider's token, so instead of a form the org would
/// refuse it names the provider and keeps the org's other ways.
#[test]
fn a_form_behind_a_captcha_says_so_and_names_the_provider() {
    let cases = [
        (
            "identify-with-password-with-hcaptcha.json",
            "hCaptcha",
            "identify",
        ),
        (
            "identify-with-password-with-recaptcha-v2.json",
            "reCAPTCHA",
            "identify",
        ),
        (
            "identify-recovery-with-hcaptcha.json",
            "hCaptcha",
            "identify-recovery",
        ),
        (
            "enroll-profile-new-with-hcaptcha.json",
            "hCaptcha",
            "enroll-profile",
        ),
    ];
    for (file, provider, form) in cases {
        let state = fixture(&format!("{P}{file}"));
        let step = derive(&state, None);
        assert_eq!(
            step.kind,
            StepKind::Captcha {
                provider: Some(provider.into())
            },
            "{file}"
        );
        assert_eq!(step.name(), "captcha");
        assert_eq!(step.form.as_deref(), Some(form), "{file}");
    }
    // The ways out the org offers stay: sign-up beside the username, sign-in beside sign-up.
    let identify = derive(
        &fixture(&format!("{P}identify-with-password-with-hcaptcha.json")),
        None,
    );
    assert!(identify.alternatives.sign_up);
    assert!(identify.alternatives.recover.is_some(), "Forgot password?");
    let sign_up = derive(
        &fixture(&format!("{P}enroll-profile-new-with-hcaptcha.json")),
        None,
    );
    assert!(sign_up.alternatives.sign_in);
    // The same forms without a CAPTCHA are shown as forms.
    assert!(matches!(
        derive(&fixture(&format!("{P}identify-with-password.json")), None).kind,
        StepKind::Identify { password: true, .. }
    ));
}

//! The other authenticators through the session: email and phone codes, passwords, and
//! the choice between enrollments of one authenticator.

use super::*;

/// Two phones share one authenticator id: the choice sends the enrollment it stands for.
#[test]
fn options_sharing_an_id_are_told_apart_by_their_enrollment() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-select-authenticator.json"),
    );
    let phones: Vec<Choice> = match &h.session.step().unwrap().kind {
        StepKind::ChooseAuthenticator { choices, .. } => choices
            .iter()
            .filter(|c| c.id == "aut5v31Tb789KuCGY0g4")
            .cloned()
            .collect(),
        other => panic!("{other:?}"),
    };
    let enrollments: Vec<_> = phones.iter().map(|c| c.enrollment_id.clone()).collect();
    assert!(
        enrollments.contains(&Some("pae5ykzcnhmdfSMuQ0g4".into())),
        "{phones:?}"
    );
    let second = phones
        .iter()
        .find(|c| c.enrollment_id.as_deref() == Some("pae5ykzcnhmdfSMuQ0g4"))
        .unwrap()
        .clone();
    let (_, _, inputs) = submitted(&h.user(Action::Choose(second)));
    assert_eq!(
        inputs.get("authenticator").unwrap()["enrollmentId"],
        json!("pae5ykzcnhmdfSMuQ0g4")
    );
}

/// The email code step polls the authenticator's own `poll` at its `refresh` while the person
/// types: the magic link opened anywhere signs in here. A wrong code keeps the step.
#[test]
fn the_email_code_step_polls_for_the_magic_link() {
    let email = fixture("siw-playground/idp/idx/authenticator-verification-email.json");
    let (mut h, out) = Harness::started(config(), email.clone());
    assert_eq!(h.step_name(), "email-code");
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));
    let (ticket, form, _) = h.poll_after(4000);
    assert_eq!(form, "poll", "the authenticator's poll action");
    // Still waiting: same step, next poll scheduled.
    let out = h.answer(ticket, Reply::Polled(Ok(email.clone())));
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));
    assert!(steps(&out).is_empty());
    // A wrong code: the field error, the same step, and polling goes on.
    let (ticket, ..) = submitted(&h.user(Action::Passcode("000000".into())));
    let wrong = fixture("siw-playground/idp/idx/error-401-invalid-email-otp-passcode.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(401, wrong))));
    assert_eq!(h.step_name(), "email-code");
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000), "{out:?}");
    // The link was opened: the poll's answer is the success.
    let (ticket, ..) = h.poll_after(4000);
    let done = fixture("siw-playground/idp/idx/success-with-interaction-code.json");
    let out = h.answer(ticket, Reply::Polled(Ok(done)));
    assert!(
        out.iter().any(|c| matches!(c, Command::Exchange { .. })),
        "{out:?}"
    );
}

/// An email magic link's `otp` given to the widget is entered for the person at the email
/// step, once: a wrong one leaves the step for the person to type the code.
#[test]
fn an_otp_from_an_email_link_is_entered_at_the_email_step_once() {
    let mut config = config();
    config.otp = Some("482913".into());
    let (mut h, out) = Harness::started(
        config,
        fixture("siw-playground/idp/idx/authenticator-verification-email.json"),
    );
    let (ticket, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-authenticator");
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({"passcode": "482913"}))
    );
    let wrong = fixture("siw-playground/idp/idx/error-401-invalid-email-otp-passcode.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(401, wrong))));
    assert_eq!(h.step_name(), "email-code");
    assert!(
        !out.iter().any(|c| matches!(c, Command::Submit { .. })),
        "not sent again: {out:?}"
    );
}

/// "Send again" on a phone code: offered once the reminder is due, it posts the resend and
/// says so, and the reminder starts over.
#[test]
fn a_phone_code_is_sent_again_after_the_reminder() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-phone-sms.json"),
    );
    assert_eq!(h.step_name(), "phone-code");
    let delay = scheduled(&out, Timer::Reminder).expect("a reminder");
    assert!(!h.session.reminder_due());
    h.advance(delay);
    h.send(Event::TimerFired(Timer::Reminder));
    assert!(h.session.reminder_due());
    let out = h.user(Action::Resend);
    let (_, form, _) = submitted(&out);
    assert_eq!(form, "resend");
    assert_eq!(announced(&out), Some(&Announcement::Says(Text::Resent)));
    assert!(!h.session.reminder_due());
}

/// Two new passwords that differ are not sent; the confirm field says why.
#[test]
fn new_passwords_that_differ_are_not_sent() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-expired-password.json"),
    );
    let out = h.user(Action::NewPassword {
        password: "Abcd1234".into(),
        confirm: "Abcd1235".into(),
        revoke_sessions: None,
    });
    assert!(no_requests(&out));
    let refused = h.session.refused().expect("refused");
    assert_eq!(
        (refused.path.as_ref(), refused.why),
        ("confirmPassword", Text::PasswordMismatch)
    );
}

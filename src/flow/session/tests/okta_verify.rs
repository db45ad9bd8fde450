//! Okta Verify through the session: push with a number challenge, the QR code and the
//! links by email or SMS, one-time codes, "Send push", and enrollment on a phone or on this
//! device.

use super::*;
use crate::flow::{Address, Alternative, Channel};

/// Password, Okta Verify push with a number challenge, then the token exchange.
#[test]
fn push_with_number_challenge_signs_in() {
    let (mut h, out) =
        Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    assert_eq!(steps(&out), ["identify"]);
    assert_eq!(
        announced(&out),
        Some(&Announcement::Nothing),
        "no stale 'Connecting…' on the first step"
    );

    let out = h.user(Action::Identify {
        username: "  ann@example.com ".into(),
        password: Some("Okta-Verify-1".into()),
        remember_me: Some(false),
    });
    let (ticket, form, inputs) = submitted(&out);
    assert_eq!(form, "identify");
    assert_eq!(inputs.get("identifier"), Some(&json!("ann@example.com")));
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({"passcode": "Okta-Verify-1"}))
    );
    assert_eq!(inputs.get("rememberMe"), Some(&json!(false)));
    assert!(h.session.busy());

    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json",
        ))),
    );
    assert_eq!(steps(&out), ["choose-authenticator-verify"]);
    assert!(!h.session.busy());

    let push = h.choice("push");
    let (ticket, form, inputs) = submitted(&h.user(Action::Choose(push)));
    assert_eq!(form, "select-authenticator-authenticate");
    assert_eq!(
        inputs.get("authenticator"),
        Some(&json!({"id": "auteq0lLiL9o1cYoN0g4", "methodType": "push"}))
    );

    let waiting = fixture("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    let out = h.answer(ticket, Reply::Proceeded(Ok(waiting.clone())));
    assert_eq!(steps(&out), ["push-waiting"]);
    assert_eq!(
        announced(&out),
        Some(&Announcement::PushSent {
            number: Some("52".into())
        })
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(refresh));
    assert_eq!(scheduled(&out, Timer::Reminder), Some(30_000));

    // A timer that fires early (browsers do) only schedules the rest of the wait.
    h.advance(refresh / 2);
    let out = h.send(Event::TimerFired(Timer::Poll));
    assert!(no_requests(&out));
    assert_eq!(scheduled(&out, Timer::Poll), Some(refresh - refresh / 2));

    let (ticket, form, _) = h.poll_after(refresh - refresh / 2);
    assert_eq!(form, "challenge-poll");
    assert!(!h.session.busy(), "polling does not block the buttons");
    // Still waiting: the same step, the next poll one refresh later.
    let out = h.answer(ticket, Reply::Polled(Ok(waiting)));
    assert!(steps(&out).is_empty(), "the step did not change");
    assert_eq!(scheduled(&out, Timer::Poll), Some(refresh));

    let (ticket, ..) = h.poll_after(refresh);
    let out = h.answer(
        ticket,
        Reply::Polled(Ok(fixture(
            "siw-v3/idp/idx/authenticators/poll/verify-ov-push-manual-success.json",
        ))),
    );
    assert_eq!(steps(&out), ["success"]);
    let ticket = out
        .iter()
        .find_map(|c| match c {
            Command::Exchange {
                ticket, secrets: s, ..
            } => {
                assert_eq!(s.verifier(), secrets().verifier());
                Some(*ticket)
            }
            _ => None,
        })
        .expect("the code is exchanged");

    let out = h.answer(ticket, Reply::Exchanged(Ok(tokens())));
    assert_eq!(h.session.phase(), &Phase::Done);
    assert_eq!(steps(&out), ["signed-in"]);
    assert!(out.contains(&Command::Emit(HostEvent::Success(tokens()))));
    assert!(
        !out.iter().any(|c| matches!(c, Command::StoreTokens(_))),
        "tokens stay in memory unless the host asks"
    );
    // Nothing polls after success.
    h.advance(60_000);
    assert!(h.send(Event::TimerFired(Timer::Poll)).is_empty());
}

/// QR enrollment: the QR step polls until the phone scans; "Can't scan?" pauses polling and
/// coming back resumes it.
#[test]
fn qr_enrollment_polls_until_the_phone_scans() {
    let qr = fixture("siw-playground/idp/idx/authenticator-enroll-ov-qr.json");
    let (mut h, out) = Harness::started(config(), qr.clone());
    assert_eq!(steps(&out), ["enroll-qr"]);
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));
    assert!(matches!(
        &h.session.step().unwrap().kind,
        StepKind::EnrollQr { qr_src: Some(src) } if src.starts_with("data:image/png;base64,")
    ));

    let (old_poll, form, _) = h.poll_after(4000);
    assert_eq!(form, "enroll-poll");

    // "Can't scan?" while that poll is out: the poll's late answer must not pull the user back.
    let out = h.user(Action::SwitchTo(Alternative::OtherChannel));
    assert_eq!(steps(&out), ["choose-channel"]);
    let out = h.answer(old_poll, Reply::Polled(Ok(qr.clone())));
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(h.step_name(), "choose-channel");
    h.advance(10_000);
    assert!(
        h.send(Event::TimerFired(Timer::Poll)).is_empty(),
        "no polling off the QR"
    );

    // Back to the QR code: polling starts again.
    let out = h.user(Action::SwitchTo(Alternative::Primary));
    assert_eq!(steps(&out), ["enroll-qr"]);
    let (ticket, ..) = h.poll_after(4000);
    let out = h.answer(
        ticket,
        Reply::Polled(Ok(fixture(
            "siw-v3/idp/idx/challenge/poll/enroll-ov-success.json",
        ))),
    );
    assert_eq!(steps(&out).len(), 1, "{out:?}");
    assert_ne!(h.step_name(), "enroll-qr");
}

/// Email-link enrollment: channel, address (blank refused locally), waiting, reminder, resend.
#[test]
fn email_link_enrollment_with_reminder_and_resend() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-enroll-ov-qr.json"),
    );
    h.user(Action::SwitchTo(Alternative::OtherChannel));
    let (ticket, form, inputs) = submitted(&h.user(Action::ChooseChannel(Channel::Email)));
    assert_eq!(form, "select-enrollment-channel");
    assert_eq!(
        inputs.get("authenticator"),
        Some(&json!({"channel": "email"}))
    );
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-enroll-ov-via-email.json",
        ))),
    );
    assert_eq!(steps(&out), ["channel-address"]);

    let out = h.user(Action::SendLink(Address::Email("  ".into())));
    assert!(no_requests(&out), "a blank address is not sent");
    assert_eq!(
        h.session.refused().map(|r| r.path.into_owned()).as_deref(),
        Some("email")
    );

    let (ticket, form, inputs) =
        submitted(&h.user(Action::SendLink(Address::Email(" ann@example.com".into()))));
    assert_eq!(form, "enrollment-channel-data");
    assert_eq!(inputs.get("email"), Some(&json!("ann@example.com")));
    assert_eq!(h.session.refused(), None);

    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-enroll-ov-email.json",
        ))),
    );
    assert_eq!(steps(&out), ["enroll-waiting"]);
    assert!(matches!(
        announced(&out),
        Some(Announcement::LinkSent {
            channel: Channel::Email,
            address: Some(_)
        })
    ));
    assert_eq!(scheduled(&out, Timer::Reminder), Some(30_000));
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));

    // The reminder shows only once its time has come.
    h.advance(10_000);
    h.send(Event::TimerFired(Timer::Reminder));
    assert!(!h.session.reminder_due());
    h.advance(20_000);
    h.send(Event::TimerFired(Timer::Reminder));
    assert!(h.session.reminder_due());

    let out = h.user(Action::Resend);
    let (_, form, _) = submitted(&out);
    assert_eq!(form, "resend", "the authenticator's own resend action");
    assert_eq!(announced(&out), Some(&Announcement::Says(Text::Resent)));
    assert!(
        !h.session.reminder_due(),
        "the reminder waits again after a resend"
    );
    assert_eq!(scheduled(&out, Timer::Reminder), Some(30_000));
}

/// SMS: the number goes out in E.164 from the country's calling code.
#[test]
fn sms_link_sends_an_e164_number() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-enroll-ov-via-sms.json"),
    );
    assert_eq!(h.step_name(), "channel-address");
    let (_, _, inputs) = submitted(&h.user(Action::SendLink(Address::Phone {
        country: "GB".into(),
        national: "07700 900123".into(),
    })));
    assert_eq!(inputs.get("phoneNumber"), Some(&json!("+447700900123")));
}

/// TOTP: a wrong code keeps the step with the server's field error; the right one signs in.
#[test]
fn totp_wrong_then_right() {
    let (mut h, _) = Harness::started(
        config(),
        fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json",
        ),
    );
    let totp = h.choice("totp");
    let (ticket, ..) = submitted(&h.user(Action::Choose(totp)));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-okta-verify-totp.json",
        ))),
    );
    assert_eq!(steps(&out), ["enter-code"]);

    let (ticket, form, inputs) = submitted(&h.user(Action::Code("123 456".into())));
    assert_eq!(form, "challenge-authenticator");
    assert_eq!(inputs.get("credentials"), Some(&json!({"totp": "123456"})));
    let wrong = fixture("siw-playground/idp/idx/error-okta-verify-totp.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(400, wrong))));
    assert!(
        steps(&out).is_empty(),
        "the same step, with its field error"
    );
    assert_eq!(h.step_name(), "enter-code");
    assert!(
        !h.session.state().unwrap().all_messages().is_empty(),
        "the server's message about the code is kept for the view"
    );

    let (ticket, ..) = submitted(&h.user(Action::Code("654321".into())));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture("siw-v3/idp/idx/challenge/answer/default.json"))),
    );
    assert_eq!(steps(&out), ["success"]);
    assert!(out.iter().any(|c| matches!(c, Command::Exchange { .. })));
}

/// "Send push" screen, "Send push automatically", and the box ticked while waiting is sent with
/// every poll.
#[test]
fn send_push_automatically_follows_the_box() {
    let (mut h, out) = Harness::started(
        config(),
        fixture(
            "siw-playground/idp/idx/authenticator-verification-data-okta-verify-push-autoChallenge-off.json",
        ),
    );
    assert_eq!(steps(&out), ["send-push"]);
    let (ticket, form, inputs) = submitted(&h.user(Action::SendPush {
        auto_challenge: Some(true),
    }));
    assert_eq!(form, "authenticator-verification-data");
    assert_eq!(
        inputs.get("authenticator"),
        Some(&json!({"methodType": "push", "autoChallenge": true}))
    );
    let waiting = fixture("siw-v3/idp/idx/challenge/verify-ov-send-push.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    h.answer(ticket, Reply::Proceeded(Ok(waiting)));
    assert_eq!(h.step_name(), "push-waiting");
    h.user(Action::SetAutoChallenge(false));
    assert_eq!(h.session.auto_challenge(), Some(false));
    let (_, _, inputs) = h.poll_after(refresh);
    assert_eq!(inputs.get("autoChallenge"), Some(&json!(false)));
}

/// On a phone, Okta Verify enrollment starts on the choice of a setup link.
#[test]
fn a_phone_starts_enrollment_on_the_channel_choice() {
    let mut h = Harness::new(config());
    h.session = Session::new(&config()).on_mobile(true);
    let ticket = begin_ticket(&h.send(Event::Started { saved: None }));
    let out = h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets()),
            handle: None,
            result: Ok(fixture(
                "siw-playground/idp/idx/authenticator-enroll-ov-qr.json",
            )),
        },
    );
    assert_eq!(steps(&out), ["choose-channel"]);
    assert_eq!(scheduled(&out, Timer::Poll), None);
    // The QR code is one tap away.
    let out = h.user(Action::SwitchTo(Alternative::Primary));
    assert_eq!(steps(&out), ["enroll-qr"]);
}

/// Same-device enrollment finishes in Okta Verify on this device, and the page polls to learn
/// it did, as Okta's widget does; device bootstrap is the phone's alone: no polling.
#[test]
fn same_device_enrollment_is_polled_and_device_bootstrap_is_not() {
    let same_device: IdxResponse =
        fixture("siw-playground/idp/idx/authenticator-enroll-ov-same-device.json");
    let (_, out) = Harness::started(config(), same_device.clone());
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000), "{out:?}");
    let mut bootstrap = same_device;
    bootstrap
        .current_authenticator
        .as_mut()
        .and_then(|a| a.value.contextual_data.as_mut())
        .expect("contextual data")
        .selected_channel = Some("devicebootstrap".into());
    let (_, out) = Harness::started(config(), bootstrap);
    assert_eq!(scheduled(&out, Timer::Poll), None, "{out:?}");
}

//! Answers that arrive too late or twice, and requests the person makes twice: one request
//! at a time, and only the newest state's answers count.

use super::*;

/// Back to sign in while a request is out, and removal: late answers change nothing.
#[test]
fn late_answers_after_cancel_switch_or_removal_are_dropped() {
    let (mut h, _) = Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    let (stale, ..) = submitted(&h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    }));
    let out = h.user(Action::Restart);
    let fresh = begin_ticket(&out);
    assert_eq!(h.session.phase(), &Phase::Loading);
    let out = h.answer(
        stale,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json",
        ))),
    );
    assert!(
        out.is_empty(),
        "an answer for the abandoned transaction: {out:?}"
    );
    assert_eq!(h.session.phase(), &Phase::Loading);
    // The same answer twice is heard once.
    let first = fixture("siw-v3/idp/idx/introspect/default.json");
    let reply = Reply::Began {
        secrets: Some(secrets()),
        handle: None,
        result: Ok(first),
    };
    assert!(!h.answer(fresh, reply.clone()).is_empty());
    assert!(h.answer(fresh, reply).is_empty());

    // Removed while a request is out: the answer, timers and actions do nothing.
    let (pending, ..) = submitted(&h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    }));
    // Only the cancel that tells the org the transaction is given up.
    let out = h.send(Event::Removed);
    assert!(
        out.iter()
            .all(|c| matches!(c, Command::CancelTransaction(_))),
        "{out:?}"
    );
    let before = h.session.clone();
    assert!(
        h.answer(
            pending,
            Reply::Proceeded(Err(IdxError::Transport("aborted".into())))
        )
        .is_empty()
    );
    assert!(h.send(Event::TimerFired(Timer::Poll)).is_empty());
    assert!(h.send(Event::Visibility(true)).is_empty());
    assert!(h.user(Action::Restart).is_empty());
    assert!(h.send(Event::Started { saved: None }).is_empty());
    assert_eq!(h.session, before, "nothing changed after removal");
}

/// A poll that brings a new state while a resend is out: the resend's late answer is stale.
#[test]
fn a_newer_state_makes_other_requests_stale() {
    let waiting = fixture("siw-playground/idp/idx/authenticator-enroll-ov-email.json");
    let (mut h, _) = Harness::started(config(), waiting);
    h.advance(30_000);
    h.send(Event::TimerFired(Timer::Reminder));
    let (resend, ..) = submitted(&h.user(Action::Resend));
    let (poll, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let done = fixture("siw-playground/idp/idx/success-with-interaction-code.json");
    let out = h.answer(poll, Reply::Polled(Ok(done)));
    assert_eq!(steps(&out), ["success"]);
    let out = h.answer(
        resend,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-enroll-ov-email.json",
        ))),
    );
    assert!(out.is_empty());
    assert_eq!(h.step_name(), "success");
}

/// One request at a time: a second submit while the first is out is not sent.
#[test]
fn double_submit_sends_once() {
    let (mut h, _) = Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    let action = Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    };
    let (ticket, ..) = submitted(&h.user(action.clone()));
    assert!(no_requests(&h.user(action.clone())), "still busy");
    assert!(no_requests(&h.user(Action::Skip)));
    // A failed submit frees the buttons and keeps the step, with the reason on top.
    h.answer(
        ticket,
        Reply::Proceeded(Err(IdxError::Transport("Failed to fetch".into()))),
    );
    assert_eq!(h.step_name(), "identify");
    assert_eq!(h.session.banner(), Some(&unreachable()));
    assert!(!h.session.busy());
    submitted(&h.user(action));
    assert_eq!(h.session.banner(), None, "a new try clears the old error");
}

//! A waiting step's polls when the org or the network misbehaves: rate limits, lost
//! connections, a page that comes back, and the org's last word while polling.

use std::time::Duration;

use super::*;

fn waiting_on_push() -> (Harness, u64) {
    let waiting =
        fixture("siw-playground/idp/idx/authenticator-verification-okta-verify-push.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    let (h, _) = Harness::started(config(), waiting);
    assert_eq!(h.step_name(), "push-waiting");
    (h, refresh)
}

/// Rate limited mid-poll: say so, wait what the org asked, then carry on.
#[test]
fn a_rate_limit_while_polling_waits_and_resumes() {
    let (mut h, refresh) = waiting_on_push();
    let (ticket, ..) = h.poll_after(refresh);
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
            reset_at: None,
            summary: "Too many requests".into(),
            state: None,
        })),
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(7000));
    assert_eq!(h.session.notice(), Some(&Note::RateLimitedFor(7)));
    assert_eq!(h.step_name(), "push-waiting");
    h.advance(6999);
    assert!(
        no_requests(&h.send(Event::TimerFired(Timer::Poll))),
        "not before the wait"
    );
    let (ticket, ..) = h.poll_after(1);
    let waiting = h.session.state().unwrap().clone();
    h.answer(ticket, Reply::Polled(Ok(waiting)));
    assert_eq!(h.session.notice(), None);
}

/// The network drops mid-poll: keep the step, say we are reconnecting, back off, give up
/// after six in a row with a clear message.
#[test]
fn network_failures_while_polling_back_off_then_give_up() {
    let (mut h, refresh) = waiting_on_push();
    let mut waits = Vec::new();
    let mut wait = refresh;
    for _ in 0..poll::MAX_FAILURES {
        let (ticket, ..) = h.poll_after(wait);
        let out = h.answer(
            ticket,
            Reply::Polled(Err(IdxError::Transport("Load failed".into()))),
        );
        assert_eq!(h.step_name(), "push-waiting", "the step is kept");
        match scheduled(&out, Timer::Poll) {
            Some(next) => {
                assert_eq!(h.session.notice(), Some(&Note::Reconnecting));
                waits.push(next);
                wait = next;
            }
            None => break,
        }
    }
    assert!(waits[0] > refresh, "backing off: {waits:?}");
    assert!(
        waits.windows(2).all(|w| w[1] >= w[0]),
        "backing off: {waits:?}"
    );
    assert!(
        waits.iter().all(|w| *w <= poll::MAX_BACKOFF_MS),
        "capped: {waits:?}"
    );
    assert_eq!(waits.len() as u32, poll::MAX_FAILURES - 1);
    assert_eq!(h.session.banner(), Some(&unreachable()));
    assert_eq!(h.session.notice(), None);
}

/// A request that could not even be sent (no org client, say) still gets a reply of its own
/// kind, so the session hears it: a poll that fails that way backs off like a lost connection
/// instead of leaving the step waiting for an answer that never comes.
#[test]
fn a_request_that_could_not_be_sent_is_answered_in_its_own_kind() {
    let (mut h, refresh) = waiting_on_push();
    h.advance(refresh);
    let out = h.send(Event::TimerFired(Timer::Poll));
    let poll = out
        .iter()
        .find(|c| matches!(c, Command::Poll { .. }))
        .expect("a poll");
    let reply = Reply::failed(poll, IdxError::Transport("no org".into()));
    let out = h.answer(poll.ticket().unwrap(), reply);
    assert!(
        scheduled(&out, Timer::Poll).is_some_and(|next| next > refresh),
        "backs off: {out:?}"
    );
    assert_eq!(h.session.notice(), Some(&Note::Reconnecting));
}

/// Without `Retry-After`, the wait runs to `x-rate-limit-reset` by the page's own clock; with
/// neither, a minute.
#[test]
fn a_rate_limit_reset_is_measured_against_the_local_clock() {
    let (mut h, refresh) = waiting_on_push();
    h.now = 1_700_000_000_000; // the browser's clock: milliseconds since the epoch
    let (ticket, ..) = h.poll_after(refresh);
    let reset_at = h.now / 1000 + 20;
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::RateLimited {
            retry_after: None,
            reset_at: Some(reset_at),
            summary: "API call exceeded rate limit due to too many requests.".into(),
            state: None,
        })),
    );
    let wait = scheduled(&out, Timer::Poll).unwrap();
    assert!((19_000..=20_000).contains(&wait), "{wait}");
    let (ticket, ..) = h.poll_after(wait);
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::RateLimited {
            retry_after: None,
            reset_at: None,
            summary: "Too many requests".into(),
            state: None,
        })),
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(60_000));
    // On a submit, the banner says how long.
    let (mut h, _) = Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    let (ticket, ..) = submitted(&h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    }));
    h.answer(
        ticket,
        Reply::Proceeded(Err(IdxError::RateLimited {
            retry_after: Some(Duration::from_secs(30)),
            reset_at: None,
            summary: "Too many requests".into(),
            state: None,
        })),
    );
    assert_eq!(h.session.banner(), Some(&Note::RateLimitedFor(30)));
}

/// Back from the phone: poll half a second later, and a poll that fails right then (iOS
/// Safari's "Load failed") is retried quietly.
#[test]
fn returning_to_the_page_polls_soon_and_forgives_a_failure() {
    let (mut h, refresh) = waiting_on_push();
    h.advance(refresh / 4);
    assert!(h.send(Event::Visibility(false)).is_empty());
    let out = h.send(Event::Visibility(true));
    assert_eq!(scheduled(&out, Timer::Poll), Some(poll::VISIBLE_DELAY_MS));
    let (ticket, ..) = h.poll_after(poll::VISIBLE_DELAY_MS);
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::Transport("Load failed".into()))),
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(poll::VISIBLE_DELAY_MS));
    assert_eq!(h.session.notice(), None, "nothing to worry the user with");
}

/// A 4xx answer with only messages while polling (access denied after the approval) is the
/// org's last word: shown at once, no retry, no "could not reach your organization".
#[test]
fn a_denial_while_polling_is_final() {
    let (mut h, refresh) = waiting_on_push();
    let (ticket, ..) = h.poll_after(refresh);
    let denied = fixture("siw-playground/idp/idx/error-403-access-denied.json");
    let out = h.answer(ticket, Reply::Polled(Err(state_error(403, denied))));
    assert_eq!(steps(&out), ["terminal"]);
    assert_eq!(
        h.session.step().unwrap().kind,
        StepKind::Terminal {
            kind: crate::flow::TerminalKind::Denied
        }
    );
    assert_eq!(scheduled(&out, Timer::Poll), None);
    assert_eq!(h.session.notice(), None);
    h.advance(60_000);
    assert!(no_requests(&h.send(Event::TimerFired(Timer::Poll))));
}

/// An expired transaction: the terminal step; "Back to sign in" starts a new one.
#[test]
fn an_expired_session_ends_on_the_terminal_step_and_restarts() {
    let (mut h, refresh) = waiting_on_push();
    let (ticket, ..) = h.poll_after(refresh);
    let expired = fixture("siw-playground/idp/idx/error-401-session-expired.json");
    let out = h.answer(ticket, Reply::Polled(Err(state_error(401, expired))));
    assert_eq!(steps(&out), ["terminal"]);
    assert!(matches!(
        h.session.step().unwrap().kind,
        StepKind::Terminal {
            kind: crate::flow::TerminalKind::Expired
        }
    ));
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::ExpiredTitle))
    );
    h.advance(60_000);
    assert!(h.send(Event::TimerFired(Timer::Poll)).is_empty());
    let out = h.user(Action::Restart);
    begin_ticket(&out);
    assert_eq!(announced(&out), Some(&Announcement::Says(Text::Loading)));
    // Pressed again before the org answered: still the one new transaction.
    let again = h.user(Action::Restart);
    assert!(
        !again.iter().any(|c| matches!(c, Command::Begin { .. })),
        "{again:?}"
    );
}

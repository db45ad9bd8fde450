//! Waiting: `challenge/poll` (Okta Verify's activation, an email's magic link),
//! `authenticators/poll` (a push, FastPass) and `authenticators/poll/cancel`, all rate limited
//! as Okta's are.

use super::*;

pub(super) fn step(call: Call) -> Outcome {
    match (call.endpoint, call.tx.view.clone()) {
        ("authenticators/poll", View::FastPass(waiting)) => crate::fastpass::poll(
            call.app,
            call.inner,
            call.tx,
            &waiting,
            call.request,
            call.now,
        ),
        ("authenticators/poll/cancel", View::FastPass(waiting)) => {
            crate::fastpass::cancel(call.inner, call.tx, &waiting, call.body)
        }
        ("authenticators/poll", view) => okta_verify::poll_push(call, view),
        ("challenge/poll", view) => challenge_poll(call, view),
        _ => not_now(),
    }
}

/// `challenge/poll`: whether Okta Verify's activation completed or the email's link was
/// followed.
fn challenge_poll(call: Call, view: View) -> Outcome {
    let now = call.now;
    let (app, inner, tx, _, request) = call.parts();
    if let Some(limited) = rate_limit(app, tx, now) {
        return Outcome::Reply(limited);
    }
    if let View::EnrollPoll { activation, .. } = &view
        && inner
            .activations
            .get(activation)
            .is_some_and(|a| a.completed)
    {
        tx.mfa_done = true;
        advance(app, inner, tx, request);
    }
    if let View::Challenge {
        authenticator: Authenticator::OktaEmail,
    }
    | View::Enroll {
        authenticator: Authenticator::OktaEmail,
    } = &view
    {
        factors::poll(app, inner, tx, request);
    }
    ok()
}

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

/// Polls faster than three quarters of the `refresh` the server gave get Okta's 429.
pub(crate) fn rate_limit(app: &App, tx: &mut Transaction, now: Instant) -> Option<IdxReply> {
    let config = &app.store.config;
    let refresh = config.refresh_after(tx.polls);
    let too_soon = config.poll_rate_limit
        && tx
            .last_poll
            .is_some_and(|last| now.duration_since(last) < refresh * 3 / 4);
    let faulted = config.faults.rate_limit_this_poll();
    if !too_soon && !faulted {
        tx.last_poll = Some(now);
        tx.polls += 1;
        return None;
    }
    let wait = if faulted {
        Duration::from_secs(2)
    } else {
        refresh
    };
    let body = json!({
        "errorCode": "E0000047",
        "errorSummary": "API call exceeded rate limit due to too many requests.",
        "errorLink": "E0000047",
        "errorId": random_id("oae", 22),
        "errorCauses": [],
    });
    Some(too_many_requests(body, wait))
}

/// A 429 with Okta's rate-limit headers. `x-rate-limit-reset` is a whole second, rounded up
/// so that a client waiting until then is not refused again.
pub(crate) fn too_many_requests(body: Value, wait: Duration) -> IdxReply {
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        + wait;
    let mut reply = IdxReply::new(StatusCode::TOO_MANY_REQUESTS, body);
    reply.headers = vec![
        ("x-rate-limit-limit", "1".into()),
        ("x-rate-limit-remaining", "0".into()),
        ("x-rate-limit-reset", (reset.as_secs() + 1).to_string()),
    ];
    reply
}

//! Okta Verify's side of the IDX state machine: choosing it to sign in (push, FastPass, a
//! code), its code, polling for the push, and enrolling it by QR code, link or this device.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::*;

/// `challenge` with Okta Verify chosen: by its method, a push, FastPass, a code, or the
/// methods to choose from.
pub(super) fn choose(call: Call, choice: &Map<String, Value>) -> Outcome {
    let (app, inner, tx, _, request) = call.parts();
    let enrolled = proves_okta_verify(tx.flow)
        && tx
            .user
            .as_deref()
            .and_then(|u| inner.user_state(u))
            .is_some_and(|s| s.okta_verify);
    if !enrolled {
        return no_such_authenticator();
    }
    let username = tx.user.clone().unwrap_or_default();
    if let (Some(Value::Bool(auto)), Some(device)) = (choice.get("autoChallenge"), &request.device)
    {
        remember_auto_push(inner, device, &username, *auto);
    }
    match choice.get("methodType").and_then(Value::as_str) {
        Some("push") => {
            let push = send_push(app, inner, &username, request);
            tx.view = View::PushPoll { push };
            tx.reset_polls();
            ok()
        }
        Some("signed_nonce")
            if app.store.config.fastpass.device(&username).is_some() && tx.flow == Flow::SignIn =>
        {
            crate::fastpass::start(app, inner, tx, request, true)
        }
        Some("totp")
            if app
                .store
                .user(&username)
                .is_some_and(|u| u.okta_verify_totp) =>
        {
            tx.view = View::Totp;
            ok()
        }
        None => {
            tx.view = View::VerifyData;
            ok()
        }
        Some(_) => Outcome::Reply(bad_request("Okta Verify offers only push and totp here.")),
    }
}

/// `challenge/answer` with Okta Verify's code.
pub(super) fn answer_totp(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    let code = credential(body, "totp").unwrap_or("");
    let username = tx.user.clone().unwrap_or_default();
    let secret = inner
        .user_state(&username)
        .map(|s| s.totp_secret.clone())
        .unwrap_or_default();
    if crate::store::totp(&secret).is_some_and(|t| t.check_current(code.trim()).unwrap_or(false)) {
        tx.mfa_done = true;
        advance(app, inner, tx, request);
        ok()
    } else {
        refuse(
            StatusCode::BAD_REQUEST,
            Feedback::field(
                "credentials.totp",
                ion::message_with_params(
                    "api.authn.error.PASSCODE_INVALID",
                    "Invalid code. Try again.",
                ),
            ),
        )
    }
}

/// `authenticators/poll`: whether the push was answered (rate limited like Okta's).
pub(super) fn poll_push(call: Call, view: View) -> Outcome {
    let now = call.now;
    let (app, inner, tx, body, request) = call.parts();
    let config = &app.store.config;
    if let Some(limited) = rate_limit(app, tx, now) {
        return Outcome::Reply(limited);
    }
    let username = tx.user.clone().unwrap_or_default();
    if let (Some(Value::Bool(auto)), Some(device)) = (body.get("autoChallenge"), &request.device) {
        remember_auto_push(inner, device, &username, *auto);
    }
    let View::PushPoll { push } = view else {
        return ok();
    };
    let lifetime = Duration::from_secs(config.push_lifetime_secs);
    match inner.push(&push, lifetime).map(|p| p.status) {
        Some(PushStatus::Approved) => {
            tx.mfa_done = true;
            advance(app, inner, tx, request);
        }
        Some(PushStatus::Denied) => {
            tx.view = View::PushResend {
                push,
                failure: PushFailure::Rejected,
            };
            return Outcome::Render(
                StatusCode::OK,
                Feedback::global(ion::message_with_params(
                    "api.authn.poll.error.push_rejected",
                    "You have chosen to reject this login.",
                )),
            );
        }
        Some(PushStatus::Expired | PushStatus::Cancelled) | None => {
            tx.view = View::PushResend {
                push,
                failure: PushFailure::Expired,
            }
        }
        Some(PushStatus::Pending) => {}
    }
    ok()
}

/// `credential/enroll` with Okta Verify chosen: by the channel asked for (or the org's
/// default), an activation to wait on, or the address to send a link to.
pub(super) fn enroll(call: Call, choice: &Map<String, Value>) -> Outcome {
    let (app, inner, tx, _, request) = call.parts();
    let config = &app.store.config;
    let username = tx.user.clone().unwrap_or_default();
    let wanted = match (app.store.user(&username), inner.user_state(&username)) {
        (Some(user), Some(state)) => okta_verify_wanted(&user, state, tx),
        _ => false,
    };
    if !wanted {
        return no_such_authenticator();
    }
    tx.otp = None;
    tx.enrolling_secret = None;
    let on_device = config.fastpass.enroll_on_this_device;
    let channel = match choice.get("channel").and_then(Value::as_str) {
        None => on_device.unwrap_or(Channel::Qrcode),
        Some(c) => match Channel::parse(c) {
            Some(Channel::Qrcode) => Channel::Qrcode,
            Some(ch) if on_device == Some(ch) => ch,
            Some(ch) if config.enrollment_channels.iter().any(|e| e == ch.as_str()) => ch,
            _ => {
                return Outcome::Reply(bad_request("That enrollment channel is not offered."));
            }
        },
    };
    if channel.activates() {
        let username = tx.user.clone().unwrap_or_default();
        let activation = enroll::new_activation(inner, &username);
        if channel == Channel::DeviceBootstrap {
            crate::fastpass::bootstrap_prompt(inner, &activation, &username, request);
        }
        tx.view = View::EnrollPoll {
            channel,
            activation,
            address: None,
        };
        tx.reset_polls();
    } else {
        tx.view = View::EnrollChannelData { channel };
    }
    ok()
}

/// A push the cancelled transaction was waiting on can no longer be answered from the phone.
pub(super) fn cancel_push(inner: &mut Inner, view: &View) {
    let (View::PushPoll { push } | View::PushResend { push, .. }) = view else {
        return;
    };
    if let Some(push) = inner
        .pushes
        .iter_mut()
        .find(|p| p.id == *push && p.status == PushStatus::Pending)
    {
        push.status = PushStatus::Cancelled;
    }
}

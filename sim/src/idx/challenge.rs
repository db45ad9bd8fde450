//! Proving who one is: `challenge` (choosing an authenticator to verify with),
//! `challenge/answer` (the password, a code, a key's signature, a new password) and
//! `challenge/resend`.

use super::*;

pub(super) fn step(call: Call) -> Outcome {
    match (call.endpoint, call.tx.view.clone()) {
        ("challenge", View::UnlockSelect) => {
            recovery::choose_for_unlock(call.app, call.inner, call.tx, call.body)
        }
        // Okta posts the phone's enrollment data to credential/enroll; /challenge is taken too.
        ("challenge", View::EnrollData { .. }) if enroll::chooses_phone(call.body) => {
            enroll::phone_data(call)
        }
        (
            "challenge",
            View::VerifySelect
            | View::VerifyData
            | View::PushPoll { .. }
            | View::PushResend { .. }
            | View::Totp
            | View::ChallengeData { .. }
            | View::Challenge { .. }
            | View::FastPass(_),
        ) => by_authenticator(call, okta_verify::choose, factors::choose),
        ("challenge/answer", view) => answer(call, view),
        ("challenge/resend", view) => resend(call, view),
        _ => not_now(),
    }
}

/// `challenge/answer`, by what the transaction asked for.
fn answer(call: Call, view: View) -> Outcome {
    match view {
        View::ResetPassword => recovery::reset_password(call),
        View::EnrollPassword => crate::registration::enroll_password(call),
        View::Password => password(call),
        View::Totp => okta_verify::answer_totp(call),
        View::Challenge {
            authenticator: Authenticator::Webauthn,
        } if call.tx.user.is_none() => crate::webauthn::sign_in_discoverable(call),
        View::Challenge { authenticator } => factors::answer(call, authenticator, false),
        View::Enroll { authenticator } => factors::answer(call, authenticator, true),
        View::PasswordChange { .. } => factors::change_password(call),
        _ => not_now(),
    }
}

/// The password, counted against the account's lockout.
fn password(call: Call) -> Outcome {
    let username = call.tx.user.clone().unwrap_or_default();
    match lockout::check(call.app, call.inner, &username, passcode(call.body)) {
        Ok(()) => {
            advance(call.app, call.inner, call.tx, call.request);
            ok()
        }
        Err(why) => lockout::refusal(call.tx, why),
    }
}

/// `challenge/resend`: the setup link, the code, or a new push.
fn resend(call: Call, view: View) -> Outcome {
    match view {
        View::EnrollPoll {
            channel,
            activation,
            address,
        } if !channel.activates() => {
            let address = address.unwrap_or_default();
            enroll::send_setup_link(call.app, call.inner, channel, &address, &activation);
            ok()
        }
        View::ChallengeData {
            authenticator: a @ Authenticator::OktaEmail,
        }
        | View::Challenge {
            authenticator: a @ (Authenticator::OktaEmail | Authenticator::PhoneNumber),
        }
        | View::Enroll {
            authenticator: a @ (Authenticator::OktaEmail | Authenticator::PhoneNumber),
        } => factors::resend(call.app, call.inner, call.tx, a),
        View::PushPoll { .. } => {
            let username = call.tx.user.clone().unwrap_or_default();
            let push = send_push(call.app, call.inner, &username, call.request);
            call.tx.view = View::PushPoll { push };
            ok()
        }
        _ => not_now(),
    }
}

//! Who is signing in: `identify` (and back to it from the registration form), signing in
//! without a username (FastPass, passkeys), starting over (`cancel`) and the doors to recovery
//! and unlock.

use super::*;

pub(super) fn step(call: Call) -> Outcome {
    let config = &call.app.store.config;
    match (call.endpoint, call.tx.view.clone()) {
        ("cancel", view) => cancel(call, &view),
        ("identify", View::Identify) => identify(call),
        ("identify", View::IdentifyRecovery) => {
            recovery::identify(call.app, call.inner, call.tx, call.body)
        }
        // "Back to sign in" from the registration form.
        ("identify", View::EnrollProfile) => {
            call.tx.view = View::Identify;
            match call.body.get("identifier") {
                Some(_) => identify(call),
                None => ok(),
            }
        }
        ("unlock-account", View::Identify) => recovery::unlock_account(call.app, call.tx),
        ("recover", _) => recovery::recover(call.app, call.inner, call.tx),
        ("authenticators/okta-verify/launch", View::Identify | View::FastPass(_))
            if crate::fastpass::launch_offered(&config.fastpass) =>
        {
            call.tx.user = None;
            crate::fastpass::start(call.app, call.inner, call.tx, call.request, false)
        }
        ("challenge/answer/webauthn-autofillui", View::Identify) if config.webauthn.autofill => {
            crate::webauthn::sign_in_discoverable(call)
        }
        ("authenticators/webauthn/launch", View::Identify) => {
            crate::webauthn::launch(call.app, call.tx)
        }
        _ => not_now(),
    }
}

/// `cancel`: the transaction starts over at identify, forgetting who and what was done.
fn cancel(call: Call, view: &View) -> Outcome {
    okta_verify::cancel_push(call.inner, view);
    let tx = call.tx;
    tx.user = None;
    tx.view = View::Identify;
    tx.mfa_done = false;
    tx.password_skipped = false;
    tx.okta_verify_skipped = false;
    tx.otp = None;
    tx.enrolling_secret = None;
    tx.flow = Flow::SignIn;
    tx.consented = false;
    ok()
}

/// `identify`: the user, by username (and password, where the org asks for both at once).
fn identify(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    let identifier = match identifier(body) {
        Ok(identifier) => identifier,
        Err(blank) => return blank,
    };
    if let Some(Err(feedback)) = app.store.config.captcha.as_ref().map(|c| c.check(body)) {
        return refuse(StatusCode::BAD_REQUEST, feedback);
    }
    let user = match user_named(app, identifier) {
        Ok(user) => user,
        Err(unknown) => return unknown,
    };
    if lockout::is_locked(inner, &user.username) {
        return lockout::refusal(tx, lockout::Refusal::Locked);
    }
    tx.user = Some(user.username.clone());
    if app.store.config.password_on_identify {
        if let Err(why) = lockout::check(app, inner, &user.username, passcode(body)) {
            tx.user = None;
            return lockout::refusal(tx, why);
        }
        advance(app, inner, tx, request);
    } else {
        tx.view = View::Password;
    }
    ok()
}

//! The self-service side doors: forgot password (`recover` → `identify-recovery` → an
//! authenticator's challenge → `reset-authenticator`), unlock account (`unlock-account` →
//! `select-authenticator-unlock-account` → the challenge → "unlocked"), and recovery tokens
//! (an admin's reset link: interact with `recovery_token` starts at the new password). The
//! challenges are the sign-in's own (factors.rs, idx.rs); advance.rs's `proven` takes over once
//! one passed.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::App;
use crate::advance::advance;
use crate::ion::{self, Feedback};
use crate::lockout;
use crate::outcome::{
    Call, Outcome, authenticator_choice, bad_request, identifier, not_now, ok, refuse, user_named,
};
use crate::policy::{proves, proves_okta_verify};
use crate::store::{Flow, Inner, RecoveryToken, Terminal, Transaction, View, random_id};

/// `POST /idp/idx/recover` ("Forgot password?"): from the identify form (who is asked next) or
/// the password (the user is known).
pub fn recover(app: &App, inner: &mut Inner, tx: &mut Transaction) -> Outcome {
    if !matches!(tx.view, View::Identify | View::Password) {
        return not_now();
    }
    if !app.store.config.self_service_recovery {
        return not_allowed(StatusCode::FORBIDDEN);
    }
    tx.flow = Flow::Recover;
    match tx.user.clone() {
        Some(username) => choose_next(inner, tx, &username),
        None => {
            tx.view = View::IdentifyRecovery;
            ok()
        }
    }
}

/// Okta's refusal of a password reset: the org does not allow it, or nothing the user has may
/// prove who they are.
fn not_allowed(status: StatusCode) -> Outcome {
    refuse(
        status,
        Feedback::global(ion::message(
            "oie.selfservice.reset.password.not.allowed",
            "Reset password is not allowed at this time. Please contact support for assistance.",
        )),
    )
}

/// The known user chooses an authenticator to prove it is them, if they have one for this
/// flow.
fn choose_next(inner: &mut Inner, tx: &mut Transaction, username: &str) -> Outcome {
    let has_one = inner.user_state(username).is_some_and(|s| {
        (s.okta_verify && proves_okta_verify(tx.flow))
            || s.enrolled.iter().any(|a| proves(tx.flow, *a))
    });
    if !has_one {
        tx.flow = Flow::SignIn;
        tx.user = None;
        tx.view = View::Identify;
        return not_allowed(StatusCode::BAD_REQUEST);
    }
    tx.view = View::VerifySelect;
    ok()
}

/// `identify-recovery`: whose password is forgotten.
pub fn identify(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    body: &Map<String, Value>,
) -> Outcome {
    match known_user(app, body) {
        Ok(user) => {
            tx.user = Some(user.clone());
            choose_next(inner, tx, &user)
        }
        Err(refused) => refused,
    }
}

/// The configured user the body's `identifier` names, or Okta's field or global error.
fn known_user(app: &App, body: &Map<String, Value>) -> Result<String, Outcome> {
    let identifier = identifier(body)?;
    user_named(app, identifier).map(|u| u.username)
}

/// `POST /idp/idx/unlock-account` ("Unlock account?") from the identify form.
pub fn unlock_account(app: &App, tx: &mut Transaction) -> Outcome {
    if !app.store.config.self_service_unlock {
        return Outcome::Reply(bad_request("Self-service unlock is not enabled."));
    }
    tx.user = None;
    tx.flow = Flow::Unlock;
    tx.view = View::UnlockSelect;
    ok()
}

/// `select-authenticator-unlock-account`: who is locked out, and the authenticator that proves
/// it; the challenge is the sign-in's.
pub fn choose_for_unlock(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    body: &Map<String, Value>,
) -> Outcome {
    let found = known_user(app, body)
        .and_then(|user| authenticator_choice(body).map(|choice| (user, choice)));
    let (user, choice) = match found {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    tx.user = Some(user);
    let outcome = crate::factors::choose(app, inner, tx, choice);
    if !matches!(outcome, Outcome::Render(StatusCode::OK, _)) {
        tx.user = None;
        tx.view = View::UnlockSelect;
    }
    outcome
}

/// `reset-authenticator`: the new password, under the org's policy. It unlocks the account;
/// then the user is signed in (policy permitting) or sent back to sign in, as configured.
pub fn reset_password(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    if let Err(refused) =
        crate::factors::set_password(app, inner, tx, body, crate::factors::current)
    {
        return refused;
    }
    let name = tx.user.clone().unwrap_or_default();
    lockout::unlock(inner, &name);
    tx.flow = Flow::SignIn;
    if app.store.config.recovery_signs_in {
        // The authenticator that proved the recovery already counts as the second factor
        // (a recovery token proved nothing: policy asks for one).
        advance(app, inner, tx, request);
    } else {
        tx.view = View::Terminal(Terminal::PasswordReset);
    }
    ok()
}

/// Interact's `recovery_token`: a good one starts the transaction at its user's new password
/// (and is spent); any other ends it on Okta's invalid-token page.
pub fn start_with_token(inner: &mut Inner, tx: &mut Transaction, token: &str) {
    let now = Instant::now();
    let fresh = inner
        .recovery_tokens
        .remove(token)
        .filter(|t| now.duration_since(t.created) < crate::store::RECOVERY_TOKEN_LIFETIME);
    match fresh {
        Some(t) => {
            tx.user = Some(t.username);
            tx.flow = Flow::Recover;
            tx.view = View::ResetPassword;
        }
        None => tx.view = View::Terminal(Terminal::InvalidRecoveryToken),
    }
}

/// `POST /sim/api/recovery-token` with `{"user": …}`: a recovery token for that user, as an
/// admin's "Reset password" email would carry.
pub async fn recovery_token_api(State(app): State<Arc<App>>, body: axum::body::Bytes) -> Response {
    let user = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("user").and_then(Value::as_str).map(str::to_owned));
    let Some(user) = user.and_then(|u| app.store.user(&u).map(|u| u.username.clone())) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no such user; send {\"user\": \"name@example.com\"}"})),
        )
            .into_response();
    };
    let token = random_id("", 20);
    app.store.with(|inner| {
        inner.recovery_tokens.insert(
            token.clone(),
            RecoveryToken {
                username: user,
                created: Instant::now(),
            },
        );
        inner.bound();
    });
    Json(json!({"recoveryToken": token})).into_response()
}

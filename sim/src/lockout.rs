//! Lockout: `lockout_attempts` wrong passwords in a row lock a user out until the account is
//! unlocked or the password recovered; a right one starts the count again.

use axum::http::StatusCode;
use serde_json::Value;

use crate::App;
use crate::ion::{self, Feedback};
use crate::outcome::{Outcome, refuse};
use crate::store::{Inner, Transaction, View};

/// Why a password was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not the user's password.
    Wrong,
    /// The user is locked out (now, or before this attempt).
    Locked,
}

/// Checks the user's password, counting the wrong ones; the one that reaches the limit locks
/// the user out.
pub fn check(
    app: &App,
    inner: &mut Inner,
    username: &str,
    given: Option<&str>,
) -> Result<(), Refusal> {
    let limit = app.store.config.lockout_attempts;
    let Some(state) = inner.user_state(username) else {
        return Err(Refusal::Wrong);
    };
    if state.locked {
        return Err(Refusal::Locked);
    }
    if given.is_some_and(|g| g == state.password) {
        state.failed_passwords = 0;
        return Ok(());
    }
    state.failed_passwords += 1;
    if limit > 0 && state.failed_passwords >= limit {
        state.locked = true;
        state.failed_passwords = 0;
        return Err(Refusal::Locked);
    }
    Err(Refusal::Wrong)
}

/// Whether the user is locked out.
pub fn is_locked(inner: &mut Inner, username: &str) -> bool {
    inner.user_state(username).is_some_and(|s| s.locked)
}

/// Unlocks the user (unlock account, or a password reset), with a fresh count.
pub fn unlock(inner: &mut Inner, username: &str) {
    if let Some(state) = inner.user_state(username) {
        state.locked = false;
        state.failed_passwords = 0;
    }
}

/// The answer to a refused password. A locked-out user goes back to the identify form, where
/// "Unlock account?" is offered when the org allows it.
pub fn refusal(tx: &mut Transaction, why: Refusal) -> Outcome {
    match why {
        Refusal::Wrong => refuse(
            StatusCode::BAD_REQUEST,
            Feedback::field("credentials.passcode", wrong_password()),
        ),
        Refusal::Locked => {
            tx.user = None;
            tx.view = View::Identify;
            refuse(StatusCode::BAD_REQUEST, Feedback::global(locked_message()))
        }
    }
}

fn wrong_password() -> Value {
    ion::message_with_params("incorrectPassword", "Password is incorrect")
}

/// Okta's message for a locked-out account (the Sign-In Widget's `errors.E0000119`).
pub fn locked_message() -> Value {
    ion::message(
        "errors.E0000119",
        "Your account is locked. Please contact your administrator.",
    )
}

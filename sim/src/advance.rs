//! What policy asks for next: `advance`, called once the password is right and after each
//! step (by idx.rs's steps and by factors, recovery, registration, consent, WebAuthn, FastPass
//! and the identity providers), moves the transaction to its next view, or to success.

use std::time::Instant;

use crate::App;
use crate::config::{Authenticator, EnrollPolicy};
use crate::lockout;
use crate::outcome::RequestInfo;
use crate::policy::{consent_wanted, missing, okta_verify_wanted};
use crate::push::{auto_push_on, send_push};
use crate::store::{CodeGrant, Flow, Inner, Terminal, Transaction, View, random_id};

/// What policy asks for next, once the password is right and after each step: a new password
/// (expired, or expiring unless put off), the enrollments it requires, a second factor (unless
/// one was verified or enrolled in this transaction), then success.
pub(crate) fn advance(app: &App, inner: &mut Inner, tx: &mut Transaction, request: &RequestInfo) {
    tx.reset_polls();
    tx.otp = None;
    tx.enrolling_secret = None;
    if proven(inner, tx) {
        return;
    }
    let username = tx.user.clone().unwrap_or_default();
    let (Some(user), Some(state)) = (
        app.store.user(&username),
        inner.user_state(&username).cloned(),
    ) else {
        succeed(inner, tx);
        return;
    };
    if state.needs_password {
        tx.view = View::EnrollPassword;
        return;
    }
    if state.password_expired {
        tx.view = View::PasswordChange { expiring: false };
        return;
    }
    if state.password_expires_in_days.is_some() && !tx.password_skipped {
        tx.view = View::PasswordChange { expiring: true };
        return;
    }
    let missing = missing(&user, &state);
    let okta_verify = okta_verify_wanted(&user, &state, tx);
    if !missing.is_empty() || okta_verify {
        let optional = missing.is_empty() && user.okta_verify_policy == EnrollPolicy::Optional;
        tx.view = View::EnrollSelect { optional };
        return;
    }
    if !tx.mfa_done {
        let others: Vec<Authenticator> = Authenticator::ALL
            .into_iter()
            .filter(|a| state.enrolled.contains(a))
            .collect();
        if state.okta_verify && auto_push_on(inner, request, &username) {
            tx.view = View::PushPoll {
                push: send_push(app, inner, &username, request),
            };
            return;
        }
        let next = match (state.okta_verify, others.as_slice()) {
            (false, []) => None,
            (false, [only @ (Authenticator::OktaEmail | Authenticator::PhoneNumber)]) => {
                Some(View::ChallengeData {
                    authenticator: *only,
                })
            }
            (false, [only]) => Some(View::Challenge {
                authenticator: *only,
            }),
            _ => Some(View::VerifySelect),
        };
        if let Some(view) = next {
            tx.view = view;
            return;
        }
    }
    if consent_wanted(&app.store.config, tx) {
        tx.view = View::Consent;
        return;
    }
    succeed(inner, tx);
}

/// Called by `advance` once an authenticator passed: a recovery goes on to the new password,
/// an unlock is done. False in a sign-in.
fn proven(inner: &mut Inner, tx: &mut Transaction) -> bool {
    match tx.flow {
        Flow::SignIn => false,
        Flow::Recover => {
            tx.view = View::ResetPassword;
            true
        }
        Flow::Unlock => {
            lockout::unlock(inner, &tx.user.clone().unwrap_or_default());
            tx.view = View::Terminal(Terminal::Unlocked);
            true
        }
    }
}

/// Policy is satisfied: mint a single-use interaction code.
pub(crate) fn succeed(inner: &mut Inner, tx: &mut Transaction) {
    let code = random_id("", 43);
    let grant = CodeGrant {
        oauth: tx.oauth.clone(),
        username: tx.user.clone().unwrap_or_default(),
        created: Instant::now(),
        used: false,
    };
    inner.codes.insert(code.clone(), grant);
    tx.view = View::Success { code };
}

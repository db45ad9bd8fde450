//! What the org's policy asks of a user, read from the configuration and the org's state:
//! which authenticators prove who someone is in a flow, which enrollments are still missing,
//! whether Okta Verify or consent is still wanted. Steps (advance.rs, factors, recovery) and
//! rendering (ion.rs, forms.rs) both ask, so it imports neither.

use crate::config::{Authenticator, Config, EnrollPolicy, User};
use crate::store::{Flow, Transaction, UserState};

/// Whether an authenticator may prove who someone is in this flow: any in a sign-in; email
/// and phone (and, for recovery, Okta Verify, which `proves_okta_verify` says) otherwise.
pub fn proves(flow: Flow, a: Authenticator) -> bool {
    flow == Flow::SignIn || matches!(a, Authenticator::OktaEmail | Authenticator::PhoneNumber)
}

/// Whether Okta Verify may prove who someone is in this flow (not to unlock, as Okta offers
/// email and phone there).
pub fn proves_okta_verify(flow: Flow) -> bool {
    flow != Flow::Unlock
}

/// Whether policy still asks this user for Okta Verify in this transaction.
pub(crate) fn okta_verify_wanted(user: &User, state: &UserState, tx: &Transaction) -> bool {
    !state.okta_verify && user.okta_verify_policy != EnrollPolicy::None && !tx.okta_verify_skipped
}

/// The authenticators policy requires that the user has not enrolled, in Okta's order.
pub(crate) fn missing(user: &User, state: &UserState) -> Vec<Authenticator> {
    Authenticator::ALL
        .into_iter()
        .filter(|a| user.enroll_required.contains(a) && !state.enrolled.contains(a))
        .collect()
}

/// The scopes of this request that need the user's consent, in the request's order.
pub fn scopes_needing_consent<'a>(config: &Config, scope: &'a str) -> Vec<&'a str> {
    scope
        .split_whitespace()
        .filter(|s| config.consent_scopes.iter().any(|c| c == s))
        .collect()
}

/// Whether the transaction must ask for consent before it succeeds.
pub fn consent_wanted(config: &Config, tx: &Transaction) -> bool {
    !tx.consented && !scopes_needing_consent(config, &tx.oauth.scope).is_empty()
}

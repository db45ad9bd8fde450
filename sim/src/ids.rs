//! How the org writes ids and times: random ids in Okta's style and RFC 3339 timestamps. A
//! leaf, so that the state kept outside store.rs (the org's sessions, WebAuthn credentials)
//! can use them without importing the store that holds it.

use std::time::SystemTime;

use rand::Rng;
use rand::distributions::Alphanumeric;

/// A random id with a prefix, in Okta's style (`00u…`, `aut…`).
pub fn random_id(prefix: &str, len: usize) -> String {
    let tail: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect();
    format!("{prefix}{tail}")
}

/// Now as RFC 3339 with milliseconds, as Okta writes `expiresAt`.
pub fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

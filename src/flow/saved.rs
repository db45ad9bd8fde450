//! The transaction kept in `sessionStorage` across a reload, as okta-auth-js keeps its own: a
//! phone may discard the tab while the user is in Okta Verify, or the user opens the setup link
//! on the same phone and comes back. Only this tab sees it; it is cleared on success, cancel,
//! expiry and configuration change.

use idx_protocol::PkceSecrets;
use idx_protocol::secret::{CodeVerifier, InteractionHandle, Nonce, OAuthState};
use serde::{Deserialize, Serialize};

/// How long a saved transaction is worth resuming at most, whatever the org said; Okta's own
/// expire well before (their `expiresAt`, which the record keeps when the org gave one).
pub const MAX_AGE_MS: u64 = 60 * 60 * 1000;

/// What resuming needs: where, whose, the interaction handle and the PKCE secrets.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedTransaction {
    /// The issuer it was started with.
    pub issuer: String,
    /// The app it was started for.
    pub client_id: String,
    /// The handle introspect takes.
    pub interaction_handle: String,
    /// The PKCE code verifier (none in a server-side web app: its back end keeps it).
    #[serde(default)]
    pub code_verifier: Option<String>,
    /// The challenge a server-side web app's back end gave, if any.
    #[serde(default)]
    pub code_challenge: Option<String>,
    /// The OAuth `state`.
    pub state: String,
    /// The OIDC `nonce` (none in a server-side web app).
    #[serde(default)]
    pub nonce: Option<String>,
    /// When it was started, in milliseconds since the epoch.
    pub created_at: u64,
    /// When the org said it ends (its first state's `expiresAt`), in milliseconds since the
    /// epoch.
    #[serde(default)]
    pub expires_at: Option<u64>,
}

impl std::fmt::Debug for SavedTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavedTransaction")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl SavedTransaction {
    /// The record of a transaction that just started.
    pub fn new(
        issuer: &str,
        client_id: &str,
        handle: &InteractionHandle,
        secrets: &PkceSecrets,
        now: u64,
    ) -> Self {
        Self {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            interaction_handle: handle.expose().to_owned(),
            code_verifier: secrets.verifier().map(|v| v.expose().to_owned()),
            code_challenge: secrets.challenge().map(str::to_owned),
            state: secrets.state().expose().to_owned(),
            nonce: secrets.nonce().map(|n| n.expose().to_owned()),
            created_at: now,
            expires_at: None,
        }
    }

    /// The same record, ending when the org's `expiresAt` (RFC 3339) says; an unreadable time
    /// leaves only [`MAX_AGE_MS`].
    pub fn expiring(mut self, expires_at: Option<&str>) -> Self {
        self.expires_at = expires_at.and_then(epoch_ms);
        self
    }

    /// Whether it belongs to this configuration and is young enough to resume: started no
    /// later than now (storage is writable by any script on the page, so a time in the future
    /// is a forgery, not a young record), less than [`MAX_AGE_MS`] ago, and not past the org's
    /// own end.
    pub fn usable(&self, issuer: &str, client_id: &str, now: u64) -> bool {
        self.issuer == issuer
            && self.client_id == client_id
            && self.created_at <= now
            && now - self.created_at < MAX_AGE_MS
            && self.expires_at.is_none_or(|end| now < end)
            && !self.interaction_handle.is_empty()
    }

    /// The interaction handle.
    pub fn handle(&self) -> InteractionHandle {
        InteractionHandle::new(self.interaction_handle.clone())
    }

    /// The PKCE secrets.
    pub fn secrets(&self) -> PkceSecrets {
        let state = OAuthState::new(self.state.clone());
        match (&self.code_verifier, &self.nonce) {
            (Some(verifier), Some(nonce)) => PkceSecrets::from_parts(
                CodeVerifier::new(verifier.clone()),
                state,
                Nonce::new(nonce.clone()),
            ),
            _ => PkceSecrets::from_back_end(self.code_challenge.clone(), state),
        }
    }

    /// The JSON kept in storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what storage kept; anything unreadable is no transaction.
    pub fn from_json(text: &str) -> Option<Self> {
        let json: serde_json::Value = serde_json::from_str(text).ok()?;
        Self::deserialize(&json).ok()
    }
}

/// An RFC 3339 time (Okta's `expiresAt`) in milliseconds since the epoch.
fn epoch_ms(time: &str) -> Option<u64> {
    let at = humantime::parse_rfc3339_weak(time.trim()).ok()?;
    let since = at.duration_since(std::time::UNIX_EPOCH).ok()?;
    u64::try_from(since.as_millis()).ok()
}

#[cfg(test)]
mod tests {
    use idx_protocol::ENTROPY_BYTES;

    use super::*;

    const ISSUER: &str = "https://o.example/oauth2/default";
    /// 2020-09-02T15:48:07Z, ten minutes before the expiry below.
    const STARTED: u64 = 1_599_061_687_000;
    const MINUTE: u64 = 60_000;

    fn saved() -> SavedTransaction {
        SavedTransaction::new(
            ISSUER,
            "0oa1",
            &InteractionHandle::new("ih"),
            &PkceSecrets::from_entropy(&[7; ENTROPY_BYTES]),
            STARTED,
        )
    }

    #[test]
    fn a_transaction_ends_when_the_org_said_it_would() {
        let saved = saved().expiring(Some("2020-09-02T15:58:07.000Z"));
        assert_eq!(saved.expires_at, Some(STARTED + 10 * MINUTE));
        assert!(saved.usable(ISSUER, "0oa1", STARTED));
        assert!(saved.usable(ISSUER, "0oa1", STARTED + 10 * MINUTE - 1));
        assert!(!saved.usable(ISSUER, "0oa1", STARTED + 10 * MINUTE));
        // The org's end survives the trip through storage.
        let back = SavedTransaction::from_json(&saved.to_json()).unwrap();
        assert!(!back.usable(ISSUER, "0oa1", STARTED + 10 * MINUTE));
        assert!(!back.usable("https://other.example", "0oa1", STARTED));
    }

    #[test]
    fn without_the_orgs_word_an_hour_is_the_most() {
        for saved in [saved(), saved().expiring(Some("not a time"))] {
            assert_eq!(saved.expires_at, None);
            assert!(saved.usable(ISSUER, "0oa1", STARTED + MAX_AGE_MS - 1));
            assert!(!saved.usable(ISSUER, "0oa1", STARTED + MAX_AGE_MS));
        }
        // An org end past the hour does not lengthen it.
        let far = saved().expiring(Some("2030-01-01T00:00:00Z"));
        assert!(!far.usable(ISSUER, "0oa1", STARTED + MAX_AGE_MS));
    }

    #[test]
    fn a_transaction_started_in_the_future_is_a_forgery() {
        // `created_at` far ahead once made a planted record live for ever.
        let mut planted = saved();
        planted.created_at = u64::MAX;
        assert!(!planted.usable(ISSUER, "0oa1", STARTED));
        let mut ahead = saved();
        ahead.created_at = STARTED + 1;
        assert!(!ahead.usable(ISSUER, "0oa1", STARTED));
    }
}

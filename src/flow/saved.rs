//! The transaction kept in `sessionStorage` across a reload, as okta-auth-js keeps its own: a
//! phone may discard the tab while the user is in Okta Verify, or the user opens the setup link
//! on the same phone and comes back. Only this tab sees it; it is cleared on success, cancel,
//! expiry and configuration change.

use idx_protocol::PkceSecrets;
use idx_protocol::secret::{CodeVerifier, InteractionHandle, OAuthState};
use serde::{Deserialize, Serialize};

/// How long a saved transaction is worth resuming; Okta's own expire well before.
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
}

impl std::fmt::Debug for SavedTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavedTransaction")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("created_at", &self.created_at)
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
        }
    }

    /// Whether it belongs to this configuration and is young enough to resume.
    pub fn usable(&self, issuer: &str, client_id: &str, now: u64) -> bool {
        self.issuer == issuer
            && self.client_id == client_id
            && now.saturating_sub(self.created_at) < MAX_AGE_MS
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
                OAuthState::new(nonce.clone()),
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

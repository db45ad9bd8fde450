//! A confidential web application (`[[web_client]]`): its secret and where it may redirect.

use serde::Deserialize;

/// A confidential OAuth client: a server-side web application that holds a client secret. Its
/// back end authenticates to interact (when it calls it itself) and always to the token
/// endpoint, with `client_secret_basic` or `client_secret_post` (RFC 6749 §2.3.1).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebClient {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
    /// Redirect URIs registered on the app.
    pub redirect_uris: Vec<String>,
    /// Its sign-out redirect URIs (none unless listed).
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
}

impl std::fmt::Debug for WebClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uris", &self.redirect_uris)
            .field("post_logout_redirect_uris", &self.post_logout_redirect_uris)
            .finish()
    }
}

impl WebClient {
    /// Checks what serde cannot: an id, a secret and somewhere to redirect to.
    pub fn validate(&self) -> Result<(), String> {
        if self.client_id.trim().is_empty() {
            return Err("client_id must not be empty".into());
        }
        if self.client_secret.is_empty() {
            return Err("client_secret must not be empty".into());
        }
        if self.redirect_uris.is_empty() {
            return Err("redirect_uris needs at least one redirect URI".into());
        }
        if let Some(bad) = self
            .redirect_uris
            .iter()
            .chain(&self.post_logout_redirect_uris)
            .find(|u| url::Url::parse(u).is_err())
        {
            return Err(format!("redirect URI {bad:?} is not an absolute URL"));
        }
        Ok(())
    }
}

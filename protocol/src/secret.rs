//! Secrets as newtypes whose `Debug` never shows the value, so a stray `{:?}` in a log cannot
//! leak a handle or a token.

use serde::{Deserialize, Serialize};

macro_rules! secret {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The value itself, for the one place that must send or store it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret!(
    /// The PKCE code verifier: proves at the token endpoint that we started the transaction.
    CodeVerifier
);
secret!(
    /// The OAuth `state` value sent to interact.
    OAuthState
);
secret!(
    /// The OpenID Connect `nonce` sent to interact, which the ID token must carry back.
    Nonce
);
secret!(
    /// A password reset link's one-time token (`recovery_token` on interact).
    RecoveryToken
);
secret!(
    /// A new user's one-time activation token (`activation_token` on interact).
    ActivationToken
);
secret!(
    /// The handle `interact` returns; introspect turns it into the first state.
    InteractionHandle
);
secret!(
    /// The IDX transaction handle carried in every form.
    StateHandle
);
secret!(
    /// The one-time code exchanged for tokens.
    InteractionCode
);
secret!(
    /// An OAuth access token.
    AccessToken
);
secret!(
    /// An OpenID Connect ID token.
    IdToken
);
secret!(
    /// An OAuth refresh token.
    RefreshToken
);

impl IdToken {
    /// Its claims, decoded but not verified ([`crate::Client::verify_id_token`] checks the
    /// signature and the claims). `None` if it is not a JWT.
    pub fn claims(&self) -> Option<serde_json::Value> {
        crate::jwt::parse(&self.0).ok().map(|jwt| jwt.claims)
    }
}

/// A URL for `Debug` output: scheme, host and path, never the query or fragment, where a
/// `stateToken`, an interaction code or an activation token travels; a `data:` URI (a QR code
/// that encodes an activation link) prints only its scheme.
pub struct UrlForDebug<'a>(pub &'a str);

impl std::fmt::Debug for UrlForDebug<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = self.0;
        if url.len() >= 5 && url[..5].eq_ignore_ascii_case("data:") {
            return f.write_str("\"data:[redacted]\"");
        }
        match url.find(['?', '#']) {
            Some(at) => write!(f, "\"{}[redacted]\"", &url[..at]),
            None => write!(f, "{url:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let printed = format!(
            "{:?} {:?} {:?}",
            StateHandle::new("02abc-secret"),
            AccessToken::new("eyJsecret"),
            CodeVerifier::new("verifier-secret")
        );
        assert!(!printed.contains("secret"), "{printed}");
        assert!(printed.contains("StateHandle([redacted])"), "{printed}");
    }

    #[test]
    fn serializes_as_the_bare_string() {
        let handle = StateHandle::new("02xyz");
        assert_eq!(serde_json::to_string(&handle).unwrap(), "\"02xyz\"");
        let back: StateHandle = serde_json::from_str("\"02xyz\"").unwrap();
        assert_eq!(back.expose(), "02xyz");
    }
}

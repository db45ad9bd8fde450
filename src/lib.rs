//! idx-widget: an Okta Identity Engine sign-in widget that runs in the user's browser, so every
//! request to the org (and so every Okta Verify push) carries the user's own context.
//!
//! Three ways to use it:
//! - Leptos: `<SignIn config=… on_success=…/>` ([`SignIn`], [`Config`], [`Tokens`]);
//! - JavaScript: `render(element, config)` returns a handle with `remove()`; the host element
//!   receives `idx-widget:success`, `idx-widget:error` and `idx-widget:step` events;
//! - the standalone page (`index.html`), which reads `config.json` beside it.
//!
//! Inside, one pure session turns events (answers, timers, user actions) into
//! commands (requests, timers, host events); the Leptos driver only runs them.
//!
//! ```no_run
//! use idx_widget::{Config, SignIn, Tokens, WidgetError};
//! use leptos::prelude::*;
//!
//! #[component]
//! fn Login() -> impl IntoView {
//!     let config = Config::new(
//!         "https://example.okta.com/oauth2/default",
//!         "0oa1b2c3d4e5f6g7h8i9",
//!         "https://app.example.com/login/callback",
//!     );
//!     view! {
//!         <SignIn
//!             config
//!             on_success=|tokens: Tokens| { let _ = tokens.access_token.expose(); }
//!             on_error=|error: WidgetError| leptos::logging::warn!("{error}")
//!             on_step=|step: String| leptos::logging::log!("step: {step}")
//!         />
//!     }
//! }
//! ```

#![cfg_attr(not(feature = "testing"), deny(missing_docs))]

mod config;
mod control;
#[cfg(feature = "standalone")]
mod element;
mod error;
#[cfg(feature = "standalone")]
mod first_paint;
mod flow;
mod issuers;
mod js;
mod locale;
mod okta_tokens;
mod strings;
mod transport;
mod ui;

pub use config::{Config, ConfigError, TokenStorage};
pub use control::SignInControl;
pub use error::{ErrorKind, WidgetError};
pub use js::{WidgetConfigJs, WidgetHandle, allow_issuers, render};
pub use ui::SignIn;

/// The insides, for this crate's own tests and previews (the `testing` feature): the pure
/// session and its parts, the strings, and a component that renders any session.
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing {
    pub use crate::flow::*;
    pub use crate::strings::{Strings, Text};
    pub use crate::ui::StepPreview;
    pub use crate::ui::words;
}

/// The tokens a successful sign-in yields. Their `Debug` never shows the values.
pub type Tokens = idx_protocol::TokenResponse;
/// The types of [`Tokens`]' fields, so an app can name them without depending on idx-protocol.
pub use idx_protocol::secret::{AccessToken, IdToken, RefreshToken};

/// The tokens as the JavaScript side sees them (`WidgetTokens`): the `idx-widget:success`
/// event's detail, and what `sessionStorage` keeps when the host asks for it.
pub(crate) fn tokens_json(tokens: &Tokens) -> serde_json::Value {
    serde_json::json!({
        "tokenType": tokens.token_type,
        "accessToken": tokens.access_token.expose(),
        "idToken": tokens.id_token.as_ref().map(|t| t.expose().to_owned()),
        "refreshToken": tokens.refresh_token.as_ref().map(|t| t.expose().to_owned()),
        "expiresIn": tokens.expires_in,
        "scope": tokens.scope,
    })
}

/// The tokens back from what [`tokens_json`] wrote (`sessionStorage` after a reload), so
/// sign-out can still revoke them; `None` for anything else.
pub(crate) fn tokens_from_json(text: &str) -> Option<Tokens> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let field = |name: &str| json.get(name).cloned().unwrap_or(serde_json::Value::Null);
    serde::Deserialize::deserialize(serde_json::json!({
        "token_type": field("tokenType"),
        "access_token": field("accessToken"),
        "id_token": field("idToken"),
        "refresh_token": field("refreshToken"),
        "expires_in": field("expiresIn"),
        "scope": field("scope"),
    }))
    .ok()
}

#[cfg(test)]
mod stored_tokens_tests {
    use super::*;

    /// What storage kept comes back whole (the refresh token is never stored, so none returns).
    #[test]
    fn stored_tokens_read_back() {
        let tokens: Tokens = serde_json::from_value(serde_json::json!({
            "token_type": "Bearer", "access_token": "at", "id_token": "a.b.c",
            "refresh_token": "rt", "expires_in": 3600, "scope": "openid"
        }))
        .unwrap();
        let mut stored = tokens_json(&tokens);
        stored.as_object_mut().unwrap().remove("refreshToken");
        let back = tokens_from_json(&stored.to_string()).unwrap();
        assert_eq!(back.access_token.expose(), "at");
        assert_eq!(back.id_token.unwrap().expose(), "a.b.c");
        assert!(back.refresh_token.is_none());
        assert_eq!(tokens_from_json("{\"tokenType\":\"Bearer\"}"), None);
        assert_eq!(tokens_from_json("not json"), None);
    }
}

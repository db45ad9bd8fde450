//! idx-widget: an Okta Identity Engine sign-in widget that runs in the user's browser, so every
//! request to the org (and so every Okta Verify push) carries the user's own context.
//!
//! Three ways to use it:
//! - Leptos: `<SignIn config=… on_success=…/>` ([`SignIn`], [`Config`], [`Tokens`]);
//! - JavaScript: `render(element, config)` returns a handle with `remove()`; the host element
//!   receives `idx-widget:success`, `idx-widget:error` and `idx-widget:step` events;
//! - the standalone page (`index.html`), which reads `config.json` beside it or the query string.
//!
//! ```no_run
//! use idx_widget::{Config, SignIn, Tokens};
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
//!             on_error=|message: String| leptos::logging::warn!("{message}")
//!             on_step=|step: String| leptos::logging::log!("step: {step}")
//!         />
//!     }
//! }
//! ```

pub mod config;
pub mod flow;
mod js;
pub mod strings;
pub mod transport;
pub mod ui;

pub use config::{Config, TokenStorage};
pub use js::{WidgetHandle, render};
pub use ui::SignIn;

/// The tokens a successful sign-in yields. Their `Debug` never shows the values.
pub type Tokens = idx_protocol::TokenResponse;

/// The id of the element the standalone page mounts the widget into.
pub const STANDALONE_MOUNT_ID: &str = "idx-widget-standalone";

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

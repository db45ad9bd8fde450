//! The standalone page's early start: its loader (`src/early.js`) sends interact and introspect
//! while the wasm downloads and leaves the answers, with the secrets it made, in memory for the
//! first transaction here. Nothing of it is ever stored.

use idx_protocol::secret::{CodeVerifier, InteractionHandle, OAuthState};
use idx_protocol::{Client, PkceSecrets};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::flow::Reply;
use crate::transport::BrowserTransport;

// Read once and cleared, so only the first transaction of the first widget uses it: "Back to
// sign in" and a second widget start their own.
#[wasm_bindgen(inline_js = r#"
export function takeEarlyStart() {
  const early = globalThis.idxWidgetEarly;
  const start = early && early.start;
  if (early) early.start = null;
  return start instanceof Promise ? start : null;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = takeEarlyStart)]
    fn take_early_start() -> Option<js_sys::Promise>;
}

/// What the loader hands over (see `src/early.js`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Early {
    issuer: String,
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    verifier: String,
    state: String,
    nonce: String,
    interaction_handle: String,
    introspect: Answer,
}

#[derive(Deserialize)]
struct Answer {
    status: u16,
    body: String,
}

/// The first transaction's start, when the loader made one for this very configuration;
/// `None` (the widget then starts its own) when there is none, it failed, or it was made for
/// another org, app, redirect or scopes.
pub async fn take(client: &Client<BrowserTransport>) -> Option<Reply> {
    let promise = take_early_start()?;
    let value = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if value.is_null() || value.is_undefined() {
        return None;
    }
    let text = js_sys::JSON::stringify(&value).ok()?.as_string()?;
    let early: Early = serde_json::from_str(&text).ok()?;
    let config = client.config();
    let same = early.issuer == config.issuer
        && early.client_id == config.client_id
        && early.redirect_uri == config.redirect_uri
        && early.scopes == config.scopes;
    if !same {
        return None;
    }
    let secrets = PkceSecrets::from_parts(
        CodeVerifier::new(early.verifier),
        OAuthState::new(early.state),
        OAuthState::new(early.nonce),
    );
    let result = client.introspected(early.introspect.status, &early.introspect.body, &secrets);
    Some(Reply::Began {
        secrets: Some(secrets),
        handle: Some(InteractionHandle::new(early.interaction_handle)),
        result,
    })
}

//! The page's early start: its loader (`src/early.js`) sends interact and introspect while the
//! wasm downloads and leaves the answers, with the secrets it made, in memory for the first
//! transaction here; on the standalone page it also leaves the configuration it read. Nothing
//! of it is ever stored.

use idx_protocol::secret::{CodeVerifier, InteractionHandle, Nonce, OAuthState};
use idx_protocol::{Client, PkceSecrets};
use wasm_bindgen::prelude::*;

use crate::flow::Reply;
use crate::transport::BrowserTransport;

// Asked once, by the first transaction of the first widget: "Back to sign in" and a second
// widget start their own. When the widget asks before the loader has run, the loader sees it
// asked and starts nothing, so no later transaction can take a start made long before.
#[wasm_bindgen(inline_js = r#"
export function takeEarlyStart() {
  const early = globalThis.idxWidgetEarly ?? (globalThis.idxWidgetEarly = {});
  const start = early.asked ? null : early.start;
  early.asked = true;
  early.start = null;
  return start instanceof Promise ? start : null;
}

export function takeEarlyConfig() {
  const early = globalThis.idxWidgetEarly;
  const config = early?.config;
  if (early) early.config = null;
  return config instanceof Promise ? config : null;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = takeEarlyStart)]
    fn take_early_start() -> Option<js_sys::Promise>;
    #[wasm_bindgen(js_name = takeEarlyConfig)]
    fn take_early_config() -> Option<js_sys::Promise>;
}

/// The text of the standalone page's `config.json` as the loader read it; `None` when there
/// was no loader or it could not read it (the page then reads it itself).
#[cfg_attr(not(feature = "standalone"), allow(dead_code))]
pub async fn config() -> Option<String> {
    let promise = take_early_config()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}

/// A string member of the loader's answer (see `src/early.js`).
fn text(object: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()?
        .as_string()
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
    // Read member by member: no serde derive for one object (bundle weight).
    let config = client.config();
    let scopes = js_sys::Reflect::get(&value, &JsValue::from_str("scopes")).ok()?;
    let scopes: Vec<String> = js_sys::Array::from(&scopes)
        .iter()
        .filter_map(|s| s.as_string())
        .collect();
    let same = text(&value, "issuer")? == config.issuer
        && text(&value, "clientId")? == config.client_id
        && text(&value, "redirectUri")? == config.redirect_uri
        && scopes == config.scopes;
    if !same {
        return None;
    }
    let secrets = PkceSecrets::from_parts(
        CodeVerifier::new(text(&value, "verifier")?),
        OAuthState::new(text(&value, "state")?),
        Nonce::new(text(&value, "nonce")?),
    );
    let handle = InteractionHandle::new(text(&value, "interactionHandle")?);
    let answer = js_sys::Reflect::get(&value, &JsValue::from_str("introspect")).ok()?;
    let status = js_sys::Reflect::get(&answer, &JsValue::from_str("status"))
        .ok()?
        .as_f64()?;
    let body = text(&answer, "body")?;
    let result = client.introspected(status as u16, &body, &secrets);
    Some(Reply::Began {
        secrets: Some(secrets),
        handle: Some(handle),
        result,
    })
}

//! The few things the driver asks of the browser itself: the clock, randomness, token
//! storage, navigation, the page's address and its visibility.

use idx_protocol::PkceSecrets;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::flow::SavedTransaction;
use crate::{Tokens, tokens_json};

/// Milliseconds on the page's clock.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// PKCE, `state` and `nonce` from the browser's CSPRNG.
pub fn random_secrets() -> Option<PkceSecrets> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut entropy = [0u8; idx_protocol::ENTROPY_BYTES];
    crypto.get_random_values_with_u8_array(&mut entropy).ok()?;
    Some(PkceSecrets::from_entropy(&entropy))
}

/// Keeps the access and ID tokens in `sessionStorage`; the session asks only when the host
/// configured it. The refresh token is never stored: it outlives the page, so a script that
/// reads storage must not get it.
pub fn store_tokens(tokens: &Tokens) {
    let mut json = tokens_json(tokens);
    if let Some(map) = json.as_object_mut() {
        map.remove("refreshToken");
    }
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item(TOKENS_KEY, &json.to_string());
    }
}

/// The tokens `store_tokens` kept before a reload, if any.
pub fn stored_tokens() -> Option<Tokens> {
    let storage = web_sys::window()?.session_storage().ok()??;
    crate::tokens_from_json(&storage.get_item(TOKENS_KEY).ok()??)
}

/// Removes the tokens `store_tokens` kept.
pub fn clear_tokens() {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.remove_item(TOKENS_KEY);
    }
}

/// The languages the user prefers, most wanted first (`navigator.languages`).
pub fn preferred_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default()
}

/// Whether this is a phone or tablet browser, by its user agent (as Okta's widget decides).
pub fn is_mobile() -> bool {
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    ["Android", "iPhone", "iPad", "iPod", "Mobile"]
        .iter()
        .any(|marker| agent.contains(marker))
}

const TRANSACTION_KEY: &str = "idx-widget:transaction";
const TOKENS_KEY: &str = "idx-widget:tokens";

/// Keeps (or, with `None`, forgets) the transaction in this tab's `sessionStorage`.
pub fn keep_transaction(saved: Option<&SavedTransaction>) {
    let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let _ = match saved {
        Some(saved) => storage.set_item(TRANSACTION_KEY, &saved.to_json()),
        None => storage.remove_item(TRANSACTION_KEY),
    };
}

/// The transaction this tab kept before a reload, if any.
pub fn kept_transaction() -> Option<SavedTransaction> {
    let storage = web_sys::window()?.session_storage().ok()??;
    SavedTransaction::from_json(&storage.get_item(TRANSACTION_KEY).ok()??)
}

/// The page's query string (`?…`, or empty).
/// Whether this page runs inside a frame of another page (any origin).
#[cfg(feature = "standalone")]
pub fn is_framed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => wasm_bindgen::JsValue::from(top) != wasm_bindgen::JsValue::from(window),
        // A top that cannot be read is not this window.
        _ => true,
    }
}

pub fn page_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Takes these parameters out of the page's address (`history.replaceState`: no reload, no
/// new history entry), keeping its path, its other parameters and its fragment, so a reload
/// or a bookmark never replays a one-time code.
pub fn clean_address(names: &[&str]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let query = location.search().unwrap_or_default();
    let cleaned = crate::flow::landing::without(&query, names);
    if cleaned == query {
        return;
    }
    let address = format!(
        "{}{cleaned}{}",
        location.pathname().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// Sends the browser to `href`.
pub fn navigate(href: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(href);
    }
}

/// Calls back with `true` when the page becomes visible and `false` when it is hidden, until
/// dropped.
pub struct VisibilityListener(Closure<dyn Fn()>);

impl VisibilityListener {
    /// Starts listening.
    pub fn new(on_change: impl Fn(bool) + 'static) -> Self {
        let listener = Closure::<dyn Fn()>::new(move || {
            on_change(document().is_some_and(|d| !d.hidden()));
        });
        if let Some(document) = document() {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                listener.as_ref().unchecked_ref(),
            );
        }
        Self(listener)
    }
}

impl Drop for VisibilityListener {
    fn drop(&mut self) {
        if let Some(document) = document() {
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                self.0.as_ref().unchecked_ref(),
            );
        }
    }
}

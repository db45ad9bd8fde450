//! The JavaScript API (wasm-bindgen): `render(element, config)` → a handle with `remove()`,
//! and DOM events on the host element. Also starts the standalone page.

use std::any::Any;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::SignInControl;
use crate::config::Config;
use crate::error::WidgetError;
use crate::ui::SignIn;
use crate::{Tokens, tokens_json};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Where to sign in and how the widget behaves. */
export interface WidgetConfig {
  /** The authorization server, e.g. "https://example.okta.com/oauth2/default". */
  issuer: string;
  /** The SPA app's client id (Interaction Code grant enabled). */
  clientId: string;
  /** A redirect URI registered on the app. */
  redirectUri: string;
  /** Scopes to ask for; default ["openid", "profile", "email"]. */
  scopes?: string[];
  /** A username to fill in. */
  username?: string;
  /** Replacement strings by key (widget texts and server i18n keys). */
  strings?: Record<string, string>;
  /** Milliseconds before the "Haven't received…?" reminders; default 30000. */
  reminderDelayMs?: number;
  /** ISO country whose calling code the SMS form starts with; default "US". */
  defaultCountry?: string;
  /** "memory" (default) or "sessionStorage". */
  tokenStorage?: "memory" | "sessionStorage";
  /** Level of the step headings, 1 to 6; default 2. */
  headingLevel?: number;
  /** Resume the sign-in after a reload (the transaction is kept in sessionStorage); default true. */
  resume?: boolean;
  /** "en", "fr", "de", "es", "pt-BR" or "ja" (a close tag such as "fr-CA" works); default: the browser's languages. */
  language?: string;
}

/** detail of the "idx-widget:success" event. */
export interface WidgetTokens {
  tokenType: string;
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresIn?: number;
  scope?: string;
}

/** detail of "idx-widget:step". */
export interface WidgetStepDetail { step: string }
/** detail of "idx-widget:error". */
export interface WidgetErrorDetail {
  kind: "config" | "network" | "rate-limited" | "not-enabled" | "rejected" | "server" | "unexpected" | "mismatch" | "invalid-token";
  message: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The configuration object given to `render`.
    #[wasm_bindgen(typescript_type = "WidgetConfig")]
    pub type WidgetConfigJs;
}

/// A mounted widget. `remove()` unmounts it and stops every timer and request it owns;
/// `signOut()` revokes the tokens and starts over.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Box<dyn Any>>,
    control: SignInControl,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Unmounts the widget: its polls, timers and requests end with it.
    pub fn remove(&mut self) {
        self.mounted.take();
    }

    /// Signs out: revokes the access and refresh tokens at the org, removes whatever the
    /// widget stored, and returns the widget to its first step.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) {
        self.control.sign_out();
    }
}

fn emit(host: &HtmlElement, name: &str, detail: serde_json::Value) {
    // Tokens go to listeners on the host element only: the success event neither bubbles nor
    // crosses a shadow root. Steps and errors carry nothing secret and bubble.
    let secret = name == "idx-widget:success";
    let init = CustomEventInit::new();
    init.set_bubbles(!secret);
    init.set_composed(!secret);
    init.set_detail(&js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

fn mount(host: HtmlElement, config: Config) -> WidgetHandle {
    let (on_success, on_error, on_step) = {
        let (a, b, c) = (host.clone(), host.clone(), host.clone());
        let (a, b, c) = (
            SendWrapper::new(a),
            SendWrapper::new(b),
            SendWrapper::new(c),
        );
        (
            Callback::new(move |tokens: Tokens| {
                emit(&a, "idx-widget:success", tokens_json(&tokens))
            }),
            Callback::new(move |error: WidgetError| {
                emit(&b, "idx-widget:error", error_json(&error))
            }),
            Callback::new(move |step: String| {
                emit(&c, "idx-widget:step", serde_json::json!({ "step": step }))
            }),
        )
    };
    let control = SignInControl::new();
    let for_widget = control.clone();
    let handle = mount_to(host, move || {
        let control = for_widget.clone();
        view! { <SignIn config=config.clone() on_success on_error on_step control/> }
    });
    WidgetHandle {
        mounted: Some(Box::new(handle)),
        control,
    }
}

fn error_json(error: &WidgetError) -> serde_json::Value {
    serde_json::json!({ "kind": error.kind.as_str(), "message": error.message })
}

/// Renders the widget into `element`. Events: `idx-widget:success` (detail: the tokens),
/// `idx-widget:error` (detail: `{kind, message}`), `idx-widget:step` (detail: `{step}`).
/// Throws when the configuration is unusable.
#[wasm_bindgen]
pub fn render(element: HtmlElement, config: WidgetConfigJs) -> Result<WidgetHandle, JsError> {
    let text = js_sys::JSON::stringify(&config)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    let config = Config::from_json(&text).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(mount(element, config))
}

/// Runs when the module loads: registers the `<idx-sign-in>` element; then the standalone
/// page (which has the mount element) reads its configuration from `config.json` beside it,
/// takes at most a username hint from the query string, and mounts the widget. Embedding pages
/// have no such element and use the tag or call `render` themselves.
#[cfg(feature = "standalone")]
#[wasm_bindgen(start)]
pub fn start() {
    use wasm_bindgen::JsCast;

    use crate::STANDALONE_MOUNT_ID;

    crate::element::register();

    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(host) = document.get_element_by_id(STANDALONE_MOUNT_ID) else {
        return;
    };
    let host: HtmlElement = host.unchecked_into();
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = async {
            let response = gloo_net::http::Request::get("config.json")
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let text = response.text().await.map_err(|e| e.to_string())?;
            Config::from_json(&text).map_err(|e| e.to_string())
        };
        match loaded.await {
            Ok(mut config) => {
                // The standalone page is the whole page: its step heading is the page's h1.
                config.heading_level = 1;
                if let Some(username) = Config::username_hint(&query) {
                    config.username = Some(username);
                }
                // The standalone page lives as long as the page: never unmounted.
                std::mem::forget(mount(host, config));
            }
            Err(e) => {
                let strings = crate::strings::Strings::default();
                let error = WidgetError {
                    kind: crate::error::ErrorKind::Config,
                    message: format!("{} ({e})", strings.get(crate::strings::Text::ConfigError)),
                };
                host.set_text_content(Some(&error.message));
                emit(&host, "idx-widget:error", error_json(&error));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, TokenStorage};

    /// This file: the TypeScript section above is read from its source (the wasm-bindgen
    /// attribute leaves no constant behind on a native build).
    const TYPES: &str = include_str!("js.rs");

    /// The members of a TypeScript interface in `TYPES`, `?` and all.
    fn members(interface: &str) -> Vec<String> {
        let start = TYPES
            .find(&format!("export interface {interface} {{"))
            .unwrap_or_else(|| panic!("no interface {interface}"));
        let body = &TYPES[start..];
        let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
        body.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("/**") && !l.is_empty())
            .map(|l| l.split(':').next().unwrap().to_owned())
            .collect()
    }

    /// The TypeScript `WidgetConfig` is checked against the Rust `Config`, not copied by hand:
    /// the same keys, and only the three the Rust side requires are required.
    #[test]
    fn the_typescript_config_is_the_rust_config() {
        let ts = members("WidgetConfig");
        let mut ts_keys: Vec<String> = ts
            .iter()
            .map(|m| m.trim_end_matches('?').to_owned())
            .collect();
        ts_keys.sort();
        let rust = serde_json::to_value(Config::new("https://o.example", "a", "r")).unwrap();
        let mut rust_keys: Vec<String> = rust.as_object().unwrap().keys().cloned().collect();
        rust_keys.sort();
        assert_eq!(ts_keys, rust_keys);
        let required: Vec<&String> = ts.iter().filter(|m| !m.ends_with('?')).collect();
        assert_eq!(required, ["issuer", "clientId", "redirectUri"]);
        // The storage choices are spelt as the Rust enum spells them.
        for storage in [TokenStorage::Memory, TokenStorage::SessionStorage] {
            let name = serde_json::to_value(storage).unwrap();
            assert!(TYPES.contains(&format!("{name}")), "{name}");
        }
    }
}

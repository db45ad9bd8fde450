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
  /** Server-side web app: the S256 challenge of the verifier the page's back end keeps (with state). */
  codeChallenge?: string;
  /** Server-side web app whose back end called interact: the handle it got (with state). */
  interactionHandle?: string;
  /** Server-side web app: the state its back end made and checks on the redirect. */
  state?: string;
  /** Server-side web app: go to redirectUri with the interaction code (default true), or only emit "idx-widget:interaction-code". */
  redirectWithCode?: boolean;
  /** The one-time code of an email magic link that opened the page (with state): entered at the email step. */
  otp?: string;
  /** A password reset link's one-time token: the sign-in starts at setting a new password. Sent to interact once. */
  recoveryToken?: string;
  /** A new user's one-time activation token: the sign-in starts at activating the account. Sent to interact once. */
  activationToken?: string;
  /** Where the org sends the browser after signOut() ends its session by /v1/logout (must be one of the app's sign-out redirect URIs). Unset: the session is ended with DELETE /api/v1/sessions/me. */
  postLogoutRedirectUri?: string;
  /** The standalone page (config.json) only: run inside another page's frame; default false (the page refuses, against clickjacking). */
  allowFraming?: boolean;
}

/** detail of "idx-widget:interaction-code" (server-side web apps). */
export interface WidgetInteractionCode { interactionCode: string; state: string }

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
/// `signOut()` revokes the tokens, ends the org's session and shows "You're signed out".
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Box<dyn Any>>,
    control: SignInControl,
}

/// A handle the page let go of (the garbage collector frees it through wasm-bindgen's
/// finalizer) leaves its widget in place: only `remove()` takes it out, as a page expects.
impl Drop for WidgetHandle {
    fn drop(&mut self) {
        if let Some(mounted) = self.mounted.take() {
            std::mem::forget(mounted);
        }
    }
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Unmounts the widget: its polls, timers and requests end with it.
    pub fn remove(&mut self) {
        self.mounted.take();
    }

    /// Signs out: see [`SignInControl::sign_out`].
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) {
        self.control.sign_out();
    }
}

fn emit(host: &HtmlElement, name: &str, detail: serde_json::Value) {
    // Tokens and interaction codes go to listeners on the host element only: those events
    // neither bubble nor cross a shadow root. Steps and errors carry nothing secret and bubble.
    let secret = matches!(name, "idx-widget:success" | "idx-widget:interaction-code");
    let init = CustomEventInit::new();
    init.set_bubbles(!secret);
    init.set_composed(!secret);
    init.set_detail(&js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

fn mount(host: HtmlElement, config: Config) -> WidgetHandle {
    mount_in(host.clone(), host, config)
}

/// Mounts the widget into `into`, with its events on `host` (they differ when `host` holds a
/// pre-rendered first step the widget takes over: crate::first_paint).
fn mount_in(host: HtmlElement, into: HtmlElement, config: Config) -> WidgetHandle {
    let emitter = |name: &'static str| {
        let host = SendWrapper::new(host.clone());
        move |detail: serde_json::Value| emit(&host, name, detail)
    };
    let (success, error, step, code) = (
        emitter("idx-widget:success"),
        emitter("idx-widget:error"),
        emitter("idx-widget:step"),
        emitter("idx-widget:interaction-code"),
    );
    let on_success = Callback::new(move |tokens: Tokens| success(tokens_json(&tokens)));
    let on_error = Callback::new(move |e: WidgetError| error(error_json(&e)));
    let on_step = Callback::new(move |name: String| step(serde_json::json!({ "step": name })));
    let on_interaction_code = Callback::new(move |(c, state): (String, String)| {
        code(serde_json::json!({ "interactionCode": c, "state": state }))
    });
    let control = SignInControl::new();
    let for_widget = control.clone();
    let handle = mount_to(into, move || {
        let control = for_widget.clone();
        view! {
            <SignIn config=config.clone() on_success on_error on_step on_interaction_code control/>
        }
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
/// `idx-widget:interaction-code` (a server-side web app: `{interactionCode, state}`),
/// `idx-widget:error` (detail: `{kind, message}`), `idx-widget:step` (detail: `{step}`).
/// Throws when the configuration is unusable.
#[wasm_bindgen]
pub fn render(element: HtmlElement, config: WidgetConfigJs) -> Result<WidgetHandle, JsError> {
    Ok(mount(element, checked(config)?))
}

fn checked(config: WidgetConfigJs) -> Result<Config, JsError> {
    let text = js_sys::JSON::stringify(&config)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    let config = Config::from_json(&text).map_err(|e| JsError::new(&e.to_string()))?;
    crate::issuers::check(&config.issuer).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(config)
}

/// `render` for `<idx-sign-in>`, which takes over a pre-rendered first step given as its
/// light-DOM children (crate::first_paint), as the standalone page does.
#[cfg(feature = "standalone")]
pub(crate) fn render_taking_over(
    host: HtmlElement,
    config: WidgetConfigJs,
) -> Result<WidgetHandle, JsError> {
    let mut config = checked(config)?;
    if let Some(username) = crate::first_paint::typed(&host) {
        config.username = Some(username);
    }
    let into = crate::first_paint::prepare(&host).unwrap_or_else(|| host.clone());
    Ok(mount_in(host, into, config))
}

/// Sets the issuers this page signs in with, once, right after `init()`: whole issuer URLs, or
/// bare origins (`https://example.okta.com`) that allow every issuer on them. From then on
/// `render` and `<idx-sign-in>` refuse any other issuer, whatever the markup says. Throws when
/// the list was set already or names something that is not an http(s) URL.
#[wasm_bindgen(js_name = allowIssuers)]
pub fn allow_issuers(issuers: Vec<String>) -> Result<(), JsError> {
    crate::issuers::set(issuers).map_err(|e| JsError::new(&e.to_string()))
}

/// Runs when the module loads: registers the `<idx-sign-in>` element; then the standalone
/// page (which has the mount element) reads its configuration from `config.json` beside it,
/// takes at most a username hint and the one-time `recovery_token` / `activation_token` from
/// the query string (which then leave the address), and mounts the widget. Whatever an
/// identity provider or a magic link brought back on the address, every embedding reads it
/// (the driver does). Embedding pages
/// have no such element and use the tag or call `render` themselves.
#[cfg(feature = "standalone")]
#[wasm_bindgen(start)]
pub fn start() {
    use wasm_bindgen::JsCast;

    /// The id of the element the standalone page (index.html) mounts the widget into.
    const STANDALONE_MOUNT_ID: &str = "idx-widget-standalone";

    crate::element::register(render_taking_over);

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
        // Read once per page: the loader's copy when it has one.
        let loaded = match crate::ui::early::config().await {
            Some(text) => Config::from_json(&text),
            None => Config::fetch("config.json").await,
        };
        match loaded {
            // Clickjacking: a page of another site could frame the sign-in and trick presses
            // (RFC 9700 §4.16). The `frame-ancestors` header stops that where the server sends
            // it; this is for servers that do not.
            Ok(config) if !config.allow_framing && crate::ui::browser::is_framed() => {
                let strings = crate::strings::Strings::default();
                let error = WidgetError {
                    kind: crate::error::ErrorKind::Config,
                    message: strings
                        .get(crate::strings::Text::FramingRefused)
                        .to_string(),
                };
                show_refusal(&host, &error.message);
                emit(&host, "idx-widget:error", error_json(&error));
            }
            Ok(mut config) => {
                // The standalone page is the whole page: its step heading is the page's h1.
                config.heading_level = 1;
                if let Some(username) = Config::username_hint(&query) {
                    config.username = Some(username);
                }
                // What the person typed before the wasm came beats any hint.
                if let Some(username) = crate::first_paint::typed(&host) {
                    config.username = Some(username);
                }
                let config = config.with_address_tokens(&query);
                crate::ui::browser::clean_address(&Config::ADDRESS_TOKENS);
                let into = crate::first_paint::prepare(&host).unwrap_or_else(|| host.clone());
                // The standalone page lives as long as the page: never unmounted.
                std::mem::forget(mount_in(host, into, config));
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

/// The standalone page's refusal to run, as an alert in place of the form.
#[cfg(feature = "standalone")]
fn show_refusal(host: &HtmlElement, message: &str) {
    let Some(document) = host.owner_document() else {
        return;
    };
    host.set_text_content(None);
    if let Ok(alert) = document.create_element("p") {
        let _ = alert.set_attribute("role", "alert");
        alert.set_text_content(Some(message));
        let _ = host.append_child(&alert);
    }
}

#[wasm_bindgen(typescript_custom_section)]
const SHOW_SIGN_IN_TYPES: &'static str = r#"
/**
 * Options of showSignIn, under Okta Sign-In Widget's names: issuer, clientId, redirectUri,
 * scopes, username, language, recoveryToken, activationToken, and for a server-side web app
 * codeChallenge, state, interactionHandle, and otp (an email magic link's code, entered at the
 * email step). Any other WidgetConfig member works too. An identity provider's return or a
 * magic link on the page's address (interaction_code, error, otp, with state) is handled on
 * mount.
 */
export interface ShowSignInOptions extends Partial<WidgetConfig> {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** Where to mount the widget: an element or a CSS selector. */
  el: HTMLElement | string;
}

/** okta-auth-js's AccessToken. */
export interface OktaAccessToken {
  accessToken: string;
  claims?: Record<string, unknown>;
  expiresAt: number;
  tokenType: string;
  scopes: string[];
  authorizeUrl: string;
  userinfoUrl: string;
}
/** okta-auth-js's IDToken. */
export interface OktaIDToken {
  idToken: string;
  claims: Record<string, unknown>;
  expiresAt: number;
  scopes: string[];
  authorizeUrl: string;
  issuer: string;
  clientId: string;
}
/** okta-auth-js's RefreshToken. */
export interface OktaRefreshToken {
  refreshToken: string;
  expiresAt: number;
  scopes: string[];
  tokenUrl: string;
  authorizeUrl: string;
  issuer: string;
}
/** okta-auth-js's Tokens: what oktaAuth.handleLoginRedirect(tokens) takes. */
export interface OktaTokens {
  accessToken?: OktaAccessToken;
  idToken?: OktaIDToken;
  refreshToken?: OktaRefreshToken;
}

/** What showSignIn resolves with, as Okta's widget's showSignIn: tokens (a SPA), or the interaction code (a web app with redirectWithCode false). */
export interface ShowSignInResult {
  status: "SUCCESS";
  tokens?: OktaTokens;
  interactionCode?: string;
  state?: string;
}

/** showSignIn's promise; remove() unmounts the widget (Okta's widget.remove()). */
export type SignInPromise = Promise<ShowSignInResult> & { remove(): void };
"#;

/// What a `showSignIn` call keeps until its `remove()`: the mounted widget and the listeners
/// that settle its promise.
struct ShownSignIn {
    host: HtmlElement,
    handle: Option<WidgetHandle>,
    listeners: Vec<(&'static str, JsValue)>,
}

impl ShownSignIn {
    fn remove(&mut self) {
        use wasm_bindgen::JsCast;
        for (name, listener) in self.listeners.drain(..) {
            let _ = self
                .host
                .remove_event_listener_with_callback(name, listener.unchecked_ref());
        }
        if let Some(mut handle) = self.handle.take() {
            handle.remove();
        }
    }
}

/// The host element `options.el` names: an element, or a CSS selector of one.
fn sign_in_host(options: &JsValue) -> Result<HtmlElement, String> {
    use wasm_bindgen::JsCast;
    let el = js_sys::Reflect::get(options, &"el".into()).unwrap_or(JsValue::UNDEFINED);
    if let Some(selector) = el.as_string() {
        let found = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten());
        return found
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .ok_or_else(|| format!("showSignIn: no element matches options.el {selector:?}"));
    }
    el.dyn_into::<HtmlElement>()
        .map_err(|_| "showSignIn: options.el must be an element or a CSS selector".to_owned())
}

/// The configuration in `options`: a shallow copy without `el` (an element does not turn into
/// JSON: React keeps its own objects on it), read as `render` reads its configuration.
fn sign_in_config(options: &JsValue) -> Result<Config, String> {
    if !options.is_object() {
        return Err("showSignIn needs an options object".into());
    }
    let copy = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let _ = js_sys::Reflect::delete_property(&copy, &"el".into());
    let text = js_sys::JSON::stringify(&copy)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    Config::from_json(&text).map_err(|e| e.to_string())
}

/// A promise rejected with an `Error` of this message, with the `remove()` every
/// `showSignIn` promise has.
fn rejected_sign_in(message: &str) -> js_sys::Promise {
    let promise = js_sys::Promise::reject(&js_sys::Error::new(message));
    let remove = Closure::<dyn FnMut()>::new(|| {}).into_js_value();
    let _ = js_sys::Reflect::set(&promise, &"remove".into(), &remove);
    promise
}

/// For apps built on okta-react / okta-auth-js, in place of Okta's widget's `showSignIn`:
/// mounts the widget into `options.el` and returns a promise that resolves once signed in with
/// `{status: "SUCCESS", tokens}`, `tokens` in okta-auth-js's shape (`{accessToken, idToken,
/// refreshToken}`, for `oktaAuth.handleLoginRedirect(tokens)`), or rejects with an `Error` when
/// the widget cannot go on (its `kind` is the `idx-widget:error` kind). The widget stays until
/// the promise's `remove()` (Okta's `widget.remove()`). A server-side web app (`codeChallenge`
/// or `interactionHandle`, with `redirectWithCode: false`) gets `{status, interactionCode,
/// state}`. The `idx-widget:*` events fire on `el` as with `render`.
#[wasm_bindgen(js_name = showSignIn, unchecked_return_type = "SignInPromise")]
pub fn show_sign_in(
    #[wasm_bindgen(unchecked_param_type = "ShowSignInOptions")] options: JsValue,
) -> js_sys::Promise {
    use std::cell::RefCell;
    use std::rc::Rc;

    let (host, config) =
        match sign_in_host(&options).and_then(|h| Ok((h, sign_in_config(&options)?))) {
            Ok(found) => found,
            Err(message) => return rejected_sign_in(&message),
        };
    let (issuer, client_id, scopes) = (
        config.issuer.clone(),
        config.client_id.clone(),
        config.scopes.clone(),
    );
    let shown = Rc::new(RefCell::new(ShownSignIn {
        host: host.clone(),
        handle: None,
        listeners: Vec::new(),
    }));
    // The executor runs at once: the promise's two functions are ours from here on.
    let mut settlers = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| settlers = Some((resolve, reject)));
    let Some((resolve, reject)) = settlers else {
        return rejected_sign_in("showSignIn: the promise did not start");
    };
    let detail_json = |event: &CustomEvent| -> serde_json::Value {
        js_sys::JSON::stringify(&event.detail())
            .ok()
            .and_then(|s| s.as_string())
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    let settle = |f: &js_sys::Function, value: serde_json::Value| {
        let value = js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL);
        let _ = f.call1(&JsValue::UNDEFINED, &value);
    };
    let on_success = {
        let resolve = resolve.clone();
        Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
            let now = (js_sys::Date::now() / 1000.0).floor() as u64;
            let tokens = crate::okta_tokens::okta_auth_tokens(
                &detail_json(&event),
                &issuer,
                &client_id,
                &scopes,
                now,
            );
            settle(
                &resolve,
                serde_json::json!({ "status": "SUCCESS", "tokens": tokens }),
            );
        })
    };
    let on_code = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
        let detail = detail_json(&event);
        settle(
            &resolve,
            serde_json::json!({
                "status": "SUCCESS",
                "interactionCode": detail["interactionCode"],
                "state": detail["state"],
            }),
        );
    });
    let on_error = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
        let detail = detail_json(&event);
        let error = js_sys::Error::new(detail["message"].as_str().unwrap_or("sign-in failed"));
        let kind = detail["kind"].as_str().unwrap_or("unexpected");
        let _ = js_sys::Reflect::set(&error, &"kind".into(), &kind.into());
        let _ = reject.call1(&JsValue::UNDEFINED, &error);
    });
    for (name, listener) in [
        ("idx-widget:success", on_success.into_js_value()),
        ("idx-widget:interaction-code", on_code.into_js_value()),
        ("idx-widget:error", on_error.into_js_value()),
    ] {
        use wasm_bindgen::JsCast;
        let _ = host.add_event_listener_with_callback(name, listener.unchecked_ref());
        shown.borrow_mut().listeners.push((name, listener));
    }
    shown.borrow_mut().handle = Some(mount(host, config));
    let remove = Closure::<dyn FnMut()>::new(move || shown.borrow_mut().remove()).into_js_value();
    let _ = js_sys::Reflect::set(&promise, &"remove".into(), &remove);
    promise
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, TokenStorage};
    use crate::error::ErrorKind;

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

    /// The TypeScript `WidgetErrorDetail.kind` union is the Rust `ErrorKind`'s names, in order.
    #[test]
    fn the_typescript_error_kinds_are_the_rust_ones() {
        let start = TYPES.find("export interface WidgetErrorDetail {").unwrap();
        let line = TYPES[start..]
            .lines()
            .find(|l| l.trim_start().starts_with("kind:"))
            .unwrap();
        let ts: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        let rust: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(ts, rust);
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

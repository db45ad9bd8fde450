//! `<idx-sign-in>`: the widget as a custom element, so any stack (React, Vue, Angular, plain
//! HTML) uses it with nothing but `await init()` and the tag. Attributes: `issuer`,
//! `client-id`, `redirect-uri`, `scopes` (space-separated), `username`, `lang`, the one-time
//! `recovery-token` and `activation-token` (from a reset or activation link), and for a
//! server-side web app the values its back end renders into the page: `code-challenge` or
//! `interaction-handle`, with `state`; `post-logout-redirect-uri` for sign-out. It fires the same
//! `idx-widget:*` events as `render`; taking it out of the page is `remove()`; its `signOut()`
//! is the handle's.
//!
//! Markup given as its children, marked `data-idx-first-paint` (the identify step's form with
//! `id="idx-identifier" name="identifier"`, as the standalone page's `index.html`), is usable
//! before the wasm arrives and taken over when the widget's first step is ready: what was
//! typed, the focus and the caret; a press the page recorded as `data-idx-submitted="true"` on
//! that form is sent once (crate::first_paint). The package's loader `early.js` (src/early.js)
//! records that press, and starts the sign-in from the attributes during the download.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

// A custom element must be a JavaScript class; this small module (a file of its own in the
// package, so a strict CSP allows it) defines it and calls back into `render`.
#[wasm_bindgen(inline_js = r#"
export function defineSignInElement(render) {
  if (customElements.get("idx-sign-in")) return;
  class IdxSignIn extends HTMLElement {
    connectedCallback() {
      if (this._handle) return;
      const config = {
        issuer: this.getAttribute("issuer") ?? "",
        clientId: this.getAttribute("client-id") ?? "",
        redirectUri: this.getAttribute("redirect-uri") ?? "",
      };
      const scopes = this.getAttribute("scopes");
      if (scopes) config.scopes = scopes.split(/\s+/).filter(Boolean);
      const username = this.getAttribute("username");
      if (username) config.username = username;
      // The element's own lang (HTML's global attribute) picks the widget's language.
      const language = this.getAttribute("lang");
      if (language) config.language = language;
      // One-time tokens of a reset or activation link, and for a server-side web app what
      // its back end rendered into the page for this sign-in.
      for (const [attribute, key] of [["recovery-token", "recoveryToken"],
          ["activation-token", "activationToken"], ["code-challenge", "codeChallenge"],
          ["interaction-handle", "interactionHandle"], ["state", "state"],
          ["post-logout-redirect-uri", "postLogoutRedirectUri"]]) {
        const value = this.getAttribute(attribute);
        if (value) config[key] = value;
      }
      const result = render(this, config);
      if (result instanceof Error) {
        // Said in the element too, as text: never a blank box.
        this.textContent = result.message;
        this.dispatchEvent(new CustomEvent("idx-widget:error", {
          bubbles: true, composed: true, detail: { kind: "config", message: result.message },
        }));
      } else {
        this._handle = result;
      }
    }
    disconnectedCallback() {
      this._handle?.remove();
      this._handle = null;
    }
    signOut() {
      this._handle?.signOut();
    }
  }
  customElements.define("idx-sign-in", IdxSignIn);
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = defineSignInElement)]
    fn define_sign_in_element(render: &Closure<dyn Fn(HtmlElement, JsValue) -> JsValue>);
}

/// Registers `<idx-sign-in>` (once; the module's start does it), each element mounted with
/// `render` (the JavaScript API's, passed in so this module does not import the one that
/// registers it).
pub(crate) fn register<C, H, E>(render: fn(HtmlElement, C) -> Result<H, E>)
where
    C: JsCast + 'static,
    H: Into<JsValue> + 'static,
    E: Into<JsValue> + 'static,
{
    let render = Closure::<dyn Fn(HtmlElement, JsValue) -> JsValue>::new(
        move |host: HtmlElement, config: JsValue| match render(host, config.unchecked_into()) {
            Ok(handle) => handle.into(),
            Err(e) => e.into(),
        },
    );
    define_sign_in_element(&render);
    // The element class lives as long as the page.
    render.forget();
}

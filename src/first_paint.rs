//! The first step as plain HTML, before the wasm: a host element (the standalone page's mount
//! element) may hold a pre-rendered form marked `data-idx-first-paint` with the identify step's
//! ids and names (`index.html` has one). The widget mounts beside it, hidden, and when its
//! first screen is ready takes it over: what was typed, the focus and the caret move to the
//! widget's own field, and a press recorded on the form (`data-idx-submitted`, set by the
//! page's loader `src/early.js`) is honoured once, if that first screen asks for the username
//! alone. Any other first screen replaces the form, and the typed username stays as the hint
//! the widget fills in when it asks for one.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen(inline_js = r##"
const marked = (host) => host.querySelector(":scope > [data-idx-first-paint]");

export function typedUsername(host) {
  const field = marked(host)?.querySelector("input[name=identifier]");
  return field ? field.value.trim() : "";
}

export function prepareTakeOver(host) {
  const first = marked(host);
  if (!first) return null;
  const mountPoint = document.createElement("div");
  mountPoint.hidden = true;
  host.appendChild(mountPoint);
  let done = false;
  const swap = () => {
    if (done) return;
    done = true;
    host.removeEventListener("idx-widget:step", soon);
    host.removeEventListener("idx-widget:error", soon);
    const typed = first.querySelector("input[name=identifier]");
    const value = typed ? typed.value : "";
    const focused = first.contains(document.activeElement);
    const inField = typed !== null && document.activeElement === typed;
    const caret = inField ? [typed.selectionStart, typed.selectionEnd, typed.selectionDirection] : null;
    const pressed = typed?.form?.dataset.idxSubmitted === "true";
    first.remove();
    mountPoint.hidden = false;
    const field = mountPoint.querySelector("#idx-identifier");
    const heading = mountPoint.querySelector(".idx-heading");
    if (!field) {
      if (focused || document.activeElement === document.body) heading?.focus();
      return;
    }
    if (value && field.value !== value) {
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const password = field.form?.querySelector("#idx-password");
    if (pressed && password) {
      password.focus();
    } else if (caret) {
      field.focus();
      field.setSelectionRange(...caret);
    } else if (pressed) {
      field.focus();
    } else if (!focused && document.activeElement === document.body) {
      heading?.focus();
    }
    if (pressed && !password && field.value.trim()) field.form.requestSubmit();
  };
  // After the widget's own rendering and focus of its first screen, which follow the event.
  const soon = () => setTimeout(swap, 0);
  host.addEventListener("idx-widget:step", soon);
  host.addEventListener("idx-widget:error", soon);
  return mountPoint;
}
"##)]
extern "C" {
    #[wasm_bindgen(js_name = typedUsername)]
    fn typed_username(host: &HtmlElement) -> String;
    #[wasm_bindgen(js_name = prepareTakeOver)]
    fn prepare_take_over(host: &HtmlElement) -> Option<HtmlElement>;
}

/// What was typed into the pre-rendered username field of `host`, if anything.
pub(crate) fn typed(host: &HtmlElement) -> Option<String> {
    Some(typed_username(host)).filter(|s| !s.is_empty())
}

/// Where to mount the widget in `host`: a hidden element beside its pre-rendered form, which
/// the widget's first screen replaces; `None` when there is no such form (mount in `host`).
pub(crate) fn prepare(host: &HtmlElement) -> Option<HtmlElement> {
    prepare_take_over(host)
}

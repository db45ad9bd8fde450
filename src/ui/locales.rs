//! Fetches the one language table a page needs (`locales/{tag}.json`), from beside the
//! widget's own files: the standalone page's `dist/`, the npm package's folder, wherever the
//! host serves them. The address comes from the widget's own module, never from the
//! configuration, so this is a request for the widget's own asset like the wasm itself.

use std::collections::HashMap;

use wasm_bindgen::prelude::*;

// A snippet sits two folders below the package root (`snippets/idx-widget-…/`), where
// wasm-bindgen and Trunk put it; the languages sit in `locales/` at that root.
#[wasm_bindgen(inline_js = r#"
export function localeUrl(tag) {
  return new URL(`../../locales/${tag}.json`, import.meta.url).href;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = localeUrl)]
    fn locale_url(tag: &str) -> String;
}

/// The table for `tag`, or `None` when it cannot be had (not served, offline, not a table):
/// the widget then speaks English.
pub async fn fetch(tag: &str) -> Option<HashMap<String, String>> {
    let response = gloo_net::http::Request::get(&locale_url(tag))
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = response.text().await.ok()?;
    serde_json::from_str(&text).ok()
}

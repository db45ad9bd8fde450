//! Fetches the one language table a page needs (`locales/{tag}.json`), from beside the
//! widget's JS module: the standalone page's `dist/`, the npm package's folder, a bundle's
//! folder. The address comes from the module itself, never from the configuration, so this is
//! a request for the widget's own asset like the wasm itself.

use std::collections::HashMap;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The address of wasm-bindgen's JS module (`idx_widget.js`, or the page's hashed copy).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MODULE_URL: js_sys::JsString;
}

/// `locales/{tag}.json` in the folder of the widget's JS module, where the standalone page's
/// build and the npm package put the languages.
fn locale_url(tag: &str) -> String {
    let module = MODULE_URL.with(|url| String::from(url));
    let folder = module.rfind('/').map_or("", |end| &module[..=end]);
    format!("{folder}locales/{tag}.json")
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

//! idx-widget: an Okta Identity Engine sign-in widget that runs in the user's browser, so every
//! request to the org (and so every Okta Verify push) carries the user's own context.
//!
//! This is the foundation's placeholder: it mounts the [`SignIn`] component on the standalone
//! page with the configuration served beside it. The flows arrive with the next issues.

pub mod flow;

use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The id of the element the standalone page mounts the widget into.
pub const STANDALONE_MOUNT_ID: &str = "idx-widget-standalone";

/// Where to sign in: the org and the app registered there.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// The authorization server, e.g. `https://example.okta.com/oauth2/default`.
    pub issuer: String,
    /// The SPA app's client id.
    pub client_id: String,
    /// A redirect URI registered on the app.
    pub redirect_uri: String,
    /// Scopes to ask for.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// The sign-in widget.
#[component]
pub fn SignIn(
    /// Where to sign in.
    config: Config,
) -> impl IntoView {
    view! {
        <section class="idx-widget" aria-labelledby="idx-widget-heading">
            <h1 id="idx-widget-heading" tabindex="-1">"Sign in"</h1>
            <p class="idx-widget__status" role="status">{format!("Ready to sign in with {}", config.issuer)}</p>
        </section>
    }
}

/// Runs when the module loads: on the standalone page (which has the mount element), fetch
/// `config.json` beside the page and mount the widget. Embedding pages have no such element and
/// mount it themselves.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(mount) = document().get_element_by_id(STANDALONE_MOUNT_ID) else {
        return;
    };
    // Leptos's executor starts with the first mount, so this first task uses the browser's own.
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = async {
            let response = gloo_net::http::Request::get("config.json").send().await?;
            response.json::<Config>().await
        };
        match loaded.await {
            Ok(config) => {
                let mount: web_sys::HtmlElement = mount.unchecked_into();
                mount_to(mount, move || view! { <SignIn config=config.clone() /> }).forget();
            }
            Err(e) => mount.set_text_content(Some(&format!("Cannot load config.json: {e}"))),
        }
    });
}

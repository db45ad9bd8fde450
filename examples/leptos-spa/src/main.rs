//! A Leptos app that embeds idx-widget's `<SignIn/>` component: it reads the org's settings
//! from `config.json`, shows the widget until the user is signed in, then greets them.

use idx_widget::{Config, SignIn, Tokens};
use leptos::prelude::*;

/// The user's name from the ID token's claims. (An app's back end verifies the token's
/// signature against the org's keys before trusting it.)
fn username(tokens: &Tokens) -> Option<String> {
    let claims = tokens.id_token.as_ref()?.claims()?;
    claims["preferred_username"].as_str().map(str::to_owned)
}

#[component]
fn App() -> impl IntoView {
    let config = LocalResource::new(|| Config::fetch("config.json"));
    let (signed_in, set_signed_in) = signal(None::<String>);
    view! {
        <header class="app-header"><h1>"Example app (Leptos)"</h1></header>
        <main>{move || match (signed_in.get(), config.get()) {
            (Some(name), _) => view! { <p class="app-welcome" role="status">{format!("Welcome, {name}!")}</p> }.into_any(),
            (None, Some(Ok(config))) => view! {
                <SignIn config on_success=move |tokens: Tokens| set_signed_in.set(Some(username(&tokens).unwrap_or_else(|| "you".into())))/>
            }
            .into_any(),
            (None, Some(Err(e))) => view! { <p role="alert">{format!("No configuration: {e}")}</p> }.into_any(),
            (None, None) => view! { <p>"Loading…"</p> }.into_any(),
        }}</main>
    }
}

fn main() {
    mount_to_body(App);
}

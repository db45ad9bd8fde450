//! Identity providers: one button per IdP the org offers, named by its brand or the org's
//! name for it (text and CSS only: no logo is fetched from anywhere), and the page of an org
//! that offers nothing else.

use leptos::prelude::*;

use crate::flow::{Action, IdentityProvider};
use crate::strings::Text;
use crate::ui::common::{Heading, Links, Messages, ui};

/// The IdP buttons of the step, under an "or" when they follow a form.
#[component]
pub fn IdpButtons(#[prop(optional)] divider: bool) -> impl IntoView {
    let ui = ui();
    let idps: Vec<IdentityProvider> = ui
        .step
        .with_untracked(|s| s.as_ref().map(|s| s.idps.clone()))
        .unwrap_or_default();
    (!idps.is_empty()).then(|| {
        let buttons = idps
            .into_iter()
            .map(|idp| {
                let text = ui.fill(Text::SignInWith, "idp", idp.display_name());
                let class = format!("idx-button idx-idp idx-idp--{}", idp.kind.as_str());
                let data = format!("idp-{}", idp.kind.as_str());
                let href = idp.href.clone();
                view! {
                    <li>
                        <button type="button" class=class data-se=data disabled=move || ui.busy()
                            on:click=move |_| ui.send(Action::SignInWith(href.clone()))>
                            {text}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            {divider.then(|| view! {
                <p class="idx-divider"><span>{ui.t(Text::IdpDivider)}</span></p>
            })}
            <ul class="idx-idps" aria-label=ui.t(Text::IdpOthers)>{buttons}</ul>
        }
    })
}

/// An org that offers only identity providers.
#[component]
pub fn IdentityProviders() -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(Text::SignInTitle)/>
        <Messages/>
        <IdpButtons/>
        <Links/>
    }
}

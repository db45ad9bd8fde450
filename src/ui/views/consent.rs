//! Consent: what the app asks for (each scope's label and description, as the server words
//! them), then Allow or Don't Allow; in granular consent a box per scope the user may clear.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::flow::{Action, ConsentKind, Scope};
use crate::strings::Text;
use crate::ui::common::{Heading, Links, Messages, ui};

#[component]
pub fn Consent(kind: ConsentKind, app: Option<String>, scopes: Vec<Scope>) -> impl IntoView {
    let ui = ui();
    let app = app.unwrap_or_else(|| ui.t(Text::ConsentThisApp));
    let (title, text) = match kind {
        ConsentKind::EndUser => (Text::ConsentTitle, Text::ConsentText),
        ConsentKind::Admin => (Text::ConsentAdminTitle, Text::ConsentText),
        ConsentKind::Granular => (Text::ConsentGranularTitle, Text::ConsentGranularText),
    };
    let granted = RwSignal::new(
        scopes
            .iter()
            .map(|s| (s.name.clone(), true))
            .collect::<BTreeMap<_, _>>(),
    );
    let items = scopes
        .into_iter()
        .enumerate()
        .map(|(i, scope)| {
            let description = scope.description.clone().map(|d| {
                view! { <span id=format!("idx-scope-{i}-desc") class="idx-scope__desc">{d}</span> }
            });
            let described = scope
                .description
                .as_ref()
                .map(|_| format!("idx-scope-{i}-desc"));
            if kind == ConsentKind::Granular {
                let name = scope.name.clone();
                let id = format!("idx-scope-{i}");
                let for_id = id.clone();
                view! {
                    <li class="idx-scope">
                        <label class="idx-checkbox" for=for_id>
                            <input type="checkbox" id=id checked=true disabled=!scope.optional
                                aria-describedby=described
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    granted.update(|g| { g.insert(name.clone(), on); });
                                }/>
                            <span class="idx-scope__label">{scope.label}</span>
                        </label>
                        {description}
                    </li>
                }
                .into_any()
            } else {
                view! {
                    <li class="idx-scope">
                        <span class="idx-scope__label">{scope.label}</span>
                        {description}
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    let allow = move |_| {
        ui.send(Action::Consent {
            allow: true,
            scopes: granted.with_untracked(|g| g.clone().into_iter().collect()),
        })
    };
    // Okta's widget cancels the whole sign-in when granular consent is refused.
    let deny = move |_| {
        ui.send(match kind {
            ConsentKind::Granular => Action::Restart,
            _ => Action::Consent {
                allow: false,
                scopes: Vec::new(),
            },
        })
    };
    view! {
        <Heading text=ui.fill(title, "app", &app)/>
        <Messages/>
        <ul class="idx-scopes">{items}</ul>
        <p class="idx-subtitle">{ui.t(text)}</p>
        <div class="idx-consent-buttons">
            <button type="button" class="idx-button" data-se="consent-allow" on:click=allow
                disabled=move || ui.busy()>{ui.t(Text::ConsentAllow)}</button>
            <button type="button" class="idx-button idx-button--secondary" data-se="consent-deny"
                on:click=deny disabled=move || ui.busy()>{ui.t(Text::ConsentDeny)}</button>
        </div>
        <Links/>
    }
}

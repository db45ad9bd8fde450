//! Unlocking an account: the username (when the form asks) and the authenticator that proves
//! it (one button each), or the username alone and "Next".

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::{Action, Choice};
use crate::strings::Text;
use crate::ui::common::{Heading, LabelledInput, Links, Messages, SubmitButton, field_errors, ui};

#[component]
pub fn UnlockAccount(identifier: bool, choices: Vec<Choice>) -> impl IntoView {
    let ui = ui();
    let prefill = ui.settings.with_value(|s| s.username.clone());
    let username = RwSignal::new(prefill.unwrap_or_default());
    let typed = move || identifier.then(|| username.get_untracked());
    let only_username = choices.is_empty();
    let items = choices
        .into_iter()
        .map(|choice| {
            let data = choice.key.clone().unwrap_or_default();
            let (title, detail) = (choice.label.clone(), choice.detail.clone());
            let on_click = move |_| {
                ui.send(Action::Unlock {
                    username: typed(),
                    choice: Some(choice.clone()),
                })
            };
            view! {
                <li>
                    <button type="button" class="idx-choice" data-se=data on:click=on_click
                        disabled=move || ui.busy()>
                        <span class="idx-choice__title">{title}</span>
                        {detail.map(|d| view! { <span class="idx-choice__detail">{d}</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    // With authenticators to choose, Enter in the username field has no one button to press.
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if only_username {
            ui.send(Action::Unlock {
                username: typed(),
                choice: None,
            });
        }
    };
    view! {
        <Heading text=ui.t(Text::UnlockTitle)/>
        {(identifier && !only_username).then(|| view! {
            <p class="idx-subtitle">{ui.t(Text::UnlockText)}</p>
        })}
        <Messages/>
        {identifier.then(|| view! {
            <form class="idx-form" on:submit=on_submit novalidate>
                <LabelledInput id="idx-identifier" label=ui.t(Text::Username) name=field::IDENTIFIER
                    autocomplete="username" value=username errors=field_errors(ui, field::IDENTIFIER)/>
                {only_username.then(|| view! { <SubmitButton text=ui.t(Text::Next)/> })}
            </form>
        })}
        {(!only_username).then(|| view! {
            <p id="idx-unlock-with" class="idx-subtitle">{ui.t(Text::UnlockChoose)}</p>
            <ul class="idx-choices" aria-labelledby="idx-unlock-with">{items}</ul>
        })}
        <Links/>
    }
}

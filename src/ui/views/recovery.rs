//! The side doors before sign-in: the username whose password to reset, and unlocking an
//! account (the username and the authenticator that proves it).

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::{Action, Choice};
use crate::strings::Text;
use crate::ui::common::{Heading, LabelledInput, Links, Messages, SubmitButton, field_errors, ui};

/// "Reset your password": the username.
#[component]
pub fn RecoverIdentify() -> impl IntoView {
    let ui = ui();
    let prefill = ui.config.with_value(|c| c.username.clone());
    let username = RwSignal::new(prefill.unwrap_or_default());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::Identify {
            username: username.get_untracked(),
            password: None,
            remember_me: None,
        });
    };
    view! {
        <Heading text=ui.t(Text::ResetPasswordTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit novalidate>
            <LabelledInput id="idx-identifier" label=ui.t(Text::Username) name=field::IDENTIFIER
                autocomplete="username" value=username errors=field_errors(ui, field::IDENTIFIER)/>
            <SubmitButton text=ui.t(Text::Next)/>
        </form>
        <Links/>
    }
}

/// "Unlock account?": the username, then one button per authenticator that can prove it.
#[component]
pub fn UnlockAccount(choices: Vec<Choice>) -> impl IntoView {
    let ui = ui();
    let prefill = ui.config.with_value(|c| c.username.clone());
    let username = RwSignal::new(prefill.unwrap_or_default());
    let items = choices
        .into_iter()
        .map(|choice| {
            let data = choice.key.clone().unwrap_or_default();
            let (title, detail) = (choice.label.clone(), choice.detail.clone());
            let on_click = move |_| {
                ui.send(Action::Unlock {
                    username: username.get_untracked(),
                    choice: choice.clone(),
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
    // Enter in the username field has no one button to press: it does nothing.
    let on_submit = move |ev: SubmitEvent| ev.prevent_default();
    view! {
        <Heading text=ui.t(Text::UnlockTitle)/>
        <p class="idx-subtitle">{ui.t(Text::UnlockText)}</p>
        <Messages/>
        <form class="idx-form" on:submit=on_submit novalidate>
            <LabelledInput id="idx-identifier" label=ui.t(Text::Username) name=field::IDENTIFIER
                autocomplete="username" value=username errors=field_errors(ui, field::IDENTIFIER)/>
        </form>
        <p id="idx-unlock-with" class="idx-subtitle">{ui.t(Text::UnlockChoose)}</p>
        <ul class="idx-choices" aria-labelledby="idx-unlock-with">{items}</ul>
        <Links/>
    }
}

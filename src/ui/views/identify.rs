//! Identify: the username, maybe the password and "Keep me signed in".

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::{Action, Session};
use crate::strings::Text;
use crate::ui::common::{Heading, LabelledInput, Links, Messages, SubmitButton, field_errors, ui};
use crate::ui::views::fastpass::FastPassButton;
use crate::ui::views::idp::IdpButtons;

/// The username (and the password, "Keep me signed in" when the form has them); the same form
/// asks for the username whose password to reset, under its own title.
#[component]
pub fn Identify(
    password: bool,
    remember_me: bool,
    #[prop(default = Text::SignInTitle)] title: Text,
) -> impl IntoView {
    let ui = ui();
    let prefill = ui.settings.with_value(|s| s.username.clone());
    let username = RwSignal::new(prefill.unwrap_or_default());
    let secret = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    // Where the org offers passkey autofill, the browser lists this site's passkeys here.
    let autocomplete = if ui.session.with_untracked(Session::passkey_autofill) {
        "username webauthn"
    } else {
        "username"
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::Identify {
            username: username.get_untracked(),
            password: password.then(|| secret.get_untracked()),
            remember_me: remember_me.then(|| remember.get_untracked()),
        });
    };
    view! {
        <Heading text=ui.t(title)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit novalidate>
            <LabelledInput id="idx-identifier" label=ui.t(Text::Username) name=field::IDENTIFIER
                autocomplete value=username errors=field_errors(ui, field::IDENTIFIER)/>
            {password.then(|| view! {
                <LabelledInput id="idx-password" label=ui.t(Text::Password) name="password"
                    kind="password" autocomplete="current-password" value=secret
                    errors=field_errors(ui, field::CREDENTIALS_PASSCODE)/>
            })}
            {remember_me.then(|| view! {
                <label class="idx-checkbox">
                    <input type="checkbox" name=field::REMEMBER_ME prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    {ui.t(Text::RememberMe)}
                </label>
            })}
            <SubmitButton text=ui.t(Text::Next)/>
        </form>
        <FastPassButton username/>
        <IdpButtons divider=true/>
        <Links/>
    }
}

//! Choosing: an authenticator (to set up or to verify with), an Okta Verify method, and the
//! "Send push" screen of push-only Okta Verify.

use idx_protocol::names::{authenticator_key, field, method};
use leptos::prelude::*;

use crate::flow::{Action, Choice, Purpose};
use crate::strings::Text;
use crate::ui::Ui;
use crate::ui::common::{Heading, Links, Messages, ui};

fn method_text(ui: Ui, choice: &Choice) -> Option<String> {
    match choice.method.as_deref() {
        Some(method::PUSH) => Some(ui.t(Text::MethodPush)),
        Some(method::TOTP) => Some(ui.t(Text::MethodTotp)),
        Some(method::SMS) => Some(ui.t(Text::MethodSms)),
        Some(method::VOICE) => Some(ui.t(Text::MethodVoice)),
        Some(method::SIGNED_NONCE) => Some(ui.t(Text::MethodFastPass)),
        _ => None,
    }
}

#[component]
pub fn ChooseAuthenticator(
    purpose: Purpose,
    choices: Vec<Choice>,
    #[prop(optional)] methods_only: bool,
) -> impl IntoView {
    let ui = ui();
    let (title, subtitle) = match purpose {
        Purpose::Enroll => (Text::EnrollChooseTitle, Text::EnrollChooseSubtitle),
        Purpose::Verify => (Text::VerifyChooseTitle, Text::VerifyChooseSubtitle),
        Purpose::Recover => (Text::ResetPasswordTitle, Text::RecoverChooseSubtitle),
    };
    let items = choices
        .into_iter()
        .map(|choice| {
            let method = method_text(ui, &choice);
            let is_okta_verify = choice
                .key
                .as_deref()
                .is_some_and(|k| k.starts_with(authenticator_key::OKTA_VERIFY));
            let title = method
                .clone()
                .filter(|_| methods_only)
                .unwrap_or_else(|| choice.label.clone());
            let detail = match (methods_only, purpose) {
                (true, _) => None,
                (false, Purpose::Enroll) if is_okta_verify => {
                    Some(ui.t(Text::OktaVerifyDescription))
                }
                (false, _) => choice.detail.clone().or(method),
            };
            // A stable hook for tests and styling: the authenticator key and the method.
            // Okta Verify's entries are its methods; another authenticator's method shows
            // only where the person chooses it (SMS or voice).
            let data = match &choice.method {
                Some(m) if is_okta_verify || choice.send_method => {
                    format!("{}-{m}", choice.key.as_deref().unwrap_or_default())
                }
                _ => choice.key.clone().unwrap_or_default(),
            };
            // The button's own text is its accessible name: what the user sees is what a
            // screen reader or voice control hears.
            view! {
                <li>
                    <button type="button" class="idx-choice" data-se=data
                        on:click=move |_| ui.send(Action::Choose(choice.clone())) disabled=move || ui.busy()>
                        <span class="idx-choice__title">{title}</span>
                        {detail.map(|d| view! { <span class="idx-choice__detail">{d}</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <Heading text=ui.t(title)/>
        <p class="idx-subtitle">{ui.t(subtitle)}</p>
        <Messages/>
        <ul class="idx-choices">{items}</ul>
        <Links/>
    }
}

#[component]
pub fn SendPush(auto_challenge: Option<bool>) -> impl IntoView {
    let ui = ui();
    let auto = RwSignal::new(auto_challenge.unwrap_or(false));
    let on_click = move |_| {
        ui.send(Action::SendPush {
            auto_challenge: auto_challenge.map(|_| auto.get_untracked()),
        })
    };
    view! {
        <Heading text=ui.t(Text::SendPushTitle)/>
        <Messages/>
        <button type="button" class="idx-button" on:click=on_click disabled=move || ui.busy()>
            {ui.t(Text::SendPush)}
        </button>
        {auto_challenge.is_some().then(|| view! {
            <label class="idx-checkbox">
                <input type="checkbox" name=field::AUTO_CHALLENGE prop:checked=move || auto.get()
                    on:change=move |ev| auto.set(event_target_checked(&ev))/>
                {ui.t(Text::SendAutomatically)}
            </label>
        })}
        <Links/>
    }
}

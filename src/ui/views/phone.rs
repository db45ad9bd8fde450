//! Phone: the code sent by SMS or voice call, asking for one, and the number to enroll.

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::{Action, CodeSource, Purpose};
use crate::strings::Text;
use crate::ui::common::{
    CountrySelect, Heading, LabelledInput, Links, Messages, SubmitButton, default_country,
    field_errors, ui,
};
use crate::ui::views::secret::PasscodeForm;

#[component]
pub fn PhoneCode(
    source: CodeSource,
    purpose: Purpose,
    sent_to: Option<String>,
    can_resend: bool,
) -> impl IntoView {
    let ui = ui();
    let title = match purpose {
        Purpose::Enroll => Text::PhoneEnrollTitle,
        Purpose::Verify | Purpose::Recover => Text::PhoneCodeTitle,
    };
    let (to, anywhere) = match source {
        CodeSource::Voice => (Text::VoiceSentTo, Text::VoiceSentAnywhere),
        _ => (Text::SmsSentTo, Text::SmsSentAnywhere),
    };
    let text = match &sent_to {
        Some(number) => ui.fill(to, "address", number),
        None => ui.t(anywhere),
    };
    view! { <PasscodeForm title=ui.t(title) text resend=can_resend.then_some(Text::ResendCode)/> }
}

#[component]
pub fn SendPhoneCode(source: CodeSource, sent_to: Option<String>) -> impl IntoView {
    let ui = ui();
    let text = match &sent_to {
        Some(number) => ui.fill(Text::PhoneSendText, "address", number),
        None => ui.t(Text::PhoneSendTextAnywhere),
    };
    let button = match source {
        CodeSource::Voice => Text::MethodVoice,
        _ => Text::MethodSms,
    };
    view! {
        <Heading text=ui.t(Text::PhoneCodeTitle)/>
        <Messages/>
        <p>{text}</p>
        <button type="button" class="idx-button" on:click=move |_| ui.send(Action::SendCode)
            disabled=move || ui.busy()>
            {ui.t(button)}
        </button>
        <Links/>
    }
}

/// The number to enroll: country, national number, SMS or voice (with an extension).
#[component]
pub fn PhoneNumber(methods: Vec<(String, String)>) -> impl IntoView {
    let ui = ui();
    let country = default_country(ui);
    let number = RwSignal::new(String::new());
    let extension = RwSignal::new(String::new());
    let method = RwSignal::new(methods.first().map(|(m, _)| m.clone()).unwrap_or_default());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::EnrollPhone {
            method: method.get_untracked(),
            country: country.get_untracked(),
            national: number.get_untracked(),
            extension: extension.get_untracked(),
        });
    };
    let choice = (methods.len() > 1).then(|| {
        let radios = methods
            .into_iter()
            .map(|(value, label)| {
                let id = format!("idx-method-{value}");
                let text = match value.as_str() {
                    "sms" => ui.t(Text::MethodSms),
                    "voice" => ui.t(Text::MethodVoice),
                    _ => label,
                };
                let checked = value.clone();
                view! {
                    <label class="idx-radio" for=id.clone()>
                        <input type="radio" id=id.clone() name="methodType" value=value.clone()
                            prop:checked=move || method.get() == checked
                            on:change=move |_| method.set(value.clone())/>
                        {text}
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset>
                <legend>{ui.t(Text::PhoneMethod)}</legend>
                {radios}
            </fieldset>
        }
    });
    view! {
        <Heading text=ui.t(Text::PhoneEnrollTitle)/>
        <Messages/>
        <p>{ui.t(Text::PhoneEnrollText)}</p>
        <form class="idx-form" on:submit=on_submit novalidate>
            {choice}
            <CountrySelect country/>
            <LabelledInput id="idx-phone" label=ui.t(Text::PhoneLabel) name=field::PHONE_NUMBER kind="tel"
                autocomplete="tel-national" inputmode="tel" value=number
                errors=field_errors(ui, field::AUTHENTICATOR_PHONE_NUMBER)/>
            {move || (method.get() == "voice").then(|| view! {
                <LabelledInput id="idx-extension" label=ui.t(Text::Extension) name=field::EXTENSION
                    kind="tel" autocomplete="tel-extension" inputmode="tel" value=extension
                    errors=field_errors(ui, "authenticator.extension")/>
            })}
            <SubmitButton text=ui.t(Text::SendCode)/>
        </form>
        <Links/>
    }
}

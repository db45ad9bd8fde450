//! Codes: the six digits from Okta Verify, and the one-time code form the email, phone and
//! code-app views share (their titles and texts differ, the form does not).

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::Action;
use crate::strings::Text;
use crate::ui::common::{
    Heading, LabelledInput, Links, Messages, SubmitButton, field_errors, reminder_due, ui,
};

#[component]
pub fn EnterCode() -> impl IntoView {
    let ui = ui();
    let code = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::Code(code.get_untracked()));
    };
    view! {
        <Heading text=ui.t(Text::CodeTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit>
            <LabelledInput id="idx-code" label=ui.t(Text::CodeLabel) name=field::TOTP
                autocomplete="one-time-code" inputmode="numeric" hint=ui.t(Text::CodeFormat)
                value=code errors=field_errors(ui, field::CREDENTIALS_TOTP)/>
            <SubmitButton text=ui.t(Text::Verify)/>
        </form>
        <Links/>
    }
}

/// A one-time code (`credentials.passcode`): heading, what happened, the field, "Verify", and
/// "Send again" once the session says the reminder is due (when the server offers a resend).
#[component]
pub fn PasscodeForm(
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    /// "Haven't received …?" when the server offers to send again.
    resend: Option<Text>,
    /// Digits only (a numeric keyboard), or any characters (RSA, YubiKey).
    #[prop(default = true)]
    numeric: bool,
    /// What goes between the text and the field (a QR code to scan first).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let ui = ui();
    let code = RwSignal::new(String::new());
    let due = reminder_due(ui);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::Passcode(code.get_untracked()));
    };
    view! {
        <Heading text=title/>
        <Messages/>
        <p>{text}</p>
        {children.map(|c| c())}
        {move || resend.filter(|_| due.get()).map(|prompt| view! {
            <p class="idx-callout idx-callout--warning">
                {ui.t(prompt)}" "
                <button type="button" class="idx-link" on:click=move |_| ui.send(Action::Resend)>
                    {ui.t(Text::SendAgain)}
                </button>
            </p>
        })}
        <form class="idx-form" on:submit=on_submit novalidate>
            <LabelledInput id="idx-passcode" label=ui.t(Text::PasscodeLabel) name=field::PASSCODE
                autocomplete="one-time-code" inputmode=if numeric { "numeric" } else { "text" }
                value=code errors=field_errors(ui, field::CREDENTIALS_PASSCODE)/>
            <SubmitButton text=ui.t(Text::Verify)/>
        </form>
        <Links/>
    }
}

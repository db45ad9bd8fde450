//! The steps that ask for one secret: the password, the six digits from Okta Verify, and the
//! one-time code the email, phone and code-app views share. Their titles, texts and field
//! differ; the form does not.

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::Action;
use crate::strings::Text;
use crate::ui::common::{
    Heading, LabelledInput, Links, Messages, ResendReminder, SubmitButton, field_errors, ui,
};

/// The one field such a form has, and the action its submit sends.
#[derive(Debug, Clone, Copy)]
pub struct Secret {
    id: &'static str,
    label: Text,
    name: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    inputmode: Option<&'static str>,
    hint: Option<Text>,
    /// Where the server puts this field's errors (dotted path).
    errors_at: &'static str,
    send: fn(String) -> Action,
}

/// The password, as a browser's password manager expects it.
pub const PASSWORD: Secret = Secret {
    id: "idx-password",
    label: Text::Password,
    name: "password",
    kind: "password",
    autocomplete: "current-password",
    inputmode: None,
    hint: None,
    errors_at: field::CREDENTIALS_PASSCODE,
    send: Action::Password,
};

/// Okta Verify's six digits.
pub const OKTA_VERIFY_CODE: Secret = Secret {
    id: "idx-code",
    label: Text::CodeLabel,
    name: field::TOTP,
    kind: "text",
    autocomplete: "one-time-code",
    inputmode: Some("numeric"),
    hint: Some(Text::CodeFormat),
    errors_at: field::CREDENTIALS_TOTP,
    send: Action::Code,
};

/// A one-time code (`credentials.passcode`): digits only (a numeric keyboard), or any
/// characters (RSA, YubiKey).
const fn passcode(numeric: bool) -> Secret {
    Secret {
        id: "idx-passcode",
        label: Text::PasscodeLabel,
        name: field::PASSCODE,
        kind: "text",
        autocomplete: "one-time-code",
        inputmode: Some(if numeric { "numeric" } else { "text" }),
        hint: None,
        errors_at: field::CREDENTIALS_PASSCODE,
        send: Action::Passcode,
    }
}

/// A step that asks for the secret and nothing else.
#[component]
pub fn SecretStep(title: Text, secret: Secret) -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(title)/>
        <Messages/>
        <SecretForm secret/>
        <Links/>
    }
}

/// A one-time code step: heading, what happened, the field, "Verify", and "Send again" once
/// the session says the reminder is due (when the server offers a resend).
#[component]
pub fn PasscodeForm(
    #[prop(into)] title: String,
    #[prop(into)] text: String,
    /// "Haven't received …?" when the server offers to send again.
    resend: Option<Text>,
    /// Digits only, or any characters.
    #[prop(default = true)]
    numeric: bool,
    /// What goes between the text and the field (a QR code to scan first).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=title/>
        <Messages/>
        <p>{text}</p>
        {children.map(|c| c())}
        {resend.map(|prompt| view! {
            <ResendReminder prompt=ui.t(prompt) resend=Some(Text::SendAgain)/>
        })}
        <SecretForm secret=passcode(numeric)/>
        <Links/>
    }
}

/// The form: the field with its errors, and "Verify".
#[component]
fn SecretForm(secret: Secret) -> impl IntoView {
    let ui = ui();
    let value = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send((secret.send)(value.get_untracked()));
    };
    view! {
        <form class="idx-form" on:submit=on_submit novalidate>
            <LabelledInput id=secret.id label=ui.t(secret.label) name=secret.name kind=secret.kind
                autocomplete=secret.autocomplete inputmode=secret.inputmode
                hint=secret.hint.map(|h| ui.t(h)) value errors=field_errors(ui, secret.errors_at)/>
            <SubmitButton text=ui.t(Text::Verify)/>
        </form>
    }
}

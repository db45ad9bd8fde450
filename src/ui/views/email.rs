//! Email: the code (the magic link signs in here too: the session polls while this shows),
//! and "Send me an email".

use leptos::prelude::*;

use crate::flow::{Action, Purpose};
use crate::strings::Text;
use crate::ui::common::{Heading, Links, Messages, ui};
use crate::ui::views::secret::PasscodeForm;

#[component]
pub fn EmailCode(purpose: Purpose, sent_to: Option<String>, can_resend: bool) -> impl IntoView {
    let ui = ui();
    let title = match purpose {
        Purpose::Enroll => Text::EmailEnrollTitle,
        Purpose::Verify | Purpose::Recover => Text::EmailCodeTitle,
    };
    let text = match &sent_to {
        Some(address) => ui.fill(Text::EmailSentTo, "address", address),
        None => ui.t(Text::EmailSentAnywhere),
    };
    view! {
        <PasscodeForm title=ui.t(title) text resend=can_resend.then_some(Text::ResendEmailCode)/>
    }
}

#[component]
pub fn SendEmail(sent_to: Option<String>) -> impl IntoView {
    let ui = ui();
    let text = match &sent_to {
        Some(address) => ui.fill(Text::SendEmailText, "address", address),
        None => ui.t(Text::SendEmailTextAnywhere),
    };
    view! {
        <Heading text=ui.t(Text::SendEmailTitle)/>
        <Messages/>
        <p>{text}</p>
        <button type="button" class="idx-button" on:click=move |_| ui.send(Action::SendCode)
            disabled=move || ui.busy()>
            {ui.t(Text::SendEmail)}
        </button>
        <Links/>
    }
}

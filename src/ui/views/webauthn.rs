//! Security keys, biometrics and passkeys: what the browser will ask, a button that opens its
//! dialog (some browsers open it only on a click), progress while it is open, and why it gave
//! nothing, with "Try again" and the server's other ways out.

use leptos::prelude::*;

use crate::flow::{Action, Purpose, Session, WebAuthnName};
use crate::strings::Text;
use crate::ui::common::{Heading, Links, Messages, ui};
use crate::ui::webauthn;

#[component]
pub fn WebAuthn(purpose: Purpose, name: WebAuthnName, user_verification: bool) -> impl IntoView {
    let ui = ui();
    let title = match name.title(purpose) {
        (text, Some(custom)) => ui.fill(text, "name", custom),
        (text, None) => ui.t(text),
    };
    let running = Memo::new(move |_| ui.session.with(Session::ceremony_running));
    let error = Memo::new(move |_| {
        ui.session
            .with(|s| s.ceremony_error().and_then(|e| e.text()))
    });
    let start = if purpose == Purpose::Enroll {
        Text::WebAuthnEnrollButton
    } else {
        Text::Verify
    };
    let label = move || match error.get() {
        Some(_) => ui.t(Text::TryAgain),
        None => ui.t(start),
    };
    // The same button stays through the dialog (marked unavailable rather than disabled), so
    // a keyboard user's focus is still on it to try again.
    let action = if webauthn::available() {
        view! {
            <button type="button" class="idx-button" aria-disabled=move || running.get().to_string()
                on:click=move |_| ui.send(Action::WebAuthn)>{label}</button>
            {move || running.get().then(|| view! {
                <div class="idx-progress">
                    <span class="idx-spinner" aria-hidden="true"></span>
                    <span>{ui.t(Text::WebAuthnWaiting)}</span>
                </div>
            })}
        }
        .into_any()
    } else {
        view! {
            <p class="idx-callout idx-callout--error">{ui.t(Text::WebAuthnNotSupported)}</p>
        }
        .into_any()
    };
    view! {
        <Heading text=title/>
        <Messages/>
        <p>{ui.t(name.instructions(purpose))}</p>
        {user_verification.then(|| view! {
            <p class="idx-callout idx-callout--warning">{ui.t(Text::WebAuthnUvRequired)}</p>
        })}
        {move || error.get().map(|text| view! {
            <p class="idx-callout idx-callout--error">{ui.t(text)}</p>
        })}
        {action}
        <Links/>
    }
}

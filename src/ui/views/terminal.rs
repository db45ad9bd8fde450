//! Where a sign-in ends: signed in, handed to the org, a dead end, expired, or a magic link's
//! code to take back to where it started.

use leptos::prelude::*;

use crate::flow::{Action, TerminalKind};
use crate::strings::Text;
use crate::ui::common::{Heading, LinkButton, Messages, ui};

#[component]
pub fn SignedIn() -> impl IntoView {
    let ui = ui();
    view! { <Heading text=ui.t(Text::SuccessTitle)/><p>{ui.t(Text::SuccessText)}</p> }
}

/// An Okta-hosted success: the session sends the browser to the org.
#[component]
pub fn Redirecting() -> impl IntoView {
    let ui = ui();
    view! { <Heading text=ui.t(Text::SuccessTitle)/> }
}

/// The widget cannot go on (cannot start, tokens refused).
#[component]
pub fn Failed(message: String) -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(Text::ErrorTitle)/>
        <p class="idx-callout idx-callout--error" role="alert">{message}</p>
        <LinkButton text=ui.t(Text::BackToSignIn) action=Action::Restart class="idx-button"/>
    }
}

/// A state with nothing to do next: titled by what its message means (expired, check your
/// email, return to the original tab, access denied, …), with the server's words below.
#[component]
pub fn Terminal(kind: TerminalKind) -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(kind.title())/>
        {if kind == TerminalKind::Expired {
            view! { <p class="idx-callout idx-callout--error" role="alert">{ui.t(Text::ExpiredText)}</p> }.into_any()
        } else {
            view! { <Messages/> }.into_any()
        }}
        <LinkButton text=ui.t(Text::BackToSignIn) action=Action::Restart class="idx-button"/>
    }
}

/// An email magic link opened away from the sign-in it belongs to (another browser, a tab
/// that kept nothing): its code, to type where the person started, as Okta's
/// `terminal-return-otp-only` shows it.
#[component]
pub fn CodeElsewhere(code: String) -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(Text::CodeElsewhereTitle)/>
        <p class="idx-number idx-secret" data-se="otp-value">{code}</p>
        <p>{ui.t(Text::CodeElsewhereText)}</p>
        <LinkButton text=ui.t(Text::StartAgain) action=Action::Restart class="idx-button"/>
    }
}

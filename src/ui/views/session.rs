//! The org's session in this browser: after sign-out, and when a new sign-in finds it.

use leptos::prelude::*;

use crate::flow::Action;
use crate::strings::Text;
use crate::ui::common::{Heading, LinkButton, ui};
use crate::ui::words;

/// After sign-out: nothing starts until the person asks, so the next one at this computer
/// never walks into a transaction begun with the last one's session.
#[component]
pub fn SignedOut() -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(Text::SignedOutTitle)/>
        <p>{ui.t(Text::SignedOutText)}</p>
        <LinkButton text=ui.t(Text::SignInAgain) action=Action::Restart class="idx-button"/>
    }
}

/// A new sign-in that the org's session signed in at once: go on as that user, or end the
/// session and sign in as someone else.
#[component]
pub fn SessionFound(user: String) -> impl IntoView {
    let ui = ui();
    let title = ui.strings.with_value(|s| words::session_found(s, &user));
    view! {
        <Heading text=title/>
        <p>{ui.t(Text::SessionFoundText)}</p>
        <LinkButton text=ui.t(Text::SessionContinue) action=Action::ContinueSession class="idx-button"/>
        <LinkButton text=ui.t(Text::SessionSwitch) action=Action::SwitchUser/>
    }
}

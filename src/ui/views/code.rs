//! The six-digit code from Okta Verify.

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::Action;
use crate::strings::Text;
use crate::ui::common::{Heading, LabelledInput, Links, Messages, SubmitButton, field_errors, ui};

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

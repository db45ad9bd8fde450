//! Waiting on the phone: for a setup link to be opened, for a push to be answered; and a push
//! that failed.

use idx_protocol::names::field;
use leptos::prelude::*;

use crate::flow::{Action, Alternative, Channel};
use crate::strings::Text;
use crate::ui::common::{Heading, LinkButton, Links, Messages, ResendReminder, Waiting, ui};
use crate::ui::words;

#[component]
pub fn EnrollWaiting(channel: Channel, address: Option<String>, can_resend: bool) -> impl IntoView {
    let ui = ui();
    let (title, resend_text) = match channel {
        Channel::Sms => (Text::CheckSmsTitle, Text::ResendSms),
        _ => (Text::CheckEmailTitle, Text::ResendEmail),
    };
    let sent = ui
        .strings
        .with_value(|s| words::link_sent(s, channel, address.as_deref()));
    view! {
        <Heading text=ui.t(title)/>
        <Messages/>
        <p>{sent}</p>
        {can_resend.then(|| view! {
            <ResendReminder prompt=ui.t(resend_text) resend=Some(Text::SendAgain)/>
        })}
        <Waiting/>
        <LinkButton text=ui.t(Text::TryDifferentWay) action=Action::SwitchTo(Alternative::OtherChannel)/>
        <Links/>
    }
}

#[component]
pub fn PushWaiting(number: Option<String>, can_resend: bool) -> impl IntoView {
    let ui = ui();
    let text = ui
        .strings
        .with_value(|s| words::push_sent(s, number.as_deref()));
    let auto = Memo::new(move |_| ui.session.with(|s| s.auto_challenge()));
    let reminder_text = ui.t(if can_resend {
        Text::PushReminderResend
    } else {
        Text::PushReminder
    });
    view! {
        <Heading text=ui.t(Text::PushSentTitle)/>
        <Messages/>
        {number.map(|n| {
            let label = ui.fill(Text::NumberLabel, "number", &n);
            view! { <p class="idx-number" aria-label=label>{n}</p> }
        })}
        <p>{text}</p>
        {move || auto.get().is_some().then(|| view! {
            <label class="idx-checkbox">
                <input type="checkbox" name=field::AUTO_CHALLENGE prop:checked=move || auto.get().unwrap_or(false)
                    on:change=move |ev| ui.send(Action::SetAutoChallenge(event_target_checked(&ev)))/>
                {ui.t(Text::SendAutomatically)}
            </label>
        })}
        <ResendReminder prompt=reminder_text resend=can_resend.then_some(Text::ResendPush)/>
        <Waiting/>
        <Links/>
    }
}

#[component]
pub fn PushFailed(explained: bool) -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(Text::PushFailedTitle)/>
        <Messages/>
        {(!explained).then(|| view! { <p class="idx-callout" role="status">{ui.t(Text::PushExpired)}</p> })}
        <button type="button" class="idx-button" disabled=move || ui.busy()
            on:click=move |_| ui.send(Action::ResendPush)>{ui.t(Text::ResendPush)}</button>
        <Links/>
    }
}

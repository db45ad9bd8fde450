//! Setting up Okta Verify: the QR code, the choice of channel, and the address for a setup
//! link.

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::{Action, Address, Alternative, Channel};
use crate::strings::Text;
use crate::ui::Ui;
use crate::ui::common::{
    CountrySelect, Heading, LabelledInput, LinkButton, Links, Messages, SubmitButton, Waiting,
    default_country, field_errors, ui,
};

#[component]
pub fn EnrollQr(qr_src: Option<String>) -> impl IntoView {
    let ui = ui();
    let can_switch = ui
        .step
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.alternatives.other_channel));
    view! {
        <Heading text=ui.t(Text::QrTitle)/>
        <Messages/>
        <ol class="idx-steps">
            <li>{ui.t(Text::QrStep1)}</li>
            <li>{ui.t(Text::QrStep2)}</li>
            <li>{ui.t(Text::QrStep3)}</li>
        </ol>
        {match qr_src {
            Some(src) => view! { <img class="idx-qr" src=src alt=ui.t(Text::QrAlt) width="200" height="200"/> }.into_any(),
            None => view! { <p class="idx-callout idx-callout--error" role="alert">{ui.t(Text::QrMissing)}</p> }.into_any(),
        }}
        {can_switch.then(|| view! {
            <LinkButton text=ui.t(Text::CantScan) action=Action::SwitchTo(Alternative::OtherChannel)/>
        })}
        <Waiting/>
        <Links/>
    }
}

fn channel_label(ui: Ui, channel: Channel) -> String {
    ui.t(match channel {
        Channel::Qrcode => Text::ChannelQr,
        Channel::Email => Text::ChannelEmail,
        Channel::Sms => Text::ChannelSms,
        Channel::SameDevice => Text::ChannelSameDevice,
        Channel::DeviceBootstrap => Text::ChannelDeviceBootstrap,
    })
}

#[component]
pub fn ChooseChannel(channels: Vec<(Channel, String)>) -> impl IntoView {
    let ui = ui();
    let chosen = RwSignal::new(channels.first().map(|(c, _)| *c));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(channel) = chosen.get_untracked() {
            ui.send(Action::ChooseChannel(channel));
        }
    };
    let radios = channels
        .into_iter()
        .map(|(channel, _)| {
            let id = format!("idx-channel-{}", channel.as_str());
            let for_id = id.clone();
            view! {
                <label class="idx-radio" for=for_id>
                    <input type="radio" id=id name=field::CHANNEL value=channel.as_str()
                        prop:checked=move || chosen.get() == Some(channel)
                        on:change=move |_| chosen.set(Some(channel))/>
                    {channel_label(ui, channel)}
                </label>
            }
        })
        .collect_view();
    view! {
        <Heading text=ui.t(Text::ChannelTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit>
            <fieldset>
                <legend>{ui.t(Text::ChannelSubtitle)}</legend>
                {radios}
            </fieldset>
            <SubmitButton text=ui.t(Text::Next)/>
        </form>
        <LinkButton text=ui.t(Text::TryDifferentWay) action=Action::SwitchTo(Alternative::Primary)/>
        <Links/>
    }
}

#[component]
pub fn ChannelAddress(channel: Channel) -> impl IntoView {
    let ui = ui();
    let value = RwSignal::new(String::new());
    let country = default_country(ui);
    let sms = channel == Channel::Sms;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let address = if sms {
            Address::Phone {
                country: country.get_untracked(),
                national: value.get_untracked(),
            }
        } else {
            Address::Email(value.get_untracked())
        };
        ui.send(Action::SendLink(address));
    };
    view! {
        <Heading text=ui.t(if sms { Text::SmsTitle } else { Text::EmailTitle })/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit>
            {sms.then(|| view! {
                <CountrySelect country/>
            })}
            {if sms {
                view! {
                    <LabelledInput id="idx-address" label=ui.t(Text::PhoneLabel) name=field::PHONE_NUMBER kind="tel"
                        autocomplete="tel-national" inputmode="tel" value errors=field_errors(ui, field::PHONE_NUMBER)/>
                }.into_any()
            } else {
                view! {
                    <LabelledInput id="idx-address" label=ui.t(Text::EmailLabel) name=field::EMAIL kind="email"
                        autocomplete="email" value errors=field_errors(ui, field::EMAIL)/>
                }.into_any()
            }}
            <SubmitButton text=ui.t(Text::SendLink)/>
        </form>
        <LinkButton text=ui.t(Text::TryDifferentWay) action=Action::SwitchTo(Alternative::OtherChannel)/>
        <Links/>
    }
}

//! Okta FastPass: verifying with Okta Verify on this device (by loopback, or by a link the
//! person presses), "Sign in with Okta FastPass" on the first screen, and setting up Okta
//! Verify on this very device.

use leptos::prelude::*;

use crate::flow::{Action, Alternative, FastPass, Reach};
use crate::strings::Text;
use crate::ui::common::{Heading, LinkButton, Links, Messages, Notice, ui};

/// Progress while Okta Verify works, with any polling trouble; the live region says it once.
#[component]
fn Progress(text: Text) -> impl IntoView {
    let ui = ui();
    view! {
        <div class="idx-progress">
            <span class="idx-spinner" aria-hidden="true"></span>
            <span>{ui.t(text)}</span>
        </div>
        <Notice/>
    }
}

/// A FastPass challenge.
#[component]
pub fn FastPassStep(fastpass: FastPass) -> impl IntoView {
    let ui = ui();
    let denied = Memo::new(move |_| ui.session.with(|s| s.local_network_denied()));
    let href = ui.session.with_untracked(|s| s.launch_href());
    let FastPass {
        reach,
        download_href,
        help_href,
        can_cancel,
        ..
    } = fastpass;
    let title = match reach {
        Reach::Loopback => Text::FastPassVerifyingTitle,
        Reach::CustomUri => Text::FastPassOpenTitle,
        Reach::UniversalLink | Reach::AppLink => Text::FastPassButton,
    };
    let body = match reach {
        Reach::Loopback => view! {
            {move || if denied.get() {
                view! { <LocalNetworkHelp help_href=help_href.clone()/> }.into_any()
            } else {
                view! { <Progress text=Text::FastPassProgress/> }.into_any()
            }}
        }
        .into_any(),
        _ => view! {
            <p>{ui.t(Text::FastPassOpenText)}</p>
            {href.map(|href| view! {
                <a class="idx-button" href=href data-se="open-okta-verify">{ui.t(Text::FastPassOpen)}</a>
            })}
            <Progress text=Text::FastPassWaiting/>
            {download_href.map(|href| view! {
                <p>
                    {ui.t(Text::FastPassNoApp)}" "
                    <a class="idx-link" href=href target="_blank" rel="noopener noreferrer">
                        {ui.t(Text::FastPassDownload)}
                    </a>
                </p>
            })}
        }
        .into_any(),
    };
    // The org's cancel form tells it the person stopped; `Links` offers the rest.
    view! {
        <Heading text=ui.t(title)/>
        <Messages/>
        {body}
        {can_cancel.then(|| view! {
            <nav class="idx-links" aria-label=ui.t(Text::OtherOptions)>
                <LinkButton text=ui.t(Text::FastPassCancel) action=Action::CancelFastPass/>
            </nav>
        })}
        {(!can_cancel).then(|| view! { <Links/> })}
    }
}

/// Chrome refused this page the local network: how to allow it, then try again.
#[component]
fn LocalNetworkHelp(help_href: Option<String>) -> impl IntoView {
    let ui = ui();
    view! {
        <div class="idx-callout idx-callout--error" role="alert">
            <p><strong>{ui.t(Text::LocalNetworkTitle)}</strong></p>
            <p>{ui.t(Text::LocalNetworkIntro)}</p>
            <ol class="idx-steps">
                <li>{ui.t(Text::LocalNetworkStep1)}</li>
                <li>{ui.t(Text::LocalNetworkStep2)}</li>
                <li>{ui.t(Text::LocalNetworkStep3)}</li>
            </ol>
            {help_href.map(|href| view! {
                <p><a class="idx-link" href=href target="_blank" rel="noopener noreferrer">
                    {ui.t(Text::LocalNetworkHelp)}
                </a></p>
            })}
        </div>
        <button type="button" class="idx-button" on:click=move |_| ui.send(Action::RetryFastPass)>
            {ui.t(Text::TryAgain)}
        </button>
    }
}

/// "Sign in with Okta FastPass" beside the identify form, with the username typed so far.
#[component]
pub fn FastPassButton(#[prop(optional)] username: Option<RwSignal<String>>) -> impl IntoView {
    let ui = ui();
    let offered = ui
        .step
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.alternatives.fastpass));
    offered.then(|| {
        view! {
            <p class="idx-divider"><span>{ui.t(Text::IdpDivider)}</span></p>
            <button type="button" class="idx-button idx-button--secondary" data-se="fastpass"
                disabled=move || ui.busy()
                on:click=move |_| ui.send(Action::LaunchFastPass {
                    username: username.map(|u| u.get_untracked()),
                })>
                {ui.t(Text::FastPassButton)}
            </button>
        }
    })
}

/// `launch-authenticator` on its own: FastPass is the way in.
#[component]
pub fn LaunchFastPass() -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(Text::SignInTitle)/>
        <Messages/>
        <p>{ui.t(Text::FastPassLaunchText)}</p>
        <button type="button" class="idx-button" data-se="fastpass" disabled=move || ui.busy()
            on:click=move |_| ui.send(Action::LaunchFastPass { username: None })>
            {ui.t(Text::FastPassButton)}
        </button>
        <Links/>
    }
}

/// Okta Verify set up on this device, or the account added to the one already here; the page
/// moves on when the org says it is done.
#[component]
pub fn EnrollHere(
    bootstrap: bool,
    download_href: Option<String>,
    org_url: Option<String>,
    setup_href: Option<String>,
    device: Option<String>,
) -> impl IntoView {
    let ui = ui();
    let steps = if bootstrap {
        let first = match &device {
            Some(d) => ui.fill(Text::AddAccountStep1, "device", d),
            None => ui.t(Text::AddAccountStep1Here),
        };
        view! {
            <p>{ui.t(Text::AddAccountText)}</p>
            <ol class="idx-steps">
                <li>{first}</li>
                <li>{ui.t(Text::AddAccountStep2)}</li>
                <li>{ui.t(Text::AddAccountStep3)}</li>
            </ol>
        }
        .into_any()
    } else {
        view! {
            <p>{ui.t(Text::EnrollHereText)}</p>
            <ol class="idx-steps">
                <li>
                    {match download_href {
                        Some(href) => view! {
                            <a class="idx-link" href=href target="_blank" rel="noopener noreferrer">
                                {ui.t(Text::EnrollHereStep1)}
                            </a>
                        }.into_any(),
                        None => ui.t(Text::EnrollHereStep1).into_any(),
                    }}
                </li>
                <li>{ui.t(Text::EnrollHereStep2)}</li>
                {org_url.map(|org| view! {
                    <li>{ui.fill(Text::EnrollHereStep3, "org", &org)}</li>
                })}
                <li>{ui.t(Text::EnrollHereStep4)}</li>
            </ol>
            {setup_href.map(|href| view! {
                <a class="idx-button" href=href>{ui.t(Text::EnrollHereSetup)}</a>
            })}
        }
        .into_any()
    };
    let other_channel = ui
        .step
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.alternatives.other_channel));
    view! {
        <Heading text=ui.t(Text::QrTitle)/>
        <Messages/>
        {steps}
        {(!bootstrap).then(|| view! { <Progress text=Text::FastPassWaiting/> })}
        {other_channel.then(|| view! {
            <LinkButton text=ui.t(Text::TryDifferentWay) action=Action::SwitchTo(Alternative::OtherChannel)/>
        })}
        <Links/>
    }
}

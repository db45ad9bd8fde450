//! One view per kind of step. Views render the step and dispatch actions; they never parse
//! JSON or build URLs.

use idx_protocol::Inputs;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::config::{COUNTRIES, clean_code, e164};
use crate::flow::{Channel, Choice, Purpose, StepKind};
use crate::strings::Text;
use crate::ui::common::{
    FieldErrors, Heading, LinkButton, Links, Messages, Waiting, field_errors, reminder,
};
use crate::ui::driver::{Action, Phase, Widget};

mod generic;

/// Whatever the widget shows now.
#[component]
pub fn StepView() -> impl IntoView {
    let w = expect_context::<Widget>();
    // Memos, so a state that changes nothing visible (a poll answer) re-renders nothing.
    let phase = Memo::new(move |_| w.phase.get());
    let kind = Memo::new(move |_| {
        w.step
            .with(|s| s.as_ref().map(|s| (s.kind.clone(), s.form.clone())))
    });
    let live = view! {
        <p class="idx-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
            {move || w.announcement.get()}
        </p>
    };
    let current = move || match phase.get() {
        Phase::Loading => view! { <Loading/> }.into_any(),
        Phase::Done => {
            view! { <Heading text=w.t(Text::SuccessTitle)/><p>{w.t(Text::SuccessText)}</p> }
                .into_any()
        }
        Phase::Failed(message) => view! {
            <Heading text=w.t(Text::ErrorTitle)/>
            <p class="idx-callout idx-callout--error" role="alert">{message}</p>
            <LinkButton text=w.t(Text::BackToSignIn) action=Action::Restart class="idx-button"/>
        }
        .into_any(),
        Phase::Active => view! {
            <Banner/>
            {move || kind.get().map(|(kind, _)| step_view(kind))}
        }
        .into_any(),
    };
    view! { {live} {current} }
}

fn step_view(kind: StepKind) -> AnyView {
    match kind {
        StepKind::Identify {
            password,
            remember_me,
        } => view! { <Identify password remember_me/> }.into_any(),
        StepKind::Password => view! { <Password/> }.into_any(),
        StepKind::ChooseAuthenticator { purpose, choices } => {
            view! { <ChooseAuthenticator purpose choices/> }.into_any()
        }
        StepKind::ChooseMethod { choices } => {
            view! { <ChooseAuthenticator purpose=Purpose::Verify choices methods_only=true/> }
                .into_any()
        }
        StepKind::SendPush { auto_challenge } => view! { <SendPush auto_challenge/> }.into_any(),
        StepKind::EnrollQr { qr_src } => view! { <EnrollQr qr_src/> }.into_any(),
        StepKind::ChooseChannel { channels } => view! { <ChooseChannel channels/> }.into_any(),
        StepKind::ChannelAddress { channel } => view! { <ChannelAddress channel/> }.into_any(),
        StepKind::EnrollWaiting {
            channel,
            address,
            can_resend,
        } => view! { <EnrollWaiting channel address can_resend/> }.into_any(),
        StepKind::PushWaiting {
            number, can_resend, ..
        } => view! { <PushWaiting number can_resend/> }.into_any(),
        StepKind::PushFailed => view! { <PushFailed/> }.into_any(),
        StepKind::EnterCode => view! { <EnterCode/> }.into_any(),
        StepKind::Success => view! { <Loading/> }.into_any(),
        StepKind::Redirect { href } => view! { <Redirect href/> }.into_any(),
        StepKind::Terminal { expired } => view! { <Terminal expired/> }.into_any(),
        StepKind::Generic => view! { <generic::GenericForm/> }.into_any(),
    }
}

#[component]
fn Loading() -> impl IntoView {
    let w = expect_context::<Widget>();
    view! {
        <Heading text=w.t(Text::SignInTitle)/>
        <div class="idx-progress"><span class="idx-spinner" aria-hidden="true"></span><span>{w.t(Text::Loading)}</span></div>
    }
}

/// Errors that are not IDX states (network, rate limit): shown above the step, which is kept.
#[component]
fn Banner() -> impl IntoView {
    let w = expect_context::<Widget>();
    move || {
        w.banner
            .get()
            .map(|b| view! { <p class="idx-callout idx-callout--error" role="alert">{b}</p> })
    }
}

fn submit(w: Widget, form: &str, inputs: Inputs) {
    w.dispatch.run(Action::Submit {
        form: form.to_owned(),
        inputs,
    });
}

fn current_form(w: Widget) -> String {
    w.step
        .with_untracked(|s| s.as_ref().and_then(|s| s.form.clone()))
        .unwrap_or_default()
}

#[component]
fn Identify(password: bool, remember_me: bool) -> impl IntoView {
    let w = expect_context::<Widget>();
    let username = RwSignal::new(
        w.config
            .with_value(|c| c.username.clone())
            .unwrap_or_default(),
    );
    let secret = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let blank = RwSignal::new(false);
    let errors = field_errors(w, "identifier");
    let password_errors = field_errors(w, "credentials.passcode");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if username.get_untracked().trim().is_empty() {
            blank.set(true);
            return;
        }
        blank.set(false);
        let mut inputs = Inputs::new().with("identifier", username.get_untracked().trim());
        if password {
            inputs = inputs.with_object(
                "credentials",
                Inputs::new().with("passcode", secret.get_untracked()),
            );
        }
        if remember_me {
            inputs.set("rememberMe", remember.get_untracked());
        }
        submit(w, "identify", inputs);
    };
    view! {
        <Heading text=w.t(Text::SignInTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit novalidate>
            <label for="idx-identifier">{w.t(Text::Username)}</label>
            <input id="idx-identifier" name="identifier" type="text" autocomplete="username" required
                aria-describedby="idx-identifier-error" aria-invalid=move || (blank.get() || !errors.get().is_empty()).to_string()
                prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
            {move || blank.get().then(|| view! { <p class="idx-field-error" role="alert">{w.t(Text::Required)}</p> })}
            <FieldErrors id="idx-identifier-error" errors/>
            {password.then(|| view! {
                <label for="idx-password">{w.t(Text::Password)}</label>
                <input id="idx-password" name="password" type="password" autocomplete="current-password"
                    aria-describedby="idx-password-error"
                    prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
                <FieldErrors id="idx-password-error" errors=password_errors/>
            })}
            {remember_me.then(|| view! {
                <label class="idx-checkbox">
                    <input type="checkbox" name="rememberMe" prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    {w.t(Text::RememberMe)}
                </label>
            })}
            <button type="submit" class="idx-button" disabled=move || w.busy.get()>{w.t(Text::Next)}</button>
        </form>
        <Links/>
    }
}

#[component]
fn Password() -> impl IntoView {
    let w = expect_context::<Widget>();
    let secret = RwSignal::new(String::new());
    let errors = field_errors(w, "credentials.passcode");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let inputs = Inputs::new().with_object(
            "credentials",
            Inputs::new().with("passcode", secret.get_untracked()),
        );
        submit(w, &current_form(w), inputs);
    };
    view! {
        <Heading text=w.t(Text::PasswordTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit>
            <label for="idx-password">{w.t(Text::Password)}</label>
            <input id="idx-password" name="password" type="password" autocomplete="current-password"
                aria-describedby="idx-password-error" aria-invalid=move || (!errors.get().is_empty()).to_string()
                prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
            <FieldErrors id="idx-password-error" errors/>
            <button type="submit" class="idx-button" disabled=move || w.busy.get()>{w.t(Text::Verify)}</button>
        </form>
        <Links/>
    }
}

fn method_text(w: Widget, choice: &Choice) -> Option<String> {
    match choice.method.as_deref() {
        Some("push") => Some(w.t(Text::MethodPush)),
        Some("totp") => Some(w.t(Text::MethodTotp)),
        _ => None,
    }
}

#[component]
fn ChooseAuthenticator(
    purpose: Purpose,
    choices: Vec<Choice>,
    #[prop(optional)] methods_only: bool,
) -> impl IntoView {
    let w = expect_context::<Widget>();
    let (title, subtitle) = match purpose {
        Purpose::Enroll => (Text::EnrollChooseTitle, Text::EnrollChooseSubtitle),
        Purpose::Verify => (Text::VerifyChooseTitle, Text::VerifyChooseSubtitle),
    };
    let form = current_form(w);
    let items = choices
        .into_iter()
        .map(|choice| {
            let method = method_text(w, &choice);
            let is_ov = choice.key.as_deref().is_some_and(|k| k.starts_with("okta_verify"));
            let title = method.clone().filter(|_| methods_only).unwrap_or_else(|| choice.label.clone());
            let detail = if methods_only { None } else if purpose == Purpose::Enroll && is_ov { Some(w.t(Text::OktaVerifyDescription)) } else { method };
            let action_text = if purpose == Purpose::Enroll { w.t(Text::SetUp) } else { w.t(Text::Select) };
            let aria = format!("{action_text}: {title}{}", detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default());
            let data = format!("{}{}", choice.key.clone().unwrap_or_default(), choice.method.as_ref().map(|m| format!("-{m}")).unwrap_or_default());
            let form = form.clone();
            let on_click = move |_| {
                let mut inner = Inputs::new();
                if !methods_only {
                    inner.set("id", choice.id.clone());
                }
                if let (true, Some(m)) = (choice.send_method, &choice.method) {
                    inner.set("methodType", m.clone());
                }
                submit(w, &form, Inputs::new().with_object("authenticator", inner));
            };
            view! {
                <li>
                    <button type="button" class="idx-choice" data-se=data aria-label=aria on:click=on_click disabled=move || w.busy.get()>
                        <span class="idx-choice__title">{title}</span>
                        {detail.map(|d| view! { <span class="idx-choice__detail">{d}</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <Heading text=w.t(title)/>
        <p class="idx-subtitle">{w.t(subtitle)}</p>
        <Messages/>
        <ul class="idx-choices">{items}</ul>
        <Links/>
    }
}

#[component]
fn SendPush(auto_challenge: Option<bool>) -> impl IntoView {
    let w = expect_context::<Widget>();
    let auto = RwSignal::new(auto_challenge.unwrap_or(false));
    let form = current_form(w);
    let on_click = move |_| {
        let mut inner = Inputs::new().with("methodType", "push");
        if auto_challenge.is_some() {
            inner.set("autoChallenge", auto.get_untracked());
        }
        submit(w, &form, Inputs::new().with_object("authenticator", inner));
    };
    view! {
        <Heading text=w.t(Text::SendPushTitle)/>
        <Messages/>
        <button type="button" class="idx-button" on:click=on_click disabled=move || w.busy.get()>{w.t(Text::SendPush)}</button>
        {auto_challenge.is_some().then(|| view! {
            <label class="idx-checkbox">
                <input type="checkbox" name="autoChallenge" prop:checked=move || auto.get()
                    on:change=move |ev| auto.set(event_target_checked(&ev))/>
                {w.t(Text::SendAutomatically)}
            </label>
        })}
        <Links/>
    }
}

#[component]
fn EnrollQr(qr_src: Option<String>) -> impl IntoView {
    let w = expect_context::<Widget>();
    w.announcement.set(w.t(Text::QrTitle));
    let can_switch = w
        .step
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.alternatives.other_channel));
    view! {
        <Heading text=w.t(Text::QrTitle)/>
        <Messages/>
        <ol class="idx-steps">
            <li>{w.t(Text::QrStep1)}</li>
            <li>{w.t(Text::QrStep2)}</li>
            <li>{w.t(Text::QrStep3)}</li>
        </ol>
        {match qr_src {
            Some(src) => view! { <img class="idx-qr" src=src alt=w.t(Text::QrAlt) width="200" height="200"/> }.into_any(),
            None => view! { <p class="idx-callout idx-callout--error" role="alert">{w.t(Text::QrMissing)}</p> }.into_any(),
        }}
        {can_switch.then(|| view! {
            <LinkButton text=w.t(Text::CantScan) action=Action::Focus(Some("select-enrollment-channel".into()))/>
        })}
        <Waiting/>
        <Links/>
    }
}

fn channel_label(w: Widget, channel: Channel) -> String {
    match channel {
        Channel::Qrcode => w.t(Text::ChannelQr),
        Channel::Email => w.t(Text::ChannelEmail),
        Channel::Sms => w.t(Text::ChannelSms),
    }
}

#[component]
fn ChooseChannel(channels: Vec<(Channel, String)>) -> impl IntoView {
    let w = expect_context::<Widget>();
    let chosen = RwSignal::new(channels.first().map(|(c, _)| *c));
    let form = current_form(w);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(channel) = chosen.get_untracked() {
            let inputs = Inputs::new().with_object(
                "authenticator",
                Inputs::new().with("channel", channel.as_str()),
            );
            submit(w, &form, inputs);
        }
    };
    let radios = channels
        .into_iter()
        .map(|(channel, _)| {
            let id = format!("idx-channel-{}", channel.as_str());
            let for_id = id.clone();
            view! {
                <label class="idx-radio" for=for_id>
                    <input type="radio" id=id name="channel" value=channel.as_str()
                        prop:checked=move || chosen.get() == Some(channel)
                        on:change=move |_| chosen.set(Some(channel))/>
                    {channel_label(w, channel)}
                </label>
            }
        })
        .collect_view();
    view! {
        <Heading text=w.t(Text::ChannelTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit>
            <fieldset>
                <legend>{w.t(Text::ChannelSubtitle)}</legend>
                {radios}
            </fieldset>
            <button type="submit" class="idx-button" disabled=move || w.busy.get()>{w.t(Text::Next)}</button>
        </form>
        <LinkButton text=w.t(Text::TryDifferentWay) action=Action::Focus(None)/>
        <Links/>
    }
}

#[component]
fn ChannelAddress(channel: Channel) -> impl IntoView {
    let w = expect_context::<Widget>();
    let value = RwSignal::new(String::new());
    let default_country = w
        .config
        .with_value(|c| c.default_country.to_ascii_uppercase());
    let country = RwSignal::new(
        if COUNTRIES.iter().any(|(code, ..)| *code == default_country) {
            default_country
        } else {
            "US".to_owned()
        },
    );
    let path = if channel == Channel::Sms {
        "phoneNumber"
    } else {
        "email"
    };
    let errors = field_errors(w, path);
    let form = current_form(w);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let inputs = match channel {
            Channel::Sms => {
                let calling = COUNTRIES
                    .iter()
                    .find(|(c, ..)| *c == country.get_untracked())
                    .map_or("1", |(_, _, code)| *code);
                Inputs::new().with("phoneNumber", e164(calling, &value.get_untracked()))
            }
            _ => Inputs::new().with("email", value.get_untracked().trim()),
        };
        submit(w, &form, inputs);
    };
    let (title, label) = match channel {
        Channel::Sms => (Text::SmsTitle, Text::PhoneLabel),
        _ => (Text::EmailTitle, Text::EmailLabel),
    };
    view! {
        <Heading text=w.t(title)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit>
            {(channel == Channel::Sms).then(|| view! {
                <label for="idx-country">{w.t(Text::Country)}</label>
                <select id="idx-country" name="country" on:change=move |ev| country.set(event_target_value(&ev))>
                    {COUNTRIES.iter().map(|(code, name, calling)| view! {
                        <option value=*code selected=move || country.get() == *code>{format!("{name} (+{calling})")}</option>
                    }).collect_view()}
                </select>
            })}
            <label for="idx-address">{w.t(label)}</label>
            {match channel {
                Channel::Sms => view! {
                    <input id="idx-address" name="phoneNumber" type="tel" autocomplete="tel-national" inputmode="tel"
                        aria-describedby="idx-address-error" aria-invalid=move || (!errors.get().is_empty()).to_string()
                        prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                }.into_any(),
                _ => view! {
                    <input id="idx-address" name="email" type="email" autocomplete="email"
                        aria-describedby="idx-address-error" aria-invalid=move || (!errors.get().is_empty()).to_string()
                        prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                }.into_any(),
            }}
            <FieldErrors id="idx-address-error" errors/>
            <button type="submit" class="idx-button" disabled=move || w.busy.get()>{w.t(Text::SendLink)}</button>
        </form>
        <LinkButton text=w.t(Text::TryDifferentWay) action=Action::Focus(Some("select-enrollment-channel".into()))/>
        <Links/>
    }
}

#[component]
fn EnrollWaiting(channel: Channel, address: Option<String>, can_resend: bool) -> impl IntoView {
    let w = expect_context::<Widget>();
    let (title, text, resend_text) = match channel {
        Channel::Sms => (Text::CheckSmsTitle, Text::SentSms, Text::ResendSms),
        _ => (Text::CheckEmailTitle, Text::SentEmail, Text::ResendEmail),
    };
    let sent = w
        .strings
        .with_value(|s| s.fill(text, "address", address.as_deref().unwrap_or("")));
    w.announcement.set(sent.clone());
    let (due, restart) = reminder(w);
    let on_resend = move |_| {
        w.dispatch.run(Action::Resend);
        w.announcement.set(w.t(Text::Resent));
        restart();
    };
    view! {
        <Heading text=w.t(title)/>
        <Messages/>
        <p>{sent}</p>
        {move || (can_resend && due.get()).then(|| view! {
            <p class="idx-callout idx-callout--warning">
                {w.t(resend_text)}" "
                <button type="button" class="idx-link" on:click=on_resend>{w.t(Text::SendAgain)}</button>
            </p>
        })}
        <Waiting/>
        <LinkButton text=w.t(Text::TryDifferentWay) action=Action::Focus(Some("select-enrollment-channel".into()))/>
        <Links/>
    }
}

#[component]
fn PushWaiting(number: Option<String>, can_resend: bool) -> impl IntoView {
    let w = expect_context::<Widget>();
    let (due, restart) = reminder(w);
    let text = match &number {
        Some(n) => w
            .strings
            .with_value(|s| s.fill(Text::NumberText, "number", n)),
        None => w.t(Text::PushSentText),
    };
    w.announcement
        .set(format!("{} {text}", w.t(Text::PushSentTitle)));
    let on_resend = move |_| {
        w.dispatch.run(Action::Resend);
        restart();
    };
    let reminder_text = if can_resend {
        w.t(Text::PushReminderResend)
    } else {
        w.t(Text::PushReminder)
    };
    view! {
        <Heading text=w.t(Text::PushSentTitle)/>
        <Messages/>
        {number.map(|n| {
            let aria = format!("{}: {n}", w.t(Text::NumberLabel));
            view! { <p class="idx-number" aria-label=aria>{n}</p> }
        })}
        <p>{text}</p>
        {move || w.auto_challenge.get().is_some().then(|| view! {
            <label class="idx-checkbox">
                <input type="checkbox" name="autoChallenge" prop:checked=move || w.auto_challenge.get().unwrap_or(false)
                    on:change=move |ev| w.auto_challenge.set(Some(event_target_checked(&ev)))/>
                {w.t(Text::SendAutomatically)}
            </label>
        })}
        {move || due.get().then(|| view! {
            <p class="idx-callout idx-callout--warning">
                {reminder_text.clone()}
                {can_resend.then(|| view! {
                    " "<button type="button" class="idx-link" on:click=on_resend>{w.t(Text::ResendPush)}</button>
                })}
            </p>
        })}
        <Waiting/>
        <Links/>
    }
}

#[component]
fn PushFailed() -> impl IntoView {
    let w = expect_context::<Widget>();
    let has_message = w
        .state
        .with_untracked(|s| s.as_ref().is_some_and(|s| !s.global_messages().is_empty()));
    let form = current_form(w);
    view! {
        <Heading text=w.t(Text::PushFailedTitle)/>
        <Messages/>
        {(!has_message).then(|| view! { <p class="idx-callout" role="status">{w.t(Text::PushExpired)}</p> })}
        <button type="button" class="idx-button" disabled=move || w.busy.get()
            on:click=move |_| submit(w, &form, Inputs::new())>{w.t(Text::ResendPush)}</button>
        <Links/>
    }
}

#[component]
fn EnterCode() -> impl IntoView {
    let w = expect_context::<Widget>();
    let code = RwSignal::new(String::new());
    let errors = field_errors(w, "credentials.totp");
    let form = current_form(w);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let inputs = Inputs::new().with_object(
            "credentials",
            Inputs::new().with("totp", clean_code(&code.get_untracked())),
        );
        submit(w, &form, inputs);
    };
    view! {
        <Heading text=w.t(Text::CodeTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit>
            <label for="idx-code">{w.t(Text::CodeLabel)}</label>
            <input id="idx-code" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code"
                aria-describedby="idx-code-hint idx-code-error" aria-invalid=move || (!errors.get().is_empty()).to_string()
                prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            <p id="idx-code-hint" class="idx-hint">{w.t(Text::CodeFormat)}</p>
            <FieldErrors id="idx-code-error" errors/>
            <button type="submit" class="idx-button" disabled=move || w.busy.get()>{w.t(Text::Verify)}</button>
        </form>
        <Links/>
    }
}

#[component]
fn Redirect(href: String) -> impl IntoView {
    let w = expect_context::<Widget>();
    // An Okta-hosted success hands the browser to the org; only ever to the org's own origin.
    let org = w.config.with_value(|c| c.issuer.clone());
    let same_org = url::Url::parse(&href)
        .ok()
        .zip(url::Url::parse(&org).ok())
        .is_some_and(|(a, b)| a.origin() == b.origin());
    if same_org && let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&href);
    }
    view! { <Heading text=w.t(Text::SuccessTitle)/> }
}

#[component]
fn Terminal(expired: bool) -> impl IntoView {
    let w = expect_context::<Widget>();
    let (title, text) = if expired {
        (Text::ExpiredTitle, Some(Text::ExpiredText))
    } else {
        (Text::ErrorTitle, None)
    };
    w.announcement.set(w.t(title));
    view! {
        <Heading text=w.t(title)/>
        {match text {
            Some(t) => view! { <p class="idx-callout idx-callout--error" role="alert">{w.t(t)}</p> }.into_any(),
            None => view! { <Messages/> }.into_any(),
        }}
        <LinkButton text=w.t(Text::BackToSignIn) action=Action::Restart class="idx-button"/>
    }
}

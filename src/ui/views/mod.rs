//! One view per kind of step, grouped by family. Views render the session and dispatch
//! actions; they never parse JSON, build requests or change state.

mod captcha;
mod choose;
mod consent;
mod email;
mod enroll;
mod fastpass;
mod generic;
mod identify;
mod idp;
mod otp;
mod password;
mod phone;
mod profile;
mod recovery;
mod secret;
mod security_question;
mod session;
mod terminal;
mod waiting;
mod webauthn;

use leptos::prelude::*;

use crate::flow::{CodeSource, Phase, Purpose, StepKind};
use crate::strings::Text;
use crate::ui::common::{Heading, ui};
use crate::ui::words;

/// Whatever the widget shows now, with the live region that announces waiting.
#[component]
pub fn StepView() -> impl IntoView {
    let ui = ui();
    // Memos, so a state that changes nothing visible (a poll answer) re-renders nothing.
    let phase = Memo::new(move |_| ui.session.with(|s| s.phase().clone()));
    let kind = Memo::new(move |_| {
        ui.step
            .with(|s| s.as_ref().map(|s| (s.kind.clone(), s.form.clone())))
    });
    let busy = move || ui.busy().to_string();
    let current = move || match phase.get() {
        Phase::Loading => view! { <Loading/> }.into_any(),
        Phase::Done => view! { <terminal::SignedIn/> }.into_any(),
        Phase::Failed(failure) => {
            let message = ui.strings.with_value(|s| failure.reason.text(s));
            view! { <terminal::Failed message/> }.into_any()
        }
        Phase::CodeElsewhere(code) => view! { <terminal::CodeElsewhere code/> }.into_any(),
        Phase::SignedOut => view! { <session::SignedOut/> }.into_any(),
        Phase::SessionFound(user) => view! { <session::SessionFound user/> }.into_any(),
        Phase::Active => view! {
            <Banner/>
            {move || kind.get().map(|(kind, _)| step_view(kind))}
        }
        .into_any(),
    };
    view! {
        <section class="idx-widget" aria-busy=busy lang=ui.language()>
            <p class="idx-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                {move || ui.announcement.with(|a| ui.strings.with_value(|s| words::announcement(s, a)))}
            </p>
            {current}
        </section>
    }
}

/// The view for a step: one arm per kind. A new kind also needs its recogniser, its action
/// and its strings (README, "Adding an authenticator").
fn step_view(kind: StepKind) -> AnyView {
    match kind {
        StepKind::Identify {
            password,
            remember_me,
        } => view! { <identify::Identify password remember_me/> }.into_any(),
        StepKind::Password => {
            view! { <secret::SecretStep title=Text::PasswordTitle secret=secret::PASSWORD/> }
                .into_any()
        }
        StepKind::RecoverIdentify => view! {
            <identify::Identify password=false remember_me=false title=Text::ResetPasswordTitle/>
        }
        .into_any(),
        StepKind::UnlockAccount {
            identifier,
            choices,
        } => view! { <recovery::UnlockAccount identifier choices/> }.into_any(),
        StepKind::EnrollProfile { attributes } => {
            view! { <profile::EnrollProfile attributes/> }.into_any()
        }
        StepKind::IdentityProviders => view! { <idp::IdentityProviders/> }.into_any(),
        StepKind::Consent { kind, app, scopes } => {
            view! { <consent::Consent kind app scopes/> }.into_any()
        }
        StepKind::ChooseAuthenticator { purpose, choices } => {
            view! { <choose::ChooseAuthenticator purpose choices/> }.into_any()
        }
        StepKind::ChooseMethod { choices } => view! {
            <choose::ChooseAuthenticator purpose=Purpose::Verify choices methods_only=true/>
        }
        .into_any(),
        StepKind::SendPush { auto_challenge } => {
            view! { <choose::SendPush auto_challenge/> }.into_any()
        }
        StepKind::EnrollQr { qr_src } => view! { <enroll::EnrollQr qr_src/> }.into_any(),
        StepKind::ChooseChannel { channels } => {
            view! { <enroll::ChooseChannel channels/> }.into_any()
        }
        StepKind::ChannelAddress { channel } => {
            view! { <enroll::ChannelAddress channel/> }.into_any()
        }
        StepKind::EnrollWaiting {
            channel,
            address,
            can_resend,
        } => view! { <waiting::EnrollWaiting channel address can_resend/> }.into_any(),
        StepKind::PushWaiting {
            number, can_resend, ..
        } => view! { <waiting::PushWaiting number can_resend/> }.into_any(),
        StepKind::PushFailed { explained } => view! { <waiting::PushFailed explained/> }.into_any(),
        StepKind::EnterCode => view! {
            <secret::SecretStep title=Text::CodeTitle secret=secret::OKTA_VERIFY_CODE/>
        }
        .into_any(),
        StepKind::Passcode {
            source: CodeSource::Email,
            purpose,
            sent_to,
            can_resend,
            ..
        } => view! { <email::EmailCode purpose sent_to can_resend/> }.into_any(),
        StepKind::Passcode {
            source: CodeSource::App,
            purpose,
            authenticator,
            ..
        } => view! { <otp::OtpCode authenticator purpose/> }.into_any(),
        StepKind::Passcode {
            source,
            purpose,
            sent_to,
            can_resend,
            ..
        } => view! { <phone::PhoneCode source purpose sent_to can_resend/> }.into_any(),
        StepKind::SendCode {
            source: CodeSource::Email,
            sent_to,
            ..
        } => view! { <email::SendEmail sent_to/> }.into_any(),
        StepKind::SendCode {
            source, sent_to, ..
        } => view! { <phone::SendPhoneCode source sent_to/> }.into_any(),
        StepKind::EnrollApp {
            authenticator,
            qr_src,
            secret,
        } => view! { <otp::EnrollApp authenticator qr_src secret/> }.into_any(),
        StepKind::PhoneNumber { methods } => view! { <phone::PhoneNumber methods/> }.into_any(),
        StepKind::NewPassword {
            reason,
            rules,
            revoke_sessions,
            username,
        } => view! { <password::NewPassword reason rules revoke_sessions username/> }.into_any(),
        StepKind::SecurityAnswer { question } => {
            view! { <security_question::SecurityAnswer question/> }.into_any()
        }
        StepKind::EnrollQuestion { questions, custom } => {
            view! { <security_question::EnrollQuestion questions custom/> }.into_any()
        }
        StepKind::WebAuthn {
            purpose,
            name,
            user_verification,
        } => view! { <webauthn::WebAuthn purpose name user_verification/> }.into_any(),
        StepKind::Success => view! { <Loading/> }.into_any(),
        StepKind::Redirect { .. } => view! { <terminal::Redirecting/> }.into_any(),
        StepKind::Terminal { kind } => view! { <terminal::Terminal kind/> }.into_any(),
        StepKind::FastPass(fastpass) => view! { <fastpass::FastPassStep fastpass/> }.into_any(),
        StepKind::LaunchFastPass => view! { <fastpass::LaunchFastPass/> }.into_any(),
        StepKind::EnrollHere {
            bootstrap,
            download_href,
            org_url,
            setup_href,
            device,
        } => view! {
            <fastpass::EnrollHere bootstrap download_href org_url setup_href device/>
        }
        .into_any(),
        StepKind::Captcha { provider } => view! { <captcha::Captcha provider/> }.into_any(),
        StepKind::Generic {
            doable,
            title,
            inputs,
        } => view! { <generic::GenericForm doable title inputs/> }.into_any(),
    }
}

#[component]
fn Loading() -> impl IntoView {
    let ui = ui();
    view! {
        <Heading text=ui.t(Text::SignInTitle)/>
        <div class="idx-progress">
            <span class="idx-spinner" aria-hidden="true"></span>
            <span>{ui.t(Text::Loading)}</span>
        </div>
    }
}

/// Errors that are not IDX states (network, rate limit): shown above the step, which is kept.
#[component]
fn Banner() -> impl IntoView {
    let ui = ui();
    let banner = Memo::new(move |_| ui.session.with(|s| s.banner().map(|b| ui.note(b))));
    move || {
        banner
            .get()
            .map(|b| view! { <p class="idx-callout idx-callout--error" role="alert">{b}</p> })
    }
}

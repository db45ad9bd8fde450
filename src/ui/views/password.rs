//! A new password (set up, reset, expired, expiring soon) with the org's requirements, each
//! marked as met while the person types.

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::{Action, PasswordReason, Rule};
use crate::strings::Text;
use crate::ui::Ui;
use crate::ui::common::{
    Heading, LabelledInput, LinkButton, Links, Messages, SubmitButton, field_errors, ui,
};

fn rule_text(ui: Ui, rule: &Rule) -> String {
    let n = |text, n: &u32| ui.fill(text, "n", &n.to_string());
    match rule {
        Rule::MinLength(count) => n(Text::RuleMinLength, count),
        Rule::Lowercase => ui.t(Text::RuleLowercase),
        Rule::Uppercase => ui.t(Text::RuleUppercase),
        Rule::Number => ui.t(Text::RuleNumber),
        Rule::Symbol => ui.t(Text::RuleSymbol),
        Rule::NoUsername => ui.t(Text::RuleNoUsername),
        Rule::NoFirstName => ui.t(Text::RuleNoFirstName),
        Rule::NoLastName => ui.t(Text::RuleNoLastName),
        Rule::MaxRepeat(count) => n(Text::RuleMaxRepeat, count),
        Rule::History(count) => n(Text::RuleHistory, count),
        Rule::MinAgeMinutes(count) => n(Text::RuleMinAge, count),
    }
}

#[component]
pub fn NewPassword(
    reason: PasswordReason,
    rules: Vec<Rule>,
    revoke_sessions: bool,
    username: Option<String>,
) -> impl IntoView {
    let ui = ui();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let revoke = RwSignal::new(false);
    let title = match reason {
        PasswordReason::Enroll => ui.t(Text::NewPasswordTitle),
        PasswordReason::Reset => ui.t(Text::ResetPasswordTitle),
        PasswordReason::Expired => ui.t(Text::ExpiredPasswordTitle),
        PasswordReason::Expiring(Some(days)) => {
            ui.fill(Text::ExpiringPasswordTitle, "days", &days.to_string())
        }
        PasswordReason::Expiring(None) => ui.t(Text::ExpiringSoonTitle),
    };
    let button = match reason {
        PasswordReason::Enroll => Text::Next,
        PasswordReason::Reset => Text::ResetPassword,
        _ => Text::ChangePassword,
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::NewPassword {
            password: password.get_untracked(),
            confirm: confirm.get_untracked(),
            revoke_sessions: revoke_sessions.then(|| revoke.get_untracked()),
        });
    };
    let requirements = (!rules.is_empty()).then(|| {
        let items = rules
            .into_iter()
            .map(|rule| {
                let text = rule_text(ui, &rule);
                let username = username.clone();
                // Tracked: the mark follows each keystroke.
                let met = Memo::new(move |_| password.with(|p| rule.met(p, username.as_deref())));
                let class = move || match met.get() {
                    Some(true) => "idx-rule idx-rule--met",
                    Some(false) => "idx-rule idx-rule--unmet",
                    None => "idx-rule",
                };
                let state = move || match met.get() {
                    Some(true) => ui.t(Text::RuleMet),
                    Some(false) => ui.t(Text::RuleNotMet),
                    None => String::new(),
                };
                view! {
                    <li class=class>
                        {text}
                        <span class="idx-visually-hidden">" "{state}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div id="idx-password-rules">
                <p class="idx-rules-title">{ui.t(Text::RequirementsTitle)}</p>
                <ul class="idx-rules">{items}</ul>
            </div>
        }
    });
    view! {
        <Heading text=title/>
        <Messages/>
        {requirements}
        <form class="idx-form" on:submit=on_submit novalidate>
            <LabelledInput id="idx-new-password" label=ui.t(Text::NewPasswordLabel) name="new-password"
                kind="password" autocomplete="new-password" value=password
                errors=field_errors(ui, field::CREDENTIALS_PASSCODE)/>
            <LabelledInput id="idx-confirm-password" label=ui.t(Text::ConfirmPasswordLabel)
                name="confirm-password" kind="password" autocomplete="new-password" value=confirm
                errors=field_errors(ui, field::CONFIRM_PASSWORD)/>
            {revoke_sessions.then(|| view! {
                <label class="idx-checkbox">
                    <input type="checkbox" name=field::REVOKE_SESSIONS prop:checked=move || revoke.get()
                        on:change=move |ev| revoke.set(event_target_checked(&ev))/>
                    {ui.t(Text::RevokeSessions)}
                </label>
            })}
            <SubmitButton text=ui.t(button)/>
        </form>
        {matches!(reason, PasswordReason::Expiring(_)).then(|| view! {
            <LinkButton text=ui.t(Text::RemindLater) action=Action::Skip/>
        })}
        <Links/>
    }
}

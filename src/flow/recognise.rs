//! Which step an IDX state is: the pair (remediation, authenticator key) read as Okta's widget
//! reads it. The shared steps (identify, the authenticator lists, success, terminal states)
//! are told here, each authenticator's own by its module under
//! [`crate::flow::authenticators`]; what a step is lives in [`crate::flow::step`].

use idx_protocol::names::{action, field, method, remediation};
use idx_protocol::{Form, IdxResponse, Message};

use crate::flow::authenticators::{self, Family};
use crate::flow::step::{
    Alternatives, Choice, CodeSource, Purpose, Step, StepKind, TerminalKind, fixed_str,
};
use crate::flow::{consent, fastpass, generic, idp, profile};

/// The step for a state. `switched_to` names a remediation the user switched to locally
/// ("Can't scan?", "Verify with something else"); without it the first remediation is the step.
pub fn derive(state: &IdxResponse, switched_to: Option<&str>) -> Step {
    let alternatives_for = |form: &str| Alternatives {
        verify_other: form != remediation::SELECT_AUTHENTICATOR_AUTHENTICATE
            && state
                .remediation(remediation::SELECT_AUTHENTICATOR_AUTHENTICATE)
                .is_some(),
        enroll_list: form != remediation::SELECT_AUTHENTICATOR_ENROLL
            && state
                .remediation(remediation::SELECT_AUTHENTICATOR_ENROLL)
                .is_some(),
        other_channel: form != remediation::SELECT_ENROLLMENT_CHANNEL
            && state
                .remediation(remediation::SELECT_ENROLLMENT_CHANNEL)
                .is_some(),
        skip: state.remediation(remediation::SKIP).is_some(),
        recover: recover_action(state),
        unlock: form != remediation::UNLOCK_ACCOUNT
            && state.remediation(remediation::UNLOCK_ACCOUNT).is_some(),
        sign_up: state
            .remediation(remediation::SELECT_ENROLL_PROFILE)
            .is_some(),
        sign_in: state.remediation(remediation::SELECT_IDENTIFY).is_some(),
        fastpass: form != remediation::LAUNCH_AUTHENTICATOR
            && state
                .remediation(remediation::LAUNCH_AUTHENTICATOR)
                .is_some(),
    };
    if state.success_with_interaction_code.is_some() {
        return bare(StepKind::Success);
    }
    if let Some(success) = &state.success {
        return bare(StepKind::Redirect {
            href: success.href.clone(),
        });
    }
    let Some(form) = switched_to
        .and_then(|name| state.remediation(name))
        .or_else(|| state.primary())
    else {
        let messages: Vec<Message> = state
            .all_messages()
            .into_iter()
            .map(|(_, m)| m.clone())
            .collect();
        return bare(StepKind::Terminal {
            kind: TerminalKind::of(&messages),
        });
    };
    if form.name == remediation::SUCCESS_REDIRECT {
        return bare(StepKind::Redirect {
            href: form.href.clone().unwrap_or_default(),
        });
    }
    let kind = if idp::only_idps(state) {
        StepKind::IdentityProviders
    } else {
        kind_of(state, form)
    };
    // Bounded where it is read: a server's `refresh` feeds timers.
    let refresh = poll_form(state, form, &kind)
        .map(|f| crate::flow::poll::bounded(f.refresh.unwrap_or(DEFAULT_REFRESH_MS)));
    Step {
        kind,
        form: Some(form.name.clone()),
        alternatives: alternatives_for(&form.name),
        refresh,
        idps: idp::providers(state),
    }
}

/// The embedded "Forgot password?" action a state offers, by Okta's path for it: on the
/// password challenge (`currentAuthenticatorEnrollment`), or on an identify form that asks for
/// the password (`currentAuthenticator`).
fn recover_action(state: &IdxResponse) -> Option<&'static str> {
    let has = |a: &Option<idx_protocol::model::Ion<idx_protocol::model::Authenticator>>| {
        a.as_ref().is_some_and(|a| a.value.recover.is_some())
    };
    if has(&state.current_authenticator_enrollment) {
        Some(action::CURRENT_AUTHENTICATOR_ENROLLMENT_RECOVER)
    } else if has(&state.current_authenticator) {
        Some(action::CURRENT_AUTHENTICATOR_RECOVER)
    } else {
        None
    }
}

/// The form a remediation name or an embedded action's path names in this state: what a
/// step's action submits.
pub fn form_named<'a>(state: &'a IdxResponse, name: &str) -> Option<&'a Form> {
    let recover = |a: &'a Option<idx_protocol::model::Ion<idx_protocol::model::Authenticator>>| {
        a.as_ref()?.value.recover.as_ref()
    };
    match name {
        action::CURRENT_AUTHENTICATOR_RECOVER => recover(&state.current_authenticator),
        action::CURRENT_AUTHENTICATOR_ENROLLMENT_RECOVER => {
            recover(&state.current_authenticator_enrollment)
        }
        _ => state.remediation(name),
    }
}

/// The form a step polls while the person acts elsewhere: the waiting remediation itself
/// (Okta Verify), or the email authenticator's own `poll` while its code is asked for (the
/// magic link, opened anywhere, signs in here).
pub fn poll_form<'a>(state: &'a IdxResponse, form: &'a Form, kind: &StepKind) -> Option<&'a Form> {
    match kind {
        StepKind::Passcode {
            source: CodeSource::Email,
            ..
        } => state
            .related(form)
            .or_else(|| state.current())
            .and_then(|a| a.poll.as_ref()),
        // Same-device and device-bootstrap enrollment finish on the phone itself, but Okta's
        // widget polls same-device (only bootstrap is the phone's alone).
        _ if state
            .contextual_data()
            .and_then(|d| d.selected_channel.as_deref())
            == Some("devicebootstrap") =>
        {
            None
        }
        StepKind::EnrollQr { .. }
        | StepKind::EnrollWaiting { .. }
        | StepKind::PushWaiting { .. }
        | StepKind::FastPass(_)
        | StepKind::EnrollHere { .. }
        | StepKind::Generic { .. }
            if form.is_poll() =>
        {
            Some(form)
        }
        _ => None,
    }
}

/// Okta's widget polls every 4 s when a poll form names no `refresh`.
pub const DEFAULT_REFRESH_MS: u64 = 4000;

fn bare(kind: StepKind) -> Step {
    Step {
        kind,
        form: None,
        alternatives: Alternatives::default(),
        refresh: None,
        idps: Vec::new(),
    }
}

fn kind_of(state: &IdxResponse, form: &Form) -> StepKind {
    if let Some(kind) = super::captcha::step(state, form) {
        return kind;
    }
    match form.name.as_str() {
        remediation::IDENTIFY => StepKind::Identify {
            password: form.field_at(field::CREDENTIALS_PASSCODE).is_some(),
            remember_me: form.field(field::REMEMBER_ME).is_some(),
        },
        remediation::SELECT_AUTHENTICATOR_ENROLL => StepKind::ChooseAuthenticator {
            purpose: Purpose::Enroll,
            choices: choices(state, form),
        },
        remediation::SELECT_AUTHENTICATOR_AUTHENTICATE => StepKind::ChooseAuthenticator {
            // Okta marks recovery by naming the authenticator being recovered.
            purpose: if state.extra.contains_key("recoveryAuthenticator") {
                Purpose::Recover
            } else {
                Purpose::Verify
            },
            choices: choices(state, form),
        },
        remediation::IDENTIFY_RECOVERY if form.field(field::IDENTIFIER).is_some() => {
            StepKind::RecoverIdentify
        }
        remediation::SELECT_AUTHENTICATOR_UNLOCK_ACCOUNT | remediation::UNLOCK_ACCOUNT
            if only_fields(form, &[field::IDENTIFIER, field::AUTHENTICATOR]) =>
        {
            StepKind::UnlockAccount {
                identifier: form.field(field::IDENTIFIER).is_some(),
                choices: choices(state, form),
            }
        }
        remediation::DEVICE_CHALLENGE_POLL => fastpass::step(state, form)
            .map(StepKind::FastPass)
            .unwrap_or_else(|| generic(state, form)),
        remediation::LAUNCH_AUTHENTICATOR => StepKind::LaunchFastPass,
        remediation::ENROLL_PROFILE => profile::attributes(form)
            .map(|attributes| StepKind::EnrollProfile { attributes })
            .unwrap_or_else(|| generic(state, form)),
        remediation::CONSENT | remediation::ADMIN_CONSENT | remediation::GRANULAR_CONSENT => {
            consent(state, form).unwrap_or_else(|| generic(state, form))
        }
        _ => authenticators::step(state, form).unwrap_or_else(|| generic(state, form)),
    }
}

/// Whether what the person fills in a form is some of these fields and nothing else: a form
/// that asks for more is left to the generic form, which shows every field.
fn only_fields(form: &Form, names: &[&str]) -> bool {
    let mut asked = form
        .value
        .iter()
        .filter(|f| f.is_visible() && f.is_mutable())
        .peekable();
    asked.peek().is_some() && asked.all(|f| names.contains(&f.name.as_str()))
}

/// An authenticator list's entries: Okta Verify split into one per method (FastPass among
/// them), every other authenticator one entry per enrollment, as Okta's
/// widget shows them, told apart by the phone number or address the server names.
fn choices(state: &IdxResponse, form: &Form) -> Vec<Choice> {
    let Some(field) = form.field(field::AUTHENTICATOR) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for option in field.options() {
        let Some(sub) = option.sub_fields() else {
            continue;
        };
        let Some(id) = option
            .fixed(field::ID)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
        else {
            continue;
        };
        let enrollment_id = option
            .fixed(field::ENROLLMENT_ID)
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        let authenticator = option.relates_to.as_deref().and_then(|p| state.resolve(p));
        let key = authenticator.and_then(|a| a.key.clone());
        let label = Some(option.label.clone())
            .filter(|l| !l.is_empty())
            .or_else(|| authenticator.and_then(|a| a.display_name.clone()))
            .unwrap_or_default();
        let detail = authenticator.and_then(|a| {
            authenticators::extra_str(a, &["profile", "phoneNumber"])
                .or_else(|| authenticators::extra_str(a, &["profile", "email"]))
                .map(str::to_owned)
        });
        let one = |method: Option<String>, send_method: bool| Choice {
            id: id.clone(),
            method,
            key: key.clone(),
            label: label.clone(),
            detail: detail.clone(),
            send_method,
            enrollment_id: enrollment_id.clone(),
        };
        let method_field = sub.iter().find(|f| f.name == field::METHOD_TYPE);
        let methods = authenticators::method_options(method_field);
        // An option that names no authenticator is taken for Okta Verify when it offers
        // Okta Verify's methods (older orgs' lists).
        let okta_verify = match authenticator {
            Some(a) => Family::of(a) == Family::OktaVerify,
            None => methods
                .iter()
                .any(|(m, _)| m == method::PUSH || m == method::TOTP),
        };
        if !okta_verify {
            out.push(one(fixed_str(method_field), false));
            continue;
        }
        match fixed_str(method_field) {
            Some(fixed) => out.push(one(Some(fixed), false)),
            None if methods.is_empty() => out.push(one(None, false)),
            None => out.extend(methods.into_iter().map(|(m, _)| one(Some(m), true))),
        }
    }
    out
}

/// The consent step of a form, if it is one.
fn consent(state: &IdxResponse, form: &Form) -> Option<StepKind> {
    let kind = consent::kind(form)?;
    Some(StepKind::Consent {
        kind,
        app: consent::app(state),
        scopes: consent::scopes(kind, form),
    })
}

/// The step of a form no view knows: its fields, and whether this page can send it.
fn generic(state: &IdxResponse, form: &Form) -> StepKind {
    StepKind::Generic {
        doable: generic::doable(form),
        title: state.related(form).and_then(|a| a.display_name.clone()),
        inputs: generic::inputs(form),
    }
}

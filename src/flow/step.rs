//! `IdxResponse` → `Step`: what the user is doing now. The server decides; this only reads.
//! A step is chosen by the pair (remediation, authenticator key), as Okta's widget does: the
//! shared steps (identify, the authenticator lists, success, terminal states) here, each
//! authenticator's own in its module under [`crate::flow::authenticators`].

use idx_protocol::model::Field;
pub use idx_protocol::names::Channel;
use idx_protocol::names::{action, field, message_key, method, remediation};
use idx_protocol::{Form, IdxResponse, Message};

pub use crate::flow::authenticators::password::{PasswordReason, Rule};
pub use crate::flow::authenticators::webauthn::{CeremonyError, WebAuthnName};
use crate::flow::authenticators::{self, Family};
use crate::flow::consent::{self, ConsentKind, Scope};
use crate::flow::fastpass::{self, FastPass};
use crate::flow::generic::{self, Input};
use crate::flow::idp::{self, IdentityProvider};
use crate::flow::profile::{self, ProfileAttribute};
use crate::strings::Text;

/// Why the user chooses an authenticator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To set one up.
    Enroll,
    /// To prove it is them.
    Verify,
    /// To prove it is them before a new password ("Forgot password?").
    Recover,
}

/// One entry of an authenticator list: Okta Verify is split into one entry per method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The authenticator's id, sent back as `authenticator.id`.
    pub id: String,
    /// The method, sent as `methodType` when the server offers a choice.
    pub method: Option<String>,
    /// The authenticator's `key` (`okta_verify`, `okta_password`, …).
    pub key: Option<String>,
    /// The server's label for the authenticator.
    pub label: String,
    /// What tells two of a kind apart: the phone number or email address the server shows.
    pub detail: Option<String>,
    /// Whether the method came from a choice (and so must be sent) rather than being fixed.
    pub send_method: bool,
    /// Which enrollment, when the option names one: two phones share one authenticator id, and
    /// only this tells them apart.
    pub enrollment_id: Option<String>,
}

/// How a one-time code reaches the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSource {
    /// An email (which also carries a magic link).
    Email,
    /// A text message.
    Sms,
    /// A voice call.
    Voice,
    /// An app or token the person reads it from (Google Authenticator, RSA, YubiKey, …).
    App,
}

/// What kind of end a state with nothing to do next is, from its message's i18n key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminalKind {
    /// The transaction expired.
    Expired,
    /// An email link was opened here; the sign-in goes on where it started.
    ReturnToTab,
    /// The person must open an email to go on.
    CheckEmail,
    /// An email link that can no longer be used.
    LinkExpired,
    /// The org's policy denies access.
    Denied,
    /// Done elsewhere (a password reset that signs in on its own).
    Done,
    /// The account was unlocked: sign in again.
    Unlocked,
    /// Information only.
    Info,
    /// An error.
    Error,
}

impl TerminalKind {
    /// The page's title for it.
    pub fn title(self) -> Text {
        match self {
            Self::Expired => Text::ExpiredTitle,
            Self::ReturnToTab => Text::ReturnToTabTitle,
            Self::CheckEmail => Text::CheckEmailTitle,
            Self::LinkExpired => Text::LinkExpiredTitle,
            Self::Denied => Text::DeniedTitle,
            Self::Done => Text::DoneTitle,
            Self::Unlocked => Text::UnlockedTitle,
            Self::Info => Text::InfoTitle,
            Self::Error => Text::ErrorTitle,
        }
    }

    /// The kind a terminal state's messages mean.
    pub fn of(messages: &[Message]) -> Self {
        let keys: Vec<&str> = messages.iter().filter_map(Message::key).collect();
        let has = |wanted: &[&str]| keys.iter().any(|k| wanted.contains(k));
        if has(&[message_key::SESSION_EXPIRED]) {
            Self::Expired
        } else if has(&[
            message_key::RETURN_TO_ORIGINAL_TAB,
            message_key::TRANSFERRED_TO_NEW_TAB,
            message_key::ENTER_OTP_IN_ORIGINAL_TAB,
        ]) {
            Self::ReturnToTab
        } else if has(&[
            message_key::EMAIL_VERIFICATION_REQUIRED,
            message_key::ACTIVATION_EMAIL_SENT,
        ]) {
            Self::CheckEmail
        } else if has(&[
            message_key::RETURN_LINK_EXPIRED,
            message_key::RETURN_STALE,
            message_key::ACTIVATION_EXPIRED,
            message_key::INVALID_RESET_TOKEN,
        ]) {
            Self::LinkExpired
        } else if has(&[
            message_key::ACCESS_DENIED,
            message_key::ACCESS_DENIED_CUSTOM,
        ]) {
            Self::Denied
        } else if has(&[message_key::RECOVERY_COMPLETED]) {
            Self::Done
        } else if has(&[message_key::UNLOCKED]) {
            Self::Unlocked
        } else if !messages.is_empty() && messages.iter().all(|m| !m.is_error()) {
            Self::Info
        } else {
            Self::Error
        }
    }
}

/// What the user is doing now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    /// Username (and password when the form asks), "Keep me signed in" when offered.
    Identify { password: bool, remember_me: bool },
    /// The password on its own.
    Password,
    /// The username whose password to reset (`identify-recovery`).
    RecoverIdentify,
    /// Unlock an account: the username (when the form asks), and the authenticator that
    /// proves it (when the form offers a choice; else the username alone is sent).
    UnlockAccount {
        identifier: bool,
        choices: Vec<Choice>,
    },
    /// Sign up: the org's profile attributes.
    EnrollProfile { attributes: Vec<ProfileAttribute> },
    /// Nothing but identity providers to sign in with (the step's `idps`).
    IdentityProviders,
    /// The scopes an app asks for, to allow or deny.
    Consent {
        /// Whose consent, and how it is given.
        kind: ConsentKind,
        /// The app's name, as the server gives it.
        app: Option<String>,
        /// The scopes.
        scopes: Vec<Scope>,
    },
    /// Choose an authenticator to enroll or to verify with.
    ChooseAuthenticator {
        purpose: Purpose,
        choices: Vec<Choice>,
    },
    /// Choose an Okta Verify method (push, code).
    ChooseMethod { choices: Vec<Choice> },
    /// The "Send push" screen: push is the only method; `auto_challenge` is the checkbox.
    SendPush { auto_challenge: Option<bool> },
    /// Scan the QR code with Okta Verify. `qr_src` is set only for a PNG data URI.
    EnrollQr { qr_src: Option<String> },
    /// Choose how to get the setup link; the current channel is left out.
    ChooseChannel { channels: Vec<(Channel, String)> },
    /// Enter the email address or phone number for the setup link.
    ChannelAddress { channel: Channel },
    /// Waiting for the user to open the setup link on the phone.
    EnrollWaiting {
        channel: Channel,
        address: Option<String>,
        can_resend: bool,
    },
    /// Waiting for the user to answer the push; `number` is the number challenge.
    PushWaiting {
        number: Option<String>,
        auto_challenge: Option<bool>,
        can_resend: bool,
    },
    /// The push failed (rejected, expired): offer to send another. `explained` when the org
    /// says why; else it expired.
    PushFailed { explained: bool },
    /// Enter the six-digit code from Okta Verify.
    EnterCode,
    /// Enter a one-time code sent by email, SMS or voice, or read from an app or token.
    Passcode {
        /// How it reached the person.
        source: CodeSource,
        /// Setting the authenticator up, or proving it.
        purpose: Purpose,
        /// The server's name for the authenticator.
        authenticator: String,
        /// The (masked) address or number it went to, as the server shows it.
        sent_to: Option<String>,
        /// Whether the server offers to send it again.
        can_resend: bool,
    },
    /// Ask for a code to be sent ("Send me an email", "Receive a code via SMS").
    SendCode {
        /// How it will travel.
        source: CodeSource,
        /// Where to, as the server shows it.
        sent_to: Option<String>,
        /// The method to ask for.
        method: Option<String>,
    },
    /// Set up an authenticator app: scan the QR code or type the secret, then enter a code.
    EnrollApp {
        /// The server's name for it.
        authenticator: String,
        /// The QR code, a PNG data URI only.
        qr_src: Option<String>,
        /// The shared secret to type instead.
        secret: Option<String>,
    },
    /// The phone number to enroll, and SMS or voice: `(method, server's label)`.
    PhoneNumber { methods: Vec<(String, String)> },
    /// A new password, with the org's requirements.
    NewPassword {
        /// Why.
        reason: PasswordReason,
        /// The org's requirements.
        rules: Vec<Rule>,
        /// Whether "Sign me out of all other devices" is offered.
        revoke_sessions: bool,
    },
    /// Answer the security question.
    SecurityAnswer { question: String },
    /// Choose or write a security question and answer it: `(key, question)` predefined, and
    /// whether the person may write their own.
    EnrollQuestion {
        questions: Vec<(String, String)>,
        custom: bool,
    },
    /// Set up, or verify with, a security key, biometric or passkey: the browser's dialog.
    WebAuthn {
        /// Enroll or verify.
        purpose: Purpose,
        /// How the org names it.
        name: WebAuthnName,
        /// The org requires biometrics or a PIN.
        user_verification: bool,
    },
    /// Signed in: exchange the interaction code.
    Success,
    /// An Okta-hosted success: the browser goes to `href`.
    Redirect { href: String },
    /// Nothing can follow: say why and offer to start over.
    Terminal { kind: TerminalKind },
    /// Okta FastPass: Okta Verify on this device proves it, by loopback or by a link.
    FastPass(FastPass),
    /// "Sign in with Okta FastPass" on its own (`launch-authenticator` first).
    LaunchFastPass,
    /// Set up Okta Verify on this very device (`samedevice`), or add the account to the Okta
    /// Verify it already has (`devicebootstrap`).
    EnrollHere {
        /// Okta Verify is already on this device: add the account.
        bootstrap: bool,
        /// Where to get Okta Verify (`https`).
        download_href: Option<String>,
        /// The org's address to type into Okta Verify.
        org_url: Option<String>,
        /// A link that opens Okta Verify's setup here.
        setup_href: Option<String>,
        /// The device Okta Verify already runs on, by name.
        device: Option<String>,
    },
    /// The org asks for a CAPTCHA this page cannot show (`captchaVerify`): say so, naming the
    /// provider when the org does, and offer its other ways.
    Captcha { provider: Option<String> },
    /// A form this widget has no view for: render its fields. `doable` is false when this
    /// page cannot fill it (hidden inputs only a device can give, a link elsewhere): the view
    /// says so and offers the server's other ways.
    Generic {
        /// Whether this page can fill and send it.
        doable: bool,
        /// The server's name for what is asked (the authenticator's), never a protocol name.
        title: Option<String>,
        /// What the person fills in.
        inputs: Vec<Input>,
    },
}

/// The other ways out of a step that the server offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Alternatives {
    /// "Verify with something else" (`select-authenticator-authenticate`).
    pub verify_other: bool,
    /// "Return to authenticator list" (`select-authenticator-enroll`).
    pub enroll_list: bool,
    /// "Can't scan?" / "Try a different way" (`select-enrollment-channel`).
    pub other_channel: bool,
    /// "Set up later" (`skip`).
    pub skip: bool,
    /// "Forgot password?": the embedded action that starts recovery, by Okta's path for it.
    pub recover: Option<&'static str>,
    /// "Unlock account?" (`unlock-account`).
    pub unlock: bool,
    /// "Sign up" (`select-enroll-profile`).
    pub sign_up: bool,
    /// "Already have an account? Sign in" (`select-identify`), from sign-up.
    pub sign_in: bool,
    /// "Sign in with Okta FastPass" (`launch-authenticator`) beside the step.
    pub fastpass: bool,
}

/// A step: what it is, the form its main action submits, and the other ways out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What the user is doing.
    pub kind: StepKind,
    /// The remediation the step's main action submits (or polls).
    pub form: Option<String>,
    /// The other remediations offered as links.
    pub alternatives: Alternatives,
    /// Poll interval in milliseconds when this step waits on the phone.
    pub refresh: Option<u64>,
    /// The identity providers the state offers to sign in with.
    pub idps: Vec<IdentityProvider>,
}

impl Step {
    /// Whether `other` is the same step as far as the user can tell: same form and kind. The
    /// server's echo of "Send push automatically" does not count, since it follows what the
    /// user ticked while waiting.
    pub fn same_as(&self, other: &Step) -> bool {
        let normal = |s: &Step| match &s.kind {
            StepKind::PushWaiting {
                number, can_resend, ..
            } => StepKind::PushWaiting {
                number: number.clone(),
                auto_challenge: None,
                can_resend: *can_resend,
            },
            kind => kind.clone(),
        };
        self.form == other.form && normal(self) == normal(other)
    }

    /// The server's "Send push automatically" value on a push step.
    pub fn auto_challenge(&self) -> Option<bool> {
        match &self.kind {
            StepKind::PushWaiting { auto_challenge, .. }
            | StepKind::SendPush { auto_challenge } => *auto_challenge,
            _ => None,
        }
    }

    /// A short stable name, for `idx-widget:step` events and tests.
    pub fn name(&self) -> &'static str {
        match &self.kind {
            StepKind::Identify { .. } => "identify",
            StepKind::Password => "password",
            StepKind::RecoverIdentify => "identify-recovery",
            StepKind::UnlockAccount { .. } => "unlock-account",
            StepKind::EnrollProfile { .. } => "enroll-profile",
            StepKind::IdentityProviders => "identity-providers",
            StepKind::Consent { .. } => "consent",
            StepKind::ChooseAuthenticator {
                purpose: Purpose::Enroll,
                ..
            } => "choose-authenticator-enroll",
            StepKind::ChooseAuthenticator {
                purpose: Purpose::Verify,
                ..
            } => "choose-authenticator-verify",
            StepKind::ChooseAuthenticator {
                purpose: Purpose::Recover,
                ..
            } => "choose-authenticator-recover",
            StepKind::ChooseMethod { .. } => "choose-method",
            StepKind::SendPush { .. } => "send-push",
            StepKind::EnrollQr { .. } => "enroll-qr",
            StepKind::ChooseChannel { .. } => "choose-channel",
            StepKind::ChannelAddress { .. } => "channel-address",
            StepKind::EnrollWaiting { .. } => "enroll-waiting",
            StepKind::PushWaiting { .. } => "push-waiting",
            StepKind::PushFailed { .. } => "push-failed",
            StepKind::EnterCode => "enter-code",
            StepKind::Passcode { source, .. } => match source {
                CodeSource::Email => "email-code",
                CodeSource::Sms | CodeSource::Voice => "phone-code",
                CodeSource::App => "otp-code",
            },
            StepKind::SendCode { source, .. } => match source {
                CodeSource::Email => "email-send",
                _ => "phone-send",
            },
            StepKind::EnrollApp { .. } => "otp-enroll",
            StepKind::PhoneNumber { .. } => "phone-number",
            StepKind::NewPassword { reason, .. } => match reason {
                PasswordReason::Enroll => "password-enroll",
                PasswordReason::Reset => "password-reset",
                PasswordReason::Expired => "password-expired",
                PasswordReason::Expiring(_) => "password-expiring",
            },
            StepKind::SecurityAnswer { .. } => "security-question",
            StepKind::EnrollQuestion { .. } => "security-question-enroll",
            StepKind::WebAuthn {
                purpose: Purpose::Enroll,
                ..
            } => "webauthn-enroll",
            StepKind::WebAuthn { .. } => "webauthn-verify",
            StepKind::Success => "success",
            StepKind::Redirect { .. } => "redirect",
            StepKind::Terminal { .. } => "terminal",
            StepKind::FastPass(_) => "fastpass",
            StepKind::LaunchFastPass => "fastpass-launch",
            StepKind::EnrollHere {
                bootstrap: false, ..
            } => "okta-verify-enroll-here",
            StepKind::EnrollHere {
                bootstrap: true, ..
            } => "okta-verify-add-account",
            StepKind::Captcha { .. } => "captcha",
            StepKind::Generic { .. } => "generic",
        }
    }
}

/// The step for a state. `focus` names a remediation the user switched to locally ("Can't
/// scan?", "Verify with something else"); without it the first remediation is the step.
pub fn derive(state: &IdxResponse, focus: Option<&str>) -> Step {
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
    let Some(form) = focus
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
        remediation::DEVICE_CHALLENGE_POLL => {
            fastpass::step(state, form).unwrap_or_else(|| generic::step(state, form))
        }
        remediation::LAUNCH_AUTHENTICATOR => StepKind::LaunchFastPass,
        remediation::ENROLL_PROFILE => {
            profile::step(form).unwrap_or_else(|| generic::step(state, form))
        }
        remediation::CONSENT | remediation::ADMIN_CONSENT | remediation::GRANULAR_CONSENT => {
            consent::step(state, form).unwrap_or_else(|| generic::step(state, form))
        }
        _ => authenticators::step(state, form).unwrap_or_else(|| generic::step(state, form)),
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

/// The image source for a QR code: only a PNG data URI is shown, never a URL that would make
/// the browser fetch something from elsewhere.
pub fn safe_png_data_uri(href: &str) -> Option<String> {
    let payload = href.strip_prefix("data:image/png;base64,")?;
    let base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    (!payload.is_empty() && payload.bytes().all(base64)).then(|| href.to_owned())
}

pub(crate) fn bool_value(field: &Field) -> Option<bool> {
    field.plain_value().and_then(serde_json::Value::as_bool)
}

pub(crate) fn fixed_str(field: Option<&Field>) -> Option<String> {
    field?.plain_value()?.as_str().map(str::to_owned)
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

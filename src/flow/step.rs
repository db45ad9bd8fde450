//! `Step`: what the user is doing now, in the words of the views: the kinds of step, their
//! authenticators' settings (a password's rules, a passkey's name) and the ways out. Which
//! step an IDX state is, is read by [`crate::flow::recognise`]; nothing here reads a state.

use idx_protocol::Message;
use idx_protocol::model::Field;
pub use idx_protocol::names::Channel;
use idx_protocol::names::message_key;

use crate::flow::consent::{ConsentKind, Scope};
use crate::flow::fastpass::FastPass;
use crate::flow::generic::Input;
use crate::flow::idp::IdentityProvider;
use crate::flow::profile::ProfileAttribute;
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
        /// Who is signing in, for the rules a password may not break with it.
        username: Option<String>,
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

/// Why a new password is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordReason {
    /// Setting one up.
    Enroll,
    /// After "Forgot password?".
    Reset,
    /// The old one expired.
    Expired,
    /// The old one expires in this many days (`None`: soon); "Remind me later" skips.
    Expiring(Option<u32>),
}

/// One requirement of the org's password policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// At least this many characters.
    MinLength(u32),
    /// At least one lowercase letter.
    Lowercase,
    /// At least one uppercase letter.
    Uppercase,
    /// At least one digit.
    Number,
    /// At least one symbol.
    Symbol,
    /// No part of the username.
    NoUsername,
    /// Not the first name.
    NoFirstName,
    /// Not the last name.
    NoLastName,
    /// No character more than this many times in a row.
    MaxRepeat(u32),
    /// Not one of the last N passwords (only the org can check).
    History(u32),
    /// At least N minutes since the last change (only the org can check).
    MinAgeMinutes(u32),
}

impl Rule {
    /// Whether `password` meets the rule, when the page can tell.
    pub fn met(&self, password: &str, username: Option<&str>) -> Option<bool> {
        let count = password.chars().count() as u32;
        Some(match self {
            Self::MinLength(n) => count >= *n,
            Self::Lowercase => password.chars().any(char::is_lowercase),
            Self::Uppercase => password.chars().any(char::is_uppercase),
            Self::Number => password.chars().any(|c| c.is_ascii_digit()),
            Self::Symbol => password
                .chars()
                .any(|c| !c.is_alphanumeric() && !c.is_whitespace()),
            Self::NoUsername => {
                let username = username?.to_lowercase();
                let lowered = password.to_lowercase();
                // Okta splits the username at its delimiters and refuses parts of 3 or more.
                !username
                    .split(['.', ',', '-', '_', '#', '@', '+'])
                    .filter(|part| part.chars().count() >= 3)
                    .any(|part| lowered.contains(part))
                    && !password.is_empty()
            }
            Self::MaxRepeat(n) => {
                let mut run = 0u32;
                let mut last = None;
                for c in password.chars() {
                    run = if Some(c) == last { run + 1 } else { 1 };
                    last = Some(c);
                    if run > *n {
                        return Some(false);
                    }
                }
                !password.is_empty()
            }
            Self::NoFirstName | Self::NoLastName | Self::History(_) | Self::MinAgeMinutes(_) => {
                return None;
            }
        })
    }
}

/// How the org names the authenticator, which picks the page's wording as Okta's widget does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebAuthnName {
    /// "Security key or biometric authenticator".
    Default,
    /// "Passkey".
    Passkeys,
    /// The admin's own name ("YubiKey").
    Custom(String),
}

impl WebAuthnName {
    /// The step's title, and the name to put in it.
    pub fn title(&self, purpose: Purpose) -> (Text, Option<&str>) {
        let enroll = purpose == Purpose::Enroll;
        match self {
            Self::Default if enroll => (Text::WebAuthnEnrollTitle, None),
            Self::Default => (Text::WebAuthnVerifyTitle, None),
            Self::Passkeys if enroll => (Text::PasskeyEnrollTitle, None),
            Self::Passkeys => (Text::PasskeyVerifyTitle, None),
            Self::Custom(name) if enroll => (Text::WebAuthnEnrollCustomTitle, Some(name)),
            Self::Custom(name) => (Text::WebAuthnVerifyCustomTitle, Some(name)),
        }
    }

    /// What the browser will ask, in the step's words.
    pub fn instructions(&self, purpose: Purpose) -> Text {
        match (self, purpose) {
            (Self::Default, Purpose::Enroll) => Text::WebAuthnEnrollText,
            (_, Purpose::Enroll) => Text::PasskeyEnrollText,
            (Self::Default, _) => Text::WebAuthnVerifyText,
            _ => Text::PasskeyVerifyText,
        }
    }
}

/// Why a ceremony ended without a credential, from the name of the browser's `DOMException`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeremonyError {
    /// `NotAllowedError`: the person closed the dialog, or it timed out (browsers do not say
    /// which).
    NotAllowed,
    /// `InvalidStateError`: this authenticator is already set up for the account.
    AlreadyRegistered,
    /// No WebAuthn in this browser, or `NotSupportedError` (no algorithm it can do).
    NotSupported,
    /// `SecurityError`: this page's domain is not the org's relying party.
    Security,
    /// `AbortError`: the page stopped it (the step changed); never shown.
    Aborted,
    /// The org's data could not be made into options, or the browser refused them as such.
    Unusable,
    /// Anything else the browser reports.
    Other,
}

impl CeremonyError {
    /// The error a `DOMException` (or `TypeError`) name means.
    pub fn from_name(name: &str) -> Self {
        match name {
            "NotAllowedError" | "TimeoutError" => Self::NotAllowed,
            "InvalidStateError" => Self::AlreadyRegistered,
            "NotSupportedError" => Self::NotSupported,
            "SecurityError" => Self::Security,
            "AbortError" => Self::Aborted,
            "TypeError" | "DataError" | "SyntaxError" => Self::Unusable,
            _ => Self::Other,
        }
    }

    /// What the person is told; `None` when nothing is (the page aborted it itself).
    pub fn text(self) -> Option<Text> {
        Some(match self {
            Self::NotAllowed => Text::WebAuthnNotAllowed,
            Self::AlreadyRegistered => Text::WebAuthnAlreadyRegistered,
            Self::NotSupported => Text::WebAuthnNotSupported,
            Self::Security => Text::WebAuthnSecurity,
            Self::Unusable => Text::WebAuthnUnusable,
            Self::Other => Text::WebAuthnOther,
            Self::Aborted => return None,
        })
    }
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

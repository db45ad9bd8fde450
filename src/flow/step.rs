//! `IdxResponse` → `Step`: what the user is doing now. The server decides; this only reads.
//! Authenticators are recognised by `key` and methods, never by position.

use idx_protocol::model::{Field, FieldOption};
use idx_protocol::names::{field, message_key, method, remediation};
use idx_protocol::{Form, IdxResponse, Message};

/// Why the user chooses an authenticator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To set one up.
    Enroll,
    /// To prove it is them.
    Verify,
}

/// An enrollment channel for Okta Verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Scan a QR code.
    Qrcode,
    /// A setup link by email.
    Email,
    /// A setup link by SMS.
    Sms,
}

impl Channel {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qrcode => "qrcode",
            Self::Email => "email",
            Self::Sms => "sms",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "qrcode" => Some(Self::Qrcode),
            "email" => Some(Self::Email),
            "sms" => Some(Self::Sms),
            _ => None,
        }
    }
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
    /// Whether the method came from a choice (and so must be sent) rather than being fixed.
    pub send_method: bool,
    /// Which enrollment, when the option names one: two phones share one authenticator id, and
    /// only this tells them apart.
    pub enrollment_id: Option<String>,
}

/// What the user is doing now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    /// Username (and password when the form asks), "Keep me signed in" when offered.
    Identify { password: bool, remember_me: bool },
    /// The password on its own.
    Password,
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
    /// The push failed (rejected, expired): offer to send another.
    PushFailed,
    /// Enter the six-digit code from Okta Verify.
    EnterCode,
    /// Signed in: exchange the interaction code.
    Success,
    /// An Okta-hosted success: the browser goes to `href`.
    Redirect { href: String },
    /// Nothing can follow: say why and offer to start over.
    Terminal { expired: bool },
    /// A form this widget has no special view for: render its fields.
    Generic,
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
            StepKind::ChooseAuthenticator {
                purpose: Purpose::Enroll,
                ..
            } => "choose-authenticator-enroll",
            StepKind::ChooseAuthenticator {
                purpose: Purpose::Verify,
                ..
            } => "choose-authenticator-verify",
            StepKind::ChooseMethod { .. } => "choose-method",
            StepKind::SendPush { .. } => "send-push",
            StepKind::EnrollQr { .. } => "enroll-qr",
            StepKind::ChooseChannel { .. } => "choose-channel",
            StepKind::ChannelAddress { .. } => "channel-address",
            StepKind::EnrollWaiting { .. } => "enroll-waiting",
            StepKind::PushWaiting { .. } => "push-waiting",
            StepKind::PushFailed => "push-failed",
            StepKind::EnterCode => "enter-code",
            StepKind::Success => "success",
            StepKind::Redirect { .. } => "redirect",
            StepKind::Terminal { .. } => "terminal",
            StepKind::Generic => "generic",
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
        let expired = state
            .global_messages()
            .iter()
            .any(|m: &Message| m.key() == Some(message_key::SESSION_EXPIRED));
        return bare(StepKind::Terminal { expired });
    };
    if form.name == remediation::SUCCESS_REDIRECT {
        return bare(StepKind::Redirect {
            href: form.href.clone().unwrap_or_default(),
        });
    }
    let kind = kind_of(state, form);
    // Okta's widget does not poll these channels: the phone itself finishes the enrollment.
    let other_device = state
        .current()
        .and_then(|a| a.contextual_data.as_ref())
        .and_then(|d| d.selected_channel.as_deref())
        .is_some_and(|c| matches!(c, "devicebootstrap" | "samedevice"));
    let refresh = (form.is_poll()
        && !other_device
        && matches!(
            kind,
            StepKind::EnrollQr { .. }
                | StepKind::EnrollWaiting { .. }
                | StepKind::PushWaiting { .. }
                | StepKind::Generic
        ))
    .then(|| form.refresh.unwrap_or(DEFAULT_REFRESH_MS));
    Step {
        kind,
        form: Some(form.name.clone()),
        alternatives: alternatives_for(&form.name),
        refresh,
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
    }
}

fn kind_of(state: &IdxResponse, form: &Form) -> StepKind {
    let current = state.current();
    let data = current.and_then(|a| a.contextual_data.as_ref());
    match form.name.as_str() {
        remediation::IDENTIFY => StepKind::Identify {
            password: form.field_at(field::CREDENTIALS_PASSCODE).is_some(),
            remember_me: form.field(field::REMEMBER_ME).is_some(),
        },
        remediation::CHALLENGE_AUTHENTICATOR => {
            if form.field_at(field::CREDENTIALS_TOTP).is_some() {
                StepKind::EnterCode
            } else if form.field_at(field::CREDENTIALS_PASSCODE).is_some() {
                StepKind::Password
            } else {
                StepKind::Generic
            }
        }
        remediation::SELECT_AUTHENTICATOR_ENROLL => StepKind::ChooseAuthenticator {
            purpose: Purpose::Enroll,
            choices: choices(state, form),
        },
        remediation::SELECT_AUTHENTICATOR_AUTHENTICATE => StepKind::ChooseAuthenticator {
            purpose: Purpose::Verify,
            choices: choices(state, form),
        },
        remediation::AUTHENTICATOR_VERIFICATION_DATA => {
            let methods = method_options(form.field_at(field::AUTHENTICATOR_METHOD_TYPE));
            let id = fixed_str(form.field_at(field::AUTHENTICATOR_ID)).unwrap_or_default();
            if methods.len() == 1 && methods[0].0 == method::PUSH {
                let auto_challenge = form
                    .field_at(field::AUTHENTICATOR_AUTO_CHALLENGE)
                    .and_then(bool_value);
                StepKind::SendPush { auto_challenge }
            } else if methods.is_empty() {
                StepKind::Generic
            } else {
                let key = current.and_then(|a| a.key.clone());
                let choices = methods
                    .into_iter()
                    .map(|(method, label)| Choice {
                        id: id.clone(),
                        method: Some(method),
                        key: key.clone(),
                        label,
                        send_method: true,
                        enrollment_id: None,
                    })
                    .collect();
                StepKind::ChooseMethod { choices }
            }
        }
        remediation::ENROLL_POLL => match data
            .and_then(|d| d.selected_channel.as_deref())
            .and_then(Channel::parse)
        {
            Some(Channel::Qrcode) | None if data.and_then(|d| d.qrcode.as_ref()).is_some() => {
                let href = data
                    .and_then(|d| d.qrcode.as_ref())
                    .map(|q| q.href.clone())
                    .unwrap_or_default();
                StepKind::EnrollQr {
                    qr_src: safe_png_data_uri(&href),
                }
            }
            Some(channel @ (Channel::Email | Channel::Sms)) => StepKind::EnrollWaiting {
                channel,
                address: data.and_then(|d| {
                    if channel == Channel::Email {
                        d.email.clone()
                    } else {
                        d.phone_number.clone()
                    }
                }),
                can_resend: current.is_some_and(|a| a.resend.is_some()),
            },
            _ => StepKind::Generic,
        },
        remediation::SELECT_ENROLLMENT_CHANNEL => {
            let selected = data.and_then(|d| d.selected_channel.as_deref());
            let options = form
                .field_at(field::AUTHENTICATOR_CHANNEL)
                .map(Field::options)
                .unwrap_or_default();
            let channels = options
                .iter()
                .filter_map(|o: &FieldOption| {
                    let channel = Channel::parse(o.plain_str()?)?;
                    (Some(channel.as_str()) != selected).then(|| (channel, o.label.clone()))
                })
                .collect();
            StepKind::ChooseChannel { channels }
        }
        remediation::ENROLLMENT_CHANNEL_DATA => {
            if form.field(field::PHONE_NUMBER).is_some() {
                StepKind::ChannelAddress {
                    channel: Channel::Sms,
                }
            } else if form.field(field::EMAIL).is_some() {
                StepKind::ChannelAddress {
                    channel: Channel::Email,
                }
            } else {
                StepKind::Generic
            }
        }
        remediation::CHALLENGE_POLL => StepKind::PushWaiting {
            number: data.and_then(|d| d.correct_answer.clone()),
            auto_challenge: form.field(field::AUTO_CHALLENGE).and_then(bool_value),
            can_resend: current.is_some_and(|a| a.resend.is_some()),
        },
        remediation::RESEND => StepKind::PushFailed,
        _ => StepKind::Generic,
    }
}

/// The image source for a QR code: only a PNG data URI is shown, never a URL that would make
/// the browser fetch something from elsewhere.
pub fn safe_png_data_uri(href: &str) -> Option<String> {
    let payload = href.strip_prefix("data:image/png;base64,")?;
    let base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    (!payload.is_empty() && payload.bytes().all(base64)).then(|| href.to_owned())
}

fn bool_value(field: &Field) -> Option<bool> {
    field.plain_value().and_then(serde_json::Value::as_bool)
}

fn fixed_str(field: Option<&Field>) -> Option<String> {
    field?.plain_value()?.as_str().map(str::to_owned)
}

/// `(value, label)` of a method field's options, FastPass left out (this widget cannot do it).
fn method_options(field: Option<&Field>) -> Vec<(String, String)> {
    field
        .map(Field::options)
        .unwrap_or_default()
        .iter()
        .filter_map(|o| Some((o.plain_str()?.to_owned(), o.label.clone())))
        .filter(|(value, _)| value != method::SIGNED_NONCE)
        .collect()
}

/// An authenticator list's entries, Okta Verify split into one per method.
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
        let method_field = sub.iter().find(|f| f.name == field::METHOD_TYPE);
        let methods = method_options(method_field);
        match method_field
            .and_then(|f| f.plain_value())
            .and_then(|v| v.as_str())
        {
            Some(fixed) if fixed != method::SIGNED_NONCE => {
                out.push(Choice {
                    id,
                    method: Some(fixed.to_owned()),
                    key,
                    label,
                    send_method: false,
                    enrollment_id,
                });
            }
            Some(_) => {}
            None if methods.is_empty() => out.push(Choice {
                id,
                method: None,
                key,
                label,
                send_method: false,
                enrollment_id,
            }),
            None => {
                for (method, _) in methods {
                    out.push(Choice {
                        id: id.clone(),
                        method: Some(method),
                        key: key.clone(),
                        label: label.clone(),
                        send_method: true,
                        enrollment_id: enrollment_id.clone(),
                    });
                }
            }
        }
    }
    out
}

//! Okta Verify: the one-time code, the method choice and "Send push", QR and setup-link
//! enrollment, setting it up on this very device, and waiting on a push.

use idx_protocol::model::{Field, FieldOption};
use idx_protocol::names::{field, method, remediation};
use idx_protocol::{Form, IdxResponse};
use serde_json::Value;

use crate::flow::authenticators::method_options;
use crate::flow::fastpass;
use crate::flow::step::{Channel, Choice, StepKind, bool_value, fixed_str, safe_png_data_uri};

/// The Okta Verify step a form means.
pub fn step(state: &IdxResponse, form: &Form) -> Option<StepKind> {
    let current = state.current();
    let data = state.contextual_data();
    let kind = match form.name.as_str() {
        remediation::CHALLENGE_AUTHENTICATOR
            if form.field_at(field::CREDENTIALS_TOTP).is_some() =>
        {
            StepKind::EnterCode
        }
        remediation::AUTHENTICATOR_VERIFICATION_DATA => {
            let methods = method_options(form.field_at(field::AUTHENTICATOR_METHOD_TYPE));
            let id = fixed_str(form.field_at(field::AUTHENTICATOR_ID)).unwrap_or_default();
            if methods.len() == 1 && methods[0].0 == method::PUSH {
                let auto_challenge = form
                    .field_at(field::AUTHENTICATOR_AUTO_CHALLENGE)
                    .and_then(bool_value);
                StepKind::SendPush { auto_challenge }
            } else if methods.is_empty() {
                return None;
            } else {
                let key = current.and_then(|a| a.key.clone());
                let choices = methods
                    .into_iter()
                    .map(|(method, label)| Choice {
                        id: id.clone(),
                        method: Some(method),
                        key: key.clone(),
                        label,
                        detail: None,
                        send_method: true,
                        enrollment_id: None,
                    })
                    .collect();
                StepKind::ChooseMethod { choices }
            }
        }
        remediation::ENROLL_POLL if enroll_here(state, form).is_some() => {
            return enroll_here(state, form);
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
            _ => return None,
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
                return None;
            }
        }
        // FastPass (`signed_nonce`) also waits in `challenge-poll`, with no push to answer: a
        // push only when the method is push, as Okta's widget picks its body.
        remediation::CHALLENGE_POLL if fastpass::is_signed_nonce(state) => {
            return fastpass::step(state, form).map(StepKind::FastPass);
        }
        remediation::CHALLENGE_POLL => StepKind::PushWaiting {
            number: data.and_then(|d| d.correct_answer.clone()),
            auto_challenge: form.field(field::AUTO_CHALLENGE).and_then(bool_value),
            can_resend: current.is_some_and(|a| a.resend.is_some()),
        },
        remediation::RESEND => StepKind::PushFailed {
            explained: !state.global_messages().is_empty(),
        },
        _ => return None,
    };
    Some(kind)
}

/// Okta Verify set up on this very device: `enroll-poll` with `samedevice` or
/// `devicebootstrap`.
pub fn enroll_here(state: &IdxResponse, form: &Form) -> Option<StepKind> {
    let data = state.contextual_data()?;
    let (bootstrap, member) = match data.selected_channel.as_deref()? {
        "samedevice" => (false, "samedevice"),
        "devicebootstrap" => (true, "devicebootstrap"),
        _ => return None,
    };
    // Read from the contextual data as sent (`extra`): a typed copy would cost the page more
    // than these few strings.
    let here = data.extra.get(member);
    let text = |name: &str| here.and_then(|h| h.get(name)).and_then(Value::as_str);
    let device = match here.and_then(|h| h.get("enrolledDevices")) {
        Some(Value::String(name)) => Some(name.clone()),
        Some(Value::Array(names)) => names.first().and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    Some(StepKind::EnrollHere {
        bootstrap,
        download_href: text("downloadHref").and_then(fastpass::https),
        org_url: text("orgUrl").map(str::to_owned),
        setup_href: text("setupOVUrl").and_then(|h| fastpass::launch_href(h, form.href.as_deref())),
        device,
    })
}

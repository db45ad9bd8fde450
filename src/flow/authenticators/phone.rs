//! Phone: SMS or voice call, chosen per phone; the number entered for enrollment (country and
//! national number, an extension for voice); the code, with "Send again".

use idx_protocol::model::Authenticator;
use idx_protocol::names::{field, method, remediation};
use idx_protocol::{Form, IdxResponse};

use crate::flow::authenticators::{extra_str, first_method, method_options};
use crate::flow::step::{Choice, CodeSource, Purpose, StepKind, fixed_str};

/// How a code travels for a method name.
pub fn source(method_type: Option<&str>) -> CodeSource {
    match method_type {
        Some(method::VOICE) => CodeSource::Voice,
        _ => CodeSource::Sms,
    }
}

/// The phone step a form means.
pub fn step(_state: &IdxResponse, form: &Form, phone: &Authenticator) -> Option<StepKind> {
    let sent_to = extra_str(phone, &["profile", "phoneNumber"]).map(str::to_owned);
    match form.name.as_str() {
        remediation::CHALLENGE_AUTHENTICATOR | remediation::ENROLL_AUTHENTICATOR
            if form.field_at(field::CREDENTIALS_PASSCODE).is_some() =>
        {
            Some(StepKind::Passcode {
                source: source(first_method(phone)),
                purpose: if form.name == remediation::ENROLL_AUTHENTICATOR {
                    Purpose::Enroll
                } else {
                    Purpose::Verify
                },
                authenticator: phone.display_name.clone().unwrap_or_default(),
                sent_to,
                can_resend: phone.resend.is_some(),
            })
        }
        remediation::AUTHENTICATOR_VERIFICATION_DATA => {
            let methods = method_options(form.field_at(field::AUTHENTICATOR_METHOD_TYPE));
            match methods.as_slice() {
                [] => None,
                [(only, _)] => Some(StepKind::SendCode {
                    source: source(Some(only)),
                    sent_to,
                    method: Some(only.clone()),
                }),
                _ => {
                    let id = fixed_str(form.field_at(field::AUTHENTICATOR_ID)).unwrap_or_default();
                    let choices = methods
                        .into_iter()
                        .map(|(method, label)| Choice {
                            id: id.clone(),
                            method: Some(method),
                            key: phone.key.clone(),
                            label,
                            detail: sent_to.clone(),
                            send_method: true,
                            enrollment_id: None,
                        })
                        .collect();
                    Some(StepKind::ChooseMethod { choices })
                }
            }
        }
        remediation::AUTHENTICATOR_ENROLLMENT_DATA
            if form.field_at(field::AUTHENTICATOR_PHONE_NUMBER).is_some() =>
        {
            let methods: Vec<_> = method_options(form.field_at(field::AUTHENTICATOR_METHOD_TYPE));
            (!methods.is_empty()).then_some(StepKind::PhoneNumber { methods })
        }
        _ => None,
    }
}

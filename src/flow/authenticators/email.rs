//! Email: a code (and a magic link, which the page notices by polling) to enter, enrollment by
//! code, "Send me an email" when the org waits for the person to ask.

use idx_protocol::model::Authenticator;
use idx_protocol::names::{field, remediation};
use idx_protocol::{Form, IdxResponse};

use crate::flow::authenticators::{extra_str, method_options};
use crate::flow::step::{CodeSource, Purpose, StepKind};

/// The email step a form means.
pub fn step(_state: &IdxResponse, form: &Form, email: &Authenticator) -> Option<StepKind> {
    let sent_to = extra_str(email, &["profile", "email"]).map(str::to_owned);
    match form.name.as_str() {
        remediation::CHALLENGE_AUTHENTICATOR | remediation::ENROLL_AUTHENTICATOR
            if form.field_at(field::CREDENTIALS_PASSCODE).is_some() =>
        {
            Some(StepKind::Passcode {
                source: CodeSource::Email,
                purpose: if form.name == remediation::ENROLL_AUTHENTICATOR {
                    Purpose::Enroll
                } else {
                    Purpose::Verify
                },
                authenticator: email.display_name.clone().unwrap_or_default(),
                sent_to,
                can_resend: email.resend.is_some(),
            })
        }
        remediation::AUTHENTICATOR_VERIFICATION_DATA => Some(StepKind::SendCode {
            source: CodeSource::Email,
            sent_to,
            method: method_options(form.field_at(field::AUTHENTICATOR_METHOD_TYPE))
                .into_iter()
                .next()
                .map(|(value, _)| value),
        }),
        _ => None,
    }
}

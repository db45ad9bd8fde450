//! Phone: SMS or voice call, chosen per phone; the number entered for enrollment (country and
//! national number, an extension for voice); the code, with "Send again".

use idx_protocol::model::Authenticator;
use idx_protocol::names::{field, method, remediation};
use idx_protocol::{Form, IdxResponse};

use crate::flow::authenticators::{extra_str, first_method, method_options};
use crate::flow::step::{Choice, CodeSource, Purpose, StepKind, fixed_str};

/// Countries offered in the SMS form: (ISO code, name, calling code).
pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("US", "United States", "1"),
    ("CA", "Canada", "1"),
    ("GB", "United Kingdom", "44"),
    ("IE", "Ireland", "353"),
    ("DE", "Germany", "49"),
    ("FR", "France", "33"),
    ("ES", "Spain", "34"),
    ("IT", "Italy", "39"),
    ("NL", "Netherlands", "31"),
    ("SE", "Sweden", "46"),
    ("CH", "Switzerland", "41"),
    ("IN", "India", "91"),
    ("JP", "Japan", "81"),
    ("AU", "Australia", "61"),
    ("NZ", "New Zealand", "64"),
    ("BR", "Brazil", "55"),
    ("MX", "Mexico", "52"),
];

/// A national number typed in a country (ISO code), as Okta takes `phoneNumber`: `+`, the
/// country's calling code, and the number's digits.
pub fn e164(country: &str, national: &str) -> String {
    let calling_code = calling_code(country);
    let digits: String = national.chars().filter(char::is_ascii_digit).collect();
    // A national trunk prefix (the leading 0 in many countries) is dropped in E.164.
    let digits = if calling_code != "1" {
        digits.trim_start_matches('0').to_owned()
    } else {
        digits
    };
    format!("+{calling_code}{digits}")
}

/// The country a phone number starts in: the configured one when the list has it, else the
/// United States.
pub fn country_or_default(wanted: &str) -> &'static str {
    let wanted = wanted.to_ascii_uppercase();
    COUNTRIES
        .iter()
        .find(|(code, ..)| *code == wanted)
        .map_or("US", |(code, ..)| code)
}

/// The calling code of a country (`1` when unknown).
fn calling_code(country: &str) -> &'static str {
    COUNTRIES
        .iter()
        .find(|(c, ..)| *c == country)
        .map_or("1", |(_, _, code)| code)
}

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

#[cfg(test)]
mod country_tests {
    use super::*;

    #[test]
    fn numbers_are_e164_and_countries_fall_back_to_the_united_states() {
        assert_eq!(e164("US", "(888) 722-7871"), "+18887227871");
        assert_eq!(e164("GB", "07700 900123"), "+447700900123");
        assert_eq!(e164("XX", "888 722 7871"), "+18887227871");
        assert_eq!(country_or_default("gb"), "GB");
        assert_eq!(country_or_default("XX"), "US");
        assert_eq!(calling_code("JP"), "81");
        assert_eq!(calling_code("XX"), "1");
    }
}

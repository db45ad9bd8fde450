//! One module per authenticator family: how its steps are recognised from the pair (remediation,
//! authenticator key), as Okta's widget reads them (`ViewFactory`). The step's view lives in
//! `ui/views/` under the same name; its texts in `strings.rs` under the same prefix. Adding an
//! authenticator is a module here, a view there, its strings and its idx-sim module.

pub mod email;
pub mod okta_verify;
pub mod otp;
pub mod password;
pub mod phone;
pub mod security_question;
pub mod webauthn;

use idx_protocol::model::{Authenticator, Field};
use idx_protocol::names::authenticator_key as key;
use idx_protocol::{Form, IdxResponse};

use crate::flow::StepKind;

/// Which family an authenticator belongs to, by its `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `okta_verify`, and the split keys of newer orgs (`okta_verify_push`, …).
    OktaVerify,
    /// An org's own push app (`custom_app`): its push steps are Okta Verify's.
    CustomPush,
    /// `okta_email`.
    Email,
    /// `phone_number`.
    Phone,
    /// Google Authenticator and the other code apps and tokens.
    Otp,
    /// `okta_password`.
    Password,
    /// `security_question`.
    SecurityQuestion,
    /// `webauthn`: security keys, biometrics, passkeys.
    WebAuthn,
    /// Anything else (an IdP authenticator, a new key).
    Other,
}

impl Family {
    /// The family of an authenticator.
    pub fn of(authenticator: &Authenticator) -> Self {
        if authenticator.is_okta_verify() {
            return Self::OktaVerify;
        }
        match authenticator.key.as_deref() {
            Some(key::EMAIL) => Self::Email,
            Some(key::PHONE) => Self::Phone,
            Some(key::PASSWORD) => Self::Password,
            Some(key::SECURITY_QUESTION) => Self::SecurityQuestion,
            Some(key::CUSTOM_APP) => Self::CustomPush,
            Some(idx_protocol::webauthn::KEY) => Self::WebAuthn,
            Some(k) if key::CODE_APPS.contains(&k) => Self::Otp,
            _ => Self::Other,
        }
    }
}

/// The step a form means, asked of its authenticator's family; `None` when the family has no
/// view for it.
pub fn step(state: &IdxResponse, form: &Form) -> Option<StepKind> {
    let authenticator = state.related(form).or_else(|| state.current());
    match authenticator.map(Family::of) {
        Some(Family::Email) => email::step(state, form, authenticator?),
        Some(Family::Phone) => phone::step(state, form, authenticator?),
        Some(Family::Otp) => otp::step(form, authenticator?),
        Some(Family::Password) => password::step(state, form, authenticator?),
        Some(Family::SecurityQuestion) => security_question::step(form, authenticator?),
        Some(Family::WebAuthn) => webauthn::step(form, authenticator?),
        // Okta Verify, and the Okta Verify forms of older orgs that name no authenticator.
        Some(Family::OktaVerify | Family::CustomPush) | None => okta_verify::step(state, form),
        Some(Family::Other) => None,
    }
}

/// A string member of an authenticator's extra data (`profile`, `settings`, …) by path.
pub(crate) fn extra_str<'a>(authenticator: &'a Authenticator, path: &[&str]) -> Option<&'a str> {
    let (first, rest) = path.split_first()?;
    let mut value = authenticator
        .extra
        .get(*first)
        .or_else(|| authenticator.contextual_data.as_ref()?.extra.get(*first))?;
    for name in rest {
        value = value.get(name)?;
    }
    value.as_str()
}

/// The method types a form's `methodType` field offers: `(value, server's label)`.
pub(crate) fn method_options(field: Option<&Field>) -> Vec<(String, String)> {
    field
        .map(Field::options)
        .unwrap_or_default()
        .iter()
        .filter_map(|o| Some((o.plain_str()?.to_owned(), o.label.clone())))
        .collect()
}

/// The method an authenticator names first (`sms`, `voice`, `email`, …).
pub(crate) fn first_method(authenticator: &Authenticator) -> Option<&str> {
    authenticator.methods.first()?.kind.as_deref()
}

//! WebAuthn: security keys, biometrics and passkeys. Setting one up (`enroll-authenticator`
//! with `activationData`) and verifying with it (`challenge-authenticator` with
//! `challengeData`) are the browser's own dialog, started by a button because some browsers
//! only open it on a user's gesture; the session asks the driver for the ceremony and sends
//! what it gives back. Passkey autofill on the identify page is the same `get`, with
//! conditional mediation, started as the page shows.

use idx_protocol::Form;
use idx_protocol::model::Authenticator;
use idx_protocol::names::{field, remediation};
use idx_protocol::webauthn::{activation_data, challenge_data};

use crate::flow::step::{Purpose, StepKind, WebAuthnName};

/// Okta's name for the authenticator when the admin kept the default.
const DEFAULT_NAME: &str = "Security Key or Biometric";
/// Okta's name for it when the org calls it passkeys.
const PASSKEYS_NAME: &str = "Passkeys";

/// How the org names the authenticator: Okta's two defaults, or the admin's own name.
fn name_of(authenticator: &Authenticator) -> WebAuthnName {
    match authenticator.display_name.as_deref().map(str::trim) {
        None | Some("") | Some(DEFAULT_NAME) => WebAuthnName::Default,
        Some(PASSKEYS_NAME) => WebAuthnName::Passkeys,
        Some(name) => WebAuthnName::Custom(name.to_owned()),
    }
}

/// The WebAuthn step a form means: enrollment when the authenticator carries
/// `activationData`, verification when it carries `challengeData`; both need the form's hidden
/// `credentials`, which only the browser can fill.
pub fn step(form: &Form, authenticator: &Authenticator) -> Option<StepKind> {
    form.field(field::CREDENTIALS)?;
    let purpose = match form.name.as_str() {
        remediation::ENROLL_AUTHENTICATOR if activation_data(authenticator).is_some() => {
            Purpose::Enroll
        }
        remediation::CHALLENGE_AUTHENTICATOR if challenge_data(authenticator).is_some() => {
            Purpose::Verify
        }
        _ => return None,
    };
    let uv = match purpose {
        Purpose::Enroll => activation_data(authenticator)
            .and_then(|d| d["authenticatorSelection"].get("userVerification")),
        _ => challenge_data(authenticator).and_then(|d| d.get("userVerification")),
    };
    Some(StepKind::WebAuthn {
        purpose,
        name: name_of(authenticator),
        user_verification: uv.and_then(|v| v.as_str()) == Some("required"),
    })
}

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

use crate::flow::step::{Purpose, StepKind};
use crate::strings::Text;

/// Okta's name for the authenticator when the admin kept the default.
const DEFAULT_NAME: &str = "Security Key or Biometric";
/// Okta's name for it when the org calls it passkeys.
const PASSKEYS_NAME: &str = "Passkeys";

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
    fn of(authenticator: &Authenticator) -> Self {
        match authenticator.display_name.as_deref().map(str::trim) {
            None | Some("") | Some(DEFAULT_NAME) => Self::Default,
            Some(PASSKEYS_NAME) => Self::Passkeys,
            Some(name) => Self::Custom(name.to_owned()),
        }
    }

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
        name: WebAuthnName::of(authenticator),
        user_verification: uv.and_then(|v| v.as_str()) == Some("required"),
    })
}

//! What the user asks for, typed, and the request inputs each one becomes. Views dispatch these;
//! only this module knows the wire names of what they send.

use idx_protocol::Inputs;
use idx_protocol::names::{field, method, remediation};

use crate::config::{clean_code, e164};
use crate::flow::{Channel, Choice, Step, StepKind};

/// Another remediation of the same state, shown without a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    /// Back to the state's first remediation.
    Primary,
    /// "Verify with something else".
    VerifyOther,
    /// "Return to authenticator list".
    EnrollList,
    /// "Can't scan?" / "Try a different way".
    OtherChannel,
}

impl Alternative {
    /// The remediation it shows; `None` for the primary one.
    pub fn remediation(self) -> Option<&'static str> {
        match self {
            Self::Primary => None,
            Self::VerifyOther => Some(remediation::SELECT_AUTHENTICATOR_AUTHENTICATE),
            Self::EnrollList => Some(remediation::SELECT_AUTHENTICATOR_ENROLL),
            Self::OtherChannel => Some(remediation::SELECT_ENROLLMENT_CHANNEL),
        }
    }
}

/// Where a setup link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// An email address as typed.
    Email(String),
    /// A phone number: the country's calling code and the national number as typed.
    Phone {
        /// e.g. `1`, `44`.
        calling_code: String,
        /// As typed, spaces and punctuation included.
        national: String,
    },
}

/// What a view asks the session to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Submit the username (with the password and "Keep me signed in" when the form has them).
    Identify {
        /// As typed.
        username: String,
        /// The password, on a form that asks for it.
        password: Option<String>,
        /// "Keep me signed in", on a form that offers it.
        remember_me: Option<bool>,
    },
    /// Submit a password on its own.
    Password(String),
    /// Choose an authenticator or a method from the step's list.
    Choose(Choice),
    /// The "Send push" button, with the "Send push automatically" box when offered.
    SendPush {
        /// The box, when the form offers it.
        auto_challenge: Option<bool>,
    },
    /// Choose how the setup link travels.
    ChooseChannel(Channel),
    /// Send the setup link here.
    SendLink(Address),
    /// A code from Okta Verify, as typed.
    Code(String),
    /// Send another push after one failed or expired.
    ResendPush,
    /// The current authenticator's "send again" (email, SMS, push while waiting).
    Resend,
    /// Tick or untick "Send push automatically" while waiting on a push.
    SetAutoChallenge(bool),
    /// "Set up later".
    Skip,
    /// Show another remediation of the same state.
    SwitchTo(Alternative),
    /// The generic form of a step this widget has no view for, with its inputs.
    Generic(Inputs),
    /// Start over with a new transaction ("Back to sign in").
    Restart,
    /// Sign out: revoke the tokens at the org, forget what was stored, start over.
    SignOut,
}

/// A blank field the user must fill before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Required(pub &'static str);

/// The remediation an action submits on this step and the inputs it sends; `Err` when a field
/// must be filled first; `Ok(None)` when the action submits nothing on this step.
pub fn request_for(action: &Action, step: &Step) -> Result<Option<(String, Inputs)>, Required> {
    let form = step.form.clone();
    let on_form = |inputs: Inputs| Ok(form.clone().map(|f| (f, inputs)));
    match action {
        Action::Identify {
            username,
            password,
            remember_me,
        } => {
            if username.trim().is_empty() {
                return Err(Required(field::IDENTIFIER));
            }
            let mut inputs = Inputs::new().with(field::IDENTIFIER, username.trim());
            if let Some(password) = password {
                inputs = inputs.with_object(
                    field::CREDENTIALS,
                    Inputs::new().with(field::PASSCODE, password.as_str()),
                );
            }
            if let Some(remember) = remember_me {
                inputs.set(field::REMEMBER_ME, *remember);
            }
            Ok(Some((remediation::IDENTIFY.to_owned(), inputs)))
        }
        Action::Password(password) => on_form(Inputs::new().with_object(
            field::CREDENTIALS,
            Inputs::new().with(field::PASSCODE, password.as_str()),
        )),
        Action::Choose(choice) => {
            let methods_only = matches!(step.kind, StepKind::ChooseMethod { .. });
            let mut inner = Inputs::new();
            if !methods_only {
                inner.set(field::ID, choice.id.clone());
            }
            if let (true, Some(m)) = (choice.send_method, &choice.method) {
                inner.set(field::METHOD_TYPE, m.clone());
            }
            if let Some(enrollment) = &choice.enrollment_id {
                inner.set(field::ENROLLMENT_ID, enrollment.clone());
            }
            on_form(Inputs::new().with_object(field::AUTHENTICATOR, inner))
        }
        Action::SendPush { auto_challenge } => {
            let mut inner = Inputs::new().with(field::METHOD_TYPE, method::PUSH);
            if let Some(auto) = auto_challenge {
                inner.set(field::AUTO_CHALLENGE, *auto);
            }
            on_form(Inputs::new().with_object(field::AUTHENTICATOR, inner))
        }
        Action::ChooseChannel(channel) => on_form(Inputs::new().with_object(
            field::AUTHENTICATOR,
            Inputs::new().with(field::CHANNEL, channel.as_str()),
        )),
        Action::SendLink(Address::Email(email)) => {
            if email.trim().is_empty() {
                return Err(Required(field::EMAIL));
            }
            on_form(Inputs::new().with(field::EMAIL, email.trim()))
        }
        Action::SendLink(Address::Phone {
            calling_code,
            national,
        }) => {
            if !national.chars().any(|c| c.is_ascii_digit()) {
                return Err(Required(field::PHONE_NUMBER));
            }
            on_form(Inputs::new().with(field::PHONE_NUMBER, e164(calling_code, national)))
        }
        Action::Code(code) => {
            let code = clean_code(code);
            if code.is_empty() {
                return Err(Required(field::CREDENTIALS_TOTP));
            }
            on_form(
                Inputs::new()
                    .with_object(field::CREDENTIALS, Inputs::new().with(field::TOTP, code)),
            )
        }
        Action::ResendPush => Ok(Some((remediation::RESEND.to_owned(), Inputs::new()))),
        Action::Skip => Ok(Some((remediation::SKIP.to_owned(), Inputs::new()))),
        Action::Generic(inputs) => on_form(inputs.clone()),
        Action::Resend
        | Action::SetAutoChallenge(_)
        | Action::SwitchTo(_)
        | Action::Restart
        | Action::SignOut => Ok(None),
    }
}

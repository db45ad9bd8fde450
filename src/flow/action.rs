//! What the user asks for, typed, and the request inputs each one becomes. Views dispatch these;
//! only this module knows the wire names of what they send.

use std::borrow::Cow;
use std::collections::BTreeMap;

use idx_protocol::Inputs;
use idx_protocol::names::{CUSTOM_QUESTION, field, method, remediation};
use serde_json::Value;

use crate::config::clean_code;
use crate::flow::authenticators::phone::e164;
use crate::flow::generic;
use crate::flow::{Channel, Choice, ConsentKind, Step, StepKind};
use crate::strings::Text;

/// The ways out a step offers under it, in order, each with its words and what it asks for.
pub fn ways_out(step: &Step) -> Vec<(Text, Action)> {
    let a = step.alternatives;
    let on_list = matches!(step.kind, StepKind::ChooseAuthenticator { .. });
    // A CAPTCHA in front of the username is still the first step: its ways out are the
    // first step's (sign up), not "Back to sign in", which would only show it again.
    let first = matches!(
        step.kind,
        StepKind::Identify { .. } | StepKind::IdentityProviders
    ) || matches!(step.kind, StepKind::Captcha { .. })
        && step.form.as_deref() == Some(remediation::IDENTIFY);
    let mut out = Vec::new();
    if a.verify_other && !on_list {
        out.push((
            Text::VerifyOther,
            Action::SwitchTo(Alternative::VerifyOther),
        ));
    }
    if a.enroll_list && !on_list {
        out.push((Text::EnrollList, Action::SwitchTo(Alternative::EnrollList)));
    }
    if a.skip {
        out.push((Text::SetUpLater, Action::Skip));
    }
    if a.recover.is_some() {
        out.push((Text::ForgotPassword, Action::Recover));
    }
    if a.unlock {
        out.push((Text::UnlockAccountLink, Action::UnlockAccount));
    }
    if a.sign_up && first {
        out.push((Text::SignUpLink, Action::SignUp));
    }
    if a.sign_in {
        out.push((Text::HaveAccount, Action::SignInInstead));
    } else if !first {
        out.push((Text::BackToSignIn, Action::Restart));
    }
    out
}

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
#[derive(Clone, PartialEq, Eq)]
pub enum Address {
    /// An email address as typed.
    Email(String),
    /// A phone number: the country it is in and the national number as typed.
    Phone {
        /// The country's ISO code, e.g. `US`, `GB`.
        country: String,
        /// As typed, spaces and punctuation included.
        national: String,
    },
}

/// A security question to enroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// One of the org's, by key.
    Predefined(String),
    /// One the person wrote.
    Custom(String),
}

/// What a view asks the session to do. Its `Debug` never shows what the person typed as a
/// secret or as contact details (SECURITY.md, "Secrets in logs").
#[derive(Clone, PartialEq)]
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
    /// A one-time code from email, SMS, voice or an app, as typed.
    Passcode(String),
    /// "Send me an email", "Receive a code via SMS": ask for the code.
    SendCode,
    /// The phone number to enroll and how to reach it.
    EnrollPhone {
        /// `sms` or `voice`.
        method: String,
        /// The country's ISO code (`US`, `GB`).
        country: String,
        /// The national number as typed.
        national: String,
        /// An extension, for voice calls.
        extension: String,
    },
    /// A new password, typed twice.
    NewPassword {
        /// The new password.
        password: String,
        /// Typed again.
        confirm: String,
        /// "Sign me out of all other devices", when offered.
        revoke_sessions: Option<bool>,
    },
    /// The answer to the security question.
    SecurityAnswer(String),
    /// A security question to set up, and its answer.
    EnrollQuestion {
        /// Which question.
        question: Question,
        /// The answer.
        answer: String,
    },
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
    /// The generic form of a step this widget has no view for: the values typed, by their
    /// dotted path in the body.
    Generic(BTreeMap<String, Value>),
    /// "Forgot password?".
    Recover,
    /// "Unlock account?".
    UnlockAccount,
    /// "Sign up".
    SignUp,
    /// "Already have an account? Sign in", from sign-up.
    SignInInstead,
    /// Unlock the account of this username (when the form asks), proving it with this
    /// authenticator (when the form offers a choice).
    Unlock {
        /// As typed.
        username: Option<String>,
        /// The authenticator chosen.
        choice: Option<Choice>,
    },
    /// Sign up with these profile attributes: `(name, value)`; a text left blank is absent.
    EnrollProfile(Vec<(String, Value)>),
    /// Sign in through the identity provider whose `href` this is: a full-page navigation.
    SignInWith(String),
    /// Allow or deny the scopes asked for; in granular consent, the scopes the user left
    /// ticked or cleared, `(name, granted)`.
    Consent {
        /// Allow.
        allow: bool,
        /// Granular consent's choices.
        scopes: Vec<(String, bool)>,
    },
    /// "Sign in with Okta FastPass" (`launch-authenticator`), with the username typed so far
    /// (Okta Verify is told it as the login hint).
    LaunchFastPass {
        /// As typed, if anything.
        username: Option<String>,
    },
    /// Stop FastPass and tell the org the person chose to (`USER_CANCELED`).
    CancelFastPass,
    /// Probe Okta Verify's loopback ports again (after allowing local network access).
    RetryFastPass,
    /// Open the browser's security key or passkey dialog (again, after an error).
    WebAuthn,
    /// Start over with a new transaction ("Back to sign in").
    Restart,
    /// Sign out: revoke the tokens at the org, end its session, forget what was stored.
    SignOut,
    /// The org's session signed the person in at once: go on as that user.
    ContinueSession,
    /// The org's session signed someone in at once, and it is not this person: end that
    /// session, then start at the first step.
    SwitchUser,
}

/// What `Debug` prints in place of a typed secret or contact detail.
const REDACTED: &str = "[redacted]";

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Email(_) => f
                .debug_tuple("Email")
                .field(&format_args!("{REDACTED}"))
                .finish(),
            Self::Phone { country, .. } => f
                .debug_struct("Phone")
                .field("country", country)
                .field("national", &format_args!("{REDACTED}"))
                .finish(),
        }
    }
}

impl std::fmt::Debug for Action {
    // Typed passwords, codes, answers, new passwords, addresses and profile values never
    // print; a variant this list does not know yet prints nothing of its contents.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = format_args!("{REDACTED}");
        let secret = |f: &mut std::fmt::Formatter<'_>, name: &str| {
            f.debug_tuple(name)
                .field(&format_args!("{REDACTED}"))
                .finish()
        };
        match self {
            Self::Identify {
                username,
                password,
                remember_me,
            } => f
                .debug_struct("Identify")
                .field("username", username)
                .field("password", &password.as_ref().map(|_| hidden))
                .field("remember_me", remember_me)
                .finish(),
            Self::Password(_) => secret(f, "Password"),
            Self::Code(_) => secret(f, "Code"),
            Self::Passcode(_) => secret(f, "Passcode"),
            Self::SecurityAnswer(_) => secret(f, "SecurityAnswer"),
            Self::NewPassword {
                revoke_sessions, ..
            } => f
                .debug_struct("NewPassword")
                .field("password", &hidden)
                .field("confirm", &hidden)
                .field("revoke_sessions", revoke_sessions)
                .finish(),
            Self::EnrollQuestion { question, .. } => f
                .debug_struct("EnrollQuestion")
                .field("question", question)
                .field("answer", &hidden)
                .finish(),
            Self::SendLink(address) => f.debug_tuple("SendLink").field(address).finish(),
            Self::EnrollPhone {
                method, country, ..
            } => f
                .debug_struct("EnrollPhone")
                .field("method", method)
                .field("country", country)
                .field("national", &hidden)
                .field("extension", &hidden)
                .finish(),
            Self::EnrollProfile(attributes) => f
                .debug_tuple("EnrollProfile")
                .field(
                    &attributes
                        .iter()
                        .map(|(name, _)| (name, hidden))
                        .collect::<Vec<_>>(),
                )
                .finish(),
            Self::Generic(values) => f
                .debug_tuple("Generic")
                .field(&values.keys().map(|path| (path, hidden)).collect::<Vec<_>>())
                .finish(),
            Self::Choose(choice) => f.debug_tuple("Choose").field(choice).finish(),
            Self::SendPush { auto_challenge } => f
                .debug_struct("SendPush")
                .field("auto_challenge", auto_challenge)
                .finish(),
            Self::ChooseChannel(channel) => f.debug_tuple("ChooseChannel").field(channel).finish(),
            Self::SetAutoChallenge(on) => f.debug_tuple("SetAutoChallenge").field(on).finish(),
            Self::SwitchTo(to) => f.debug_tuple("SwitchTo").field(to).finish(),
            Self::Unlock { username, choice } => f
                .debug_struct("Unlock")
                .field("username", username)
                .field("choice", choice)
                .finish(),
            Self::SignInWith(href) => f.debug_tuple("SignInWith").field(href).finish(),
            Self::Consent { allow, scopes } => f
                .debug_struct("Consent")
                .field("allow", allow)
                .field("scopes", scopes)
                .finish(),
            Self::SendCode => f.write_str("SendCode"),
            Self::ResendPush => f.write_str("ResendPush"),
            Self::Resend => f.write_str("Resend"),
            Self::Skip => f.write_str("Skip"),
            Self::Recover => f.write_str("Recover"),
            Self::UnlockAccount => f.write_str("UnlockAccount"),
            Self::SignUp => f.write_str("SignUp"),
            Self::SignInInstead => f.write_str("SignInInstead"),
            Self::Restart => f.write_str("Restart"),
            Self::SignOut => f.write_str("SignOut"),
            Self::ContinueSession => f.write_str("ContinueSession"),
            Self::SwitchUser => f.write_str("SwitchUser"),
            Self::LaunchFastPass { username } => f
                .debug_struct("LaunchFastPass")
                .field("username", username)
                .finish(),
            Self::CancelFastPass => f.write_str("CancelFastPass"),
            Self::RetryFastPass => f.write_str("RetryFastPass"),
            Self::WebAuthn => f.write_str("WebAuthn"),
        }
    }
}

/// A field the page refuses to send as it is (blank, or two passwords that differ), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The field's dotted path (a profile attribute's is built from its name).
    pub path: Cow<'static, str>,
    /// What to tell the person.
    pub why: Text,
}

impl Refusal {
    /// A field left blank.
    pub fn blank(path: impl Into<Cow<'static, str>>) -> Self {
        Self {
            path: path.into(),
            why: Text::Required,
        }
    }
}

/// The remediation an action submits on this step and the inputs it sends; `Err` when a field
/// must be filled first; `Ok(None)` when the action submits nothing on this step.
pub fn request_for(action: &Action, step: &Step) -> Result<Option<(String, Inputs)>, Refusal> {
    let form = step.form.clone();
    let on_form = |inputs: Inputs| Ok(form.clone().map(|f| (f, inputs)));
    let credentials = |inner: Inputs| on_form(Inputs::new().with_object(field::CREDENTIALS, inner));
    match action {
        Action::Identify {
            username,
            password,
            remember_me,
        } => {
            if username.trim().is_empty() {
                return Err(Refusal::blank(field::IDENTIFIER));
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
            let form = match step.kind {
                StepKind::RecoverIdentify => remediation::IDENTIFY_RECOVERY,
                _ => remediation::IDENTIFY,
            };
            Ok(Some((form.to_owned(), inputs)))
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
                return Err(Refusal::blank(field::EMAIL));
            }
            on_form(Inputs::new().with(field::EMAIL, email.trim()))
        }
        Action::SendLink(Address::Phone { country, national }) => {
            if !national.chars().any(|c| c.is_ascii_digit()) {
                return Err(Refusal::blank(field::PHONE_NUMBER));
            }
            on_form(Inputs::new().with(field::PHONE_NUMBER, e164(country, national)))
        }
        Action::Code(code) => {
            let code = clean_code(code);
            if code.is_empty() {
                return Err(Refusal::blank(field::CREDENTIALS_TOTP));
            }
            on_form(
                Inputs::new()
                    .with_object(field::CREDENTIALS, Inputs::new().with(field::TOTP, code)),
            )
        }
        Action::Passcode(code) => {
            let code = code.trim();
            if code.is_empty() {
                return Err(Refusal::blank(field::CREDENTIALS_PASSCODE));
            }
            // Codes are digits for most authenticators but not all (RSA, YubiKey, email
            // codes of some orgs): spaces people type between groups go, nothing else.
            let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
            credentials(Inputs::new().with(field::PASSCODE, code))
        }
        Action::SendCode => {
            let method = match &step.kind {
                StepKind::SendCode { method, .. } => method.clone(),
                _ => None,
            };
            let mut inner = Inputs::new();
            if let Some(method) = method {
                inner.set(field::METHOD_TYPE, method);
            }
            on_form(Inputs::new().with_object(field::AUTHENTICATOR, inner))
        }
        Action::EnrollPhone {
            method,
            country,
            national,
            extension,
        } => {
            if !national.chars().any(|c| c.is_ascii_digit()) {
                return Err(Refusal::blank(field::AUTHENTICATOR_PHONE_NUMBER));
            }
            let mut number = e164(country, national);
            // A voice call's extension goes after an `x`, as Okta's widget sends it.
            let extension: String = extension.chars().filter(char::is_ascii_digit).collect();
            if method == method::VOICE && !extension.is_empty() {
                number = format!("{number}x{extension}");
            }
            let inner = Inputs::new()
                .with(field::METHOD_TYPE, method.as_str())
                .with(field::PHONE_NUMBER, number);
            on_form(Inputs::new().with_object(field::AUTHENTICATOR, inner))
        }
        Action::NewPassword {
            password,
            confirm,
            revoke_sessions,
        } => {
            if password.is_empty() {
                return Err(Refusal::blank(field::CREDENTIALS_PASSCODE));
            }
            if confirm.is_empty() {
                return Err(Refusal::blank(field::CONFIRM_PASSWORD));
            }
            if password != confirm {
                return Err(Refusal {
                    path: field::CONFIRM_PASSWORD.into(),
                    why: Text::PasswordMismatch,
                });
            }
            let mut inner = Inputs::new().with(field::PASSCODE, password.as_str());
            if let Some(revoke) = revoke_sessions {
                inner.set(field::REVOKE_SESSIONS, *revoke);
            }
            credentials(inner)
        }
        Action::SecurityAnswer(answer) => {
            if answer.trim().is_empty() {
                return Err(Refusal::blank(field::CREDENTIALS_ANSWER));
            }
            credentials(Inputs::new().with(field::ANSWER, answer.as_str()))
        }
        Action::EnrollQuestion { question, answer } => {
            let inner = match question {
                Question::Predefined(key) => Inputs::new().with(field::QUESTION_KEY, key.as_str()),
                Question::Custom(text) => {
                    if text.trim().is_empty() {
                        return Err(Refusal::blank(field::CREDENTIALS_QUESTION));
                    }
                    Inputs::new()
                        .with(field::QUESTION_KEY, CUSTOM_QUESTION)
                        .with(field::QUESTION, text.trim())
                }
            };
            if answer.trim().is_empty() {
                return Err(Refusal::blank(field::CREDENTIALS_ANSWER));
            }
            credentials(inner.with(field::ANSWER, answer.as_str()))
        }
        Action::Recover => Ok(step
            .alternatives
            .recover
            .map(|path| (path.to_owned(), Inputs::new()))),
        Action::UnlockAccount => Ok(Some((
            remediation::UNLOCK_ACCOUNT.to_owned(),
            Inputs::new(),
        ))),
        Action::SignUp => Ok(Some((
            remediation::SELECT_ENROLL_PROFILE.to_owned(),
            Inputs::new(),
        ))),
        Action::SignInInstead => Ok(Some((
            remediation::SELECT_IDENTIFY.to_owned(),
            Inputs::new(),
        ))),
        Action::Unlock { username, choice } => {
            let mut inputs = Inputs::new();
            if let Some(username) = username {
                if username.trim().is_empty() {
                    return Err(Refusal::blank(field::IDENTIFIER));
                }
                inputs.set(field::IDENTIFIER, username.trim());
            }
            if let Some(choice) = choice {
                let mut inner = Inputs::new().with(field::ID, choice.id.clone());
                if let (true, Some(m)) = (choice.send_method, &choice.method) {
                    inner.set(field::METHOD_TYPE, m.clone());
                }
                if let Some(enrollment) = &choice.enrollment_id {
                    inner.set(field::ENROLLMENT_ID, enrollment.clone());
                }
                inputs = inputs.with_object(field::AUTHENTICATOR, inner);
            }
            on_form(inputs)
        }
        Action::EnrollProfile(values) => {
            let StepKind::EnrollProfile { attributes } = &step.kind else {
                return Ok(None);
            };
            let mut profile = Inputs::new();
            for attribute in attributes {
                let value = values
                    .iter()
                    .find(|(name, _)| *name == attribute.name)
                    .map(|(_, v)| v)
                    .filter(|v| v.as_str().is_none_or(|s| !s.trim().is_empty()));
                match value {
                    Some(Value::String(text)) => profile.set(&attribute.name, text.trim()),
                    Some(value) => profile.set(&attribute.name, value.clone()),
                    None if attribute.required => {
                        return Err(Refusal::blank(attribute.path()));
                    }
                    None => {}
                }
            }
            on_form(Inputs::new().with_object(field::USER_PROFILE, profile))
        }
        Action::Consent { allow, scopes } => {
            let StepKind::Consent {
                kind,
                scopes: asked,
                ..
            } = &step.kind
            else {
                return Ok(None);
            };
            let mut inputs = Inputs::new().with(field::CONSENT, *allow);
            if *kind == ConsentKind::Granular {
                // Only the scopes the user may clear are theirs to send; the others are the
                // server's fixed values.
                let mut opted = Inputs::new();
                for scope in asked.iter().filter(|s| s.optional) {
                    let granted = scopes
                        .iter()
                        .find(|(name, _)| *name == scope.name)
                        .is_none_or(|(_, on)| *on);
                    opted.set(&scope.name, granted && *allow);
                }
                inputs = inputs.with_object(field::OPTED_SCOPES, opted);
            }
            on_form(inputs)
        }
        Action::ResendPush => Ok(Some((remediation::RESEND.to_owned(), Inputs::new()))),
        Action::Skip => Ok(Some((remediation::SKIP.to_owned(), Inputs::new()))),
        Action::Generic(values) => on_form(generic::nest(values)),
        Action::Resend
        | Action::LaunchFastPass { .. }
        | Action::CancelFastPass
        | Action::RetryFastPass
        | Action::SignInWith(_)
        | Action::SetAutoChallenge(_)
        | Action::SwitchTo(_)
        | Action::Restart
        | Action::WebAuthn
        | Action::SignOut
        | Action::ContinueSession
        | Action::SwitchUser => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Purpose;
    use crate::flow::step::Alternatives;

    fn step(kind: StepKind, form: &str, alternatives: Alternatives) -> Step {
        Step {
            kind,
            form: Some(form.to_owned()),
            alternatives,
            refresh: None,
            idps: Vec::new(),
        }
    }

    /// The words of the ways out a step offers, in order.
    fn offered(step: &Step) -> Vec<Text> {
        ways_out(step).into_iter().map(|(text, _)| text).collect()
    }

    #[test]
    fn the_first_step_offers_sign_up_and_every_later_one_the_way_back() {
        let alternatives = Alternatives {
            recover: Some("/recover"),
            sign_up: true,
            ..Alternatives::default()
        };
        let identify = StepKind::Identify {
            password: true,
            remember_me: false,
        };
        let first = step(identify, remediation::IDENTIFY, alternatives);
        assert_eq!(offered(&first), [Text::ForgotPassword, Text::SignUpLink]);
        // A CAPTCHA in front of the username is still the first step.
        let captcha = step(
            StepKind::Captcha { provider: None },
            remediation::IDENTIFY,
            alternatives,
        );
        assert_eq!(offered(&captcha), [Text::ForgotPassword, Text::SignUpLink]);
        let later = step(StepKind::Password, "challenge-authenticator", alternatives);
        assert_eq!(
            ways_out(&later),
            [
                (Text::ForgotPassword, Action::Recover),
                (Text::BackToSignIn, Action::Restart)
            ]
        );
    }

    #[test]
    fn a_list_does_not_offer_itself() {
        let alternatives = Alternatives {
            verify_other: true,
            enroll_list: true,
            skip: true,
            ..Alternatives::default()
        };
        let code = step(StepKind::Password, "challenge-authenticator", alternatives);
        assert_eq!(
            offered(&code),
            [
                Text::VerifyOther,
                Text::EnrollList,
                Text::SetUpLater,
                Text::BackToSignIn
            ]
        );
        let list = StepKind::ChooseAuthenticator {
            purpose: Purpose::Verify,
            choices: Vec::new(),
        };
        let list = step(list, "select-authenticator-authenticate", alternatives);
        assert_eq!(offered(&list), [Text::SetUpLater, Text::BackToSignIn]);
    }
}

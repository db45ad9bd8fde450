//! The org's users (`[[user]]`): what each has enrolled, what policy asks of them, and
//! their lifecycle status.

use serde::Deserialize;

use super::{Authenticator, SECURITY_QUESTIONS, SecurityQuestion, predefined_question};
use crate::webauthn::credential::Credential;

/// One user and their policy.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// What the user types to sign in.
    pub username: String,
    /// The password.
    pub password: String,
    /// Where enrollment emails go (defaults to the username).
    #[serde(default)]
    pub email: Option<String>,
    /// Where enrollment SMS go, E.164 (`+15551234567`).
    #[serde(default)]
    pub phone: Option<String>,
    /// Given name, shown in the user profile.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name, shown in the user profile.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Whether Okta Verify is already enrolled.
    #[serde(default)]
    pub okta_verify: bool,
    /// Whether policy asks for Okta Verify: `required` (must enroll), `optional` (may skip) or
    /// `none` (password is enough).
    #[serde(default)]
    pub okta_verify_policy: EnrollPolicy,
    /// Whether every push asks the user to tap the number shown in the browser.
    #[serde(default)]
    pub number_challenge: bool,
    /// Whether Okta Verify offers one-time codes besides push. Without them the org asks the
    /// user to press "Send push" (with "Send push automatically") after choosing Okta Verify.
    #[serde(default = "yes")]
    pub okta_verify_totp: bool,
    /// Authenticators enrolled besides the password and Okta Verify: `okta_email`,
    /// `phone_number` (the `phone` above), `google_otp`, `security_question` (the
    /// `security_question` below).
    #[serde(default)]
    pub authenticators: Vec<Authenticator>,
    /// Authenticators the sign-in policy requires: any the user lacks are enrolled after the
    /// password (Okta Verify keeps `okta_verify_policy`).
    #[serde(default)]
    pub enroll_required: Vec<Authenticator>,
    /// The password has expired: after a correct one, the user must choose another.
    #[serde(default)]
    pub password_expired: bool,
    /// The password expires in this many days: after a correct one, the user is asked to
    /// change it, or "Remind me later".
    #[serde(default)]
    pub password_expires_in_days: Option<u32>,
    /// The enrolled security question, when `authenticators` has `security_question`.
    #[serde(default)]
    pub security_question: Option<SecurityQuestion>,
    /// Locked out from the start (as after too many wrong passwords).
    #[serde(default)]
    pub locked: bool,
    /// `ACTIVE`, or `PROVISIONED`: created by an admin, not yet activated; such a user signs
    /// in first with their `activation_token` and chooses a password.
    #[serde(default)]
    pub status: UserStatus,
    /// The one-time token of a `PROVISIONED` user's activation email, as interact takes it.
    #[serde(default)]
    pub activation_token: Option<String>,
    /// WebAuthn credentials (passkeys, security keys) registered from the start
    /// (`[[user.webauthn]]`); any makes `webauthn` enrolled.
    #[serde(default)]
    pub webauthn: Vec<Credential>,
}

/// A user's lifecycle status, as Okta names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum UserStatus {
    /// Can sign in.
    #[default]
    Active,
    /// Created, waiting for activation (no password yet).
    Provisioned,
}

/// What policy says about Okta Verify for a user who has not enrolled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnrollPolicy {
    /// Must enroll before signing in.
    #[default]
    Required,
    /// Offered, with "Set up later".
    Optional,
    /// Not asked for.
    None,
}

fn yes() -> bool {
    true
}

impl User {
    /// Where enrollment emails go.
    pub fn email(&self) -> &str {
        self.email.as_deref().unwrap_or(&self.username)
    }

    /// Checks what serde cannot: the lists, the phone and the security question agree.
    pub fn validate(&self) -> Result<(), String> {
        for (name, list) in [
            ("authenticators", &self.authenticators),
            ("enroll_required", &self.enroll_required),
        ] {
            let mut sorted = list.clone();
            sorted.sort_unstable();
            if sorted.windows(2).any(|w| w[0] == w[1]) {
                return Err(format!("{name} names an authenticator twice"));
            }
        }
        validate_webauthn(self)?;
        if self.has(Authenticator::PhoneNumber) {
            match &self.phone {
                None => return Err("phone_number is enrolled but the user has no phone".into()),
                Some(phone) if !is_e164(phone) => {
                    return Err(format!(
                        "phone {phone:?} is not in E.164 format (+ then 8 to 15 digits)"
                    ));
                }
                Some(_) => {}
            }
        }
        let has_question = self
            .authenticators
            .contains(&Authenticator::SecurityQuestion);
        match (&self.security_question, has_question) {
            (None, true) => {
                return Err(
                    "security_question is enrolled but the user has no [user.security_question]"
                        .into(),
                );
            }
            (Some(_), false) => {
                return Err(
                    "[user.security_question] is given but security_question is not in authenticators"
                        .into(),
                );
            }
            (Some(q), true) => {
                match (q.key.as_str(), &q.question) {
                    ("custom", Some(text)) if !text.trim().is_empty() => {}
                    ("custom", _) => {
                        return Err("a custom security question needs its question".into());
                    }
                    (key, None) if predefined_question(key).is_some() => {}
                    (key, None) => {
                        return Err(format!(
                            "security question key {key:?} is not one of Okta's ({}) or custom",
                            SECURITY_QUESTIONS
                                .iter()
                                .map(|(k, _)| *k)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    (_, Some(_)) => {
                        return Err("only a custom security question takes a question".into());
                    }
                }
                if q.answer.trim().chars().count() < 4 {
                    return Err(
                        "the security question's answer must be at least 4 characters".into(),
                    );
                }
            }
            (None, false) => {}
        }
        if self.password_expired && self.password_expires_in_days.is_some() {
            return Err("password_expired and password_expires_in_days cannot both be set".into());
        }
        match (self.status, &self.activation_token) {
            (UserStatus::Provisioned, None) => {
                return Err("a PROVISIONED user needs an activation_token".into());
            }
            (UserStatus::Active, Some(_)) => {
                return Err("activation_token is for a PROVISIONED user".into());
            }
            (_, Some(token)) if token.trim().is_empty() => {
                return Err("activation_token must not be empty".into());
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether this authenticator is enrolled from the start.
    pub fn has(&self, authenticator: Authenticator) -> bool {
        self.authenticators.contains(&authenticator)
    }
}

/// The user's configured credentials, checked (config validation).
fn validate_webauthn(user: &User) -> Result<(), String> {
    if user.authenticators.contains(&Authenticator::Webauthn) {
        return Err(
            "webauthn is enrolled by giving a credential ([[user.webauthn]]), not in authenticators"
                .into(),
        );
    }
    let mut ids = Vec::new();
    for (i, c) in user.webauthn.iter().enumerate() {
        let r = c.registered().map_err(|e| format!("webauthn[{i}]: {e}"))?;
        if ids.contains(&r.id) {
            return Err(format!("webauthn[{i}]: credential_id given twice"));
        }
        ids.push(r.id);
    }
    Ok(())
}

/// `+` then 8 to 15 digits, the first not zero.
pub(crate) fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

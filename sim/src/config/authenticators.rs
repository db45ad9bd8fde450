//! The authenticators besides Okta Verify, as the configuration names them, with the
//! security questions Okta offers and the password policy's complexity.

use serde::Deserialize;

/// An authenticator besides the password and Okta Verify, by its Okta key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authenticator {
    /// Email: a code (and a magic link) to the user's email.
    OktaEmail,
    /// Phone: a code by SMS or voice call.
    PhoneNumber,
    /// Google Authenticator: TOTP from a shared secret.
    GoogleOtp,
    /// A security question.
    SecurityQuestion,
    /// Security key or biometric (WebAuthn): passkeys and security keys. Enrolled when the
    /// user has a credential (`[[user.webauthn]]`), never by `authenticators`.
    Webauthn,
}

impl Authenticator {
    /// All of them, in the order Okta lists them here.
    pub const ALL: [Authenticator; 5] = [
        Authenticator::OktaEmail,
        Authenticator::PhoneNumber,
        Authenticator::GoogleOtp,
        Authenticator::SecurityQuestion,
        Authenticator::Webauthn,
    ];

    /// The ones proven by something the user knows or is sent (all but WebAuthn), as the
    /// demo's users have them.
    pub const CODES: [Authenticator; 4] = [
        Authenticator::OktaEmail,
        Authenticator::PhoneNumber,
        Authenticator::GoogleOtp,
        Authenticator::SecurityQuestion,
    ];

    /// Okta's key (`okta_email`, …).
    pub fn key(self) -> &'static str {
        match self {
            Self::OktaEmail => "okta_email",
            Self::PhoneNumber => "phone_number",
            Self::GoogleOtp => "google_otp",
            Self::SecurityQuestion => "security_question",
            Self::Webauthn => "webauthn",
        }
    }

    /// Parses Okta's key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// An enrolled security question.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityQuestion {
    /// One of Okta's question keys (`disliked_food`, …) or `custom`.
    pub key: String,
    /// The question, for `custom` only.
    #[serde(default)]
    pub question: Option<String>,
    /// The answer (compared without regard to case or surrounding spaces).
    pub answer: String,
}

/// Okta's predefined security questions: key and question.
pub const SECURITY_QUESTIONS: &[(&str, &str)] = &[
    (
        "disliked_food",
        "What is the food you least liked as a child?",
    ),
    (
        "name_of_first_plush_toy",
        "What is the name of your first stuffed animal?",
    ),
    (
        "first_award",
        "What did you earn your first medal or award for?",
    ),
    (
        "favorite_security_question",
        "What is your favorite security question?",
    ),
    (
        "favorite_toy",
        "What is the toy/stuffed animal you liked the most as a kid?",
    ),
    (
        "first_computer_game",
        "What was the first computer game you played?",
    ),
    ("favorite_movie_quote", "What is your favorite movie quote?"),
    (
        "first_sports_team_mascot",
        "What was the mascot of the first sports team you played on?",
    ),
    (
        "first_music_purchase",
        "What music album or song did you first purchase?",
    ),
    ("favorite_art_piece", "What is your favorite piece of art?"),
    (
        "grandmother_favorite_desert",
        "What was your grandmother's favorite dessert?",
    ),
    (
        "first_thing_cooked",
        "What was the first thing you learned to cook?",
    ),
    ("childhood_dream_job", "What was your dream job as a child?"),
    (
        "place_where_significant_other_was_met",
        "Where did you meet your spouse/significant other?",
    ),
    (
        "favorite_vacation_location",
        "Where did you go for your favorite vacation?",
    ),
    (
        "new_years_two_thousand",
        "Where were you on New Year's Eve in the year 2000?",
    ),
    (
        "favorite_speaker_actor",
        "Who is your favorite speaker/orator?",
    ),
    (
        "favorite_book_movie_character",
        "Who is your favorite book/movie character?",
    ),
    (
        "favorite_sports_player",
        "Who is your favorite sports player?",
    ),
];

/// The text of a predefined question.
pub fn predefined_question(key: &str) -> Option<&'static str> {
    SECURITY_QUESTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, q)| *q)
}

impl SecurityQuestion {
    /// The question's text.
    pub fn text(&self) -> String {
        match self.key.as_str() {
            "custom" => self.question.clone().unwrap_or_default(),
            key => predefined_question(key).unwrap_or_default().to_owned(),
        }
    }
}

/// The password policy's complexity, with Okta's names (`settings.complexity`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "camelCase")]
pub struct PasswordComplexity {
    /// At least this many characters.
    pub min_length: u32,
    /// At least this many lowercase letters.
    pub min_lower_case: u32,
    /// At least this many uppercase letters.
    pub min_upper_case: u32,
    /// At least this many digits.
    pub min_number: u32,
    /// At least this many symbols.
    pub min_symbol: u32,
    /// No part of the username (before the `@`, in pieces of 3 or more characters).
    pub exclude_username: bool,
    /// Profile attributes the password must not contain: `firstName`, `lastName`.
    pub exclude_attributes: Vec<String>,
    /// At most this many identical characters in a row (0: no limit).
    pub max_consecutive_repeating_characters: u32,
}

impl Default for PasswordComplexity {
    fn default() -> Self {
        Self {
            min_length: 8,
            min_lower_case: 1,
            min_upper_case: 1,
            min_number: 1,
            min_symbol: 0,
            exclude_username: true,
            exclude_attributes: Vec::new(),
            max_consecutive_repeating_characters: 0,
        }
    }
}

impl PasswordComplexity {
    /// Checks that the policy can be met.
    pub fn validate(&self) -> Result<(), String> {
        for attribute in &self.exclude_attributes {
            if !matches!(attribute.as_str(), "firstName" | "lastName") {
                return Err(format!(
                    "password_complexity.excludeAttributes: {attribute:?} is not firstName or lastName"
                ));
            }
        }
        let classes = self.min_lower_case + self.min_upper_case + self.min_number + self.min_symbol;
        if self.min_length == 0 || self.min_length > 256 || classes > 256 {
            return Err("password_complexity.minLength must be from 1 to 256".into());
        }
        Ok(())
    }
}

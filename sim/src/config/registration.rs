//! Self-service registration (`[registration]`): the sign-up form's attributes and what a
//! new user enrolls.

use serde::Deserialize;

/// Self-service registration: the profile the form asks for and what a new user enrolls.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Registration {
    /// Whether identify offers "Sign up" (`select-enroll-profile`).
    pub enabled: bool,
    /// The profile attributes, in the form's order; one must be `email` (the new username).
    pub profile: Vec<ProfileAttribute>,
    /// What a new user must enroll, in order: `password` (required, first),
    /// `okta_verify`, and any of `okta_email`, `phone_number`, `google_otp`,
    /// `security_question`, `webauthn`.
    pub enroll: Vec<String>,
}

impl Default for Registration {
    fn default() -> Self {
        Self {
            enabled: false,
            profile: vec![
                ProfileAttribute::base("firstName", "First name", (1, 50)),
                ProfileAttribute::base("lastName", "Last name", (1, 50)),
                ProfileAttribute {
                    kind: AttributeType::Email,
                    ..ProfileAttribute::base("email", "Email", (5, 100))
                },
            ],
            enroll: vec!["password".into(), "okta_verify".into()],
        }
    }
}

/// One attribute of the registration form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileAttribute {
    /// The attribute's name in the user profile (`firstName`, `email`, …).
    pub name: String,
    /// What the form shows.
    pub label: String,
    /// `string`, `email`, `boolean` or `enum`.
    #[serde(rename = "type", default)]
    pub kind: AttributeType,
    /// Whether it must be filled in.
    #[serde(default)]
    pub required: bool,
    /// The choices of an `enum`.
    #[serde(default)]
    pub options: Vec<AttributeOption>,
    /// The fewest characters a text value may have.
    #[serde(default)]
    pub min_length: Option<u32>,
    /// The most characters a text value may have.
    #[serde(default)]
    pub max_length: Option<u32>,
}

impl ProfileAttribute {
    pub(super) fn text(name: &str, label: &str, required: bool) -> Self {
        Self {
            name: name.into(),
            label: label.into(),
            kind: AttributeType::String,
            required,
            options: Vec::new(),
            min_length: None,
            max_length: None,
        }
    }

    /// A text attribute with the lengths of Okta's base profile schema.
    pub(super) fn base(name: &str, label: &str, lengths: (u32, u32)) -> Self {
        Self {
            min_length: Some(lengths.0),
            max_length: Some(lengths.1),
            ..Self::text(name, label, true)
        }
    }
}

/// The type of a profile attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributeType {
    /// Free text.
    #[default]
    String,
    /// An email address.
    Email,
    /// Yes or no.
    Boolean,
    /// One of `options`.
    Enum,
}

/// A choice of an `enum` attribute.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeOption {
    /// What the form shows.
    pub label: String,
    /// What is stored.
    pub value: String,
}

/// Where a new user's enrollments can come from.
pub const REGISTRATION_ENROLLS: &[&str] = &[
    "password",
    "okta_verify",
    "okta_email",
    "phone_number",
    "google_otp",
    "security_question",
    "webauthn",
];

impl Registration {
    /// Checks that the form can create a user and the enrollments exist.
    pub fn validate(&self) -> Result<(), String> {
        let mut names: Vec<&str> = Vec::new();
        for a in &self.profile {
            let what = format!("registration.profile {:?}", a.name);
            if a.name.is_empty()
                || !a
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(format!("{what}: name must be letters, digits or '_'"));
            }
            if names.contains(&a.name.as_str()) {
                return Err(format!("{what}: named twice"));
            }
            names.push(&a.name);
            if a.label.trim().is_empty() {
                return Err(format!("{what}: label must not be empty"));
            }
            let text = matches!(a.kind, AttributeType::String | AttributeType::Email);
            if !text && (a.min_length.is_some() || a.max_length.is_some()) {
                return Err(format!("{what}: only text takes min_length and max_length"));
            }
            if let (Some(min), Some(max)) = (a.min_length, a.max_length)
                && min > max
            {
                return Err(format!("{what}: min_length is more than max_length"));
            }
            match (a.kind, a.options.is_empty()) {
                (AttributeType::Enum, true) => {
                    return Err(format!("{what}: an enum needs options"));
                }
                (AttributeType::Enum, false) => {}
                (_, false) => return Err(format!("{what}: only an enum takes options")),
                (_, true) => {}
            }
        }
        if self.enabled {
            match self.profile.iter().find(|a| a.name == "email") {
                Some(a) if a.required && a.kind == AttributeType::Email => {}
                _ => {
                    return Err(
                        "registration.profile needs a required attribute \"email\" of type \"email\" (the new username)"
                            .into(),
                    );
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, e) in self.enroll.iter().enumerate() {
            if !REGISTRATION_ENROLLS.contains(&e.as_str()) {
                return Err(format!(
                    "registration.enroll: {e:?} is not one of {}",
                    REGISTRATION_ENROLLS.join(", ")
                ));
            }
            if seen.contains(&e.as_str()) {
                return Err(format!("registration.enroll names {e:?} twice"));
            }
            if e == "password" && i != 0 {
                return Err("registration.enroll: password comes first".into());
            }
            seen.push(e);
        }
        // A new user signs in again with the password chosen here; idx-sim has no
        // passwordless sign-in.
        if self.enabled && !seen.contains(&"password") {
            return Err("registration.enroll must start with password".into());
        }
        Ok(())
    }
}

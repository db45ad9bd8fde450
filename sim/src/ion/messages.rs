//! Okta's messages and the feedback a step carries: a leaf, so that the modules the
//! configuration names (captcha.rs, faults.rs) can answer in Okta's words without importing
//! the document builders, which import the configuration.

use serde_json::{Value, json};

/// Something to tell the user with the step: global messages, or ones under fields.
#[derive(Debug, Default)]
pub struct Feedback {
    pub global: Vec<Value>,
    /// Dotted field paths in the primary remediation (`credentials.totp`,
    /// `userProfile.email`) and their messages.
    pub fields: Vec<(String, Value)>,
}

impl Feedback {
    /// One global message.
    pub fn global(message: Value) -> Self {
        Self {
            global: vec![message],
            fields: Vec::new(),
        }
    }

    /// One message under a field of the primary form.
    pub fn field(path: impl Into<String>, message: Value) -> Self {
        Self {
            global: Vec::new(),
            fields: vec![(path.into(), message)],
        }
    }
}

/// A message in Okta's shape.
pub fn message(key: &str, text: &str) -> Value {
    json!({"message": text, "i18n": {"key": key}, "class": "ERROR"})
}

/// A message with i18n params, as field errors carry them.
pub fn message_with_params(key: &str, text: &str) -> Value {
    json!({"message": text, "i18n": {"key": key, "params": []}, "class": "ERROR"})
}

/// Okta's message for a required field left empty.
pub fn blank() -> Value {
    message_with_params(
        "model.validation.field.blank",
        "This field cannot be left blank",
    )
}

/// A document with only messages: what Okta sends for an expired or unknown state handle.
pub fn messages_only(messages: Vec<Value>) -> Value {
    json!({"version": "1.0.0", "messages": {"type": "array", "value": messages}})
}

/// The expired-session answer.
pub fn session_expired() -> Value {
    messages_only(vec![message(
        "idx.session.expired",
        "The session has expired.",
    )])
}

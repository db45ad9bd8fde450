//! Sign-up's profile form (`enroll-profile`): the org's attributes as Okta sends them under
//! `userProfile`, each with the server's label, whether it is required, and how it is entered
//! (text, email, a checkbox, a choice among the org's values).

use idx_protocol::Form;
use idx_protocol::model::{Field, FieldValue};
use idx_protocol::names::field;
use serde_json::Value;

/// How one attribute is entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeInput {
    /// Free text.
    Text,
    /// An email address.
    Email,
    /// A boolean, ticked or not.
    Checkbox,
    /// One of the org's values, as radio buttons: `(label, value sent)`.
    Radio(Vec<(String, Value)>),
    /// One of the org's values, in a drop-down: `(label, value sent)`.
    Select(Vec<(String, Value)>),
}

/// One profile attribute the org asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileAttribute {
    /// The attribute's name, sent as the key inside `userProfile`.
    pub name: String,
    /// The server's label (the admin's own when it set one).
    pub label: String,
    /// Whether the org requires it.
    pub required: bool,
    /// How it is entered.
    pub input: AttributeInput,
}

impl ProfileAttribute {
    /// Its dotted path in the form, where the server puts its errors.
    pub fn path(&self) -> String {
        format!("{}.{}", field::USER_PROFILE, self.name)
    }
}

/// The sign-up step's attributes, when the form is only a profile: a form that also asks for something
/// else (a password, a captcha) is left to the generic form, which shows every field.
pub fn attributes(form: &Form) -> Option<Vec<ProfileAttribute>> {
    let profile = form.field(field::USER_PROFILE)?;
    let others = form
        .value
        .iter()
        .any(|f| f.name != field::USER_PROFILE && f.is_visible() && f.is_mutable());
    if others {
        return None;
    }
    Some(
        profile
            .sub_fields()?
            .iter()
            .filter(|f| f.is_visible() && f.is_mutable())
            .map(attribute)
            .collect(),
    )
}

fn attribute(f: &Field) -> ProfileAttribute {
    let boolean = f.kind.as_deref() == Some("boolean");
    let display = display(f);
    let input_type = display
        .and_then(|d| d.get("inputType"))
        .and_then(Value::as_str);
    let choices = |typed: bool| -> Vec<(String, Value)> {
        let listed = display
            .and_then(|d| d.get("options"))
            .and_then(Value::as_array);
        match listed {
            Some(list) => list
                .iter()
                .filter_map(|o| {
                    let label = o.get("label")?.as_str()?.to_owned();
                    Some((label, typed_value(o.get("value")?, typed)))
                })
                .collect(),
            // An enumeration spelt as plain options (`{label, value}` each).
            None => f
                .options()
                .iter()
                .filter_map(|o| match &o.value {
                    FieldValue::Plain(v) if o.label != DISPLAY => {
                        Some((o.label.clone(), typed_value(v, typed)))
                    }
                    _ => None,
                })
                .collect(),
        }
    };
    let input = match input_type {
        Some("radio") => AttributeInput::Radio(choices(boolean)),
        Some("select") => AttributeInput::Select(choices(boolean)),
        _ if boolean => AttributeInput::Checkbox,
        Some("text") => AttributeInput::Text,
        _ => {
            let listed = choices(false);
            if !listed.is_empty() {
                AttributeInput::Select(listed)
            } else if is_email(f) {
                AttributeInput::Email
            } else {
                AttributeInput::Text
            }
        }
    };
    ProfileAttribute {
        name: f.name.clone(),
        label: f
            .label
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| f.name.clone()),
        required: f.is_required(),
        input,
    }
}

/// The option Okta uses to say how an attribute is shown: `{"label": "display", "value":
/// {"type": "object", "value": {"inputType": …, "options": […]}}}`.
const DISPLAY: &str = "display";

fn display(f: &Field) -> Option<&serde_json::Map<String, Value>> {
    f.options().iter().find_map(|o| match &o.value {
        FieldValue::Plain(v) if o.label == DISPLAY => v.get("value")?.as_object(),
        _ => None,
    })
}

/// A boolean attribute's choices come as the strings `"true"` and `"false"`; the profile
/// wants the boolean.
fn typed_value(v: &Value, boolean: bool) -> Value {
    match (boolean, v.as_str()) {
        (true, Some("true")) => Value::Bool(true),
        (true, Some("false")) => Value::Bool(false),
        _ => v.clone(),
    }
}

fn is_email(f: &Field) -> bool {
    matches!(f.name.as_str(), "email" | "secondEmail")
        || f.kind.as_deref() == Some("email")
        || f.extra.get("format").and_then(Value::as_str) == Some("email")
}

//! Request bodies built from a form plus the user's inputs, by Okta's rules:
//! defaults first, then the user's values, then fixed (`mutable: false`) values, which always win;
//! nested forms and chosen sub-form options become nested objects.

use serde_json::{Map, Value};

use crate::model::{Field, FieldValue};

/// What the user entered, by field name; nested objects for nested forms and sub-form choices.
#[derive(Clone, Default, PartialEq)]
pub struct Inputs(Map<String, Value>);

impl Inputs {
    /// No inputs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.insert(name.to_owned(), value.into());
        self
    }

    /// Adds a nested object (for a nested form or a sub-form choice).
    pub fn with_object(mut self, name: &str, inner: Inputs) -> Self {
        self.0.insert(name.to_owned(), Value::Object(inner.0));
        self
    }

    /// Sets one value in place.
    pub fn set(&mut self, name: &str, value: impl Into<Value>) {
        self.0.insert(name.to_owned(), value.into());
    }

    /// The value for a field name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Whether there are no inputs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Inputs from a JSON object; anything else gives no inputs.
    pub fn from_json(value: Value) -> Self {
        match value {
            Value::Object(map) => Self(map),
            _ => Self::default(),
        }
    }
}

impl std::fmt::Debug for Inputs {
    // Inputs hold passwords and codes: show which fields are set, never their values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// Why a body could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// An input names no field of the form.
    UnknownInput(String),
    /// A nested form or sub-form choice was given something other than an object.
    NotAnObject(String),
    /// The chosen option of a sub-form field matches none of the server's options.
    UnknownOption(String),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownInput(n) => write!(f, "the form has no field named {n:?}"),
            Self::NotAnObject(n) => write!(f, "field {n:?} takes an object"),
            Self::UnknownOption(n) => write!(f, "field {n:?} offers no such option"),
        }
    }
}

impl std::error::Error for BodyError {}

/// Builds the JSON body for these fields and inputs.
pub fn build_body(fields: &[Field], inputs: &Inputs) -> Result<Map<String, Value>, BodyError> {
    if let Some(unknown) = inputs
        .0
        .keys()
        .find(|k| !fields.iter().any(|f| &f.name == *k))
    {
        return Err(BodyError::UnknownInput(unknown.clone()));
    }
    let mut body = Map::new();
    for field in fields {
        if let Some(value) = field_value(field, inputs.get(&field.name))? {
            body.insert(field.name.clone(), value);
        }
    }
    Ok(body)
}

fn field_value(field: &Field, input: Option<&Value>) -> Result<Option<Value>, BodyError> {
    if !field.is_mutable() {
        return match &field.value {
            Some(FieldValue::Plain(v)) => Ok(Some(v.clone())),
            Some(FieldValue::Form { form }) => non_empty(build_body(&form.value, &Inputs::new())?),
            None => Ok(None),
        };
    }
    let has_sub_form_options = field.options().iter().any(|o| o.sub_fields().is_some());
    match input {
        Some(input) if has_sub_form_options => {
            let inner = as_inputs(field, input)?;
            let chosen = choose_option(field, &inner)?;
            let sub = chosen.sub_fields().unwrap_or_default();
            Ok(Some(Value::Object(build_body(sub, &inner)?)))
        }
        Some(input) => match field.sub_fields() {
            Some(sub) => Ok(Some(Value::Object(build_body(
                sub,
                &as_inputs(field, input)?,
            )?))),
            None => Ok(Some(input.clone())),
        },
        None => match (field.sub_fields(), field.plain_value()) {
            (Some(sub), _) => non_empty(build_body(sub, &Inputs::new())?),
            (None, Some(default)) => Ok(Some(default.clone())),
            (None, None) => Ok(None),
        },
    }
}

fn as_inputs(field: &Field, input: &Value) -> Result<Inputs, BodyError> {
    match input {
        Value::Object(map) => Ok(Inputs(map.clone())),
        _ => Err(BodyError::NotAnObject(field.name.clone())),
    }
}

/// The option the input chose: the one whose fixed `id` equals the input's `id`; else the
/// first whose fields name every input and whose fixed values the input does not contradict
/// (a security question's "choose one" and "write my own" options differ only so); the only
/// option when there is one.
fn choose_option<'a>(
    field: &'a Field,
    inner: &Inputs,
) -> Result<&'a crate::model::FieldOption, BodyError> {
    let options = field.options();
    let chosen = match inner.get("id") {
        Some(id) => options.iter().find(|o| o.fixed("id") == Some(id)),
        None if options.len() == 1 => options.first(),
        None => options
            .iter()
            .find(|o| fits(o.sub_fields().unwrap_or_default(), inner)),
    };
    chosen.ok_or_else(|| BodyError::UnknownOption(field.name.clone()))
}

fn fits(fields: &[Field], inner: &Inputs) -> bool {
    inner.0.iter().all(|(name, value)| {
        fields.iter().any(|f| {
            &f.name == name
                && (f.is_mutable() || f.plain_value().is_none_or(|fixed| fixed == value))
        })
    })
}

fn non_empty(map: Map<String, Value>) -> Result<Option<Value>, BodyError> {
    Ok((!map.is_empty()).then_some(Value::Object(map)))
}

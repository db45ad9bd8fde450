//! The form for any remediation the widget has no step of its own for: whether this page can
//! fill it, its title, which inputs its fields ask for, and the values typed into them as the
//! nested inputs the body is built from. The view (ui/views/generic.rs) only shows them.

use std::collections::BTreeMap;

use idx_protocol::model::Field;
use idx_protocol::{FieldValue, Form, Inputs};
use serde_json::Value;

/// One input: its dotted path in the body and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Its dotted path in the body.
    pub path: String,
    /// The server's label, else the field's name.
    pub label: String,
    /// How it is shown.
    pub kind: InputKind,
}

/// How an input is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    Text {
        secret: bool,
    },
    Checkbox,
    /// (label, value sent) of a scalar field's options.
    Choice(Vec<(String, Value)>),
    /// Options that each carry a form: its fixed values and its inputs.
    Forms(Vec<OptionForm>),
}

/// One option that carries a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionForm {
    /// The option's label.
    pub label: String,
    /// The (path, value) its form fixes.
    pub fixed: Vec<(String, Value)>,
    /// What the person fills in once it is chosen.
    pub inputs: Vec<Input>,
}

/// What the person fills in a form, its nested fields flattened.
pub fn inputs(form: &Form) -> Vec<Input> {
    let mut inputs = Vec::new();
    inputs_of(&form.value, "", &mut inputs);
    inputs
}

/// Whether this page can fill and send a form it has no view for: a POST whose hidden
/// required inputs already carry their values (WebAuthn's, for one, come only from a device).
pub fn doable(form: &Form) -> bool {
    fn filled(fields: &[Field]) -> bool {
        fields.iter().all(|f| {
            if let Some(sub) = f.sub_fields() {
                return filled(sub);
            }
            f.is_visible() || !f.is_required() || f.value.is_some()
        })
    }
    form.http_method().eq_ignore_ascii_case("POST") && !form.is_poll() && filled(&form.value)
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The inputs a person fills in for these fields (visible, changeable ones), nested forms
/// flattened into dotted paths under `prefix`.
fn inputs_of(fields: &[Field], prefix: &str, out: &mut Vec<Input>) {
    for field in fields.iter().filter(|f| f.is_mutable() && f.is_visible()) {
        let path = join(prefix, &field.name);
        let label = field.label.clone().unwrap_or_else(|| field.name.clone());
        let options = field.options();
        let kind = if options.iter().any(|o| o.sub_fields().is_some()) {
            InputKind::Forms(
                options
                    .iter()
                    .map(|o| {
                        let sub = o.sub_fields().unwrap_or_default();
                        let mut inputs = Vec::new();
                        inputs_of(sub, &path, &mut inputs);
                        OptionForm {
                            label: o.label.clone(),
                            fixed: sub
                                .iter()
                                .filter(|f| !f.is_mutable())
                                .filter_map(|f| {
                                    Some((join(&path, &f.name), f.plain_value()?.clone()))
                                })
                                .collect(),
                            inputs,
                        }
                    })
                    .collect(),
            )
        } else if !options.is_empty() {
            InputKind::Choice(
                options
                    .iter()
                    .filter_map(|o| match &o.value {
                        FieldValue::Plain(v) => Some((
                            if o.label.is_empty() {
                                v.to_string()
                            } else {
                                o.label.clone()
                            },
                            v.clone(),
                        )),
                        FieldValue::Form { .. } => None,
                    })
                    .collect(),
            )
        } else if let Some(sub) = field.sub_fields() {
            inputs_of(sub, &path, out);
            continue;
        } else if field.kind.as_deref() == Some("boolean") {
            InputKind::Checkbox
        } else {
            InputKind::Text {
                secret: field.is_secret(),
            }
        };
        out.push(Input { path, label, kind });
    }
}

/// Dotted paths and values → nested inputs, the body's shape.
pub fn nest(values: &BTreeMap<String, Value>) -> Inputs {
    let mut root = serde_json::Map::new();
    for (path, value) in values {
        let mut parts: Vec<&str> = path.split('.').collect();
        let last = parts.pop().unwrap_or_default();
        let mut map = &mut root;
        for part in parts {
            let entry = map
                .entry(part.to_owned())
                .or_insert_with(|| Value::Object(Default::default()));
            if !entry.is_object() {
                *entry = Value::Object(Default::default());
            }
            map = entry.as_object_mut().expect("made an object just above");
        }
        map.insert(last.to_owned(), value.clone());
    }
    Inputs::from_json(Value::Object(root))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dotted_paths_become_nested_inputs() {
        let values = BTreeMap::from([
            ("credentials.passcode".to_owned(), json!("123456")),
            ("rememberMe".to_owned(), json!(true)),
            ("credentials.extra.deep".to_owned(), json!(1)),
        ]);
        assert_eq!(
            nest(&values),
            Inputs::from_json(json!({
                "credentials": {"passcode": "123456", "extra": {"deep": 1}},
                "rememberMe": true,
            }))
        );
    }

    /// Okta's recorded sign-up form: its visible, changeable fields, nested ones by their
    /// dotted path, none of the hidden or fixed ones.
    #[test]
    fn a_recorded_form_asks_for_its_visible_changeable_fields() {
        let state = idx_protocol::testdata::playground("enroll-profile-new.json");
        let form = state.remediation("enroll-profile").expect("enroll-profile");
        let mut inputs = Vec::new();
        inputs_of(&form.value, "", &mut inputs);
        let paths: Vec<&str> = inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "userProfile.lastName",
                "userProfile.firstName",
                "userProfile.email"
            ]
        );
        assert!(
            inputs
                .iter()
                .all(|i| i.kind == InputKind::Text { secret: false })
        );
    }
}

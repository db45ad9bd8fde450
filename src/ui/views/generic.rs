//! A form for any remediation this widget has no special view for: each visible, changeable
//! field becomes an input, nested forms become groups, choices become radios.

use std::collections::BTreeMap;

use idx_protocol::model::Field;
use idx_protocol::{FieldValue, Inputs};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::Value;

use crate::flow::Action;
use crate::strings::Text;
use crate::ui::common::{Heading, Links, Messages, SubmitButton, ui};

/// One input: its dotted path in the body and how to show it.
#[derive(Debug, Clone, PartialEq)]
struct Input {
    path: String,
    label: String,
    kind: InputKind,
}

#[derive(Debug, Clone, PartialEq)]
enum InputKind {
    Text {
        secret: bool,
    },
    Checkbox,
    /// (label, value sent): a scalar, or the fixed fields of a sub-form option.
    Choice(Vec<(String, Value)>),
}

fn inputs_of(fields: &[Field], prefix: &str, out: &mut Vec<Input>) {
    for field in fields.iter().filter(|f| f.is_mutable() && f.is_visible()) {
        let path = if prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{prefix}.{}", field.name)
        };
        let label = field.label.clone().unwrap_or_else(|| field.name.clone());
        if !field.options().is_empty() {
            let choices = field
                .options()
                .iter()
                .map(|o| {
                    let value = match &o.value {
                        FieldValue::Plain(v) => v.clone(),
                        FieldValue::Form { form } => Value::Object(
                            form.value
                                .iter()
                                .filter_map(|f| Some((f.name.clone(), f.plain_value()?.clone())))
                                .collect(),
                        ),
                    };
                    (
                        if o.label.is_empty() {
                            value.to_string()
                        } else {
                            o.label.clone()
                        },
                        value,
                    )
                })
                .collect();
            out.push(Input {
                path,
                label,
                kind: InputKind::Choice(choices),
            });
        } else if let Some(sub) = field.sub_fields() {
            inputs_of(sub, &path, out);
        } else if field.kind.as_deref() == Some("boolean") {
            out.push(Input {
                path,
                label,
                kind: InputKind::Checkbox,
            });
        } else {
            out.push(Input {
                path,
                label,
                kind: InputKind::Text {
                    secret: field.is_secret(),
                },
            });
        }
    }
}

/// Dotted paths and values → nested inputs.
fn nest(values: &BTreeMap<String, Value>) -> Inputs {
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
            map = entry.as_object_mut().expect("an object");
        }
        map.insert(last.to_owned(), value.clone());
    }
    Inputs::from_json(Value::Object(root))
}

/// The generic form.
#[component]
pub fn GenericForm() -> impl IntoView {
    let ui = ui();
    let form_name = ui
        .step
        .with_untracked(|s| s.as_ref().and_then(|s| s.form.clone()))
        .unwrap_or_default();
    let form = ui.session.with_untracked(|s| {
        s.state()
            .and_then(|state| state.remediation(&form_name).cloned())
    });
    let mut inputs = Vec::new();
    if let Some(form) = &form {
        inputs_of(&form.value, "", &mut inputs);
    }
    let values = RwSignal::new(BTreeMap::<String, Value>::new());
    let polls = form.as_ref().is_some_and(|f| f.is_poll());
    let title = form_name.replace('-', " ");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::Generic(values.with_untracked(nest)));
    };
    let rendered = inputs
        .into_iter()
        .enumerate()
        .map(|(i, input)| {
            let id = format!("idx-generic-{i}");
            let path = input.path.clone();
            match input.kind {
                InputKind::Text { secret } => view! {
                    <label for=id.clone()>{input.label}</label>
                    <input id=id type=if secret { "password" } else { "text" } name=path.clone()
                        on:input=move |ev| values.update(|v| { v.insert(path.clone(), Value::String(event_target_value(&ev))); })/>
                }
                .into_any(),
                InputKind::Checkbox => view! {
                    <label class="idx-checkbox">
                        <input id=id type="checkbox" name=path.clone()
                            on:change=move |ev| values.update(|v| { v.insert(path.clone(), Value::Bool(event_target_checked(&ev))); })/>
                        {input.label}
                    </label>
                }
                .into_any(),
                InputKind::Choice(choices) => view! {
                    <fieldset>
                        <legend>{input.label}</legend>
                        {choices.into_iter().enumerate().map(|(j, (label, value))| {
                            let path = path.clone();
                            let rid = format!("{id}-{j}");
                            let (for_id, group) = (rid.clone(), id.clone());
                            view! {
                                <label class="idx-radio" for=for_id>
                                    <input type="radio" id=rid name=group
                                        on:change=move |_| values.update(|v| { v.insert(path.clone(), value.clone()); })/>
                                    {label}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <Heading text=title/>
        <Messages/>
        {(!polls).then(|| view! {
            <form class="idx-form" on:submit=on_submit>
                {rendered}
                <SubmitButton text=ui.t(Text::GenericSubmit)/>
            </form>
        })}
        <Links/>
    }
}

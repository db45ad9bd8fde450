//! Sign-up: the org's profile attributes with the server's labels, required ones marked,
//! each with its errors under it; then "Sign up".

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::Value;

use crate::flow::{Action, AttributeInput, ProfileAttribute};
use crate::strings::Text;
use crate::ui::Ui;
use crate::ui::common::{FieldErrors, Heading, Links, Messages, SubmitButton, field_errors, ui};
use crate::ui::views::idp::IdpButtons;

type Values = RwSignal<BTreeMap<String, Value>>;

#[component]
pub fn EnrollProfile(attributes: Vec<ProfileAttribute>) -> impl IntoView {
    let ui = ui();
    let values: Values = RwSignal::new(
        attributes
            .iter()
            .filter(|a| a.input == AttributeInput::Checkbox)
            .map(|a| (a.name.clone(), Value::Bool(false)))
            .collect(),
    );
    let any_required = attributes.iter().any(|a| a.required);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = values.with_untracked(|v| v.clone().into_iter().collect());
        ui.send(Action::EnrollProfile(chosen));
    };
    let inputs = attributes
        .into_iter()
        .enumerate()
        .map(|(i, a)| attribute(ui, a, format!("idx-profile-{i}"), values))
        .collect_view();
    view! {
        <Heading text=ui.t(Text::SignUpTitle)/>
        <Messages/>
        {any_required.then(|| view! { <p class="idx-hint">{ui.t(Text::RequiredNote)}</p> })}
        <form class="idx-form" on:submit=on_submit novalidate>
            {inputs}
            <SubmitButton text=ui.t(Text::SignUpSubmit)/>
        </form>
        <IdpButtons divider=true/>
        <Links/>
    }
}

/// The label, with the required mark that only sighted users need (`aria-required` tells
/// everyone else).
fn label_text(a: &ProfileAttribute) -> impl IntoView + use<> {
    let mark = a
        .required
        .then(|| view! { <span class="idx-required" aria-hidden="true">" *"</span> });
    view! { {a.label.clone()}{mark} }
}

fn attribute(ui: Ui, a: ProfileAttribute, id: String, values: Values) -> AnyView {
    let path = a.path();
    let errors = field_errors(ui, path.clone());
    let error_id = format!("{id}-error");
    let invalid = move || (!errors.get().is_empty()).to_string();
    let name = a.name.clone();
    let set = move |value: Value| {
        let name = name.clone();
        values.update(|v| {
            v.insert(name, value);
        })
    };
    let required = a.required.to_string();
    match a.input.clone() {
        AttributeInput::Text | AttributeInput::Email => {
            let (kind, autocomplete) = match (&a.input, a.name.as_str()) {
                (AttributeInput::Email, _) => ("email", "email"),
                (_, "firstName") => ("text", "given-name"),
                (_, "lastName") => ("text", "family-name"),
                _ => ("text", "on"),
            };
            view! {
                <label for=id.clone()>{label_text(&a)}</label>
                <input id=id type=kind name=path autocomplete=autocomplete aria-required=required
                    aria-describedby=error_id.clone() aria-invalid=invalid
                    on:input=move |ev| set(Value::String(event_target_value(&ev)))/>
                <FieldErrors id=error_id errors/>
            }
            .into_any()
        }
        AttributeInput::Checkbox => view! {
            <label class="idx-checkbox">
                <input id=id type="checkbox" name=path aria-required=required
                    aria-describedby=error_id.clone() aria-invalid=invalid
                    on:change=move |ev| set(Value::Bool(event_target_checked(&ev)))/>
                {label_text(&a)}
            </label>
            <FieldErrors id=error_id errors/>
        }
        .into_any(),
        AttributeInput::Select(options) => {
            let choices = options.clone();
            let on_change = move |ev| {
                let picked = event_target_value(&ev)
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| choices.get(i))
                    .map(|(_, v)| v.clone());
                match picked {
                    Some(v) => set(v),
                    None => set(Value::Null),
                }
            };
            let items = options
                .into_iter()
                .enumerate()
                .map(|(i, (label, _))| view! { <option value=i.to_string()>{label}</option> })
                .collect_view();
            view! {
                <label for=id.clone()>{label_text(&a)}</label>
                <select id=id name=path aria-required=required aria-describedby=error_id.clone()
                    aria-invalid=invalid on:change=on_change>
                    <option value="">{ui.t(Text::ChooseOption)}</option>
                    {items}
                </select>
                <FieldErrors id=error_id errors/>
            }
            .into_any()
        }
        AttributeInput::Radio(options) => {
            let radios = options
                .into_iter()
                .enumerate()
                .map(|(i, (label, value))| {
                    let rid = format!("{id}-{i}");
                    let (for_id, group) = (rid.clone(), id.clone());
                    let set = set.clone();
                    view! {
                        <label class="idx-radio" for=for_id>
                            <input type="radio" id=rid name=group
                                on:change=move |_| set(value.clone())/>
                            {label}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset role="radiogroup" aria-describedby=error_id.clone() aria-required=required
                    aria-invalid=invalid>
                    <legend>{label_text(&a)}</legend>
                    {radios}
                </fieldset>
                <FieldErrors id=error_id errors/>
            }
            .into_any()
        }
    }
}

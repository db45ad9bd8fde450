//! A form for any remediation this widget has no view for: each visible, changeable field
//! becomes an input with its errors under it, nested forms become groups, options become
//! radios (an option with a form of its own shows that form once chosen). When the page cannot
//! fill the form (inputs only a device can give), it says so and offers the server's other
//! ways out instead of a button that cannot work.

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::Value;

use crate::flow::Action;
use crate::flow::generic::{Input, InputKind};
use crate::strings::Text;
use crate::ui::Ui;
use crate::ui::common::{FieldErrors, Heading, Links, Messages, SubmitButton, field_errors, ui};

type Values = RwSignal<BTreeMap<String, Value>>;

fn render(ui: Ui, input: Input, id: String, values: Values) -> AnyView {
    let path = input.path.clone();
    let error_id = format!("{id}-error");
    let errors = field_errors(ui, input.path.clone());
    match input.kind {
        InputKind::Text { secret } => view! {
            <label for=id.clone()>{input.label}</label>
            <input id=id type=if secret { "password" } else { "text" } name=path.clone()
                aria-describedby=error_id.clone()
                aria-invalid=move || (!errors.get().is_empty()).to_string()
                on:input=move |ev| values.update(|v| { v.insert(path.clone(), Value::String(event_target_value(&ev))); })/>
            <FieldErrors id=error_id errors/>
        }
        .into_any(),
        InputKind::Checkbox => view! {
            <label class="idx-checkbox">
                <input id=id type="checkbox" name=path.clone() aria-describedby=error_id.clone()
                    on:change=move |ev| values.update(|v| { v.insert(path.clone(), Value::Bool(event_target_checked(&ev))); })/>
                {input.label}
            </label>
            <FieldErrors id=error_id errors/>
        }
        .into_any(),
        InputKind::Choice(choices) => view! {
            <fieldset aria-describedby=error_id.clone()>
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
            <FieldErrors id=error_id errors/>
        }
        .into_any(),
        InputKind::Forms(forms) => {
            let chosen = RwSignal::new(None::<usize>);
            let radios = forms
                .iter()
                .enumerate()
                .map(|(j, form)| {
                    let rid = format!("{id}-{j}");
                    let (for_id, group) = (rid.clone(), id.clone());
                    let (path, fixed) = (path.clone(), form.fixed.clone());
                    let choose = move |_| {
                        chosen.set(Some(j));
                        // Only the chosen option's values are sent.
                        values.update(|v| {
                            let prefix = format!("{path}.");
                            v.retain(|k, _| !k.starts_with(&prefix));
                            v.extend(fixed.iter().cloned());
                        });
                    };
                    view! {
                        <label class="idx-radio" for=for_id>
                            <input type="radio" id=rid name=group on:change=choose/>
                            {form.label.clone()}
                        </label>
                    }
                })
                .collect_view();
            let sub_form = move || {
                let j = chosen.get()?;
                let form = forms.get(j)?;
                Some(
                    form.inputs
                        .iter()
                        .cloned()
                        .enumerate()
                        .map(|(k, input)| render(ui, input, format!("{id}-{j}-{k}"), values))
                        .collect_view(),
                )
            };
            view! {
                <fieldset aria-describedby=error_id.clone()>
                    <legend>{input.label}</legend>
                    {radios}
                </fieldset>
                <FieldErrors id=error_id errors/>
                {sub_form}
            }
            .into_any()
        }
    }
}

/// The generic form.
#[component]
pub fn GenericForm(doable: bool, title: Option<String>, inputs: Vec<Input>) -> impl IntoView {
    let ui = ui();
    let title = title.unwrap_or_else(|| ui.t(Text::GenericTitle));
    let values: Values = RwSignal::new(BTreeMap::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::Generic(values.get_untracked()));
    };
    let rendered = inputs
        .into_iter()
        .enumerate()
        .map(|(i, input)| render(ui, input, format!("idx-generic-{i}"), values))
        .collect_view();
    view! {
        <Heading text=title/>
        <Messages/>
        {if doable {
            view! {
                <form class="idx-form" on:submit=on_submit novalidate>
                    {rendered}
                    <SubmitButton text=ui.t(Text::GenericSubmit)/>
                </form>
            }
            .into_any()
        } else {
            view! { <p class="idx-callout">{ui.t(Text::GenericCannot)}</p> }.into_any()
        }}
        <Links/>
    }
}

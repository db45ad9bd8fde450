//! Small pieces every view uses: the focused heading, messages, labelled inputs with their
//! errors, buttons, the ways out of a step, and progress while waiting.

use leptos::html;
use leptos::prelude::*;

use crate::flow::Action;
use crate::flow::action::ways_out;
use crate::flow::authenticators::phone::COUNTRIES;
use crate::strings::Text;
use crate::ui::Ui;

/// The context every view reads.
pub fn ui() -> Ui {
    expect_context::<Ui>()
}

/// The step's heading, at the configured level; it takes focus when the step appears, so
/// screen readers and keyboard users land on the new step.
#[component]
pub fn Heading(#[prop(into)] text: String) -> impl IntoView {
    macro_rules! heading {
        ($tag:ident, $kind:ty) => {{
            let node = NodeRef::<$kind>::new();
            Effect::new(move |_| {
                if let Some(h) = node.get() {
                    let _ = h.focus();
                }
            });
            view! { <$tag class="idx-heading" tabindex="-1" node_ref=node>{text}</$tag> }.into_any()
        }};
    }
    match ui().settings.with_value(|s| s.heading_level) {
        1 => heading!(h1, html::H1),
        3 => heading!(h3, html::H3),
        4 => heading!(h4, html::H4),
        5 => heading!(h5, html::H5),
        6 => heading!(h6, html::H6),
        _ => heading!(h2, html::H2),
    }
}

/// The server's messages for the whole page: errors as alerts, others as notes.
#[component]
pub fn Messages() -> impl IntoView {
    let ui = ui();
    let messages = Memo::new(move |_| {
        ui.session.with(|s| {
            s.messages()
                .into_iter()
                .map(|m| (m.is_error(), ui.server(m.key(), &m.message)))
                .collect::<Vec<_>>()
        })
    });
    move || {
        messages
            .get()
            .into_iter()
            .map(|(error, text)| {
                let (class, role) = if error {
                    ("idx-callout idx-callout--error", "alert")
                } else {
                    ("idx-callout", "status")
                };
                view! { <p class=class role=role>{text}</p> }
            })
            .collect_view()
    }
}

/// The messages on one field of the step's form (dotted path): the server's, or why the page
/// would not send it ("cannot be left blank", passwords that differ).
pub fn field_errors(ui: Ui, path: impl Into<String>) -> Memo<Vec<String>> {
    let path: String = path.into();
    Memo::new(move |_| {
        ui.session
            .with(|s| match s.refused().filter(|r| r.path == path) {
                Some(refusal) => vec![ui.t(refusal.why)],
                None => s
                    .field_messages(&path)
                    .into_iter()
                    .map(|m| ui.server(m.key(), &m.message))
                    .collect(),
            })
    })
}

/// Field errors under an input, linked by id for `aria-describedby`.
#[component]
pub fn FieldErrors(#[prop(into)] id: String, errors: Memo<Vec<String>>) -> impl IntoView {
    view! {
        <div id=id class="idx-field-error" role="alert">
            {move || errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
        </div>
    }
}

/// A labelled input bound to `value`, with its errors (and an optional hint) described.
#[component]
pub fn LabelledInput(
    /// The element id (`idx-…`).
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The input's name.
    name: &'static str,
    /// `text`, `password`, `email`, `tel`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The autocomplete token.
    autocomplete: &'static str,
    /// The virtual keyboard to offer.
    #[prop(default = None, into)]
    inputmode: Option<&'static str>,
    /// A hint under the input.
    #[prop(default = None, into)]
    hint: Option<String>,
    /// What the user typed.
    value: RwSignal<String>,
    /// The field's errors.
    errors: Memo<Vec<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match &hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <label for=id>{label}</label>
        <input id=id name=name type=kind autocomplete=autocomplete inputmode=inputmode
            aria-describedby=described aria-invalid=move || (!errors.get().is_empty()).to_string()
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        {hint.map(|h| view! { <p id=hint_id class="idx-hint">{h}</p> })}
        <FieldErrors id=error_id errors/>
    }
}

/// The step's main button; it waits while a request is out.
#[component]
pub fn SubmitButton(#[prop(into)] text: String) -> impl IntoView {
    let ui = ui();
    view! { <button type="submit" class="idx-button" disabled=move || ui.busy()>{text}</button> }
}

/// A link-styled button that dispatches an action.
#[component]
pub fn LinkButton(
    #[prop(into)] text: String,
    action: Action,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let ui = ui();
    let class = if class.is_empty() { "idx-link" } else { class };
    view! {
        <button type="button" class=class on:click=move |_| ui.send(action.clone())>{text}</button>
    }
}

/// The ways out of a step: another authenticator, the list, set up later, forgot password,
/// unlock, sign up, back to sign in (not on the first step, where it would only start the same
/// step again). Only what the server offers: with nothing to offer there is no list at all.
#[component]
pub fn Links() -> impl IntoView {
    let ui = ui();
    let step = ui.step.get_untracked();
    let links = step.as_ref().map(ways_out).unwrap_or_default();
    (!links.is_empty()).then(|| {
        let items = links
            .into_iter()
            .map(|(text, action)| view! { <LinkButton text=ui.t(text) action/> })
            .collect_view();
        view! { <nav class="idx-links" aria-label=ui.t(Text::OtherOptions)>{items}</nav> }
    })
}

/// Visible progress while waiting on the phone, and any polling trouble.
#[component]
pub fn Waiting() -> impl IntoView {
    let ui = ui();
    view! {
        <div class="idx-progress">
            <span class="idx-spinner" aria-hidden="true"></span>
            <span>{ui.t(Text::WaitingForPhone)}</span>
        </div>
        <Notice/>
    }
}

/// Polling trouble being retried, under a waiting step's progress.
#[component]
pub fn Notice() -> impl IntoView {
    let ui = ui();
    let notice = Memo::new(move |_| ui.session.with(|s| s.notice().map(|n| ui.note(n))));
    move || {
        notice
            .get()
            .map(|n| view! { <p class="idx-callout" role="status">{n}</p> })
    }
}

/// "Haven't received …?" once the session says the reminder is due, with a button that sends
/// again (labelled `resend`) when the step can.
#[component]
pub fn ResendReminder(#[prop(into)] prompt: String, resend: Option<Text>) -> impl IntoView {
    let ui = ui();
    let due = Memo::new(move |_| ui.session.with(|s| s.reminder_due()));
    move || {
        due.get().then(|| {
            view! {
                <p class="idx-callout idx-callout--warning">
                    {prompt.clone()}
                    {resend.map(|label| view! {
                        " "<button type="button" class="idx-link" on:click=move |_| ui.send(Action::Resend)>
                            {ui.t(label)}
                        </button>
                    })}
                </p>
            }
        })
    }
}

/// The country a phone number starts in, as the picker's value.
pub fn default_country(ui: Ui) -> RwSignal<String> {
    RwSignal::new(ui.settings.with_value(|s| s.default_country).to_owned())
}

/// The country picker of a phone number, named with its calling code.
#[component]
pub fn CountrySelect(country: RwSignal<String>) -> impl IntoView {
    let ui = ui();
    let options = COUNTRIES
        .iter()
        .map(|(code, name, calling)| {
            let text = ui.strings.with_value(|s| {
                s.fill_all(Text::CountryOption, &[("country", name), ("code", calling)])
            });
            view! { <option value=*code selected=move || country.get() == *code>{text}</option> }
        })
        .collect_view();
    view! {
        <label for="idx-country">{ui.t(Text::Country)}</label>
        <select id="idx-country" name="country" on:change=move |ev| country.set(event_target_value(&ev))>
            {options}
        </select>
    }
}

//! Small pieces every view uses: the focused heading, messages, field errors, links, progress,
//! and the delayed reminder.

use std::time::Duration;

use idx_protocol::MessagePlace;
use leptos::html;
use leptos::prelude::*;

use crate::flow::StepKind;
use crate::strings::Text;
use crate::ui::driver::{Action, Widget};

/// The step's heading; it takes focus when the step appears, so screen readers and keyboard
/// users land on the new step.
#[component]
pub fn Heading(#[prop(into)] text: String) -> impl IntoView {
    let node = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = node.get() {
            let _ = h.focus();
        }
    });
    view! { <h2 class="idx-heading" tabindex="-1" node_ref=node>{text}</h2> }
}

/// The global messages of the current state: errors as alerts, others as notes.
#[component]
pub fn Messages() -> impl IntoView {
    let w = expect_context::<Widget>();
    let messages = Memo::new(move |_| {
        w.state.with(|s| {
            let Some(s) = s else { return Vec::new() };
            s.all_messages()
                .into_iter()
                .filter(|(place, _)| *place == MessagePlace::Global)
                .map(|(_, m)| {
                    (
                        m.is_error(),
                        w.strings.with_value(|t| t.server(m.key(), &m.message)),
                    )
                })
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

/// The messages the server put on one field of the step's form (dotted path).
pub fn field_errors(w: Widget, path: &'static str) -> Memo<Vec<String>> {
    Memo::new(move |_| {
        let form = w.step.with(|s| s.as_ref().and_then(|s| s.form.clone()));
        w.state.with(|s| {
            let (Some(s), Some(form)) = (s, form) else { return Vec::new() };
            s.all_messages()
                .into_iter()
                .filter(|(place, _)| matches!(place, MessagePlace::Field { remediation, path: p } if *remediation == form && p == path))
                .map(|(_, m)| w.strings.with_value(|t| t.server(m.key(), &m.message)))
                .collect()
        })
    })
}

/// Field errors under an input, linked by id for `aria-describedby`.
#[component]
pub fn FieldErrors(id: &'static str, errors: Memo<Vec<String>>) -> impl IntoView {
    view! {
        <div id=id class="idx-field-error" role="alert">
            {move || errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
        </div>
    }
}

/// A link-styled button that dispatches an action.
#[component]
pub fn LinkButton(
    #[prop(into)] text: String,
    action: Action,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let w = expect_context::<Widget>();
    let class = if class.is_empty() { "idx-link" } else { class };
    view! {
        <button type="button" class=class on:click=move |_| w.dispatch.run(action.clone())>{text}</button>
    }
}

/// The ways out of a step: another authenticator, the list, set up later, back to sign in.
#[component]
pub fn Links() -> impl IntoView {
    let w = expect_context::<Widget>();
    let step = w.step.get_untracked();
    let alternatives = step.as_ref().map(|s| s.alternatives).unwrap_or_default();
    let on_list = matches!(
        step.as_ref().map(|s| &s.kind),
        Some(StepKind::ChooseAuthenticator { .. })
    );
    view! {
        <nav class="idx-links" aria-label="Other options">
            {(alternatives.verify_other && !on_list).then(|| view! {
                <LinkButton text=w.t(Text::VerifyOther) action=Action::Focus(Some("select-authenticator-authenticate".into())) />
            })}
            {(alternatives.enroll_list && !on_list).then(|| view! {
                <LinkButton text=w.t(Text::EnrollList) action=Action::Focus(Some("select-authenticator-enroll".into())) />
            })}
            {alternatives.skip.then(|| view! {
                <LinkButton text=w.t(Text::SetUpLater) action=Action::Submit { form: "skip".into(), inputs: Default::default() } />
            })}
            <LinkButton text=w.t(Text::BackToSignIn) action=Action::Restart />
        </nav>
    }
}

/// Visible progress while waiting on the phone, and any polling trouble.
#[component]
pub fn Waiting() -> impl IntoView {
    let w = expect_context::<Widget>();
    view! {
        <div class="idx-progress">
            <span class="idx-spinner" aria-hidden="true"></span>
            <span>{w.t(Text::WaitingForPhone)}</span>
        </div>
        {move || w.notice.get().map(|n| view! { <p class="idx-callout" role="status">{n}</p> })}
    }
}

/// Whether the reminder (after `reminder_delay_ms`) is due. The timer belongs to the view and
/// is cleared with it; `restart` starts the wait again (after a resend).
pub fn reminder(w: Widget) -> (ReadSignal<bool>, impl Fn() + Copy) {
    let (due, set_due) = signal(false);
    let delay = Duration::from_millis(u64::from(w.config.with_value(|c| c.reminder_delay_ms)));
    let handle = StoredValue::new(None::<TimeoutHandle>);
    let restart = move || {
        set_due.set(false);
        if let Some(h) = handle.get_value() {
            h.clear();
        }
        let h = set_timeout_with_handle(move || set_due.set(true), delay).ok();
        handle.set_value(h);
    };
    restart();
    on_cleanup(move || {
        if let Some(h) = handle.try_get_value().flatten() {
            h.clear();
        }
    });
    (due, restart)
}

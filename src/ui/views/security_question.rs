//! The security question: answering it, and setting one up (one of the org's questions or
//! the person's own).

use idx_protocol::names::field;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::flow::{Action, Question};
use crate::strings::Text;
use crate::ui::common::{Heading, LabelledInput, Links, Messages, SubmitButton, field_errors, ui};

#[component]
pub fn SecurityAnswer(question: String) -> impl IntoView {
    let ui = ui();
    let answer = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ui.send(Action::SecurityAnswer(answer.get_untracked()));
    };
    view! {
        <Heading text=ui.t(Text::SecurityQuestionTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit novalidate>
            // The question is the field's label: what a screen reader reads with the field.
            <LabelledInput id="idx-answer" label=question name=field::ANSWER kind="password"
                autocomplete="off" value=answer errors=field_errors(ui, field::CREDENTIALS_ANSWER)/>
            <SubmitButton text=ui.t(Text::Verify)/>
        </form>
        <Links/>
    }
}

#[component]
pub fn EnrollQuestion(questions: Vec<(String, String)>, custom: bool) -> impl IntoView {
    let ui = ui();
    let write_own = RwSignal::new(questions.is_empty());
    let key = RwSignal::new(
        questions
            .first()
            .map(|(k, _)| k.clone())
            .unwrap_or_default(),
    );
    let own = RwSignal::new(String::new());
    let answer = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let question = if write_own.get_untracked() {
            Question::Custom(own.get_untracked())
        } else {
            Question::Predefined(key.get_untracked())
        };
        ui.send(Action::EnrollQuestion {
            question,
            answer: answer.get_untracked(),
        });
    };
    let has_predefined = !questions.is_empty();
    let options = questions
        .into_iter()
        .map(|(value, label)| {
            let selected = value.clone();
            view! { <option value=value selected=move || key.get() == selected>{label}</option> }
        })
        .collect_view();
    let mode = (has_predefined && custom).then(|| view! {
        <fieldset>
            <legend class="idx-visually-hidden">{ui.t(Text::SecurityEnrollTitle)}</legend>
            <label class="idx-radio" for="idx-question-choose">
                <input type="radio" id="idx-question-choose" name="question-mode"
                    prop:checked=move || !write_own.get() on:change=move |_| write_own.set(false)/>
                {ui.t(Text::ChooseQuestion)}
            </label>
            <label class="idx-radio" for="idx-question-write">
                <input type="radio" id="idx-question-write" name="question-mode"
                    prop:checked=move || write_own.get() on:change=move |_| write_own.set(true)/>
                {ui.t(Text::WriteQuestion)}
            </label>
        </fieldset>
    });
    view! {
        <Heading text=ui.t(Text::SecurityEnrollTitle)/>
        <Messages/>
        <form class="idx-form" on:submit=on_submit novalidate>
            {mode}
            <div hidden=move || write_own.get()>
                <label for="idx-question-key">{ui.t(Text::ChooseQuestion)}</label>
                <select id="idx-question-key" name=field::QUESTION_KEY
                    on:change=move |ev| key.set(event_target_value(&ev))>
                    {options}
                </select>
            </div>
            {move || write_own.get().then(|| view! {
                <LabelledInput id="idx-question" label=ui.t(Text::QuestionLabel) name=field::QUESTION
                    autocomplete="off" value=own errors=field_errors(ui, field::CREDENTIALS_QUESTION)/>
            })}
            <LabelledInput id="idx-answer" label=ui.t(Text::AnswerLabel) name=field::ANSWER
                autocomplete="off" value=answer errors=field_errors(ui, field::CREDENTIALS_ANSWER)/>
            <SubmitButton text=ui.t(Text::Verify)/>
        </form>
        <Links/>
    }
}

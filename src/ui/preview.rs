//! One step of a given state, rendered with no org behind it: for component tests and design
//! previews. Actions are recorded instead of sent.

use idx_protocol::IdxResponse;
use leptos::prelude::*;

use crate::config::Config;
use crate::ui::driver::{Action, Phase, Widget};
use crate::ui::views::StepView;

/// Renders `state` as the widget would; the actions its views dispatch land in `actions`.
#[component]
pub fn StepPreview(
    /// The IDX state to show.
    state: IdxResponse,
    /// The configuration (strings, reminder delay).
    config: Config,
    /// Where dispatched actions go.
    actions: RwSignal<Vec<Action>>,
    /// An error banner to show above the step, as after a failed call.
    #[prop(optional)]
    banner: Option<String>,
) -> impl IntoView {
    let base = Widget::new(config);
    let focus = base.focus;
    let dispatch = Callback::new(move |action: Action| {
        if let Action::Focus(name) = &action {
            focus.set(name.clone());
        }
        actions.update(|a| a.push(action));
    });
    base.auto_challenge
        .set(crate::flow::derive(&state, None).auto_challenge());
    base.state.set(Some(state));
    base.phase.set(Phase::Active);
    base.banner.set(banner);
    provide_context(Widget { dispatch, ..base });
    view! { <section class="idx-widget"><StepView/></section> }
}

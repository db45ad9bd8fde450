//! One step of a given state, rendered with no org behind it: for component tests and design
//! previews. The session runs as usual; the commands it would have the driver run are recorded
//! instead.

use leptos::prelude::*;

use crate::config::Config;
use crate::flow::{Action, Command, Event, Session};
use crate::ui::views::StepView;
use crate::ui::{Ui, strings_for};

/// Renders a session as the widget would (build one with [`Session::showing`] and drive it
/// with events); the commands its actions produce land in `commands`, and the live region says
/// what the last `Announce` there says.
#[component]
pub fn StepPreview(
    /// The session to show.
    session: Session,
    /// The configuration (prefilled username, default country).
    config: Config,
    /// Where the session's commands go.
    commands: RwSignal<Vec<Command>>,
) -> impl IntoView {
    let session = RwSignal::new(session);
    let last_announcement = move || {
        commands.with_untracked(|c| {
            c.iter().rev().find_map(|c| match c {
                Command::Announce(said) => Some(said.clone()),
                _ => None,
            })
        })
    };
    let announcement = RwSignal::new(last_announcement().unwrap_or_default());
    let dispatch = Callback::new(move |action: Action| {
        let out = session.try_update(|s| s.update(Event::User(action), 0));
        commands.update(|c| c.extend(out.unwrap_or_default()));
        if let Some(said) = last_announcement() {
            announcement.set(said);
        }
    });
    // As the widget does, with no browser preferences: the setting alone decides.
    let config = config.with_language(&[]);
    let strings = strings_for(&config);
    provide_context(Ui::new(session, announcement, &config, strings, dispatch));
    view! { <StepView/> }
}

//! The Leptos side: [`SignIn`] (the driver) and one view per family of steps. Views read the
//! session and dispatch [`Action`]s; they never change state themselves.

pub(crate) mod browser;
mod common;
mod driver;
pub(crate) mod early;
mod locales;
mod loopback;
#[cfg(feature = "testing")]
mod preview;
mod requests;
mod views;
mod webauthn;
mod webcrypto;

use leptos::prelude::*;

use crate::config::Config;
use crate::flow::{Action, Session, Step};
use crate::strings::Text;

pub use driver::SignIn;
#[cfg(feature = "testing")]
pub use preview::StepPreview;

/// What views read and call, provided as context by the driver (or a preview).
#[derive(Clone, Copy)]
pub(crate) struct Ui {
    /// The session, read-only for views.
    pub session: ReadSignal<Session>,
    /// The current step, recomputed only when it changes.
    pub step: Memo<Option<Step>>,
    /// The text of the polite live region.
    pub announcement: ReadSignal<String>,
    /// The configuration (prefilled username, default country).
    pub config: StoredValue<Config>,
    /// Sends an action to the session.
    pub dispatch: Callback<Action>,
}

impl Ui {
    /// The context for a session.
    pub fn new(
        session: RwSignal<Session>,
        announcement: RwSignal<String>,
        config: Config,
        dispatch: Callback<Action>,
    ) -> Self {
        Self {
            session: session.read_only(),
            step: Memo::new(move |_| session.with(|s| s.step().cloned())),
            announcement: announcement.read_only(),
            config: StoredValue::new(config),
            dispatch,
        }
    }

    /// A string in the page's language.
    pub fn t(&self, text: Text) -> String {
        self.session.with_untracked(|s| s.strings().get(text))
    }

    /// The language the strings are in (the widget's `lang`).
    pub fn language(&self) -> &'static str {
        self.session.with_untracked(|s| s.strings().language())
    }

    /// A string with `{name}` filled in.
    pub fn fill(&self, text: Text, name: &str, value: &str) -> String {
        self.session
            .with_untracked(|s| s.strings().fill(text, name, value))
    }

    /// Whether a request is out (tracked: buttons wait while it is).
    pub fn busy(&self) -> bool {
        self.session.with(Session::busy)
    }

    /// Sends an action.
    pub fn send(&self, action: Action) {
        self.dispatch.run(action);
    }
}

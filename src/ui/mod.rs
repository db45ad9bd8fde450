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
pub mod words;

use leptos::prelude::*;

use crate::config::Config;
use crate::flow::{Action, Announcement, Note, Session, Step};
use crate::strings::{Strings, Text};

pub use driver::SignIn;
#[cfg(feature = "testing")]
pub use preview::StepPreview;

/// The three settings views read; the rest of the configuration is the session's and the
/// client's.
pub(crate) struct ViewSettings {
    /// The username the identify and recovery forms start with.
    pub username: Option<String>,
    /// The country a phone number starts in (a known ISO code).
    pub default_country: &'static str,
    /// The level of the step headings.
    pub heading_level: u8,
}

impl ViewSettings {
    fn of(config: &Config) -> Self {
        Self {
            username: config.username.clone(),
            default_country: crate::flow::authenticators::phone::country_or_default(
                &config.default_country,
            ),
            heading_level: config.heading_level,
        }
    }
}

/// What views read and call, provided as context by the driver (or a preview).
#[derive(Clone, Copy)]
pub(crate) struct Ui {
    /// The session, read-only for views.
    pub session: ReadSignal<Session>,
    /// The current step, recomputed only when it changes.
    pub step: Memo<Option<Step>>,
    /// What the polite live region says.
    pub announcement: ReadSignal<Announcement>,
    /// The strings in the page's language.
    pub strings: StoredValue<Strings>,
    /// What views take from the configuration.
    pub settings: StoredValue<ViewSettings>,
    /// Sends an action to the session.
    pub dispatch: Callback<Action>,
}

impl Ui {
    /// The context for a session.
    pub fn new(
        session: RwSignal<Session>,
        announcement: RwSignal<Announcement>,
        config: &Config,
        strings: StoredValue<Strings>,
        dispatch: Callback<Action>,
    ) -> Self {
        Self {
            session: session.read_only(),
            step: Memo::new(move |_| session.with(|s| s.step().cloned())),
            announcement: announcement.read_only(),
            strings,
            settings: StoredValue::new(ViewSettings::of(config)),
            dispatch,
        }
    }

    /// A string in the page's language.
    pub fn t(&self, text: Text) -> String {
        self.strings.with_value(|s| s.get(text))
    }

    /// The language the strings are in (the widget's `lang`).
    pub fn language(&self) -> &'static str {
        self.strings.with_value(Strings::language)
    }

    /// A string with `{name}` filled in.
    pub fn fill(&self, text: Text, name: &str, value: &str) -> String {
        self.strings.with_value(|s| s.fill(text, name, value))
    }

    /// A server message: the host's replacement for its i18n key, else the server's text.
    pub fn server(&self, key: Option<&str>, text: &str) -> String {
        self.strings.with_value(|s| s.server(key, text))
    }

    /// A banner or notice in words.
    pub fn note(&self, note: &Note) -> String {
        self.strings.with_value(|s| words::note(s, note))
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

/// The strings for a configuration whose language is settled (`Config::with_language`), for
/// the views and the host's errors alike.
pub(crate) fn strings_for(config: &Config) -> StoredValue<Strings> {
    let language = config.language.as_deref().and_then(crate::locale::spoken);
    let language = language.unwrap_or(crate::locale::ENGLISH);
    StoredValue::new(Strings::in_language(language, config.strings.clone()))
}

//! The thin driver: runs the session's commands (requests with one abort signal, timers, host
//! callbacks) and feeds what they produce back into the session as events. All logic lives in
//! [`Session`]; this file only does I/O. Once the widget is removed (the session says so, or
//! its signal is gone), every continuation stops before it can touch a reactive value,
//! whatever order answers and timers arrive in.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use idx_protocol::{Client, IdxError};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::config::Config;
use crate::error::WidgetError;
use crate::flow::landing::{self, Landing};
use crate::flow::{
    Action, Announcement, Command, Event, HostEvent, Href, Reply, Session, Ticket, Timer,
};
use crate::locale;
use crate::strings::Strings;
use crate::transport::BrowserTransport;
use crate::ui::browser::{self, VisibilityListener, now};
use crate::ui::locales;
use crate::ui::loopback::{self, LoopbackClient};
use crate::ui::requests::{self, OrgClient};
use crate::ui::views::StepView;
use crate::ui::webauthn;
use crate::ui::{Ui, strings_for};
use crate::{SignInControl, Tokens};

/// What the host hears from the widget.
struct Host {
    on_success: Callback<Tokens>,
    on_error: Option<Callback<WidgetError>>,
    on_step: Option<Callback<String>>,
    on_interaction_code: Option<Callback<(String, String)>>,
}

struct Driver {
    session: RwSignal<Session>,
    announcement: RwSignal<Announcement>,
    /// The host's errors are told in the page's language.
    strings: StoredValue<Strings>,
    client: OrgClient,
    transport: BrowserTransport,
    loopback: Rc<LoopbackClient>,
    timers: RefCell<HashMap<Timer, Timeout>>,
    visibility: RefCell<Option<VisibilityListener>>,
    /// Stops the WebAuthn ceremony that is open, if any.
    ceremony: RefCell<Option<web_sys::AbortController>>,
    host: Host,
}

impl Driver {
    /// Whether the widget is gone: the session heard `Removed`, or its signal was disposed
    /// (unmounted before it could hear it). Read untracked, so asking subscribes nothing.
    fn removed(&self) -> bool {
        self.session
            .try_with_untracked(Session::removed)
            .unwrap_or(true)
    }

    /// Feeds an event to the session and runs what it asks for.
    fn event(self: &Rc<Self>, event: Event) {
        if self.removed() {
            return;
        }
        let Some(commands) = self.session.try_update(|s| s.update(event, now())) else {
            return;
        };
        for command in commands {
            // A host callback may remove the widget while commands are still queued.
            if self.removed() {
                return;
            }
            self.run(command);
        }
    }

    fn run(self: &Rc<Self>, command: Command) {
        match command {
            Command::WebAuthnCreate { ticket, options } => {
                let reply = webauthn::create(&options, self.ceremony_signal());
                return self.answer(ticket, reply);
            }
            Command::WebAuthnGet {
                ticket,
                options,
                autofill,
            } => {
                let reply = webauthn::get(&options, autofill, self.ceremony_signal());
                return self.answer(ticket, reply);
            }
            Command::AbortWebAuthn => return self.abort_ceremony(),
            _ => {}
        }
        if let Some(ticket) = command.ticket() {
            let reply = requests::send(self.client.clone(), command);
            return self.answer(ticket, reply);
        }
        match command {
            Command::Schedule { timer, after_ms } => {
                let driver = Rc::clone(self);
                let timeout = Timeout::new(after_ms.min(u64::from(u32::MAX)) as u32, move || {
                    driver.event(Event::TimerFired(timer))
                });
                // Replacing the entry drops (and so clears) the earlier timer of this kind.
                self.timers.borrow_mut().insert(timer, timeout);
            }
            Command::Announce(said) => self.announcement.set(said),
            Command::Emit(HostEvent::Step(name)) => {
                self.host.on_step.inspect(|f| f.run(name.to_owned()));
            }
            Command::Emit(HostEvent::Success(tokens)) => self.host.on_success.run(tokens),
            Command::Emit(HostEvent::Error(failure)) => {
                let error = self.strings.with_value(|s| WidgetError::new(&failure, s));
                self.host.on_error.inspect(|f| f.run(error));
            }
            Command::Emit(HostEvent::InteractionCode { code, state }) => {
                self.host
                    .on_interaction_code
                    .inspect(|f| f.run((code, state)));
            }
            Command::StoreTokens(tokens) => browser::store_tokens(&tokens),
            Command::Navigate(Href(href)) => browser::navigate(&href),
            Command::SignOut { revoke, end } => {
                if let Ok(client) = self.client.clone() {
                    leptos::task::spawn_local(requests::sign_out(client, revoke, end));
                }
            }
            Command::CancelTransaction(form) => self.cancel_at_org(*form),
            Command::ClearStoredTokens => browser::clear_tokens(),
            Command::SaveTransaction(saved) => browser::keep_transaction(Some(&saved)),
            Command::ForgetTransaction => browser::keep_transaction(None),
            Command::Probe {
                ticket,
                url,
                timeout_ms,
            } => {
                let client = Rc::clone(&self.loopback);
                self.answer(ticket, async move {
                    Reply::Probed(client.probe(&url, timeout_ms).await)
                });
            }
            Command::Challenge {
                ticket,
                url,
                challenge_request,
                timeout_ms,
            } => {
                let client = Rc::clone(&self.loopback);
                self.answer(ticket, async move {
                    Reply::Challenged(client.challenge(&url, &challenge_request, timeout_ms).await)
                });
            }
            Command::QueryLocalNetwork { ticket } => {
                self.answer(ticket, async move {
                    Reply::LocalNetwork(loopback::local_network_permission().await)
                });
            }
            Command::StopProbing => self.loopback.abort_all(),
            // A custom URI or app link opens Okta Verify and leaves this page where it is.
            Command::OpenApp(href) => browser::navigate(&href),
            // Requests were sent above.
            _ => {}
        }
    }

    /// Sends the reply back as an event when the request ends (aborted ones included: once
    /// removed, `event` drops them).
    fn answer(self: &Rc<Self>, ticket: Ticket, reply: impl Future<Output = Reply> + 'static) {
        let driver = Rc::clone(self);
        leptos::task::spawn_local(async move {
            let reply = Box::new(reply.await);
            driver.event(Event::Answer { ticket, reply });
        });
    }

    /// A fresh abort signal for a new ceremony; the session has already ended any earlier one.
    fn ceremony_signal(&self) -> Option<web_sys::AbortSignal> {
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        self.ceremony.replace(controller);
        signal
    }

    fn abort_ceremony(&self) {
        if let Some(controller) = self.ceremony.take() {
            controller.abort();
        }
    }

    /// Back from the phone (the tab was hidden): the session decides whether to poll now.
    fn listen_for_visibility(self: &Rc<Self>) {
        let driver = Rc::clone(self);
        let listener = VisibilityListener::new(move |shown| driver.event(Event::Visibility(shown)));
        *self.visibility.borrow_mut() = Some(listener);
    }

    /// Sends a given-up transaction's `cancel` on a transport of its own, which removal does
    /// not abort: it is the one request meant to outlive the widget.
    fn cancel_at_org(&self, form: idx_protocol::Form) {
        if let Ok(client) = &self.client {
            let detached = Client::new(client.config().clone(), BrowserTransport::new());
            if let Ok(detached) = detached {
                leptos::task::spawn_local(requests::cancel(Rc::new(detached), form));
            }
        }
    }

    /// Unmount: no timer, poll, request or listener may outlive the widget (but the cancel
    /// that tells the org the transaction is given up).
    fn remove(&self) {
        let commands = self
            .session
            .try_update_untracked(|s| s.update(Event::Removed, now()))
            .unwrap_or_default();
        for command in commands {
            if let Command::CancelTransaction(form) = command {
                self.cancel_at_org(*form);
            }
        }
        self.transport.abort_all();
        self.loopback.abort_all();
        self.abort_ceremony();
        // The host abandoned this sign-in; a later render starts a new one.
        browser::keep_transaction(None);
        self.timers.borrow_mut().clear();
        self.visibility.take();
    }
}

/// The sign-in widget as a Leptos component. `on_success` gets the tokens (a single-page app),
/// `on_interaction_code` the code for a server-side app's back end, `on_error` a
/// [`WidgetError`] when the widget cannot go on, `on_step` each new step's name.
#[component]
pub fn SignIn(
    /// Where to sign in and how to behave.
    config: Config,
    /// Called once with the tokens.
    #[prop(into)]
    on_success: Callback<Tokens>,
    /// Called when the widget reaches a dead end.
    #[prop(optional, into)]
    on_error: Option<Callback<WidgetError>>,
    /// Called with the name of each new step (`identify`, `push-waiting`, …).
    #[prop(optional, into)]
    on_step: Option<Callback<String>>,
    /// A server-side web app's end: called with the interaction code and `state` for its
    /// back end (after, or instead of, the redirect, as `redirect_with_code` says).
    #[prop(optional, into)]
    on_interaction_code: Option<Callback<(String, String)>>,
    /// A remote the host keeps to sign out later.
    #[prop(optional)]
    control: Option<SignInControl>,
) -> impl IntoView {
    let config = config.with_language(&browser::preferred_languages());
    let host = Host {
        on_success,
        on_error,
        on_step,
        on_interaction_code,
    };
    let tag = config.language.clone().unwrap_or_default();
    if locale::ready(&tag) {
        return start(config, host, control).into_any();
    }
    // Another language than English: its table first (one small same-origin fetch), then the
    // widget, in English if the table cannot be had.
    let settled = RwSignal::new(None::<Config>);
    leptos::task::spawn_local(async move {
        let config = match locales::fetch(&tag).await {
            Some(table) => {
                locale::provide(&tag, table);
                config
            }
            None => Config {
                language: Some(locale::ENGLISH.to_owned()),
                ..config
            },
        };
        settled.set(Some(config));
    });
    let parts = SendWrapper::new(RefCell::new(Some((host, control))));
    (move || {
        let config = settled.get()?;
        let (host, control) = parts.borrow_mut().take()?;
        // Untracked: what the widget reads while it starts must not start it again.
        Some(untrack(|| start(config, host, control)))
    })
    .into_any()
}

/// The widget itself, its language settled.
fn start(config: Config, host: Host, control: Option<SignInControl>) -> impl IntoView {
    // What the address brought back (an identity provider's return, a magic link) is read
    // once, by the first widget on the page, and leaves the address at once.
    let landing = Landing::from_query(&browser::page_query());
    if landing.is_some() {
        browser::clean_address(landing::PARAMS);
    }
    let session = RwSignal::new(
        Session::new(&config)
            .on_mobile(browser::is_mobile())
            .arriving(landing)
            .holding(browser::stored_tokens()),
    );
    let announcement = RwSignal::new(Announcement::Nothing);
    let strings = strings_for(&config);
    let transport = BrowserTransport::new();
    let driver = Rc::new(Driver {
        session,
        announcement,
        strings,
        // A configuration the widget refuses (say, a plain-http org elsewhere) never starts.
        client: (config
            .check()
            .map_err(|e| IdxError::BadRequest(e.to_string())))
        .and_then(|()| Client::new(config.client_config(), transport.clone()).map(Rc::new)),
        transport,
        loopback: Rc::default(),
        timers: RefCell::default(),
        visibility: RefCell::default(),
        ceremony: RefCell::default(),
        host,
    });
    // wasm is single-threaded; the wrapper only satisfies Leptos's `Send` bounds.
    let for_views = SendWrapper::new(Rc::clone(&driver));
    let dispatch = Callback::new(move |action: Action| for_views.event(Event::User(action)));
    provide_context(Ui::new(session, announcement, &config, strings, dispatch));
    let control = control.inspect(|c| c.attach(Some(dispatch)));
    let for_cleanup = SendWrapper::new((Rc::clone(&driver), control));
    on_cleanup(move || {
        let (driver, control) = &*for_cleanup;
        control.iter().for_each(|c| c.attach(None));
        driver.remove();
    });
    driver.listen_for_visibility();
    let saved = browser::kept_transaction();
    driver.event(Event::Started { saved });
    view! { <StepView/> }
}

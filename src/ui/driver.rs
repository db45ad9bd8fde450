//! The widget's state and the one place that talks to the org: start, submit, resend, poll,
//! restart and token exchange. State flows one way: IDX answer → `IdxResponse` → `Step` → view.

use std::rc::Rc;

use idx_protocol::{Client, IdxError, IdxResponse, Inputs, PkceSecrets, TokenResponse};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::config::{Config, TokenStorage};
use crate::flow::{PollAnswer, PollDecision, Poller, Step, StepKind, derive};
use crate::strings::{Strings, Text};
use crate::transport::BrowserTransport;
use crate::ui::views::StepView;

/// What a view asks the widget to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Submit the named remediation with these inputs.
    Submit { form: String, inputs: Inputs },
    /// Invoke the current authenticator's embedded `resend` action.
    Resend,
    /// Show another remediation of the same state without a request ("Can't scan?",
    /// "Verify with something else"); `None` goes back to the primary one.
    Focus(Option<String>),
    /// Start over with a new transaction ("Back to sign in").
    Restart,
}

/// Where the widget is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Starting a transaction.
    Loading,
    /// Showing the server's steps.
    Active,
    /// Signed in; tokens went to the host.
    Done,
    /// Nothing the server sent can be shown (cannot start, tokens refused): say why.
    Failed(String),
}

/// What views read and call: the shared state of one widget.
#[derive(Clone, Copy)]
pub struct Widget {
    /// The latest IDX state.
    pub state: RwSignal<Option<IdxResponse>>,
    /// The remediation shown instead of the primary one, after a local switch.
    pub focus: RwSignal<Option<String>>,
    /// The step derived from `state` and `focus`.
    pub step: Memo<Option<Step>>,
    /// Where the widget is in its life.
    pub phase: RwSignal<Phase>,
    /// A request (other than a poll) is out: buttons wait.
    pub busy: RwSignal<bool>,
    /// An error that is not an IDX state (network, rate limit, …), shown above the step.
    pub banner: RwSignal<Option<String>>,
    /// A polling problem being retried.
    pub notice: RwSignal<Option<String>>,
    /// The text of the live region.
    pub announcement: RwSignal<String>,
    /// "Send push automatically" while polling; sent with each poll.
    pub auto_challenge: RwSignal<Option<bool>>,
    /// The strings.
    pub strings: StoredValue<Strings>,
    /// The configuration.
    pub config: StoredValue<Config>,
    /// Runs an action.
    pub dispatch: Callback<Action>,
}

impl Widget {
    /// Fresh state for a widget with this configuration; its `dispatch` does nothing until the
    /// owner (the `SignIn` driver, or a preview) puts its own in.
    pub fn new(config: Config) -> Self {
        let state = RwSignal::new(None::<IdxResponse>);
        let focus = RwSignal::new(None::<String>);
        Widget {
            state,
            focus,
            step: Memo::new(move |_| {
                state.with(|s| s.as_ref().map(|s| focus.with(|f| derive(s, f.as_deref()))))
            }),
            phase: RwSignal::new(Phase::Loading),
            busy: RwSignal::new(false),
            banner: RwSignal::new(None),
            notice: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            auto_challenge: RwSignal::new(None),
            strings: StoredValue::new(Strings::new(config.strings.clone())),
            config: StoredValue::new(config),
            dispatch: Callback::new(|_| {}),
        }
    }

    /// A string.
    pub fn t(&self, text: Text) -> String {
        self.strings.with_value(|s| s.get(text))
    }
}

/// Milliseconds on the page's clock.
fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// The sign-in widget: a Leptos component for Leptos apps. `on_success` gets the tokens,
/// `on_error` a message when the widget cannot go on, `on_step` each new step's name.
#[component]
pub fn SignIn(
    /// Where to sign in and how to behave.
    config: Config,
    /// Called once with the tokens.
    #[prop(into)]
    on_success: Callback<TokenResponse>,
    /// Called with a message when the widget reaches a dead end.
    #[prop(optional, into)]
    on_error: Option<Callback<String>>,
    /// Called with the name of each new step (`identify`, `push-waiting`, …).
    #[prop(optional, into)]
    on_step: Option<Callback<String>>,
) -> impl IntoView {
    let base = Widget::new(config.clone());
    let Widget {
        state,
        focus,
        step,
        phase,
        busy,
        banner,
        notice,
        announcement,
        auto_challenge,
        strings,
        config: widget_config,
        ..
    } = base;
    let transport = BrowserTransport::new();
    let client = Client::new(config.client_config(), transport.clone()).map(Rc::new);
    let client = StoredValue::new_local(client.ok());
    let transport = StoredValue::new_local(transport);
    let secrets = StoredValue::new_local(None::<PkceSecrets>);
    let poller = StoredValue::new(Poller::new());
    // Each transaction (start, "Back to sign in") bumps the epoch; an answer that arrives for an
    // older one is dropped, so a late reply can never drag the user back.
    let epoch = StoredValue::new(0u64);
    let t = move |text: Text| strings.with_value(|s| s.get(text));

    let fail = move |message: String| {
        poller.update_value(Poller::stop);
        phase.set(Phase::Failed(message.clone()));
        announcement.set(message.clone());
        if let Some(on_error) = on_error {
            on_error.run(message);
        }
    };
    let error_text =
        move |e: &IdxError| strings.with_value(|s| crate::ui::errors::error_message(e, s));

    // The token exchange, once the org says the user is signed in.
    let exchange = move |state_now: IdxResponse| {
        let Some(client) = client.get_value() else {
            return;
        };
        let Some(form) = state_now.success_with_interaction_code.clone() else {
            return;
        };
        let Some(pkce) = secrets.get_value() else {
            return;
        };
        let mine = epoch.get_value();
        leptos::task::spawn_local(async move {
            let result = client.exchange_code(&form, &pkce).await;
            if epoch.get_value() != mine {
                return;
            }
            match result {
                Ok(tokens) => {
                    if widget_config.with_value(|c| c.token_storage) == TokenStorage::SessionStorage
                    {
                        store_tokens(&tokens);
                    }
                    phase.set(Phase::Done);
                    announcement.set(t(Text::SuccessText));
                    on_success.run(tokens);
                }
                Err(e) => fail(error_text(&e)),
            }
        });
    };

    let poll_loop = StoredValue::new_local(None::<Rc<dyn Fn()>>);
    let apply = move |next: IdxResponse| {
        poller.update_value(Poller::stop);
        notice.set(None);
        banner.set(None);
        focus.set(None);
        let derived = derive(&next, None);
        auto_challenge.set(derived.auto_challenge());
        state.set(Some(next.clone()));
        phase.set(Phase::Active);
        if let Some(refresh) = derived.refresh {
            poller.update_value(|p| p.start(now(), refresh));
            if let Some(run) = poll_loop.get_value() {
                run();
            }
        }
        if derived.kind == StepKind::Success {
            exchange(next);
        }
    };

    // One loop per waiting step: sleep in short slices (so stop and visibility act promptly),
    // poll when due, and drop answers the poller no longer wants.
    let run_polls = move || {
        let Some(client) = client.get_value() else {
            return;
        };
        let mine = poller.with_value(Poller::generation);
        leptos::task::spawn_local(async move {
            loop {
                // A newer loop owns polling once the poller was restarted or stopped.
                let current = poller.try_with_value(Poller::generation);
                if current != Some(mine) {
                    return;
                }
                let Some(wait) = poller.with_value(|p| p.wait(now())) else {
                    return;
                };
                if wait > 0 {
                    gloo_timers::future::TimeoutFuture::new(wait.min(250) as u32).await;
                    continue;
                }
                let Some(ticket) = poller.try_update_value(|p| p.begin(now())).flatten() else {
                    return;
                };
                let Some(form) = state.with_untracked(|s| {
                    s.as_ref()
                        .and_then(|s| s.primary().filter(|f| f.is_poll()).cloned())
                }) else {
                    poller.update_value(Poller::stop);
                    return;
                };
                let mut inputs = Inputs::new();
                if form.field("autoChallenge").is_some()
                    && let Some(on) = auto_challenge.get_untracked()
                {
                    inputs.set("autoChallenge", on);
                }
                let result = client.poll(&form, &inputs).await;
                let answer = match &result {
                    Ok(next) => {
                        // Same step (kind and form): still waiting. Anything else ends polling.
                        let before = state.with_untracked(|s| s.as_ref().map(|s| derive(s, None)));
                        let after = derive(next, None);
                        if before.is_some_and(|b| b.same_as(&after)) {
                            PollAnswer::Same {
                                refresh: next.primary().and_then(|f| f.refresh),
                            }
                        } else {
                            PollAnswer::Changed
                        }
                    }
                    Err(IdxError::RateLimited { retry_after, .. }) => PollAnswer::RateLimited {
                        retry_after: retry_after.map(|d| d.as_millis() as u64),
                    },
                    Err(IdxError::Transport(_) | IdxError::Malformed { .. }) => PollAnswer::Failed,
                    Err(IdxError::Okta { status, .. }) if *status >= 500 => PollAnswer::Failed,
                    Err(_) => PollAnswer::Changed,
                };
                let Some(decision) = poller.try_update_value(|p| p.answer(ticket, answer, now()))
                else {
                    return;
                };
                match (decision, result) {
                    (PollDecision::Ignore, _) => return,
                    (PollDecision::Continue { .. }, Ok(next)) => {
                        // Still waiting: keep the newest state handle; the step (and view) stay.
                        notice.set(None);
                        state.set(Some(next));
                    }
                    (PollDecision::Continue { .. }, Err(_)) => {
                        notice.set(Some(t(Text::RateLimited)))
                    }
                    (PollDecision::Retry { .. }, _) => notice.set(Some(t(Text::Reconnecting))),
                    (PollDecision::Render, Ok(next)) => {
                        apply(next);
                        return;
                    }
                    (PollDecision::Render, Err(IdxError::State { state: next, .. })) => {
                        apply(*next);
                        return;
                    }
                    (PollDecision::Render, Err(e)) => {
                        notice.set(None);
                        banner.set(Some(error_text(&e)));
                        return;
                    }
                    (PollDecision::GiveUp, _) => {
                        notice.set(None);
                        banner.set(Some(t(Text::NetworkError)));
                        return;
                    }
                }
            }
        });
    };
    poll_loop.set_value(Some(Rc::new(run_polls)));

    let start = move || {
        poller.update_value(Poller::stop);
        state.set(None);
        focus.set(None);
        banner.set(None);
        notice.set(None);
        busy.set(false);
        phase.set(Phase::Loading);
        announcement.set(t(Text::Loading));
        let Some(client) = client.get_value() else {
            fail(t(Text::ConfigError));
            return;
        };
        let Some(pkce) = random_secrets() else {
            fail(t(Text::ConfigError));
            return;
        };
        secrets.set_value(Some(pkce.clone()));
        epoch.update_value(|e| *e += 1);
        let mine = epoch.get_value();
        leptos::task::spawn_local(async move {
            let first = async {
                let handle = client.interact(&pkce).await?;
                client.introspect(&handle, &pkce).await
            };
            let result = first.await;
            if epoch.get_value() != mine {
                return;
            }
            match result {
                Ok(s) => apply(s),
                Err(IdxError::State { state: s, .. }) => apply(*s),
                Err(e) => fail(error_text(&e)),
            }
        });
    };

    let submit = move |form_name: String, inputs: Inputs, embedded_resend: bool| {
        let Some(client) = client.get_value() else {
            return;
        };
        let form = state.with_untracked(|s| {
            let s = s.as_ref()?;
            if embedded_resend {
                s.current().and_then(|a| a.resend.clone())
            } else {
                s.remediation(&form_name).cloned()
            }
        });
        let Some(form) = form else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        banner.set(None);
        let mine = epoch.get_value();
        leptos::task::spawn_local(async move {
            let result = client.proceed(&form, &inputs).await;
            if epoch.get_value() != mine {
                return;
            }
            busy.set(false);
            match result {
                Ok(next) => apply(next),
                Err(IdxError::State { state: next, .. }) => apply(*next),
                Err(e) => banner.set(Some(error_text(&e))),
            }
        });
    };

    let dispatch = Callback::new(move |action: Action| match action {
        Action::Submit { form, inputs } => submit(form, inputs, false),
        Action::Resend => submit(String::new(), Inputs::new(), true),
        Action::Focus(name) => {
            banner.set(None);
            // Leaving a waiting step stops its polling; coming back restarts it.
            poller.update_value(Poller::stop);
            focus.set(name.clone());
            let refresh = step.with_untracked(|s| s.as_ref().and_then(|s| s.refresh));
            if let (None, Some(refresh)) = (name, refresh) {
                poller.update_value(|p| p.start(now(), refresh));
                if let Some(run) = poll_loop.get_value() {
                    run();
                }
            }
        }
        Action::Restart => start(),
    });

    provide_context(Widget { dispatch, ..base });

    // Report each new step to the host.
    Effect::new(move |previous: Option<Option<&'static str>>| {
        let name = match phase.get() {
            Phase::Loading => None,
            Phase::Done => Some("signed-in"),
            Phase::Failed(_) => Some("error"),
            Phase::Active => step.with(|s| s.as_ref().map(Step::name)),
        };
        if let (Some(name), Some(on_step)) = (name, on_step)
            && previous.flatten() != Some(name)
        {
            on_step.run(name.to_owned());
        }
        name
    });

    // Back from the phone (the tab was hidden): poll at once.
    let listener = Closure::<dyn Fn()>::new(move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if !hidden {
            poller.update_value(|p| p.page_visible(now()));
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            listener.as_ref().unchecked_ref(),
        );
    }
    let listener = StoredValue::new_local(Some(listener));

    on_cleanup(move || {
        // Unmount: no timer, poll or request may outlive the widget.
        poller.update_value(Poller::stop);
        transport.with_value(BrowserTransport::abort_all);
        if let (Some(document), Some(Some(closure))) = (
            web_sys::window().and_then(|w| w.document()),
            listener.try_update_value(Option::take),
        ) {
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                closure.as_ref().unchecked_ref(),
            );
        }
    });

    start();

    view! {
        <section class="idx-widget" aria-busy=move || busy.get().to_string()>

            <StepView/>
        </section>
    }
}

/// PKCE and `state` from the browser's CSPRNG.
fn random_secrets() -> Option<PkceSecrets> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut entropy = [0u8; idx_protocol::ENTROPY_BYTES];
    crypto.get_random_values_with_u8_array(&mut entropy).ok()?;
    Some(PkceSecrets::from_entropy(&entropy))
}

/// Keeps the tokens in `sessionStorage`, only when the host asked for it.
fn store_tokens(tokens: &TokenResponse) {
    let json = crate::tokens_json(tokens);
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item("idx-widget:tokens", &json.to_string());
    }
}

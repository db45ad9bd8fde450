//! One sign-in as a value: the server's latest state and the step it means, the poll policy,
//! the transaction's secrets, what the page shows besides the step (busy, banner, notice,
//! reminder), and the phase. It changes only through [`Session::update`], which takes an
//! [`Event`] and the time and returns the [`Command`]s to run. It does no I/O and reads no
//! clock, so every flow is tested natively with a fake one.
//!
//! Every request carries a [`Ticket`]; an answer whose ticket is not outstanding (an older
//! transaction, a request overtaken by another answer, a widget already removed) is dropped in
//! one place, [`Session::accept`].

use idx_protocol::names::{field, message_key, remediation};
use idx_protocol::secret::{InteractionHandle, OAuthState};
use idx_protocol::{IdxError, IdxResponse, Inputs, OneTimeTokens, PkceSecrets, TokenResponse};

use crate::config::{Config, TokenStorage, WebApp};
use crate::error::{ErrorKind, WidgetError};
use crate::flow::action::{Action, Alternative, Refusal, request_for};
use crate::flow::events::{Command, Event, HostEvent, Href, Phase, Reply, Ticket, Timer};
use crate::flow::landing::{Arrival, Landing};
use crate::flow::poll::{self, PollAnswer, PollDecision, Poller};
use crate::flow::saved::SavedTransaction;
use crate::flow::step::form_named;
use crate::flow::{Step, StepKind, derive};
use crate::strings::{Strings, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Begin,
    Resume,
    Submit,
    Poll(poll::Ticket),
    Exchange,
}

/// One sign-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    strings: Strings,
    issuer: String,
    client_id: String,
    resume: bool,
    reminder_delay_ms: u64,
    token_storage: TokenStorage,
    phase: Phase,
    state: Option<IdxResponse>,
    focus: Option<String>,
    step: Option<Step>,
    secrets: Option<PkceSecrets>,
    saved: Option<SavedTransaction>,
    poller: Poller,
    transaction: u64,
    next_request: u64,
    outstanding: Vec<(u64, Kind)>,
    banner: Option<String>,
    notice: Option<String>,
    refused: Option<Refusal>,
    auto_challenge: Option<bool>,
    reminder_at: Option<u64>,
    reminder_due: bool,
    last_step: Option<&'static str>,
    mobile: bool,
    tokens: Option<TokenResponse>,
    removed: bool,
    web_app: Option<WebApp>,
    redirect_uri: String,
    otp: Option<String>,
    landing: Option<Landing>,
    one_time: OneTimeTokens,
}

impl Session {
    /// A session for this configuration; nothing happens until [`Event::Started`].
    pub fn new(config: &Config) -> Self {
        Self {
            strings: Strings::in_language(
                config.language.as_deref().unwrap_or(crate::locale::ENGLISH),
                config.strings.clone(),
            ),
            issuer: config.issuer.clone(),
            client_id: config.client_id.clone(),
            resume: config.resume,
            reminder_delay_ms: u64::from(config.reminder_delay_ms),
            token_storage: config.token_storage,
            phase: Phase::Loading,
            state: None,
            focus: None,
            step: None,
            secrets: None,
            saved: None,
            poller: Poller::new(),
            transaction: 0,
            next_request: 0,
            outstanding: Vec::new(),
            banner: None,
            notice: None,
            refused: None,
            auto_challenge: None,
            reminder_at: None,
            reminder_due: false,
            last_step: None,
            mobile: false,
            tokens: None,
            removed: false,
            web_app: config.web_app(),
            redirect_uri: config.redirect_uri.clone(),
            otp: config.otp.clone().filter(|c| !c.trim().is_empty()),
            landing: None,
            one_time: config.one_time_tokens(),
        }
    }

    /// The same session on a page whose address brought something back (an identity
    /// provider's return, an email magic link): it acts on that when it starts.
    pub fn arriving(mut self, landing: Option<Landing>) -> Self {
        self.landing = landing;
        self
    }

    /// The same session on a phone or tablet: Okta Verify enrollment starts on the choice of a
    /// setup link (this device cannot scan its own screen), with the QR code one tap away.
    pub fn on_mobile(mut self, mobile: bool) -> Self {
        self.mobile = mobile;
        self
    }

    #[cfg(feature = "testing")]
    /// A session that started and got `state` as its first answer, with no org behind it
    /// (component tests, design previews), and the commands it asked for on the way.
    pub fn showing(config: &Config, state: IdxResponse) -> (Self, Vec<Command>) {
        let mut session = Self::new(config);
        let mut out = Vec::new();
        session.begin(&mut out);
        session.apply(state, 0, &mut out);
        (session, out)
    }

    /// Where the widget is in its life.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The server's latest state.
    pub fn state(&self) -> Option<&IdxResponse> {
        self.state.as_ref()
    }

    /// The step the user is on.
    pub fn step(&self) -> Option<&Step> {
        self.step.as_ref()
    }

    /// A request (other than a poll) is out: buttons wait.
    pub fn busy(&self) -> bool {
        self.outstanding
            .iter()
            .any(|(_, kind)| !matches!(kind, Kind::Poll(_)))
    }

    /// An error that is not an IDX state (network, rate limit, …), shown above the step.
    pub fn banner(&self) -> Option<&str> {
        self.banner.as_deref()
    }

    /// A polling problem being retried.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// A field the page would not send (blank, passwords that differ), after a submit.
    pub fn refused(&self) -> Option<Refusal> {
        self.refused.clone()
    }

    /// "Send push automatically" while waiting on a push; sent with each poll.
    pub fn auto_challenge(&self) -> Option<bool> {
        self.auto_challenge
    }

    /// Whether the "Haven't received…?" reminder shows.
    pub fn reminder_due(&self) -> bool {
        self.reminder_due
    }

    /// The strings in use.
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// Applies an event at time `now` (milliseconds on a monotonic clock).
    pub fn update(&mut self, event: Event, now: u64) -> Vec<Command> {
        let mut out = Vec::new();
        if self.removed {
            return out;
        }
        match event {
            Event::Started { saved } => {
                // A server-side app's page resumes only the sign-in its back end still
                // expects: the same `state`.
                let saved = saved.filter(|saved| {
                    saved.usable(&self.issuer, &self.client_id, now)
                        && self.web_app.as_ref().is_none_or(|w| w.state == saved.state)
                });
                match (self.landing.take(), saved) {
                    (Some(landing), saved) => self.arrive(landing.arrive(saved), &mut out),
                    // A reset or activation link starts its own transaction.
                    (None, Some(saved)) if self.resume && self.one_time.is_empty() => {
                        self.resume(saved, &mut out)
                    }
                    (None, _) => self.begin(&mut out),
                }
            }
            Event::Removed => {
                self.removed = true;
                self.poller.stop();
                self.outstanding.clear();
            }
            Event::Answer { ticket, reply } => {
                if let Some(kind) = self.accept(ticket) {
                    self.answer(kind, *reply, now, &mut out);
                }
            }
            Event::TimerFired(Timer::Poll) => self.poll_if_due(now, &mut out),
            Event::TimerFired(Timer::Reminder) => {
                if self.reminder_at.is_some_and(|at| now >= at) {
                    self.reminder_at = None;
                    self.reminder_due = true;
                }
            }
            Event::Visibility(visible) => {
                if visible {
                    self.poller.page_visible(now);
                    self.poll_if_due(now, &mut out);
                }
            }
            Event::User(action) => self.act(action, now, &mut out),
        }
        out
    }

    /// The one place answers are dropped: only an outstanding request of the current
    /// transaction is heard, once.
    fn accept(&mut self, ticket: Ticket) -> Option<Kind> {
        if ticket.transaction != self.transaction {
            return None;
        }
        let at = self
            .outstanding
            .iter()
            .position(|(request, _)| *request == ticket.request)?;
        Some(self.outstanding.remove(at).1)
    }

    fn ticket(&mut self, kind: Kind) -> Ticket {
        self.next_request += 1;
        self.outstanding.push((self.next_request, kind));
        Ticket {
            transaction: self.transaction,
            request: self.next_request,
        }
    }

    /// Picks up a transaction from before a reload: the same push keeps waiting, the same
    /// enrollment keeps polling.
    fn resume(&mut self, saved: SavedTransaction, out: &mut Vec<Command>) {
        self.transaction += 1;
        self.phase = Phase::Loading;
        out.push(Command::Announce(self.strings.get(Text::Loading)));
        let secrets = saved.secrets();
        self.secrets = Some(secrets.clone());
        let handle = saved.handle();
        self.saved = Some(saved);
        let ticket = self.ticket(Kind::Resume);
        out.push(Command::Resume {
            ticket,
            handle,
            secrets,
        });
    }

    /// Acts on what the page's address brought back.
    fn arrive(&mut self, arrival: Arrival, out: &mut Vec<Command>) {
        match arrival {
            Arrival::Resume(saved) => self.resume(saved, out),
            Arrival::EnterOtp { otp, saved } => {
                self.otp = Some(otp);
                self.resume(saved, out);
            }
            Arrival::Redeem { code, saved } => {
                let secrets = saved.secrets();
                if let Some(web_app) = self.web_app.clone() {
                    // The back end redeems it; this page is already its redirect URI.
                    let web_app = WebApp {
                        redirect_with_code: false,
                        ..web_app
                    };
                    return self.hand_code_to_back_end(&web_app, code.expose().to_owned(), out);
                }
                self.transaction += 1;
                self.phase = Phase::Loading;
                out.push(Command::Announce(self.strings.get(Text::Loading)));
                self.secrets = Some(secrets.clone());
                let ticket = self.ticket(Kind::Exchange);
                out.push(Command::Redeem {
                    ticket,
                    code,
                    secrets,
                });
            }
            Arrival::ShowOtp(code) => {
                self.phase = Phase::CodeElsewhere(code);
                out.push(Command::Announce(self.strings.get(Text::CodeElsewhereText)));
                self.emit_step("return-otp", out);
            }
            Arrival::Refused { error, description } => {
                let why = description.unwrap_or(error);
                let message = self.strings.fill(Text::NotCompleted, "description", &why);
                self.fail(
                    WidgetError {
                        kind: ErrorKind::Rejected,
                        message,
                    },
                    out,
                );
            }
            // Someone else's answer (a forged or stale link) leaves this tab's transaction
            // alone: nothing is redeemed, resumed or forgotten.
            Arrival::Mismatch => {
                let error = WidgetError::of(ErrorKind::Mismatch, Text::Mismatch, &self.strings);
                self.stop(error, out);
            }
        }
    }

    fn begin(&mut self, out: &mut Vec<Command>) {
        self.transaction += 1;
        self.outstanding.clear();
        self.poller.stop();
        self.state = None;
        self.step = None;
        self.focus = None;
        self.secrets = None;
        self.saved = None;
        self.clear_notes();
        self.reminder_at = None;
        self.reminder_due = false;
        self.last_step = None;
        self.phase = Phase::Loading;
        if self.resume {
            // A new transaction replaces any kept one (cancel, "Back to sign in").
            out.push(Command::ForgetTransaction);
        }
        out.push(Command::Announce(self.strings.get(Text::Loading)));
        let ticket = self.ticket(Kind::Begin);
        // One-time tokens start the first transaction only: "Back to sign in" starts a plain one.
        let tokens = std::mem::take(&mut self.one_time);
        match &self.web_app {
            // A server-side app's page starts with what its back end gave: no verifier here.
            Some(web_app) => out.push(Command::Adopt {
                ticket,
                secrets: PkceSecrets::from_back_end(
                    web_app.code_challenge.clone(),
                    OAuthState::new(web_app.state.clone()),
                ),
                handle: web_app
                    .interaction_handle
                    .clone()
                    .map(InteractionHandle::new),
                tokens,
            }),
            None => out.push(Command::Begin { ticket, tokens }),
        }
    }

    fn clear_notes(&mut self) {
        self.banner = None;
        self.notice = None;
        self.refused = None;
    }

    fn answer(&mut self, kind: Kind, reply: Reply, now: u64, out: &mut Vec<Command>) {
        match (kind, reply) {
            (
                Kind::Begin,
                Reply::Began {
                    secrets,
                    handle,
                    result,
                },
            ) => {
                let Some(secrets) = secrets else {
                    let error =
                        WidgetError::of(ErrorKind::Config, Text::ConfigError, &self.strings);
                    return self.fail(error, out);
                };
                if let (Some(handle), Ok(_)) = (&handle, &result) {
                    let saved =
                        SavedTransaction::new(&self.issuer, &self.client_id, handle, &secrets, now)
                            .expiring(result.as_ref().ok().and_then(|s| s.expires_at.as_deref()));
                    if self.resume {
                        out.push(Command::SaveTransaction(saved.clone()));
                    }
                    // Kept for leaving to an identity provider, whose return resumes it.
                    self.saved = Some(saved);
                }
                self.secrets = Some(secrets);
                match result {
                    Ok(state) => self.apply(state, now, out),
                    Err(IdxError::State { state, .. }) => self.apply(*state, now, out),
                    Err(IdxError::BadRequest(_)) => {
                        let error =
                            WidgetError::of(ErrorKind::Config, Text::ConfigError, &self.strings);
                        self.fail(error, out);
                    }
                    Err(e) => self.fail(WidgetError::from_idx(&e, &self.strings), out),
                }
            }
            (Kind::Resume, Reply::Resumed(result)) => match result {
                Ok(state) if !state.is_terminal() => self.apply(state, now, out),
                // Gone or expired while the page was away: start afresh, quietly.
                _ => self.begin(out),
            },
            (Kind::Submit, Reply::Proceeded(result)) => match result {
                Ok(state) => self.apply(state, now, out),
                Err(IdxError::State { status, state }) if self.is_hiccup(status, &state) => {
                    self.banner = Some(self.messages_of(&state));
                }
                Err(IdxError::State { state, .. }) => self.apply(*state, now, out),
                Err(e) => self.banner = Some(self.error_text(&e, now)),
            },
            (Kind::Poll(ticket), Reply::Polled(result)) => self.polled(ticket, result, now, out),
            (Kind::Exchange, Reply::Exchanged(result)) => match result {
                Ok(tokens) => {
                    self.phase = Phase::Done;
                    self.poller.stop();
                    if self.resume {
                        out.push(Command::ForgetTransaction);
                    }
                    out.push(Command::Announce(self.strings.get(Text::SuccessText)));
                    self.emit_step("signed-in", out);
                    if self.token_storage == TokenStorage::SessionStorage {
                        out.push(Command::StoreTokens(tokens.clone()));
                    }
                    self.tokens = Some(tokens.clone());
                    out.push(Command::Emit(HostEvent::Success(tokens)));
                }
                Err(e) => self.fail(WidgetError::from_idx(&e, &self.strings), out),
            },
            // A reply of another kind than its request: the driver's mistake; ignore it.
            _ => {}
        }
    }

    /// An answer that only carries messages but does not end the transaction (a bad request,
    /// a refused operation): the step stays, with the messages above it. An expired or
    /// vanished transaction (401, 404) is a dead end and shows as one.
    fn is_hiccup(&self, status: u16, state: &IdxResponse) -> bool {
        self.state.is_some()
            && state.remediations().is_empty()
            && state.success_with_interaction_code.is_none()
            && state.success.is_none()
            && !state.has_message_key(message_key::SESSION_EXPIRED)
            && (400..500).contains(&status)
            && !matches!(status, 401 | 404)
    }

    fn messages_of(&self, state: &IdxResponse) -> String {
        let texts: Vec<String> = state
            .global_messages()
            .iter()
            .map(|m| self.strings.server(m.key(), &m.message))
            .collect();
        if texts.is_empty() {
            self.strings.get(Text::ServerError)
        } else {
            texts.join(" ")
        }
    }

    /// The text for a failed call, with how long to wait when the org rate-limited it.
    fn error_text(&self, e: &IdxError, now: u64) -> String {
        match e {
            IdxError::RateLimited { .. } => {
                let seconds = rate_limit_wait(e, now).div_ceil(1000).to_string();
                self.strings.fill(Text::RateLimitedFor, "seconds", &seconds)
            }
            _ => WidgetError::from_idx(e, &self.strings).message,
        }
    }

    fn fail(&mut self, error: WidgetError, out: &mut Vec<Command>) {
        if self.resume {
            out.push(Command::ForgetTransaction);
        }
        self.stop(error, out);
    }

    /// The end, with what the user and the host learn; any kept transaction stays.
    fn stop(&mut self, error: WidgetError, out: &mut Vec<Command>) {
        self.poller.stop();
        self.outstanding.clear();
        self.phase = Phase::Failed(error.clone());
        out.push(Command::Announce(error.message.clone()));
        self.emit_step("error", out);
        out.push(Command::Emit(HostEvent::Error(error)));
    }

    fn emit_step(&mut self, name: &'static str, out: &mut Vec<Command>) {
        if self.last_step != Some(name) {
            self.last_step = Some(name);
            out.push(Command::Emit(HostEvent::Step(name)));
        }
    }

    /// A new state from the server: it replaces everything the old one meant, and any other
    /// request still out is now stale.
    fn apply(&mut self, state: IdxResponse, now: u64, out: &mut Vec<Command>) {
        self.outstanding.clear();
        self.poller.stop();
        self.clear_notes();
        self.focus = None;
        self.phase = Phase::Active;
        let mut step = derive(&state, None);
        self.auto_challenge = step.auto_challenge();
        if self.mobile
            && matches!(step.kind, StepKind::EnrollQr { .. })
            && step.alternatives.other_channel
        {
            self.focus = Some(remediation::SELECT_ENROLLMENT_CHANNEL.to_owned());
            step = derive(&state, self.focus.as_deref());
        }
        self.state = Some(state);
        self.enter(step, now, out);
    }

    /// Shows a step: tells the host, announces it, starts its polling and reminder, and runs
    /// what a step does by itself (the token exchange, an Okta-hosted redirect).
    fn enter(&mut self, step: Step, now: u64, out: &mut Vec<Command>) {
        // An Okta-hosted success that would leave the org is not a success: nothing follows
        // it, so say so rather than "You're signed in" (review I-3).
        if let StepKind::Redirect { href } = &step.kind
            && org_url(href, &self.issuer).is_none()
        {
            let error = WidgetError::of(ErrorKind::Unexpected, Text::Unexpected, &self.strings);
            return self.fail(error, out);
        }
        self.emit_step(step.name(), out);
        out.push(Command::Announce(self.announcement(&step)));
        self.reminder_due = false;
        self.reminder_at = None;
        if self.has_reminder(&step) {
            self.start_reminder(now, out);
        }
        if let Some(refresh) = step.refresh {
            self.poller.start(now, refresh);
            out.push(Command::Schedule {
                timer: Timer::Poll,
                after_ms: refresh,
            });
        }
        let email_code = matches!(
            step.kind,
            StepKind::Passcode {
                source: crate::flow::CodeSource::Email,
                ..
            }
        );
        match &step.kind {
            StepKind::Terminal { .. } if self.resume => out.push(Command::ForgetTransaction),
            StepKind::Success => self.exchange(out),
            StepKind::Redirect { href } => {
                if let Some(href) = org_url(href, &self.issuer) {
                    out.push(Command::Navigate(Href(href)));
                }
            }
            // A lone identity provider is where the org routes everyone: go at once, as
            // Okta's widget does.
            StepKind::IdentityProviders
                if step.idps.len() == 1
                    && self
                        .state
                        .as_ref()
                        .is_some_and(|s| s.remediations().len() == 1) =>
            {
                let href = step.idps[0].href.clone();
                self.leave_for_idp(&step, &href, out);
            }
            _ => {}
        }
        self.step = Some(step);
        // An email magic link's code is entered for the person at the email step, once.
        if email_code && let Some(code) = self.otp.take() {
            self.act(Action::Passcode(code), now, out);
        }
    }

    fn has_reminder(&self, step: &Step) -> bool {
        matches!(
            step.kind,
            StepKind::PushWaiting { .. }
                | StepKind::EnrollWaiting {
                    can_resend: true,
                    ..
                }
                | StepKind::Passcode {
                    can_resend: true,
                    ..
                }
        )
    }

    fn start_reminder(&mut self, now: u64, out: &mut Vec<Command>) {
        self.reminder_due = false;
        self.reminder_at = Some(now + self.reminder_delay_ms);
        out.push(Command::Schedule {
            timer: Timer::Reminder,
            after_ms: self.reminder_delay_ms,
        });
    }

    fn announcement(&self, step: &Step) -> String {
        let s = &self.strings;
        match &step.kind {
            StepKind::EnrollQr { .. } => s.get(Text::QrTitle),
            StepKind::EnrollWaiting {
                channel, address, ..
            } => s.fill(
                match channel {
                    crate::flow::Channel::Sms => Text::SentSms,
                    _ => Text::SentEmail,
                },
                "address",
                address.as_deref().unwrap_or(""),
            ),
            StepKind::PushWaiting { number, .. } => {
                let text = match number {
                    Some(n) => s.fill(Text::NumberText, "number", n),
                    None => s.get(Text::PushSentText),
                };
                format!("{} {text}", s.get(Text::PushSentTitle))
            }
            StepKind::Terminal { kind } => s.get(kind.title()),
            StepKind::Success => s.get(Text::Loading),
            // The focused heading speaks for every other step; a stale text must not linger.
            _ => String::new(),
        }
    }

    fn exchange(&mut self, out: &mut Vec<Command>) {
        let form = self
            .state
            .as_ref()
            .and_then(|s| s.success_with_interaction_code.clone());
        if let Some(web_app) = self.web_app.clone() {
            return self.hand_to_back_end(&web_app, form.as_ref(), out);
        }
        match (form, self.secrets.clone()) {
            (Some(form), Some(secrets)) => {
                let ticket = self.ticket(Kind::Exchange);
                out.push(Command::Exchange {
                    ticket,
                    form: Box::new(form),
                    secrets,
                });
            }
            _ => {
                let error = WidgetError::of(ErrorKind::Unexpected, Text::Unexpected, &self.strings);
                self.fail(error, out);
            }
        }
    }

    /// A server-side web app's end: the interaction code goes to its back end, through the
    /// redirect URI (a full-page navigation) or the host; nothing is exchanged here.
    fn hand_to_back_end(
        &mut self,
        web_app: &WebApp,
        form: Option<&idx_protocol::Form>,
        out: &mut Vec<Command>,
    ) {
        let code = form
            .and_then(|f| f.field("interaction_code"))
            .and_then(|f| f.plain_value())
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        let Some(code) = code else {
            let error = WidgetError::of(ErrorKind::Unexpected, Text::Unexpected, &self.strings);
            return self.fail(error, out);
        };
        self.hand_code_to_back_end(web_app, code, out);
    }

    /// The interaction code to a server-side web app's back end (see `hand_to_back_end`).
    fn hand_code_to_back_end(&mut self, web_app: &WebApp, code: String, out: &mut Vec<Command>) {
        let Ok(mut target) = url::Url::parse(&self.redirect_uri) else {
            let error = WidgetError::of(ErrorKind::Unexpected, Text::Unexpected, &self.strings);
            return self.fail(error, out);
        };
        self.poller.stop();
        self.phase = Phase::Done;
        if self.resume {
            out.push(Command::ForgetTransaction);
        }
        self.emit_step("signed-in", out);
        if web_app.redirect_with_code {
            target
                .query_pairs_mut()
                .append_pair("interaction_code", &code)
                .append_pair("state", &web_app.state);
            out.push(Command::Navigate(Href(target.into())));
        }
        out.push(Command::Emit(HostEvent::InteractionCode {
            code,
            state: web_app.state.clone(),
        }));
    }

    fn poll_if_due(&mut self, now: u64, out: &mut Vec<Command>) {
        match self.poller.wait(now) {
            Some(0) => {}
            Some(wait) => {
                out.push(Command::Schedule {
                    timer: Timer::Poll,
                    after_ms: wait,
                });
                return;
            }
            None => return,
        }
        let form = self
            .state
            .as_ref()
            .zip(self.step.as_ref())
            .and_then(|(state, step)| {
                let form = state.remediation(step.form.as_deref()?)?;
                crate::flow::step::poll_form(state, form, &step.kind).cloned()
            });
        let (Some(form), Some(poll_ticket)) = (form, self.poller.begin(now)) else {
            self.poller.stop();
            return;
        };
        let mut inputs = Inputs::new();
        if form.field(field::AUTO_CHALLENGE).is_some()
            && let Some(on) = self.auto_challenge
        {
            inputs.set(field::AUTO_CHALLENGE, on);
        }
        let ticket = self.ticket(Kind::Poll(poll_ticket));
        out.push(Command::Poll {
            ticket,
            form: Box::new(form),
            inputs,
        });
    }

    fn polled(
        &mut self,
        ticket: poll::Ticket,
        result: Result<IdxResponse, IdxError>,
        now: u64,
        out: &mut Vec<Command>,
    ) {
        let answer = match &result {
            Ok(next) => {
                // Same step (kind and form): still waiting. Anything else ends polling.
                let before = self.state.as_ref().map(|s| derive(s, None));
                let after = derive(next, None);
                if before.is_some_and(|b| b.same_as(&after)) {
                    PollAnswer::Same {
                        refresh: after.refresh,
                    }
                } else {
                    PollAnswer::Changed
                }
            }
            Err(e @ IdxError::RateLimited { .. }) => PollAnswer::RateLimited {
                retry_after: Some(rate_limit_wait(e, now)),
            },
            // Messages with no way on (access denied after the approval, a device the org
            // refuses) are the org's last word, as in Okta's widget: show them, stop.
            Err(IdxError::Transport(_) | IdxError::Malformed { .. }) => PollAnswer::Failed,
            Err(IdxError::Okta { status, .. }) if *status >= 500 => PollAnswer::Failed,
            Err(_) => PollAnswer::Changed,
        };
        let schedule = |after_ms| Command::Schedule {
            timer: Timer::Poll,
            after_ms,
        };
        match (self.poller.answer(ticket, answer, now), result) {
            (PollDecision::Ignore, _) => {}
            (PollDecision::Continue { after }, Ok(next)) => {
                // Still waiting: keep the newest state handle; the step (and view) stay.
                self.notice = None;
                self.state = Some(next);
                out.push(schedule(after));
            }
            (PollDecision::Continue { after }, Err(_)) => {
                let seconds = after.div_ceil(1000).to_string();
                self.notice = Some(self.strings.fill(Text::RateLimitedFor, "seconds", &seconds));
                out.push(schedule(after));
            }
            (PollDecision::Retry { after, failures: 0 }, _) => {
                // Back from another app: a failure right then is the browser's, not the org's.
                out.push(schedule(after));
            }
            (PollDecision::Retry { after, .. }, _) => {
                self.notice = Some(self.strings.get(Text::Reconnecting));
                out.push(schedule(after));
            }
            (PollDecision::Render, Ok(next)) => self.apply(next, now, out),
            (PollDecision::Render, Err(IdxError::State { state, .. })) => {
                self.apply(*state, now, out)
            }
            (PollDecision::Render, Err(e)) => {
                self.notice = None;
                self.banner = Some(self.error_text(&e, now));
            }
            (PollDecision::GiveUp, _) => {
                self.notice = None;
                self.banner = Some(self.strings.get(Text::NetworkError));
            }
        }
    }

    fn act(&mut self, action: Action, now: u64, out: &mut Vec<Command>) {
        match &action {
            Action::Restart => return self.begin(out),
            Action::SignOut => {
                if let Some(tokens) = self.tokens.take() {
                    out.push(Command::Revoke(tokens));
                }
                out.push(Command::ClearStoredTokens);
                return self.begin(out);
            }
            Action::SetAutoChallenge(on) => {
                if self.auto_challenge.is_some() {
                    self.auto_challenge = Some(*on);
                }
                return;
            }
            Action::SwitchTo(alternative) => return self.switch(*alternative, now, out),
            Action::SignInWith(href) => {
                if let (Phase::Active, Some(step)) = (&self.phase, self.step.clone()) {
                    self.leave_for_idp(&step, href, out);
                }
                return;
            }
            _ => {}
        }
        if self.phase != Phase::Active || self.busy() {
            return;
        }
        let Some(step) = self.step.clone() else {
            return;
        };
        if action == Action::Resend {
            return self.resend(now, out);
        }
        let (name, inputs) = match request_for(&action, &step) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(refusal) => {
                self.refused = Some(refusal);
                return;
            }
        };
        let Some(form) = self.state.as_ref().and_then(|s| form_named(s, &name)) else {
            return;
        };
        let form = Box::new(form.clone());
        self.refused = None;
        self.banner = None;
        let ticket = self.ticket(Kind::Submit);
        out.push(Command::Submit {
            ticket,
            form,
            inputs,
        });
    }

    /// Leaves for an identity provider the step offers: the transaction is kept as for a
    /// reload (whether or not reloads resume), so the page can pick it up when the IdP sends
    /// the browser back; an IdP off the org's origin is refused.
    fn leave_for_idp(&mut self, step: &Step, href: &str, out: &mut Vec<Command>) {
        if !step.idps.iter().any(|i| i.href == href) {
            return;
        }
        let Some(target) = org_url(href, &self.issuer) else {
            self.banner = Some(self.strings.get(Text::IdpRefused));
            return;
        };
        self.poller.stop();
        if let Some(saved) = &self.saved {
            out.push(Command::SaveTransaction(saved.clone()));
        }
        out.push(Command::Navigate(Href(target)));
    }

    fn resend(&mut self, now: u64, out: &mut Vec<Command>) {
        let Some(form) = self
            .state
            .as_ref()
            .and_then(|s| s.current())
            .and_then(|a| a.resend.clone())
        else {
            return;
        };
        self.banner = None;
        let ticket = self.ticket(Kind::Submit);
        out.push(Command::Submit {
            ticket,
            form: Box::new(form),
            inputs: Inputs::new(),
        });
        if matches!(
            self.step.as_ref().map(|s| &s.kind),
            Some(StepKind::EnrollWaiting { .. } | StepKind::Passcode { .. })
        ) {
            out.push(Command::Announce(self.strings.get(Text::Resent)));
        }
        self.start_reminder(now, out);
    }

    fn switch(&mut self, alternative: Alternative, now: u64, out: &mut Vec<Command>) {
        let Some(state) = &self.state else { return };
        if self.phase != Phase::Active {
            return;
        }
        let name = alternative.remediation();
        if name.is_some_and(|n| state.remediation(n).is_none()) {
            return;
        }
        // Leaving a waiting step stops its polling; coming back restarts it.
        self.poller.stop();
        self.outstanding
            .retain(|(_, kind)| !matches!(kind, Kind::Poll(_)));
        self.banner = None;
        self.refused = None;
        self.focus = name.map(str::to_owned);
        let step = derive(state, self.focus.as_deref());
        self.enter(step, now, out);
    }
}

/// How long to wait after a rate limit, in milliseconds: what `Retry-After` said, else until
/// `x-rate-limit-reset` by this page's clock (`now` is milliseconds since the epoch in the
/// browser), else a minute, as Okta's own widgets do.
fn rate_limit_wait(e: &IdxError, now: u64) -> u64 {
    match e {
        // A wait too long for milliseconds in a u64 is the longest wait, not a wrapped one.
        IdxError::RateLimited {
            retry_after: Some(wait),
            ..
        } => u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
        IdxError::RateLimited {
            reset_at: Some(reset),
            ..
        } => reset.saturating_mul(1000).saturating_sub(now).max(1000),
        _ => poll::RATE_LIMIT_WAIT_MS,
    }
}

/// `href`, parsed and normalised, when it is an `http(s)` URL on the issuer's origin: an
/// Okta-hosted success may only send the browser to the org itself.
fn org_url(href: &str, issuer: &str) -> Option<String> {
    let (target, org) = (url::Url::parse(href).ok()?, url::Url::parse(issuer).ok()?);
    (matches!(target.scheme(), "http" | "https") && target.origin() == org.origin())
        .then(|| target.into())
}

#[cfg(test)]
mod tests;

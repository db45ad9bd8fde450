//! One sign-in as a value: the transaction shown (the server's latest state, the step it
//! means, its secrets), the poll policy, the requests out, what the page shows beside the
//! step (notes, the reminder), and the phase. It changes only through [`Session::update`],
//! which takes an [`Event`] and the time and returns the [`Command`]s to run. It does no I/O
//! and reads no clock, so every flow is tested natively with a fake one.
//!
//! Beside it: the state's groups (`session/parts.rs`), the ticket book
//! (`session/requests.rs`), polling (`session/polling.rs`), how a sign-in ends
//! (`session/ending.rs`), and the two exchanges with something other than the org: WebAuthn
//! (`session/ceremony.rs`) and Okta Verify's loopback and links (`session/fastpass.rs`).
//!
//! Every request carries a [`Ticket`]; an answer whose ticket is not outstanding (an older
//! transaction, a request overtaken by another answer, a widget already removed) is dropped by
//! `Requests::accept` (`session/requests.rs`); a poll answer that does reach it is dropped
//! again by the poll policy when its polling run has since stopped (`Poller::answer`).

use idx_protocol::names::{cancel_reason, message_key, remediation};
use idx_protocol::secret::{InteractionHandle, OAuthState};
use idx_protocol::{
    Address, IdxError, IdxResponse, Inputs, Message, MessagePlace, PkceSecrets, TokenResponse,
};

use crate::config::{Config, TokenStorage, WebApp};
use crate::error::{ErrorKind, Failure, Reason};
use crate::flow::action::{Action, Alternative, Refusal, request_for};
use crate::flow::events::{Command, Event, HostEvent, Href, LoopbackFailure, Phase, Reply, Timer};
use crate::flow::fastpass::Reach;
use crate::flow::landing::{Arrival, Landing};
use crate::flow::poll::{self, Poller};
use crate::flow::recognise::form_named;
use crate::flow::saved::SavedTransaction;
use crate::flow::{Announcement, CeremonyError, Note, Step, StepKind, derive};
use crate::strings::Text;
use idx_protocol::webauthn;

mod ceremony;
mod ending;
mod fastpass;
mod parts;
mod polling;
mod requests;
use fastpass::LoopbackRun;
use parts::{Notes, OpenedWith, Reminder, Settings, Transaction};
use polling::failed_call;
use requests::Requests;

/// What a request that is out was for: its reply is read as an answer to that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RequestKind {
    Begin,
    Resume,
    Submit,
    Poll(poll::Round),
    Exchange,
    /// A loopback `/probe` of the plan's target at this index.
    Probe(usize),
    /// The loopback `/challenge` at this index.
    Challenge(usize),
    /// Chrome's Local Network Access permission.
    LocalNetwork,
    /// A WebAuthn dialog the person opened.
    Ceremony,
    /// Passkey autofill, waiting in the background while the username is typed.
    Autofill,
    /// Ending the org's session before a new transaction ("Sign in as someone else").
    CloseSession,
}

/// One sign-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    settings: Settings,
    phase: Phase,
    transaction: Transaction,
    poller: Poller,
    requests: Requests,
    notes: Notes,
    reminder: Reminder,
    /// The last step named to the host, so that each is named once.
    last_step: Option<&'static str>,
    tokens: Option<TokenResponse>,
    removed: bool,
    opened_with: OpenedWith,
    loopback: Option<LoopbackRun>,
    /// The username typed, for Okta Verify's FastPass link.
    login_hint: Option<String>,
}

impl Session {
    /// A session for this configuration; nothing happens until [`Event::Started`].
    pub fn new(config: &Config) -> Self {
        Self {
            settings: Settings::from(config),
            phase: Phase::Loading,
            transaction: Transaction::default(),
            poller: Poller::new(),
            requests: Requests::default(),
            notes: Notes::default(),
            reminder: Reminder::default(),
            last_step: None,
            tokens: None,
            removed: false,
            opened_with: OpenedWith {
                landing: None,
                otp: config.otp.clone().filter(|c| !c.trim().is_empty()),
                one_time: config.one_time_tokens(),
            },
            loopback: None,
            login_hint: None,
        }
    }

    /// The same session holding the tokens an earlier page kept in `sessionStorage`, so that
    /// signing out after a reload still revokes them.
    pub fn holding(mut self, stored: Option<TokenResponse>) -> Self {
        if self.settings.token_storage == TokenStorage::SessionStorage {
            self.tokens = self.tokens.take().or(stored);
        }
        self
    }

    /// The same session on a page whose address brought something back (an identity
    /// provider's return, an email magic link): it acts on that when it starts.
    pub fn arriving(mut self, landing: Option<Landing>) -> Self {
        self.opened_with.landing = landing;
        self
    }

    /// The same session on a phone or tablet: Okta Verify enrollment starts on the choice of a
    /// setup link (this device cannot scan its own screen), with the QR code one tap away.
    pub fn on_mobile(mut self, mobile: bool) -> Self {
        self.settings.mobile = mobile;
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

    /// The server's latest state. Not for the views: they get what they show from the step
    /// and the typed accessors below.
    #[cfg(any(test, feature = "testing"))]
    pub fn state(&self) -> Option<&IdxResponse> {
        self.transaction.state.as_ref()
    }

    /// The step the user is on.
    pub fn step(&self) -> Option<&Step> {
        self.transaction.step.as_ref()
    }

    /// The server's messages for the whole page, once each. Read from the newest state rather
    /// than kept with the step: a poll that leaves the step as it is may still bring them.
    pub fn messages(&self) -> Vec<&Message> {
        self.messages_at(|place| *place == MessagePlace::Global)
    }

    /// The server's messages on one field (dotted path) of the step's form, once each.
    pub fn field_messages(&self, path: &str) -> Vec<&Message> {
        let Some(form) = self
            .transaction
            .step
            .as_ref()
            .and_then(|s| s.form.as_deref())
        else {
            return Vec::new();
        };
        self.messages_at(|place| {
            matches!(place, MessagePlace::Field { remediation, path: p }
                if remediation == form && p == path)
        })
    }

    fn messages_at(&self, at: impl Fn(&MessagePlace) -> bool) -> Vec<&Message> {
        let Some(state) = &self.transaction.state else {
            return Vec::new();
        };
        state
            .all_messages()
            .into_iter()
            .filter(|(place, _)| at(place))
            .map(|(_, m)| m)
            .collect()
    }

    /// A request (other than a poll) is out: buttons wait.
    pub fn busy(&self) -> bool {
        self.requests.any(|kind| {
            matches!(
                kind,
                RequestKind::Begin
                    | RequestKind::Resume
                    | RequestKind::Submit
                    | RequestKind::Exchange
                    | RequestKind::Ceremony
            )
        })
    }

    /// The widget was removed: nothing happens any more.
    pub fn removed(&self) -> bool {
        self.removed
    }

    /// The browser's WebAuthn dialog is open.
    pub fn ceremony_running(&self) -> bool {
        self.requests.any(|kind| *kind == RequestKind::Ceremony)
    }

    /// Why the last WebAuthn dialog gave nothing, until the next one or a new state.
    pub fn ceremony_error(&self) -> Option<CeremonyError> {
        self.notes.ceremony_error
    }

    /// Whether the state offers passkey autofill in the username field.
    pub fn passkey_autofill(&self) -> bool {
        self.transaction
            .state
            .as_ref()
            .is_some_and(|s| webauthn::autofill_challenge_data(s).is_some())
    }

    /// An error that is not an IDX state (network, rate limit, …), shown above the step.
    pub fn banner(&self) -> Option<&Note> {
        self.notes.banner.as_ref()
    }

    /// A polling problem being retried.
    pub fn notice(&self) -> Option<&Note> {
        self.notes.notice.as_ref()
    }

    /// A field the page would not send (blank, passwords that differ), after a submit.
    pub fn refused(&self) -> Option<Refusal> {
        self.notes.refused.clone()
    }

    /// "Send push automatically" while waiting on a push; sent with each poll.
    pub fn auto_challenge(&self) -> Option<bool> {
        self.transaction.auto_challenge
    }

    /// Whether the "Haven't received…?" reminder shows.
    pub fn reminder_due(&self) -> bool {
        self.reminder.due
    }

    /// Applies an event at time `now` (milliseconds since the epoch).
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
                    saved.usable(&self.settings.issuer, &self.settings.client_id, now)
                        && self
                            .settings
                            .web_app
                            .as_ref()
                            .is_none_or(|w| w.state == saved.state)
                });
                match (self.opened_with.landing.take(), saved) {
                    (Some(landing), saved) => self.arrive(landing.arrive(saved), &mut out),
                    // A reset or activation link starts its own transaction.
                    (None, Some(saved))
                        if self.settings.resume && self.opened_with.one_time.is_empty() =>
                    {
                        self.resume(saved, &mut out)
                    }
                    (None, _) => self.begin(&mut out),
                }
            }
            Event::Removed => {
                self.cancel_at_org(&mut out);
                self.removed = true;
                self.poller.stop();
                self.requests.clear();
                self.stop_probing(&mut out);
            }
            Event::Answer { ticket, reply } => {
                if let Some(kind) = self.requests.accept(ticket) {
                    self.answer(kind, *reply, now, &mut out);
                }
            }
            Event::TimerFired(Timer::Poll) => self.poll_if_due(now, &mut out),
            Event::TimerFired(Timer::Reminder) => {
                self.reminder.fired(now);
            }
            Event::Visibility(visible) => {
                if visible {
                    self.poller.page_visible(now);
                    self.poll_if_due(now, &mut out);
                } else {
                    self.poller.page_hidden();
                }
            }
            Event::User(action) => self.act(action, now, &mut out),
        }
        out
    }

    /// Picks up a transaction from before a reload: the same push keeps waiting, the same
    /// enrollment keeps polling.
    fn resume(&mut self, saved: SavedTransaction, out: &mut Vec<Command>) {
        self.requests.next_transaction();
        self.phase = Phase::Loading;
        out.push(Command::Announce(Announcement::Says(Text::Loading)));
        let secrets = saved.secrets();
        self.transaction.secrets = Some(secrets.clone());
        let handle = saved.handle();
        self.transaction.saved = Some(saved);
        let ticket = self.requests.ticket(RequestKind::Resume);
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
                self.opened_with.otp = Some(otp);
                self.resume(saved, out);
            }
            Arrival::Redeem { code, saved } => {
                let secrets = saved.secrets();
                if let Some(web_app) = self.settings.web_app.clone() {
                    // The back end redeems it; this page is already its redirect URI.
                    let web_app = WebApp {
                        redirect_with_code: false,
                        ..web_app
                    };
                    return self.hand_code_to_back_end(&web_app, code.expose().to_owned(), out);
                }
                self.requests.next_transaction();
                self.phase = Phase::Loading;
                out.push(Command::Announce(Announcement::Says(Text::Loading)));
                self.transaction.secrets = Some(secrets.clone());
                let ticket = self.requests.ticket(RequestKind::Exchange);
                out.push(Command::Redeem {
                    ticket,
                    code,
                    secrets,
                });
            }
            Arrival::ShowOtp(code) => {
                self.phase = Phase::CodeElsewhere(code);
                out.push(Command::Announce(Announcement::Says(
                    Text::CodeElsewhereText,
                )));
                self.emit_step("return-otp", out);
            }
            Arrival::Refused { error, description } => {
                let why = description.unwrap_or(error);
                let failure = Failure {
                    kind: ErrorKind::Rejected,
                    reason: Reason::NotCompleted(why),
                };
                self.fail(failure, out);
            }
            // Someone else's answer (a forged or stale link) leaves this tab's transaction
            // alone: nothing is redeemed, resumed or forgotten.
            Arrival::Mismatch => {
                self.stop(Failure::own(ErrorKind::Mismatch, Text::Mismatch), out);
            }
        }
    }

    /// Tells the org that the transaction shown is given up ("Back to sign in", sign-out,
    /// removal), so a push it sent can no longer be approved. Only while it can still go on:
    /// a finished or never-started one has nothing to cancel.
    fn cancel_at_org(&mut self, out: &mut Vec<Command>) {
        if !matches!(
            self.phase,
            Phase::Active | Phase::Loading | Phase::SessionFound(_)
        ) {
            return;
        }
        if let Some(cancel) = self
            .transaction
            .state
            .as_ref()
            .and_then(|s| s.cancel.clone())
        {
            out.push(Command::CancelTransaction(Box::new(cancel)));
        }
    }

    /// Leaves the transaction shown: whatever it was doing stops and answers to it are
    /// dropped.
    fn forget_transaction(&mut self, out: &mut Vec<Command>) {
        self.requests.next_transaction();
        self.leave_step(out);
        self.requests.clear();
        self.transaction = Transaction::default();
        self.notes = Notes::default();
        self.reminder = Reminder::default();
        self.last_step = None;
        if self.settings.resume {
            // A new transaction replaces any kept one (cancel, "Back to sign in").
            out.push(Command::ForgetTransaction);
        }
    }

    fn begin(&mut self, out: &mut Vec<Command>) {
        self.forget_transaction(out);
        self.phase = Phase::Loading;
        out.push(Command::Announce(Announcement::Says(Text::Loading)));
        let ticket = self.requests.ticket(RequestKind::Begin);
        // One-time tokens start the first transaction only: "Back to sign in" starts a plain one.
        let tokens = std::mem::take(&mut self.opened_with.one_time);
        match &self.settings.web_app {
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

    fn answer(&mut self, kind: RequestKind, reply: Reply, now: u64, out: &mut Vec<Command>) {
        match (kind, reply) {
            (
                RequestKind::Begin,
                Reply::Began {
                    secrets,
                    handle,
                    result,
                },
            ) => {
                let Some(secrets) = secrets else {
                    return self.fail(Failure::own(ErrorKind::Config, Text::ConfigError), out);
                };
                if let (Some(handle), Ok(_)) = (&handle, &result) {
                    let saved = SavedTransaction::new(
                        &self.settings.issuer,
                        &self.settings.client_id,
                        handle,
                        &secrets,
                        now,
                    )
                    .expiring(result.as_ref().ok().and_then(|s| s.expires_at.as_deref()));
                    if self.settings.resume {
                        out.push(Command::SaveTransaction(saved.clone()));
                    }
                    // Kept for leaving to an identity provider, whose return resumes it.
                    self.transaction.saved = Some(saved);
                }
                self.transaction.secrets = Some(secrets);
                match result {
                    Ok(state) if state.success_with_interaction_code.is_some() => {
                        self.found_session(state, out)
                    }
                    Ok(state) => self.apply(state, now, out),
                    Err(IdxError::State { state, .. }) => self.apply(*state, now, out),
                    Err(IdxError::BadRequest(_)) => {
                        self.fail(Failure::own(ErrorKind::Config, Text::ConfigError), out)
                    }
                    Err(e) => self.fail(Failure::from_idx(&e), out),
                }
            }
            (RequestKind::CloseSession, Reply::SessionClosed) => self.begin(out),
            (RequestKind::Resume, Reply::Resumed(result)) => match result {
                Ok(state) if !state.is_terminal() => self.apply(state, now, out),
                // Gone or expired while the page was away: start afresh, quietly.
                _ => self.begin(out),
            },
            (RequestKind::Submit, Reply::Proceeded(result)) => match result {
                Ok(state) => self.apply(state, now, out),
                Err(IdxError::State { status, state }) if self.is_hiccup(status, &state) => {
                    self.notes.banner = Some(Note::Server(state.global_messages().to_vec()));
                }
                Err(IdxError::State { state, .. }) => self.apply(*state, now, out),
                Err(e) => self.notes.banner = Some(failed_call(&e, now)),
            },
            (RequestKind::Poll(round), Reply::Polled(result)) => {
                self.polled(round, result, now, out)
            }
            (RequestKind::Probe(at), Reply::Probed(Ok(()))) => self.challenge(at, out),
            (RequestKind::Probe(at), Reply::Probed(Err(_))) => self.probe(at + 1, out),
            (RequestKind::Challenge(_), Reply::Challenged(Ok(()))) => {
                self.challenge_taken(now, out)
            }
            // Another OS profile's Okta Verify answered: the next port may be this one's.
            (
                RequestKind::Challenge(at),
                Reply::Challenged(Err(LoopbackFailure { status: Some(503) })),
            ) => self.probe(at + 1, out),
            (RequestKind::Challenge(_), Reply::Challenged(Err(failure))) => self.cancel_fastpass(
                cancel_reason::OV_RETURNED_ERROR,
                Some(failure.status.unwrap_or(0)),
                out,
            ),
            (RequestKind::LocalNetwork, Reply::LocalNetwork(permission)) => {
                self.local_network_answered(permission.as_deref(), out)
            }
            (RequestKind::Exchange, Reply::Exchanged(result)) => match result {
                Ok(tokens) => {
                    self.phase = Phase::Done;
                    self.poller.stop();
                    if self.settings.resume {
                        out.push(Command::ForgetTransaction);
                    }
                    out.push(Command::Announce(Announcement::Says(Text::SuccessText)));
                    self.emit_step("signed-in", out);
                    if self.settings.token_storage == TokenStorage::SessionStorage {
                        out.push(Command::StoreTokens(tokens.clone()));
                    }
                    self.tokens = Some(tokens.clone());
                    out.push(Command::Emit(HostEvent::Success(tokens)));
                }
                Err(e) => self.fail(Failure::from_idx(&e), out),
            },
            (RequestKind::Ceremony, Reply::Created(result)) => self.created(result, out),
            (RequestKind::Ceremony | RequestKind::Autofill, Reply::Asserted(result)) => {
                self.asserted(kind == RequestKind::Autofill, result, out)
            }
            // A reply of another kind than its request is the driver's mistake. Dropped, it
            // would leave the step waiting forever ("Connecting…"); a dead end says so.
            (kind, _) => {
                if cfg!(debug_assertions) {
                    panic!("a reply of another kind answered a {kind:?} request");
                }
                self.fail(Failure::own(ErrorKind::Unexpected, Text::Unexpected), out)
            }
        }
    }

    /// An answer that only carries messages but does not end the transaction (a bad request,
    /// a refused operation): the step stays, with the messages above it. An expired or
    /// vanished transaction (401, 404) is a dead end and shows as one.
    fn is_hiccup(&self, status: u16, state: &IdxResponse) -> bool {
        self.transaction.state.is_some()
            && state.remediations().is_empty()
            && state.success_with_interaction_code.is_none()
            && state.success.is_none()
            && !state.has_message_key(message_key::SESSION_EXPIRED)
            && (400..500).contains(&status)
            && !matches!(status, 401 | 404)
    }

    fn fail(&mut self, error: Failure, out: &mut Vec<Command>) {
        if self.settings.resume {
            out.push(Command::ForgetTransaction);
        }
        self.stop(error, out);
    }

    /// The end, with what the user and the host learn; any kept transaction stays.
    fn stop(&mut self, error: Failure, out: &mut Vec<Command>) {
        self.poller.stop();
        self.requests.clear();
        self.stop_probing(out);
        self.phase = Phase::Failed(error.clone());
        out.push(Command::Announce(Announcement::Failed(
            error.reason.clone(),
        )));
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
        self.leave_step(out);
        self.requests.clear();
        self.notes = Notes::default();
        self.transaction.switched_to = None;
        self.phase = Phase::Active;
        let mut step = derive(&state, None);
        self.transaction.auto_challenge = step.auto_challenge();
        if self.settings.mobile
            && matches!(step.kind, StepKind::EnrollQr { .. })
            && step.alternatives.other_channel
        {
            self.transaction.switched_to = Some(remediation::SELECT_ENROLLMENT_CHANNEL.to_owned());
            step = derive(&state, self.transaction.switched_to.as_deref());
        }
        self.transaction.state = Some(state);
        self.enter(step, now, out);
    }

    /// Shows a step: tells the host, announces it, starts its polling and reminder, and runs
    /// what a step does by itself (the token exchange, an Okta-hosted redirect).
    fn enter(&mut self, step: Step, now: u64, out: &mut Vec<Command>) {
        // An Okta-hosted success that would leave the org is not a success: nothing follows
        // it, so say so rather than "You're signed in".
        if let StepKind::Redirect { href } = &step.kind
            && org_url(href, &self.settings.issuer).is_none()
        {
            return self.fail(Failure::own(ErrorKind::Unexpected, Text::Unexpected), out);
        }
        self.emit_step(step.name(), out);
        out.push(Command::Announce(Self::announcement(&step)));
        self.reminder = Reminder::default();
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
        self.start_fastpass(&step, out);
        let email_code = matches!(
            step.kind,
            StepKind::Passcode {
                source: crate::flow::CodeSource::Email,
                ..
            }
        );
        match &step.kind {
            StepKind::Terminal { .. } if self.settings.resume => {
                out.push(Command::ForgetTransaction)
            }
            StepKind::Success => self.exchange(out),
            StepKind::Redirect { href } => {
                if let Some(href) = org_url(href, &self.settings.issuer) {
                    out.push(Command::Navigate(Href(href)));
                }
            }
            // A lone identity provider is where the org routes everyone: go at once, as
            // Okta's widget does.
            StepKind::IdentityProviders
                if step.idps.len() == 1
                    && self
                        .transaction
                        .state
                        .as_ref()
                        .is_some_and(|s| s.remediations().len() == 1) =>
            {
                let href = step.idps[0].href.clone();
                self.leave_for_idp(&step, &href, out);
            }
            _ => {}
        }
        if matches!(step.kind, StepKind::Identify { .. }) {
            self.start_autofill(out);
        }
        self.transaction.step = Some(step);
        // An email magic link's code is entered for the person at the email step, once.
        if email_code && let Some(code) = self.opened_with.otp.take() {
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
        self.reminder = Reminder::starting(now, self.settings.reminder_delay_ms);
        out.push(Command::Schedule {
            timer: Timer::Reminder,
            after_ms: self.settings.reminder_delay_ms,
        });
    }

    /// What the live region says as a step appears.
    fn announcement(step: &Step) -> Announcement {
        let says = Announcement::Says;
        match &step.kind {
            StepKind::EnrollQr { .. } => says(Text::QrTitle),
            StepKind::EnrollWaiting {
                channel, address, ..
            } => Announcement::LinkSent {
                channel: *channel,
                address: address.clone(),
            },
            StepKind::PushWaiting { number, .. } => Announcement::PushSent {
                number: number.clone(),
            },
            StepKind::Terminal { kind } => says(kind.title()),
            StepKind::Success => says(Text::Loading),
            StepKind::FastPass(f) if f.reach == Reach::Loopback => says(Text::FastPassProgress),
            StepKind::FastPass(_) => says(Text::FastPassOpenText),
            // The focused heading speaks for every other step.
            _ => Announcement::Nothing,
        }
    }

    fn act(&mut self, action: Action, now: u64, out: &mut Vec<Command>) {
        match &action {
            Action::Restart => {
                // A second press while the new transaction is being started is the same
                // request: a second interact would leave the first open at the org.
                if self.requests.any(|kind| *kind == RequestKind::Begin) {
                    return;
                }
                self.cancel_at_org(out);
                return self.begin(out);
            }
            Action::SignOut => return self.sign_out(out),
            Action::ContinueSession | Action::SwitchUser => {
                return self.settle_session(action == Action::ContinueSession, now, out);
            }
            Action::SetAutoChallenge(on) => {
                if self.transaction.auto_challenge.is_some() {
                    self.transaction.auto_challenge = Some(*on);
                }
                return;
            }
            Action::SwitchTo(alternative) => return self.switch(*alternative, now, out),
            Action::Identify { username, .. } => self.login_hint = Some(username.trim().to_owned()),
            Action::SignInWith(href) => {
                if let (Phase::Active, Some(step)) = (&self.phase, self.transaction.step.clone()) {
                    self.leave_for_idp(&step, href, out);
                }
                return;
            }
            _ => {}
        }
        if self.phase != Phase::Active || self.busy() {
            return;
        }
        let Some(step) = self.transaction.step.clone() else {
            return;
        };
        match &action {
            Action::Resend => return self.resend(now, out),
            Action::LaunchFastPass { username } => return self.launch_fastpass(username, out),
            Action::CancelFastPass => {
                return self.cancel_fastpass(cancel_reason::USER_CANCELED, None, out);
            }
            Action::RetryFastPass => {
                self.stop_probing(out);
                return self.start_fastpass(&step, out);
            }
            _ => {}
        }
        if action == Action::WebAuthn {
            return self.open_ceremony(&step, out);
        }
        let (name, inputs) = match request_for(&action, &step) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(refusal) => {
                self.notes.refused = Some(refusal);
                return;
            }
        };
        let Some(form) = self
            .transaction
            .state
            .as_ref()
            .and_then(|s| form_named(s, &name))
        else {
            return;
        };
        let form = Box::new(form.clone());
        self.notes.refused = None;
        self.notes.banner = None;
        let ticket = self.requests.ticket(RequestKind::Submit);
        out.push(Command::Submit {
            ticket,
            form,
            inputs,
        });
    }

    /// Leaving a step: its WebAuthn dialog closes, its polling and its FastPass probes stop.
    fn leave_step(&mut self, out: &mut Vec<Command>) {
        self.drop_ceremonies(out);
        self.poller.stop();
        self.stop_probing(out);
    }

    fn step_form(&self) -> Option<idx_protocol::Form> {
        self.current_form().map(|(_, _, form)| form.clone())
    }

    /// The state, the step shown, and the remediation the step is a form of.
    fn current_form(&self) -> Option<(&IdxResponse, &Step, &idx_protocol::Form)> {
        let (state, step) = (
            self.transaction.state.as_ref()?,
            self.transaction.step.as_ref()?,
        );
        Some((state, step, state.remediation(step.form.as_deref()?)?))
    }

    /// Sends a form the person did not fill by typing (a ceremony's answer, a resend, FastPass's
    /// launch or cancel).
    fn send_form(&mut self, form: idx_protocol::Form, inputs: Inputs, out: &mut Vec<Command>) {
        if self.phase != Phase::Active {
            return;
        }
        self.notes.banner = None;
        let ticket = self.requests.ticket(RequestKind::Submit);
        out.push(Command::Submit {
            ticket,
            form: Box::new(form),
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
        let Some(target) = org_url(href, &self.settings.issuer) else {
            self.notes.banner = Some(Note::IdpRefused);
            return;
        };
        self.poller.stop();
        if let Some(saved) = &self.transaction.saved {
            out.push(Command::SaveTransaction(saved.clone()));
        }
        out.push(Command::Navigate(Href(target)));
    }

    fn resend(&mut self, now: u64, out: &mut Vec<Command>) {
        let Some(form) = self
            .transaction
            .state
            .as_ref()
            .and_then(|s| s.current())
            .and_then(|a| a.resend.clone())
        else {
            return;
        };
        self.send_form(form, Inputs::new(), out);
        if matches!(
            self.transaction.step.as_ref().map(|s| &s.kind),
            Some(StepKind::EnrollWaiting { .. } | StepKind::Passcode { .. })
        ) {
            out.push(Command::Announce(Announcement::Says(Text::Resent)));
        }
        self.start_reminder(now, out);
    }

    fn switch(&mut self, alternative: Alternative, now: u64, out: &mut Vec<Command>) {
        let Some(state) = &self.transaction.state else {
            return;
        };
        if self.phase != Phase::Active {
            return;
        }
        let name = alternative.remediation();
        if name.is_some_and(|n| state.remediation(n).is_none()) {
            return;
        }
        // Leaving a waiting step stops its polling, probing and WebAuthn dialog; coming back
        // restarts the polling and probing.
        self.leave_step(out);
        self.requests
            .forget(|kind| matches!(kind, RequestKind::Poll(_)));
        self.notes.banner = None;
        self.notes.refused = None;
        self.transaction.switched_to = name.map(str::to_owned);
        let Some(state) = &self.transaction.state else {
            return;
        };
        let step = derive(state, self.transaction.switched_to.as_deref());
        self.enter(step, now, out);
    }
}

/// `href`, parsed and normalised, when it is an `http(s)` URL on the issuer's origin: an
/// Okta-hosted success may only send the browser to the org itself.
fn org_url(href: &str, issuer: &str) -> Option<String> {
    let (target, org) = (Address::parse(href)?, Address::parse(issuer)?);
    (matches!(target.scheme(), "http" | "https") && target.same_origin(&org)).then(|| target.into())
}

#[cfg(test)]
mod fastpass_tests;
#[cfg(test)]
mod message_tests;
#[cfg(test)]
mod reply_tests;
#[cfg(test)]
mod signout_tests;
#[cfg(test)]
mod tests;

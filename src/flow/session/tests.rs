//! The session through each of the four flows, step by step, on Okta's recorded responses and
//! a fake clock; and every way an answer can arrive too late, twice, or not at all.

use std::time::Duration;

use idx_protocol::{IdxError, IdxResponse, Inputs, PkceSecrets, TokenResponse};
use serde_json::json;

use super::*;
use crate::flow::events::Ticket;
use crate::flow::saved::{self, SavedTransaction};
use crate::flow::{Address, Alternative, Channel, Choice, StepKind};

fn fixture(rel: &str) -> IdxResponse {
    idx_protocol::testdata::idx(rel)
}

pub(super) fn config() -> Config {
    Config::new(
        "http://localhost:3000/oauth2/default",
        "0oa1",
        "http://localhost:3000/login/callback",
    )
}

/// The banner when the org cannot be reached.
fn unreachable() -> Note {
    Note::Failed(Reason::Own(Text::NetworkError))
}

pub(super) fn secrets() -> PkceSecrets {
    PkceSecrets::from_entropy(&[7; idx_protocol::ENTROPY_BYTES])
}

fn tokens() -> TokenResponse {
    serde_json::from_value(json!({
        "token_type": "Bearer", "expires_in": 3600, "access_token": "eyJ.access.sig",
        "id_token": "eyJ.id.sig", "scope": "openid"
    }))
    .unwrap()
}

/// A session, a fake clock, and helpers to find what the session asked for (the FastPass and
/// sign-out tests share it).
pub(super) struct Harness {
    pub(super) session: Session,
    pub(super) now: u64,
}

impl Harness {
    pub(super) fn new(config: Config) -> Self {
        Self {
            session: Session::new(&config),
            now: 1_000,
        }
    }

    pub(super) fn send(&mut self, event: Event) -> Vec<Command> {
        self.session.update(event, self.now)
    }

    pub(super) fn user(&mut self, action: Action) -> Vec<Command> {
        self.send(Event::User(action))
    }

    pub(super) fn advance(&mut self, ms: u64) {
        self.now += ms;
    }

    pub(super) fn answer(&mut self, ticket: Ticket, reply: Reply) -> Vec<Command> {
        self.send(Event::Answer {
            ticket,
            reply: Box::new(reply),
        })
    }

    /// Started, and the org's first state.
    pub(super) fn started(config: Config, first: IdxResponse) -> (Self, Vec<Command>) {
        Self::began(config, None, first)
    }

    /// Started with the interaction handle interact gave, and the org's first state.
    pub(super) fn began(
        config: Config,
        handle: Option<InteractionHandle>,
        first: IdxResponse,
    ) -> (Self, Vec<Command>) {
        let mut h = Self::new(config);
        let out = h.send(Event::Started { saved: None });
        let ticket = begin_ticket(&out);
        let out = h.answer(
            ticket,
            Reply::Began {
                secrets: Some(secrets()),
                handle,
                result: Ok(first),
            },
        );
        (h, out)
    }

    pub(super) fn step_name(&self) -> &'static str {
        self.session.step().expect("a step").name()
    }

    pub(super) fn choice(&self, method: &str) -> Choice {
        match &self.session.step().expect("a step").kind {
            StepKind::ChooseAuthenticator { choices, .. } | StepKind::ChooseMethod { choices } => {
                choices
                    .iter()
                    .find(|c| c.method.as_deref() == Some(method))
                    .cloned()
                    .unwrap_or_else(|| panic!("no {method} in {choices:?}"))
            }
            other => panic!("not a list: {other:?}"),
        }
    }
}

/// The org's answer to a refused request that carries an IDX state (its messages).
fn state_error(status: u16, state: IdxResponse) -> IdxError {
    IdxError::State {
        status,
        state: Box::new(state),
    }
}

fn begin_ticket(out: &[Command]) -> Ticket {
    out.iter()
        .find_map(|c| match c {
            Command::Begin { ticket, .. } => Some(*ticket),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no begin in {out:?}"))
}

/// The first form request in `out`: a poll when `poll`, else a submit.
fn request(out: &[Command], poll: bool) -> (Ticket, String, Inputs) {
    out.iter()
        .find_map(|c| match c {
            Command::Submit {
                ticket,
                form,
                inputs,
            }
            | Command::Poll {
                ticket,
                form,
                inputs,
            } if matches!(c, Command::Poll { .. }) == poll => {
                Some((*ticket, form.name.clone(), inputs.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {} in {out:?}", if poll { "poll" } else { "submit" }))
}

fn submitted(out: &[Command]) -> (Ticket, String, Inputs) {
    request(out, false)
}

fn polled(out: &[Command]) -> (Ticket, String, Inputs) {
    request(out, true)
}

pub(super) fn scheduled(out: &[Command], timer: Timer) -> Option<u64> {
    out.iter().find_map(|c| match c {
        Command::Schedule { timer: t, after_ms } if *t == timer => Some(*after_ms),
        _ => None,
    })
}

fn steps(out: &[Command]) -> Vec<&'static str> {
    out.iter()
        .filter_map(|c| match c {
            Command::Emit(HostEvent::Step(name)) => Some(*name),
            _ => None,
        })
        .collect()
}

fn announced(out: &[Command]) -> Option<&Announcement> {
    out.iter().rev().find_map(|c| match c {
        Command::Announce(said) => Some(said),
        _ => None,
    })
}

fn no_requests(out: &[Command]) -> bool {
    !out.iter().any(|c| {
        matches!(
            c,
            Command::Begin { .. }
                | Command::Adopt { .. }
                | Command::Resume { .. }
                | Command::Submit { .. }
                | Command::Poll { .. }
                | Command::Exchange { .. }
                | Command::Redeem { .. }
        )
    })
}

/// Password, Okta Verify push with a number challenge, then the token exchange.
#[test]
fn push_with_number_challenge_signs_in() {
    let (mut h, out) =
        Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    assert_eq!(steps(&out), ["identify"]);
    assert_eq!(
        announced(&out),
        Some(&Announcement::Nothing),
        "no stale 'Connecting…' on the first step"
    );

    let out = h.user(Action::Identify {
        username: "  ann@example.com ".into(),
        password: Some("Okta-Verify-1".into()),
        remember_me: Some(false),
    });
    let (ticket, form, inputs) = submitted(&out);
    assert_eq!(form, "identify");
    assert_eq!(inputs.get("identifier"), Some(&json!("ann@example.com")));
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({"passcode": "Okta-Verify-1"}))
    );
    assert_eq!(inputs.get("rememberMe"), Some(&json!(false)));
    assert!(h.session.busy());

    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json",
        ))),
    );
    assert_eq!(steps(&out), ["choose-authenticator-verify"]);
    assert!(!h.session.busy());

    let push = h.choice("push");
    let (ticket, form, inputs) = submitted(&h.user(Action::Choose(push)));
    assert_eq!(form, "select-authenticator-authenticate");
    assert_eq!(
        inputs.get("authenticator"),
        Some(&json!({"id": "auteq0lLiL9o1cYoN0g4", "methodType": "push"}))
    );

    let waiting = fixture("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    let out = h.answer(ticket, Reply::Proceeded(Ok(waiting.clone())));
    assert_eq!(steps(&out), ["push-waiting"]);
    assert_eq!(
        announced(&out),
        Some(&Announcement::PushSent {
            number: Some("52".into())
        })
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(refresh));
    assert_eq!(scheduled(&out, Timer::Reminder), Some(30_000));

    // A timer that fires early (browsers do) only schedules the rest of the wait.
    h.advance(refresh / 2);
    let out = h.send(Event::TimerFired(Timer::Poll));
    assert!(no_requests(&out));
    assert_eq!(scheduled(&out, Timer::Poll), Some(refresh - refresh / 2));

    h.advance(refresh - refresh / 2);
    let (ticket, form, _) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    assert_eq!(form, "challenge-poll");
    assert!(!h.session.busy(), "polling does not block the buttons");
    // Still waiting: the same step, the next poll one refresh later.
    let out = h.answer(ticket, Reply::Polled(Ok(waiting)));
    assert!(steps(&out).is_empty(), "the step did not change");
    assert_eq!(scheduled(&out, Timer::Poll), Some(refresh));

    h.advance(refresh);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let out = h.answer(
        ticket,
        Reply::Polled(Ok(fixture(
            "siw-v3/idp/idx/authenticators/poll/verify-ov-push-manual-success.json",
        ))),
    );
    assert_eq!(steps(&out), ["success"]);
    let ticket = out
        .iter()
        .find_map(|c| match c {
            Command::Exchange {
                ticket, secrets: s, ..
            } => {
                assert_eq!(s.verifier(), secrets().verifier());
                Some(*ticket)
            }
            _ => None,
        })
        .expect("the code is exchanged");

    let out = h.answer(ticket, Reply::Exchanged(Ok(tokens())));
    assert_eq!(h.session.phase(), &Phase::Done);
    assert_eq!(steps(&out), ["signed-in"]);
    assert!(out.contains(&Command::Emit(HostEvent::Success(tokens()))));
    assert!(
        !out.iter().any(|c| matches!(c, Command::StoreTokens(_))),
        "tokens stay in memory unless the host asks"
    );
    // Nothing polls after success.
    h.advance(60_000);
    assert!(h.send(Event::TimerFired(Timer::Poll)).is_empty());
}

/// QR enrollment: the QR step polls until the phone scans; "Can't scan?" pauses polling and
/// coming back resumes it.
#[test]
fn qr_enrollment_polls_until_the_phone_scans() {
    let qr = fixture("siw-playground/idp/idx/authenticator-enroll-ov-qr.json");
    let (mut h, out) = Harness::started(config(), qr.clone());
    assert_eq!(steps(&out), ["enroll-qr"]);
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));
    assert!(matches!(
        &h.session.step().unwrap().kind,
        StepKind::EnrollQr { qr_src: Some(src) } if src.starts_with("data:image/png;base64,")
    ));

    h.advance(4000);
    let (old_poll, form, _) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    assert_eq!(form, "enroll-poll");

    // "Can't scan?" while that poll is out: the poll's late answer must not pull the user back.
    let out = h.user(Action::SwitchTo(Alternative::OtherChannel));
    assert_eq!(steps(&out), ["choose-channel"]);
    let out = h.answer(old_poll, Reply::Polled(Ok(qr.clone())));
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(h.step_name(), "choose-channel");
    h.advance(10_000);
    assert!(
        h.send(Event::TimerFired(Timer::Poll)).is_empty(),
        "no polling off the QR"
    );

    // Back to the QR code: polling starts again.
    let out = h.user(Action::SwitchTo(Alternative::Primary));
    assert_eq!(steps(&out), ["enroll-qr"]);
    h.advance(4000);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let out = h.answer(
        ticket,
        Reply::Polled(Ok(fixture(
            "siw-v3/idp/idx/challenge/poll/enroll-ov-success.json",
        ))),
    );
    assert_eq!(steps(&out).len(), 1, "{out:?}");
    assert_ne!(h.step_name(), "enroll-qr");
}

/// Email-link enrollment: channel, address (blank refused locally), waiting, reminder, resend.
#[test]
fn email_link_enrollment_with_reminder_and_resend() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-enroll-ov-qr.json"),
    );
    h.user(Action::SwitchTo(Alternative::OtherChannel));
    let (ticket, form, inputs) = submitted(&h.user(Action::ChooseChannel(Channel::Email)));
    assert_eq!(form, "select-enrollment-channel");
    assert_eq!(
        inputs.get("authenticator"),
        Some(&json!({"channel": "email"}))
    );
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-enroll-ov-via-email.json",
        ))),
    );
    assert_eq!(steps(&out), ["channel-address"]);

    let out = h.user(Action::SendLink(Address::Email("  ".into())));
    assert!(no_requests(&out), "a blank address is not sent");
    assert_eq!(
        h.session.refused().map(|r| r.path.into_owned()).as_deref(),
        Some("email")
    );

    let (ticket, form, inputs) =
        submitted(&h.user(Action::SendLink(Address::Email(" ann@example.com".into()))));
    assert_eq!(form, "enrollment-channel-data");
    assert_eq!(inputs.get("email"), Some(&json!("ann@example.com")));
    assert_eq!(h.session.refused(), None);

    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-enroll-ov-email.json",
        ))),
    );
    assert_eq!(steps(&out), ["enroll-waiting"]);
    assert!(matches!(
        announced(&out),
        Some(Announcement::LinkSent {
            channel: Channel::Email,
            address: Some(_)
        })
    ));
    assert_eq!(scheduled(&out, Timer::Reminder), Some(30_000));
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));

    // The reminder shows only once its time has come.
    h.advance(10_000);
    h.send(Event::TimerFired(Timer::Reminder));
    assert!(!h.session.reminder_due());
    h.advance(20_000);
    h.send(Event::TimerFired(Timer::Reminder));
    assert!(h.session.reminder_due());

    let out = h.user(Action::Resend);
    let (_, form, _) = submitted(&out);
    assert_eq!(form, "resend", "the authenticator's own resend action");
    assert_eq!(announced(&out), Some(&Announcement::Says(Text::Resent)));
    assert!(
        !h.session.reminder_due(),
        "the reminder waits again after a resend"
    );
    assert_eq!(scheduled(&out, Timer::Reminder), Some(30_000));
}

/// SMS: the number goes out in E.164 from the country's calling code.
#[test]
fn sms_link_sends_an_e164_number() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-enroll-ov-via-sms.json"),
    );
    assert_eq!(h.step_name(), "channel-address");
    let (_, _, inputs) = submitted(&h.user(Action::SendLink(Address::Phone {
        country: "GB".into(),
        national: "07700 900123".into(),
    })));
    assert_eq!(inputs.get("phoneNumber"), Some(&json!("+447700900123")));
}

/// TOTP: a wrong code keeps the step with the server's field error; the right one signs in.
#[test]
fn totp_wrong_then_right() {
    let (mut h, _) = Harness::started(
        config(),
        fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json",
        ),
    );
    let totp = h.choice("totp");
    let (ticket, ..) = submitted(&h.user(Action::Choose(totp)));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-okta-verify-totp.json",
        ))),
    );
    assert_eq!(steps(&out), ["enter-code"]);

    let (ticket, form, inputs) = submitted(&h.user(Action::Code("123 456".into())));
    assert_eq!(form, "challenge-authenticator");
    assert_eq!(inputs.get("credentials"), Some(&json!({"totp": "123456"})));
    let wrong = fixture("siw-playground/idp/idx/error-okta-verify-totp.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(400, wrong))));
    assert!(
        steps(&out).is_empty(),
        "the same step, with its field error"
    );
    assert_eq!(h.step_name(), "enter-code");
    assert!(
        !h.session.state().unwrap().all_messages().is_empty(),
        "the server's message about the code is kept for the view"
    );

    let (ticket, ..) = submitted(&h.user(Action::Code("654321".into())));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture("siw-v3/idp/idx/challenge/answer/default.json"))),
    );
    assert_eq!(steps(&out), ["success"]);
    assert!(out.iter().any(|c| matches!(c, Command::Exchange { .. })));
}

/// "Send push" screen, "Send push automatically", and the box ticked while waiting is sent with
/// every poll.
#[test]
fn send_push_automatically_follows_the_box() {
    let (mut h, out) = Harness::started(
        config(),
        fixture(
            "siw-playground/idp/idx/authenticator-verification-data-okta-verify-push-autoChallenge-off.json",
        ),
    );
    assert_eq!(steps(&out), ["send-push"]);
    let (ticket, form, inputs) = submitted(&h.user(Action::SendPush {
        auto_challenge: Some(true),
    }));
    assert_eq!(form, "authenticator-verification-data");
    assert_eq!(
        inputs.get("authenticator"),
        Some(&json!({"methodType": "push", "autoChallenge": true}))
    );
    let waiting = fixture("siw-v3/idp/idx/challenge/verify-ov-send-push.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    h.answer(ticket, Reply::Proceeded(Ok(waiting)));
    assert_eq!(h.step_name(), "push-waiting");
    h.user(Action::SetAutoChallenge(false));
    assert_eq!(h.session.auto_challenge(), Some(false));
    h.advance(refresh);
    let (_, _, inputs) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    assert_eq!(inputs.get("autoChallenge"), Some(&json!(false)));
}

/// Back to sign in while a request is out, and removal: late answers change nothing.
#[test]
fn late_answers_after_cancel_switch_or_removal_are_dropped() {
    let (mut h, _) = Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    let (stale, ..) = submitted(&h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    }));
    let out = h.user(Action::Restart);
    let fresh = begin_ticket(&out);
    assert_eq!(h.session.phase(), &Phase::Loading);
    let out = h.answer(
        stale,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json",
        ))),
    );
    assert!(
        out.is_empty(),
        "an answer for the abandoned transaction: {out:?}"
    );
    assert_eq!(h.session.phase(), &Phase::Loading);
    // The same answer twice is heard once.
    let first = fixture("siw-v3/idp/idx/introspect/default.json");
    let reply = Reply::Began {
        secrets: Some(secrets()),
        handle: None,
        result: Ok(first),
    };
    assert!(!h.answer(fresh, reply.clone()).is_empty());
    assert!(h.answer(fresh, reply).is_empty());

    // Removed while a request is out: the answer, timers and actions do nothing.
    let (pending, ..) = submitted(&h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    }));
    // Only the cancel that tells the org the transaction is given up.
    let out = h.send(Event::Removed);
    assert!(
        out.iter()
            .all(|c| matches!(c, Command::CancelTransaction(_))),
        "{out:?}"
    );
    let before = h.session.clone();
    assert!(
        h.answer(
            pending,
            Reply::Proceeded(Err(IdxError::Transport("aborted".into())))
        )
        .is_empty()
    );
    assert!(h.send(Event::TimerFired(Timer::Poll)).is_empty());
    assert!(h.send(Event::Visibility(true)).is_empty());
    assert!(h.user(Action::Restart).is_empty());
    assert!(h.send(Event::Started { saved: None }).is_empty());
    assert_eq!(h.session, before, "nothing changed after removal");
}

/// A poll that brings a new state while a resend is out: the resend's late answer is stale.
#[test]
fn a_newer_state_makes_other_requests_stale() {
    let waiting = fixture("siw-playground/idp/idx/authenticator-enroll-ov-email.json");
    let (mut h, _) = Harness::started(config(), waiting);
    h.advance(30_000);
    h.send(Event::TimerFired(Timer::Reminder));
    let (resend, ..) = submitted(&h.user(Action::Resend));
    let (poll, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let done = fixture("siw-playground/idp/idx/success-with-interaction-code.json");
    let out = h.answer(poll, Reply::Polled(Ok(done)));
    assert_eq!(steps(&out), ["success"]);
    let out = h.answer(
        resend,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-enroll-ov-email.json",
        ))),
    );
    assert!(out.is_empty());
    assert_eq!(h.step_name(), "success");
}

/// One request at a time: a second submit while the first is out is not sent.
#[test]
fn double_submit_sends_once() {
    let (mut h, _) = Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    let action = Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    };
    let (ticket, ..) = submitted(&h.user(action.clone()));
    assert!(no_requests(&h.user(action.clone())), "still busy");
    assert!(no_requests(&h.user(Action::Skip)));
    // A failed submit frees the buttons and keeps the step, with the reason on top.
    h.answer(
        ticket,
        Reply::Proceeded(Err(IdxError::Transport("Failed to fetch".into()))),
    );
    assert_eq!(h.step_name(), "identify");
    assert_eq!(h.session.banner(), Some(&unreachable()));
    assert!(!h.session.busy());
    submitted(&h.user(action));
    assert_eq!(h.session.banner(), None, "a new try clears the old error");
}

fn waiting_on_push() -> (Harness, u64) {
    let waiting =
        fixture("siw-playground/idp/idx/authenticator-verification-okta-verify-push.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    let (h, _) = Harness::started(config(), waiting);
    assert_eq!(h.step_name(), "push-waiting");
    (h, refresh)
}

/// Rate limited mid-poll: say so, wait what the org asked, then carry on.
#[test]
fn a_rate_limit_while_polling_waits_and_resumes() {
    let (mut h, refresh) = waiting_on_push();
    h.advance(refresh);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
            reset_at: None,
            summary: "Too many requests".into(),
            state: None,
        })),
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(7000));
    assert_eq!(h.session.notice(), Some(&Note::RateLimitedFor(7)));
    assert_eq!(h.step_name(), "push-waiting");
    h.advance(6999);
    assert!(
        no_requests(&h.send(Event::TimerFired(Timer::Poll))),
        "not before the wait"
    );
    h.advance(1);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let waiting = h.session.state().unwrap().clone();
    h.answer(ticket, Reply::Polled(Ok(waiting)));
    assert_eq!(h.session.notice(), None);
}

/// The network drops mid-poll: keep the step, say we are reconnecting, back off, give up
/// after six in a row with a clear message.
#[test]
fn network_failures_while_polling_back_off_then_give_up() {
    let (mut h, refresh) = waiting_on_push();
    let mut waits = Vec::new();
    let mut wait = refresh;
    for _ in 0..poll::MAX_FAILURES {
        h.advance(wait);
        let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
        let out = h.answer(
            ticket,
            Reply::Polled(Err(IdxError::Transport("Load failed".into()))),
        );
        assert_eq!(h.step_name(), "push-waiting", "the step is kept");
        match scheduled(&out, Timer::Poll) {
            Some(next) => {
                assert_eq!(h.session.notice(), Some(&Note::Reconnecting));
                waits.push(next);
                wait = next;
            }
            None => break,
        }
    }
    assert!(waits[0] > refresh, "backing off: {waits:?}");
    assert!(
        waits.windows(2).all(|w| w[1] >= w[0]),
        "backing off: {waits:?}"
    );
    assert!(
        waits.iter().all(|w| *w <= poll::MAX_BACKOFF_MS),
        "capped: {waits:?}"
    );
    assert_eq!(waits.len() as u32, poll::MAX_FAILURES - 1);
    assert_eq!(h.session.banner(), Some(&unreachable()));
    assert_eq!(h.session.notice(), None);
}

/// A request that could not even be sent (no org client, say) still gets a reply of its own
/// kind, so the session hears it: a poll that fails that way backs off like a lost connection
/// instead of leaving the step waiting for an answer that never comes.
#[test]
fn a_request_that_could_not_be_sent_is_answered_in_its_own_kind() {
    let (mut h, refresh) = waiting_on_push();
    h.advance(refresh);
    let out = h.send(Event::TimerFired(Timer::Poll));
    let poll = out
        .iter()
        .find(|c| matches!(c, Command::Poll { .. }))
        .expect("a poll");
    let reply = Reply::failed(poll, IdxError::Transport("no org".into()));
    let out = h.answer(poll.ticket().unwrap(), reply);
    assert!(
        scheduled(&out, Timer::Poll).is_some_and(|next| next > refresh),
        "backs off: {out:?}"
    );
    assert_eq!(h.session.notice(), Some(&Note::Reconnecting));
}

/// Without `Retry-After`, the wait runs to `x-rate-limit-reset` by the page's own clock; with
/// neither, a minute.
#[test]
fn a_rate_limit_reset_is_measured_against_the_local_clock() {
    let (mut h, refresh) = waiting_on_push();
    h.now = 1_700_000_000_000; // the browser's clock: milliseconds since the epoch
    h.advance(refresh);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let reset_at = h.now / 1000 + 20;
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::RateLimited {
            retry_after: None,
            reset_at: Some(reset_at),
            summary: "API call exceeded rate limit due to too many requests.".into(),
            state: None,
        })),
    );
    let wait = scheduled(&out, Timer::Poll).unwrap();
    assert!((19_000..=20_000).contains(&wait), "{wait}");
    h.advance(wait);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::RateLimited {
            retry_after: None,
            reset_at: None,
            summary: "Too many requests".into(),
            state: None,
        })),
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(60_000));
    // On a submit, the banner says how long.
    let (mut h, _) = Harness::started(config(), fixture("siw-v3/idp/idx/introspect/default.json"));
    let (ticket, ..) = submitted(&h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: Some("x".into()),
        remember_me: None,
    }));
    h.answer(
        ticket,
        Reply::Proceeded(Err(IdxError::RateLimited {
            retry_after: Some(Duration::from_secs(30)),
            reset_at: None,
            summary: "Too many requests".into(),
            state: None,
        })),
    );
    assert_eq!(h.session.banner(), Some(&Note::RateLimitedFor(30)));
}

/// Back from the phone: poll half a second later, and a poll that fails right then (iOS
/// Safari's "Load failed") is retried quietly.
#[test]
fn returning_to_the_page_polls_soon_and_forgives_a_failure() {
    let (mut h, refresh) = waiting_on_push();
    h.advance(refresh / 4);
    assert!(h.send(Event::Visibility(false)).is_empty());
    let out = h.send(Event::Visibility(true));
    assert_eq!(scheduled(&out, Timer::Poll), Some(poll::VISIBLE_DELAY_MS));
    h.advance(poll::VISIBLE_DELAY_MS);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let out = h.answer(
        ticket,
        Reply::Polled(Err(IdxError::Transport("Load failed".into()))),
    );
    assert_eq!(scheduled(&out, Timer::Poll), Some(poll::VISIBLE_DELAY_MS));
    assert_eq!(h.session.notice(), None, "nothing to worry the user with");
}

/// Okta's 5xx (an Ion document with only messages) on a submit: the step stays, with a
/// message to try again; a 400 with only messages also keeps the step, with the server's words.
#[test]
fn server_hiccups_on_a_submit_keep_the_step() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-okta-verify-totp.json"),
    );
    let (ticket, ..) = submitted(&h.user(Action::Code("123456".into())));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Err(IdxError::Okta {
            status: 500,
            code: "E0000009".into(),
            summary: "Internal Server Error".into(),
            causes: vec![],
        })),
    );
    assert!(steps(&out).is_empty());
    assert_eq!(h.step_name(), "enter-code");
    assert_eq!(
        h.session.banner(),
        Some(&Note::Failed(Reason::Own(Text::ServerError)))
    );

    let (ticket, ..) = submitted(&h.user(Action::Code("123456".into())));
    let bad = fixture("siw-playground/idp/idx/error-400-bad-request.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(400, bad))));
    assert!(steps(&out).is_empty(), "{out:?}");
    assert_eq!(h.step_name(), "enter-code");
    assert!(
        matches!(h.session.banner(), Some(Note::Server(said)) if said[0].message == "Bad request."),
        "the server's words: {:?}",
        h.session.banner()
    );

    // A vanished transaction is a dead end.
    let (ticket, ..) = submitted(&h.user(Action::Code("123456".into())));
    let gone = fixture("siw-playground/idp/idx/error-404-verification-timed-out.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(404, gone))));
    assert_eq!(steps(&out), ["terminal"]);
}

/// On a phone, Okta Verify enrollment starts on the choice of a setup link.
#[test]
fn a_phone_starts_enrollment_on_the_channel_choice() {
    let mut h = Harness::new(config());
    h.session = Session::new(&config()).on_mobile(true);
    let ticket = begin_ticket(&h.send(Event::Started { saved: None }));
    let out = h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets()),
            handle: None,
            result: Ok(fixture(
                "siw-playground/idp/idx/authenticator-enroll-ov-qr.json",
            )),
        },
    );
    assert_eq!(steps(&out), ["choose-channel"]);
    assert_eq!(scheduled(&out, Timer::Poll), None);
    // The QR code is one tap away.
    let out = h.user(Action::SwitchTo(Alternative::Primary));
    assert_eq!(steps(&out), ["enroll-qr"]);
}

/// Same-device enrollment finishes in Okta Verify on this device, and the page polls to learn
/// it did, as Okta's widget does; device bootstrap is the phone's alone: no polling.
#[test]
fn same_device_enrollment_is_polled_and_device_bootstrap_is_not() {
    let same_device: IdxResponse =
        fixture("siw-playground/idp/idx/authenticator-enroll-ov-same-device.json");
    let (_, out) = Harness::started(config(), same_device.clone());
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000), "{out:?}");
    let mut bootstrap = same_device;
    bootstrap
        .current_authenticator
        .as_mut()
        .and_then(|a| a.value.contextual_data.as_mut())
        .expect("contextual data")
        .selected_channel = Some("devicebootstrap".into());
    let (_, out) = Harness::started(config(), bootstrap);
    assert_eq!(scheduled(&out, Timer::Poll), None, "{out:?}");
}

/// Two phones share one authenticator id: the choice sends the enrollment it stands for.
#[test]
fn options_sharing_an_id_are_told_apart_by_their_enrollment() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-select-authenticator.json"),
    );
    let phones: Vec<Choice> = match &h.session.step().unwrap().kind {
        StepKind::ChooseAuthenticator { choices, .. } => choices
            .iter()
            .filter(|c| c.id == "aut5v31Tb789KuCGY0g4")
            .cloned()
            .collect(),
        other => panic!("{other:?}"),
    };
    let enrollments: Vec<_> = phones.iter().map(|c| c.enrollment_id.clone()).collect();
    assert!(
        enrollments.contains(&Some("pae5ykzcnhmdfSMuQ0g4".into())),
        "{phones:?}"
    );
    let second = phones
        .iter()
        .find(|c| c.enrollment_id.as_deref() == Some("pae5ykzcnhmdfSMuQ0g4"))
        .unwrap()
        .clone();
    let (_, _, inputs) = submitted(&h.user(Action::Choose(second)));
    assert_eq!(
        inputs.get("authenticator").unwrap()["enrollmentId"],
        json!("pae5ykzcnhmdfSMuQ0g4")
    );
}

/// An expired transaction: the terminal step; "Back to sign in" starts a new one.
#[test]
fn an_expired_session_ends_on_the_terminal_step_and_restarts() {
    let (mut h, refresh) = waiting_on_push();
    h.advance(refresh);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let expired = fixture("siw-playground/idp/idx/error-401-session-expired.json");
    let out = h.answer(ticket, Reply::Polled(Err(state_error(401, expired))));
    assert_eq!(steps(&out), ["terminal"]);
    assert!(matches!(
        h.session.step().unwrap().kind,
        StepKind::Terminal {
            kind: crate::flow::TerminalKind::Expired
        }
    ));
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::ExpiredTitle))
    );
    h.advance(60_000);
    assert!(h.send(Event::TimerFired(Timer::Poll)).is_empty());
    let out = h.user(Action::Restart);
    begin_ticket(&out);
    assert_eq!(announced(&out), Some(&Announcement::Says(Text::Loading)));
    // Pressed again before the org answered: still the one new transaction.
    let again = h.user(Action::Restart);
    assert!(
        !again.iter().any(|c| matches!(c, Command::Begin { .. })),
        "{again:?}"
    );
}

/// The token exchange: refused tokens end the sign-in with a typed error; stored only when
/// the host asked for sessionStorage.
#[test]
fn the_token_exchange_succeeds_stores_or_fails() {
    let done = fixture("siw-playground/idp/idx/success-with-interaction-code.json");
    let exchange = |out: &[Command]| {
        out.iter()
            .find_map(|c| match c {
                Command::Exchange { ticket, form, .. } => {
                    assert_eq!(form.name, "issue");
                    Some(*ticket)
                }
                _ => None,
            })
            .expect("an exchange")
    };
    // The first answer is already the success (the org's session): go on as that user.
    let (mut h, _) = Harness::started(config(), done.clone());
    let out = h.user(Action::ContinueSession);
    let out = h.answer(
        exchange(&out),
        Reply::Exchanged(Err(IdxError::OAuth {
            status: 400,
            error: "invalid_grant".into(),
            description: Some("PKCE verification failed.".into()),
        })),
    );
    let error = Failure {
        kind: ErrorKind::Rejected,
        reason: Reason::Org("PKCE verification failed.".into()),
    };
    assert_eq!(h.session.phase(), &Phase::Failed(error.clone()));
    assert_eq!(steps(&out), ["error"]);
    assert!(out.contains(&Command::Emit(HostEvent::Error(error))));
    assert!(
        !out.iter()
            .any(|c| matches!(c, Command::Emit(HostEvent::Success(_))))
    );

    let mut stored = config();
    stored.token_storage = TokenStorage::SessionStorage;
    let (mut h, _) = Harness::started(stored, done);
    let out = h.user(Action::ContinueSession);
    let out = h.answer(exchange(&out), Reply::Exchanged(Ok(tokens())));
    assert!(out.contains(&Command::StoreTokens(tokens())));
}

/// Starting can fail: no random source, an org that does not allow the grant.
#[test]
fn a_start_that_fails_says_why() {
    let mut h = Harness::new(config());
    let ticket = begin_ticket(&h.send(Event::Started { saved: None }));
    h.answer(
        ticket,
        Reply::Began {
            secrets: None,
            handle: None,
            result: Err(IdxError::BadRequest("no random source".into())),
        },
    );
    assert!(matches!(h.session.phase(), Phase::Failed(e) if e.kind == ErrorKind::Config));

    let ticket = begin_ticket(&h.user(Action::Restart));
    let out = h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets()),
            handle: None,
            result: Err(IdxError::OAuth {
                status: 400,
                error: "access_denied".into(),
                description: None,
            }),
        },
    );
    assert!(matches!(h.session.phase(), Phase::Failed(e) if e.kind == ErrorKind::NotEnabled));
    assert_eq!(
        announced(&out),
        Some(&Announcement::Failed(Reason::Own(Text::NotEnabled)))
    );
}

/// An Okta-hosted success navigates only within the org's origin.
#[test]
fn redirects_stay_on_the_org() {
    let (_, out) = Harness::started(config(), fixture("siw-playground/idp/idx/success.json"));
    let navigate: Vec<_> = out
        .iter()
        .filter(|c| matches!(c, Command::Navigate(_)))
        .collect();
    assert_eq!(navigate.len(), 1, "{out:?}");
    let elsewhere = Config::new(
        "https://other.example/oauth2/default",
        "0oa1",
        "https://app/cb",
    );
    let (h, out) = Harness::started(elsewhere, fixture("siw-playground/idp/idx/success.json"));
    assert!(!out.iter().any(|c| matches!(c, Command::Navigate(_))));
    // Refused, it is an error the person and the host hear of, not "You're signed in".
    assert!(
        matches!(h.session.phase(), Phase::Failed(e) if e.kind == ErrorKind::Unexpected),
        "{:?}",
        h.session.phase()
    );
    assert!(
        out.iter().any(
            |c| matches!(c, Command::Emit(HostEvent::Error(e)) if e.kind == ErrorKind::Unexpected)
        ),
        "{out:?}"
    );
    assert!(
        !out.contains(&Command::Emit(HostEvent::Step("redirect"))),
        "{out:?}"
    );
}

/// The resume of the transaction [`saved`] keeps: its handle and its secrets.
fn resumed(out: &[Command]) -> Ticket {
    match out.iter().find(|c| matches!(c, Command::Resume { .. })) {
        Some(Command::Resume {
            ticket,
            handle,
            secrets: s,
        }) => {
            assert_eq!(handle.expose(), "ih-kept");
            assert_eq!(s, &secrets());
            *ticket
        }
        _ => panic!("no resume in {out:?}"),
    }
}

fn saved(config: &Config, created_at: u64) -> SavedTransaction {
    SavedTransaction::new(
        &config.issuer,
        &config.client_id,
        &idx_protocol::secret::InteractionHandle::new("ih-kept"),
        &secrets(),
        created_at,
    )
}

/// A transaction is kept once it starts and forgotten once it ends.
#[test]
fn the_transaction_is_kept_while_it_lasts() {
    let mut h = Harness::new(config());
    let out = h.send(Event::Started { saved: None });
    assert!(
        out.contains(&Command::ForgetTransaction),
        "a fresh start drops a stale one"
    );
    let out = h.answer(
        begin_ticket(&out),
        Reply::Began {
            secrets: Some(secrets()),
            handle: Some(idx_protocol::secret::InteractionHandle::new("ih-kept")),
            result: Ok(fixture(
                "siw-playground/idp/idx/success-with-interaction-code.json",
            )),
        },
    );
    // With the org's own end: the fixture's `expiresAt`.
    let kept = saved(&config(), h.now).expiring(Some("2021-02-10T00:55:04.000Z"));
    assert_eq!(kept.expires_at, Some(1_612_918_504_000));
    assert!(out.contains(&Command::SaveTransaction(kept)));
    let out = h.user(Action::ContinueSession);
    let ticket = out.iter().find_map(Command::ticket).expect("the exchange");
    let out = h.answer(ticket, Reply::Exchanged(Ok(tokens())));
    assert!(
        out.contains(&Command::ForgetTransaction),
        "signed in: nothing to resume"
    );

    // Turned off: nothing is kept.
    let mut off = config();
    off.resume = false;
    let mut h = Harness::new(off);
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    begin_ticket(&out);
    assert!(!out.iter().any(|c| matches!(
        c,
        Command::SaveTransaction(_) | Command::ForgetTransaction | Command::Resume { .. }
    )));
}

/// After a reload: the same transaction, the same push, the saved verifier for the tokens.
#[test]
fn a_reload_resumes_the_same_push() {
    let mut h = Harness::new(config());
    h.now = 1_700_000_000_000;
    let kept = saved(&config(), h.now - 60_000);
    let out = h.send(Event::Started {
        saved: Some(kept.clone()),
    });
    let ticket = resumed(&out);
    let waiting = fixture("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    let out = h.answer(ticket, Reply::Resumed(Ok(waiting)));
    assert_eq!(steps(&out), ["push-waiting"]);
    h.advance(refresh);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let out = h.answer(
        ticket,
        Reply::Polled(Ok(fixture(
            "siw-v3/idp/idx/authenticators/poll/verify-ov-push-manual-success.json",
        ))),
    );
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Exchange { secrets: s, .. } if *s == secrets()))
    );
}

/// A kept transaction that is gone, too old, or another app's: start afresh.
#[test]
fn a_stale_or_foreign_transaction_starts_afresh() {
    let mut h = Harness::new(config());
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), h.now)),
    });
    let ticket = out.iter().find_map(Command::ticket).unwrap();
    let expired = fixture("siw-playground/idp/idx/error-401-session-expired.json");
    let out = h.answer(ticket, Reply::Resumed(Err(state_error(401, expired))));
    begin_ticket(&out);
    assert!(out.contains(&Command::ForgetTransaction));

    let mut other = config();
    other.client_id = "0oa-another-app".into();
    let mut h = Harness::new(other);
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    }));
    let mut h = Harness::new(config());
    h.now = 10 * saved::MAX_AGE_MS;
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), 0)),
    }));
    // Past the org's own end (its `expiresAt`), or started later than now.
    let mut h = Harness::new(config());
    h.now = 1_599_062_287_000; // 2020-09-02T15:58:07Z
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), h.now - 60_000).expiring(Some("2020-09-02T15:58:07Z"))),
    }));
    let mut h = Harness::new(config());
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), h.now + 1)),
    }));
    // One second before the org's end it is still resumed.
    let mut h = Harness::new(config());
    h.now = 1_599_062_286_000;
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), h.now - 60_000).expiring(Some("2020-09-02T15:58:07Z"))),
    });
    assert!(
        out.iter().any(|c| matches!(c, Command::Resume { .. })),
        "{out:?}"
    );
}

/// The email code step polls the authenticator's own `poll` at its `refresh` while the person
/// types: the magic link opened anywhere signs in here. A wrong code keeps the step.
#[test]
fn the_email_code_step_polls_for_the_magic_link() {
    let email = fixture("siw-playground/idp/idx/authenticator-verification-email.json");
    let (mut h, out) = Harness::started(config(), email.clone());
    assert_eq!(h.step_name(), "email-code");
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));
    h.advance(4000);
    let (ticket, form, _) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    assert_eq!(form, "poll", "the authenticator's poll action");
    // Still waiting: same step, next poll scheduled.
    let out = h.answer(ticket, Reply::Polled(Ok(email.clone())));
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000));
    assert!(steps(&out).is_empty());
    // A wrong code: the field error, the same step, and polling goes on.
    let (ticket, ..) = submitted(&h.user(Action::Passcode("000000".into())));
    let wrong = fixture("siw-playground/idp/idx/error-401-invalid-email-otp-passcode.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(401, wrong))));
    assert_eq!(h.step_name(), "email-code");
    assert_eq!(scheduled(&out, Timer::Poll), Some(4000), "{out:?}");
    // The link was opened: the poll's answer is the success.
    h.advance(4000);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let done = fixture("siw-playground/idp/idx/success-with-interaction-code.json");
    let out = h.answer(ticket, Reply::Polled(Ok(done)));
    assert!(
        out.iter().any(|c| matches!(c, Command::Exchange { .. })),
        "{out:?}"
    );
}

/// A 4xx answer with only messages while polling (access denied after the approval) is the
/// org's last word: shown at once, no retry, no "could not reach your organization".
#[test]
fn a_denial_while_polling_is_final() {
    let (mut h, refresh) = waiting_on_push();
    h.advance(refresh);
    let (ticket, ..) = polled(&h.send(Event::TimerFired(Timer::Poll)));
    let denied = fixture("siw-playground/idp/idx/error-403-access-denied.json");
    let out = h.answer(ticket, Reply::Polled(Err(state_error(403, denied))));
    assert_eq!(steps(&out), ["terminal"]);
    assert_eq!(
        h.session.step().unwrap().kind,
        StepKind::Terminal {
            kind: crate::flow::TerminalKind::Denied
        }
    );
    assert_eq!(scheduled(&out, Timer::Poll), None);
    assert_eq!(h.session.notice(), None);
    h.advance(60_000);
    assert!(no_requests(&h.send(Event::TimerFired(Timer::Poll))));
}

/// "Send again" on a phone code: offered once the reminder is due, it posts the resend and
/// says so, and the reminder starts over.
#[test]
fn a_phone_code_is_sent_again_after_the_reminder() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-phone-sms.json"),
    );
    assert_eq!(h.step_name(), "phone-code");
    let delay = scheduled(&out, Timer::Reminder).expect("a reminder");
    assert!(!h.session.reminder_due());
    h.advance(delay);
    h.send(Event::TimerFired(Timer::Reminder));
    assert!(h.session.reminder_due());
    let out = h.user(Action::Resend);
    let (_, form, _) = submitted(&out);
    assert_eq!(form, "resend");
    assert_eq!(announced(&out), Some(&Announcement::Says(Text::Resent)));
    assert!(!h.session.reminder_due());
}

/// Two new passwords that differ are not sent; the confirm field says why.
#[test]
fn new_passwords_that_differ_are_not_sent() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-expired-password.json"),
    );
    let out = h.user(Action::NewPassword {
        password: "Abcd1234".into(),
        confirm: "Abcd1235".into(),
        revoke_sessions: None,
    });
    assert!(no_requests(&out));
    let refused = h.session.refused().expect("refused");
    assert_eq!(
        (refused.path.as_ref(), refused.why),
        ("confirmPassword", Text::PasswordMismatch)
    );
}

const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// A server-side web app: the page interacts with its back end's challenge and state, holds
/// no verifier, and ends by sending the browser to the redirect URI with the interaction code
/// and state; nothing is exchanged in the browser.
#[test]
fn a_web_app_page_interacts_with_its_back_end_s_challenge_and_hands_back_the_code() {
    let config = config().for_web_app(CHALLENGE, "state-from-the-back-end");
    let mut h = Harness::new(config);
    let out = h.send(Event::Started { saved: None });
    let (ticket, secrets, handle) = out
        .iter()
        .find_map(|c| match c {
            Command::Adopt {
                ticket,
                secrets,
                handle,
                ..
            } => Some((*ticket, secrets.clone(), handle.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no adopt in {out:?}"));
    assert!(handle.is_none(), "the page interacts itself");
    assert_eq!(secrets.challenge(), Some(CHALLENGE));
    assert_eq!(secrets.state().expose(), "state-from-the-back-end");
    assert_eq!((secrets.verifier(), secrets.nonce()), (None, None));
    h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets),
            handle: None,
            result: Ok(fixture(
                "siw-playground/idp/idx/authenticator-verification-password.json",
            )),
        },
    );
    let (ticket, ..) = submitted(&h.user(Action::Password("pw".into())));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/success-with-interaction-code.json",
        ))),
    );
    assert!(
        !out.iter().any(|c| matches!(c, Command::Exchange { .. })),
        "no exchange in the browser: {out:?}"
    );
    let target = out
        .iter()
        .find_map(|c| match c {
            Command::Navigate(Href(href)) => Some(href.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no redirect in {out:?}"));
    let url = idx_protocol::Address::parse(&target).unwrap();
    assert_eq!(url.path(), "/login/callback");
    let pairs: std::collections::HashMap<_, _> =
        form_urlencoded::parse(url.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    assert_eq!(pairs["state"], "state-from-the-back-end");
    assert!(!pairs["interaction_code"].is_empty());
    assert!(out.iter().any(|c| matches!(
        c,
        Command::Emit(HostEvent::InteractionCode { state, .. }) if state == "state-from-the-back-end"
    )));
    assert_eq!(h.session.phase(), &Phase::Done);
}

/// A back end that called interact itself gives the page the handle: the page starts at
/// introspect; with `redirect_with_code` off it only tells the host.
#[test]
fn a_web_app_page_can_start_from_its_back_end_s_handle_and_leave_the_redirect_to_the_host() {
    let mut config = config();
    config.interaction_handle = Some("handle-from-the-back-end".into());
    config.state = Some("st".into());
    config.redirect_with_code = false;
    let mut h = Harness::new(config);
    let out = h.send(Event::Started { saved: None });
    let Some(Command::Adopt {
        ticket,
        secrets,
        handle: Some(handle),
        ..
    }) = out
        .iter()
        .find(|c| matches!(c, Command::Adopt { .. }))
        .cloned()
    else {
        panic!("{out:?}")
    };
    assert_eq!(handle.expose(), "handle-from-the-back-end");
    assert_eq!(secrets.challenge(), None);
    h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets),
            handle: Some(handle),
            result: Ok(fixture(
                "siw-playground/idp/idx/success-with-interaction-code.json",
            )),
        },
    );
    let out = h.user(Action::ContinueSession);
    assert!(
        !out.iter().any(|c| matches!(c, Command::Navigate(_))),
        "{out:?}"
    );
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Emit(HostEvent::InteractionCode { .. })))
    );
}

/// After a reload the page resumes its back end's sign-in with the handle alone, but never
/// one whose `state` the back end no longer expects.
#[test]
fn a_web_app_page_resumes_only_its_back_end_s_current_sign_in() {
    let saved_with = |state: &str| {
        SavedTransaction::new(
            "http://localhost:3000/oauth2/default",
            "0oa1",
            &InteractionHandle::new("ih".to_owned()),
            &PkceSecrets::from_back_end(
                Some(CHALLENGE.to_owned()),
                OAuthState::new(state.to_owned()),
            ),
            1_000,
        )
    };
    let config = config().for_web_app(CHALLENGE, "current");
    let mut h = Harness::new(config.clone());
    let out = h.send(Event::Started {
        saved: Some(saved_with("current")),
    });
    assert!(
        out.iter().any(|c| matches!(c, Command::Resume { .. })),
        "{out:?}"
    );
    let mut h = Harness::new(config);
    let out = h.send(Event::Started {
        saved: Some(saved_with("an-older-sign-in")),
    });
    assert!(
        out.iter().any(|c| matches!(c, Command::Adopt { .. })),
        "{out:?}"
    );
}

/// An email magic link's `otp` given to the widget is entered for the person at the email
/// step, once: a wrong one leaves the step for the person to type the code.
#[test]
fn an_otp_from_an_email_link_is_entered_at_the_email_step_once() {
    let mut config = config();
    config.otp = Some("482913".into());
    let (mut h, out) = Harness::started(
        config,
        fixture("siw-playground/idp/idx/authenticator-verification-email.json"),
    );
    let (ticket, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-authenticator");
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({"passcode": "482913"}))
    );
    let wrong = fixture("siw-playground/idp/idx/error-401-invalid-email-otp-passcode.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(401, wrong))));
    assert_eq!(h.step_name(), "email-code");
    assert!(
        !out.iter().any(|c| matches!(c, Command::Submit { .. })),
        "not sent again: {out:?}"
    );
}

/// Started with an interaction handle, as a real interact gives one.
fn started_with_handle(config: Config, first: IdxResponse) -> (Harness, Vec<Command>) {
    Harness::began(
        config,
        Some(InteractionHandle::new("ih-1".to_owned())),
        first,
    )
}

/// What leaving the page does: the transaction kept, then where the browser goes.
fn leaving(out: &[Command]) -> Vec<String> {
    out.iter()
        .filter_map(|c| match c {
            Command::SaveTransaction(saved) => Some(format!("save {}", saved.interaction_handle)),
            Command::Navigate(Href(href)) => {
                Some(format!("go {}", href.split('?').next().unwrap_or("")))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn an_identity_provider_keeps_the_transaction_then_navigates_to_it() {
    for resume in [true, false] {
        let mut cfg = config();
        cfg.resume = resume;
        let (mut h, out) = started_with_handle(
            cfg,
            fixture("siw-playground/idp/idx/identify-with-third-party-idps.json"),
        );
        assert_eq!(steps(&out), ["identify"]);
        let google = h.session.step().unwrap().idps[0].href.clone();
        let out = h.user(Action::SignInWith(google));
        // Kept as for a reload, even where reloads do not resume: the page picks the sign-in
        // up when the IdP sends the browser back.
        assert_eq!(
            leaving(&out),
            ["save ih-1", "go http://localhost:3000/sso/idps/google-123"],
            "resume = {resume}"
        );
        assert!(no_requests(&out));
    }
}

#[test]
fn a_lone_identity_provider_is_gone_to_at_once() {
    let (_, out) = started_with_handle(
        config(),
        fixture("siw-playground/idp/idx/identify-with-only-one-third-party-idp.json"),
    );
    assert_eq!(steps(&out), ["identity-providers"]);
    assert_eq!(
        leaving(&out)[1..],
        [
            "save ih-1",
            "go http://localhost:3000/sso/idps/facebook-idp-id-123"
        ],
        "after the save interact's own"
    );
    // Several IdPs (and a sign-up link) wait for the person's choice.
    let (_, out) = started_with_handle(
        config(),
        fixture("siw-playground/idp/idx/identify-with-only-third-party-idps.json"),
    );
    assert_eq!(steps(&out), ["identity-providers"]);
    assert!(!out.iter().any(|c| matches!(c, Command::Navigate(_))));
}

#[test]
fn an_identity_provider_off_the_org_or_not_offered_is_refused() {
    let mut state = serde_json::to_value(fixture(
        "siw-playground/idp/idx/identify-with-third-party-idps.json",
    ))
    .unwrap();
    state["remediation"]["value"][1]["href"] = json!("https://evil.example/sso/idps/google-123");
    let state: IdxResponse = serde_json::from_value(state).unwrap();
    let (mut h, _) = started_with_handle(config(), state);
    let evil = h.session.step().unwrap().idps[0].href.clone();
    assert!(evil.starts_with("https://evil.example/"));
    let out = h.user(Action::SignInWith(evil));
    assert!(leaving(&out).is_empty(), "{out:?}");
    assert_eq!(
        h.session.banner(),
        Some(&Note::IdpRefused),
        "said, not silently ignored"
    );
    // An address the state never offered is not followed either.
    let out = h.user(Action::SignInWith("http://localhost:3000/anything".into()));
    assert!(leaving(&out).is_empty());
}

#[test]
fn forgot_password_submits_the_embedded_recover_action() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-password.json"),
    );
    let out = h.user(Action::Recover);
    let (ticket, form, inputs) = submitted(&out);
    assert_eq!(form, "recover");
    assert_eq!(inputs, Inputs::new());
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture("siw-playground/idp/idx/identify-recovery.json"))),
    );
    assert_eq!(steps(&out), ["identify-recovery"]);
    let out = h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: None,
        remember_me: None,
    });
    let (ticket, form, _) = submitted(&out);
    assert_eq!(form, "identify-recovery");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-for-recovery.json"
        ))),
    );
    assert_eq!(steps(&out), ["choose-authenticator-recover"]);
}

#[test]
fn unlock_and_sign_up_are_submitted_from_the_links_and_end_where_okta_says() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-unlock-account-link.json"),
    );
    let (ticket, form, _) = submitted(&h.user(Action::UnlockAccount));
    assert_eq!(form, "unlock-account");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/user-unlock-account.json",
        ))),
    );
    assert_eq!(steps(&out), ["unlock-account"]);
    let StepKind::UnlockAccount { choices, .. } = h.session.step().unwrap().kind.clone() else {
        panic!("not unlock");
    };
    let (ticket, form, _) = submitted(&h.user(Action::Unlock {
        username: Some("locked@example.com".into()),
        choice: Some(choices[0].clone()),
    }));
    assert_eq!(form, "select-authenticator-unlock-account");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/user-account-unlock-success.json",
        ))),
    );
    assert_eq!(steps(&out), ["terminal"]);
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::UnlockedTitle))
    );

    let (mut h, _) = Harness::started(config(), fixture("siw-playground/idp/idx/identify.json"));
    let (ticket, form, _) = submitted(&h.user(Action::SignUp));
    assert_eq!(form, "select-enroll-profile");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Err(state_error(
            403,
            fixture("siw-playground/idp/idx/error-new-signup-email-exists.json"),
        ))),
    );
    assert_eq!(steps(&out), ["enroll-profile"]);
    // A required attribute left blank is refused in the page.
    let out = h.user(Action::EnrollProfile(vec![(
        "email".into(),
        json!("a@b.c"),
    )]));
    assert!(no_requests(&out));
    assert_eq!(
        h.session.refused().map(|r| r.path.into_owned()).as_deref(),
        Some("userProfile.lastName")
    );
}
/// A session on a page whose address is `query`.
fn landed(config: Config, query: &str) -> Harness {
    Harness {
        session: Session::new(&config).arriving(Landing::from_query(query)),
        now: 1_000,
    }
}

fn our_state() -> String {
    secrets().state().expose().to_owned()
}

/// An identity provider's return with this tab's `state`: the code is redeemed with the saved
/// transaction's verifier (no new transaction, no introspect), then signed in as always.
#[test]
fn an_identity_provider_s_code_is_redeemed_with_the_saved_transaction() {
    let query = format!("?interaction_code=Txd_5odx08&state={}", our_state());
    let mut h = landed(config(), &query);
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    let ticket = match out.iter().find(|c| matches!(c, Command::Redeem { .. })) {
        Some(Command::Redeem {
            ticket,
            code,
            secrets: s,
        }) => {
            assert_eq!(code.expose(), "Txd_5odx08");
            assert_eq!(s, &secrets(), "the saved verifier and nonce");
            *ticket
        }
        _ => panic!("no redeem in {out:?}"),
    };
    assert!(!out.iter().any(|c| matches!(
        c,
        Command::Begin { .. } | Command::Resume { .. } | Command::ForgetTransaction
    )));
    assert_eq!(h.session.phase(), &Phase::Loading);
    let out = h.answer(ticket, Reply::Exchanged(Ok(tokens())));
    assert_eq!(h.session.phase(), &Phase::Done);
    assert!(out.contains(&Command::ForgetTransaction));
    assert!(out.contains(&Command::Emit(HostEvent::Success(tokens()))));

    // Refused at the token endpoint (a code used twice): a dead end that says so.
    let mut h = landed(config(), &query);
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    let ticket = out.iter().find_map(Command::ticket).unwrap();
    h.answer(
        ticket,
        Reply::Exchanged(Err(IdxError::OAuth {
            status: 400,
            error: "invalid_grant".into(),
            description: None,
        })),
    );
    assert!(matches!(h.session.phase(), Phase::Failed(_)));
}

/// A code or an `interaction_required` whose `state` is not this tab's transaction (a forged
/// link, another tab's, nothing saved) is refused: no token request, no resume, and the kept
/// transaction stays.
#[test]
fn an_answer_for_another_transaction_is_refused_without_a_request() {
    for query in [
        "?interaction_code=c&state=someone-else-s".to_owned(),
        "?error=interaction_required&state=someone-else-s".to_owned(),
        "?error=access_denied&error_description=Call+555-0100&state=x".to_owned(),
    ] {
        for kept in [Some(saved(&config(), 1_000)), None] {
            let mut h = landed(config(), &query);
            let out = h.send(Event::Started { saved: kept });
            assert!(no_requests(&out), "{query}: {out:?}");
            assert!(!out.contains(&Command::ForgetTransaction), "{query}");
            match h.session.phase() {
                Phase::Failed(e) => {
                    assert_eq!(e, &Failure::own(ErrorKind::Mismatch, Text::Mismatch));
                }
                other => panic!("{query}: {other:?}"),
            }
            assert_eq!(steps(&out), ["error"]);
        }
    }
    // A saved transaction of another app is no match either.
    let mut other = config();
    other.client_id = "0oa-another-app".into();
    let mut h = landed(other, &format!("?interaction_code=c&state={}", our_state()));
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    assert!(no_requests(&out));
}

/// `error=interaction_required` (an identity provider signed the person in, the org wants
/// more): the same transaction is introspected and its step shown.
#[test]
fn interaction_required_resumes_the_saved_transaction() {
    let mut h = landed(
        config(),
        &format!("?error=interaction_required&state={}", our_state()),
    );
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    let ticket = resumed(&out);
    let out = h.answer(
        ticket,
        Reply::Resumed(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator.json",
        ))),
    );
    assert_eq!(steps(&out), ["choose-authenticator-verify"]);
    assert_eq!(h.session.phase(), &Phase::Active);

    // Even where a plain reload would not resume (resume off), the answer finds its transaction.
    let mut off = config();
    off.resume = false;
    let mut h = landed(
        off,
        &format!("?error=interaction_required&state={}", our_state()),
    );
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    assert!(out.iter().any(|c| matches!(c, Command::Resume { .. })));
}

/// Any other error is the org's last word on that transaction: shown as text, with the way to
/// start again, and the host told.
#[test]
fn an_error_on_the_address_is_shown_as_text() {
    let query = format!(
        "?error=access_denied&error_description=%3Cb%3EUser+cancelled%3C%2Fb%3E&state={}",
        our_state()
    );
    let mut h = landed(config(), &query);
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    assert!(no_requests(&out));
    assert!(out.contains(&Command::ForgetTransaction));
    let reason = Reason::NotCompleted("<b>User cancelled</b>".into());
    let failure = Failure {
        kind: ErrorKind::Rejected,
        reason: reason.clone(),
    };
    assert_eq!(h.session.phase(), &Phase::Failed(failure.clone()));
    assert_eq!(announced(&out), Some(&Announcement::Failed(reason)));
    assert!(out.contains(&Command::Emit(HostEvent::Error(failure))));
    let out = h.user(Action::Restart);
    begin_ticket(&out);

    // No description: the error code says what happened.
    let mut h = landed(
        config(),
        &format!("?error=server_error&state={}", our_state()),
    );
    h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    assert!(
        matches!(h.session.phase(), Phase::Failed(e) if e.reason == Reason::NotCompleted("server_error".into()))
    );
}

/// An email magic link opened in the tab that started the sign-in: the same transaction goes
/// on, and the link's code is entered at its email step.
#[test]
fn a_magic_link_continues_its_own_transaction_at_the_email_step() {
    let mut h = landed(config(), &format!("?otp=482913&state={}", our_state()));
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    let ticket = resumed(&out);
    let out = h.answer(
        ticket,
        Reply::Resumed(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-email.json",
        ))),
    );
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-authenticator");
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({"passcode": "482913"}))
    );
}

/// Opened anywhere else (another browser, another sign-in's tab, nothing kept): the code is
/// shown, for the person to enter where they started; nothing is sent and nothing kept is lost.
#[test]
fn a_magic_link_opened_elsewhere_shows_its_code() {
    for kept in [None, Some(saved(&config(), 1_000))] {
        let mut h = landed(config(), "?otp=482913&state=another-browser-s");
        let out = h.send(Event::Started { saved: kept });
        assert!(no_requests(&out), "{out:?}");
        assert!(!out.contains(&Command::ForgetTransaction));
        assert_eq!(h.session.phase(), &Phase::CodeElsewhere("482913".into()));
        assert_eq!(steps(&out), ["return-otp"]);
        assert_eq!(
            announced(&out),
            Some(&Announcement::Says(Text::CodeElsewhereText))
        );
        // "Start again" signs in here instead.
        begin_ticket(&h.user(Action::Restart));
    }
}

/// A reset or activation link's token goes to the first interact only, even over a kept
/// transaction; "Back to sign in" afterwards starts a plain one.
#[test]
fn one_time_tokens_go_to_the_first_interact_only() {
    let tokens_of = |out: &[Command]| {
        out.iter()
            .find_map(|c| match c {
                Command::Begin { tokens, .. } | Command::Adopt { tokens, .. } => {
                    Some(tokens.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no begin in {out:?}"))
    };
    let mut config = config();
    config.recovery_token = Some("VBQ0gwBXbJ".into());
    config.activation_token = Some(" ".into());
    let mut h = Harness::new(config.clone());
    let out = h.send(Event::Started {
        saved: Some(saved(&config, 1_000)),
    });
    let tokens = tokens_of(&out);
    assert_eq!(
        tokens.recovery_token.as_ref().map(|t| t.expose()),
        Some("VBQ0gwBXbJ")
    );
    assert!(tokens.activation_token.is_none(), "a blank one is none");
    let out = h.answer(
        begin_ticket(&out),
        Reply::Began {
            secrets: Some(secrets()),
            handle: None,
            result: Ok(fixture(
                "siw-playground/idp/idx/authenticator-reset-password.json",
            )),
        },
    );
    assert_eq!(steps(&out).len(), 1);
    assert!(tokens_of(&h.user(Action::Restart)).is_empty());

    // A server-side web app's back end may give one too.
    let mut web = Config::new(
        "http://localhost:3000/oauth2/default",
        "0oa1",
        "http://localhost:3000/login/callback",
    )
    .for_web_app(CHALLENGE, "s");
    web.activation_token = Some("o7AFoT".into());
    let mut h = Harness::new(web);
    let tokens = tokens_of(&h.send(Event::Started { saved: None }));
    assert_eq!(
        tokens.activation_token.as_ref().map(|t| t.expose()),
        Some("o7AFoT")
    );
}

/// A server-side web app's page that is its own redirect URI: the code goes to the host for
/// the back end, never redeemed here and never navigated to again.
#[test]
fn a_web_app_page_hands_a_returned_code_to_its_host() {
    let config = config().for_web_app(CHALLENGE, "current");
    let kept = SavedTransaction::new(
        &config.issuer,
        &config.client_id,
        &InteractionHandle::new("ih".to_owned()),
        &PkceSecrets::from_back_end(Some(CHALLENGE.to_owned()), OAuthState::new("current")),
        1_000,
    );
    let mut h = landed(config, "?interaction_code=c1&state=current");
    let out = h.send(Event::Started { saved: Some(kept) });
    assert!(no_requests(&out), "{out:?}");
    assert!(!out.iter().any(|c| matches!(c, Command::Navigate(_))));
    assert!(out.contains(&Command::Emit(HostEvent::InteractionCode {
        code: "c1".into(),
        state: "current".into()
    })));
}

/// The WebAuthn ceremony the session asked the driver for: its ticket, and whether it creates.
fn ceremony(out: &[Command]) -> (Ticket, bool) {
    out.iter()
        .find_map(|c| match c {
            Command::WebAuthnCreate { ticket, .. } => Some((*ticket, true)),
            Command::WebAuthnGet {
                ticket,
                autofill: false,
                ..
            } => Some((*ticket, false)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no ceremony in {out:?}"))
}

fn autofill(out: &[Command]) -> Option<Ticket> {
    out.iter().find_map(|c| match c {
        Command::WebAuthnGet {
            ticket,
            autofill: true,
            ..
        } => Some(*ticket),
        _ => None,
    })
}

fn attestation() -> webauthn::Attestation {
    webauthn::Attestation {
        client_data_json: b"{}".to_vec(),
        attestation_object: vec![1, 2, 3],
        transports: Some(vec!["internal".into()]),
        client_extensions: Some(json!({})),
    }
}

fn assertion(user_handle: Option<&[u8]>) -> webauthn::Assertion {
    webauthn::Assertion {
        client_data_json: b"{}".to_vec(),
        authenticator_data: vec![9; 37],
        signature: vec![7; 70],
        user_handle: user_handle.map(<[u8]>::to_vec),
    }
}

#[test]
fn a_security_key_is_set_up_through_the_browser_dialog() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-enroll-webauthn.json"),
    );
    assert_eq!(steps(&out), ["webauthn-enroll"]);
    // Nothing opens until the person presses the button.
    assert!(
        out.iter()
            .all(|c| !matches!(c, Command::WebAuthnCreate { .. }))
    );
    let out = h.user(Action::WebAuthn);
    let options = out
        .iter()
        .find_map(|c| match c {
            Command::WebAuthnCreate { options, .. } => Some(options.clone()),
            _ => None,
        })
        .expect("create");
    assert_eq!(options.user_name, "test@okta.com");
    assert_eq!(options.exclude_credentials.len(), 2);
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::WebAuthnWaiting))
    );
    let (ticket, creates) = ceremony(&out);
    assert!(creates);
    assert!(h.session.ceremony_running());
    assert!(h.session.busy());
    // A second press while the dialog is open opens nothing more.
    assert!(h.user(Action::WebAuthn).is_empty());
    let out = h.answer(ticket, Reply::Created(Ok(attestation())));
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "enroll-authenticator");
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({
            "clientData": "e30=", "attestation": "AQID",
            "transports": "[\"internal\"]", "clientExtensions": "{}"
        }))
    );
    assert!(!h.session.ceremony_running());
}

#[test]
fn a_cancelled_dialog_says_why_and_tries_again() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-webauthn.json"),
    );
    assert_eq!(h.step_name(), "webauthn-verify");
    let out = h.user(Action::WebAuthn);
    let (ticket, creates) = ceremony(&out);
    assert!(!creates);
    let out = h.answer(ticket, Reply::Asserted(Err(CeremonyError::NotAllowed)));
    assert!(no_requests(&out));
    assert_eq!(h.session.ceremony_error(), Some(CeremonyError::NotAllowed));
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::WebAuthnNotAllowed))
    );
    assert!(!h.session.busy());
    // Try again: the error goes, a new dialog opens, and this one signs.
    let out = h.user(Action::WebAuthn);
    assert_eq!(h.session.ceremony_error(), None);
    let (ticket, _) = ceremony(&out);
    let out = h.answer(ticket, Reply::Asserted(Ok(assertion(Some(b"u")))));
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-authenticator");
    // This form names no userHandle, so none is sent.
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({
            "clientData": "e30=",
            "authenticatorData": webauthn::encode(&[9; 37]),
            "signatureData": webauthn::encode(&[7; 70]),
        }))
    );
}

#[test]
fn leaving_the_step_aborts_the_dialog_and_drops_what_it_gives() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-webauthn.json"),
    );
    let (ticket, _) = ceremony(&h.user(Action::WebAuthn));
    // "Verify with something else" while the dialog is open.
    let out = h.user(Action::SwitchTo(Alternative::VerifyOther));
    assert!(out.contains(&Command::AbortWebAuthn));
    assert_eq!(h.step_name(), "choose-authenticator-verify");
    let out = h.answer(ticket, Reply::Asserted(Ok(assertion(None))));
    assert!(no_requests(&out));
    // The browser's own abort is never shown.
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-webauthn.json"),
    );
    let (ticket, _) = ceremony(&h.user(Action::WebAuthn));
    h.answer(ticket, Reply::Asserted(Err(CeremonyError::Aborted)));
    assert_eq!(h.session.ceremony_error(), None);
}

#[test]
fn unusable_org_data_is_an_error_with_a_way_out_not_a_dialog() {
    let mut state = fixture("siw-playground/idp/idx/authenticator-enroll-webauthn.json");
    let data = state
        .current_authenticator
        .as_mut()
        .unwrap()
        .value
        .contextual_data
        .as_mut()
        .unwrap();
    data.extra.get_mut("activationData").unwrap()["challenge"] = json!("not base64!");
    let (mut h, _) = Harness::started(config(), state);
    let out = h.user(Action::WebAuthn);
    assert!(
        out.iter()
            .all(|c| !matches!(c, Command::WebAuthnCreate { .. }))
    );
    assert_eq!(h.session.ceremony_error(), Some(CeremonyError::Unusable));
    assert!(!h.session.busy());
    assert!(h.session.step().unwrap().alternatives.enroll_list);
}

#[test]
fn passkey_autofill_waits_beside_the_username_and_signs_in_with_a_chosen_passkey() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-webauthn-autofill.json"),
    );
    assert_eq!(steps(&out), ["identify"]);
    assert!(h.session.passkey_autofill());
    let ticket = autofill(&out).expect("autofill started with the page");
    // Waiting for a passkey keeps nothing busy: the username can be sent meanwhile.
    assert!(!h.session.busy());
    let out = h.answer(ticket, Reply::Asserted(Ok(assertion(Some(b"00u1")))));
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-webauthn-autofillui-authenticator");
    assert_eq!(inputs.get("credentials").unwrap()["userHandle"], "MDB1MQ==");
}

#[test]
fn passkey_autofill_stops_when_the_username_moves_on_and_fails_quietly() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-webauthn-autofill.json"),
    );
    let ticket = autofill(&out).unwrap();
    // A browser without conditional mediation: the username field is all there is.
    let out = h.answer(ticket, Reply::Asserted(Err(CeremonyError::NotSupported)));
    assert!(out.is_empty());
    assert_eq!(h.session.ceremony_error(), None);

    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-webauthn-autofill.json"),
    );
    let autofill_ticket = autofill(&out).unwrap();
    let out = h.user(Action::Identify {
        username: "joy".into(),
        password: None,
        remember_me: Some(false),
    });
    let (ticket, form, _) = submitted(&out);
    assert_eq!(form, "identify");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-webauthn.json",
        ))),
    );
    assert!(out.contains(&Command::AbortWebAuthn));
    assert!(autofill(&out).is_none());
    let out = h.answer(autofill_ticket, Reply::Asserted(Ok(assertion(None))));
    assert!(no_requests(&out));
    // A plain identify page starts no autofill.
    let (h, out) = Harness::started(config(), fixture("siw-playground/idp/idx/identify.json"));
    assert!(autofill(&out).is_none());
    assert!(!h.session.passkey_autofill());
}

/// SECURITY.md, "Secrets in logs": a stray `{:?}` of what the user did, or of what the session
/// asked for, shows no password, code, answer, address, interaction code or `stateToken`.
#[test]
fn debug_output_of_actions_events_and_commands_never_shows_a_secret() {
    const SECRETS: [&str; 8] = [
        "hunter2-password",
        "123987",
        "my-first-pet",
        "ann@secret.example",
        "5550100777",
        "code-c1-secret",
        "mockedStateToken123",
        "Second-password",
    ];
    let printed = [
        format!(
            "{:?}",
            Event::User(Action::Identify {
                username: "ann".into(),
                password: Some(SECRETS[0].into()),
                remember_me: None,
            })
        ),
        format!("{:?}", Action::Password(SECRETS[0].into())),
        format!("{:?}", Action::Code(SECRETS[1].into())),
        format!("{:?}", Action::Passcode(SECRETS[1].into())),
        format!("{:?}", Action::SecurityAnswer(SECRETS[2].into())),
        format!(
            "{:?}",
            Action::EnrollQuestion {
                question: crate::flow::Question::Predefined("favorite_sports_player".into()),
                answer: SECRETS[2].into(),
            }
        ),
        format!(
            "{:?}",
            Action::NewPassword {
                password: SECRETS[7].into(),
                confirm: SECRETS[7].into(),
                revoke_sessions: Some(true),
            }
        ),
        format!("{:?}", Action::SendLink(Address::Email(SECRETS[3].into()))),
        format!(
            "{:?}",
            Action::SendLink(Address::Phone {
                country: "US".into(),
                national: SECRETS[4].into(),
            })
        ),
        format!(
            "{:?}",
            Action::EnrollPhone {
                method: "sms".into(),
                country: "US".into(),
                national: SECRETS[4].into(),
                extension: String::new(),
            }
        ),
        format!(
            "{:?}",
            Action::EnrollProfile(vec![("email".into(), json!(SECRETS[3]))])
        ),
        format!(
            "{:?}",
            Action::Generic(std::collections::BTreeMap::from([(
                "passcode".to_owned(),
                json!(SECRETS[1])
            )]))
        ),
        format!(
            "{:?}",
            Command::Emit(HostEvent::InteractionCode {
                code: SECRETS[5].into(),
                state: "s".into(),
            })
        ),
        format!(
            "{:?}",
            Command::Navigate(Href(format!(
                "http://localhost:3000/app/UserHome?stateToken={}",
                SECRETS[6]
            )))
        ),
        format!(
            "{:?}",
            Command::Navigate(Href(format!(
                "https://app.example/callback#interaction_code={}",
                SECRETS[5]
            )))
        ),
    ];
    for line in &printed {
        for secret in SECRETS {
            assert!(!line.contains(secret), "{secret} in {line}");
        }
        // Inputs print their names only.
        assert!(
            line.contains("[redacted]") || line.contains("..") || line.starts_with("Generic("),
            "says something was left out: {line}"
        );
    }
    assert!(printed[0].contains("ann"), "the username is not a secret");
    assert!(printed[13].contains("http://localhost:3000/app/UserHome"));
}

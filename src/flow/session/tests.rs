//! The session through each of the four flows, step by step, on Okta's recorded responses and
//! a fake clock; and every way an answer can arrive too late, twice, or not at all. This module
//! holds what every session test shares (the harness, the fixtures, what to look for in the
//! commands); the tests are in tests/, a file a concern, and in fastpass_tests.rs and
//! signout_tests.rs.

use idx_protocol::{IdxError, IdxResponse, Inputs, PkceSecrets, TokenResponse};
use serde_json::json;

use super::*;
use crate::flow::events::Ticket;
use crate::flow::saved::SavedTransaction;
use crate::flow::{Choice, StepKind};

mod authenticators;
mod errors;
mod landing;
mod logs;
mod okta_verify;
mod passkeys;
mod polling;
mod resume;
mod side_doors;
mod stale;
mod success;
mod web_app;

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

    /// The poll the timer sends once `ms` have passed.
    fn poll_after(&mut self, ms: u64) -> (Ticket, String, Inputs) {
        self.advance(ms);
        polled(&self.send(Event::TimerFired(Timer::Poll)))
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

const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// A session on a page whose address is `query`.
fn landed(config: Config, query: &str) -> Harness {
    Harness {
        session: Session::new(&config).arriving(Landing::from_query(query)),
        now: 1_000,
    }
}

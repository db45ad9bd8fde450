//! Random org answers and timers for a session, shared by the property test
//! (`tests/session_answers.rs`) and the session fuzz target (`tests/fuzz.rs`): answers go
//! through the real client (status, headers and body classified as in the browser), timers and
//! visibility changes fire at random, on a fake clock.
#![allow(dead_code)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use idx_protocol::{
    Client, ClientConfig, ENTROPY_BYTES, Form, HttpRequest, HttpResponse, IdxError, IdxResponse,
    Inputs, PkceSecrets, TokenResponse, Transport,
};
use idx_widget::Config;
use idx_widget::testing::{Command, Event, Reply, Session, Ticket, Timer, poll};
use proptest::prelude::*;
use serde_json::{Value, json};

const ISSUER: &str = "http://localhost:3000/oauth2/default";

/// Okta's recorded states of every kind that polls, and a few that do not.
pub const STATES: &[&str] = &[
    include_str!("../../testdata/idx/siw-v3/idp/idx/challenge/verify-ov-push-poll.json"),
    include_str!("../../testdata/idx/siw-v3/idp/idx/challenge/verify-ov-send-push.json"),
    include_str!("../../testdata/idx/siw-v3/idp/idx/challenge/verify-ov-push-code-mfa.json"),
    include_str!(
        "../../testdata/idx/siw-playground/idp/idx/authenticator-verification-okta-verify-push.json"
    ),
    include_str!(
        "../../testdata/idx/siw-playground/idp/idx/authenticator-verification-number-challenge.json"
    ),
    include_str!("../../testdata/idx/siw-playground/idp/idx/authenticator-enroll-ov-qr.json"),
    include_str!("../../testdata/idx/siw-playground/idp/idx/authenticator-enroll-ov-email.json"),
    include_str!("../../testdata/idx/siw-v3/idp/idx/introspect/default.json"),
    include_str!("../../testdata/idx/siw-playground/idp/idx/success-with-interaction-code.json"),
];

/// One HTTP answer, or none.
#[derive(Debug, Clone)]
pub enum Wire {
    /// A recorded state, its `refresh` replaced (or removed).
    State {
        status: u16,
        which: usize,
        refresh: Option<u64>,
    },
    /// Any status with a non-IDX body.
    Other { status: u16, body: &'static str },
    /// Any status with any body (the fuzz target's mutated documents).
    Body { status: u16, body: String },
    /// The connection dropped.
    Dropped,
}

/// Something that happens to the session.
#[derive(Debug, Clone)]
pub enum Move {
    /// The `pick`-th outstanding request (modulo their number) comes back with this; its
    /// headers say when to retry.
    Answer {
        pick: usize,
        wire: Wire,
        retry_after: Option<String>,
        reset: Option<String>,
    },
    /// A timer fires.
    Timer(Timer),
    /// The page is shown or hidden.
    Visible(bool),
    /// Time passes.
    Advance(u64),
}

pub fn refresh() -> impl Strategy<Value = Option<u64>> {
    proptest::option::of(prop_oneof![
        Just(0u64),
        Just(1),
        Just(300_000),
        Just(300_001),
        Just(u64::MAX),
        any::<u64>(),
        0..10_000u64,
    ])
}

pub fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        (0..120u64).prop_map(|n| n.to_string()),
        Just("18446744073709551616".to_owned()),
        Just("-1".to_owned()),
        Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
        "[ -~]{0,12}",
    ]
}

pub fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => Just(200u16),
        2 => Just(429),
        1 => Just(400),
        1 => Just(401),
        1 => Just(403),
        1 => Just(500),
        1 => Just(502),
        1 => Just(503),
        1 => 100..600u16,
    ]
}

pub fn wire() -> impl Strategy<Value = Wire> {
    prop_oneof![
        5 => (status(), 0..STATES.len(), refresh())
            .prop_map(|(status, which, refresh)| Wire::State { status, which, refresh }),
        3 => (
            status(),
            proptest::sample::select(&[
                r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
                r#"{"errorCode":"E0000009","errorSummary":"Internal Server Error"}"#,
                r#"{"error":"invalid_request","error_description":"bad"}"#,
                "<html>Too many requests</html>",
                "",
                "{}",
                r#"{"version":"1.0.0"}"#,
            ][..]),
        )
            .prop_map(|(status, body)| Wire::Other { status, body }),
        1 => Just(Wire::Dropped),
    ]
}

pub fn moves() -> impl Strategy<Value = Vec<Move>> {
    moves_with(wire().boxed())
}

/// Moves whose answers come from `wire`.
pub fn moves_with(wire: BoxedStrategy<Wire>) -> impl Strategy<Value = Vec<Move>> {
    let one = prop_oneof![
        6 => (
            any::<usize>(),
            wire,
            proptest::option::of(header_value()),
            proptest::option::of(header_value()),
        )
            .prop_map(|(pick, wire, retry_after, reset)| Move::Answer {
                pick,
                wire,
                retry_after,
                reset,
            }),
        4 => Just(Move::Timer(Timer::Poll)),
        1 => Just(Move::Timer(Timer::Reminder)),
        1 => any::<bool>().prop_map(Move::Visible),
        4 => prop_oneof![0..5_000u64, 0..400_000u64, Just(u64::from(u32::MAX))].prop_map(Move::Advance),
    ];
    proptest::collection::vec(one, 1..60)
}

/// A transport with one answer ready.
pub struct Once(Result<HttpResponse, String>);

impl Transport for Once {
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, String> {
        self.0.clone()
    }
}

/// Runs a future that never waits (the transport answers at once).
pub fn now<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the scripted transport never waits"),
    }
}

pub fn with_refresh(value: &mut Value, refresh: Option<u64>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("refresh") {
                match refresh {
                    Some(r) => map.insert("refresh".into(), json!(r)),
                    None => map.remove("refresh"),
                };
            }
            map.values_mut().for_each(|v| with_refresh(v, refresh));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| with_refresh(v, refresh)),
        _ => {}
    }
}

/// What the client makes of this answer to a request for `form`.
pub fn classify(
    form: &Form,
    wire: &Wire,
    headers: Vec<(String, String)>,
) -> Result<IdxResponse, IdxError> {
    let answer = match wire {
        Wire::State {
            status,
            which,
            refresh,
        } => {
            let mut doc: Value = serde_json::from_str(STATES[*which]).unwrap();
            with_refresh(&mut doc, *refresh);
            Ok(HttpResponse {
                status: *status,
                headers,
                body: doc.to_string(),
            })
        }
        Wire::Other { status, body } => Ok(HttpResponse {
            status: *status,
            headers,
            body: (*body).to_owned(),
        }),
        Wire::Body { status, body } => Ok(HttpResponse {
            status: *status,
            headers,
            body: body.clone(),
        }),
        Wire::Dropped => Err("connection reset".to_owned()),
    };
    let client = Client::new(
        ClientConfig {
            issuer: ISSUER.into(),
            client_id: "0oa1".into(),
            redirect_uri: "http://localhost:3000/login/callback".into(),
            scopes: vec!["openid".into()],
            language: None,
        },
        Once(answer),
    )
    .unwrap();
    now(client.proceed(form, &Inputs::new()))
}

pub fn tokens() -> TokenResponse {
    serde_json::from_value(json!({
        "token_type": "Bearer", "expires_in": 3600, "access_token": "eyJ.access.sig",
        "id_token": "eyJ.id.sig", "scope": "openid"
    }))
    .unwrap()
}

/// The reply a request gets from this answer.
pub fn reply(command: &Command, result: Result<IdxResponse, IdxError>) -> Reply {
    match command {
        Command::Begin { .. } | Command::Adopt { .. } => Reply::Began {
            secrets: Some(PkceSecrets::from_entropy(&[7; ENTROPY_BYTES])),
            handle: None,
            result,
        },
        Command::Resume { .. } => Reply::Resumed(result),
        Command::Submit { .. } => Reply::Proceeded(result),
        Command::Poll { .. } => Reply::Polled(result),
        Command::Exchange { .. } | Command::Redeem { .. } => {
            Reply::Exchanged(result.map(|_| tokens()))
        }
        other => unreachable!("{other:?} is not a request"),
    }
}

/// Whether the org answers this request with a document or tokens, as [`reply`] builds them:
/// every request but the end of the org session and the browser's WebAuthn dialogs, which
/// stay unanswered here.
fn to_the_org(command: &Command) -> bool {
    command.ticket().is_some()
        && !matches!(
            command,
            Command::CloseSession { .. }
                | Command::WebAuthnCreate { .. }
                | Command::WebAuthnGet { .. }
        )
}

/// Plays the moves; fails on a panic (the runner catches it) or a broken promise.
pub fn play(moves: Vec<Move>) -> Result<(), TestCaseError> {
    let config = Config::new(ISSUER, "0oa1", "http://localhost:3000/login/callback");
    let mut session = Session::new(&config);
    let mut clock = 1_000u64;
    let mut out_now: Vec<(Ticket, Command)> = Vec::new();
    // Any form on the org serves to classify a Begin's answer: the body decides, not the URL.
    let introspect: IdxResponse = IdxResponse::from_json(STATES[7]).unwrap();
    let fallback = introspect.remediations()[0].clone();
    for command in session.update(Event::Started { saved: None }, clock) {
        if let Some(ticket) = command.ticket().filter(|_| to_the_org(&command)) {
            out_now.push((ticket, command));
        }
    }
    for m in moves {
        let event = match m {
            Move::Answer {
                pick,
                wire,
                retry_after,
                reset,
            } => {
                if out_now.is_empty() {
                    continue;
                }
                let (ticket, command) = out_now.remove(pick % out_now.len());
                let form = match &command {
                    Command::Submit { form, .. } | Command::Poll { form, .. } => (**form).clone(),
                    _ => fallback.clone(),
                };
                let mut headers = Vec::new();
                if let Some(v) = retry_after {
                    headers.push(("retry-after".to_owned(), v));
                }
                if let Some(v) = reset {
                    headers.push(("x-rate-limit-reset".to_owned(), v));
                }
                let result = classify(&form, &wire, headers);
                Event::Answer {
                    ticket,
                    reply: Box::new(reply(&command, result)),
                }
            }
            Move::Timer(timer) => Event::TimerFired(timer),
            Move::Visible(visible) => Event::Visibility(visible),
            Move::Advance(ms) => {
                clock = clock.saturating_add(ms);
                continue;
            }
        };
        for command in session.update(event, clock) {
            if let Command::Schedule {
                timer: Timer::Poll,
                after_ms,
            } = command
            {
                prop_assert!(
                    after_ms <= poll::MAX_RATE_LIMIT_WAIT_MS,
                    "a poll scheduled {after_ms} ms away"
                );
            }
            if let Some(ticket) = command.ticket().filter(|_| to_the_org(&command)) {
                out_now.push((ticket, command));
            }
        }
        let polls = out_now
            .iter()
            .filter(|(_, c)| matches!(c, Command::Poll { .. }))
            .count();
        prop_assert!(polls <= 1, "{polls} polls out at once");
    }
    // Removed: nothing goes out but the org's cancel of the transaction given up;
    // what is running is stopped (a loopback probe of Okta FastPass, a WebAuthn dialog).
    let after = session.update(Event::Removed, clock);
    prop_assert!(
        after.iter().all(|c| matches!(
            c,
            Command::CancelTransaction(_) | Command::StopProbing | Command::AbortWebAuthn
        )),
        "{after:?}"
    );
    Ok(())
}

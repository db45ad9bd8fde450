//! What an IDX step is given and what it answers, shared by idx.rs's dispatch and the modules
//! whose steps it calls (factors, recovery, registration, consent, webauthn, FastPass, …): the
//! call (`Call`, `RequestInfo`), its outcome (`Outcome`, `IdxReply`) and the answers the steps
//! have in common. It imports none of those modules, so they need not import idx.rs back.

use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::App;
use crate::config::User;
use crate::ion::{self, Feedback};
use crate::okta_session::{SESSION_COOKIE, cookie};
use crate::store::{Inner, Transaction, random_id};

/// An IDX answer: a status, a JSON body and any extra headers.
#[derive(Debug)]
pub struct IdxReply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

impl IdxReply {
    pub(crate) fn new(status: StatusCode, body: Value) -> Self {
        Self {
            status,
            body,
            headers: Vec::new(),
        }
    }
}

impl IntoResponse for IdxReply {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, ion::ION_JSON)],
            self.body.to_string(),
        )
            .into_response();
        for (name, value) in self.headers {
            if let Ok(v) = value.parse() {
                response.headers_mut().insert(name, v);
            }
        }
        response
    }
}

/// Who made the request, from the connection and headers (never from the body).
#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub peer: SocketAddr,
    pub user_agent: Option<String>,
    pub origin: Option<String>,
    /// This browser, by the org's device cookie (sent only with credentials).
    pub device: Option<String>,
    /// The org's session in this browser, by its cookie (`sid`).
    pub okta_session: Option<String>,
}

/// The org's device cookie: like Okta's, it is how the org knows the browser again (and so
/// remembers "Send push automatically" per browser, not per user).
pub const DEVICE_COOKIE: &str = "idx_sim_device";

impl RequestInfo {
    pub fn from_parts(peer: SocketAddr, headers: &HeaderMap) -> Self {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Self {
            peer,
            user_agent: text(header::USER_AGENT),
            origin: text(header::ORIGIN),
            device: cookie(headers, DEVICE_COOKIE),
            okta_session: cookie(headers, SESSION_COOKIE),
        }
    }
}

/// 400 with a bad-request message and no remediation, as Okta answers malformed calls.
pub fn bad_request(text: &str) -> IdxReply {
    IdxReply::new(
        StatusCode::BAD_REQUEST,
        ion::messages_only(vec![ion::message("E0000020", text)]),
    )
}

/// One IDX call as the steps see it: the org, its state, the transaction the state handle
/// named (a copy, put back after the step), what was posted and who posted it.
pub(crate) struct Call<'a> {
    pub app: &'a App,
    pub inner: &'a mut Inner,
    pub tx: &'a mut Transaction,
    pub endpoint: &'a str,
    pub body: &'a Map<String, Value>,
    pub request: &'a RequestInfo,
    pub now: Instant,
}

impl<'a> Call<'a> {
    /// The call's parts, for a step written over them.
    pub fn parts(
        self,
    ) -> (
        &'a App,
        &'a mut Inner,
        &'a mut Transaction,
        &'a Map<String, Value>,
        &'a RequestInfo,
    ) {
        (self.app, self.inner, self.tx, self.body, self.request)
    }
}

pub(crate) enum Outcome {
    /// Answer with the transaction's (new) view.
    Render(StatusCode, Feedback),
    /// Answer with this instead.
    Reply(IdxReply),
}

pub(crate) fn ok() -> Outcome {
    Outcome::Render(StatusCode::OK, Feedback::default())
}

pub(crate) fn refuse(status: StatusCode, feedback: Feedback) -> Outcome {
    Outcome::Render(status, feedback)
}

/// A 400 with Okta's message on one field of the form.
pub(crate) fn field_error(path: &'static str, message: Value) -> Outcome {
    refuse(StatusCode::BAD_REQUEST, Feedback::field(path, message))
}

pub(crate) fn not_now() -> Outcome {
    refuse(
        StatusCode::BAD_REQUEST,
        Feedback::global(ion::message(
            "E0000020",
            "This action is not available at this step.",
        )),
    )
}

/// A member of the body's `credentials`, if it is a string.
pub(crate) fn credential<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    body.get("credentials")
        .and_then(|c| c.get(name))
        .and_then(Value::as_str)
}

/// The body's `authenticator`, which the steps that choose one are about; Okta's refusal
/// without it.
pub(crate) fn authenticator_choice(
    body: &Map<String, Value>,
) -> Result<&Map<String, Value>, Outcome> {
    body.get("authenticator")
        .and_then(Value::as_object)
        .ok_or_else(|| Outcome::Reply(bad_request("'authenticator' is required.")))
}

/// Okta's answer to an authenticator the user has not or may not use here.
pub(crate) fn no_such_authenticator() -> Outcome {
    Outcome::Reply(bad_request("No such authenticator."))
}

/// The body's `identifier`, trimmed; Okta's field error when it is blank.
pub(crate) fn identifier(body: &Map<String, Value>) -> Result<&str, Outcome> {
    let identifier = body
        .get("identifier")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if identifier.is_empty() {
        return Err(field_error("identifier", ion::blank()));
    }
    Ok(identifier)
}

/// The configured user an identifier names; Okta's global error when there is none.
pub(crate) fn user_named(app: &App, identifier: &str) -> Result<User, Outcome> {
    app.store.user(identifier).ok_or_else(|| {
        let text = format!("There is no account with the Username {identifier}.");
        refuse(
            StatusCode::BAD_REQUEST,
            Feedback::global(ion::message("idx.unknown.user", &text)),
        )
    })
}

/// Polls faster than three quarters of the `refresh` the server gave get Okta's 429.
pub(crate) fn rate_limit(app: &App, tx: &mut Transaction, now: Instant) -> Option<IdxReply> {
    let config = &app.store.config;
    let refresh = config.refresh_after(tx.polls);
    let too_soon = config.poll_rate_limit
        && tx
            .last_poll
            .is_some_and(|last| now.duration_since(last) < refresh * 3 / 4);
    let faulted = config.faults.rate_limit_this_poll();
    if !too_soon && !faulted {
        tx.last_poll = Some(now);
        tx.polls += 1;
        return None;
    }
    let wait = if faulted {
        Duration::from_secs(2)
    } else {
        refresh
    };
    let body = json!({
        "errorCode": "E0000047",
        "errorSummary": "API call exceeded rate limit due to too many requests.",
        "errorLink": "E0000047",
        "errorId": random_id("oae", 22),
        "errorCauses": [],
    });
    Some(too_many_requests(body, wait))
}

/// A 429 with Okta's rate-limit headers. `x-rate-limit-reset` is a whole second, rounded up
/// so that a client waiting until then is not refused again.
pub(crate) fn too_many_requests(body: Value, wait: Duration) -> IdxReply {
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        + wait;
    let mut reply = IdxReply::new(StatusCode::TOO_MANY_REQUESTS, body);
    reply.headers = vec![
        ("x-rate-limit-limit", "1".into()),
        ("x-rate-limit-remaining", "0".into()),
        ("x-rate-limit-reset", (reset.as_secs() + 1).to_string()),
    ];
    reply
}

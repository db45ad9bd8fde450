//! The IDX endpoints: `/idp/idx/*`. Each call finds the transaction by its state handle, applies
//! the step the user took (if the current view allows it) and answers with the next view.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value};

use crate::App;
use crate::advance::{advance, succeed};
use crate::config::{Authenticator, is_e164};
use crate::factors;
use crate::ion::{self, Ctx, Feedback, OKTA_VERIFY_ID};
use crate::outcome::{
    Call, DEVICE_COOKIE, IdxReply, Outcome, RequestInfo, authenticator_choice, bad_request,
    credential, identifier, no_such_authenticator, not_now, ok, rate_limit, refuse, user_named,
};
use crate::policy::{okta_verify_wanted, proves_okta_verify};
use crate::push::{auto_push_on, remember_auto_push, send_push};
use crate::store::{
    Activation, Channel, Flow, Inner, Medium, OutboxMessage, PushFailure, PushStatus, Transaction,
    View, random_id,
};
use crate::{lockout, recovery};

mod challenge;
mod enroll;
mod identify;
mod okta_verify;
mod poll;

/// `POST /idp/idx/{*endpoint}`.
pub async fn handle(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(endpoint): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> IdxReply {
    let body = match parse_body(&headers, &body) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let request = RequestInfo::from_parts(peer, &headers);
    let mut reply = app
        .store
        .with(|inner| dispatch(&app, inner, &endpoint, &body, &request));
    if crate::i18n::wants_french(&headers) {
        crate::i18n::to_french(&mut reply.body);
        reply.headers.push(("content-language", "fr".to_owned()));
    }
    reply
}

fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, IdxReply> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    // What Okta takes: application/json or application/ion+json, with or without
    // `okta-version`; anything else is refused before the body is read.
    let content_type = text(header::CONTENT_TYPE);
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !matches!(media, "application/json" | "application/ion+json") {
        return Err(media_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "The request must be JSON (Content-Type: application/json or application/ion+json).",
        ));
    }
    let accept = text(header::ACCEPT);
    if !accept.is_empty() && !accept.contains("json") && !accept.contains("*/*") {
        return Err(media_error(
            StatusCode::NOT_ACCEPTABLE,
            "This endpoint answers application/ion+json or application/json only.",
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad_request("The request body must be a JSON object.")),
        Err(_) => Err(bad_request("The request body was not well-formed.")),
    }
}

/// A refused media type: Okta's bad-request message with this status.
fn media_error(status: StatusCode, text: &str) -> IdxReply {
    IdxReply::new(
        status,
        ion::messages_only(vec![ion::message("E0000020", text)]),
    )
}

fn not_found(endpoint: &str) -> IdxReply {
    let text = format!("Not found: /idp/idx/{endpoint}");
    IdxReply::new(
        StatusCode::NOT_FOUND,
        ion::messages_only(vec![ion::message("E0000007", &text)]),
    )
}

fn expired() -> IdxReply {
    IdxReply::new(StatusCode::UNAUTHORIZED, ion::session_expired())
}

/// Which module answers an endpoint, by remediation family; an endpoint Okta does not have
/// has none.
#[derive(Debug, Clone, Copy)]
enum Family {
    Introspect,
    Identify,
    Challenge,
    Enroll,
    Poll,
    Consent,
}

impl Family {
    fn of(endpoint: &str) -> Option<Self> {
        Some(match endpoint {
            "introspect" => Self::Introspect,
            "identify"
            | "cancel"
            | "recover"
            | "unlock-account"
            | "authenticators/okta-verify/launch"
            | "authenticators/webauthn/launch"
            | "challenge/answer/webauthn-autofillui" => Self::Identify,
            "challenge" | "challenge/answer" | "challenge/resend" => Self::Challenge,
            "credential/enroll" | "challenge/send" | "skip" | "enroll" | "enroll/new" => {
                Self::Enroll
            }
            "challenge/poll" | "authenticators/poll" | "authenticators/poll/cancel" => Self::Poll,
            "consent" => Self::Consent,
            _ => return None,
        })
    }
}

fn dispatch(
    app: &App,
    inner: &mut Inner,
    endpoint: &str,
    body: &Map<String, Value>,
    request: &RequestInfo,
) -> IdxReply {
    let Some(family) = Family::of(endpoint) else {
        return not_found(endpoint);
    };
    let now = Instant::now();
    let state_handle = match state_handle(inner, endpoint, body) {
        Ok(sh) => sh,
        Err(reply) => return reply,
    };
    let Some(tx) = inner.live_transaction(&state_handle, now) else {
        return expired();
    };
    tx.expires_at = now + Duration::from_secs(app.store.config.state_ttl_secs);
    let mut tx = tx.clone();
    // A browser the org has not seen gets its device cookie with this answer.
    let new_device = request.device.is_none().then(|| random_id("dev", 24));
    let request = &RequestInfo {
        device: new_device.clone().or_else(|| request.device.clone()),
        ..request.clone()
    };
    if endpoint == "introspect" {
        continue_session(app, inner, &mut tx, request);
    }
    let was_success = matches!(tx.view, View::Success { .. });
    let call = Call {
        app,
        inner: &mut *inner,
        tx: &mut tx,
        endpoint,
        body,
        request,
        now,
    };
    let outcome = step(family, call);
    let session = start_session(inner, &tx, was_success, request);
    crate::webauthn::prepare(app, &mut tx);
    let current = tx.state_handle.clone();
    if matches!(outcome, Outcome::Render(StatusCode::OK, _))
        && app.store.config.rotate_state_handles
    {
        rotate(inner, &mut tx);
    }
    let mut reply = match outcome {
        Outcome::Render(status, feedback) => render(app, inner, &tx, request, status, feedback),
        Outcome::Reply(reply) => reply,
    };
    if let Some(device) = new_device {
        reply.headers.push((
            "set-cookie",
            format!("{DEVICE_COOKIE}={device}; Path=/; HttpOnly; SameSite=Lax"),
        ));
    }
    if let Some(id) = session {
        reply.headers.push((
            "set-cookie",
            crate::okta_session::set_cookie(&app.org_url, &id),
        ));
    }
    inner.transactions.remove(&current);
    inner.transactions.insert(tx.state_handle.clone(), tx);
    reply
}

/// The step the call takes, by its endpoint's family.
fn step(family: Family, call: Call) -> Outcome {
    match family {
        Family::Introspect => ok(),
        Family::Identify => identify::step(call),
        Family::Challenge => challenge::step(call),
        Family::Enroll => enroll::step(call),
        Family::Poll => poll::step(call),
        Family::Consent => crate::consent::step(call),
    }
}

/// Signed in by this step: the org's session starts (its id goes out in a cookie), replacing
/// any other in this browser, unless the session itself signed the user in.
fn start_session(
    inner: &mut Inner,
    tx: &Transaction,
    was_success: bool,
    request: &RequestInfo,
) -> Option<String> {
    let login = tx.user.as_ref().filter(|_| !was_success)?;
    if !matches!(tx.view, View::Success { .. }) {
        return None;
    }
    let live = request.okta_session.as_deref();
    if live
        .and_then(|id| inner.okta_sessions.get(id))
        .is_some_and(|s| s.login == *login)
    {
        return None;
    }
    if let Some(old) = live {
        inner.okta_sessions.end(old);
    }
    Some(inner.okta_sessions.start(login))
}

/// The state handle a call names: introspect names its transaction by interaction handle (or
/// a state token), every other endpoint by `stateHandle`.
fn state_handle(
    inner: &Inner,
    endpoint: &str,
    body: &Map<String, Value>,
) -> Result<String, IdxReply> {
    let field = |name| match body.get(name) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    if endpoint != "introspect" {
        return field("stateHandle").ok_or_else(|| bad_request("'stateHandle' is required."));
    }
    if let Some(handle) = field("interactionHandle") {
        return inner
            .by_interaction
            .get(&handle)
            .cloned()
            .ok_or_else(expired);
    }
    field("stateToken")
        .ok_or_else(|| bad_request("'interactionHandle' or 'stateToken' is required."))
}

/// A new state handle for the transaction; the one it replaces stays good for one request.
fn rotate(inner: &mut Inner, tx: &mut Transaction) {
    let old = std::mem::replace(&mut tx.state_handle, random_id("02", 40));
    inner.by_previous.retain(|_, current| *current != old);
    inner.by_previous.insert(old, tx.state_handle.clone());
    inner
        .by_interaction
        .insert(tx.interaction_handle.clone(), tx.state_handle.clone());
}

/// The signature of the steps that take a chosen authenticator (factors.rs).
type Chosen = fn(&App, &mut Inner, &mut Transaction, &Map<String, Value>) -> Outcome;

/// `challenge` and `credential/enroll`: the body's `authenticator` goes to Okta Verify's
/// module or to the other authenticators' (factors.rs).
fn by_authenticator(
    call: Call,
    okta_verify: fn(Call, &Map<String, Value>) -> Outcome,
    others: Chosen,
) -> Outcome {
    let choice = match authenticator_choice(call.body) {
        Ok(choice) => choice,
        Err(refused) => return refused,
    };
    if choice.get("id").and_then(Value::as_str) == Some(OKTA_VERIFY_ID) {
        okta_verify(call, choice)
    } else {
        others(call.app, call.inner, call.tx, choice)
    }
}

fn passcode(body: &Map<String, Value>) -> Option<&str> {
    credential(body, "passcode")
}

/// A new sign-in in a browser that still has the org's session: the session satisfies the
/// policy, so the transaction is done before its first step, naming the user (Okta's
/// `success-with-interaction-code` shape, with `user` and `cancel`). The page decides whether
/// to go on as that user.
fn continue_session(app: &App, inner: &mut Inner, tx: &mut Transaction, request: &RequestInfo) {
    let fresh = tx.view == View::Identify && tx.user.is_none() && tx.flow == Flow::SignIn;
    if !app.store.config.session_sign_in || !fresh {
        return;
    }
    let Some(live) = request
        .okta_session
        .as_deref()
        .and_then(|id| inner.okta_sessions.get(id))
    else {
        return;
    };
    tx.user = Some(live.login.clone());
    tx.mfa_done = true;
    succeed(inner, tx);
}

fn render(
    app: &App,
    inner: &mut Inner,
    tx: &Transaction,
    request: &RequestInfo,
    status: StatusCode,
    feedback: Feedback,
) -> IdxReply {
    let config = &app.store.config;
    let correct_answer = match &tx.view {
        View::PushPoll { push } | View::PushResend { push, .. } => inner
            .pushes
            .iter()
            .find(|p| &p.id == push)
            .and_then(|p| p.correct_answer),
        _ => None,
    };
    let username = tx.user.clone().unwrap_or_default();
    let state = inner.user_state(&username).cloned();
    let configured = app.store.user(&username);
    let user = configured.as_ref().zip(state.as_ref());
    let org = app.org_url();
    let auto_push = auto_push_on(inner, request, &username);
    let ctx = Ctx {
        org: &org,
        config,
        tx,
        user,
        correct_answer,
        auto_push,
        origin: request.origin.as_deref(),
    };
    IdxReply::new(status, crate::render::render(&ctx, feedback))
}

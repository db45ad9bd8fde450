//! The IDX endpoints: `/idp/idx/*`. Each call finds the transaction by its state handle, applies
//! the step the user took (if the current view allows it) and answers with the next view.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use rand::seq::SliceRandom;
use serde_json::{Map, Value, json};

use crate::App;
use crate::config::{Authenticator, EnrollPolicy, User};
use crate::factors;
use crate::ion::{self, Ctx, Feedback, OKTA_VERIFY_ID};
use crate::store::{
    Activation, Channel, CodeGrant, Flow, Inner, Medium, OutboxMessage, Push, PushContext,
    PushFailure, PushStatus, Transaction, UserState, View, random_id, rfc3339,
};
use crate::{lockout, recovery};

mod challenge;
mod enroll;
mod identify;
mod okta_verify;
mod poll;

pub(crate) use enroll::is_e164;
pub(crate) use identify::{identifier, user_named};
pub(crate) use poll::{rate_limit, too_many_requests};

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
        let device = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == DEVICE_COOKIE)
            .map(|(_, value)| value.to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 64);
        Self {
            peer,
            user_agent: text(header::USER_AGENT),
            origin: text(header::ORIGIN),
            device,
            okta_session: crate::okta_session::cookie(headers, crate::okta_session::SESSION_COOKIE),
        }
    }
}

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

/// 400 with a bad-request message and no remediation, as Okta answers malformed calls.
pub fn bad_request(text: &str) -> IdxReply {
    IdxReply::new(
        StatusCode::BAD_REQUEST,
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

/// The signature of the steps that take a chosen authenticator (factors.rs).
type Chosen = fn(&App, &mut Inner, &mut Transaction, &Map<String, Value>) -> Outcome;

/// `challenge` and `credential/enroll`: the body's `authenticator` goes to Okta Verify's
/// module or to the other authenticators' (factors.rs).
fn by_authenticator(
    call: Call,
    okta_verify: fn(Call, &Map<String, Value>) -> Outcome,
    others: Chosen,
) -> Outcome {
    let Some(choice) = call.body.get("authenticator").and_then(Value::as_object) else {
        return Outcome::Reply(bad_request("'authenticator' is required."));
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

/// A member of the body's `credentials`, if it is a string.
pub(crate) fn credential<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    body.get("credentials")
        .and_then(|c| c.get(name))
        .and_then(Value::as_str)
}

/// Whether policy still asks this user for Okta Verify in this transaction.
pub(crate) fn okta_verify_wanted(user: &User, state: &UserState, tx: &Transaction) -> bool {
    !state.okta_verify && user.okta_verify_policy != EnrollPolicy::None && !tx.okta_verify_skipped
}

/// The authenticators policy requires that the user has not enrolled, in Okta's order.
pub(crate) fn missing(user: &User, state: &UserState) -> Vec<Authenticator> {
    Authenticator::ALL
        .into_iter()
        .filter(|a| user.enroll_required.contains(a) && !state.enrolled.contains(a))
        .collect()
}

/// What policy asks for next, once the password is right and after each step: a new password
/// (expired, or expiring unless put off), the enrollments it requires, a second factor (unless
/// one was verified or enrolled in this transaction), then success.
pub(crate) fn advance(app: &App, inner: &mut Inner, tx: &mut Transaction, request: &RequestInfo) {
    tx.reset_polls();
    tx.otp = None;
    tx.enrolling_secret = None;
    if recovery::proven(inner, tx) {
        return;
    }
    let username = tx.user.clone().unwrap_or_default();
    let (Some(user), Some(state)) = (
        app.store.user(&username),
        inner.user_state(&username).cloned(),
    ) else {
        succeed(inner, tx);
        return;
    };
    if state.needs_password {
        tx.view = View::EnrollPassword;
        return;
    }
    if state.password_expired {
        tx.view = View::PasswordChange { expiring: false };
        return;
    }
    if state.password_expires_in_days.is_some() && !tx.password_skipped {
        tx.view = View::PasswordChange { expiring: true };
        return;
    }
    let missing = missing(&user, &state);
    let okta_verify = okta_verify_wanted(&user, &state, tx);
    if !missing.is_empty() || okta_verify {
        let optional = missing.is_empty() && user.okta_verify_policy == EnrollPolicy::Optional;
        tx.view = View::EnrollSelect { optional };
        return;
    }
    if !tx.mfa_done {
        let others: Vec<Authenticator> = Authenticator::ALL
            .into_iter()
            .filter(|a| state.enrolled.contains(a))
            .collect();
        if state.okta_verify && okta_verify::auto_push_on(inner, request, &username) {
            tx.view = View::PushPoll {
                push: okta_verify::send_push(app, inner, &username, request),
            };
            return;
        }
        let next = match (state.okta_verify, others.as_slice()) {
            (false, []) => None,
            (false, [only @ (Authenticator::OktaEmail | Authenticator::PhoneNumber)]) => {
                Some(View::ChallengeData {
                    authenticator: *only,
                })
            }
            (false, [only]) => Some(View::Challenge {
                authenticator: *only,
            }),
            _ => Some(View::VerifySelect),
        };
        if let Some(view) = next {
            tx.view = view;
            return;
        }
    }
    if crate::consent::wanted(&app.store.config, tx) {
        tx.view = View::Consent;
        return;
    }
    succeed(inner, tx);
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

/// Policy is satisfied: mint a single-use interaction code.
fn succeed(inner: &mut Inner, tx: &mut Transaction) {
    let code = random_id("", 43);
    let grant = CodeGrant {
        oauth: tx.oauth.clone(),
        username: tx.user.clone().unwrap_or_default(),
        created: Instant::now(),
        used: false,
    };
    inner.codes.insert(code.clone(), grant);
    tx.view = View::Success { code };
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
    let auto_push = okta_verify::auto_push_on(inner, request, &username);
    let ctx = Ctx {
        org: &org,
        config,
        tx,
        user,
        correct_answer,
        auto_push,
        origin: request.origin.as_deref(),
    };
    IdxReply::new(status, ion::render(&ctx, feedback))
}
